"""Whole numbers (counts: reopens, replies); ``3.0`` is 3, ``2.5`` is unreadable."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types._numbers import number_fit


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.parse_integer(cells, hint=ctx.hint, cleaned=ctx.cleaned))])


register(TypeDef("integer", ("integer",), parse, number_fit, recognise=pl.col("cell").str.contains(r"^[+-]?\d+$"),
                 description="a whole number"))
