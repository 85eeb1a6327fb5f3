"""A value type cxkit does not ship: ISO 8601 durations (``PT1H30M``, ``P1DT2H``, ``PT45S``), as some ticketing
APIs export handling and resolution times. Read with polars expressions only, into minutes."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register, unregister

NAME = "iso_duration"
PATTERN = r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"


def minutes(cell: pl.Expr) -> pl.Expr:
    """``P1DT2H30M`` → 1590.0 minutes (null when the cell is not an ISO 8601 duration)."""
    parts = [cell.str.extract(PATTERN, group).cast(pl.Float64).fill_null(0.0) for group in (1, 2, 3, 4)]
    total = parts[0] * 1440 + parts[1] * 60 + parts[2] + parts[3] / 60
    return pl.when(cell.str.contains(PATTERN) & (cell != "P") & (cell != "PT")).then(total)


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    return 1.0 if p.recognised.get(NAME, 0.0) >= 0.8 else 0.0


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    values = pl.select(minutes(pl.lit(cells))).to_series()
    if ctx.spec.type == "seconds":
        values = values * 60
    values = values.alias(ctx.column)
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.Parsed(values, values.is_null() & cells.is_not_null()))])


def install() -> None:
    register(TypeDef(NAME, ("duration", "seconds"), parse, fit, recognise=pl.col("cell").str.contains(PATTERN),
                     description="an ISO 8601 duration"))


def uninstall() -> None:
    unregister(NAME)
