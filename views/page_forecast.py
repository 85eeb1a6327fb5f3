"""Forecast and staffing plan: contacts per interval for the coming weeks with their ranges, how far to trust the
forecast (tested on the data itself), the agents it takes at the likely value and at the upper bound, what that
costs a month against the team seen in the data, and a hand-over to the ROI planner. Every number comes from
cxkit.forecast; this page only draws and words it."""

from __future__ import annotations

import datetime as dt
import weakref
from typing import Any

import polars as pl
import streamlit as st

import cxkit
from cxkit import forecast as fc
from ui import charts, forecast_charts, widgets
from ui.context import page_context
from ui.i18n import (
    N_,
    _,
    babel_locale,
    esc,
    fmt_date,
    fmt_money,
    fmt_number,
    fmt_pct,
    input_format,
    kind_name,
    ngettext,
)
from ui.scenario_table import ForecastGap
from ui.state import View, memo
from ui.state import frames as state_frames

ctx = page_context()
v: View = ctx.view
st.title(_("Forecast & staffing plan"))
st.write(_("How many contacts the coming weeks will bring, hour by hour, how far to trust that, and how many people "
           "it takes."))

REASONS = {
    "short_history": N_("Less than two full weeks of data: the forecast copies the same interval of the last week "
                        "(or day) instead of fitting a model."),
    "few_contacts": N_("Fewer than 100 contacts in the data: the forecast copies the same interval of the last week "
                       "instead of fitting a model."),
    "no_time_of_day": N_("The data has dates without times of day: the forecast is per day, and a staffing plan per "
                         "hour cannot be made from it."),
    "yearly_seasonality": N_("Two years of data or more: the forecast also follows the pattern of the year."),
    "holidays_from_history": N_("Public holidays ahead are scaled by what past holidays in the data brought: {f} of a "
                                "normal day."),
    "no_past_holidays": N_("There are public holidays ahead but none in the data to learn from: they are forecast as "
                           "normal days."),
}
METHODS = {
    "mstl_ets": N_("a model of the weekly and daily pattern and the trend (MSTL + ETS)"),
    "seasonal_naive_week": N_("a copy of the same interval one week earlier"),
    "seasonal_naive_day": N_("a copy of the same interval one day earlier"),
}
PATIENCE = {
    "patience_estimated": N_("Erlang A: callers hang up after a mean patience of {s} s, estimated from the calls."),
    "no_abandoned_calls": N_("Erlang C: no call was abandoned, so nobody hangs up."),
    "abandoned_waits_missing": N_("Erlang C: the abandoned calls carry no waiting time, so the callers' patience is "
                                  "unknown."),
    "answered_waits_missing": N_("Erlang C: the answered calls carry no waiting time, so the callers' patience is "
                                 "unknown."),
    "zero_waits": N_("Erlang C: every waiting time is 0 s, so the callers' patience is unknown."),
    "no_wait_data": N_("Erlang C: no waiting times to estimate the callers' patience, so nobody hangs up."),
}


def country_names() -> dict[str, str]:
    """Countries the holidays package knows, by code, each with its name in the session's language when Babel
    has it."""
    from babel import Locale

    names = Locale.parse(babel_locale()).territories
    return {"": _("No public holidays")} | {
        code: f"{names.get(code, code)} ({code})" for code in fc.holiday_countries()}


def which_data() -> tuple[str, list[pl.DataFrame]] | None:
    kinds = [k for k in ("calls", "tickets") if v.has(k)]
    if not kinds:
        widgets.needs("calls")
        return None
    options = {k: kind_name(k) for k in kinds}
    if len(kinds) == 2:
        options["both"] = _("Calls and tickets")
    chosen = widgets.choice(_("Contacts to forecast"), options, key="forecast_kind",
                            default=kinds[0], kind="radio", horizontal=True)
    if chosen not in options:  # a choice kept from other data (widgets.choice returns the kept value)
        chosen = kinds[0]
    if chosen == "both":
        return chosen, [v.all["calls"], v.all["tickets"]]
    return chosen, [v.all[chosen]]


