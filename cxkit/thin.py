"""Thin data: when a rate rests on too few customers (or sign-ups) to be read as news, and columns that only
departing customers have.

A rate over a handful of customers jumps about by chance: 1 departure out of 4 customers is a 25 % churn
rate, 2 out of 4 is 50 %. cxkit computes such rates as usual and adds a boolean column saying the
denominator is small (``thin``; ``thin_acquired`` where a ratio divides by sign-ups), so a chart can draw
those points faded and a page can say "only 2 sign-ups this month" in place instead of showing a spike.

Why 30: below about 30 the binomial standard error of a rate is large against the rates people compare
(at n = 30 and a 5 % churn rate the 95 % interval is already roughly 0 %–17 %), and 30 is the usual rule of
thumb for "enough for a normal approximation". It is one threshold for every metric, so a page is consistent;
it is a warning, not a filter: nothing is removed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import polars as pl

from cxkit._common import By, Frame, aggregate, checks_by, columns_of, get_engine, keys, lazy, require, safe_div
from cxkit.errors import needs_columns

__all__ = ["THIN_BELOW", "churn_reasons", "exit_only_columns", "is_thin", "thin_expr"]

THIN_BELOW = 30
"""A rate whose denominator (customers, sign-ups, cohort size, customers at risk) is below this is thin."""


def is_thin(n: float | None) -> bool:
    """Whether a rate over ``n`` (customers, sign-ups...) is too thin to read: ``n < THIN_BELOW``.

    A missing count (None or NaN) and 0 are thin: there is nothing, or almost nothing, to base a rate on
    (the rate itself is null where the denominator is 0). Negative counts do not occur; they count as thin.
    """
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return True
    return n < THIN_BELOW


def thin_expr(count_column: str | pl.Expr) -> pl.Expr:
    """A polars Boolean expression, true where ``count_column`` (the denominator of a rate) is below
    ``THIN_BELOW``; a null (or NaN) count is thin, as in ``is_thin``. Name it with ``.alias``."""
    column = pl.col(count_column) if isinstance(count_column, str) else count_column
    value = column.cast(pl.Float64)
    return (value.is_null() | value.is_nan() | (value < THIN_BELOW)).fill_null(True)


def _churned(names: Iterable[str]) -> pl.Expr:
    names = set(names)
    if "churned_at" in names:
        return pl.col("churned_at").is_not_null()
    if "churned" in names:
        return pl.col("churned").fill_null(False)
    raise needs_columns("Exit-only columns", ("churned_at",), ("churned",), message="Telling which columns only "
                        "departing customers have needs 'churned_at' or a 'churned' flag.")


_NOT_CANDIDATES = {"customer_id", "acquired_at", "churned_at", "churned", "mrr", "tenure_months"}


def exit_only_columns(customers: Frame, *, min_churned: int = 1) -> list[str]:
    """Columns filled only for customers who have left (a cancellation reason, a cancellation date as
    exported): a "churn rate" by such a column is meaningless — every customer with a value has left, every
    customer without one is still there — so pages show these as reasons (``churn_reasons``), not as rates.

    A column is exit-only when at least ``min_churned`` churned customers have a value in it, no active
    customer has one, and some customer is active. cxkit's own columns (``customer_id``, the dates, ``mrr``,
    the churn flag, tenure) are never listed. An empty table, or one where everyone or no one left, gives [].

    Raises:
        MetricError: Neither ``churned_at`` nor ``churned``.
    """
    frame = lazy(customers)
    names = columns_of(frame)
    left = _churned(names)
    candidates = [c for c in names if c not in _NOT_CANDIDATES]
    if not candidates:
        return []
    counts = frame.select(
        (~left).sum().alias("_active"),
        *[(pl.col(c).is_not_null() & left).sum().alias(f"l{i}") for i, c in enumerate(candidates)],
        *[(pl.col(c).is_not_null() & ~left).sum().alias(f"a{i}") for i, c in enumerate(candidates)],
    ).collect(engine=get_engine()).row(0, named=True)
    if not counts["_active"]:
        return []
    return [c for i, c in enumerate(candidates)
            if (counts[f"l{i}"] or 0) >= max(1, min_churned) and not counts[f"a{i}"]]


@checks_by
def churn_reasons(customers: Frame, *, by: By = ()) -> pl.DataFrame:
    """Customers who have left, per value of an exit-only column (a cancellation reason): ``churned`` (count)
    and ``share_of_churned`` = churned ÷ all churned customers (0..1), with ``thin`` where the churned total is
    below ``THIN_BELOW``. Not a churn rate: only departing customers have a reason, so the reason cannot be
    compared with the customers who stayed. Churned customers without a value are a row with a null reason.
    Customers are counted once (``customer_id``). Sorted by count, largest first.

    Raises:
        MetricError: No ``customer_id``, neither ``churned_at`` nor ``churned``, or a ``by`` column not there.
    """
    frame = lazy(customers)
    require(frame, "customer_id", metric="Churn reasons")
    left = _churned(columns_of(frame))
    by_ = keys(by)
    counts = aggregate(frame.filter(left), by_, [pl.col("customer_id").n_unique().alias("churned")])
    total = pl.col("churned").sum()
    return counts.with_columns(
        safe_div(pl.col("churned").cast(pl.Float64), total).alias("share_of_churned"),
        thin_expr(total.cast(pl.Int64)).alias("thin"),
    ).sort(["churned", *by_], descending=[True, *[False] * len(by_)], nulls_last=True).collect(engine=get_engine())
