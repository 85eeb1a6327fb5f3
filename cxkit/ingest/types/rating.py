"""Satisfaction ratings: 1–5 stars, 1–7 agreement, 1–10, and verbal scales (Good, Bad, Very satisfied, Muy
satisfecho...), read as a score and as satisfied or not (the top two steps of the scale)."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.schema import SCHEMAS


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if column_type == "satisfied":
        return 1.0 if p.vocab.get("satisfaction", 0) >= 0.5 else 0.1
    if p.is_number and (((p.low or 0) >= 0 and (p.high or 0) <= 10) or p.scale_0_10 >= 0.9):
        return 1.0
    if p.vocab.get("satisfaction", 0) >= 0.5:
        return 1.0
    return 0.1 if p.number < 0.2 and p.distinct <= 12 else 0.02


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    result = ColumnRead()
    score, satisfied, _top = P.parse_rating(cells, hint=ctx.hint, cleaned=ctx.cleaned)
    if ctx.spec.type == "rating":
        result.stored.append(("csat_score", SCHEMAS[ctx.kind]["csat_score"], score))
    if ("satisfied" in SCHEMAS[ctx.kind] and "satisfied" not in ctx.mapping) or ctx.spec.type == "satisfied":
        result.columns["satisfied"] = satisfied.values.alias("satisfied")
    return result


register(TypeDef("rating", ("rating", "satisfied"), parse, fit, description="a 1–5, 1–7 or 1–10 or verbal rating"))
