"""cxkit's Streamlit app: the router and the frame (sidebar: data, language, period, filters).

Pages live in views/ and only draw; every number comes from cxkit.
"""

from __future__ import annotations

# pandas is imported here, whole, before any page runs. Altair (through narwhals) uses pandas if it is already in
# sys.modules, without importing it. When two sessions started at once and one of them was still importing pandas
# for Streamlit, the other found a half-loaded module and failed ("partially initialized module 'pandas'"): a
# broken page or an empty presentation for a visitor. An import statement waits until the module is complete.
import pandas  # type: ignore[import-untyped]  # noqa: F401
import streamlit as st

import cxkit
from ui import builtin_words, context, plan, present, report, urlstate, widgets
from ui.i18n import LANGS, _, cxkit_lang, date_format, esc, fmt_bytes, fmt_date, fmt_number, kind_name, term
from ui.memory import adopt_running_server
from ui.serve import keep_uploads_in_memory
from ui.state import (
    GRANULARITIES,
    MEMORY_BUDGET_BYTES,
    View,
    active_datasets,
    data_range,
    default_period,
    frames,
    init_state,
    segments,
    session_bytes,
    view,
)
from ui.widgets import choice, number_locale

st.set_page_config(page_title="cxkit", page_icon="📊", layout="wide")
keep_uploads_in_memory()
adopt_running_server()  # plain `streamlit run app.py` too ends closed sessions and gives their memory back
urlstate.restore()
init_state()


def context_line(v: View) -> None:
    """The view every number on the page obeys, in one line at the top: the period, what it is compared
    with (or why not), the filters, and the data a filter cannot apply to."""
    if not v.all:
        return
    parts: list[str] = []
    if v.period is not None:
        parts.append("📅 " + _("{a} – {b}", a=fmt_date(v.period.start), b=fmt_date(v.period.end)))
        previous = v.period.previous()
        if not v.compare:
            parts.append(_("no comparison"))
        elif any(v.comparable(kind) for kind in v.all):
            text = _("compared with {a} – {b}", a=fmt_date(previous.start),
                     b=fmt_date(previous.end))
            short = [kind for kind in v.all if kind in v.first_dates and not v.comparable(kind)]
            if short:
                text += _(" (not {k}: their data begins later)",
                          k=", ".join(kind_name(k).lower() for k in short))
            parts.append(text)
        else:
            first = min(v.first_dates.values()) if v.first_dates else None
            parts.append(_("no comparison: the data begins on {d}, after the start of the previous period",
                           d=fmt_date(first)))
    if v.filters:
        parts.append("🔎 " + "; ".join(f"{esc(_(v.filter_label(k)))}: {', '.join(esc(x) for x in values)}"
                                       for k, values in v.filters.items()))
    else:
        parts.append(_("all segments"))
    st.caption(" · ".join(parts))
    for kind, keys in v.unfiltered.items():
        st.caption("⚠️ " + _("{filters} does not apply to {kind}: their numbers are for all of them.",
                             filters=", ".join(esc(_(v.filter_label(k))) for k in keys),
                             kind=kind_name(kind).lower()))


def memory_caption() -> None:
    """How much of the session's memory budget the visitor's files hold."""
    used = session_bytes(st.session_state["uploads"])
    if not st.session_state["uploads"]:
        return
    st.caption(_("Your files in memory: {used} of {budget}",
                 used=fmt_bytes(used), budget=fmt_bytes(MEMORY_BUDGET_BYTES)),
               help=_("The uploaded files plus the tables read from them, held for this session only."))


