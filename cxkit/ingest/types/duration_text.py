"""Durations written in words: ``1h 30m``, ``2 days 3 hours``, ``45 min``, ``3 dias``. Each distinct text is read
once (outside polars) and the column is filled from that table, as the duration type does."""

from __future__ import annotations

import polars as pl

from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types.duration import parse as parse_duration

PATTERN = (r"(?i)^\d+([.,]\d+)?\s*(ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|d|days?|dias?|"
           r"horas?|minutos?|segundos?)\b")


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    return 1.0 if p.duration_words >= 0.8 else 0.0


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    return parse_duration(cells, ctx)


register(TypeDef("duration_text", ("duration", "seconds"), parse, fit, order=90,
                 recognise=pl.col("cell").str.contains(PATTERN), description="a duration in words"))
