"""Agents' sales (upsell, cross-sell, save-the-sale), discount codes and revenue after a contact."""

from __future__ import annotations

import polars as pl

from cxkit._common import (
    By,
    DateLike,
    Frame,
    aggregate,
    checks_by,
    columns_of,
    get_engine,
    group_keys,
    keys,
    lazy,
    paid_orders,
    require,
    safe_div,
    within,
)
from cxkit.errors import MetricError

__all__ = ["SALE_KINDS", "agent_sales", "attributed_revenue", "discount_codes"]

SALE_KINDS = ("upsell", "cross_sell", "save_the_sale")


@checks_by
def agent_sales(
    orders: Frame,
    *,
    every: str | None = "1w",
    by: By = ("agent",),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Upsell, cross-sell and save-the-sale orders and revenue per agent (and period).

    Only orders with an agent count (agent-assisted sales). For each kind: ``<kind>_orders`` and
    ``<kind>_revenue`` (sum of ``amount``, what the customer paid); ``discount_given`` (sum of
    ``discount_amount`` when present); ``orders`` and ``revenue`` over all of the agent's orders.
    Orders without a kind count in the totals only.

    Raises:
        MetricError: No ``ordered_at``, ``amount`` or ``agent`` column.
    """
    data = lazy(orders)
    require(data, "ordered_at", "amount", "agent", metric="Agent sales")
    data = paid_orders(data)
    names = columns_of(data)
    by_ = keys(by)
    data = data.filter(pl.col("agent").is_not_null())
    data = within(data, "ordered_at", every=every, start=start, end=end)
    kind = pl.col("kind") if "kind" in names else pl.lit(None, pl.String)
    exprs: list[pl.Expr] = [pl.len().alias("orders"), pl.col("amount").sum().alias("revenue")]
    for k in SALE_KINDS:
        exprs += [(kind == k).sum().alias(f"{k}_orders"),
                  pl.col("amount").filter(kind == k).sum().alias(f"{k}_revenue")]
    discount = pl.col("discount_amount").sum() if "discount_amount" in names else pl.lit(None, pl.Float64)
    exprs.append(discount.alias("discount_given"))
    return aggregate(data, group_keys(by_, every), exprs).collect(engine=get_engine())


@checks_by
def discount_codes(
    orders: Frame,
    *,
    by: By = (),
    every: str | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Orders and revenue per discount code (and segment): ``orders, customers, revenue,
    discount_given, net_revenue`` (revenue − discount_given, null without discount amounts),
    ``average_order`` and ``share_of_revenue`` (of all orders in the same group of ``by`` and
    period, coded or not, 0..1). Orders without a code are grouped as ``"(no code)"``.

    Raises:
        MetricError: No ``ordered_at``, ``amount`` or ``discount_code`` column.
    """
    data = lazy(orders)
    require(data, "ordered_at", "amount", "discount_code", metric="Discount codes")
    data = paid_orders(data)
    names = columns_of(data)
    by_ = keys(by)
    data = within(data, "ordered_at", every=every, start=start, end=end)
    data = data.with_columns(pl.col("discount_code").fill_null("(no code)"))
    discount = pl.col("discount_amount").sum() if "discount_amount" in names else pl.lit(None, pl.Float64)
    keys_ = [*group_keys(by_, every), "discount_code"]
    outer = group_keys(by_, every)
    total = pl.col("revenue").sum().over(outer) if outer else pl.col("revenue").sum()
    return (
        aggregate(data, keys_, [
            pl.len().alias("orders"),
            pl.col("customer_id").n_unique().alias("customers") if "customer_id" in names
            else pl.lit(None, pl.UInt32).alias("customers"),
            pl.col("amount").sum().alias("revenue"),
            discount.alias("discount_given"),
        ])
        .with_columns(
            (pl.col("revenue") - pl.col("discount_given")).alias("net_revenue"),
            safe_div(pl.col("revenue"), pl.col("orders")).alias("average_order"),
            safe_div(pl.col("revenue"), total).alias("share_of_revenue"),
        )
        .collect(engine=get_engine())
    )


@checks_by
def attributed_revenue(
    tickets: Frame,
    orders: Frame,
    *,
    window_days: float = 3,
    by: By = ("channel",),
) -> pl.DataFrame:
    """Revenue that follows a contact: orders a customer placed within ``window_days`` after a ticket.

    Each order is credited to the customer's latest contact before it, if that contact is at most
    ``window_days`` old (last touch; an order is credited once). Per group of the tickets' ``by``
    columns (channel, agent, ...): ``contacts``, ``contacts_with_order``, ``orders``, ``revenue``,
    ``conversion_rate`` = contacts_with_order ÷ contacts (0..1) and ``revenue_per_contact``. This is
    association, not proof that the contact caused the order; with the team's cost it gives the
    "current moment" ROI per channel or agent.

    Raises:
        MetricError: A missing column (``customer_id`` in both, ``created_at``, ``ordered_at``,
            ``amount``, the ``by`` columns).
    """
    if window_days <= 0:
        raise MetricError(f"window_days must be positive, got {window_days}")
    contacts = lazy(tickets)
    sales = lazy(orders)
    by_ = keys(by)
    require(contacts, "created_at", "customer_id", *by_, metric="Revenue after contact")
    require(sales, "ordered_at", "amount", "customer_id", metric="Revenue after contact")
    sales = paid_orders(sales)
    contact_rows = (
        contacts.filter(pl.col("customer_id").is_not_null() & pl.col("created_at").is_not_null())
        .select("customer_id", "created_at", *by_)
        .with_row_index("_contact")
        .sort("created_at")
    )
    order_rows = sales.filter(pl.col("customer_id").is_not_null() & pl.col("ordered_at").is_not_null()).select(
        "customer_id", "ordered_at", "amount").sort("ordered_at")
    credited = order_rows.join_asof(
        contact_rows.select("customer_id", "created_at", "_contact"),
        left_on="ordered_at", right_on="created_at", by="customer_id", strategy="backward",
        tolerance=f"{int(window_days * 86400)}s", check_sortedness=False,  # both sides sorted above
    ).filter(pl.col("_contact").is_not_null())
    per_contact = credited.group_by("_contact").agg(pl.len().alias("_orders"), pl.col("amount").sum().alias("_revenue"))
    joined = contact_rows.join(per_contact, on="_contact", how="left")
    return aggregate(joined, by_, [
        pl.len().alias("contacts"),
        pl.col("_orders").is_not_null().sum().alias("contacts_with_order"),
        pl.col("_orders").fill_null(0).sum().alias("orders"),
        pl.col("_revenue").fill_null(0.0).sum().alias("revenue"),
    ]).with_columns(
        safe_div(pl.col("contacts_with_order").cast(pl.Float64), pl.col("contacts")).alias("conversion_rate"),
        safe_div(pl.col("revenue"), pl.col("contacts")).alias("revenue_per_contact"),
    ).collect(engine=get_engine())

