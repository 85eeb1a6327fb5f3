"""The full Excel report: a cover sheet (what the numbers are: period, comparison, filters, source files),
then one sheet per page, computed from cxkit on the current view when asked for, in the UI's language,
numbers stored as numbers (rates as percentages with a percent format, money with the currency)."""

from __future__ import annotations

import polars as pl

import cxkit
from ui import export, plan
from ui.i18n import DATE_FORMATS, LANGS, N_, _, cxkit_value_columns, fmt_date, lang, language, translate_values
from ui.kpis import Kpi, churn_kpi, csat_kpi, customer_kpis, nps_kpi, order_kpis, segment_columns, service_kpis
from ui.state import View

RATES = {"csat", "churn", "sla", "fcr", "churn_share"}  # KPIs computed as fractions 0..1
UNITS = {"nps": N_("points"), "tickets": N_("tickets"), "frt": N_("minutes"), "orders": N_("orders"),
         "customers": N_("customers")}
MONEY = {"revenue", "aov"}


def _kpi_rows(cards: list[Kpi], lang: str) -> pl.DataFrame:
    """One row per KPI: its value and the previous period's as numbers (rates in %), the unit and the test."""
    rows = []
    for c in cards:
        scale = 100.0 if c.key in RATES else 1.0
        with language(lang):
            unit = "%" if c.key in RATES else "€" if c.key in MONEY else _(UNITS[c.key]) if c.key in UNITS else ""
        current = c.change.current if c.change else None
        rows.append({"kpi": c.label, "value": None if current is None else current * scale,
                     "previous": None if not c.change or c.change.previous is None else c.change.previous * scale,
                     "unit": unit, "p_value": c.change.p_value if c.change else None,
                     "test": c.change.test if c.change else None, "shown": c.value})
    return pl.DataFrame(rows, schema={"kpi": pl.String, "value": pl.Float64, "previous": pl.Float64, "unit": pl.String,
                                      "p_value": pl.Float64, "test": pl.String, "shown": pl.String})


def cover(v: View, lang: str, sources: list[str]) -> pl.DataFrame:
    """What the report's numbers are: when it was made, the period, the comparison, the filters, the files."""

    with language(lang):
        return _cover(v, sources)


def _cover(v: View, sources: list[str]) -> pl.DataFrame:
    import datetime as dt

    def day(d: dt.date | None) -> str:
        return fmt_date(d)

    rows = [(_("Report"), _("cxkit: customer experience")),
            (_("Made on"), dt.datetime.now().strftime(DATE_FORMATS[lang()][0] + " %H:%M")),
            (_("Language"), LANGS[lang()])]
    if v.period is not None:
        previous = v.period.previous()
        rows.append((_("Period"), f"{day(v.period.start)} – {day(v.period.end)}"))
        comparable = any(v.comparable(k) for k in v.all)
        rows.append((_("Compared with"),
                     f"{day(previous.start)} – {day(previous.end)}" if comparable else _("no comparison")))
    for key, values in v.filters.items():
        label = _(v.filter_label(key))
        rows.append((_("Filter") + f": {label}", ", ".join(values)))
    if not v.filters:
        rows.append((_("Filters"), _("none: all segments")))
    for kind, keys in v.unfiltered.items():
        rows.append((_("Not filtered"), f"{kind}: " + ", ".join(_(v.filter_label(k)) for k in keys)))
    for name in sources:
        rows.append((_("Source file"), name))
    return pl.DataFrame(rows, schema=[_("Item"), _("Value")], orient="row")


# The sheets' names (the keys of ``sheets``) are their English titles, translated when the workbook is built.
SHEET_TITLES = [N_("Overview"), N_("NPS by period"), N_("NPS by segment"), N_("Churn"), N_("Cohorts"),
                N_("Ticket volume"), N_("First response by channel"), N_("First response by agent"),
                N_("Ticket-type drift"), N_("Agent sales"), N_("Discount codes"), N_("ROI cases"), N_("ROI simulation"),
                N_("Definitions")]


def sheets(v: View, sla_minutes: float, scenario_json: str | None, draws: int | None = None) -> dict[str, pl.DataFrame]:
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
        computed = plan.result(scenario_json, draws or plan.DEFAULT_DRAWS)  # the planner's own figures
        out["ROI cases"] = computed.cases
        out["ROI simulation"] = computed.simulation.summary
    out["Definitions"] = definitions()
    return out


def definitions() -> pl.DataFrame:
    """cxkit's metric catalog in the session's language (its own column of each text; English where cxkit has no
    column for the language), headed in that language."""
    catalog = cxkit.metric_catalog()
    code = lang() if f"title_{lang()}" in catalog.columns else "en"
    suffix = "" if code == "en" else f"_{code}"
    return catalog.select(
        pl.col(f"title_{code}").alias(_("Name")), pl.col(f"definition_{code}").alias(_("Description")),
        pl.col(f"formula{suffix}").alias(_("Formula")), pl.col(f"unit{suffix}").alias(_("Unit")),
        pl.col(f"source{suffix}").alias(_("Source")), pl.col("function").alias("cxkit"))


def build(v: View, sla_minutes: float, scenario_json: str | None, lang: str = "en",
          sources: list[str] | None = None, draws: int | None = None) -> bytes:
    """The workbook in ``lang``: the cover, then the pages' sheets with translated names and headers."""
    from ui.terms import HEADERS

    with language(lang):
        tables = {name: translate_values(frame, *cxkit_value_columns(frame))  # cxkit's category words ('likely')
                  for name, frame in sheets(v, sla_minutes, scenario_json, draws).items()}
        first = cover(v, lang, sources or [])
        out = {_("Cover"): first}
        titles = {name: _(name) for name in tables}
        headers = {c: _(h) for c, h in HEADERS.items()}
    formats: dict[str, dict[str, str]] = {}
    for name, frame in tables.items():
        title = titles[name]
        renamed = {c: headers[c] for c in frame.columns if c in headers}
        renamed = {c: h for c, h in renamed.items() if h not in frame.columns or h == c}
        formats[title] = {renamed.get(c, c): f for c, f in _number_formats(frame).items()}
        out[title] = frame.rename(renamed)
    return export.to_excel(out, formats)


def _number_formats(frame: pl.DataFrame) -> dict[str, str]:
    """Excel formats by column, the kinds the app's tables write (``ui.widgets._cell_kind``): rates as percentages,
    money with the euro sign, counts with thousands separators, minutes and other amounts with their decimals,
    p-values with three. The cells stay numbers; Excel writes the marks of the reader's own locale."""
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
        elif kind == "p":
            out[name] = "0.000"
        elif kind == "minutes":
            out[name] = "#,##0.0"
        elif kind == "number":
            out[name] = "#,##0" if dtype.is_integer() else "#,##0.00"
    return out
