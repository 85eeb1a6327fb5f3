"""The check stage of the import: what is wrong or worth saying about a load, as codes (``Issue``), never
sentences. Each function looks at values and returns the issues it finds (or the error that stops the load).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from cxkit.expr import nps_group
from cxkit.ingest.candidates import normalise
from cxkit.ingest.columns import ID_COLUMNS, count_unique
from cxkit.ingest.decide import Decision, Detection, header_list, unsure
from cxkit.ingest.issues import Issue, RowReason, Term, fail, issue
from cxkit.ingest.read import RawTable
from cxkit.schema import SCHEMAS, Kind

__all__ = ["KEY_COLUMNS", "cancel_vs_end", "cancelled_orders", "detection_notes", "duplicates", "first_rejection",
           "kind_unsure", "nps_group_mismatch", "required"]

# columns whose wrong choice changes the headline numbers: a close second candidate is said in a warning
KEY_COLUMNS = {"solved_at", "status", "nps_score", "csat_score", "churned_at", "churned", "acquired_at",
               "customer_id", "amount", "wait_seconds", "outcome"}


def required(kind: Kind, used: Mapping[str, str], headers: list[str], name: str) -> list[Issue]:
    """The kind's required columns are mapped, or can be done without (the notes say what then); else the error.

    Each kind requires only what its metrics cannot do without."""
    missing = [c for c, spec in SCHEMAS[kind].items() if spec.required and c not in used]
    derivable = {"first_response_minutes", "resolution_minutes"}
    found: list[Issue] = []
    if kind == "orders" and "unit_price" in used:
        derivable.add("amount")  # line items: quantity × unit price (one unit when there is no quantity)
    if kind == "tickets" and "created_at" in missing:
        derivable.add("created_at")  # tickets without a creation time load; the metrics that need it say so
        found.append(issue("w_no_created"))
    if kind == "customers" and "customer_id" in missing and "churned" in used:
        derivable.add("customer_id")  # a snapshot without ids: each row is one customer, numbered
        found.append(issue("w_customer_row_ids"))
    if kind == "responses" and "submitted_at" in missing and {"nps_score", "csat_score"} & used.keys():
        derivable.add("submitted_at")  # answers with scores and no date load; the metrics over time say so
        found.append(issue("w_no_submitted"))
    if missing and not set(missing) <= derivable:
        raise fail("missing_required", name=name, columns=", ".join(missing), kind=kind, found=header_list(headers))
    return found


def detection_notes(found: Detection, used: Mapping[str, str], confirmed: set[str]) -> list[Issue]:
    """Notes where the evidence was close: two kinds, or two source columns for one canonical column."""
    notes = []
    if found.runner_up is not None and found.kind is not None:
        notes.append(issue("w_kind_close", kind=Term("kind", found.kind), other=Term("kind", found.runner_up)))
    for column, choice in found.choices.items():
        key = found.kind is not None and (SCHEMAS[found.kind][column].required or column in KEY_COLUMNS)
        if key and choice.runner_up and used.get(column) == choice.header and column not in confirmed:
            notes.append(issue("w_column_close", column=Term("column", column), header=choice.header,
                               other=choice.runner_up))
    return notes


def kind_unsure(found: Detection, kind: Kind, decision: Decision) -> list[Issue]:
    """A kind decided from weak or close evidence (and not already said to be close) is said."""
    if found.runner_up is not None or not unsure(decision):
        return []
    other = decision.runner_up
    if other:
        return [issue("w_kind_unsure", kind=Term("kind", kind), other=Term("kind", other))]
    return [issue("w_kind_unsure_alone", kind=Term("kind", kind))]


def nps_group_mismatch(columns: Mapping[str, pl.Series], mapping: Mapping[str, str]) -> list[Issue]:
    """Stated NPS groups that disagree with the scores."""
    if "nps_score" not in columns or "nps_group" not in columns:
        return []
    expected = nps_group(score="s")  # the one definition of the buckets (cxkit.expr)
    frame = pl.DataFrame({"s": columns["nps_score"], "g": columns["nps_group"]})
    mismatch = frame.select((expected != pl.col("g")).fill_null(False).sum()).item()
    return [issue("w_group_mismatch", n=mismatch, column=mapping["nps_group"])] if mismatch else []


def duplicates(kind: Kind, columns: Mapping[str, pl.Series], mapping: Mapping[str, str],
               distinct_ids: int | None) -> list[Issue]:
    """Repeated ids, unless the rows are lines of orders or updates of tickets."""
    id_column = ID_COLUMNS.get(kind)
    if id_column is None or id_column not in columns:
        return []
    ids = columns[id_column].drop_nulls()
    distinct = distinct_ids if distinct_ids is not None else count_unique(ids)
    repeats = len(ids) - distinct
    lines = kind == "orders" and bool({"quantity", "unit_price"} & columns.keys())
    if repeats and not lines and not ("updated_at" in columns and len(ids) >= 1.2 * distinct):
        example = ids.filter(ids.is_duplicated())[0]
        return [issue("w_duplicates", n=repeats, column=mapping[id_column], example=example)]
    return []


def cancelled_orders(kind: Kind, frame: pl.DataFrame) -> list[Issue]:
    if kind == "orders" and "cancelled" in frame.columns and bool(frame["cancelled"].any()):
        return [issue("w_cancelled_orders", n=int(frame["cancelled"].sum()))]
    return []


def cancel_vs_end(kind: Kind, used: Mapping[str, str]) -> list[Issue]:
    """A cancellation date is when the customer asked to leave, which may differ from when the service ended."""
    if kind == "customers" and "churned_at" in used and normalise(used["churned_at"]) in (
        "canceled at", "cancelled at", "cancellation date", "fecha de cancelacion",
    ):
        return [issue("w_cancel_vs_end", header=used["churned_at"])]
    return []


def _row_reasons(reasons: list[RowReason], index: int) -> tuple[Issue, ...]:
    """The reasons that reject the row at ``index`` of the source, their ``{value}`` filled from its cell."""
    found = []
    for reason in reasons:
        if not bool(reason.mask[index]):
            continue
        if reason.cells is None:
            found.append(reason.reason)
            continue
        cell = reason.cells[index]
        if cell is not None:
            found.append(Issue(reason.reason.code, {**reason.reason.params, "value": str(cell)[:80]}))
    return tuple(found)


def first_rejection(raw: RawTable, reasons: list[RowReason], bad: pl.Series) -> tuple[int, tuple[Issue, ...]] | None:
    """The first rejected row (by its row number) and why, from the read stage's rejects and the typed columns'."""
    first: tuple[int, tuple[Issue, ...]] | None = None
    if bool(bad.any()):
        index = int(bad.arg_true()[0])
        first = (int(raw.frame[index, "__row"]), _row_reasons(reasons, index))
    for row, reason, _line in raw.rejected:
        if first is None or row < first[0]:
            first = (row, (reason,))
    return first
