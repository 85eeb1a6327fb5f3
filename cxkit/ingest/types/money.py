"""Amounts of money: a number with a currency sign or code (``$1,200.50``, ``1.234,50 €``, ``R$ 30``, ``(5)`` for
-5). Read like any number (the signs dropped); an amount column holding fractions of one is a rate, not money."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types._numbers import number_fit

_CURRENCY = r"^\(?\s*([$€£]|R\$|USD|EUR|GBP|BRL)?\s*[+-]?\d[\d.,\s\u00a0]*\s*([$€£]|USD|EUR|GBP|BRL)?\s*\)?$"
_SIGN = r"[$€£]|USD|EUR|GBP|BRL"


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    """Money only where most cells carry a currency sign (plain numbers are the decimal type's)."""
    return number_fit(p, column, column_type) if p.recognised.get("money", 0.0) >= 0.5 else 0.0


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.parse_number(cells, hint=ctx.hint, cleaned=ctx.cleaned))])


register(TypeDef("money", ("number",), parse, fit, order=90,
                 recognise=pl.col("cell").str.contains(_CURRENCY) & pl.col("cell").str.contains(_SIGN),
                 description="an amount with a currency sign"))
