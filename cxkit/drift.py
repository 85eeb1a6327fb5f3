"""Ticket-type drift: which kinds of requests are new, vanishing, rising or falling, and is it real."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy import stats
from scipy.spatial.distance import jensenshannon

from cxkit import expr as cx
from cxkit._common import PERIOD, Frame, Window, get_engine, lazy, period_expr, require, window_filter
from cxkit.errors import MetricError

__all__ = ["TypeDrift", "type_drift", "type_shares"]

PSI_SMOOTHING = 0.5


@dataclass(frozen=True, eq=False)
class TypeDrift:
    """The result of ``type_drift``.

    Attributes:
        table: One row per category seen in either period: ``category, baseline_count,
            current_count, baseline_share, current_share`` (0..1), ``change_pts`` (percentage
            points), ``z``, ``p_value``, ``p_adjusted`` (Benjamini–Hochberg) and ``status`` (new,
            vanished, rising, falling or stable), sorted by current count.
        chi2, dof, p_value: Pearson's test of homogeneity on the 2 × k table, no continuity
            correction (``scipy.stats.chi2_contingency(..., correction=False)``); null when there are
            fewer than two categories or an empty period.
        cramers_v: Effect size √(χ² ÷ N), 0..1.
        js_distance: Jensen–Shannon distance of the two distributions, base 2 (0..1).
        psi: Population stability index Σ (c − b)·ln(c ÷ b) over shares computed after adding 0.5 to
            every count, so that a category missing from one period does not make it infinite.
        shares: Share of each category per period over the whole data, for a drift chart (computed on
            first use).
        baseline_total, current_total: Tickets in each period.
    """

    table: pl.DataFrame
    chi2: float | None
    dof: int | None
    p_value: float | None
    cramers_v: float | None
    js_distance: float | None
    psi: float | None
    baseline_total: int
    current_total: int
    _source: pl.LazyFrame | None = field(default=None, repr=False)
    _column: str = "ticket_type"
    _every: str = "1mo"

    @property
    def shares(self) -> pl.DataFrame:
        """Share of each category per period over the whole data (computed when first asked for)."""
        cached = self.__dict__.get("_shares")
        if cached is None:
            if self._source is None:
                return pl.DataFrame(schema={PERIOD: pl.Date, "category": pl.String, "count": pl.UInt32,
                                            "share": pl.Float64})
            cached = type_shares(self._source, every=self._every, column=self._column)
            object.__setattr__(self, "_shares", cached)
        return cached

    @property
    def most_common(self) -> list[str]:
        """Categories of the current period, most frequent first."""
        return self.table.filter(pl.col("current_count") > 0).sort("current_count", descending=True)[
            "category"].to_list()

    @property
    def new(self) -> list[str]:
        """Categories present now and absent in the baseline."""
        return self.table.filter(pl.col("status") == "new")["category"].to_list()


def type_shares(tickets: Frame, *, every: str = "1mo", column: str = "ticket_type") -> pl.DataFrame:
    """Count and share (0..1) of each category per period: ``period, category, count, share``.

    Tickets without a category are counted as ``"(none)"`` so that shares sum to 1.
    """
    frame = lazy(tickets)
    require(frame, "created_at", column, metric="Ticket-type shares")
    return (
        frame.with_columns(period_expr("created_at", every), pl.col(column).cast(pl.String).fill_null("(none)")
                           .alias("category"))
        .group_by(PERIOD, "category").agg(pl.len().alias("count"))
        .with_columns((pl.col("count") / pl.col("count").sum().over(PERIOD)).alias("share"))
        .sort(PERIOD, "count", descending=[False, True])
        .collect(engine=get_engine())
    )


def type_drift(
    tickets: Frame,
    *,
    baseline: Window,
    current: Window,
    column: str = "ticket_type",
    alpha: float = 0.05,
    every: str = "1mo",
) -> TypeDrift:
    """Compare the mix of ticket types (or any category column) between two periods.

    Per category, a two-proportion z-test (pooled) of its share in ``current`` against
    ``baseline``; p-values are adjusted for the number of categories with Benjamini–Hochberg.
    ``status``: ``new`` (absent in the baseline), ``vanished`` (absent now), ``rising`` /
    ``falling`` (adjusted p < ``alpha``), else ``stable``. The overall tests are described on
    ``TypeDrift``. Periods are ``(start, end)`` pairs, start included, end excluded. Tickets
    without a category count as ``"(none)"``.

    Raises:
        MetricError: No ``created_at`` or category column, or a bad period.
    """
    frame = lazy(tickets)
    require(frame, "created_at", column, metric="Ticket-type drift")
    if not 0 < alpha < 1:
        raise MetricError(f"alpha must be between 0 and 1, got {alpha}")
    side = (
        pl.when(window_filter("created_at", baseline)).then(pl.lit("baseline"))
        .when(window_filter("created_at", current)).then(pl.lit("current"))
        .otherwise(None).alias("_side")
    )
    # count first, name afterwards: the categories become text on the small table of counts only
    counts = (
        frame.select(pl.col(column).alias("_category"), side)
        .filter(pl.col("_side").is_not_null())
        .group_by("_category", "_side").agg(pl.len().alias("n"))
        .with_columns(pl.col("_category").cast(pl.String).fill_null("(none)").alias("category"))
        .group_by("category", "_side").agg(pl.col("n").sum())
        .collect(engine=get_engine())
    )
    base = dict(counts.filter(pl.col("_side") == "baseline").select("category", "n").iter_rows())
    cur = dict(counts.filter(pl.col("_side") == "current").select("category", "n").iter_rows())
    categories = sorted(set(base) | set(cur))
    b = np.array([base.get(c, 0) for c in categories], dtype=float)
    c = np.array([cur.get(c, 0) for c in categories], dtype=float)
    nb, nc = float(b.sum()), float(c.sum())
    table = _category_table(categories, b, c, nb, nc, alpha)
    overall = _overall(b, c)
    return TypeDrift(
        table=table, baseline_total=int(nb), current_total=int(nc), _source=frame, _column=column, _every=every,
        chi2=overall.chi2, dof=overall.dof, p_value=overall.p_value, cramers_v=overall.cramers_v,
        js_distance=overall.js_distance, psi=overall.psi,
    )


def _category_table(categories: list[str], b: np.ndarray, c: np.ndarray, nb: float, nc: float,
                    alpha: float) -> pl.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        share_b = b / nb if nb else np.full_like(b, np.nan)
        share_c = c / nc if nc else np.full_like(c, np.nan)
    z, p = cx.two_proportion_test(c, nc, b, nb)  # each type's share now against before (cxkit's one z test)
    adjusted = np.full_like(p, np.nan)
    finite = np.isfinite(p)
    if finite.any():
        adjusted[finite] = stats.false_discovery_control(p[finite], method="bh")
    status = []
    for i in range(len(categories)):
        if b[i] == 0 and c[i] > 0:
            status.append("new")
        elif c[i] == 0 and b[i] > 0:
            status.append("vanished")
        elif np.isfinite(adjusted[i]) and adjusted[i] < alpha:
            status.append("rising" if share_c[i] > share_b[i] else "falling")
        else:
            status.append("stable")
    table = pl.DataFrame({
        "category": categories,
        "baseline_count": b.astype(np.int64),
        "current_count": c.astype(np.int64),
        "baseline_share": share_b,
        "current_share": share_c,
        "change_pts": 100 * (share_c - share_b),
        "z": z,
        "p_value": p,
        "p_adjusted": adjusted,
        "status": status,
    }, schema_overrides={"category": pl.String})
    return table.with_columns(pl.col(pl.Float64).fill_nan(None)).sort(
        ["current_count", "baseline_count"], descending=True)


@dataclass
class _Overall:
    chi2: float | None = None
    dof: int | None = None
    p_value: float | None = None
    cramers_v: float | None = None
    js_distance: float | None = None
    psi: float | None = None


def _overall(b: np.ndarray, c: np.ndarray) -> _Overall:
    result = _Overall()
    if b.sum() == 0 or c.sum() == 0:
        return result
    js = float(jensenshannon(b / b.sum(), c / c.sum(), base=2))
    result.js_distance = js if math.isfinite(js) else None
    smoothed_b = (b + PSI_SMOOTHING) / (b + PSI_SMOOTHING).sum()
    smoothed_c = (c + PSI_SMOOTHING) / (c + PSI_SMOOTHING).sum()
    result.psi = float(np.sum((smoothed_c - smoothed_b) * np.log(smoothed_c / smoothed_b)))
    if len(b) < 2:
        return result
    test = stats.chi2_contingency(np.vstack([b, c]), correction=False)
    result.chi2, result.dof, result.p_value = float(test.statistic), int(test.dof), float(test.pvalue)
    result.cramers_v = math.sqrt(result.chi2 / float(b.sum() + c.sum()))
    return result
