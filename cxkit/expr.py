"""Metric expression builders: polars expressions that work in ``select``, ``group_by().agg()`` and
``over()``.

>>> import polars as pl, cxkit.expr as cx
>>> df = pl.DataFrame({"region": ["a", "a", "b"], "nps_score": [10, 3, 9]})
>>> df.group_by("region").agg(cx.nps()).sort("region")["nps"].to_list()
[0.0, 100.0]
"""

from __future__ import annotations

from typing import Literal

import polars as pl

__all__ = [
    "csat",
    "detractors",
    "nev",
    "nps",
    "passives",
    "percentile",
    "promoters",
    "rate",
]


def promoters(score: str = "nps_score") -> pl.Expr:
    """Number of answers scoring 9–10."""
    return (pl.col(score) >= 9).sum().alias("promoters")


def passives(score: str = "nps_score") -> pl.Expr:
    """Number of answers scoring 7–8."""
    return ((pl.col(score) >= 7) & (pl.col(score) <= 8)).sum().alias("passives")


def detractors(score: str = "nps_score") -> pl.Expr:
    """Number of answers scoring 0–6."""
    return (pl.col(score) <= 6).sum().alias("detractors")


def nps(score: str = "nps_score") -> pl.Expr:
    """Net Promoter Score in points (−100..100): 100 × (promoters − detractors) ÷ answers.

    Null scores are not answers; with no answers the result is null.
    """
    answered = pl.col(score).is_not_null().sum()
    net = (pl.col(score) >= 9).sum().cast(pl.Float64) - (pl.col(score) <= 6).sum().cast(pl.Float64)
    return pl.when(answered > 0).then(100 * net / answered).otherwise(None).alias("nps")


def csat(satisfied: str = "satisfied") -> pl.Expr:
    """CSAT as a fraction 0..1: satisfied ÷ rated answers (null ratings are not in the denominator)."""
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


def percentile(
    column: str, q: float, *, interpolation: Literal["linear", "nearest", "lower", "higher", "midpoint"] = "linear"
) -> pl.Expr:
    """The ``q`` quantile (0..1) of ``column``, linear interpolation as numpy's default."""
    return pl.col(column).quantile(q, interpolation=interpolation)
