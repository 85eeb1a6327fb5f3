"""Percentages and rates: ``15 %``, ``15,5%`` (read as 0.15, 0.155) or fractions of one (``0.15``). No canonical
column is a rate today: the type is how the candidates stage knows a rate is not an amount (a discount of 0.15 is
not a discount amount), and how a rate column a plugin adds is read."""

from __future__ import annotations

import polars as pl

from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types._numbers import MONEY

_PERCENT = r"^[+-]?\d+([.,]\d+)?\s*%$"


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if column in MONEY:
        return 0.0  # a rate is never an amount
    if p.recognised.get("percent", 0.0) >= 0.9:
        return 1.0
    return 0.8 if p.is_number and p.low is not None and p.low >= 0 and p.high is not None and p.high <= 1 else 0.0


def rate(cell: pl.Expr) -> pl.Expr:
    """A percentage as a fraction of one (``15 %`` → 0.15); a plain number as it is."""
    text = cell.str.strip_chars().str.replace(",", ".", literal=True)
    percent = text.str.ends_with("%")
    number = text.str.strip_chars_end("% \u00a0").cast(pl.Float64, strict=False)
    return pl.when(percent).then(number / 100).otherwise(number)


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    from cxkit import _parse as P

    values = pl.select(rate(pl.lit(cells))).to_series().alias(ctx.column)
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.Parsed(values, values.is_null() & cells.is_not_null()))])


register(TypeDef("percent", ("rate",), parse, fit, recognise=pl.col("cell").str.contains(_PERCENT),
                 description="a percentage or a rate, as a fraction of one"))
