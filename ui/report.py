"""The full Excel report: one sheet per page, computed from cxkit on the current view when asked for."""

from __future__ import annotations

import polars as pl

import cxkit
from cxkit import roi
from ui import export
from ui.kpis import Kpi, churn_kpi, csat_kpi, nps_kpi, segment_columns, service_kpis
from ui.state import View


def _kpi_rows(cards: list[Kpi]) -> pl.DataFrame:
    return pl.DataFrame([{
        "kpi": c.label, "value": c.value,
        "current": c.change.current if c.change else None, "previous": c.change.previous if c.change else None,
        "p_value": c.change.p_value if c.change else None, "test": c.change.test if c.change else None,
    } for c in cards], schema={"kpi": pl.String, "value": pl.String, "current": pl.Float64, "previous": pl.Float64,
                               "p_value": pl.Float64, "test": pl.String})


def sheets(v: View, sla_minutes: float, scenario_json: str | None) -> dict[str, pl.DataFrame]:
    out: dict[str, pl.DataFrame] = {}
    cards = [k for k in (nps_kpi(v), csat_kpi(v), churn_kpi(v)) if k is not None] + service_kpis(v, sla_minutes)
    out["Overview"] = _kpi_rows(cards)
    responses = v.all.get("responses")
    if responses is not None and "nps_score" in responses.columns:
        out["NPS by period"] = cxkit.nps(responses, every=v.every)
        segments = segment_columns(responses)
        if segments:
            out["NPS by segment"] = cxkit.nps(v.current.get("responses", responses), by=segments[0])
    customers = v.all.get("customers")
    if customers is not None and {"acquired_at", "churned_at"} <= set(customers.columns):
        out["Churn"] = cxkit.churn(customers)
        out["Cohorts"] = cxkit.cohort_retention(customers)
    tickets = v.all.get("tickets")
    if tickets is not None:
        out["Ticket volume"] = cxkit.ticket_volume(tickets, every=v.every)
        current = v.current.get("tickets", tickets)
        if "first_response_minutes" in tickets.columns:
            for column in ("channel", "agent"):
                if column in tickets.columns:
                    out[f"First response by {column}"] = cxkit.first_response(current, by=column,
                                                                              sla_minutes=sla_minutes)
        if "ticket_type" in tickets.columns and v.period is not None:
            previous = v.period.previous()
            out["Ticket-type drift"] = cxkit.type_drift(
                tickets, baseline=(previous.start, previous.end_exclusive),
                current=(v.period.start, v.period.end_exclusive)).table
    orders = v.current.get("orders")
    if orders is not None and "agent" in orders.columns:
        out["Agent sales"] = cxkit.agent_sales(orders, every=None)
    if orders is not None and "discount_code" in orders.columns:
        out["Discount codes"] = cxkit.discount_codes(orders)
    if scenario_json:
        out["ROI cases"] = roi.evaluate(roi.Scenario.from_json(scenario_json))
    out["Definitions"] = cxkit.metric_catalog()
    return out


def build(v: View, sla_minutes: float, scenario_json: str | None) -> bytes:
    return export.to_excel(sheets(v, sla_minutes, scenario_json))
