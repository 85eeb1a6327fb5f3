"""Data page: upload files, see how each was read, fix the mapping, and keep or resume a workspace."""

from __future__ import annotations

import polars as pl
import streamlit as st

import cxkit
from ui import export, widgets, workspace
from ui.i18n import L, esc, fmt_number, kind_name
from ui.state import Upload, read_upload, upload_key

ACCEPTED = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"]


def add_uploaded_files() -> None:
    """Callback of the uploader: read new files (in memory) and switch to the user's data."""
    files = st.session_state.get("uploader") or []
    uploads: dict[str, Upload] = st.session_state["uploads"]
    for file in files:
        data = file.getvalue()
        key = upload_key(file.name, data)
        if key not in uploads:
            uploads[key] = read_upload(Upload(name=file.name, data=data), st.session_state["lang"])
    if files:
        st.session_state["use_sample"] = False


def open_workspace_file() -> None:
    file = st.session_state.get("workspace_uploader")
    if file is None:
        return
    try:
        restored, scenario = workspace.open_workspace(file.getvalue())
    except workspace.WorkspaceError as error:
        st.session_state["_workspace_error"] = str(error)
        return
    st.session_state["_workspace_error"] = None
    uploads: dict[str, Upload] = st.session_state["uploads"]
    uploads.clear()
    for upload in restored:
        uploads[upload_key(upload.name, upload.data)] = read_upload(upload, st.session_state["lang"])
    if scenario:
        st.session_state["scenario_json"] = scenario
    st.session_state["use_sample"] = False


def mapping_editor(key: str, upload: Upload, loaded: cxkit.Loaded) -> None:
    spec = cxkit.SCHEMAS[loaded.kind]
    none = L("— not in this file —", "— no está en este archivo —")
    options = [none, *loaded.headers]
    samples = {h: ", ".join(str(v) for v in loaded.frame[c].drop_nulls().head(3).to_list())
               for c, h in loaded.mapping.items() if c in loaded.frame.columns}
    rows = pl.DataFrame({
        "column": list(spec),
        "meaning": [s.description or c for c, s in spec.items()],
        "source": [loaded.mapping.get(c, none) for c in spec],
        "sample": [samples.get(loaded.mapping.get(c, ""), "") for c in spec],
        "required": [s.required for s in spec.values()],
    })
    version = abs(hash(tuple(sorted(upload.mapping.items())))) % 10**8
    edited = st.data_editor(
        rows, key=f"map::{key}::{version}", hide_index=True, disabled=["column", "meaning", "sample", "required"],
        column_config={
            "column": st.column_config.TextColumn(L("cxkit column", "Columna de cxkit")),
            "meaning": st.column_config.TextColumn(L("Meaning", "Significado")),
            "source": st.column_config.SelectboxColumn(L("Column in your file", "Columna de su archivo"),
                                                       options=options, required=True),
            "sample": st.column_config.TextColumn(L("Sample values", "Valores de ejemplo")),
            "required": st.column_config.CheckboxColumn(L("Required", "Obligatoria")),
        },
    )
    chosen = {r["column"]: (None if r["source"] == none else r["source"]) for r in edited.iter_rows(named=True)}
    current = {c: loaded.mapping.get(c) for c in spec}
    if chosen != current:
        upload.mapping = {c: h for c, h in chosen.items() if h != current.get(c) or c in upload.mapping}
        read_upload(upload, st.session_state["lang"])
        st.rerun()


