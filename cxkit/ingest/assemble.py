"""The assemble stage of the import: the raw table and the decided mapping in, the typed frame in the canonical
model out, with the rows that could not be read and why (as codes). It never changes its inputs: a mapping that
changes (an NPS column read as a rating) is returned as a new mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.columns import LABELLED, Cells, ColumnRead, Plan, by_value, formula_issues, read_typed
from cxkit.ingest.issues import CellIssues, Issue, RowReason, Term, issue
from cxkit.ingest.read import ROW, RawTable
from cxkit.ingest.shape import derive_durations, derive_orders, nps_scale, tenure_in_months
from cxkit.parallel import compute_all
from cxkit.schema import SCHEMAS, ColumnSpec, Kind

__all__ = ["DERIVED_COLUMNS", "Assembled", "assemble"]

# columns the loader itself adds to a frame (beside the canonical ones): a source header of that name is renamed
DERIVED_COLUMNS = {"events", "lines", "source_file", "status_text", "outcome_text", "churned_text", "kind_text",
                   "emotion_text", "nps_group_text", ROW}
_TYPE_KEYS = {"nps": "score", "rating": "rating", "month": "datetime", "sla": "boolean", "order_kind": "category",
              "emotion": "category", "nps_group": "category", "churn_flag": "boolean", "seconds": "duration",
              "call_outcome": "category"}


@dataclass(frozen=True)
class Assembled:
    """What the assemble stage gives.

    ``frame`` holds every source row (the rejected ones too, until ``split``); ``reasons`` say which rows are
    rejected and why; ``cell_issues`` the cells of optional columns left empty; ``mapping`` the mapping as used."""

    frame: pl.DataFrame
    columns: dict[str, pl.Series]
    mapping: dict[str, str]
    reasons: list[RowReason] = field(default_factory=list)
    cell_issues: list[CellIssues] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    distinct_ids: int | None = None


@dataclass(frozen=True)
class Stored:
    """One parsed column stored: its values, the rows it rejects, the cells it leaves empty, its notes."""

    values: pl.Series
    reasons: list[RowReason]
    cells: list[CellIssues]
    issues: list[Issue]


def store(cells: Cells, column: str, spec: ColumnSpec, header: str, parsed: P.Parsed) -> Stored:
    """A parsed column as stored: required columns reject the rows they cannot read, optional ones list cells."""
    values = parsed.values.cast(spec.dtype, strict=False).alias(column)
    tname = Term("type", _TYPE_KEYS.get(spec.type, spec.type))
    reasons: list[RowReason] = []
    if spec.required:
        reasons.append(RowReason(issue("r_missing", column=header), values.is_null() & ~parsed.bad))
    if not bool(parsed.bad.any()):
        return Stored(values, [r for r in reasons if bool(r.mask.any())], [], [])
    raw = cells.cell(header)  # the cells as written, for the reasons and the report
    if spec.required or spec.strict:
        if spec.type == "nps":
            number = P.parse_number(raw, cleaned=True).values
            out = parsed.bad & number.is_not_null()
            reasons.append(RowReason(issue("r_out_of_range", column=header, low=0, high=10), out, raw))
            reasons.append(RowReason(issue("r_unreadable", column=header, type=tname), parsed.bad & ~out, raw))
        else:
            reasons.append(RowReason(issue("r_unreadable", column=header, type=tname), parsed.bad, raw))
        return Stored(values, [r for r in reasons if bool(r.mask.any())], [], [])
    reason = "c_unknown_label" if spec.type in LABELLED else "c_unreadable"
    rows = cells.raw.frame[ROW].filter(parsed.bad)
    bad_values = raw.filter(parsed.bad)
    found = pl.DataFrame({"row": rows.cast(pl.Int64), "column": [header] * len(rows),
                          "value": bad_values.str.slice(0, 200)})
    note = issue("w_unreadable_cells", n=len(rows), column=header, type=tname, row=rows[0],
                 example=str(bad_values[0])[:80])
    return Stored(values, [r for r in reasons if bool(r.mask.any())],
                  [CellIssues(found, issue(reason, type=tname))], [note])


def missing_marks(raw: RawTable) -> tuple[list[CellIssues], list[Issue]]:
    """Cells that say "unknown" with a question mark are read as empty, and listed: unlike a blank cell,
    somebody wrote that the value is not known."""
    found: list[pl.DataFrame] = []
    flags = raw.frame.select((pl.col(h) == "?").any() for h in raw.headers).row(0)
    for header, flagged in zip(raw.headers, flags, strict=True):
        if not flagged:
            continue
        marked = (raw.frame[header] == "?").fill_null(False)
        if bool(marked.any()):
            rows = raw.frame[ROW].filter(marked).cast(pl.Int64)
            found.append(pl.DataFrame({"row": rows, "column": [header] * len(rows), "value": ["?"] * len(rows)}))
    if not found:
        return [], []
    marks = pl.concat(found)
    return ([CellIssues(marks, issue("c_missing_mark"))],
            [issue("w_missing_markers", n=marks.height, column=marks["column"][0], row=marks["row"][0])])


def keep_extras(cells: Cells, kind: Kind, mapping: Mapping[str, str], made: Mapping[str, pl.Series]) -> tuple[
    dict[str, pl.Series], list[Issue]
]:
    """The source columns no canonical column took, kept as text under their own headers (renamed when a column
    the loader makes has that name)."""
    mapped = set(mapping.values())
    taken = set(SCHEMAS[kind]) | set(made) | DERIVED_COLUMNS
    extras: dict[str, pl.Series] = {}
    found: list[Issue] = []
    for header in cells.raw.headers:
        if header in mapped:
            continue
        target = header
        while target in taken:  # a header named like a column the loader makes is kept beside it
            target = f"{target} (source)"
        taken.add(target)
        values = P.parse_text(cells.cell(header), cleaned=True).values
        found.extend(formula_issues(header, values))
        extras[target] = values.alias(target)
    return extras, found


def _read_all(cells: Cells, plan: Plan) -> list[tuple[str, str, ColumnRead]]:
    jobs = [(column, spec, header) for column, spec in SCHEMAS[plan.kind].items()
            if (header := plan.mapping.get(column)) is not None]
    # columns are parsed side by side (one column's string work rarely fills the cores), then stored in order
    results = compute_all({i: partial(read_typed, cells, plan, *job) for i, job in enumerate(jobs)})
    return [(column, header, result) for (column, _spec, header), result in zip(jobs, results.values(), strict=True)]


def _clean(raw: RawTable, plan: Plan) -> Cells:
    """Every column's cells cleaned once (``P.clean``), in one pass that polars spreads over the cores; labels are
    cleaned per distinct value by their parsers instead."""
    raw_types = by_value()
    labelled = {header for column, spec in SCHEMAS[plan.kind].items()
                if spec.type in raw_types and (header := plan.mapping.get(column)) is not None}
    return Cells(raw, P.clean_frame(raw.frame, [h for h in raw.headers if h not in labelled]))


def _typed_columns(cells: Cells, plan: Plan) -> tuple[dict[str, pl.Series], list[RowReason], list[CellIssues],
                                                       list[Issue], list[str], int | None]:
    columns: dict[str, pl.Series] = {}
    reasons: list[RowReason] = []
    cell_issues: list[CellIssues] = []
    found: list[Issue] = []
    extra: list[str] = []
    distinct: int | None = None
    for column, header, result in _read_all(cells, plan):
        if column == "satisfied" and "satisfied" in columns:
            continue
        found.extend(result.issues)
        columns.update(result.columns)
        extra.extend(k for k in result.columns if k.endswith("_text") and k not in extra)
        distinct = result.distinct if result.distinct is not None else distinct
        for target, target_spec, parsed in result.stored:
            stored = store(cells, target, target_spec, header, parsed)
            columns[target] = stored.values
            reasons.extend(stored.reasons)
            cell_issues.extend(stored.cells)
            found.extend(stored.issues)
    return columns, reasons, cell_issues, found, extra, distinct


def assemble(raw: RawTable, plan: Plan) -> Assembled:
    """Parse the mapped columns of ``raw`` into the canonical model, derive what the export leaves out (durations
    from timestamps, amounts from lines, tenure in months) and keep the other columns as text."""
    cells = _clean(raw, plan)
    columns, reasons, cell_issues, found, extra, distinct = _typed_columns(cells, plan)
    mapping = dict(plan.mapping)
    for derive in (derive_durations, derive_orders, tenure_in_months):
        made, more_reasons, notes = derive(plan.kind, columns, mapping, raw.frame.height)
        columns = {**columns, **made}
        reasons.extend(more_reasons)
        found.extend(notes)
    made, notes = differences(cells, plan, columns)
    columns = {**columns, **made}
    found.extend(notes)
    columns, mapping, notes = nps_scale(plan.kind, columns, mapping, plan.confirmed)
    found.extend(notes)
    marks, notes = missing_marks(raw)
    cell_issues.extend(marks)
    found.extend(notes)
    extras, notes = keep_extras(cells, plan.kind, mapping, columns)
    found.extend(notes)
    columns = {**columns, **extras}
    extra_columns = extra + list(extras)
    canonical = [c for c in SCHEMAS[plan.kind] if c in columns]
    ordered = canonical + extra_columns
    frame = pl.DataFrame([columns[c] for c in ordered]) if ordered else pl.DataFrame()
    return Assembled(frame, columns, mapping, reasons, cell_issues, found, extra_columns, distinct)


def differences(cells: Cells, plan: Plan, columns: Mapping[str, pl.Series]) -> tuple[dict[str, pl.Series],
                                                                                      list[Issue]]:
    """The columns a tool's layout computes as the difference of two source columns of numbers (a negative or
    unreadable difference is left empty), where the export has none."""
    made: dict[str, pl.Series] = {}
    notes: list[Issue] = []
    for column, (first, second) in plan.differences.items():
        if column in columns or first not in cells.raw.frame.columns or second not in cells.raw.frame.columns:
            continue
        values = cells.cell(first).cast(pl.Float64, strict=False) - cells.cell(second).cast(pl.Float64, strict=False)
        made[column] = values.set((values < 0).fill_null(False), None).alias(column)
        notes.append(issue("w_derived", column=Term("column", column), end=first, start=second))
    return made, notes


# ------------------------------------------------------------------------------------------ rejected rows


def report_headers(headers: list[str]) -> list[str]:
    """The source headers as columns of the rejected-rows table, beside its own ``row`` and ``reason``."""
    names: list[str] = []
    taken = {"row", "reason"}
    for header in headers:
        name = header
        while name in taken:
            name = f"{name} (source)"
        taken.add(name)
        names.append(name)
    return names


def rejected_mask(reasons: list[RowReason], n: int) -> pl.Series:
    """The rows some reason rejects (a reason that quotes its cell rejects only rows whose cell is not empty)."""
    bad = pl.repeat(False, n, dtype=pl.Boolean, eager=True)
    for reason in reasons:
        mask = reason.mask.fill_null(False)
        bad = bad | (mask & reason.cells.is_not_null() if reason.cells is not None else mask)
    return bad


def split(raw: RawTable, assembled: Assembled) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
    """The good rows, the rejected rows' source cells (``row`` and the cells, no reason yet) and the mask of the
    rejected rows among the source's rows."""
    bad = rejected_mask(assembled.reasons, raw.frame.height)
    frame = assembled.frame
    good = frame.filter(~bad) if frame.width and bool(bad.any()) else frame
    rejected = raw.frame.filter(bad).select(
        pl.col(ROW).cast(pl.Int64).alias("row"),
        *(pl.col(h).alias(n) for h, n in zip(raw.headers, report_headers(raw.headers), strict=True)))
    return good, rejected, bad


def early_rejected(raw: RawTable) -> list[tuple[int, Issue, dict[str, Any]]]:
    """The lines the read stage could not split into the header's cells: row, reason, cells by report header."""
    headers = report_headers(raw.headers)
    sep = raw.separator or ","
    found = []
    for row, reason, line in raw.rejected:
        fields = line.split(sep)
        if len(fields) > len(headers):
            fields = [*fields[: len(headers) - 1], sep.join(fields[len(headers) - 1:])]
        found.append((row, reason, {h: (fields[i] if i < len(fields) else None) for i, h in enumerate(headers)}))
    return found


def early_frame(raw: RawTable, reasons: list[str]) -> pl.DataFrame:
    """The read stage's rejected lines as rows of the rejected table, with their reasons in words."""
    headers = report_headers(raw.headers)
    early = early_rejected(raw)
    rows: dict[str, list[Any]] = {"row": [r for r, _, _ in early], "reason": list(reasons),
                                  **{h: [cells[h] for _, _, cells in early] for h in headers}}
    schema = {"row": pl.Int64, "reason": pl.String, **dict.fromkeys(headers, pl.String)}
    return pl.DataFrame(rows, schema=cast(Any, schema))

