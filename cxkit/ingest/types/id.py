"""Ids: tickets, answers, customers, orders, calls; an e-mail address is a customer's id. Ids that Excel turned
into numbers (``1.23E+11``) are said."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.issues import issue
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if p.is_datetime and not p.typed_dates:
        return 0.3  # timestamps are when, not who
    if p.email >= 0.5:
        return 1.0
    if p.is_free_text:
        return 0.1
    return 1.0 if p.unique >= 0.3 or p.n < 20 else 0.6


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    result = ColumnRead()
    parsed, n_damaged, example = P.parse_id(cells, cleaned=ctx.cleaned)
    if n_damaged:
        result.issues.append(issue("w_excel_ids", n=n_damaged, column=ctx.header, example=example))
    result.stored.append((ctx.column, ctx.spec, parsed))
    return result


register(TypeDef("id", ("id",), parse, fit, recognise=pl.col("cell").str.contains(r"^[A-Za-z#-]*\d[\w-]*$"),
                 description="an id, kept as text"))