def settings() -> tuple[int, int, str, str]:
    left, middle, right, far = st.columns([2, 1, 2, 2])
    widgets.keep("forecast_weeks", low=1, high=8, integer=True, default=2)
    weeks = int(left.slider(_("Weeks ahead"), 1, 8, key="forecast_weeks"))
    minutes = int(widgets.choice(_("Interval"), {"60": _("1 hour"),
                                                               "30": _("30 minutes")},
                                 key="forecast_interval", default="60", container=middle))
    countries = country_names()
    country = widgets.choice(_("Public holidays of"), countries, key="forecast_country", default="",
                             container=right)
    subdivision = ""
    if country:
        regions = fc.holiday_countries().get(country, [])
        if regions:
            subdivision = widgets.choice(_("Region"), {"": _("Whole country")}
                                         | {r: r for r in regions}, key=f"forecast_region::{country}", default="",
                                         container=far)
    return weeks, minutes, country, subdivision


def accuracy(test: fc.Backtest, minutes: int) -> None:
    st.subheader(_("How far to trust it"))
    if test.reason is not None or test.mase is None or test.coverage_80 is None:
        st.info(_("There is not enough data to test the forecast on past weeks: read it as a rough guide."), icon="ℹ️")
        return
    block = test.horizon * minutes // (7 * 1440)
    weeks = test.folds.height * block
    at_a_time = ngettext("one week at a time", "{n} weeks at a time", block)
    unit = (_("the same day") if minutes == 1440 else _("the same hour") if minutes == 60 else
            _("the same half hour"))
    ratio = test.mase / test.naive_mase if test.naive_mase else None
    if ratio is not None and ratio < 0.95:
        versus = _("its errors were {p} smaller than copying {u} of the week before", p=fmt_pct(1 - ratio, 0),
                   u=unit)
    elif ratio is not None and ratio > 1.05:
        versus = _("its errors were {p} larger than copying {u} of the week before: plan with care",
                   p=fmt_pct(ratio - 1, 0), u=unit)
    else:
        versus = _("its errors were about those of copying {u} of the week before", u=unit)
    st.markdown(_("**Tested on your own data:** the last {n} weeks were forecast as if they were still to come, "
                  "{block}; {vs} (MASE {m}). The 80 % range held the actual count {c80} of the time, the 95 % range "
                  "{c95}.", n=weeks, block=at_a_time, vs=versus, m=fmt_number(test.mase, 2), c80=fmt_pct(test.coverage_80, 0), c95=fmt_pct(test.coverage_95, 0)))
    if test.coverage_80 < 0.7:
        st.warning(_("The ranges were too narrow on past weeks: plan with the upper bound."),
                   icon="⚠️")
    with st.expander(_("Each week tested")):
        widgets.table(test.folds, key="forecast_backtest",
                      column_config={c: st.column_config.NumberColumn(format="percent")
                                     for c in ("coverage_80", "coverage_95")})