def sidebar() -> None:
    with st.sidebar:
        st.radio(_("Language"), options=list(LANGS), format_func=LANGS.__getitem__, key="lang",
                 horizontal=True)
        st.toggle(_("Use the sample data"), key="use_sample",
                  help=_("Switch off to work on your own files (Data page)."))
        data = frames()
        if st.session_state["use_sample"]:
            st.caption(_("Sample data: Tienda Verde, a small online shop (2025)."))
        elif not data:
            st.caption(_("No files of yours yet: add them on the Data page."))
        for kind, frame in data.items():
            st.caption(_("{kind}: {n} rows", kind=kind_name(kind), n=fmt_number(frame.height)))
        memory_caption()
        bounds = data_range(data)
        if bounds is not None:
            if st.session_state.get("_range") != bounds:
                st.session_state["_range"] = bounds
                from_url = st.session_state.pop(urlstate.PERIOD_FROM_URL, None)  # a reload keeps its period
                st.session_state["period"] = from_url if from_url is not None else default_period(bounds)
            st.subheader(_("Period"))
            st.date_input(_("From – to"), key="period", format=date_format())
            choice(_("Granularity"), {g: _(names) for g, names in GRANULARITIES.items()},
                   key="granularity", default="1mo")
            st.toggle(_("Compare with the previous period"), key="compare")
        found = segments(data)
        if found:
            active = any(st.session_state.get(f"flt::{key}") for key in found)
            with st.expander(_("Filters"), expanded=active):
                for key, segment in found.items():
                    chosen = st.session_state.get(f"flt::{key}")
                    if chosen and any(x not in segment.values for x in chosen):  # a link from other data
                        st.session_state[f"flt::{key}"] = [x for x in chosen if x in segment.values]
                    st.multiselect(esc(_(segment.label)), segment.values, key=f"flt::{key}",
                                   placeholder=_("All"), format_func=term)
        st.toggle(_("Large fonts (projector)"), key="large_fonts")
        present.toggle()


sidebar()
with st.sidebar:
    number_locale()  # tables write their numbers in the app's language (see ui.widgets.number_locale)
st.html(builtin_words.style())  # Streamlit's own English words hidden or said in the session's language
if st.session_state.get("large_fonts"):
    st.markdown(present.PROJECTOR_STYLE, unsafe_allow_html=True)  # everything 1.5 times larger, nothing cut
page = context.build(view())
st.session_state["_view"] = page.view  # kept for tests and notebooks that look at the run's view
with st.sidebar:
    # the plan the presentation shows too (on the sample data, before the planner is opened: the one it starts with)
    current_view, sla, scenario = page.view, page.sla_minutes, plan.current_json(frames(), cxkit_lang())
    report_lang, sources, draws = page.lang, [name for name, _data in active_datasets()], plan.draws()
    st.download_button(_("Excel report (all pages)"),
                       data=lambda: report.build(current_view, sla, scenario, report_lang, sources, draws),
                       file_name=_("cxkit_report.xlsx"),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="report_download", on_click="ignore", disabled=not current_view.all)

# The page files live in views/, not pages/: with a pages/ folder next to app.py, Streamlit 1.67 emulates
# its old automatic page discovery on the first run of the first session after the server starts (what
# `streamlit run app.py` and Community Cloud do), so a first deep link met "Page not found" and the first
# navigation click lost the sidebar's choices (the sample data switched off). Without the folder,
# st.navigation routes from the very first request however the app is started.
pages = {
    _("Data"): [
        st.Page("views/page_data.py", title=_("Your data"), icon="📂", url_path="data"),
    ],
    _("Insights"): [
        st.Page("views/page_overview.py", title=_("Overview"), icon="🏠", url_path="overview",
                default=True),
        st.Page("views/page_nps.py", title=_("NPS & satisfaction"), icon="💬", url_path="nps"),
        st.Page("views/page_churn.py", title=_("Churn & retention"), icon="🔁",
                url_path="churn"),
        st.Page("views/page_service.py", title=_("Tickets & service"), icon="🎧",
                url_path="service"),
        st.Page("views/page_drift.py", title=_("Ticket-type drift"), icon="🧭",
                url_path="drift"),
        st.Page("views/page_team.py", title=_("Team & sales"), icon="🤝", url_path="team"),
        st.Page("views/page_beyond.py", title=_("Beyond the dashboards"), icon="🔭",
                url_path="beyond"),
    ],
    _("Planning"): [
        st.Page("views/page_forecast.py", title=_("Forecast & staffing plan"), icon="🔮", url_path="forecast"),
        st.Page("views/page_roi.py", title=_("ROI planner"), icon="📈", url_path="roi"),
        st.Page("views/page_definitions.py", title=_("Definitions"), icon="📖",
                url_path="definitions"),
    ],
}
navigation = st.navigation(pages)
urlstate.persist()
if present.active():  # presentation mode draws its own screens instead of the page
    present.show(page.view, page.sla_minutes)
else:
    urlstate.cleared_notice()
    if navigation.url_path not in ("data", "definitions"):
        context_line(current_view)
    try:
        navigation.run()
    except cxkit.MetricError as error:  # a metric the data cannot support: said in place, never a traceback
        widgets.metric_error(error)
    urlstate.persist()  # again: the page's own choices are known only once it has been drawn
