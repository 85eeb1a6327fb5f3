"""ROI inputs and "current moment" figures taken from the user's own data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from cxkit._common import Frame, columns_of, get_engine, lazy, paid_orders, require, safe_div
from cxkit.churn import churn
from cxkit.errors import MetricError
from cxkit.roi import Baseline, Estimate
from cxkit.sales import attributed_revenue
from cxkit.satisfaction import csat
from cxkit.service import ticket_volume

__all__ = ["baseline_from_data", "current_moment", "expected_remaining_months", "monthly_service_roi",
           "revenue_per_active_customer"]

HOURS_PER_AGENT_MONTH = 160


def _band(values: list[float]) -> Estimate | None:
    """P10 / P50 / P90 of monthly values (a point when there are fewer than three months)."""
    clean = [float(v) for v in values if v is not None and np.isfinite(v)]
    if not clean:
        return None
    if len(clean) < 3:
        return Estimate.certain(float(np.median(clean)))
    low, likely, high = np.percentile(clean, [10, 50, 90])
    return Estimate(float(low), float(likely), float(high))


def _complete_months(frame: pl.DataFrame, last_day: dt.datetime | None) -> pl.DataFrame:
    """Drop the last month when the data stops before it ends."""
    if frame.height == 0 or last_day is None:
        return frame
    last_period = frame["period"].max()
    assert isinstance(last_period, dt.date)
    next_month = (last_period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if last_day.date() < next_month - dt.timedelta(days=1):
        return frame.filter(pl.col("period") < last_period)
    return frame


def _latest(frame: pl.LazyFrame, *columns: str) -> dt.datetime | None:
    present = [c for c in columns if c in columns_of(frame)]
    if not present:
        return None
    value = frame.select(pl.max_horizontal(pl.col(c).max() for c in present)).collect(engine=get_engine()).item()
    return value if isinstance(value, dt.datetime) else None


def baseline_from_data(
    tickets: Frame | None = None,
    responses: Frame | None = None,
    customers: Frame | None = None,
    orders: Frame | None = None,
    costs: Frame | None = None,
    *,
    months: int = 12,
) -> Baseline:
    """The ROI baseline with worst / likely / best bands from the uploaded data.

    Each band is the P10 / P50 / P90 of the last ``months`` complete months: monthly churn rate and
    revenue per customer (customers), tickets per month and CSAT as the happy share (tickets or
    survey answers), cost per ticket and per agent minute (costs with tickets; 160 working hours an
    agent a month). Today's active customers is the count at the end of the data. Whatever the
    data cannot tell keeps a neutral default, and ``notes`` says so for every input.
    """
    notes: dict[str, str] = {}
    codes: dict[str, dict[str, Any]] = {}  # the same notes as codes (``roi.NOTE_CODES``), for the interface

    def note(name: str, text: str, code: str, **params: Any) -> None:
        notes[name] = text
        codes[name] = {"code": code, **params}

    values: dict[str, Estimate] = {}
    volume: pl.DataFrame | None = None
    if customers is not None:
        data = lazy(customers)
        if {"customer_id", "acquired_at", "churned_at"} <= set(columns_of(data)):
            table = _complete_months(churn(data, every="1mo"), _latest(data, "acquired_at", "churned_at"))
            recent = table.tail(months)
            if recent.height:
                values["active_customers"] = Estimate.certain(float(recent["customers_end"][-1]))
                note("active_customers", f"customers active at the end of {recent['period'][-1]:%Y-%m}",
                     "customers_at_end", month=f"{recent['period'][-1]:%Y-%m}")
                band = _band(recent["churn_rate"].to_list())
                if band is not None:
                    values["monthly_churn"] = band
                    note("monthly_churn", f"P10/P50/P90 of the monthly churn rate over {recent.height} months",
                         "churn_band", months=recent.height)
                if "mrr_start" in recent.columns:
                    per_customer = recent.select(safe_div(pl.col("mrr_start"), pl.col("customers_start")))
                    band = _band(per_customer.to_series().to_list())
                    if band is not None:
                        values["revenue_per_customer"] = band
                        note("revenue_per_customer", "P10/P50/P90 of MRR per active customer", "mrr_band")
    if "revenue_per_customer" not in values and orders is not None:
        data = lazy(orders)
        require(data, "ordered_at", "amount", metric="Revenue per customer")
        data = paid_orders(data)
        if "customer_id" in columns_of(data):
            monthly = data.group_by(pl.col("ordered_at").dt.truncate("1mo").alias("period")).agg(
                (pl.col("amount").sum() / pl.col("customer_id").n_unique()).alias("per_customer"),
            ).collect(engine=get_engine())
            band = _band(monthly["per_customer"].to_list()[-months:])
            if band is not None:
                values["revenue_per_customer"] = band
                note("revenue_per_customer", "P10/P50/P90 of monthly order revenue per ordering customer",
                     "orders_band")
    if tickets is not None:
        data = lazy(tickets)
        volume = _complete_months(ticket_volume(data, every="1mo"), _latest(data, "created_at")).tail(months)
        band = _band(volume["created"].to_list())
        if band is not None:
            values["tickets_per_month"] = band
            note("tickets_per_month", f"P10/P50/P90 of tickets created per month over {volume.height} months",
                 "tickets_band", months=volume.height)
    for source, label, kind in ((tickets, "tickets", "tickets"), (responses, "survey answers", "responses")):
        if source is None or "happy_share" in values:
            continue
        data = lazy(source)
        if not ({"satisfied", "csat_score"} & set(columns_of(data))):
            continue
        try:
            monthly = csat(data, every="1mo").filter(pl.col("rated") >= 5).tail(months)
        except MetricError:
            continue
        band = _band(monthly["csat"].to_list())
        if band is not None:
            values["happy_share"] = band
            note("happy_share", f"P10/P50/P90 of the monthly CSAT of {label}", "csat_band", source=kind)
    if costs is not None:
        data = lazy(costs)
        require(data, "month", "cost", metric="Cost per ticket")
        monthly_cost = (data.group_by(pl.col("month").alias("period")).agg(pl.col("cost").sum())
            .collect(engine=get_engine()))
        if volume is not None and volume.height:
            joined = monthly_cost.join(volume.select("period", "created"), on="period")
            band = _band((joined["cost"] / joined["created"]).to_list())
            if band is not None:
                values["cost_per_ticket"] = band
                note("cost_per_ticket", "P10/P50/P90 of the team's monthly cost ÷ tickets created",
                     "cost_per_ticket_band")
        agents = 0
        if "agent" in columns_of(data):
            agents = int(data.select(pl.col("agent").drop_nulls().n_unique()).collect(engine=get_engine()).item())
        if agents == 0 and tickets is not None and "agent" in columns_of(lazy(tickets)):
            distinct = lazy(tickets).select(pl.col("agent").drop_nulls().n_unique())
            agents = int(distinct.collect(engine=get_engine()).item())
        if agents:
            band = _band((monthly_cost["cost"] / (agents * HOURS_PER_AGENT_MONTH * 60)).to_list()[-months:])
            if band is not None:
                values["cost_per_minute"] = band
                note("cost_per_minute", f"monthly cost ÷ ({agents} agents × {HOURS_PER_AGENT_MONTH} h × 60 min)",
                     "cost_per_minute", agents=agents, hours=HOURS_PER_AGENT_MONTH)
    for name in ("active_customers", "monthly_churn", "revenue_per_customer", "tickets_per_month", "cost_per_ticket",
                 "cost_per_minute", "happy_share"):
        if name not in notes:
            note(name, "not in the data: enter it by hand", "missing")
    note("acquisition_cost", "not in the data: enter what a new customer costs to win", "missing_acquisition_cost")
    note("margin", "not in the data: 1 counts revenue in full; enter your gross margin", "missing_margin")
    return Baseline(**values, notes=notes, note_codes=codes)


def _months_of(frame: pl.LazyFrame, column: str) -> pl.DataFrame:
    return (frame.select(pl.col(column).dt.truncate("1mo").dt.date().unique().alias("month"))
        .collect(engine=get_engine()))


def current_moment(
    tickets: Frame,
    orders: Frame,
    costs: Frame,
    *,
    by: str = "channel",
    window_days: float = 3,
) -> pl.DataFrame:
    """Today's return per channel or agent: revenue that followed contacts against what they cost.

    Revenue is ``attributed_revenue`` (orders within ``window_days`` after a contact). Cost is the
    team's cost in the months the tickets cover: costs whose ``agent`` (for ``by="agent"``) or
    ``item`` (for ``by="channel"``, matched by name) names the group go to it; the rest is shared by
    the group's share of contacts. ``roi`` = (revenue − cost) ÷ cost; ``status`` is ``"returns
    nothing"`` without revenue, ``"costs more than it returns"`` when revenue < cost, else
    ``"pays"``. Association, not proof of cause.

    Raises:
        MetricError: A missing column.
    """
    contacts, sales, spend = lazy(tickets), lazy(orders), lazy(costs)
    require(spend, "month", "cost", metric="Current moment")
    revenue = attributed_revenue(contacts, sales, window_days=window_days, by=by)
    months = _months_of(contacts, "created_at")
    spend_df = (spend.with_columns(pl.col("month").cast(pl.Date))
        .collect(engine=get_engine())).join(months, on="month", how="semi")
    groups = revenue[by].cast(pl.String).to_list()
    direct: dict[str, float] = dict.fromkeys(groups, 0.0)
    shared = 0.0
    label_column = "agent" if by == "agent" else "item"
    for row in spend_df.iter_rows(named=True):
        label = row.get(label_column) if label_column in spend_df.columns else None
        match = _match(label, groups) if label else None
        if match is not None:
            direct[match] += float(row["cost"] or 0.0)
        else:
            shared += float(row["cost"] or 0.0)
    total_contacts = float(revenue["contacts"].sum()) or 1.0
    cost = [direct[g] + shared * c / total_contacts for g, c in zip(groups, revenue["contacts"].to_list(), strict=True)]
    result = revenue.with_columns(pl.Series("cost", cost, dtype=pl.Float64)).with_columns(
        (pl.col("revenue") - pl.col("cost")).alias("net"),
        safe_div(pl.col("revenue") - pl.col("cost"), pl.col("cost")).alias("roi"),
    ).with_columns(
        pl.when(pl.col("revenue") <= 0).then(pl.lit("returns nothing"))
        .when(pl.col("revenue") < pl.col("cost")).then(pl.lit("costs more than it returns"))
        .otherwise(pl.lit("pays")).alias("status")
    )
    return result.sort("roi", descending=True, nulls_last=True)


def _match(label: str, groups: list[str]) -> str | None:
    folded = label.casefold()
    for group in groups:
        if group and (group.casefold() == folded or group.casefold() in folded.split()):
            return group
    return None


def expected_remaining_months(customers: Frame, *, horizon_months: int = 24) -> float:
    """Expected months a kept customer stays, from the data's retention curve, capped at the horizon.

    E[months] = Σ_{k=1}^{H} S(k), where S(k) is the Kaplan–Meier share still a customer k months after
    joining (``cxkit.survival``) and H = ``horizon_months``: a customer kept today is assumed to follow the
    curve of a new one (a simplification; tenure is not conditioned on). Unit: months, 0..H.

    Raises:
        MetricError: Customers without dates or tenure and churn flag.
    """
    from cxkit.survival import survival

    curve = survival(lazy(customers))
    if curve.height == 0:
        return float(horizon_months)
    tenure, retention = curve["tenure"].to_numpy(), curve["retention"].to_numpy()
    total = 0.0
    for k in range(1, horizon_months + 1):
        before = retention[tenure <= k]
        total += float(before[-1]) if before.size else 1.0
    return total


def revenue_per_active_customer(customers: Frame) -> float | None:
    """Monthly revenue per customer still active: Σ mrr of active subscriptions ÷ active customers (€ a month);
    null without an ``mrr`` column or active customers."""
    data = lazy(customers)
    names = columns_of(data)
    if "mrr" not in names or "customer_id" not in names:
        return None
    active = data.filter(pl.col("churned_at").is_null()) if "churned_at" in names else data
    row = active.select(pl.col("mrr").sum(), pl.col("customer_id").n_unique()).collect(engine=get_engine()).row(0)
    return float(row[0]) / row[1] if row[1] else None


def monthly_service_roi(
    orders: Frame,
    costs: Frame,
    customers: Frame | None = None,
    *,
    margin: float = 1.0,
    horizon_months: int = 24,
    revenue_per_customer: float | None = None,
) -> pl.DataFrame:
    """Monthly customer-service ROI: what service brings in and keeps, against the team's cost.

    Per month, each part separately (€):

    - ``save_the_sale_net``: save-the-sale orders' amount − discount (immediate revenue);
    - ``assisted_sales``: upsell and cross-sell orders with an agent (immediate revenue);
    - ``revenue`` = save_the_sale_net + assisted_sales: the **narrow** view, immediate revenue only;
    - ``saved_customers``: distinct customers with a save-the-sale order that month (they had asked to leave);
    - ``retention_value`` = saved_customers × revenue per customer a month × ``margin`` × expected remaining
      months (``expected_remaining_months``: Σ S(k), k = 1..``horizon_months``, of the data's Kaplan–Meier
      curve). Revenue per customer is ``revenue_per_customer`` or, by default, the customers' active MRR per
      active customer. Null without ``customers`` (and no revenue per customer given). The months the save
      order itself pays for are in save_the_sale_net as well; lower the horizon to count them once;
    - ``value`` = revenue + retention_value (retention_value 0 when null);
    - ``cost``: the team's total cost that month; ``net`` = value − cost, ``roi`` = net ÷ cost;
      ``narrow_net`` = revenue − cost, ``narrow_roi`` = narrow_net ÷ cost (null without cost).

    Association, not cause: the saved customers had asked to cancel and took the code, but some might have
    stayed anyway, and sales after a contact might have happened without it.

    Raises:
        MetricError: A missing column (``ordered_at``, ``amount``, ``kind`` in orders; ``month``,
            ``cost`` in costs), or a margin outside 0..1.
    """
    if not 0 <= margin <= 1:
        raise MetricError(f"margin must be between 0 and 1 (a share of revenue), got {margin}")
    sales, spend = lazy(orders), lazy(costs)
    require(sales, "ordered_at", "amount", "kind", metric="Monthly service ROI")
    sales = paid_orders(sales)
    require(spend, "month", "cost", metric="Monthly service ROI")
    names = columns_of(sales)
    discount = pl.col("discount_amount").fill_null(0.0) if "discount_amount" in names else pl.lit(0.0)
    assisted = pl.col("agent").is_not_null() if "agent" in names else pl.lit(True)
    save = pl.col("kind") == "save_the_sale"
    saved = (pl.col("customer_id").filter(save).n_unique() if "customer_id" in names
             else save.sum()).cast(pl.Int64).alias("saved_customers")
    per_saved: float | None = None
    if customers is not None:
        months = expected_remaining_months(customers, horizon_months=horizon_months)
        per_customer = revenue_per_customer if revenue_per_customer is not None else \
            revenue_per_active_customer(customers)
        per_saved = per_customer * margin * months if per_customer is not None else None
    elif revenue_per_customer is not None:
        per_saved = revenue_per_customer * margin * horizon_months
    revenue = sales.group_by(pl.col("ordered_at").dt.truncate("1mo").dt.date().alias("month")).agg(
        (pl.col("amount") - discount).filter(save).sum().alias("save_the_sale_net"),
        pl.col("amount").filter(pl.col("kind").is_in(["upsell", "cross_sell"]) & assisted).sum()
        .alias("assisted_sales"),
        saved,
    )
    cost = spend.group_by(pl.col("month").cast(pl.Date)).agg(pl.col("cost").sum())
    value_each = pl.lit(per_saved, pl.Float64)
    return (
        revenue.join(cost, on="month", how="full", coalesce=True)
        .with_columns(pl.col("save_the_sale_net", "assisted_sales").fill_null(0.0),
                      pl.col("saved_customers").fill_null(0))
        .with_columns((pl.col("save_the_sale_net") + pl.col("assisted_sales")).alias("revenue"),
                      (pl.col("saved_customers") * value_each).alias("retention_value"))
        .with_columns((pl.col("revenue") + pl.col("retention_value").fill_null(0.0)).alias("value"))
        .with_columns((pl.col("value") - pl.col("cost")).alias("net"),
                      (pl.col("revenue") - pl.col("cost")).alias("narrow_net"))
        .with_columns(safe_div(pl.col("net"), pl.col("cost")).alias("roi"),
                      safe_div(pl.col("narrow_net"), pl.col("cost")).alias("narrow_roi"))
        .select("month", "save_the_sale_net", "assisted_sales", "revenue", "saved_customers", "retention_value",
                "value", "cost", "net", "roi", "narrow_net", "narrow_roi")
        .sort("month")
        .collect(engine=get_engine())
    )
