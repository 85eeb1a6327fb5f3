"""Times and durations: minutes or seconds as numbers (the header's unit decides: ``(min)``, ``segundos``),
``h:mm:ss`` text and Excel duration cells."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if p.is_number or p.typed_durations or p.time_of_day >= 0.8 or p.duration_words >= 0.8:
        return 1.0
    return 0.05


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    if ctx.spec.type == "duration":
        parsed = P.parse_duration(cells, unit_minutes=P.duration_unit(ctx.header), typed=ctx.typed, hint=ctx.hint,
                                  cleaned=ctx.cleaned)
        return ColumnRead(stored=[(ctx.column, ctx.spec, parsed)])
    unit = P.duration_unit(ctx.header)  # seconds
    minutes = P.parse_duration(cells, unit_minutes=unit if unit is not None else 1 / 60, typed=ctx.typed,
                               hint=ctx.hint, cleaned=ctx.cleaned)
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.Parsed((minutes.values * 60).round(6), minutes.bad))])


register(TypeDef("duration", ("duration", "seconds"), parse, fit,
                 recognise=pl.col("cell").str.contains(r"^\d{1,3}:\d{2}(:\d{2})?$"),
                 description="minutes or seconds, or h:mm:ss"))
