"""Presentation mode: one switch hides the sidebar and the tables and shows one KPI group or chart per screen,
in large type and high contrast, stepping through the story with buttons or the keyboard (← →, Esc to leave).

Every number comes from cxkit on the session's current view (period and filters as set before presenting).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl
import streamlit as st
from streamlit.logger import get_logger

import cxkit
from cxkit import roi
from ui import kpis, plan
from ui.charts import chart_locale
from ui.i18n import _, cxkit_lang, fmt_minutes, fmt_money, fmt_number, fmt_pct, lang
from ui.state import View, frames

# Projector mode ("Large fonts"): every page 1.5 times larger. Streamlit sizes its text in rem, so the root font
# size scales it all (a rule on [class*='st-'] would set the KPI values' 2.25rem back to a smaller size). What
# Streamlit would then cut with an ellipsis gets room instead: KPI cards wrap onto more rows (never narrower than
# a large value), labels and navigation entries wrap between words (never inside one), a PNG/SVG/CSV button's
# column is as wide as its button.
PROJECTOR_STYLE = """<style>
html {font-size: 150%;}
[data-testid='stHorizontalBlock']:has([data-testid='stMetric']) {flex-wrap: wrap !important;}
[data-testid='stHorizontalBlock']:has([data-testid='stMetric']) > [data-testid='stColumn'] {
  flex: 1 1 11rem !important; min-width: min-content !important;}
[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] *, [data-testid='stWidgetLabel'] *,
[data-testid='stSidebarNavLink'] *, [data-testid='stMetricDelta'] *, [data-testid='stMetricDeltaDescription'] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  word-break: normal !important; overflow-wrap: normal !important;}
[data-testid='stMetric'] div:has(> [data-testid='stMetricDeltaDescription']) {flex-wrap: wrap !important;}
[data-testid='stMetricDeltaDescription'] {overflow: visible !important; min-width: min-content !important;}
[data-testid='stMetricValue'], [data-testid='stMetricValue'] * {
  white-space: nowrap !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid='stColumn']:has([data-testid='stDownloadButton']):not(
  :has([data-testid='stElementContainer'] ~ [data-testid='stElementContainer'])) {
  flex: 0 0 auto !important; width: auto !important; min-width: max-content !important;}
[data-testid='stMain'] button *, [data-testid='stFileUploaderDropzoneInstructions'] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid='stMain'] [data-testid='stDownloadButton'] button,
[data-testid='stMain'] [data-testid='stDownloadButton'] button * {
  white-space: nowrap !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid='stSidebar'] button, [data-testid='stSidebar'] button * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto;}
[data-testid='stSidebar'] [data-testid='stDateInputField'], [data-testid='stSidebar'] [data-testid='stDateInputField'] * {
  font-size: 0.66rem !important;}  /* the period's two dates fit the sidebar's field */
</style>"""

_LOGGER = get_logger("cxkit.present")  # Streamlit's handler and level (server.logLevel)
KEY = "present"
STEP = "present_step"
_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stSidebarNav"], [data-testid="stToolbar"] {display: none !important;}
html {font-size: 100% !important;}  /* the slides are sized for a room already: no projector scaling on top */
.block-container {padding-top: 1.2rem !important; max-width: 100% !important;}
.stApp {background: #ffffff; color: #000000;}
.cx-slide h1 {font-size: 2.6rem; line-height: 1.15; margin: 0 0 .6rem 0; color: #000;}
.cx-slide p {font-size: 1.55rem; line-height: 1.35; color: #000;}
.cx-kpis {display: flex; flex-wrap: wrap; gap: 1.2rem; margin-top: .8rem;}
.cx-kpi {flex: 1 1 16rem; border: 3px solid #000; border-radius: .6rem; padding: .8rem 1rem; background: #fff;}
.cx-kpi .label {font-size: 1.35rem; color: #000; overflow-wrap: normal; word-break: normal; hyphens: manual;}
.cx-kpi .value {font-size: clamp(2rem, 4.4vw, 3.1rem); font-weight: 700; color: #000; line-height: 1.1;
  white-space: nowrap;}
.cx-kpi .note {font-size: 1.1rem; color: #222; overflow-wrap: normal;}
.cx-kpi.bad .value {color: #a50026;} .cx-kpi.good .value {color: #006837;}
</style>"""


