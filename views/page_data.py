"""Data page: upload files, see how each was read, choose what each holds and which column is which (also
for a file cxkit could not recognise), and keep or resume a workspace."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

import cxkit
from cxkit.decisions import unsure
from ui import builtin_words, export, memory, preview, widgets, workspace
from ui.i18n import N_, _, column_meaning, esc, fmt_bytes, fmt_number, kind_name, lang, ngettext
from ui.mapping import LABEL_CHOICES, move_reused, moved_message, why
from ui.state import MEMORY_BUDGET_BYTES, Upload, ensure_read, forget, read_upload, session_bytes, upload_key
from ui.tool_names import tool_name

ACCEPTED = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"]


def _over_budget(uploads: dict[str, Upload]) -> bool:
    return session_bytes(uploads) > MEMORY_BUDGET_BYTES


def _refuse(names: list[str]) -> None:
    st.session_state["_upload_refused"] = _(
        "Not kept: {names}. Your files would hold more than {budget} of the server's memory; remove a file "
        "first, or load a smaller export (fewer columns or a shorter period).",
        names=", ".join(esc(n) for n in names), budget=fmt_bytes(MEMORY_BUDGET_BYTES))


def _refuse_server(names: list[str]) -> None:
    """The server as a whole is full (``ui.memory.server_budget``): say so, and what to do."""
    st.session_state["_upload_refused"] = _(
        "Not kept: {names}. The server is holding other visitors' files too and this one would take it over its "
        "memory budget ({budget} for everyone). Try again in a few minutes (a closed tab's files are dropped "
        "about two minutes later), or load a smaller export.",
        names=", ".join(esc(n) for n in names), budget=fmt_bytes(memory.server_budget().bytes))


_STAGES = {
    "starting": N_("starting a reader for {name}"),
    "reading": N_("reading {name}: detecting columns and types"),
    "sending": N_("{name}: {rows} rows read, receiving them"),
    "done": N_("{name}: {rows} rows"),
}


def _progress(box: Any, name: str) -> Callable[[str, int | None], None]:
    """Show each stage of a file's reading (in its bounded worker) in the status box."""
    def update(stage: str, rows: int | None) -> None:
        box.update(label=_(_STAGES.get(stage, stage), name=esc(name), rows=fmt_number(rows) if rows is not None else ""))
    return update


def add_uploaded_files() -> None:
    """Callback of the uploader: read new files (in memory) and switch to the user's data."""
    files = st.session_state.get("uploader") or []
    uploads: dict[str, Upload] = st.session_state["uploads"]
    st.session_state["_upload_refused"] = None
    refused: list[str] = []
    refused_server: list[str] = []
    seen: set[str] = st.session_state.setdefault("_seen_uploads", set())
    for file in files:
        if file.file_id in seen:  # already taken (and maybe removed since, or replaced by a workspace)
            continue
        seen.add(file.file_id)
        data = file.getvalue()
        digest = hashlib.sha256(data).hexdigest()  # once: the key and the readings' cache both use it
        key = upload_key(file.name, data, digest)
        if key in uploads:
            continue
        if memory.would_exceed(len(data)):  # the whole server is full: not even read
            refused_server.append(file.name)
            continue
        with st.status(_("Reading {name}…").format(name=esc(file.name))) as box:
            uploads[key] = read_upload(Upload(name=file.name, data=data, _digest=digest), lang(),
                                       progress=_progress(box, file.name))
            read = uploads[key]
            rows = read.loaded.frame.height if read.loaded is not None else None
            box.update(state="error" if read.error else "complete", expanded=False,
                       label=_("{name}: could not be read as it is — see below").format(name=esc(file.name)) if read.error
                       else _(_STAGES["done"]).format(name=esc(file.name), rows=fmt_number(rows)))
        if _over_budget(uploads) or memory.over_budget():
            over_server = not _over_budget(uploads)
            del uploads[key]
            forget(uploads)
            memory.trim()
            (refused_server if over_server else refused).append(file.name)
    if refused:
        _refuse(refused)
    if refused_server:
        _refuse_server(refused_server)
    if files:
        st.session_state["use_sample"] = False


