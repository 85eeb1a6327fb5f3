"""Team & sales: per-agent service and sales, discount codes by segment, and revenue after a contact."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import polars as pl
import streamlit as st

import cxkit
from ui import charts, kpis, widgets
from ui.context import page_context
from ui.i18n import _, column_labels
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(_("Team & sales"))
tickets = v.current.get("tickets")
orders = v.current.get("orders")

st.subheader(_("Per agent"))
if tickets is None or "agent" not in tickets.columns:
    widgets.needs("tickets", "agent")
else:
    sla = ctx.sla_minutes
    agent_tickets: pl.DataFrame = tickets
    # every agent with tickets is listed; each measure the data cannot support is left out (a file with an
    # agent but no first-response time still gets its table)
    table = tickets.group_by("agent").agg(pl.len().cast(pl.Int64).alias("tickets"))
    measures: list[tuple[Callable[[], pl.DataFrame], list[str] | None]] = [
        (lambda: cxkit.first_response(agent_tickets, by="agent", sla_minutes=sla).select(
            "agent", pl.col("median_minutes").alias("median_first_response_minutes"), "sla_breach_rate"), None),
        (lambda: cxkit.fcr(agent_tickets, by="agent"), ["agent", "fcr"]),
        (lambda: cxkit.csat(agent_tickets, by="agent"), ["agent", "csat", "rated"]),
    ]
    for metric, columns in measures:
        with contextlib.suppress(cxkit.MetricError):  # a metric the data cannot support is left out
            result = metric()
            table = table.join(result.select(columns) if columns else result, on="agent", how="left")
    if orders is not None and "agent" in orders.columns:
        sales = cxkit.agent_sales(orders, every=None).drop("orders", "revenue")
        table = table.with_columns(pl.col("agent").cast(pl.String)).join(
            sales.with_columns(pl.col("agent").cast(pl.String)), on="agent", how="left")
    widgets.table(table.drop_nulls("agent").sort("tickets", descending=True), key="agents", column_config={
        "sla_breach_rate": st.column_config.NumberColumn(format="percent"),
        "fcr": st.column_config.NumberColumn(format="percent"),
        "csat": st.column_config.NumberColumn(format="percent"),
        "median_first_response_minutes": st.column_config.NumberColumn(format="%.0f"),
    })

if orders is None:
    widgets.needs("orders")
    st.stop()
assert orders is not None
if "agent" in orders.columns:
    st.subheader(_("Sales by agents"))
    weekly = cxkit.agent_sales(orders, every=v.every if v.every != "1d" else "1w")
    long = weekly.select("agent", "period", "upsell_revenue", "cross_sell_revenue", "save_the_sale_revenue").unpivot(
        index=["agent", "period"], variable_name="kind", value_name="revenue").group_by("agent", "kind").agg(
        pl.col("revenue").sum())
    order = long.group_by("agent").agg(pl.col("revenue").sum()).sort("revenue", descending=True)["agent"].to_list()
    widgets.chart(charts.bars(long, x="agent", y="revenue", color="kind", horizontal=True, sort=order,
                              y_format=charts.MONEY, y_title=_("Revenue")),
                  key="agent_sales", how_to_read=_("Upsell, cross-sell and save-the-sale revenue each agent brought "
                                                   "in the selected period."))
    widgets.table(weekly, key="agent_sales_by_period")

if "discount_code" in orders.columns:
    st.subheader(_("Discount codes"))
    segments = [c for c in kpis.segment_columns(orders) if c not in ("discount_code", "kind", "agent")]
    by = widgets.choice(_("Break down by"), {"": _("(nothing)"), **column_labels(segments)},
                        key="codes_by", default="")
    codes = cxkit.discount_codes(orders, by=[by] if by else [])
    widgets.table(codes, key="discount_codes", column_config={
        "share_of_revenue": st.column_config.NumberColumn(format="percent")})

all_tickets = v.current.get("tickets")
if all_tickets is not None and "customer_id" in all_tickets.columns and "customer_id" in orders.columns:
    st.subheader(_("Revenue after a contact"))
    widgets.keep("attribution_window", low=1, high=14, integer=True, default=3)
    window = st.slider(_("Orders within (days after the contact)"), 1, 14, key="attribution_window")
    for column in ("channel", "agent"):
        if column in all_tickets.columns:
            attributed = cxkit.attributed_revenue(all_tickets, orders, window_days=window, by=column)
            widgets.chart(charts.bars(attributed.drop_nulls(column), x=column, y="revenue_per_contact",
                                      horizontal=True, sort="-x", y_format=charts.MONEY_CENTS,
                                      y_title=_("Revenue per contact")),
                          key=f"attributed_{column}",
                          how_to_read=_("Orders placed within the window after the customer's latest contact, per "
                                        "contact. An association, not proof that the contact caused the order."))
            widgets.table(attributed, key=f"attributed_revenue_by_{column}")