@dataclass(frozen=True)
class Figure:
    """One big number: label, value, a short note; ``tone`` ``"good"``, ``"bad"`` or ``""``."""

    label: str
    value: str
    note: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Slide:
    title: str
    text: str
    figures: tuple[Figure, ...] = ()
    chart: alt.Chart | alt.LayerChart | alt.VConcatChart | alt.HConcatChart | None = None


def active() -> bool:
    return bool(st.session_state.get(KEY))


def toggle() -> None:
    """The switch (in the sidebar)."""
    st.toggle(_("Presentation mode"), key=KEY,
              help=_("One chart or group of figures per screen, large and high-contrast, for a room."))


def _html_figures(figures: tuple[Figure, ...]) -> str:
    cells = "".join(
        f'<div class="cx-kpi {f.tone}"><div class="label">{_plain(f.label)}</div>'
        f'<div class="value">{_plain(f.value)}</div><div class="note">{_plain(f.note)}</div></div>'
        for f in figures)
    return f'<div class="cx-kpis">{cells}</div>'


def _plain(text: str) -> str:
    """Text for HTML: every character that could open markup escaped."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


def _bar_chart(frame: pl.DataFrame, *, x: str, y: str, x_title: str, y_title: str, y_format: str,
               color: str = "#08306b") -> alt.Chart:
    chart: alt.Chart = alt.Chart(frame).mark_bar(color=color).encode(
        x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelFontSize=18, titleFontSize=20, labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format, labelFontSize=18, titleFontSize=20)),
    ).properties(height=380).configure_view(stroke=None).configure(locale=chart_locale(lang()))
    return chart  # numbers in the language's marks, as every chart of the app (ui.charts.finish)


# --------------------------------------------------------------------------------------------- slides


def _overview(v: View, sla: float) -> Slide | None:
    cards = [k for k in (kpis.nps_kpi(v), kpis.csat_kpi(v), kpis.churn_kpi(v)) if k is not None]
    cards += kpis.service_kpis(v, sla)
    if not cards:
        return None
    figures = tuple(Figure(k.label, k.value, k.delta or "") for k in cards[:6])
    return Slide(_("Where we stand"), _("The period chosen, against the one before."), figures)


def _waiting(v: View, sla: float) -> Slide | None:
    customers, tickets = v.all.get("customers"), v.all.get("tickets")
    if customers is None or tickets is None or "customer_id" not in tickets.columns:
        return None
    try:
        landmark = cxkit.churn_by_experience(customers, tickets=tickets, responses=v.all.get("responses"),
                                             sla_minutes=sla).landmark
    except cxkit.CxkitError:
        return None
    if landmark.height != 2 or landmark["km_churn"].null_count():
        return None
    late, on_time = landmark.row(0, named=True), landmark.row(1, named=True)
    return Slide(
        _("Waiting costs customers"),
        _("Customers who leave within 90 days after a first reply later than {t}, against after an on-time one "
          "(a fair comparison: same clock for both).", t=fmt_minutes(sla)),
        (Figure(_("After a late reply"), fmt_pct(late["km_churn"], 0),
                _("{n} customers", n=fmt_number(late["customers"])), "bad"),
         Figure(_("After an on-time reply"), fmt_pct(on_time["km_churn"], 0),
                _("{n} customers", n=fmt_number(on_time["customers"])), "good")))


def _first_reply(v: View, sla: float) -> Slide | None:
    tickets = v.all.get("tickets")
    if tickets is None or "first_response_minutes" not in tickets.columns or tickets.height == 0:
        return None
    monthly = cxkit.first_response(tickets, every="1mo", sla_minutes=sla).drop_nulls("median_minutes")
    if monthly.height < 2:
        return None
    months = monthly.with_columns((pl.col("median_minutes") / 60).alias("hours"),
                                  pl.col("period").dt.strftime("%m/%y").alias("month"))
    return Slide(_("The peak stretches first replies"),
                 _("Median first reply each month, in hours."),
                 chart=_bar_chart(months, x="month", y="hours", x_title="", y_title=_("hours"),
                                  y_format=".1f"))


def _service_value(v: View, sla: float) -> Slide | None:
    orders, costs = v.all.get("orders"), v.all.get("costs")
    if orders is None or costs is None or "kind" not in orders.columns:
        return None
    margin = float(st.session_state.get("roi_service_margin", 50.0)) / 100
    monthly = plan.service_roi(v.current.get("orders", orders), v.current.get("costs", costs), v.all.get("customers"),
                               margin)  # the planner's own table
    year = plan.service_totals(monthly)
    return Slide(
        _("What service brings back"),
        _("In the period chosen, against the team's cost. Association, not cause."),
        (Figure(_("Assisted sales"), fmt_money(year["assisted_sales"])),
         Figure(_("Save-the-sale"), fmt_money(year["save_the_sale_net"])),
         Figure(_("Customers kept"), fmt_money(year["retention_value"] or 0.0),
                _("margin {m}", m=fmt_pct(margin, 0))),
         Figure(_("Team cost"), fmt_money(year["cost"]),
                _("returns {r}", r=fmt_pct(year["value"] / year["cost"], 0) if year["cost"] else "—"),
                "good" if year["value"] >= year["cost"] else "bad")))


def _plan(v: View, sla: float) -> Slide | None:
    """The plan on the ROI page, read from the same computed result as the planner (``ui.plan``)."""
    text = plan.current_json(frames(), cxkit_lang())  # also before the ROI page is opened: the plan it will start with
    if not text:
        return None
    try:
        computed = plan.result(text)
    except roi.ScenarioError:
        return None
    figures = plan.shown(computed)
    scenario = computed.scenario
    return Slide(
        scenario.name, scenario.description or _("The plan on the ROI page."),
        (Figure(_("Likely net gain"), figures["net_gain"],
                _("over {h} months", h=fmt_number(scenario.horizon_months))),
         Figure(_("Chance of losing money"), figures["probability_of_loss"],
                tone="bad" if computed.summary["probability_of_loss"] > 0.5 else "good"),
         Figure(_("Pays back in month"), figures["payback_month"]),
         Figure(_("90 % of futures between"), f"{figures['p5']} … {figures['p95']}")))


def _staffing(v: View, sla: float) -> Slide | None:
    """The forecast page's staffing plan, once that page has computed it for the data loaded now."""
    shown = st.session_state.get("_forecast_slide")
    current = tuple(frames().values())
    if not shown or len(shown["data"]) != len(current) or any(
            made() is not now for made, now in zip(shown["data"], current, strict=True)):
        return None
    tested = (_("Tested on past weeks: MASE {m}; the 80 % range held the actual count {c} of the time.",
                m=fmt_number(shown["mase"], 2), c=fmt_pct(shown["coverage_80"], 0))
              if shown["mase"] is not None and shown["coverage_80"] is not None else
              _("Not enough data to test it on past weeks."))
    figures = [Figure(_("Contacts expected"), fmt_number(shown["contacts"]),
                      _("next {w} weeks", w=shown["weeks"])),
               Figure(_("Full-time agents"), fmt_number(shown["fte_likely"], 1),
                      _("{u} at the upper bound", u=fmt_number(shown["fte_upper"], 1))),
               Figure(_("Monthly cost"), fmt_money(shown["cost_likely"]),
                      _("{u} at the upper bound", u=fmt_money(shown["cost_upper"])))]
    if shown["team_fte"] is not None:
        short = shown["fte_likely"] - shown["team_fte"]
        figures.append(Figure(_("Against the team seen"), fmt_number(short, 1),
                              _("{t} full-time agents at work in the data", t=fmt_number(shown["team_fte"], 1)),
                              "bad" if short > 0 else "good"))
    return Slide(_("Staffing the coming weeks"), tested, tuple(figures))


