"""Orders: revenue, number of orders, average order value and repeat-purchase rate per period."""

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

__all__ = ["order_summary"]


@checks_by
def order_summary(
    orders: Frame,
    *,
    every: str | None = "1mo",
    by: By = (),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Revenue, orders, average order value and repeat-purchase rate per period (and group).

    Cancelled orders (``cancelled``: cancellations, refunds, voided) are left out of every figure but
    ``cancelled_orders``. For each period:

    - ``orders``: paid orders; ``revenue`` = Σ ``amount`` of paid orders (the data's currency);
    - ``aov`` (average order value) = revenue ÷ orders, null without orders;
    - ``customers``: distinct ``customer_id`` with a paid order (orders without a customer are in the
      revenue but in no customer count); ``repeat_customers``: those with 2 or more paid orders in the period;
    - ``repeat_purchase_rate`` = repeat_customers ÷ customers, a fraction 0..1, null without customers.
      It depends on the period's length: a month's rate is lower than a year's.

    ``every=None`` gives one row over the whole data (or per group). An empty table gives an empty result.

    Raises:
        MetricError: No ``ordered_at`` or ``amount`` column.
    """
    data = lazy(orders)
    require(data, "ordered_at", "amount", metric="Orders")
    names = columns_of(data)
    cancelled = pl.col("cancelled").fill_null(False) if "cancelled" in names else pl.lit(False)
    data = within(data.filter(pl.col("ordered_at").is_not_null()), "ordered_at", every=every, start=start, end=end)
    by_ = group_keys(keys(by), every)
    counted = aggregate(data, by_, [cancelled.sum().cast(pl.Int64).alias("cancelled_orders")])
    paid = paid_orders(data)
    customer = pl.col("customer_id") if "customer_id" in names else pl.lit(None, pl.String)
    totals = aggregate(paid, by_, [
        pl.len().alias("orders"),
        pl.col("amount").sum().alias("revenue"),
        customer.drop_nulls().n_unique().alias("customers"),
    ])
    repeat = aggregate(
        paid.filter(customer.is_not_null()).group_by([*by_, customer.alias("_customer")]).agg(pl.len().alias("_n"))
        .filter(pl.col("_n") >= 2),
        by_, [pl.len().alias("repeat_customers")])
    if by_:
        table = (counted.join(totals, on=by_, how="left", nulls_equal=True)
                 .join(repeat, on=by_, how="left", nulls_equal=True))
    else:
        table = pl.concat([counted, totals, repeat], how="horizontal")
    result = (
        table.with_columns(pl.col("orders", "customers", "repeat_customers").fill_null(0).cast(pl.Int64),
                           pl.col("revenue").fill_null(0.0))
        .with_columns(safe_div(pl.col("revenue"), pl.col("orders")).alias("aov"),
                      safe_div(pl.col("repeat_customers").cast(pl.Float64), pl.col("customers"))
                      .alias("repeat_purchase_rate"))
        .select(*by_, "orders", "revenue", "aov", "customers", "repeat_customers", "repeat_purchase_rate",
                "cancelled_orders")
    )
    return (result.sort(by_, nulls_last=True) if by_ else result).collect(engine=get_engine())
