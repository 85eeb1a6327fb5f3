"""Excel serial dates: days since 1899-12-30 (``45366`` is 2024-03-15, ``45366.5`` its noon), as a sheet exported
to CSV writes a date cell. One definition, ``cxkit._excel_time.serial_to_datetime``: this type reads a column of
serials with it, and the date reader (``cxkit._parse.parse_datetime``) the serials inside a date column."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit._excel_time import serial_to_datetime
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register

_SERIAL = r"^[1-6]\d{4}(\.\d+)?$"  # 1927 to 2173: the dates an export holds


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    """A column of serial days only (1927 to 2173) fits a time column: it is asked only for a column whose header
    already names a time (``cxkit.ingest.candidates``), and a plain number of five digits is seldom anything else
    there. A header saying ``date`` makes it sure."""
    if p.recognised.get("excel_serial", 0.0) < 0.99:
        return 0.0
    return 1.0 if "date" in p.header.lower() else 0.9


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    serial = cells.str.contains(_SERIAL).fill_null(False)
    values = pl.select(serial_to_datetime(pl.lit(cells))).to_series().set(~serial, None).alias(ctx.column)
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.Parsed(values, values.is_null() & cells.is_not_null()))])


register(TypeDef("excel_serial", ("datetime",), parse, fit, recognise=pl.col("cell").str.contains(_SERIAL),
                 description="an Excel serial day"))
