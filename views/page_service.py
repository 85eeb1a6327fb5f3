"""Tickets & service: volume and backlog, messages, first response and resolution, SLA breaches per day
and per agent, first-contact resolution, repeat contacts and channel mix."""

from __future__ import annotations

import polars as pl
import streamlit as st

import cxkit
from ui import charts, widgets
from ui.context import page_context
from ui.i18n import L, fmt_minutes, fmt_number, fmt_pct
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(L("Tickets & service", "Tickets y servicio"))
calls = v.all.get("calls")
if calls is not None:
    st.subheader(L("Calls", "Llamadas"))
    current_calls = v.current.get("calls", calls.clear())
    columns = list(st.columns(3))
    widgets.keep("call_threshold", low=1, high=600, integer=True)
    threshold = columns[0].number_input(L("Answer within (seconds)", "Atender en (segundos)"), 1, 600, 20,
                                        key="call_threshold")
    rules = {"as_missed": L("abandons count as missed", "los abandonos cuentan como fallos"),
             "ignore": L("abandons left out", "sin contar abandonos"),
             "exclude_short": L("short abandons left out, others missed", "sin abandonos cortos, el resto fallos"),
             "within_as_met": L("early abandons count as met", "abandonos tempranos cuentan como cumplidos"),
             "after_only": L("early abandons left out", "sin abandonos tempranos"),
             "short_as_met": L("short abandons count as met", "abandonos cortos cuentan como cumplidos")}
    with columns[1]:
        rule = widgets.choice(L("Abandoned calls", "Llamadas abandonadas"), rules, key="abandon_rule",
                              default="as_missed")
    widgets.keep("short_abandon", low=0, high=60, integer=True)
    short = columns[2].number_input(L("Short abandon under (seconds)", "Abandono corto menor de (segundos)"), 0, 60, 5,
                                    key="short_abandon")
    service = cxkit.call_service(current_calls, threshold_seconds=threshold, abandon_rule=rule,  # type: ignore[arg-type]
                                 short_abandon_seconds=short).row(0, named=True)
    columns = list(st.columns(4))
    columns[0].metric(L("Service level", "Nivel de servicio"), fmt_pct(service["service_level"]), border=True,
                      help=L("answered within {t} s; {rule}", "atendidas en {t} s; {rule}", t=threshold, rule=rules[rule]))
    columns[1].metric(L("Abandon rate", "Tasa de abandono"), fmt_pct(service["abandon_rate"]), border=True)
    columns[2].metric(L("Average speed of answer", "Tiempo medio de respuesta"),
                      fmt_number(service["asa_seconds"], 0) + " s", border=True)
    columns[3].metric(L("Average handle time", "Tiempo medio de gestión"), fmt_number(service["aht_seconds"], 0) + " s",
                      border=True)
    for column in ("queue", "agent"):
        if column in calls.columns:
            widgets.table(cxkit.call_service(current_calls, threshold_seconds=threshold, abandon_rule=rule,  # type: ignore[arg-type]
                                             short_abandon_seconds=short, by=column).drop_nulls(column),
                          key=f"calls_by_{column}")
    by_hour = cxkit.calls_by_hour(current_calls)
    if by_hour.height:
        widgets.chart(charts.heatmap(by_hour, x="hour", y="weekday", value="calls", value_format=",.0f",
                                     x_title=L("Hour", "Hora"), y_title=L("Weekday (1 = Monday)", "Día (1 = lunes)")),
                      key="calls_heatmap", how_to_read=L("Calls per weekday and hour: where to put people.",
                                                         "Llamadas por día y hora: dónde poner gente."))

tickets = v.all.get("tickets")
if tickets is None:
    if calls is None:
        widgets.needs("tickets")
    st.stop()
assert tickets is not None
current = v.current.get("tickets", tickets.clear())

st.subheader(L("Volume and backlog", "Volumen y pendientes"))
volume = cxkit.ticket_volume(tickets, every=v.every)
long = volume.select("period", "created", "solved", "backlog").unpivot(index="period", variable_name="measure",
                                                                       value_name="tickets")
