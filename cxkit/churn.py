"""Churn, retention, revenue churn and cohorts from a customers / subscriptions table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from cxkit._common import (
    PERIOD,
    By,
    DateLike,
    Frame,
    aggregate,
    checks_by,
    columns_of,
    get_engine,
    keys,
    lazy,
    period_starts,
    require,
    safe_div,
    to_datetime,
)
from cxkit.errors import MetricError
from cxkit.thin import THIN_BELOW, thin_expr

__all__ = ["churn", "churn_share", "cohort_retention", "retention_curve"]

_UNITS = 10_000  # MRR is summed in ten-thousandths of the currency unit


def _spells(frame: pl.LazyFrame, by_: list[str]) -> pl.LazyFrame:
    """One row per customer (and segment): first acquisition, and the end of the last subscription
    when every subscription has ended (null while any is active)."""
    churned = pl.when(pl.col("churned_at").is_null().any()).then(None).otherwise(pl.col("churned_at").max())
    return (
        frame.filter(pl.col("acquired_at").is_not_null())
        .group_by(["customer_id", *by_])
        .agg(pl.col("acquired_at").min().alias("acquired_at"), churned.alias("churned_at"))
        .with_columns(_not_before_acquired())
    )


def _not_before_acquired() -> pl.Expr:
    """A churn date before the acquisition date is read as leaving on the day of joining."""
    return (
        pl.when(pl.col("churned_at") < pl.col("acquired_at"))
        .then(pl.col("acquired_at"))
        .otherwise(pl.col("churned_at"))
        .alias("churned_at")
    )


def _period_table(first: dt.date, last: dt.date, every: str) -> pl.DataFrame:
    starts = period_starts(first, last, every)
    return pl.DataFrame({PERIOD: starts, "_index": range(len(starts))}, schema={PERIOD: pl.Date, "_index": pl.Int64})


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _bounds(spells: pl.DataFrame, start: DateLike | None, end: DateLike | None) -> tuple[dt.date, dt.date]:
    """The first and last day the periods must cover."""
    first = to_datetime(start).date() if start is not None else _as_date(spells["acquired_at"].min())
    if end is not None:
        last = to_datetime(end).date() - dt.timedelta(days=1)
    else:
        candidates = [_as_date(spells["acquired_at"].max()), _as_date(spells["churned_at"].max())]
        last = max(d for d in candidates if d is not None)
    if first is None:
        raise MetricError("no acquisition dates to build periods from")
    return first, max(first, last)


@checks_by
def churn(
    customers: Frame,
    *,
    every: str = "1mo",
    by: By = (),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Customer churn and retention per period, and revenue churn when ``mrr`` exists.

    For a period [s, e):

    - ``customers_start``: customers active at s (acquired before s, not churned before s);
    - ``acquired``: acquired in the period; ``lost``: churned in the period, including customers who
      joined and left inside it; ``lost_from_start``: churned in the period among ``customers_start``;
    - ``customers_end`` = customers_start + acquired − lost;
    - ``churn_rate`` = lost_from_start ÷ customers_start, a fraction 0..1 (ChartMogul's standard
      definition: a customer who joins and leaves inside one period is not in it);
    - ``retention_rate`` = 1 − churn_rate;
    - ``lost_per_acquired`` = lost ÷ acquired. Some guides call this "churn"; it is a
      churn-to-acquisition ratio, not a rate: it has no upper bound and exceeds 1 whenever the
      customer base shrinks. Kept because people ask for it, named for what it is.

    With ``mrr``: ``mrr_start``, ``new_mrr``, ``expansion_mrr``, ``contraction_mrr``,
    ``churned_mrr``, ``reactivation_mrr`` (customer-level movements between subscriptions), and
    ``gross_mrr_churn`` = (churned + contraction) ÷ mrr_start and ``net_mrr_churn`` =
    (churned + contraction − expansion − reactivation) ÷ mrr_start (ChartMogul). With one
    subscription per customer there is no expansion or contraction, so net equals gross.

    ``thin``: customers_start < ``cxkit.thin.THIN_BELOW`` (30), the churn rate (and the MRR churn) rests on
    too few customers to read; ``thin_acquired``: acquired < 30, the same for lost ÷ acquired. Both are true
    where the count is 0 (the rate is null there).

    Several rows of one customer (subscriptions) make one customer: acquired at the first start,
    churned when the last subscription ended. ``churned_at`` is when service ended, not when the
    cancellation was asked for. Periods run from ``start`` (default: the first acquisition) to
    ``end`` (exclusive; default: the last date in the data). Rates are null where the denominator
    is 0. An empty table gives an empty result.

    Raises:
        MetricError: No ``customer_id``, ``acquired_at`` or ``churned_at`` column, or a bad period.
    """
    frame = lazy(customers)
    require(frame, "customer_id", "acquired_at", "churned_at", metric="Churn")
    by_ = keys(by)
    spells = _spells(frame, by_).collect(engine=get_engine())
    if spells.height == 0:
        return _empty_churn(by_, "mrr" in columns_of(frame))
    first, last = _bounds(frame.select("acquired_at", "churned_at").collect(engine=get_engine()), None, end)
    periods = _period_table(first, last, every)
    index = periods.lazy()
    truncate = _truncator(every)
    events = spells.lazy().with_columns(
        truncate("acquired_at").alias("_acq"), truncate("churned_at").alias("_churn")
    )
    acquired = events.group_by([*by_, "_acq"]).agg(pl.len().alias("acquired")).rename({"_acq": PERIOD})
    lost = (
        events.filter(pl.col("_churn").is_not_null())
        .group_by([*by_, "_churn"])
        .agg(pl.len().alias("lost"), (pl.col("_acq") == pl.col("_churn")).sum().alias("_lost_within"))
        .rename({"_churn": PERIOD})
    )
    grid = _grid(index, spells.lazy(), by_)
    table = (
        grid.join(acquired, on=[*by_, PERIOD], how="left", nulls_equal=True)
        .join(lost, on=[*by_, PERIOD], how="left", nulls_equal=True)
        .with_columns(pl.col("acquired", "lost", "_lost_within").fill_null(0).cast(pl.Int64))
        .sort([*by_, PERIOD])
        .with_columns(_running_before(pl.col("acquired").cast(pl.Int64) - pl.col("lost"), by_).alias("customers_start"))
        .with_columns(
            (pl.col("lost") - pl.col("_lost_within")).alias("lost_from_start"),
            (pl.col("customers_start") + pl.col("acquired") - pl.col("lost")).alias("customers_end"),
        )
        .with_columns(
            safe_div(pl.col("lost_from_start").cast(pl.Float64), pl.col("customers_start")).alias("churn_rate"),
        )
        .with_columns(
            (1 - pl.col("churn_rate")).alias("retention_rate"),
            safe_div(pl.col("lost").cast(pl.Float64), pl.col("acquired")).alias("lost_per_acquired"),
            thin_expr("customers_start").alias("thin"),
            thin_expr("acquired").alias("thin_acquired"),
        )
    )
    columns = [*by_, PERIOD, "customers_start", "acquired", "lost", "lost_from_start", "customers_end",
               "churn_rate", "retention_rate", "lost_per_acquired", "thin", "thin_acquired"]
    table = table.select(columns)
    if "mrr" in columns_of(frame):
        table = table.join(_mrr_movements(frame, by_, every, index), on=[*by_, PERIOD], how="left", nulls_equal=True)
    result = table.sort([*by_, PERIOD], nulls_last=True).collect(engine=get_engine())
    if start is not None:
        result = result.filter(pl.col(PERIOD) >= to_datetime(start).date())
    return result