def open_workspace_file() -> None:
    file = st.session_state.get("workspace_uploader")
    if file is None:
        return
    st.session_state["_workspace_error"] = st.session_state["_workspace_opened"] = None
    try:
        restored, scenario = workspace.open_workspace(file.getvalue(), lang())
        plans = workspace.open_plans(file.getvalue(), lang())
        sample = workspace.made_on_sample(file.getvalue(), lang())
    except workspace.WorkspaceError as error:
        st.session_state["_workspace_error"] = str(error)
        return
    if memory.would_exceed(file.size):
        _refuse_server([file.name])
        return
    uploads: dict[str, Upload] = st.session_state["uploads"]
    replace = st.session_state.get("workspace_mode", "add") == "replace"
    candidate = {} if replace else dict(uploads)
    for upload in restored:
        candidate[upload_key(upload.name, upload.data)] = read_upload(upload, lang())
    if _over_budget(candidate) or memory.over_budget():
        over_server = not _over_budget(candidate)
        candidate.clear()
        forget(uploads)
        memory.trim()
        (_refuse_server if over_server else _refuse)([file.name])
        return
    uploads.clear()
    uploads.update(candidate)
    forget(uploads)
    if scenario:
        st.session_state["scenario_json"] = scenario
    st.session_state["roi_plans"] = plans or st.session_state.get("roi_plans", {})
    st.session_state["use_sample"] = sample and not uploads  # made on the sample data: the sample again
    st.session_state["_workspace_opened"] = len(restored)
    st.session_state["_workspace_opened_plans"] = len(plans)


def _preview(upload: Upload) -> preview.Preview | None:
    """The file's headers and sample values, read once per upload and kept beside it."""
    cache: dict[str, preview.Preview | None] = st.session_state.setdefault("_previews", {})
    if upload.digest not in cache:
        cache[upload.digest] = preview.preview(upload.data, upload.name, lang())
    return cache[upload.digest]


def kind_selector(key: str, upload: Upload) -> str | None:
    """What the file holds: the user's choice, kept on the upload; changing it reads the file again.
    The first option ("— choose —") lets cxkit detect it."""
    current = upload.kind or (upload.loaded.kind if upload.loaded is not None else None)
    options = ["", *cxkit.KINDS]
    labels: dict[str, str] = {"": _("— choose —"), **{k: kind_name(k) for k in cxkit.KINDS}}
    widget = f"kind::{key}::{lang()}::{upload.revision}"

    def changed() -> None:
        chosen = st.session_state[widget] or None
        if chosen != upload.kind:
            upload.kind, upload.mapping = chosen, {}
            upload.revision += 1
            read_upload(upload, lang())

    st.selectbox(_("This file holds"), options, index=options.index(current or ""),
                 format_func=labels.__getitem__, key=widget, on_change=changed)
    return current


def ask_kind(key: str, upload: Upload, loaded: cxkit.Loaded) -> None:
    """When the kind was decided on weak or close evidence (``cxkit.decisions.unsure``), put the two best kinds to
    the user, one click each: every number after it depends on this choice."""
    decision = loaded.decisions.get("kind")
    if decision is None or not unsure(decision):
        return
    best, other = decision.choice, decision.runner_up
    st.warning(_("cxkit is not sure what this file holds: it read it as {best}{other}. Which is it?").format(
        best=kind_name(best).lower(),
        other=_(", but it could also be {kind}").format(
            kind=kind_name(other).lower()) if other else ""), icon="❓")

    def choose(kind: str) -> None:
        upload.kind, upload.mapping = kind, {}
        upload.revision += 1
        read_upload(upload, lang())

    columns = st.columns(2 if other else 1)
    columns[0].button(kind_name(best), key=f"ask::{key}::{best}", on_click=choose, args=(best,), type="primary")
    if other:
        columns[1].button(kind_name(other), key=f"ask::{key}::{other}", on_click=choose, args=(other,))


