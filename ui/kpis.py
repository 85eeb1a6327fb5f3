"""KPI values, their change against the previous period, and highlights, assembled from cxkit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

import cxkit
from ui.i18n import (
    _,
    esc,
    fmt_minutes,
    fmt_money,
    fmt_number,
    fmt_p,
    fmt_pct,
    fmt_points,
    fmt_signed,
    lang,
    signed_minutes,
)
from ui.state import View, memo


@dataclass
class Kpi:
    key: str
    label: str
    value: str
    change: cxkit.Change | None
    delta: str | None
    higher_is_better: bool = True
    help: str = ""
    kind: str = ""  # the data it is measured on: its change is only shown when that data covers the previous period


def _windows(v: View) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]] | None:
    if v.period is None:
        return None
    previous = v.period.previous()
    return (previous.start, previous.end_exclusive), (v.period.start, v.period.end_exclusive)


def nps_kpi(v: View) -> Kpi | None:
    frame = v.all.get("responses")
    windows = _windows(v)
    if frame is None or "nps_score" not in frame.columns or windows is None:
        return None
    row = cxkit.compare_nps(frame, baseline=windows[0], current=windows[1]).row(0, named=True)
    change = cxkit.Change(row["current_nps"], row["baseline_nps"], row["difference"], row["p_value"],
                          "NPS z test (independent samples)")
    delta = fmt_points(row["difference"])
    return Kpi("nps", "NPS", fmt_number(row["current_nps"], 0), change, delta, kind="responses",
               help=_("n = {n} answers", n=fmt_number(row["current_responses"])))


def _rated(frame: pl.DataFrame | None) -> tuple[int, int]:
    if frame is None or frame.height == 0:
        return 0, 0
    row = cxkit.csat(frame).row(0, named=True)
    return int(row["satisfied"]), int(row["rated"])


def csat_kpi(v: View) -> Kpi | None:
    for kind in ("responses", "tickets"):
        frame = v.all.get(kind)
        if frame is not None and ({"satisfied", "csat_score"} & set(frame.columns)):
            now, before = _rated(v.current.get(kind)), _rated(v.previous.get(kind))
            if now[1] == 0:
                continue
            change = cxkit.compare_proportions(now[0], now[1], before[0], before[1])
            delta = fmt_points(100 * change.difference) if change.difference is not None else None
            return Kpi("csat", "CSAT", fmt_pct(change.current), change, delta, kind=kind,
                       help=_("satisfied ÷ rated, n = {n}", n=fmt_number(now[1])))
    return None


def _churn_counts(frame: pl.DataFrame, start: dt.date, end: dt.date) -> tuple[int, int]:
    table = cxkit.churn(frame, every="1mo").filter((pl.col("period") >= start) & (pl.col("period") < end))
    return int(table["lost_from_start"].sum()), int(table["customers_start"].sum())


def churn_kpi(v: View) -> Kpi | None:
    frame = v.all.get("customers")
    windows = _windows(v)
    if frame is None or windows is None or not {"acquired_at", "churned_at"} <= set(frame.columns):
        return None
    now = _churn_counts(frame, *windows[1])
    before = _churn_counts(frame, *windows[0])
    if now[1] == 0:
        return None
    change = cxkit.compare_proportions(*now, *before)
    delta = fmt_points(100 * change.difference, 2) if change.difference is not None else None
    return Kpi("churn", _("Monthly churn"), fmt_pct(change.current, 2), change, delta,
               higher_is_better=False, kind="customers",
               help=_("customers lost ÷ customers at the start of each month, pooled over the period")
               + (_(". Only {n} customers at the start: not reliable.", n=fmt_number(now[1]))
                  if cxkit.is_thin(now[1]) else ""))


def service_kpis(v: View, sla_minutes: float) -> list[Kpi]:
    now, before = v.current.get("tickets"), v.previous.get("tickets")
    if now is None or now.height == 0:
        return []
    kpis: list[Kpi] = []
    if v.period is not None:
        days = (v.period.end_exclusive - v.period.start).days
        change = cxkit.compare_counts(now.height, days, before.height if before is not None else 0, days)
        kpis.append(Kpi("tickets", _("Tickets"), fmt_number(now.height), change,
                        fmt_signed(change.difference),
                        higher_is_better=False, kind="tickets"))
    if "first_response_minutes" in now.columns:
        previous_frt = before["first_response_minutes"] if before is not None else pl.Series([], dtype=pl.Float64)
        change = cxkit.compare_medians(now["first_response_minutes"].drop_nulls().to_numpy(),
                                       previous_frt.drop_nulls().to_numpy())
        kpis.append(Kpi("frt", _("Median first response"), fmt_minutes(change.current),
                        change, signed_minutes(change.difference),
                        higher_is_better=False, kind="tickets"))
        breach_now = cxkit.first_response(now, sla_minutes=sla_minutes).row(0, named=True)
        breach_before = cxkit.first_response(before, sla_minutes=sla_minutes).row(0, named=True) \
            if before is not None and before.height else {"sla_breaches": 0, "answered": 0}
        change = cxkit.compare_proportions(breach_now["sla_breaches"], breach_now["answered"],
                                           breach_before["sla_breaches"], breach_before["answered"])
        kpis.append(Kpi("sla", _("SLA breach rate"), fmt_pct(change.current), change,
                        fmt_points(100 * change.difference) if change.difference is not None else None,
                        higher_is_better=False, kind="tickets",
                        help=_("first replies later than {t}",
                               t=fmt_minutes(sla_minutes))))
    if "agent_replies" in now.columns and ({"status", "solved_at"} & set(now.columns)):
        a = cxkit.fcr(now).row(0, named=True)
        b = cxkit.fcr(before).row(0, named=True) if before is not None and before.height else \
            {"resolved_first_contact": 0, "solved": 0}
        change = cxkit.compare_proportions(a["resolved_first_contact"], a["solved"], b["resolved_first_contact"],
                                           b["solved"])
        kpis.append(Kpi("fcr", _("First-contact resolution"), fmt_pct(change.current),
                        change, fmt_points(100 * change.difference) if change.difference is not None else None,
                        kind="tickets",
                        help=_("one agent reply, no reopen ÷ solved")))
    return kpis


def customer_kpis(v: View) -> list[Kpi]:
    """Customers at the end of the period, or, for a snapshot (a churn flag, no dates), the share lost."""
    frame = v.all.get("customers")
    if frame is None or frame.height == 0:
        return []
    if "acquired_at" in frame.columns and v.period is not None:
        end = dt.datetime.combine(v.period.end_exclusive, dt.time())
        start = dt.datetime.combine(v.period.start, dt.time())

        def active(at: dt.datetime) -> int:
            alive = pl.col("acquired_at") < at
            if "churned_at" in frame.columns:
                alive = alive & (pl.col("churned_at").is_null() | (pl.col("churned_at") >= at))
            return int(frame.filter(alive).height)

        now, before = active(end), active(start)
        return [Kpi("customers", _("Customers at the end"), fmt_number(now), None,
                    None, kind="customers",
                    help=_("{b} at the start of the period", b=fmt_number(before)))]
    if "churned" in frame.columns:
        row = cxkit.churn_share(frame).row(0, named=True)
        return [Kpi("churn_share", _("Customers lost"), fmt_pct(row["churn_share"]), None, None,
                    higher_is_better=False, kind="customers",
                    help=_("{c} of {n} customers in the list have left",
                           c=fmt_number(row["churned"]), n=fmt_number(row["customers"])))]
    return []


def order_kpis(v: View) -> list[Kpi]:
    """Orders, revenue and the average order in the period (orders compared as a count per day)."""
    now, before = v.current.get("orders"), v.previous.get("orders")
    if now is None or now.height == 0 or "amount" not in now.columns:
        return []
    row = cxkit.order_summary(now, every=None).row(0, named=True)
    kpis: list[Kpi] = []
    if v.period is not None:
        days = (v.period.end_exclusive - v.period.start).days
        previous = cxkit.order_summary(before, every=None).row(0, named=True) if before is not None and before.height \
            else {"orders": 0}
        change = cxkit.compare_counts(int(row["orders"]), days, int(previous["orders"] or 0), days)
        kpis.append(Kpi("orders", _("Orders"), fmt_number(row["orders"]), change,
                        fmt_signed(change.difference), kind="orders"))
    kpis.append(Kpi("revenue", _("Revenue"), fmt_money(row["revenue"]), None, None, kind="orders"))
    kpis.append(Kpi("aov", _("Average order"), fmt_money(row["aov"], 2), None, None, kind="orders"))
    return kpis


def segment_columns(frame: pl.DataFrame, limit: int = 20) -> list[str]:
    """The segments worth breaking down by: label columns with a handful of short values (no ids, free text,
    dates or cxkit's internal classifications), one per meaning (the same rules as the filters)."""
    from ui.state import NOT_SEGMENT_MEANINGS, _is_label_column, meaning

    out: list[str] = []
    seen: set[str] = set()
    for column, dtype in frame.schema.items():
        key = meaning(column)
        if (not cxkit.is_text(dtype) or key in NOT_SEGMENT_MEANINGS or key.endswith(" id") or key in seen
                or not 1 < frame[column].n_unique() <= limit or not _is_label_column(frame[column])):
            continue
        text = frame[column].cast(pl.String)
        if any(text.equals(frame[other].cast(pl.String)) for other in out):
            continue
        seen.add(key)
        out.append(column)
    return out


def highlights(v: View, sla_minutes: float) -> list[str]:
    """A few sentences about what stands out in the selected period."""
    found: list[str] = []
    responses = v.current.get("responses")
    if responses is not None and "nps_score" in responses.columns and responses.height:
        gaps = cxkit.nps_gaps(responses, by=segment_columns(responses))
        for row in gaps.filter(pl.col("p_value") < 0.05).head(2).iter_rows(named=True):
            if row["gap"] < 0:
                found.append(_("Detractors weigh more in {s}: NPS {a} vs {b} elsewhere (n = {n}, {p}).",
                               s=esc(row["segment"]), a=fmt_number(row["nps"]), b=fmt_number(row["rest_nps"]),
                               n=fmt_number(row["responses"]), p=fmt_p(row["p_value"])))
            else:
                found.append(_("Promoters stand out in {s}: NPS {a} vs {b} elsewhere (n = {n}, {p}).",
                               s=esc(row["segment"]), a=fmt_number(row["nps"]), b=fmt_number(row["rest_nps"]),
                               n=fmt_number(row["responses"]), p=fmt_p(row["p_value"])))
    nps = nps_kpi(v)
    if nps is not None and nps.change is not None and nps.change.significant and nps.change.difference is not None:
        found.append(_("NPS {dir} by {d} points against the previous period, more than chance ({p}).",
                       dir=_("rose") if nps.change.difference > 0 else _("fell"),
                       d=fmt_number(abs(nps.change.difference), 1), p=fmt_p(nps.change.p_value)))
    tickets = v.all.get("tickets")
    windows = _windows(v)
    if tickets is not None and "ticket_type" in tickets.columns and windows is not None:
        drift = cxkit.type_drift(tickets, baseline=windows[0], current=windows[1])
        if drift.baseline_total == 0 or drift.current_total == 0:
            return found
        new = drift.table.filter(pl.col("status") == "new").sort("current_count", descending=True)
        if new.height:
            top = new.row(0, named=True)
            found.append(_("A new kind of request appeared: '{t}' ({n} tickets, {s} of the period).",
                           t=esc(top["category"]), n=fmt_number(top["current_count"]), s=fmt_pct(top["current_share"])))
        rising = drift.table.filter(pl.col("status") == "rising").sort("change_pts", descending=True)
        if rising.height:
            top = rising.row(0, named=True)
            found.append(_("'{t}' is rising: {a} → {b} of tickets.",
                           t=esc(top["category"]), a=fmt_pct(top["baseline_share"]), b=fmt_pct(top["current_share"])))
    current = v.current.get("tickets")
    if current is not None and current.height and {"channel", "first_response_minutes"} <= set(current.columns):
        per_channel = cxkit.first_response(current, by="channel", sla_minutes=sla_minutes).filter(
            pl.col("answered") >= 20).sort("sla_breach_rate", descending=True)
        if per_channel.height and (per_channel["sla_breach_rate"][0] or 0) > 0:
            row = per_channel.row(0, named=True)
            found.append(_("{c} misses the {t} first-reply target most: {r} of its replies.",
                           c=esc(row["channel"]), t=fmt_minutes(sla_minutes), r=fmt_pct(row["sla_breach_rate"])))
    orders = v.current.get("orders")
    if orders is not None and orders.height and "agent" in orders.columns:
        sales = cxkit.agent_sales(orders, every=None).sort("revenue", descending=True)
        if sales.height >= 2:
            row = sales.row(0, named=True)
            found.append(_("{a} sells most while serving: {n} orders, {r}.",
                           a=esc(row["agent"]), n=fmt_number(row["orders"]), r=esc(fmt_money(row["revenue"]))))
    return found


def overview(v: View, sla_minutes: float) -> tuple[list[Kpi], list[str]]:
    """The Overview's cards and highlights, worked out once per session for a view (its data, filters and
    period), first-reply target and language: going back to the Overview, or any rerun that keeps the view,
    draws them again without computing them."""
    def compute() -> tuple[list[Kpi], list[str]]:
        cards = [k for k in (nps_kpi(v), csat_kpi(v), churn_kpi(v)) if k is not None]
        cards += service_kpis(v, sla_minutes)
        cards += customer_kpis(v)
        cards += order_kpis(v)
        return cards, highlights(v, sla_minutes)

    return memo("overview", (v, float(sla_minutes), lang()), compute)
