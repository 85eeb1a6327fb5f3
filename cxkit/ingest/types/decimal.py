"""Numbers with a decimal point or a decimal comma (``1.234,50``, ``1,234.50``, ``12,5``), told apart by the
column itself (a file separated by semicolons leans to the comma)."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types._numbers import number_fit


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.parse_number(cells, hint=ctx.hint, cleaned=ctx.cleaned))])


register(TypeDef("decimal", ("number",), parse, number_fit,
                 recognise=pl.col("cell").str.contains(r"^[+-]?(\d{1,3}([.,]\d{3})+|\d+)([.,]\d+)?$"),
                 description="a number, decimal point or comma"))
