"""Times of day alone (``9:05:10``, ``3:53:50 PM``, an Excel time cell ``1899-12-31 09:12:58``): joined with the
date column beside them into one timestamp (``cxkit.ingest.columns``)."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register

PATTERN = r"^(1899-12-3[01][ T])?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?\s?[Mm]\.?)?$"


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    return 1.0 if p.time_of_day >= 0.95 else 0.0


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    values = P.parse_time_of_day(cells)
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.Parsed(values, values.is_null() & cells.is_not_null()))])


register(TypeDef("time_of_day", (), parse, fit, recognise=pl.col("cell").str.contains(PATTERN),
                 description="a time of day without a date"))