def mapping_editor(key: str, upload: Upload, kind: str, info: preview.Preview) -> None:
    """Which column of the file is which cxkit column, with sample values; every change reads the file again."""
    spec = cxkit.SCHEMAS[kind]  # type: ignore[index]
    none = _("— not in this file —")
    if upload.loaded is not None:
        current: dict[str, str | None] = {c: upload.loaded.mapping.get(c) for c in spec}
    else:
        guess = {} if upload.mapping else preview.guess_mapping(upload.data, upload.name, kind)
        current = {c: upload.mapping.get(c, guess.get(c)) for c in spec}
    headers = info.headers
    choices = upload.loaded.choices if upload.loaded is not None else {}
    rows = pl.DataFrame({
        "column": list(spec),  # cxkit's name, kept to read the edit back but not shown
        "meaning": [column_meaning(c, s.description) for c, s in spec.items()],
        "source": [current[c] if current[c] in headers else none for c in spec],
        "sample": [info.samples.get(current[c] or "", "") for c in spec],
        "why": [why(c, choices, upload.mapping) if current[c] in headers else "" for c in spec],
        "required": [s.required for s in spec.values()],
    }, schema={"column": pl.String, "meaning": pl.String, "source": pl.String, "sample": pl.String,
               "why": pl.String, "required": pl.Boolean})
    moved = st.session_state.get("_mapping_moved", {}).pop(key, None)
    if moved:
        st.info(esc(moved), icon="↔️")
    version = abs(hash((kind, tuple(sorted(current.items(), key=lambda item: item[0]))))) % 10**8
    edited_table = st.data_editor(  # Arrow in and out: Streamlit would call polars' to_pandas (see ui.widgets.table)
        rows.to_arrow(), key=f"map::{key}::{version}", hide_index=True,
        disabled=["column", "meaning", "sample", "why", "required"],
        column_order=["meaning", "source", "sample", "why", "required"],
        column_config={
            "meaning": st.column_config.TextColumn(_("What cxkit needs")),
            "source": st.column_config.SelectboxColumn(_("Column in your file"),
                                                       options=[none, *headers], required=True),
            "sample": st.column_config.TextColumn(_("Sample values")),
            "why": st.column_config.TextColumn(
                _("Why this column"),
                help=_("What made cxkit take this column, and how sure it is (0–100 %).")),
            "required": st.column_config.CheckboxColumn(_("Required")),
        },
    )
    edited = pl.DataFrame(pl.from_arrow(edited_table))
    chosen = {r["column"]: (None if r["source"] in (none, None) else r["source"]) for r in edited.iter_rows(named=True)}
    before = {c: (h if h in headers else None) for c, h in current.items()}
    if chosen != before:
        chosen, moves = move_reused(before, chosen)  # a column taken from another meaning moves, and says so
        if moves:
            meanings = dict(zip(rows["column"].to_list(), rows["meaning"].to_list(), strict=True))
            st.session_state.setdefault("_mapping_moved", {})[key] = moved_message(moves, meanings)
        upload.kind = kind
        upload.mapping = chosen
        read_upload(upload, lang())
        st.rerun()
    with st.expander(_("First rows of the file"), expanded=upload.loaded is None):
        st.dataframe(info.first_rows.to_arrow(), hide_index=True, key=f"first::{key}")


def label_editor(key: str, upload: Upload, loaded: cxkit.Loaded) -> None:
    """Words of the file that no table knows (an unknown status...): the user says what each one means."""
    for column, meanings in LABEL_CHOICES.items():
        text = f"{column}_text"
        if column not in loaded.frame.columns:
            continue
        unknown = [] if text not in loaded.frame.columns else (
            loaded.frame.filter(pl.col(column).is_null() & pl.col(text).is_not_null())[text]
            .unique(maintain_order=True).head(30).to_list())
        told = upload.labels.get(column, {})
        words = [*told, *(w for w in unknown if w not in told)]
        if not words:
            continue
        st.markdown(_("**What do these words of the file mean?** ({column})").format(
                          column=esc(column_meaning(column))))
        none = _("— unknown: count as neither —")
        options = ["", *meanings]
        labels = {"": none, **{k: _(v) for k, v in meanings.items()}}
        chosen: dict[str, str] = {}
        for i, word in enumerate(words):
            value = st.selectbox(esc(word), options, index=options.index(told.get(word, "")),
                                 format_func=labels.__getitem__, key=f"label::{key}::{column}::{i}::{lang()}")
            if value:
                chosen[word] = value
        if chosen != told:
            upload.labels = {**{c: w for c, w in upload.labels.items() if c != column}, **({column: chosen} if chosen
                                                                                              else {})}
            read_upload(upload, lang())
            st.rerun()


