"""Excel serial dates: days since 1899-12-30 (``45366`` is 2024-03-15, ``45366.5`` its noon), as a sheet exported
to CSV writes a date cell. The date type reads them inside a date column (``cxkit._parse``); this is the same
reading as one polars expression."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register

_SERIAL = r"^[1-6]\d{4}(\.\d+)?$"  # 1927 to 2173: the dates an export holds


def serial_to_datetime(cell: pl.Expr) -> pl.Expr:
    """Days since 1899-12-30 (with a fraction for the time of day) as a timestamp, to the second."""
    days = cell.cast(pl.Float64, strict=False)
    seconds = ((days - 25569) * 86_400).round(0).cast(pl.Int64)
    return pl.from_epoch(seconds, time_unit="s")


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    return 1.0 if p.recognised.get("excel_serial", 0.0) >= 0.99 and p.header.lower().find("date") >= 0 else 0.0


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    serial = cells.str.contains(_SERIAL).fill_null(False)
    values = pl.select(serial_to_datetime(pl.lit(cells))).to_series().set(~serial, None).alias(ctx.column)
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.Parsed(values, values.is_null() & cells.is_not_null()))])


register(TypeDef("excel_serial", (), parse, fit, recognise=pl.col("cell").str.contains(_SERIAL),
                 description="an Excel serial day"))
