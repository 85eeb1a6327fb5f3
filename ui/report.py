"""The full Excel report: a cover sheet (what the numbers are: period, comparison, filters, source files),
then one sheet per page, computed from cxkit on the current view when asked for, in the UI's language,
numbers stored as numbers (rates as percentages with a percent format, money with the currency)."""

from __future__ import annotations

import polars as pl

import cxkit
from cxkit import roi
from ui import export
from ui.i18n import lang, language
from ui.kpis import Kpi, churn_kpi, csat_kpi, customer_kpis, nps_kpi, order_kpis, segment_columns, service_kpis
from ui.state import View

RATES = {"csat", "churn", "sla", "fcr", "churn_share"}  # KPIs computed as fractions 0..1
UNITS = {"nps": ("points", "puntos"), "tickets": ("tickets", "tickets"), "frt": ("minutes", "minutes"),
         "orders": ("orders", "pedidos"), "revenue": ("€", "€"), "aov": ("€", "€"),
         "customers": ("customers", "clientes")}


def _kpi_rows(cards: list[Kpi], lang: str) -> pl.DataFrame:
    """One row per KPI: its value and the previous period's as numbers (rates in %), the unit and the test."""
    es = lang == "es"
    rows = []
    for c in cards:
        scale = 100.0 if c.key in RATES else 1.0
        unit = "%" if c.key in RATES else UNITS.get(c.key, ("", ""))[es]
        current = c.change.current if c.change else None
        rows.append({"kpi": c.label, "value": None if current is None else current * scale,
                     "previous": None if not c.change or c.change.previous is None else c.change.previous * scale,
                     "unit": unit, "p_value": c.change.p_value if c.change else None,
                     "test": c.change.test if c.change else None, "shown": c.value})
    return pl.DataFrame(rows, schema={"kpi": pl.String, "value": pl.Float64, "previous": pl.Float64, "unit": pl.String,
                                      "p_value": pl.Float64, "test": pl.String, "shown": pl.String})


def cover(v: View, lang: str, sources: list[str]) -> pl.DataFrame:
    """What the report's numbers are: when it was made, the period, the comparison, the filters, the files."""
    import datetime as dt

    es = lang == "es"

    def t(en: str, spanish: str) -> str:
        return spanish if es else en

    def day(d: dt.date | None) -> str:
        return "—" if d is None else d.strftime("%d/%m/%Y" if es else "%Y-%m-%d")

    rows = [(t("Report", "Informe"), t("cxkit: customer experience", "cxkit: experiencia de cliente")),
            (t("Made on", "Generado el"), dt.datetime.now().strftime("%d/%m/%Y %H:%M" if es else "%Y-%m-%d %H:%M")),
            (t("Language", "Idioma"), t("English", "Español"))]
    if v.period is not None:
        previous = v.period.previous()
        rows.append((t("Period", "Periodo"), f"{day(v.period.start)} – {day(v.period.end)}"))
        comparable = any(v.comparable(k) for k in v.all)
        rows.append((t("Compared with", "Comparado con"),
                     f"{day(previous.start)} – {day(previous.end)}" if comparable else t("no comparison", "sin comparación")))
    for key, values in v.filters.items():
        label = v.filter_label(key)[1 if es else 0]
        rows.append((t("Filter", "Filtro") + f": {label}", ", ".join(values)))
    if not v.filters:
        rows.append((t("Filters", "Filtros"), t("none: all segments", "ninguno: todos los segmentos")))
    for kind, keys in v.unfiltered.items():
        rows.append((t("Not filtered", "Sin filtrar"),
                     f"{kind}: " + ", ".join(v.filter_label(k)[1 if es else 0] for k in keys)))
    for name in sources:
        rows.append((t("Source file", "Archivo de origen"), name))
    return pl.DataFrame(rows, schema=[t("Item", "Dato"), t("Value", "Valor")], orient="row")


SHEETS_ES = {"Overview": "Resumen", "NPS by period": "NPS por periodo", "NPS by segment": "NPS por segmento",
             "Churn": "Bajas", "Cohorts": "Cohortes", "Ticket volume": "Volumen de tickets",
             "First response by channel": "Primera respuesta por canal",
             "First response by agent": "Primera respuesta por agente", "Ticket-type drift": "Cambio de tipos",
             "Agent sales": "Ventas de agentes", "Discount codes": "Códigos de descuento", "ROI cases": "Casos de ROI",
             "Definitions": "Definiciones"}


def sheets(v: View, sla_minutes: float, scenario_json: str | None) -> dict[str, pl.DataFrame]:
    out: dict[str, pl.DataFrame] = {}
    cards = [k for k in (nps_kpi(v), csat_kpi(v), churn_kpi(v)) if k is not None] + service_kpis(v, sla_minutes)
    cards += customer_kpis(v) + order_kpis(v)
    out["Overview"] = _kpi_rows(cards, lang())
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


def build(v: View, sla_minutes: float, scenario_json: str | None, lang: str = "en",
          sources: list[str] | None = None) -> bytes:
    """The workbook in ``lang``: the cover, then the pages' sheets with translated names and headers."""
    from ui.terms import HEADERS

    es = lang == "es"
    with language(lang):
        tables = sheets(v, sla_minutes, scenario_json)
        first = cover(v, lang, sources or [])
    out = {("Portada" if es else "Cover"): first}
    formats: dict[str, dict[str, str]] = {}
    for name, frame in tables.items():
        title = SHEETS_ES.get(name, name) if es else name
        renamed = {c: HEADERS[c][1 if es else 0] for c in frame.columns if c in HEADERS}
        renamed = {c: h for c, h in renamed.items() if h not in frame.columns or h == c}
        formats[title] = {renamed.get(c, c): f for c, f in _number_formats(frame).items()}
        out[title] = frame.rename(renamed)
    return export.to_excel(out, formats)


def _number_formats(frame: pl.DataFrame) -> dict[str, str]:
    """Excel formats by column: rates as percentages, money with the euro sign; the cells stay numbers."""
    from ui.widgets import _cell_kind

    out = {}
    for name, dtype in frame.schema.items():
        if not dtype.is_numeric() or name in ("value", "previous"):
            continue
        kind = _cell_kind(name, None)
        if kind == "percent":
            out[name] = "0.0%"
        elif kind == "money":
            out[name] = '#,##0.00 "€"'
    return out