widgets.chart(charts.lines(long.drop_nulls("tickets"), x="period", y="tickets", color="measure",
                           y_title=L("Tickets", "Tickets"), period=v.period), key="volume",
              how_to_read=L("Created and solved per period; the backlog is what was still open at each period's end. A "
                            "backlog that keeps growing means the team is not keeping up.",
                            "Creados y resueltos por periodo; los pendientes son lo que seguía abierto al final de cada "
                            "periodo. Si crecen sin parar, el equipo no da abasto."))
messages = [c for c in ("incoming_messages", "outgoing_messages") if c in volume.columns]
if messages:
    flows = volume.select("period", *messages).unpivot(index="period", variable_name="direction", value_name="messages")
    widgets.chart(charts.bars(flows, x="period", x_type="T", y="messages", color="direction", stack=None,
                              y_title=L("Messages", "Mensajes")), key="messages",
                  how_to_read=L("Messages from customers and replies from agents, by the period the ticket was opened.",
                                "Mensajes de clientes y respuestas de agentes, según el periodo en que se abrió el "
                                "ticket."))
widgets.table(volume, key="ticket_volume")

if "first_response_minutes" not in tickets.columns:
    widgets.needs("tickets", "first_response_minutes")
else:
    st.subheader(L("First response and SLA", "Primera respuesta y SLA"))
    hours = st.number_input(L("First-reply target (hours)", "Objetivo de primera respuesta (horas)"), min_value=0.1,
                            max_value=24.0 * 30, step=0.5, value=float(st.session_state["sla_minutes"]) / 60,
                            key="sla_hours")
    st.session_state["sla_minutes"] = hours * 60
    sla_target = hours * 60
    overall = cxkit.first_response(current, sla_minutes=sla_target).row(0, named=True)
    columns = list(st.columns(4))
    columns[0].metric(L("Median first response", "Mediana de primera respuesta"),
                      fmt_minutes(overall["median_minutes"]), border=True)
    columns[1].metric(L("90% answered within", "El 90 % respondido en"), fmt_minutes(overall["p90_minutes"]),
                      border=True)
    columns[2].metric(L("Replies later than target", "Respuestas fuera de objetivo"),
                      fmt_number(overall["sla_breaches"]), border=True)
    columns[3].metric(L("Still unanswered, overdue", "Sin respuesta y vencidos"),
                      fmt_number(overall["unanswered_overdue"]), border=True)
    answered = current.select((pl.col("first_response_minutes") / 60).alias("hours")).drop_nulls()
    if answered.height:
        cap = float(answered["hours"].quantile(0.98) or 1)
        widgets.chart(charts.histogram(answered.filter(pl.col("hours") <= cap), column="hours",
                                       title=L("Hours to first reply", "Horas hasta la primera respuesta")),
                      key="frt_distribution",
                      how_to_read=L("How long customers waited for a first reply (the slowest 2% are left out of the "
                                    "chart).", "Cuánto esperaron los clientes la primera respuesta (el 2 % más lento no "
                                    "aparece en el gráfico)."))
    per_day = cxkit.first_response(current, every="1d", sla_minutes=sla_target)
    widgets.chart(charts.bars(per_day, x="period", x_type="T", y="sla_breaches",
                              y_title=L("Replies later than target", "Respuestas fuera de objetivo")),
                  key="breaches_per_day",
                  how_to_read=L("Each bar counts the first replies that day that took longer than the target.",
                                "Cada barra cuenta las primeras respuestas de ese día que tardaron más que el objetivo."))
    for column, title in (("agent", L("Per agent", "Por agente")), ("channel", L("Per channel", "Por canal"))):
        if column in current.columns:
            per = cxkit.first_response(current, by=column, sla_minutes=sla_target).drop_nulls(column)
            st.markdown(f"**{title}**")
            widgets.chart(charts.bars(per, x=column, y="sla_breaches", horizontal=True, sort="-x",
                                      y_title=L("Replies later than target", "Respuestas fuera de objetivo")),
                          key=f"breaches_{column}",
                          how_to_read=L("Times a first reply missed the target, in the selected period.",
                                        "Veces que una primera respuesta superó el objetivo, en el periodo elegido."))
            widgets.table(per, key=f"first_response_by_{column}")