SLIDES: tuple[Callable[[View, float], Slide | None], ...] = (_overview, _waiting, _first_reply, _service_value, _plan,
                                                             _staffing)


def slides(v: View, sla: float) -> list[Slide]:
    """The slides the data can fill, in story order."""
    return [s for s in (make(v, sla) for make in SLIDES) if s is not None]


def _go(delta: int, count: int) -> None:
    st.session_state[STEP] = (int(st.session_state.get(STEP, 0)) + delta) % max(count, 1)


# Arrow keys (and a presenter clicker's Page Up / Page Down) counted in the browser: the page keeps a running
# total of the moves asked for and sends it as the component's state, and each run steps by what the total
# grew since the last one. A key is a state, not a one-shot click: three quick presses that land while the app is
# still drawing reach the next run as "+3" (a button's keyboard shortcut is a trigger, and triggers that arrive
# during a rerun merge into one, so a press was lost; a held key's auto-repeat is ignored, so none repeats).
# The total is kept on the page (``window``), so presses between two mounts are not lost either; a page reload
# starts a new total, told apart by its ``nonce``.
_KEYS_JS = """
export default function(component) {
  const { setStateValue } = component;
  const w = window;
  if (!w.__cxPresent) {
    const p = { moves: 0, sent: 0, nonce: Math.random().toString(36).slice(2), send: null };
    w.__cxPresent = p;
    document.addEventListener('keydown', (e) => {
      if (e.repeat || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (!document.querySelector('.cx-slide')) return;  // only while a slide is on the screen
      const t = e.target;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const d = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1}[e.key];
      if (!d) return;
      e.preventDefault();
      e.stopPropagation();
      p.moves += d;
      if (p.send) p.send();
    }, true);
  }
  const p = w.__cxPresent;
  const mine = () => { p.sent = p.moves; setStateValue('moves', {total: p.moves, nonce: p.nonce}); };
  p.send = mine;
  if (p.moves !== p.sent) mine();  // presses made while no deck was mounted
  return () => { if (p.send === mine) p.send = null; };
}
"""
SEEN = "_present_moves_seen"