def report(key: str, upload: Upload) -> None:
    if upload.error is not None:
        st.error(esc(upload.error), icon="🚫")
        if upload.error_rejected is not None and upload.error_rejected.height:
            st.download_button(_("Download the rows that could not be read (CSV)"),
                               data=export.to_csv(upload.error_rejected), file_name=f"rejected_{upload.name}.csv",
                               key=f"rej_err::{key}", on_click="ignore")
    loaded = upload.loaded
    if loaded is not None:
        columns = st.columns(4)
        columns[0].metric(_("Kind"), kind_name(loaded.kind))
        columns[1].metric(_("Detected tool"), tool_name(loaded.source) if loaded.source else _("none"))
        columns[2].metric(_("Rows loaded"), fmt_number(loaded.frame.height))
        columns[3].metric(_("Rows rejected"), fmt_number(loaded.rejected.height))
        for warning in loaded.warnings:
            st.warning(esc(warning), icon="⚠️")
        st.checkbox(_("Use this file"), value=upload.included, key=f"use::{key}",
                    on_change=lambda: setattr(upload, "included", bool(st.session_state[f"use::{key}"])),
                    help=_("Untick to keep this file out of every page without removing it."))
    info = _preview(upload)
    if info is None:  # the file cannot even be split into cells: nothing to choose
        return
    kind = kind_selector(key, upload)
    if loaded is not None and not upload.kind:
        if loaded.kind_reason == "tool" and loaded.source:
            st.caption(_("Detected from {tool}'s own layout.").format(
                tool=esc(tool_name(loaded.source))))
        else:
            sure = loaded.kind_confidence
            how = (_("no other kind fits") if sure >= 0.99
                   else _("clearly ahead of any other kind") if sure >= 0.5
                   else _("only a little ahead of another kind"))
            st.caption(_("Detected from its columns' words and values: {how}. Is it right? If not, choose above.").format(how=how))
            ask_kind(key, upload, loaded)
    if kind is None:
        st.caption(_("Choose what this file holds to say which of its columns is which."))
        return
    st.markdown(_("**How the columns were read** — change any choice; the file is read again."))
    mapping_editor(key, upload, kind, info)
    if loaded is None:
        return
    label_editor(key, upload, loaded)
    if loaded.rejected.height:
        st.markdown(_("**Rows that could not be loaded**"))
        st.dataframe(loaded.rejected.head(500).to_arrow(), hide_index=True, key=f"rejected::{key}", column_config={
            "row": st.column_config.NumberColumn(_("Row")),
            "reason": st.column_config.TextColumn(_("Why"))})
        st.download_button(_("Download all rejected rows (CSV)"),
                           data=export.to_csv(loaded.rejected), file_name=f"rejected_{loaded.name}.csv",
                           mime="text/csv", key=f"rej::{key}", on_click="ignore")
    if loaded.cell_issues.height:
        st.markdown(_("**Cells left empty because they could not be read**"))
        st.dataframe(loaded.cell_issues.head(500).to_arrow(), hide_index=True, key=f"issues::{key}", column_config={
            "row": st.column_config.NumberColumn(_("Row")),
            "column": st.column_config.TextColumn(_("Column")),
            "value": st.column_config.TextColumn(_("Value")),
            "reason": st.column_config.TextColumn(_("Why"))})
        st.download_button(_("Download them (CSV)"), data=export.to_csv(loaded.cell_issues),
                           file_name=f"cells_{loaded.name}.csv", key=f"cells::{key}", on_click="ignore")


def combined_notes(uploads: dict[str, Upload]) -> None:
    """Say which kinds come from several files, shown together."""
    by_kind: dict[str, list[Upload]] = {}
    for upload in uploads.values():
        if upload.loaded is not None and upload.included:
            by_kind.setdefault(upload.loaded.kind, []).append(upload)
    for kind, group in by_kind.items():
        if len(group) < 2:
            continue
        tools = sorted({tool_name(u.loaded.source) if u.loaded.source else "?" for u in group if u.loaded is not None})
        names = ", ".join(esc(u.name) for u in group)
        note = _("{kind} come from {n} files ({names}) and are shown combined; the filter 'Source file' in the "
                 "sidebar tells their rows apart. Untick 'Use this file' to keep one out.",
                 kind=kind_name(kind), n=len(group), names=names)
        if len(tools) > 1:
            note += " " + _("They come from different tools ({tools}): check that they measure the same thing.",
                            tools=", ".join(esc(t) for t in tools))
        st.info(note, icon="🧮")


st.title(_("Your data"))
st.write(_("Drop the spreadsheets your tools export: helpdesk tickets, survey answers, subscriptions or customers, "
           "orders, and the team's costs. CSV, Excel or Parquet, with headers in English, Spanish, Portuguese, French, "
           "German or Italian."))