def plan_section(result: fc.Forecast, frames: list[pl.DataFrame], kind: str, test: fc.Backtest) -> None:
    st.subheader(_("Staffing plan"))
    if result.interval_minutes == 1440:
        st.info(_(REASONS["no_time_of_day"]), icon="🧩")
        return
    source = frames[0]  # calls first when both: their handle time and the callers' patience
    calls = kind in ("calls", "both")
    left, middle, right = st.columns(3)
    widgets.keep("forecast_sl", low=50, high=99, integer=True, default=80)
    widgets.keep("forecast_sl_seconds", low=5, high=86_400, integer=True, default=20 if calls else 3600,
                 restart_on=calls)
    widgets.keep("forecast_handle", low=0.5, high=600.0, default=6.0 if calls else 10.0,
                 restart_on=calls)
    level = left.slider(_("Answered in time (%)"), 50, 99, key="forecast_sl") / 100
    seconds = middle.number_input(_("Within (seconds)"), 5, 86_400, key="forecast_sl_seconds")
    inputs = memo("forecast_inputs", (source,), lambda: fc.plan_inputs(source))
    handle = inputs.handle_seconds
    if handle is None:
        handle = 60.0 * right.number_input(_("Handle time (minutes; not in the data)"), 0.5, 600.0,
                                           key="forecast_handle",
                                           format=input_format(st.session_state.get("forecast_handle",
                                                                                    6.0 if calls else 10.0)))
    else:
        right.metric(_("Handle time from the data"),
                     _("{m} min", m=fmt_number(handle / 60, 1)), border=True)
    cost_col, shrink_col, hours_col = st.columns(3)
    widgets.keep("forecast_agent_cost", low=0.0, high=100_000.0, default=2500.0)
    widgets.keep("forecast_shrinkage", low=0, high=60, integer=True, default=30)
    widgets.keep("forecast_hours", low=10.0, high=60.0, default=40.0)
    agent_cost = cost_col.number_input(_("Monthly cost of an agent"), 0.0, 100_000.0, step=100.0,
                                       format=input_format(st.session_state.get("forecast_agent_cost", 2500.0)),
                                       key="forecast_agent_cost")
    shrinkage = shrink_col.slider(_("Time not on contacts: breaks, training, absence (%)"), 0, 60,
                                  key="forecast_shrinkage") / 100
    hours = hours_col.number_input(_("Hours of a full-time agent a week"), 10.0, 60.0, step=1.0,
                                   format=input_format(st.session_state.get("forecast_hours", 40.0)),
                                   key="forecast_hours")
    patience = inputs.patience_seconds
    if kind == "tickets":
        st.caption(_("Erlang C: tickets wait in the queue until an agent takes them."))
    else:
        st.caption(_(PATIENCE.get(inputs.patience_reason, "Erlang C."), s=fmt_number(patience or 0)))
    plan = memo("forecast_plan", (result, handle, level, float(seconds), patience),
                lambda: fc.staffing_plan(result, handle_seconds=handle, target_level=level,
                                         target_seconds=float(seconds), patience_seconds=patience))
    week = fc.plan_week(plan)
    team = None
    if "agent" in source.columns and source["agent"].drop_nulls().len():
        team = memo("forecast_team", (source, result.interval_minutes),
                    lambda: fc.team_seen(source, interval_minutes=result.interval_minutes))
    cost = fc.plan_cost(week, agent_cost_month=agent_cost, shrinkage=shrinkage, hours_per_agent_week=hours,
                        team=team)
    options = {"likely": _("the likely forecast"), "upper": _("the upper end of the 80 % range")}
    if team is not None:
        week = week.join(team.select("weekday", "hour", "minute", pl.col("agents").alias("agents_seen")),
                         on=["weekday", "hour", "minute"], how="left").with_columns(
            pl.col("agents_seen").fill_null(0.0)).with_columns(
            (pl.col("agents_likely") - pl.col("agents_seen")).alias("agents_short"))
        options["short"] = _("against the team seen")
    at_bound = widgets.choice(_("Plan at"), options, key="forecast_bound", default="likely", kind="radio",
                              horizontal=True)
    value = {"likely": "agents_likely", "upper": "agents_upper", "short": "agents_short"}.get(at_bound,
                                                                                              "agents_likely")
    busy = week.filter((pl.col(value) != 0) if value == "agents_short" else (pl.col(value) > 0))
    if busy.height:
        widgets.chart(charts.heatmap(busy, x="hour", y="weekday", value=value, x_title=_("Hour"),
                                     y_title=_("Weekday (1 = Monday)"), value_format=",.1f"),
                      key="forecast_agents",
                      how_to_read=_("Agents short (above 0) or spare (below 0) in each hour of an average week: "
                                    "the likely plan minus the agents seen at work in the data.")
                      if value == "agents_short" else
                      _("Agents needed on contacts in each hour of an average week of the forecast."))
    columns = st.columns(4)
    columns[0].metric(_("Full-time agents (likely)"),
                      fmt_number(cost.fte_likely, 1), border=True)
    columns[1].metric(_("Full-time agents (upper bound)"),
                      fmt_number(cost.fte_upper, 1), border=True)
    columns[2].metric(_("Monthly cost (likely)"), fmt_money(cost.monthly_cost_likely),
                      border=True)
    columns[3].metric(_("Monthly cost (upper bound)"),
                      fmt_money(cost.monthly_cost_upper), border=True)
    if cost.team_fte is not None and cost.gap_fte_likely is not None and cost.gap_fte_upper is not None:
        st.markdown(_("**The team seen in the data** (agents at work in each hour of the last 8 weeks) makes {t} "
                      "full-time agents: {g} short at the likely forecast and {u} at the upper bound, {c} a month.", t=fmt_number(cost.team_fte, 1), g=fmt_number(max(cost.gap_fte_likely, 0), 1), u=fmt_number(max(cost.gap_fte_upper, 0), 1), c=fmt_money(max(cost.gap_cost_likely or 0.0, 0.0))))
    else:
        st.caption(_("The data names no agents, so the plan is not compared with a team."))
    gap = ForecastGap.of(cost, weeks=result.frame.height * result.interval_minutes // (7 * 1440),
                         method=result.method)
    # the presentation's staffing slide: numbers only, worded when shown; for this data only (ui.present), held by
    # weak references so that data replaced by an upload is not kept alive by the slide
    st.session_state["_forecast_slide"] = {
        "data": tuple(weakref.ref(f) for f in state_frames().values()), "weeks": gap.weeks, "method": result.method,
        "contacts": float(result.frame["likely"].sum()), "fte_likely": cost.fte_likely, "fte_upper": cost.fte_upper,
        "cost_likely": cost.monthly_cost_likely, "cost_upper": cost.monthly_cost_upper, "team_fte": cost.team_fte,
        "mase": test.mase, "naive_mase": test.naive_mase, "coverage_80": test.coverage_80}
    if max(gap.agents()) > 0:
        st.session_state["_forecast_gap"] = gap
        st.page_link("views/page_roi.py", icon="📈", label=_("Price this plan in the ROI planner (template 'Staff for the forecast')"))
    else:
        st.session_state.pop("_forecast_gap", None)
    with st.expander(_("The plan's average week")):
        widgets.table(week.filter((pl.col("agents_upper") > 0) | (pl.col("agents_seen") > 0)
                                  if "agents_seen" in week.columns else pl.col("agents_upper") > 0),
                      key="forecast_week")
    with st.expander(_("The plan, interval by interval")):
        widgets.table(plan, key="forecast_plan",
                      column_config={"service_level_likely": st.column_config.NumberColumn(format="percent")})