def report(key: str, upload: Upload) -> None:
    if upload.error is not None:
        st.error(esc(upload.error), icon="🚫")
        if upload.error_rejected is not None and upload.error_rejected.height:
            st.download_button(L("Download the rows that could not be read (CSV)",
                                 "Descargar las filas que no se pudieron leer (CSV)"),
                               data=export.to_csv(upload.error_rejected), file_name=f"rejected_{upload.name}.csv",
                               key=f"rej_err::{key}", on_click="ignore")
        return
    loaded = upload.loaded
    assert loaded is not None
    columns = st.columns(4)
    columns[0].metric(L("Kind", "Tipo"), kind_name(loaded.kind))
    columns[1].metric(L("Detected tool", "Herramienta detectada"), loaded.source or L("none", "ninguna"))
    columns[2].metric(L("Rows loaded", "Filas cargadas"), fmt_number(loaded.frame.height))
    columns[3].metric(L("Rows rejected", "Filas rechazadas"), fmt_number(loaded.rejected.height))
    for warning in loaded.warnings:
        st.warning(esc(warning), icon="⚠️")
    st.session_state[f"kind::{key}"] = loaded.kind
    choice = widgets.choice(L("This file holds", "Este archivo contiene"), {k: kind_name(k) for k in cxkit.KINDS},
                            key=f"kind::{key}", default=loaded.kind)
    if choice != loaded.kind:
        upload.kind, upload.mapping = choice, {}
        read_upload(upload, st.session_state["lang"])
        st.rerun()
    st.markdown(L("**How the columns were read** — change any choice; the file is read again.",
                  "**Cómo se leyeron las columnas** — cambie lo que quiera; el archivo se vuelve a leer."))
    mapping_editor(key, upload, loaded)
    if loaded.rejected.height:
        st.markdown(L("**Rows that could not be loaded**", "**Filas que no se pudieron cargar**"))
        st.dataframe(loaded.rejected.head(500), hide_index=True, key=f"rejected::{key}")
        st.download_button(L("Download all rejected rows (CSV)", "Descargar todas las filas rechazadas (CSV)"),
                           data=export.to_csv(loaded.rejected), file_name=f"rejected_{loaded.name}.csv",
                           mime="text/csv", key=f"rej::{key}", on_click="ignore")
    if loaded.cell_issues.height:
        st.markdown(L("**Cells left empty because they could not be read**",
                      "**Celdas que se dejaron vacías porque no se pudieron leer**"))
        st.dataframe(loaded.cell_issues.head(500), hide_index=True, key=f"issues::{key}")
        st.download_button(L("Download them (CSV)", "Descargarlas (CSV)"), data=export.to_csv(loaded.cell_issues),
                           file_name=f"cells_{loaded.name}.csv", key=f"cells::{key}", on_click="ignore")


st.title(L("Your data", "Sus datos"))
st.write(L("Drop the spreadsheets your tools export: helpdesk tickets, survey answers, subscriptions or customers, "
           "orders, and the team's costs. CSV, Excel or Parquet, in English or Spanish. Files stay in this browser "
           "session's memory; nothing is saved on the server.",
           "Suelte las hojas que exportan sus herramientas: tickets del helpdesk, respuestas de encuestas, "
           "suscripciones o clientes, pedidos y los costes del equipo. CSV, Excel o Parquet, en inglés o español. "
           "Los archivos se quedan en la memoria de esta sesión; no se guarda nada en el servidor."))
if st.session_state.get("use_sample"):
    st.info(L("The app is showing the sample data. Upload your files, or switch the sample off in the sidebar.",
              "La aplicación muestra los datos de ejemplo. Suba sus archivos o desactive el ejemplo en la barra "
              "lateral."), icon="ℹ️")
st.file_uploader(L("Files", "Archivos"), type=ACCEPTED, accept_multiple_files=True, key="uploader",
                 on_change=add_uploaded_files)

uploads: dict[str, Upload] = st.session_state["uploads"]
for key, upload in list(uploads.items()):
    status = "🚫" if upload.error else "✅"
    with st.expander(f"{status} {esc(upload.name)}", expanded=True):
        report(key, upload)
        if st.button(L("Remove this file", "Quitar este archivo"), key=f"remove::{key}"):
            del uploads[key]
            st.rerun()

st.divider()
st.subheader(L("Workspace", "Espacio de trabajo"))
st.caption(L("Keep everything (your data as Parquet, how each file was read, the ROI scenario) in one file to "
             "resume a workshop later.", "Guarde todo (sus datos en Parquet, cómo se leyó cada archivo, el escenario "
             "de ROI) en un archivo para retomar un taller más tarde."))
if any(u.loaded is not None for u in uploads.values()):
    st.download_button(L("Download workspace", "Descargar espacio de trabajo"),
                       data=lambda: workspace.build(uploads, st.session_state.get("scenario_json")),
                       file_name="cxkit_workspace.zip", mime="application/zip", key="workspace_download",
                       on_click="ignore")
st.file_uploader(L("Open a workspace", "Abrir un espacio de trabajo"), type=["zip"], key="workspace_uploader",
                 on_change=open_workspace_file)
if st.session_state.get("_workspace_error"):
    st.error(L("The workspace could not be opened: {reason}", "No se pudo abrir el espacio de trabajo: {reason}",
               reason=st.session_state["_workspace_error"]))
