"""cxkit's Streamlit app: the router and the frame (sidebar: data, language, period, filters).

Pages live in pages/ and only draw; every number comes from cxkit.
"""

from __future__ import annotations

import streamlit as st

from ui import present, report
from ui.i18n import LANGS, L, column_label, date_format, esc, fmt_bytes, fmt_number, kind_name
from ui.serve import keep_uploads_in_memory
from ui.state import (
    GRANULARITIES,
    MEMORY_BUDGET_BYTES,
    data_range,
    default_period,
    frames,
    init_state,
    segment_options,
    session_bytes,
    view,
)
from ui.widgets import choice

st.set_page_config(page_title="cxkit", page_icon="📊", layout="wide")
keep_uploads_in_memory()
init_state()


def filter_label(column: str) -> str:
    """A filter's label: a translated name for cxkit's columns, the file's own header (escaped) otherwise."""
    return esc(column_label(column))


def memory_caption() -> None:
    """How much of the session's memory budget the visitor's files hold."""
    used = session_bytes(st.session_state["uploads"])
    if not st.session_state["uploads"]:
        return
    st.caption(L("Your files in memory: {used} of {budget}", "Sus archivos en memoria: {used} de {budget}",
                 used=fmt_bytes(used), budget=fmt_bytes(MEMORY_BUDGET_BYTES)),
               help=L("The uploaded files plus the tables read from them, held for this session only.",
                      "Los archivos subidos más las tablas leídas de ellos, guardados solo para esta sesión."))


def sidebar() -> None:
    with st.sidebar:
        st.radio(L("Language", "Idioma"), options=list(LANGS), format_func=LANGS.__getitem__, key="lang",
                 horizontal=True)
        st.toggle(L("Use the sample data", "Usar los datos de ejemplo"), key="use_sample",
                  help=L("Switch off to work on your own files (Data page).",
                         "Desactívelo para trabajar con sus archivos (página Datos)."))
        data = frames()
        if st.session_state["use_sample"]:
            st.caption(L("Sample data: Tienda Verde, a small online shop (2025).",
                         "Datos de ejemplo: Tienda Verde, una pequeña tienda online (2025)."))
        elif not data:
            st.caption(L("No files of yours yet: add them on the Data page.",
                         "Aún no hay archivos suyos: añádalos en la página Datos."))
        for kind, frame in data.items():
            st.caption(f"{kind_name(kind)}: {fmt_number(frame.height)} {L('rows', 'filas')}")
        memory_caption()
        bounds = data_range(data)
        if bounds is not None:
            if st.session_state.get("_range") != bounds:
                st.session_state["_range"] = bounds
                st.session_state["period"] = default_period(bounds)
            st.subheader(L("Period", "Periodo"))
            st.date_input(L("From – to", "Desde – hasta"), key="period", format=date_format())
            choice(L("Granularity", "Granularidad"), {g: L(*names) for g, names in GRANULARITIES.items()},
                   key="granularity", default="1mo")
            st.toggle(L("Compare with the previous period", "Comparar con el periodo anterior"), key="compare")
        options = segment_options(data)
        if options:
            with st.expander(L("Filters", "Filtros")):
                for column, values in options.items():
                    st.multiselect(filter_label(column), values, key=f"flt::{column}", placeholder=L("All", "Todos"))
        st.toggle(L("Large fonts (projector)", "Letra grande (proyector)"), key="large_fonts")
        present.toggle()


sidebar()
if st.session_state.get("large_fonts"):
    st.markdown("<style>html, body, [class*='st-'] {font-size: 1.15rem;}</style>", unsafe_allow_html=True)
st.session_state["_view"] = view()
with st.sidebar:
    current_view, sla, scenario = st.session_state["_view"], float(st.session_state["sla_minutes"]), \
        st.session_state.get("scenario_json")
    st.download_button(L("Excel report (all pages)", "Informe Excel (todas las páginas)"),
                       data=lambda: report.build(current_view, sla, scenario), file_name="cxkit_report.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="report_download", on_click="ignore", disabled=not current_view.all)

# Streamlit 1.67 still emulates the old pages/ discovery on a session's first run (and on every
# AppTest run) before st.navigation takes over; a page whose url_path equals its file name would then
# run without this frame. Page files are therefore named page_<name>.py and served at /<name>.
pages = {
    L("Data", "Datos"): [
        st.Page("pages/page_data.py", title=L("Your data", "Sus datos"), icon="📂", url_path="data"),
    ],
    L("Insights", "Análisis"): [
        st.Page("pages/page_overview.py", title=L("Overview", "Resumen"), icon="🏠", url_path="overview",
                default=True),
        st.Page("pages/page_nps.py", title=L("NPS & satisfaction", "NPS y satisfacción"), icon="💬", url_path="nps"),
        st.Page("pages/page_churn.py", title=L("Churn & retention", "Bajas y retención"), icon="🔁",
                url_path="churn"),
        st.Page("pages/page_service.py", title=L("Tickets & service", "Tickets y servicio"), icon="🎧",
                url_path="service"),
        st.Page("pages/page_drift.py", title=L("Ticket-type drift", "Cambio de tipos de ticket"), icon="🧭",
                url_path="drift"),
        st.Page("pages/page_team.py", title=L("Team & sales", "Equipo y ventas"), icon="🤝", url_path="team"),
        st.Page("pages/page_beyond.py", title=L("Beyond the dashboards", "Más allá de los cuadros"), icon="🔭",
                url_path="beyond"),
    ],
    L("Planning", "Planificación"): [
        st.Page("pages/page_roi.py", title=L("ROI planner", "Planificador de ROI"), icon="📈", url_path="roi"),
        st.Page("pages/page_definitions.py", title=L("Definitions", "Definiciones"), icon="📖",
                url_path="definitions"),
    ],
}
navigation = st.navigation(pages)
if present.active():  # presentation mode draws its own screens instead of the page
    present.show(st.session_state["_view"], float(st.session_state["sla_minutes"]))
else:
    navigation.run()