def _running_before(change: pl.Expr, by_: list[str]) -> pl.Expr:
    """Sum of ``change`` over the earlier periods (of the same segment)."""
    before = change.cum_sum() - change
    return before.over(by_) if by_ else before


def _truncator(every: str) -> Callable[[str], pl.Expr]:
    from cxkit._common import _interval, period_start

    interval = _interval(every)

    def truncate(column: str) -> pl.Expr:
        return period_start(pl.col(column), interval)

    return truncate


def _grid(periods: pl.LazyFrame, spells: pl.LazyFrame, by_: list[str]) -> pl.LazyFrame:
    if not by_:
        return periods.select(PERIOD)
    return spells.select(by_).unique().join(periods.select(PERIOD), how="cross")


def _mrr_movements(frame: pl.LazyFrame, by_: list[str], every: str, periods: pl.LazyFrame) -> pl.LazyFrame:
    """Customer-level MRR movements per period (new, expansion, contraction, churned, reactivation)."""
    subs = frame.filter(pl.col("acquired_at").is_not_null() & pl.col("mrr").is_not_null()).with_columns(
        _not_before_acquired()
    )
    # amounts in ten-thousandths as integers: running sums over many customers stay exact, so "back to zero"
    # is exactly zero (float sums drift by more than any fixed tolerance once the totals are large)
    units = (pl.col("mrr") * _UNITS).round(0).cast(pl.Int64)
    per_customer = _customer_movements(subs, by_, every, units)
    measures = ["new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "reactivation_mrr"]
    per_period = per_customer.group_by([*by_, PERIOD]).agg(
        (pl.col("_delta").sum() / _UNITS).alias("_net"), *[(pl.col(m).sum() / _UNITS).alias(m) for m in measures]
    )
    grid = _grid(periods, subs.select(by_).unique() if by_ else subs, by_)
    net_before = pl.col("_net").cum_sum() - pl.col("_net")
    return (
        grid.join(per_period, on=[*by_, PERIOD], how="left", nulls_equal=True)
        .with_columns(pl.col("_net", *measures).fill_null(0.0))
        .sort([*by_, PERIOD])
        .with_columns((net_before.over(by_) if by_ else net_before).alias("mrr_start"))
        .with_columns(
            safe_div(pl.col("churned_mrr") + pl.col("contraction_mrr"), pl.col("mrr_start")).alias("gross_mrr_churn"),
            safe_div(
                pl.col("churned_mrr") + pl.col("contraction_mrr") - pl.col("expansion_mrr")
                - pl.col("reactivation_mrr"),
                pl.col("mrr_start"),
            ).alias("net_mrr_churn"),
        )
        .select([*by_, PERIOD, "mrr_start", *measures, "gross_mrr_churn", "net_mrr_churn"])
    )


def _customer_movements(subs: pl.LazyFrame, by_: list[str], every: str, value: pl.Expr) -> pl.LazyFrame:
    """Per customer (and segment) and period in which one of their subscriptions starts or ends: ``_s`` the
    value they held at the period's start and ``_e`` at its end (``value`` of their active subscriptions,
    summed), ``_delta`` = _e − _s, ``_first`` (their first such period) and the movements ``new_mrr``,
    ``reactivation_mrr``, ``churned_mrr``, ``expansion_mrr``, ``contraction_mrr`` in the units of ``value``.
    Periods in which nothing started or ended have no row."""
    truncate = _truncator(every)
    starts = subs.select("customer_id", *by_, truncate("acquired_at").alias(PERIOD), value.alias("_delta"))
    ends = subs.filter(pl.col("churned_at").is_not_null()).select(
        "customer_id", *by_, truncate("churned_at").alias(PERIOD), (-value).alias("_delta")
    )
    s, e = pl.col("_s"), pl.col("_e")
    return (
        pl.concat([starts, ends])
        .group_by(["customer_id", *by_, PERIOD])
        .agg(pl.col("_delta").sum())
        .sort(["customer_id", *by_, PERIOD])
        # rows are sorted by customer: a running sum that restarts at each customer's first row, without
        # window expressions over text keys (much faster on large customer tables)
        .with_columns(
            pl.struct(["customer_id", *by_]).ne_missing(pl.struct(["customer_id", *by_]).shift(1))
            .fill_null(True).alias("_first"),
        )
        .with_columns((pl.col("_delta").cum_sum() - pl.col("_delta")).alias("_running"))
        # the running sum where the customer's rows start, carried down their rows (a scan, not a window)
        .with_columns((pl.col("_running") - pl.when(pl.col("_first")).then(pl.col("_running")).forward_fill())
                      .alias("_s"))
        .with_columns((s + pl.col("_delta")).alias("_e"))
        .with_columns(
            pl.when((s == 0) & (e > 0) & pl.col("_first")).then(e).otherwise(0).alias("new_mrr"),
            pl.when((s == 0) & (e > 0) & ~pl.col("_first")).then(e).otherwise(0).alias("reactivation_mrr"),
            pl.when((s > 0) & (e == 0)).then(s).otherwise(0).alias("churned_mrr"),
            pl.when((s > 0) & (e > s)).then(e - s).otherwise(0).alias("expansion_mrr"),
            pl.when((s > 0) & (e > 0) & (e < s)).then(s - e).otherwise(0).alias("contraction_mrr"),
        )
    )


def _empty_churn(by_: list[str], with_mrr: bool) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {k: pl.String() for k in by_}
    schema |= {PERIOD: pl.Date(), "customers_start": pl.Int64(), "acquired": pl.Int64(), "lost": pl.Int64(),
               "lost_from_start": pl.Int64(), "customers_end": pl.Int64(), "churn_rate": pl.Float64(),
               "retention_rate": pl.Float64(), "lost_per_acquired": pl.Float64(), "thin": pl.Boolean(),
               "thin_acquired": pl.Boolean()}
    if with_mrr:
        schema |= {m: pl.Float64() for m in ("mrr_start", "new_mrr", "expansion_mrr", "contraction_mrr",
                                             "churned_mrr", "reactivation_mrr", "gross_mrr_churn", "net_mrr_churn")}
    return pl.DataFrame(schema=schema)


def cohort_retention(
    customers: Frame,
    *,
    every: str = "1mo",
    as_of: DateLike | None = None,
    max_age: int | None = None,
) -> pl.DataFrame:
    """Cohort × age table of the share of customers still active.

    A customer's cohort is the period of their first acquisition (Stripe: customers who come back
    stay in their first cohort). ``retention`` at age k is the share of the cohort still active at
    the start of the k-th period after the cohort's first (age 1 = still active when the
    acquisition period ended). Only ages already observed by ``as_of`` (default: the last date in
    the data) are listed.

    Returns:
        ``cohort, cohort_size, age, retained, retention`` (a fraction 0..1), ``thin`` (cohort_size below
        ``cxkit.thin.THIN_BELOW``: too few customers for the share to mean much), long format.

    Raises:
        MetricError: No ``customer_id``, ``acquired_at`` or ``churned_at`` column.
    """
    frame = lazy(customers)
    require(frame, "customer_id", "acquired_at", "churned_at", metric="Cohort retention")
    spells = _spells(frame, []).collect(engine=get_engine())
    schema = {"cohort": pl.Date, "cohort_size": pl.Int64, "age": pl.Int64, "retained": pl.Int64,
              "retention": pl.Float64, "thin": pl.Boolean}
    if spells.height == 0:
        return pl.DataFrame(schema=schema)
    first, last = _bounds(frame.select("acquired_at", "churned_at").collect(engine=get_engine()), None, None)
    if as_of is not None:
        last = to_datetime(as_of).date()
    periods = _period_table(first, max(last, first), every)
    truncate = _truncator(every)
    lookup = periods.lazy()
    tagged = (
        spells.lazy()
        .with_columns(truncate("acquired_at").alias("cohort"), truncate("churned_at").alias("_churn"))
        .join(lookup.rename({PERIOD: "cohort", "_index": "_i_cohort"}), on="cohort", how="left")
        .join(lookup.rename({PERIOD: "_churn", "_index": "_i_churn"}), on="_churn", how="left")
        .with_columns((pl.col("_i_churn") - pl.col("_i_cohort")).alias("_survived"))  # null: still active
        .collect(engine=get_engine())
    )
    horizon = periods.height - 1
    rows: list[dict[str, object]] = []
    for (cohort, i_cohort), group in tagged.group_by(["cohort", "_i_cohort"], maintain_order=True):
        if i_cohort is None:
            continue
        size = group.height
        survived = group["_survived"]
        observed = horizon - int(i_cohort)
        if max_age is not None:
            observed = min(observed, max_age)
        for age in range(1, observed + 1):
            retained = int((survived.is_null() | (survived >= age)).sum())
            rows.append({"cohort": cohort, "cohort_size": size, "age": age, "retained": retained,
                         "retention": retained / size, "thin": size < THIN_BELOW})
    return pl.DataFrame(rows, schema=schema).sort("cohort", "age") if rows else pl.DataFrame(schema=schema)


def retention_curve(
    customers: Frame, *, every: str = "1mo", as_of: DateLike | None = None, max_age: int | None = None
) -> pl.DataFrame:
    """Retention by age over all cohorts, weighted by cohort size: Σ retained ÷ Σ cohort size among
    the cohorts observed at that age.

    Returns:
        ``age, cohorts, customers, retained, retention``, ``thin`` (customers below
        ``cxkit.thin.THIN_BELOW``).
    """
    table = cohort_retention(customers, every=every, as_of=as_of, max_age=max_age)
    return (
        table.group_by("age")
        .agg(pl.len().alias("cohorts"), pl.col("cohort_size").sum().alias("customers"), pl.col("retained").sum())
        .with_columns(safe_div(pl.col("retained").cast(pl.Float64), pl.col("customers")).alias("retention"),
                      thin_expr("customers").alias("thin"))
        .sort("age")
    )



@checks_by
def churn_share(customers: Frame, *, by: By = ()) -> pl.DataFrame:
    """Share of customers who have left, per group: a snapshot, for groups that are not periods (NPS group,
    SLA experience, plan...). "Left" is a ``churned_at`` date or, in a snapshot without dates, the
    ``churned`` flag.

    ``customers``; ``churned`` (with a ``churned_at``); ``churn_share`` = churned ÷ customers (0..1);
    with ``mrr``: ``revenue_at_risk`` (monthly revenue of the churned) and ``revenue_share_lost``.
    Unlike ``churn_rate`` this ignores when customers joined, so compare groups of similar age. ``thin``:
    customers below ``cxkit.thin.THIN_BELOW`` (30), a share over too few customers to compare. A column only
    departing customers fill (a cancellation reason) gives shares of 1 and 0 that mean nothing: see
    ``cxkit.thin.exit_only_columns`` and ``churn_reasons``.

    Raises:
        MetricError: No ``customer_id``, or neither ``churned_at`` nor ``churned``.
    """
    frame = lazy(customers)
    names = columns_of(frame)
    if "churned_at" in names:
        left = pl.col("churned_at").is_not_null()
    elif "churned" in names:  # a snapshot with a churn flag and no dates
        left = pl.col("churned").fill_null(False)
    else:
        require(frame, "customer_id", "churned_at", metric="Churn share")
        left = pl.lit(False)
    require(frame, "customer_id", metric="Churn share")
    by_ = keys(by)
    has_mrr = "mrr" in names
    exprs = [
        pl.col("customer_id").n_unique().alias("customers"),
        pl.col("customer_id").filter(left).n_unique().alias("churned"),
    ]
    if has_mrr:
        exprs += [pl.col("mrr").filter(left).sum().alias("revenue_at_risk"),
                  pl.col("mrr").sum().alias("_mrr")]
    result = aggregate(frame, by_, exprs).with_columns(
        safe_div(pl.col("churned").cast(pl.Float64), pl.col("customers")).alias("churn_share"),
        thin_expr("customers").alias("thin"))
    if has_mrr:
        result = result.with_columns(safe_div(pl.col("revenue_at_risk"), pl.col("_mrr")).alias("revenue_share_lost")
                                     ).drop("_mrr")
    return result.collect(engine=get_engine())