def main() -> None:
    chosen = which_data()
    if chosen is None:
        return
    kind, frames = chosen
    st.caption(_("The forecast learns from every date in the data (the period chosen above does not narrow it); the "
                 "filters do apply."))
    weeks, minutes, country, subdivision = settings()
    try:
        result = memo("forecast", (*frames, weeks, minutes, country, subdivision),
                      lambda: fc.forecast_contacts(frames, weeks=weeks, interval_minutes=minutes,
                                                   country=country or None, subdivision=subdivision or None))
        horizon = min(weeks, 4)  # tested as far ahead as it forecasts, up to four weeks
        test = memo("forecast_backtest", (*frames, minutes, country, subdivision, horizon),
                    lambda: fc.backtest(frames, folds=4 if horizon <= 2 else 2, horizon_weeks=horizon,
                                        interval_minutes=minutes, country=country or None,
                                        subdivision=subdivision or None))
    except cxkit.MetricError as error:
        if "two days" in str(error):
            st.info(_("A forecast needs at least two days of contacts."), icon="🧩")
        else:
            widgets.metric_error(error)
        return
    first = result.frame["start"][0]
    last = result.frame["start"][-1]
    st.markdown(_("**Forecast from {a} to {b}** with {m}.", a=fmt_date(first), b=fmt_date(last), m=_(METHODS[result.method])))
    for code in result.reasons:
        st.caption("ⓘ " + _(REASONS[code], f=fmt_pct(result.holiday_factor or 0.0, 0)))
    history = result.history.filter(pl.col("start") > result.history["start"].max() - dt.timedelta(weeks=2))  # type: ignore[operator]
    daily = result.interval_minutes == 1440
    widgets.chart(forecast_charts.forecast(
        history, result.frame, actual=_("Actual"), likely=_("Forecast"),
        y_title=_("Contacts per day") if daily else
        _("Contacts per {m} min", m=result.interval_minutes),
        time_title=_("Interval start"), with_time=not daily),
        key="forecast_chart", how_to_read=_("Grey: the last two weeks as they were. Blue: the forecast, with the range it should fall in 8 times "
            "out of 10 (darker) and 19 out of 20 (lighter)."))
    summary: dict[str, Any] = {
        "likely": float(result.frame["likely"].sum()), "upper": float(result.frame["upper_80"].sum())}
    columns = st.columns(2)
    columns[0].metric(_("Contacts expected in {w} weeks", w=weeks),
                      fmt_number(summary["likely"]), border=True)
    columns[1].metric(_("Upper end of the 80 % range, interval by interval, added up"),
                      fmt_number(summary["upper"]), border=True)
    with st.expander(_("The forecast, interval by interval")):
        widgets.table(result.frame, key="forecast_table")
    accuracy(test, result.interval_minutes)
    plan_section(result, frames, kind, test)
    st.caption(_("Definitions: the contact forecast, its accuracy and the staffing plan are on the Definitions "
                 "page ({n}).", n=esc(", ".join(("MSTL + ETS", "MASE", "Erlang C")))))


main()
