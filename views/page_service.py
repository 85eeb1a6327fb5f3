"""Tickets & service: volume and backlog, messages, first response and resolution, SLA breaches per day
and per agent, first-contact resolution, repeat contacts and channel mix."""

from __future__ import annotations

import polars as pl
import streamlit as st

import cxkit
from ui import charts, widgets
from ui.context import page_context
from ui.i18n import _, fmt_minutes, fmt_number, fmt_pct, input_format
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(_("Tickets & service"))
calls = v.all.get("calls")
if calls is not None:
    st.subheader(_("Calls"))
    current_calls = v.current.get("calls", calls.clear())
    columns = list(st.columns(3))
    widgets.keep("call_threshold", low=1, high=600, integer=True, default=20)
    threshold = columns[0].number_input(_("Answer within (seconds)"), 1, 600, key="call_threshold")
    rules = {"as_missed": _("abandons count as missed"),
             "ignore": _("abandons left out"),
             "exclude_short": _("short abandons left out, others missed"),
             "within_as_met": _("early abandons count as met"),
             "after_only": _("early abandons left out"),
             "short_as_met": _("short abandons count as met")}
    with columns[1]:
        rule = widgets.choice(_("Abandoned calls"), rules, key="abandon_rule",
                              default="as_missed")
    widgets.keep("short_abandon", low=0, high=60, integer=True, default=5)
    short = columns[2].number_input(_("Short abandon under (seconds)"), 0, 60, key="short_abandon")
    service = cxkit.call_service(current_calls, threshold_seconds=threshold, abandon_rule=rule,  # type: ignore[arg-type]
                                 short_abandon_seconds=short).row(0, named=True)
    columns = list(st.columns(4))
    columns[0].metric(_("Service level"), fmt_pct(service["service_level"]), border=True,
                      help=_("answered within {t} s; {rule}", t=threshold, rule=rules[rule]))
    columns[1].metric(_("Abandon rate"), fmt_pct(service["abandon_rate"]), border=True)
    columns[2].metric(_("Average speed of answer"),
                      fmt_number(service["asa_seconds"], 0) + " s", border=True)
    columns[3].metric(_("Average handle time"), fmt_number(service["aht_seconds"], 0) + " s",
                      border=True)
    for column in ("queue", "agent"):
        if column in calls.columns:
            widgets.table(cxkit.call_service(current_calls, threshold_seconds=threshold, abandon_rule=rule,  # type: ignore[arg-type]
                                             short_abandon_seconds=short, by=column).drop_nulls(column),
                          key=f"calls_by_{column}")
    by_hour = cxkit.calls_by_hour(current_calls)
    if by_hour.height:
        widgets.chart(charts.heatmap(by_hour, x="hour", y="weekday", value="calls", value_format=",.0f",
                                     x_title=_("Hour"), y_title=_("Weekday (1 = Monday)")),
                      key="calls_heatmap", how_to_read=_("Calls per weekday and hour: where to put people."))

tickets = v.all.get("tickets")
if tickets is None:
    if calls is None:
        widgets.needs("tickets")
    st.stop()
assert tickets is not None
current = v.current.get("tickets", tickets.clear())

st.subheader(_("Volume and backlog"))
volume = cxkit.ticket_volume(tickets, every=v.every)
long = volume.select("period", "created", "solved", "backlog").unpivot(index="period", variable_name="measure",
                                                                       value_name="tickets")
widgets.chart(charts.lines(long.drop_nulls("tickets"), x="period", y="tickets", color="measure",
                           y_title=_("Tickets"), period=v.period), key="volume",
              how_to_read=_("Created and solved per period; the backlog is what was still open at each period's end. A "
                            "backlog that keeps growing means the team is not keeping up."))
messages = [c for c in ("incoming_messages", "outgoing_messages") if c in volume.columns]
if messages:
    flows = volume.select("period", *messages).unpivot(index="period", variable_name="direction", value_name="messages")
    widgets.chart(charts.bars(flows, x="period", x_type="T", y="messages", color="direction", stack=None,
                              y_title=_("Messages")), key="messages",
                  how_to_read=_("Messages from customers and replies from agents, by the period the ticket was opened."))
widgets.table(volume, key="ticket_volume")

if "first_response_minutes" not in tickets.columns:
    widgets.needs("tickets", "first_response_minutes")
