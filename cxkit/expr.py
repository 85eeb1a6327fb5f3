"""Metric expression builders: polars expressions that work in ``select``, ``group_by().agg()`` and
``over()``.

>>> import polars as pl, cxkit.expr as cx
>>> df = pl.DataFrame({"region": ["a", "a", "b"], "nps_score": [10, 3, 9]})
>>> df.group_by("region").agg(cx.nps()).sort("region")["nps"].to_list()
[0.0, 100.0]
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Literal

import numpy as np
import polars as pl
from scipy import stats

from cxkit.errors import needs_columns

__all__ = [
    "NPS_GROUPS",
    "csat",
    "detractors",
    "nev",
    "nps",
    "nps_group",
    "passives",
    "percentile",
    "pooled_churn",
    "promoters",
    "rate",
    "satisfied",
    "top_box_threshold",
    "two_proportion_test",
    "unhappy",
]

# The one definition of satisfied / unhappy and of the NPS groups. Every cxkit function that needs them uses these
# expressions, whichever of the columns a frame has (a derived column the loader added, or only the score), so
# dropping a derived column never changes a result. The catalog states them once ("definitions").
NPS_GROUPS = ("promoter", "passive", "detractor")


def _number(column: str) -> pl.Expr:
    """A score as Float64 with NaN as missing."""
    return pl.col(column).cast(pl.Float64).fill_nan(None)


def top_box_threshold(score: str = "csat_score") -> pl.Expr:
    """The lowest satisfied score of the rating scale, read from the column's largest score (as ``cxkit.load``
    does): 4 on a 1–5 scale, 6 on 1–7, 9 on 1–10. A frame-wide value: use it in ``select``/``with_columns``."""
    top = _number(score).max()
    return pl.when(top <= 5).then(4.0).when(top <= 7).then(6.0).otherwise(9.0)


def satisfied(names: Collection[str], *, flag: str = "satisfied", score: str = "csat_score") -> pl.Expr:
    """Satisfied, the top box: a ``satisfied`` flag where the frame has one (Good/Bad words as read by
    ``cxkit.load``), otherwise from the rating: 4–5 of 5, 6–7 of 7, 9–10 of 10 (the scale read from the
    column's largest score). Null = not rated. ``names`` are the frame's columns. Use it in ``with_columns``
    before filtering or grouping (the scale is frame-wide).

    Raises:
        MetricError: Neither column.
    """
    parts = []
    if flag in names:
        parts.append(pl.col(flag).cast(pl.Boolean))
    if score in names:
        parts.append(_number(score) >= top_box_threshold(score))
    if not parts:
        raise needs_columns("Satisfaction", (score,), (flag,),
                            message=f"Satisfaction needs ratings: a '{flag}' (good/bad) or '{score}' (1–5) column.")
    return (pl.coalesce(parts) if len(parts) > 1 else parts[0]).alias("satisfied")


def unhappy(names: Collection[str], *, flag: str = "satisfied", score: str = "csat_score") -> pl.Expr:
    """Unhappy = rated and not satisfied (below the top box: 1–3 of 5, 1–5 of 7, 1–8 of 10, or a Bad rating);
    null = not rated. The complement of ``satisfied`` among rated answers.

    Raises:
        MetricError: No rating column.
    """
    return (~satisfied(names, flag=flag, score=score)).alias("unhappy")


def nps_group(names: Collection[str] | None = None, *, score: str = "nps_score", label: str = "nps_group") -> pl.Expr:
    """``"promoter"`` (score 9–10), ``"passive"`` (7–8) or ``"detractor"`` (0–6) from the 0–10 score, or, where
    the score is missing, the exported ``nps_group`` label; null = no answer (NaN scores too). ``names`` are
    the frame's columns (default: the score only).

    Raises:
        MetricError: Neither column.
    """
    names = [score] if names is None else names
    parts = []
    if score in names:
        number = _number(score)
        parts.append(pl.when(number >= 9).then(pl.lit("promoter")).when(number >= 7).then(pl.lit("passive"))
                     .when(number.is_not_null()).then(pl.lit("detractor")).otherwise(pl.lit(None, pl.String)))
    if label in names:
        text = pl.col(label).cast(pl.String)
        parts.append(pl.when(text.is_in(list(NPS_GROUPS))).then(text).otherwise(pl.lit(None, pl.String)))
    if not parts:
        raise needs_columns("NPS", (score,), (label,), message=f"NPS needs 0–10 scores ('{score}') or "
                            f"promoter/passive/detractor groups ('{label}').")
    return (pl.coalesce(parts) if len(parts) > 1 else parts[0]).alias("nps_group")


def promoters(score: str = "nps_score") -> pl.Expr:
    """Number of answers scoring 9–10 (``nps_group``)."""
    return (nps_group(score=score) == "promoter").sum().alias("promoters")


def passives(score: str = "nps_score") -> pl.Expr:
    """Number of answers scoring 7–8 (``nps_group``)."""
    return (nps_group(score=score) == "passive").sum().alias("passives")


def detractors(score: str = "nps_score") -> pl.Expr:
    """Number of answers scoring 0–6 (``nps_group``)."""
    return (nps_group(score=score) == "detractor").sum().alias("detractors")


def nps(score: str = "nps_score") -> pl.Expr:
    """Net Promoter Score in points (−100..100): 100 × (promoters − detractors) ÷ answers.

    Null (and NaN) scores are not answers; with no answers the result is null.
    """
    group = nps_group(score=score)
    answered = group.is_not_null().sum()
    net = (group == "promoter").sum().cast(pl.Float64) - (group == "detractor").sum().cast(pl.Float64)
    return pl.when(answered > 0).then(100 * net / answered).otherwise(None).alias("nps")


def csat(satisfied: str = "satisfied") -> pl.Expr:
    """CSAT as a fraction 0..1: satisfied ÷ rated answers (null ratings are not in the denominator). Takes a
    satisfied flag column (see ``satisfied()`` for the definition)."""
    rated = pl.col(satisfied).is_not_null().sum()
    return pl.when(rated > 0).then(pl.col(satisfied).sum() / rated).otherwise(None).alias("csat")


def nev(emotion: str = "emotion") -> pl.Expr:
    """Net emotion value in points: 100 × (positive − negative) ÷ (positive + neutral + negative)."""
    answered = pl.col(emotion).is_in(["positive", "neutral", "negative"]).sum()
    net = (pl.col(emotion) == "positive").sum().cast(pl.Float64) - (pl.col(emotion) == "negative").sum()
    return pl.when(answered > 0).then(100 * net / answered).otherwise(None).alias("nev")


def rate(condition: pl.Expr, among: pl.Expr | None = None, *, name: str = "rate") -> pl.Expr:
    """Share 0..1 of rows meeting ``condition`` among rows meeting ``among`` (all rows by default).

    Null when nothing is in the denominator.
    """
    if among is None:
        denominator = pl.len()
        numerator = condition.fill_null(False).sum()
    else:
        denominator = among.fill_null(False).sum()
        numerator = (condition.fill_null(False) & among.fill_null(False)).sum()
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None).alias(name)


def pooled_churn(lost: str = "lost_from_start", at_start: str = "customers_start") -> pl.Expr:
    """Churn over several periods, pooled: the customers active at each period's start who left during it, added
    up, ÷ those customers added up (``cxkit.churn``'s ``lost_from_start`` and ``customers_start``). Not the mean of
    the periods' rates: a small period weighs as little as its customers. Null when nobody was there at a start."""
    denominator = pl.col(at_start).sum()
    return pl.when(denominator > 0).then(pl.col(lost).sum() / denominator).otherwise(None).alias("churn_rate")


def two_proportion_test(successes: Any, trials: Any, previous_successes: Any, previous_trials: Any
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The pooled two-proportion z test of successes ÷ trials now against before, vectorised (numbers or arrays):
    ``z`` = (p₁ − p₀) ÷ √(p̄(1 − p̄)(1/n₁ + 1/n₀)) with p̄ the pooled share, and its two-sided p-value 2·Φ(−|z|).
    NaN where it is not defined (no trials on a side, or a pooled share of 0 or 1). The one z test of cxkit:
    ``significance.compare_proportions`` (the KPIs' changes) and ``drift.type_drift`` (each ticket type) use it."""
    x1, n1, x0, n0 = (np.asarray(a, dtype=float) for a in (successes, trials, previous_successes, previous_trials))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (x1 + x0) / (n1 + n0)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
        z = np.where((n1 > 0) & (n0 > 0) & (se > 0), (x1 / n1 - x0 / n0) / se, np.nan)
    p = np.where(np.isfinite(z), 2 * stats.norm.sf(np.abs(z)), np.nan)
    return z, p


def percentile(
    column: str, q: float, *, interpolation: Literal["linear", "nearest", "lower", "higher", "midpoint"] = "linear"
) -> pl.Expr:
    """The ``q`` quantile (0..1) of ``column``, linear interpolation as numpy's default."""
    return pl.col(column).quantile(q, interpolation=interpolation)
