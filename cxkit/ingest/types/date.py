"""Dates and times in their orders: ISO, day first or month first (decided by the column, else by the tool or the
user), named months in six languages, compact ``20240315``; months (``2024-03``, ``marzo 2024``). Excel serial
days are read by ``excel_serial``."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.issues import Issue, Term, issue
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    month = column_type == "month"
    if month and p.is_datetime and p.with_time >= 0.5:
        return 0.2  # a month has no time of day: timestamps are events
    if p.is_datetime:
        # of two date columns, the one with times of day is the event; the one always at midnight is a day
        return 1.0 if month or p.with_time > 0 or p.typed_dates else 0.9
    if month and p.number < 0.5:
        return 0.6  # month names ("marzo 2024") are read by the month parser
    return 0.0


def notes(header: str, found: dict[str, object]) -> list[Issue]:
    """What a date column's reading says: an order it had to assume or that differs from the usual, time zones."""
    said = []
    order = found.get("order")
    if found.get("ambiguous") and isinstance(order, str):
        said.append(issue("w_ambiguous_dates", column=header, order=Term("order", order)))
    elif order == "month_first" or found.get("conflicting_order"):
        said.append(issue("w_dates_order", column=header, order=Term("order", str(order)),
                          example=found.get("order_example")))
    if found.get("timezone"):
        said.append(issue("w_timezone", column=header))
    return said


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    if ctx.spec.type == "month":
        return ColumnRead(stored=[(ctx.column, ctx.spec, P.parse_month(cells, typed=ctx.typed, cleaned=True))])
    parsed = P.parse_datetime(cells, day_first=ctx.day_first, typed=ctx.typed, cleaned=ctx.cleaned)
    return ColumnRead(stored=[(ctx.column, ctx.spec, parsed)], issues=notes(ctx.header, parsed.notes))


register(TypeDef("date", ("datetime", "month"), parse, fit,
                 recognise=pl.col("cell").str.contains(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"),
                 description="a date or a date and time, in any order the column shows"))