@functools.cache
def _keys_component() -> Any:
    return st.components.v2.component("cxkit_present_keys", js=_KEYS_JS)


def _noop() -> None:
    """A state of a component is only kept with a change callback; the run itself reads the new total."""


def _take_key_presses() -> int:
    """The slides to move by since the last run: what the page's running total of arrow presses grew by."""
    result = _keys_component()(key="present_keys", on_moves_change=_noop, height=0)
    value = result.get("moves") if result is not None else None
    if not isinstance(value, dict) or not isinstance(value.get("total"), int):
        return 0
    total, nonce = int(value["total"]), str(value.get("nonce"))
    seen = st.session_state.get(SEEN)
    before = seen[1] if isinstance(seen, tuple) and seen[0] == nonce else 0
    st.session_state[SEEN] = (nonce, total)
    return total - before


def _leave() -> None:
    st.session_state[KEY] = False


def show(v: View, sla: float) -> None:
    """Draw the current slide with its navigation (instead of the page)."""
    st.html(_STYLE)
    deck = slides(v, sla)
    if not deck:
        loaded = frames()
        if loaded:  # data, but the period and filters leave no slide: say so (not "load data")
            st.markdown(_("Nothing to present for the period and filters chosen: leave the presentation and widen "
                          "them in the sidebar."))
        else:
            st.markdown(_("Nothing to present yet: load data first."))
        _LOGGER.info("no slide to present: data %s, sample %s, period %s, filters %s",
                     {kind: frame.height for kind, frame in loaded.items()}, st.session_state.get("use_sample"),
                     v.period, v.filters)
        st.button(_("Leave presentation"), key="present_leave", on_click=_leave,
                  shortcut="Escape")
        return
    moves = _take_key_presses()
    if moves:
        _go(moves, len(deck))
    step = int(st.session_state.get(STEP, 0)) % len(deck)
    slide = deck[step]
    st.html(f'<div class="cx-slide"><h1>{_plain(slide.title)}</h1><p>{_plain(slide.text)}</p>'
            f'{_html_figures(slide.figures) if slide.figures else ""}</div>')
    if slide.chart is not None:
        st.altair_chart(slide.chart, width="stretch")
    back, where, forward, leave = st.columns([2, 1, 2, 2], vertical_alignment="center")
    back.button(_("← Previous"), key="present_prev", on_click=_go, args=(-1, len(deck)),
                width="stretch")
    where.markdown(f"**{step + 1} / {len(deck)}**")
    forward.button(_("Next →"), key="present_next", on_click=_go, args=(1, len(deck)),
                   width="stretch", type="primary")
    leave.button(_("Leave presentation"), key="present_leave", on_click=_leave,
                 shortcut="Escape", width="stretch")
