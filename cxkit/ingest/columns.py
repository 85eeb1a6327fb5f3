"""Reading one mapped column into its canonical type (part of the assemble stage, ``cxkit.ingest.assemble``).

Each function takes values and returns a value: the table with its cells cleaned once (``Cells``), what was decided
(``Plan``) and one column. Nothing here changes its inputs, so the columns are read side by side in threads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.candidates import normalise
from cxkit.ingest.issues import Issue, Term, issue
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.read import RawTable
from cxkit.schema import SCHEMAS, STATUSES, ColumnSpec, Kind
from cxkit.status_words import status_by_stem

__all__ = ["BY_VALUE", "ID_COLUMNS", "LABELLED", "Cells", "ColumnRead", "Plan", "count_unique", "formula_issues",
           "read_typed"]

ID_COLUMNS: dict[str, str] = {
    "calls": "call_id",
    "tickets": "ticket_id",
    "responses": "response_id",
    "customers": "customer_id",
    "orders": "order_id",
}
_SLA_INVERTED = ("made sla", "sla cumplido", "within sla", "cumple sla")
# value types read through a table of labels: (labels, dtype of the result)
LABELLED: dict[str, tuple[dict[str, str | bool | None], pl.DataType]] = {
    "status": (P.STATUS_LABELS, pl.Enum(STATUSES)),
    "emotion": (P.EMOTION_LABELS, pl.String()),
    "nps_group": (P.NPS_GROUP_LABELS, pl.String()),
    "order_kind": (P.ORDER_KIND_LABELS, pl.String()),
    "call_outcome": (P.CALL_OUTCOME_LABELS, pl.String()),
    "churn_flag": (P.CHURN_FLAG_LABELS, pl.Boolean()),
    "boolean": (P.BOOLEAN_LABELS, pl.Boolean()),
}
BY_VALUE = {"category", "sla", *LABELLED}  # value types whose parsers clean each distinct value, not each cell


@dataclass(frozen=True)
class Plan:
    """What the decide stage hands to the assemble stage."""

    kind: Kind
    mapping: Mapping[str, str]
    day_first: bool | None = None
    confirmed: frozenset[str] = frozenset()
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # folded words → label, by column
    profiles: Mapping[str, ColumnProfile] = field(default_factory=dict)


@dataclass(frozen=True)
class Cells:
    """The raw table and its cells cleaned once (``P.clean``), by header."""

    raw: RawTable
    cleaned: Mapping[str, pl.Series]

    @property
    def hint(self) -> bool:
        """A semicolon-separated file writes decimal commas."""
        return self.raw.separator == ";"

    def cell(self, header: str) -> pl.Series:
        return self.cleaned[header] if header in self.cleaned else P.clean(self.raw.frame[header])


@dataclass
class ColumnRead:
    """What reading one column gives: values to store (with their rejects), columns set as they are, notes."""

    stored: list[tuple[str, ColumnSpec, P.Parsed]] = field(default_factory=list)
    columns: dict[str, pl.Series] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    distinct: int | None = None  # distinct values of the table's id column, counted in the column's thread


def count_unique(ids: pl.Series) -> int:
    """Distinct ids. Plain numbers (no sign, no leading zero) are counted as integers: ten times faster than
    hashing the text, and the same count, since each such text is one integer and back."""
    as_numbers = ids.cast(pl.Int64, strict=False)
    if as_numbers.null_count() == 0 and not bool(ids.str.contains(r"^0.|\D").any()):
        return as_numbers.n_unique()
    return ids.n_unique()


def formula_issues(header: str, values: pl.Series) -> list[Issue]:
    """Cells a spreadsheet would run as a formula (``=SUM(``), said once per column."""
    formula = values.str.contains(P.FORMULA_CELL).fill_null(False)
    n = int(formula.sum())
    if not n:
        return []
    example = str(values.filter(formula)[0])[:60]
    return [issue("w_formula_cells", n=n, column=header, example=example)]


def _date_notes(header: str, notes: dict[str, object]) -> list[Issue]:
    found = []
    order = notes.get("order")
    if notes.get("ambiguous") and isinstance(order, str):
        found.append(issue("w_ambiguous_dates", column=header, order=Term("order", order)))
    elif order == "month_first" or notes.get("conflicting_order"):
        found.append(issue("w_dates_order", column=header, order=Term("order", str(order)),
                           example=notes.get("order_example")))
    if notes.get("timezone"):
        found.append(issue("w_timezone", column=header))
    return found


def _date_header(raw: RawTable, header: str) -> str | None:
    return next((h for h in raw.headers if h != header and re.search(r"\b(date|fecha|dia|day)\b", normalise(h))),
                None)


def _time_with_date(cells: Cells, plan: Plan, header: str) -> tuple[pl.Series, str] | None:
    """Telephony logs put the time of day (``9:05:10``) in one column and the date in another: joined here.
    Returns the joined timestamps (as text) and the date column's header."""
    raw = cells.cell(header)
    present = raw.drop_nulls()
    if len(present) == 0 or not bool(present.str.contains(r"^\d{1,2}:\d{2}(:\d{2})?$").all()):
        return None
    date_header = _date_header(cells.raw, header)
    if date_header is None:
        return None
    dates = P.parse_datetime(cells.cell(date_header), day_first=plan.day_first, cleaned=True).values
    clock = P.parse_duration(raw, unit_minutes=1.0, cleaned=True).values  # H:MM:SS as minutes after midnight
    combined = pl.select(dates.alias("d"), clock.alias("m")).select(
        pl.col("d") + pl.duration(seconds=(pl.col("m") * 60).round(0).cast(pl.Int64))).to_series()
    return combined.cast(pl.String).alias(header), date_header


def _date_with_time(cells: Cells, plan: Plan, header: str) -> tuple[pl.Series, str] | None:
    """A column of dates alone (``22-04-15``) beside one of times of day alone (``3:53:50 PM``), as complaint
    logs and call-centre workbooks write them: joined into one timestamp. Returns the joined timestamps (as
    text) and the time column's header."""
    profiles = plan.profiles
    own = profiles.get(header)
    if own is None or own.empty or own.with_time > 0 or not own.is_datetime:
        return None
    mapped = set(plan.mapping.values())
    time_header = next((h for h in cells.raw.headers if h != header and h not in mapped
                        and (p := profiles.get(h)) is not None and not p.empty and p.time_of_day >= 0.95
                        and re.search(r"\b(time|hora|horario|hour|heure)\b", normalise(h))), None)
    if time_header is None:
        return None
    dates = P.parse_datetime(cells.cell(header), day_first=plan.day_first, cleaned=True)
    clock = P.parse_time_of_day(cells.cell(time_header))
    combined = pl.select(dates.values.alias("d"), clock.alias("t")).select(
        pl.when(pl.col("t").is_not_null()).then(pl.col("d").dt.combine(pl.col("t"))).otherwise(pl.col("d"))
    ).to_series()
    return combined.cast(pl.String).alias(header), time_header


def _outcome_from_flag(plan: Plan, header: str, result: ColumnRead) -> dict[str, str]:
    """A call log's yes/no column ("Answered (Y/N)", "Abandonada"): its header says what yes means."""
    profile = plan.profiles.get(header)
    if profile is None or profile.vocab.get("boolean", 0) < 0.8 or profile.vocab.get("call_outcome", 0) >= 0.5:
        return {}
    yes = "abandoned" if re.search(r"abandon|colgad|perdid", normalise(header)) else "answered"
    no = "answered" if yes == "abandoned" else "abandoned"
    result.issues.append(issue("w_outcome_from_flag", column=header, yes=Term("outcome", yes),
                               no=Term("outcome", no)))
    return {word: (yes if value else no) for word, value in P.BOOLEAN_LABELS.items() if isinstance(value, bool)}


def _native(raw: RawTable, spec: ColumnSpec, typed: pl.Series | None) -> bool:
    """A Parquet column already typed as the canonical column is used as it is."""
    if typed is None or raw.file_format != "parquet":
        return False
    dtype = typed.dtype
    if spec.type == "datetime":
        return isinstance(dtype, pl.Datetime) or dtype == pl.Date
    if spec.type in ("number", "duration", "seconds"):
        return dtype.is_numeric()
    if spec.type == "integer":
        return dtype.is_integer()
    if spec.type in ("satisfied", "boolean", "sla", "churn_flag"):
        return dtype == pl.Boolean
    if spec.type in ("id", "text"):
        return dtype == pl.String
    if spec.type == "category":
        return dtype == pl.String or isinstance(dtype, pl.Categorical)
    return False


def _read_native(column: str, spec: ColumnSpec, typed: pl.Series) -> ColumnRead:
    values = typed.cast(spec.dtype, strict=False)
    if spec.type == "datetime" and isinstance(typed.dtype, pl.Datetime) and typed.dtype.time_zone:
        values = typed.dt.replace_time_zone(None).cast(spec.dtype)
    if spec.type in ("number", "duration", "seconds"):
        values = values.set(~values.is_finite().fill_null(True), None)
    return ColumnRead(stored=[(column, spec, P.Parsed(values, values.is_null() & typed.is_not_null()))])


def _read_datetime(cells: Cells, plan: Plan, header: str, typed: pl.Series | None, result: ColumnRead) -> P.Parsed:
    column_cells, cleaned = cells.cell(header), True
    joined = _time_with_date(cells, plan, header)
    if joined is not None:
        (column_cells, date_header), cleaned = joined, False
        result.issues.append(issue("w_date_time_joined", time=header, date=date_header))
    elif (joined := _date_with_time(cells, plan, header)) is not None:
        (column_cells, time_header), cleaned, typed = joined, False, None  # the joined text has the time
        result.issues.append(issue("w_date_time_joined", time=time_header, date=header))
    parsed = P.parse_datetime(column_cells, day_first=plan.day_first, typed=typed, cleaned=cleaned)
    result.issues.extend(_date_notes(header, parsed.notes))
    return parsed


def _read_labels(plan: Plan, column: str, spec: ColumnSpec, header: str, cells: pl.Series,
                 result: ColumnRead) -> P.Parsed:
    labels, dtype = LABELLED[spec.type]
    own = plan.labels.get(column)
    if spec.type == "call_outcome" and not own:
        own = _outcome_from_flag(plan, header, result)
    if own:
        labels = {**labels, **cast(dict[str, str | bool | None], own)}
    parsed = P.parse_labels(cells, labels, dtype=dtype, by_words=spec.type in ("status", "call_outcome"),
                            stems=status_by_stem if spec.type == "status" else None)
    if bool(parsed.bad.any()):  # words no table knows: kept as written beside the column, and listed
        unknown = cells.filter(parsed.bad).drop_nulls().unique(maintain_order=True)
        result.columns[f"{column}_text"] = P.parse_text(cells).values.alias(f"{column}_text")
        result.issues.append(issue("w_unknown_labels", column=header, n=len(unknown),
                                   values=", ".join(f"'{v}'" for v in unknown.head(5).to_list()),
                                   name=Term("column", column), text_column=f"{column}_text"))
    return parsed


def _read_rating(kind: Kind, plan: Plan, spec: ColumnSpec, cells: Cells, header: str) -> ColumnRead:
    result = ColumnRead()
    score, satisfied, _top = P.parse_rating(cells.cell(header), hint=cells.hint, cleaned=True)
    if spec.type == "rating":
        result.stored.append(("csat_score", SCHEMAS[kind]["csat_score"], score))
    if ("satisfied" in SCHEMAS[kind] and "satisfied" not in plan.mapping) or spec.type == "satisfied":
        result.columns["satisfied"] = satisfied.values.alias("satisfied")
    return result


def _read_number_like(spec: ColumnSpec, header: str, cells: pl.Series, typed: pl.Series | None,
                      hint: bool) -> P.Parsed:
    if spec.type == "month":
        return P.parse_month(cells, typed=typed, cleaned=True)
    if spec.type == "duration":
        return P.parse_duration(cells, unit_minutes=P.duration_unit(header), typed=typed, hint=hint, cleaned=True)
    if spec.type == "number":
        return P.parse_number(cells, hint=hint, cleaned=True)
    if spec.type == "integer":
        return P.parse_integer(cells, hint=hint, cleaned=True)
    if spec.type == "nps":
        return P.parse_nps(cells, cleaned=True)
    unit = P.duration_unit(header)  # seconds
    minutes = P.parse_duration(cells, unit_minutes=unit if unit is not None else 1 / 60, typed=typed, hint=hint,
                               cleaned=True)
    return P.Parsed((minutes.values * 60).round(6), minutes.bad)


def _read_text_like(spec: ColumnSpec, header: str, cells: pl.Series, result: ColumnRead) -> P.Parsed:
    if spec.type == "category":
        parsed, formulas = P.parse_category(cells)
        if formulas:
            result.issues.extend(formula_issues(header, parsed.values.cast(pl.String)))
        return parsed
    if spec.type == "sla":
        parsed = P.parse_labels(cells, P.SLA_LABELS, dtype=pl.Boolean())
        if normalise(header) in _SLA_INVERTED:
            parsed.values = ~parsed.values
        return parsed
    if spec.type == "id":
        parsed, n_damaged, example = P.parse_id(cells, cleaned=True)
        if n_damaged:
            result.issues.append(issue("w_excel_ids", n=n_damaged, column=header, example=example))
        return parsed
    parsed = P.parse_text(cells, cleaned=True)
    result.issues.extend(formula_issues(header, parsed.values))
    return parsed


_NUMBER_LIKE = {"month", "duration", "number", "integer", "nps", "seconds"}


def read_column(cells: Cells, plan: Plan, column: str, spec: ColumnSpec, header: str) -> ColumnRead:
    """Parse one column. Runs beside the other columns' parsing; changes none of its inputs."""
    typed = cells.raw.typed.get(header)
    if _native(cells.raw, spec, typed):
        assert typed is not None
        return _read_native(column, spec, typed)
    if spec.type in ("rating", "satisfied"):
        return _read_rating(plan.kind, plan, spec, cells, header)
    result = ColumnRead()
    parsed: P.Parsed
    if spec.type == "datetime":
        parsed = _read_datetime(cells, plan, header, typed, result)
    elif spec.type in _NUMBER_LIKE:
        parsed = _read_number_like(spec, header, cells.cell(header), typed, cells.hint)
    elif spec.type in LABELLED:  # labels are cleaned per distinct value by their parsers
        parsed = _read_labels(plan, column, spec, header, cells.raw.frame[header], result)
    elif spec.type in BY_VALUE:
        parsed = _read_text_like(spec, header, cells.raw.frame[header], result)
    else:
        parsed = _read_text_like(spec, header, cells.cell(header), result)
    result.stored.append((column, spec, parsed))
    return result


def read_typed(cells: Cells, plan: Plan, column: str, spec: ColumnSpec, header: str) -> ColumnRead:
    """``read_column`` with the values already cast to the canonical types (in the column's own thread)."""
    result = read_column(cells, plan, column, spec, header)
    for target, target_spec, parsed in result.stored:
        parsed.values = parsed.values.cast(target_spec.dtype, strict=False)
        if target == ID_COLUMNS.get(plan.kind):
            result.distinct = count_unique(parsed.values.drop_nulls())
    return result