else:
    st.subheader(_("First response and SLA"))
    hours = st.number_input(_("First-reply target (hours)"), min_value=0.1,
                            max_value=24.0 * 30, step=0.5, value=float(st.session_state["sla_minutes"]) / 60,
                            format=input_format(st.session_state.get("sla_hours",
                                                                     float(st.session_state["sla_minutes"]) / 60)),
                            key="sla_hours")
    st.session_state["sla_minutes"] = hours * 60
    sla_target = hours * 60
    overall = cxkit.first_response(current, sla_minutes=sla_target).row(0, named=True)
    columns = list(st.columns(4))
    columns[0].metric(_("Median first response"),
                      fmt_minutes(overall["median_minutes"]), border=True)
    columns[1].metric(_("90% answered within"), fmt_minutes(overall["p90_minutes"]),
                      border=True)
    columns[2].metric(_("Replies later than target"),
                      fmt_number(overall["sla_breaches"]), border=True)
    columns[3].metric(_("Still unanswered, overdue"),
                      fmt_number(overall["unanswered_overdue"]), border=True)
    answered = current.select((pl.col("first_response_minutes") / 60).alias("hours")).drop_nulls()
    if answered.height:
        cap = float(answered["hours"].quantile(0.98) or 1)
        widgets.chart(charts.histogram(answered.filter(pl.col("hours") <= cap), column="hours",
                                       title=_("Hours to first reply")),
                      key="frt_distribution",
                      how_to_read=_("How long customers waited for a first reply (the slowest 2% are left out of the "
                                    "chart)."))
    per_day = cxkit.first_response(current, every="1d", sla_minutes=sla_target)
    widgets.chart(charts.bars(per_day, x="period", x_type="T", y="sla_breaches",
                              y_title=_("Replies later than target")),
                  key="breaches_per_day",
                  how_to_read=_("Each bar counts the first replies that day that took longer than the target."))
    for column, title in (("agent", _("Per agent")), ("channel", _("Per channel"))):
        if column in current.columns:
            per = cxkit.first_response(current, by=column, sla_minutes=sla_target).drop_nulls(column)
            st.markdown(f"**{title}**")
            widgets.chart(charts.bars(per, x=column, y="sla_breaches", horizontal=True, sort="-x",
                                      y_title=_("Replies later than target")),
                          key=f"breaches_{column}",
                          how_to_read=_("Times a first reply missed the target, in the selected period."))
            widgets.table(per, key=f"first_response_by_{column}")

if "resolution_minutes" in tickets.columns:
    st.subheader(_("Resolution"))
    resolved = cxkit.resolution(current).row(0, named=True)
    columns = list(st.columns(3))
    columns[0].metric(_("Median resolution"), fmt_minutes(resolved["median_minutes"]),
                      border=True)
    columns[1].metric(_("90% resolved within"), fmt_minutes(resolved["p90_minutes"]),
                      border=True)
    columns[2].metric(_("Reopen rate"), fmt_pct(resolved["reopen_rate"]), border=True)
    solved = current.select((pl.col("resolution_minutes") / 60).alias("hours")).drop_nulls()
    if solved.height:
        cap = float(solved["hours"].quantile(0.98) or 1)
        widgets.chart(charts.histogram(solved.filter(pl.col("hours") <= cap), column="hours",
                                       title=_("Hours to resolution")), key="resolution",
                      how_to_read=_("How long tickets took to be solved."))

if "handle_minutes" in tickets.columns:
    handled = cxkit.handle_time(current).row(0, named=True)
    st.metric(_("Average handle time"), fmt_minutes(handled["aht_minutes"]), border=True)

st.subheader(_("First-contact resolution and repeat contacts"))
columns = list(st.columns(3))
try:
    one_touch = cxkit.fcr(current).row(0, named=True)
    columns[0].metric(_("Solved with one reply"), fmt_pct(one_touch["fcr"]),
                      border=True, help=_("one agent reply and no reopen ÷ solved tickets"))
except cxkit.MetricError:
    columns[0].caption(_("Needs agent replies per ticket."))
if "customer_id" in tickets.columns:
    widgets.keep("repeat_window", low=1, high=30, integer=True, default=7)
    window = st.slider(_("Window (days)"), 1, 30, key="repeat_window")
    no_repeat = cxkit.fcr(current, definition="no_repeat", window_days=window).row(0, named=True)
    columns[1].metric(_("No new contact within the window"),
                      fmt_pct(no_repeat["fcr"]), border=True)
    repeats = cxkit.repeat_contacts(current, window_days=window).row(0, named=True)
    columns[2].metric(_("Repeat contacts"), fmt_pct(repeats["repeat_rate"]), border=True,
                      help=_("same complaint again: {s}",
                             s=fmt_pct(repeats["same_type_rate"])))
else:
    widgets.needs("tickets", "customer_id")

if "channel" in tickets.columns:
    st.subheader(_("Channel mix"))
    mix = cxkit.channel_mix(current)
    widgets.chart(charts.bars(mix, x="channel", y="share", y_format=".0%", horizontal=True, sort="-x",
                              y_title=_("Share of tickets")), key="channel_mix",
                  how_to_read=_("Where customers reach you in the selected period."))
    widgets.table(mix, key="channel_mix_table")
    trend = cxkit.channel_mix(tickets, every=v.every)
    widgets.chart(charts.bars(trend, x="period", x_type="T", y="share", color="channel", y_format=".0%",
                              stack="normalize", y_title=_("Share of tickets")),
                  key="channel_trend", how_to_read=_("How the mix of channels changes over time."))