st.caption(_("Where your files go: they are received and kept in the server's memory for this browser session only "
             "(up to {budget}), never written to its disk (the web server's own temporary files for uploads over "
             "1 MB are turned off), never shared with other visitors, and dropped with the session (about two "
             "minutes after the tab is closed or the connection is lost).",
             budget=fmt_bytes(MEMORY_BUDGET_BYTES)))
_server = memory.server_budget()
st.caption(_("The server holds at most {budget} for all visitors together{share}; it holds {used} now. When a new "
             "file would take it over, the file is refused with a message until other visitors' files are dropped.",
             budget=fmt_bytes(_server.bytes), used=fmt_bytes(memory.server_rss()),
             share="" if _server.share is None else _(" ({p} % of this machine's memory)",
                                                      p=fmt_number(100 * _server.share))))
_limits = cxkit.DEFAULT_LIMITS
st.caption(_("Each file is read in a separate worker process with at most {memory} of memory and {seconds} s; files "
             "over {size}, or that would expand past {expanded}, {rows} rows, {columns} columns or {cells} cells, "
             "are refused with a message saying which limit and what to do.",
             memory=fmt_bytes(_limits.memory_bytes), seconds=fmt_number(_limits.seconds),
             size=fmt_bytes(_limits.max_file_bytes), expanded=fmt_bytes(_limits.max_expanded_bytes),
             rows=fmt_number(_limits.max_rows), columns=fmt_number(_limits.max_columns),
             cells=fmt_number(_limits.max_cells)))
if st.session_state.get("use_sample"):
    st.info(_("The app is showing the sample data. Upload your files, or switch the sample off in the sidebar."), icon="ℹ️")
builtin_words.file_uploader(_("Files"), types=ACCEPTED, accept_multiple_files=True, key="uploader",
                       on_change=add_uploaded_files)
if st.session_state.get("_upload_refused"):
    st.error(st.session_state["_upload_refused"], icon="🧠")

uploads: dict[str, Upload] = st.session_state["uploads"]
previews = st.session_state.setdefault("_previews", {})
for digest in set(previews) - {u.digest for u in uploads.values()}:  # files removed or replaced
    del previews[digest]
combined_notes(uploads)
for key, upload in list(uploads.items()):
    ensure_read(upload, lang())  # messages in the session's language
    status = "🚫" if upload.error else ("✅" if upload.included else "⏸️")
    with st.expander(f"{status} {esc(upload.name)}", expanded=True):
        report(key, upload)
        if st.button(_("Remove this file"), key=f"remove::{key}"):
            del uploads[key]
            forget(uploads)
            st.rerun()

st.divider()
st.subheader(_("Workspace"))
st.caption(_("Keep everything (your files as you uploaded them, what each holds and which column is which, the ROI "
             "scenario and the plans kept for comparison) in one file to resume a workshop later. On the sample data "
             "it keeps the ROI scenario and the plans, and opening it shows the sample again."))
saved_scenario, saved_plans = st.session_state.get("scenario_json"), list(st.session_state.get("roi_plans", {}).values())
on_sample = bool(st.session_state.get("use_sample"))
st.download_button(_("Download workspace"),  # always: with the sample data, or before any upload, too
                   data=lambda: workspace.build(uploads, saved_scenario, saved_plans, sample=on_sample),
                   file_name="cxkit_workspace.zip", mime="application/zip", key="workspace_download",
                   on_click="ignore")
widgets.choice(_("Opening a workspace"),
               {"add": _("adds its files to the current ones"),
                "replace": _("replaces the current files")},
               key="workspace_mode", default="add", kind="radio", horizontal=True)
builtin_words.file_uploader(_("Open a workspace"), types=["zip"], key="workspace_uploader",
                       on_change=open_workspace_file)
if st.session_state.get("_workspace_error"):
    st.error(_("The workspace could not be opened: {reason}",
               reason=esc(st.session_state["_workspace_error"])), icon="🚫")
elif st.session_state.get("_workspace_opened") is not None:
    st.success(_("Workspace opened: {n} files.", n=st.session_state["_workspace_opened"]) + " " + ngettext(
        "{n} plan kept for comparison.", "{n} plans kept for comparison.",
        int(st.session_state.get("_workspace_opened_plans") or 0)), icon="📦")
