"""What the assemble stage derives once the columns are typed: durations from timestamps, order amounts from lines,
tenure in months, an "NPS" column that is really a rating. Each function takes the typed columns and the mapping and
returns what it adds or changes (new values), never changing what it was given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import cast

import polars as pl

from cxkit.expr import top_box_threshold
from cxkit.ingest.candidates import normalise
from cxkit.ingest.issues import Issue, RowReason, Term, issue
from cxkit.schema import SCHEMAS, Kind

__all__ = ["derive_durations", "derive_orders", "nps_scale", "tenure_in_months"]

Columns = Mapping[str, pl.Series]
Derived = tuple[dict[str, pl.Series], list[RowReason], list[Issue]]


def derive_durations(kind: Kind, columns: Columns, mapping: Mapping[str, str], rows: int) -> Derived:
    """Minutes to first reply and to resolution from the timestamps, where the export has none (or gaps)."""
    made: dict[str, pl.Series] = {}
    found: list[Issue] = []
    if kind != "tickets" or "created_at" not in columns:
        return made, [], found
    for target, end in (("first_response_minutes", "first_response_at"), ("resolution_minutes", "solved_at")):
        if end not in columns:
            continue
        derived = (columns[end] - columns["created_at"]).dt.total_seconds() / 60
        derived = derived.set((derived < 0).fill_null(False), None).alias(target)
        if target not in columns:
            made[target] = derived
            found.append(issue("w_derived", column=Term("column", target), end=mapping[end],
                               start=mapping["created_at"]))
        else:  # the exported duration is often empty (Freshdesk): fill the gaps from the timestamps
            made[target] = columns[target].fill_null(derived)
    return made, [], found


def _cancelled(columns: Columns, rows: int) -> pl.Series:
    cancelled = pl.repeat(False, rows, dtype=pl.Boolean, eager=True)
    if "amount" in columns:
        cancelled = cancelled | (columns["amount"] < 0).fill_null(False)
    if "order_status" in columns:
        words = columns["order_status"].str.to_lowercase()
        cancelled = cancelled | words.str.contains(r"cancel|void|refund|anulad|reembols|devuel|estorn|devolv")\
            .fill_null(False)
    if "cancelled_at" in columns:
        cancelled = cancelled | columns["cancelled_at"].is_not_null()
    return cancelled.alias("cancelled")


def derive_orders(kind: Kind, columns: Columns, mapping: Mapping[str, str], rows: int) -> Derived:
    """Line amounts from quantity × unit price when the export has no amount; cancellations marked.

    An order is cancelled when its status says so (cancelled, voided, refunded), it has a cancellation date,
    or its amount is negative (a credit note, such as the UCI invoices whose number starts with C)."""
    if kind != "orders":
        return {}, [], []
    made: dict[str, pl.Series] = {}
    reasons: list[RowReason] = []
    found: list[Issue] = []
    if "unit_price" in columns and "amount" not in columns:
        if "quantity" in columns:
            line = (columns["quantity"] * columns["unit_price"]).alias("amount")
            found.append(issue("w_amount_derived", quantity=mapping["quantity"], price=mapping["unit_price"]))
        else:  # one row per unit sold (order-item exports)
            line = columns["unit_price"].alias("amount")
            found.append(issue("w_amount_is_price", price=mapping["unit_price"]))
        made["amount"] = line
        if bool(line.is_null().any()):
            reasons.append(RowReason(issue("r_missing", column=mapping["unit_price"]), line.is_null()))
    made["cancelled"] = _cancelled({**columns, **made}, rows)
    return made, reasons, found


def _tenure_unit(header: str, values: pl.Series) -> tuple[str, str]:
    """Tenure's unit and why: its header says so, or else its range."""
    words = normalise(header).split()
    if any(w in words for w in ("years", "year", "anos", "ano", "anios", "yrs")):
        return "years", "header"
    if any(w in words for w in ("days", "day", "dias", "dia")):
        return "days", "header"
    if any(w in words for w in ("months", "month", "meses", "mes")):
        return "months", "header"
    present = values.drop_nulls()
    high = float(cast(float, present.max())) if len(present) else None
    # a bank's or insurer's tenure of 0–10 whole numbers is years; telecom tenures run to 72 months
    whole = bool((present == present.round(0)).all())
    return ("years" if high is not None and high <= 15 and whole else "months"), "range"


def tenure_in_months(kind: Kind, columns: Columns, mapping: Mapping[str, str], rows: int) -> Derived:
    """Tenure is stated in months, years or days by its header, or else by its range; it is kept in months."""
    if kind != "customers" or "tenure_months" not in columns:
        return {}, [], []
    header = mapping["tenure_months"]
    values = columns["tenure_months"]
    unit, why = _tenure_unit(header, values)
    factor = {"years": 12.0, "days": 12 / 365.25, "months": 1.0}[unit]
    found = []
    if factor != 1.0 or why == "range":
        reason = issue("why_header") if why == "header" else issue("why_range", low=str(values.min()),
                                                                   high=str(values.max()))
        found.append(issue("w_tenure_unit", column=header, unit=Term("unit", unit), why=reason))
    return {"tenure_months": (values * factor).alias("tenure_months")}, [], found


def _scale(scores: pl.Series) -> tuple[str | None, int]:
    """The scale a column of NPS scores looks like when it is not 0–10 (``None``: it is 0–10), and its top."""
    low, high = int(scores.min()), int(scores.max())  # type: ignore[arg-type]
    if high <= 7:
        return f"{low}–{high}", high
    if low >= 1 and high >= 9 and len(scores) >= 30:
        return "1–10", high
    return None, high


def nps_scale(kind: Kind, columns: Columns, mapping: Mapping[str, str], confirmed: frozenset[str]) -> tuple[
    dict[str, pl.Series], dict[str, str], list[Issue]
]:
    """NPS is defined on 0–10. A column that looks like 1–5 stars, 1–7 agreement or 1–10 without a 0 is read
    as a satisfaction rating instead, unless the user mapped it as NPS on purpose. Returns the columns, the
    mapping (new values) and the note."""
    same = dict(columns), dict(mapping)
    if "nps_score" not in columns:
        return *same, []
    scores = columns["nps_score"].drop_nulls()
    if len(scores) < 5:
        return *same, []
    scale, high = _scale(scores)
    if scale is None:
        return *same, []
    header = mapping["nps_score"]
    words = normalise(header) + " " + header.lower()
    says_nps = bool(re.search(r"nps|recomend|recommend|0\s*(-|a|to|–)\s*10", words))
    if says_nps and high > 5:
        return *same, []  # the header names the 0–10 question: a survey without zeros is still NPS
    if "nps_score" in confirmed:
        return *same, [issue("w_scale_confirmed", column=header, scale=scale)]
    new_columns = {k: v for k, v in columns.items() if k != "nps_score"}
    new_mapping = {k: v for k, v in mapping.items() if k != "nps_score"}
    rating = columns["nps_score"].cast(pl.Float64).alias("csat_score")
    if "csat_score" in SCHEMAS[kind] and "csat_score" not in columns:
        new_columns["csat_score"] = rating
        # the top box of the scale read from the largest score: the one definition (cxkit.expr)
        new_columns["satisfied"] = (pl.DataFrame([rating]).select(pl.col("csat_score") >= top_box_threshold())
                                    .to_series().alias("satisfied"))
        new_mapping["csat_score"] = header
    return new_columns, new_mapping, [issue("w_scale_not_nps", column=header, scale=scale)]