if "resolution_minutes" in tickets.columns:
    st.subheader(L("Resolution", "Resolución"))
    resolved = cxkit.resolution(current).row(0, named=True)
    columns = list(st.columns(3))
    columns[0].metric(L("Median resolution", "Mediana de resolución"), fmt_minutes(resolved["median_minutes"]),
                      border=True)
    columns[1].metric(L("90% resolved within", "El 90 % resuelto en"), fmt_minutes(resolved["p90_minutes"]),
                      border=True)
    columns[2].metric(L("Reopen rate", "Tasa de reapertura"), fmt_pct(resolved["reopen_rate"]), border=True)
    solved = current.select((pl.col("resolution_minutes") / 60).alias("hours")).drop_nulls()
    if solved.height:
        cap = float(solved["hours"].quantile(0.98) or 1)
        widgets.chart(charts.histogram(solved.filter(pl.col("hours") <= cap), column="hours",
                                       title=L("Hours to resolution", "Horas hasta la resolución")), key="resolution",
                      how_to_read=L("How long tickets took to be solved.", "Cuánto tardaron los tickets en resolverse."))

if "handle_minutes" in tickets.columns:
    handled = cxkit.handle_time(current).row(0, named=True)
    st.metric(L("Average handle time", "Tiempo medio de gestión"), fmt_minutes(handled["aht_minutes"]), border=True)

st.subheader(L("First-contact resolution and repeat contacts", "Resolución al primer contacto y contactos repetidos"))
columns = list(st.columns(3))
try:
    one_touch = cxkit.fcr(current).row(0, named=True)
    columns[0].metric(L("Solved with one reply", "Resueltos con una respuesta"), fmt_pct(one_touch["fcr"]),
                      border=True, help=L("one agent reply and no reopen ÷ solved tickets",
                                          "una respuesta y sin reabrir ÷ tickets resueltos"))
except cxkit.MetricError:
    columns[0].caption(L("Needs agent replies per ticket.", "Necesita las respuestas por ticket."))
if "customer_id" in tickets.columns:
    widgets.keep("repeat_window", low=1, high=30, integer=True)
    window = st.slider(L("Window (days)", "Ventana (días)"), 1, 30, 7, key="repeat_window")
    no_repeat = cxkit.fcr(current, definition="no_repeat", window_days=window).row(0, named=True)
    columns[1].metric(L("No new contact within the window", "Sin nuevo contacto en la ventana"),
                      fmt_pct(no_repeat["fcr"]), border=True)
    repeats = cxkit.repeat_contacts(current, window_days=window).row(0, named=True)
    columns[2].metric(L("Repeat contacts", "Contactos repetidos"), fmt_pct(repeats["repeat_rate"]), border=True,
                      help=L("same complaint again: {s}", "la misma queja otra vez: {s}",
                             s=fmt_pct(repeats["same_type_rate"])))
else:
    widgets.needs("tickets", "customer_id")

if "channel" in tickets.columns:
    st.subheader(L("Channel mix", "Mezcla de canales"))
    mix = cxkit.channel_mix(current)
    widgets.chart(charts.bars(mix, x="channel", y="share", y_format=".0%", horizontal=True, sort="-x",
                              y_title=L("Share of tickets", "Proporción de tickets")), key="channel_mix",
                  how_to_read=L("Where customers reach you in the selected period.",
                                "Por dónde le contactan los clientes en el periodo elegido."))
    widgets.table(mix, key="channel_mix_table")
    trend = cxkit.channel_mix(tickets, every=v.every)
    widgets.chart(charts.bars(trend, x="period", x_type="T", y="share", color="channel", y_format=".0%",
                              stack="normalize", y_title=L("Share of tickets", "Proporción de tickets")),
                  key="channel_trend", how_to_read=L("How the mix of channels changes over time.",
                                                     "Cómo cambia la mezcla de canales con el tiempo."))
