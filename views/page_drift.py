"""Ticket-type drift: how the mix of requests changes, which kinds are new, vanishing, rising or falling."""

from __future__ import annotations

import polars as pl
import streamlit as st

import cxkit
from ui import charts, widgets
from ui.context import page_context
from ui.i18n import L, column_labels, esc, fmt_date, fmt_number, fmt_p
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(L("Ticket-type drift", "Cambio de tipos de ticket"))
tickets = v.all.get("tickets")
if tickets is None:
    widgets.needs("tickets", "ticket_type")
    st.stop()
assert tickets is not None
candidates = [c for c, t in tickets.schema.items()
              if cxkit.is_text(t) and 1 < tickets[c].n_unique() <= 80 and c not in ("ticket_id", "customer_id", "status")]
if not candidates:
    widgets.needs("tickets", "ticket_type")
    st.stop()
widgets.keep("drift_column", options=candidates)
column = st.selectbox(L("Kind of request", "Tipo de petición"), candidates,
                      index=candidates.index("ticket_type") if "ticket_type" in candidates else 0, key="drift_column",
                      format_func=column_labels(candidates).__getitem__)

shares = cxkit.type_shares(tickets, every=v.every, column=column)
widgets.chart(charts.bars(shares, x="period", x_type="T", y="share", color="category", y_format=".0%",
                          stack="normalize", y_title=L("Share of tickets", "Proporción de tickets")), key="type_shares",
              how_to_read=L("Each bar is one period split by kind of request: a colour that grows is a kind that is "
                            "taking more of the team's time.", "Cada barra es un periodo repartido por tipo de "
                            "petición: un color que crece es un tipo que ocupa más tiempo del equipo."))

widgets.chart(charts.lines(shares, x="period", y="count", color="category",
                           y_title=L("Tickets", "Tickets"), period=v.period), key="type_counts",
              how_to_read=L("The same kinds as counts: a kind can grow in tickets while its share falls, when "
                            "everything grows faster.", "Los mismos tipos en número de tickets: un tipo puede crecer "
                            "en tickets mientras su proporción baja, si todo crece más deprisa."))

if v.period is None:
    st.stop()
if not v.covers_previous("tickets"):
    st.info(L("No comparison with the previous period: the tickets begin after its start. Choose a later period.",
              "Sin comparación con el periodo anterior: los tickets empiezan después de su inicio. Elija un periodo "
              "posterior."), icon="ℹ️")
    st.stop()
previous = v.period.previous()
drift = cxkit.type_drift(tickets, baseline=(previous.start, previous.end_exclusive),
                         current=(v.period.start, v.period.end_exclusive), column=column)
st.subheader(L("This period against the previous one", "Este periodo frente al anterior"))
st.caption(L("{a} – {b} against {c} – {d}.", "{a} – {b} frente a {c} – {d}.", a=fmt_date(v.period.start),
             b=fmt_date(v.period.end), c=fmt_date(previous.start), d=fmt_date(previous.end)))
if drift.baseline_total == 0 or drift.current_total == 0:
    st.info(L("One of the two periods has no tickets: choose a period with data before it.",
              "Uno de los dos periodos no tiene tickets: elija un periodo con datos antes."))
else:
    verdict = (L("the mix changed more than chance would explain", "la mezcla cambió más de lo que explicaría el azar")
               if drift.p_value is not None and drift.p_value < 0.05 else
               L("the change could be chance", "el cambio puede ser azar"))
    columns = st.columns(3)
    columns[0].metric(L("Test of the whole mix", "Contraste de toda la mezcla"), fmt_p(drift.p_value), border=True,
                      help=L("χ² = {c}, {d} degrees of freedom", "χ² = {c}, {d} grados de libertad",
                             c=fmt_number(drift.chi2, 1), d=drift.dof))
    columns[1].metric(L("Size of the change (Cramér's V)", "Tamaño del cambio (V de Cramér)"),
                      fmt_number(drift.cramers_v, 3), border=True,
                      help=L("0 = same mix, 1 = completely different", "0 = misma mezcla, 1 = totalmente distinta"))
    columns[2].metric(L("Jensen–Shannon distance", "Distancia de Jensen–Shannon"), fmt_number(drift.js_distance, 3),
                      border=True, help=L("PSI {p}", "PSI {p}", p=fmt_number(drift.psi, 3)))
    st.markdown(L("In short: {v}.", "En resumen: {v}.", v=verdict))
    if drift.most_common:
        st.markdown(L("Most common now: **{t}**.", "Lo más frecuente ahora: **{t}**.",
                      t=", ".join(esc(t) for t in drift.most_common[:3])))
    if drift.new:
        st.markdown(L("New this period: **{t}**.", "Nuevo en este periodo: **{t}**.", t=", ".join(esc(t) for t in drift.new)))
    labels = {"new": L("new", "nuevo"), "vanished": L("vanished", "desaparece"), "rising": L("rising", "sube"),
              "falling": L("falling", "baja"), "stable": L("stable", "estable")}
    # growth judged both ways: the share of the mix, and the count of tickets against the previous period
    table = drift.table.with_columns(
        pl.col("status").replace_strict(labels, default=pl.col("status")),
        pl.when(pl.col("baseline_count") > 0).then(pl.col("current_count") / pl.col("baseline_count") - 1)
        .otherwise(None).alias("count_growth"),
    ).select("category", "status", "baseline_count", "current_count", "count_growth", "baseline_share",
             "current_share", "change_pts", "p_adjusted")
    widgets.table(table, key="drift_table", column_config={
        "baseline_share": st.column_config.NumberColumn(format="percent"),
        "count_growth": st.column_config.NumberColumn(format="percent"),
        "current_share": st.column_config.NumberColumn(format="percent"),
        "change_pts": st.column_config.NumberColumn(format="%.1f"),
        "p_adjusted": st.column_config.NumberColumn(format="%.4f"),
    })
    st.caption(L("Status 'rising' or 'falling' needs an adjusted p-value under 0.05 (Benjamini–Hochberg over all "
                 "kinds); 'new' and 'vanished' are facts. Shares are of each period's tickets.",
                 "'Sube' o 'baja' necesita un p-valor ajustado menor que 0,05 (Benjamini–Hochberg sobre todos los "
                 "tipos); 'nuevo' y 'desaparece' son hechos. Las proporciones son sobre los tickets de cada periodo."))
