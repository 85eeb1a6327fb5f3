"""Growth accounting: new, retained, resurrected and churned customers per period, revenue movements and
the quick ratio, from subscriptions or from orders."""

from __future__ import annotations

import polars as pl

from cxkit._common import (
    PERIOD,
    DateLike,
    Frame,
    columns_of,
    get_engine,
    lazy,
    paid_orders,
    period_starts,
    require,
    safe_div,
    to_datetime,
)
from cxkit.churn import _customer_movements, _not_before_acquired, _truncator, churn
from cxkit.errors import needs_columns
from cxkit.thin import thin_expr

__all__ = ["growth_accounting"]

_COUNTS = ["customers_start", "new", "retained", "resurrected", "churned", "customers_end"]
_MRR = ["mrr_start", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "reactivation_mrr", "mrr_end"]
_REVENUE = ["revenue", "new_revenue", "expansion_revenue", "contraction_revenue", "churned_revenue",
            "resurrected_revenue"]


def growth_accounting(
    data: Frame,
    *,
    every: str = "1mo",
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Where each period's customers come from and go to, and the quick ratio.

    From **subscriptions** (a customers table with ``acquired_at`` / ``churned_at``; several rows of a
    customer are their subscriptions) a customer is active while a subscription runs; comparing each
    customer at the start and the end of the period:

    - ``new``: not active at the start, active at the end, first subscription started in the period;
    - ``resurrected``: not active at the start, active at the end, a customer before (left and came back);
    - ``churned``: active at the start, not at the end; ``retained``: active at both;
    - ``joined_and_left``: first subscription started and ended inside the period (in no other count, as
      ``churn_rate`` leaves them out);
    - ``customers_end`` = customers_start + new + resurrected − churned;
    - with ``mrr``, the MRR movements of ``cxkit.churn`` (same function, same definitions), ``mrr_end`` and
      ``mrr_quick_ratio`` = (new + expansion + reactivation MRR) ÷ (churned + contraction MRR).

    From **orders** (``customer_id``, ``ordered_at``; cancelled orders left out) a customer is active in a
    period in which they paid for an order: ``new`` = first order ever; ``retained`` = also active in the
    previous period; ``resurrected`` = active before but not in the previous period; ``churned`` = active in the
    previous period and not in this one (Hsu's growth accounting). With ``amount``: ``revenue`` and its
    ``new``/``expansion``/``contraction``/``churned``/``resurrected`` parts (per customer, against the previous
    period) and ``revenue_quick_ratio`` = (new + resurrected + expansion) ÷ (churned + contraction). The last
    period may be incomplete, which makes its churn look high.

    ``quick_ratio`` = (new + resurrected) ÷ churned, null when no customer churned; above 1 the base grows.
    ``thin``: churned below ``cxkit.thin.THIN_BELOW`` (30), the quick ratio divides by too few departures to
    read (a month with 2 departures and 40 sign-ups has a quick ratio of 20).
    Counts are customers; money in the data's currency. Periods run from the first date in the data;
    ``start``/``end`` (exclusive) only cut the rows shown, the history before still counts. ``basis`` says
    which source was used. An empty table gives an empty result.

    Raises:
        MetricError: Neither subscriptions (``customer_id``, ``acquired_at``, ``churned_at``) nor orders
            (``customer_id``, ``ordered_at``).
    """
    frame = lazy(data)
    names = columns_of(frame)
    if "ordered_at" in names:
        require(frame, "customer_id", "ordered_at", metric="Growth accounting")
        result = _from_orders(frame, every, "amount" in names)
    elif "acquired_at" in names:
        require(frame, "customer_id", "acquired_at", "churned_at", metric="Growth accounting")
        result = _from_subscriptions(frame, every, "mrr" in names)
    else:
        have = ", ".join(map(repr, names))
        raise needs_columns("Growth accounting", ("customer_id", "acquired_at", "churned_at"),
                            ("customer_id", "ordered_at"),
                            message="Growth accounting needs subscriptions ('customer_id', 'acquired_at', "
                                    f"'churned_at') or orders ('customer_id', 'ordered_at'); the data has {have}.")
    if start is not None:
        result = result.filter(pl.col(PERIOD) >= to_datetime(start).date())
    if end is not None:
        result = result.filter(pl.col(PERIOD) < to_datetime(end).date())
    return result


def _finish(table: pl.LazyFrame) -> pl.LazyFrame:
    change = pl.col("new") + pl.col("resurrected") - pl.col("churned")
    return (
        table.with_columns(pl.col("new", "resurrected", "churned").fill_null(0).cast(pl.Int64))
        .sort(PERIOD)
        .with_columns((change.cum_sum() - change).alias("customers_start"))
        .with_columns((pl.col("customers_start") - pl.col("churned")).alias("retained"),
                      (pl.col("customers_start") + change).alias("customers_end"))
        .with_columns(safe_div((pl.col("new") + pl.col("resurrected")).cast(pl.Float64), pl.col("churned"))
                      .alias("quick_ratio"), thin_expr("churned").alias("thin"))
    )


def _from_subscriptions(frame: pl.LazyFrame, every: str, with_mrr: bool) -> pl.DataFrame:
    subs = frame.filter(pl.col("acquired_at").is_not_null()).with_columns(_not_before_acquired())
    base = churn(frame, every=every)  # the periods, and the MRR movements when there is an mrr column
    if base.height == 0:
        return _empty("subscriptions", with_mrr, False)
    moves = _customer_movements(subs, [], every, pl.lit(1, pl.Int64))
    s, e, first = pl.col("_s"), pl.col("_e"), pl.col("_first")
    counts = moves.group_by(PERIOD).agg(
        (first & (s == 0) & (e > 0)).sum().alias("new"),
        (~first & (s == 0) & (e > 0)).sum().alias("resurrected"),
        ((s > 0) & (e == 0)).sum().alias("churned"),
        (first & (s == 0) & (e == 0)).sum().cast(pl.Int64).alias("joined_and_left"),
    )
    table = _finish(base.lazy().select(PERIOD).join(counts, on=PERIOD, how="left")).with_columns(
        pl.col("joined_and_left").fill_null(0))
    columns = [PERIOD, *_COUNTS, "joined_and_left", "quick_ratio", "thin"]
    if with_mrr:
        mrr = base.lazy().select(PERIOD, *_MRR[:-1]).with_columns(
            (pl.col("mrr_start") + pl.col("new_mrr") + pl.col("expansion_mrr") + pl.col("reactivation_mrr")
             - pl.col("contraction_mrr") - pl.col("churned_mrr")).alias("mrr_end"),
            safe_div(pl.col("new_mrr") + pl.col("expansion_mrr") + pl.col("reactivation_mrr"),
                     pl.col("churned_mrr") + pl.col("contraction_mrr")).alias("mrr_quick_ratio"))
        table = table.join(mrr, on=PERIOD, how="left")
        columns += [*_MRR, "mrr_quick_ratio"]
    return table.select(*columns).with_columns(pl.lit("subscriptions").alias("basis")).collect(engine=get_engine())


def _from_orders(frame: pl.LazyFrame, every: str, with_amount: bool) -> pl.DataFrame:
    orders = paid_orders(frame).filter(pl.col("ordered_at").is_not_null() & pl.col("customer_id").is_not_null())
    span = (orders.select(pl.col("ordered_at").min().alias("a"), pl.col("ordered_at").max().alias("b"))
        .collect(engine=get_engine()))
    first_day, last_day = span.row(0)
    if first_day is None:
        return _empty("orders", False, with_amount)
    starts = period_starts(first_day.date(), last_day.date(), every)
    periods = pl.LazyFrame({PERIOD: starts, "_i": range(len(starts))}, schema={PERIOD: pl.Date, "_i": pl.Int64})
    amount = pl.col("amount").fill_null(0.0) if with_amount else pl.lit(0.0)
    active = (
        orders.with_columns(_truncator(every)("ordered_at").alias(PERIOD))
        .group_by("customer_id", PERIOD).agg(amount.sum().alias("_rev"))
        .join(periods, on=PERIOD, how="left")
        .sort("customer_id", "_i")
        .with_columns(pl.col("_i").shift(1).over("customer_id").alias("_prev_i"),
                      pl.col("_rev").shift(1).over("customer_id").alias("_prev_rev"),
                      pl.col("_i").shift(-1).over("customer_id").alias("_next_i"))
    )
    is_new = pl.col("_prev_i").is_null()
    kept = pl.col("_prev_i") == pl.col("_i") - 1
    back = pl.col("_prev_i") < pl.col("_i") - 1
    change = pl.col("_rev") - pl.col("_prev_rev")
    here = active.group_by("_i").agg(
        pl.len().alias("_active"),
        is_new.sum().alias("new"),
        back.sum().alias("resurrected"),
        pl.col("_rev").sum().alias("revenue"),
        pl.col("_rev").filter(is_new).sum().alias("new_revenue"),
        change.filter(kept & (change > 0)).sum().alias("expansion_revenue"),
        (-change).filter(kept & (change < 0)).sum().alias("contraction_revenue"),
        pl.col("_rev").filter(back).sum().alias("resurrected_revenue"),
    )
    # a customer is lost in the period after their last active one, unless they ordered again in it
    lost = (active.filter(pl.col("_next_i").is_null() | (pl.col("_next_i") > pl.col("_i") + 1))
            .with_columns((pl.col("_i") + 1).alias("_i"))
            .group_by("_i").agg(pl.len().alias("churned"), pl.col("_rev").sum().alias("churned_revenue")))
    table = _finish(periods.join(here, on="_i", how="left").join(lost, on="_i", how="left"))
    table = table.with_columns(pl.col(*_REVENUE).fill_null(0.0))
    columns = [PERIOD, *_COUNTS, "quick_ratio", "thin"]
    if with_amount:
        table = table.with_columns(safe_div(
            pl.col("new_revenue") + pl.col("resurrected_revenue") + pl.col("expansion_revenue"),
            pl.col("churned_revenue") + pl.col("contraction_revenue")).alias("revenue_quick_ratio"))
        columns += [*_REVENUE, "revenue_quick_ratio"]
    return table.select(*columns).with_columns(pl.lit("orders").alias("basis")).collect(engine=get_engine())


def _empty(basis: str, with_mrr: bool, with_amount: bool) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {PERIOD: pl.Date()}
    schema |= {c: pl.Int64() for c in _COUNTS}
    if basis == "subscriptions":
        schema["joined_and_left"] = pl.Int64()
    schema["quick_ratio"] = pl.Float64()
    schema["thin"] = pl.Boolean()
    if with_mrr:
        schema |= {c: pl.Float64() for c in [*_MRR, "mrr_quick_ratio"]}
    if with_amount:
        schema |= {c: pl.Float64() for c in [*_REVENUE, "revenue_quick_ratio"]}
    schema["basis"] = pl.String()
    return pl.DataFrame(schema=schema)
