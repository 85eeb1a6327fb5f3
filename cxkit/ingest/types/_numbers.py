"""Shared by the number types: how well a profiled column fits a number column."""

from __future__ import annotations

from cxkit.ingest.profile import ColumnProfile

MONEY = {"amount", "discount_amount", "unit_price", "mrr", "cost"}


def number_fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if not p.is_number:
        return 0.05
    if column in MONEY and p.high is not None and p.high <= 1 and p.integer < 0.9:
        return 0.1  # fractions of one are a rate (a discount of 0.15), not an amount
    return 1.0 if column_type == "number" or p.integer >= 0.95 else 0.3
