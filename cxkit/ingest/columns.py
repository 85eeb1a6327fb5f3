"""Reading one mapped column into its canonical type (part of the assemble stage, ``cxkit.ingest.assemble``), with
the registered value type that reads it (``cxkit.ingest.types``).

Each function takes values and returns a value: the table with its cells cleaned once (``Cells``), what was decided
(``Plan``) and one column. Nothing here changes its inputs, so the columns are read side by side in threads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import polars as pl

from cxkit import _parse as P
from cxkit.ingest import types
from cxkit.ingest.candidates import normalise
from cxkit.ingest.issues import Issue, issue
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.read import RawTable
from cxkit.ingest.types import ColumnRead
from cxkit.ingest.types.text import formula_issues
from cxkit.schema import ColumnSpec, Kind

__all__ = [
    "ID_COLUMNS",
    "LABELLED",
    "Cells",
    "ColumnRead",
    "Plan",
    "by_value",
    "count_unique",
    "formula_issues",
    "read_typed",
]

ID_COLUMNS: dict[str, str] = {
    "calls": "call_id",
    "tickets": "ticket_id",
    "responses": "response_id",
    "customers": "customer_id",
    "orders": "order_id",
}
# column types read through a table of labels (an unreadable cell is "not a known value"; the tables are the
# value types' own: cxkit.ingest.types.status, .labels, .boolean)
LABELLED = frozenset({"status", "emotion", "nps_group", "order_kind", "call_outcome", "churn_flag", "boolean"})


def by_value() -> frozenset[str]:
    """Column types whose value type cleans each distinct value itself, not each cell (it gets the raw cells)."""
    return frozenset(t for value_type in types.registered() for t in value_type.raw_for)


@dataclass(frozen=True)
class Plan:
    """What the decide stage hands to the assemble stage."""

    kind: Kind
    mapping: Mapping[str, str]
    day_first: bool | None = None
    confirmed: frozenset[str] = frozenset()
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # folded words → label, by column
    profiles: Mapping[str, ColumnProfile] = field(default_factory=dict)
    differences: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # column → (header − header)


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


def count_unique(ids: pl.Series) -> int:
    """Distinct ids. Plain numbers (no sign, no leading zero) are counted as integers: ten times faster than
    hashing the text, and the same count, since each such text is one integer and back."""
    as_numbers = ids.cast(pl.Int64, strict=False)
    if as_numbers.null_count() == 0 and not bool(ids.str.contains(r"^0.|\D").any()):
        return as_numbers.n_unique()
    return ids.n_unique()


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


def _joined(cells: Cells, plan: Plan, header: str) -> tuple[pl.Series, bool, bool, list[Issue]] | None:
    """A date column joined with the time-of-day column beside it (either way round): the joined cells as text,
    whether they are still cleaned, whether the spreadsheet's typed cells still apply, and the note."""
    joined = _time_with_date(cells, plan, header)
    if joined is not None:
        return joined[0], False, True, [issue("w_date_time_joined", time=header, date=joined[1])]
    joined = _date_with_time(cells, plan, header)
    if joined is not None:  # the joined text has the time: the typed date cells no longer apply
        return joined[0], False, False, [issue("w_date_time_joined", time=joined[1], date=header)]
    return None


def read_column(cells: Cells, plan: Plan, column: str, spec: ColumnSpec, header: str) -> ColumnRead:
    """Parse one column with the value type that reads it best (``cxkit.ingest.types``). Runs beside the other
    columns' parsing; changes none of its inputs."""
    typed = cells.raw.typed.get(header)
    if _native(cells.raw, spec, typed):
        assert typed is not None
        return _read_native(column, spec, typed)
    profile = plan.profiles.get(header)
    value_type = types.reader(spec, profile, column)
    by_value = spec.type in value_type.raw_for  # label tables clean each distinct value themselves
    column_cells = cells.raw.frame[header] if by_value else cells.cell(header)
    context = types.Context(column, spec, header, plan.kind, typed, not by_value, cells.hint, plan.day_first,
                            plan.labels.get(column, {}), profile, plan.mapping)
    notes: list[Issue] = []
    if spec.type == "datetime" and (joined := _joined(cells, plan, header)) is not None:
        column_cells, cleaned, keep_typed, notes = joined
        context = replace(context, cleaned=cleaned, typed=typed if keep_typed else None)
    result = value_type.parse(column_cells, context)
    result.issues[:0] = notes
    return result


def read_typed(cells: Cells, plan: Plan, column: str, spec: ColumnSpec, header: str) -> ColumnRead:
    """``read_column`` with the values already cast to the canonical types (in the column's own thread)."""
    result = read_column(cells, plan, column, spec, header)
    for target, target_spec, parsed in result.stored:
        parsed.values = parsed.values.cast(target_spec.dtype, strict=False)
        if target == ID_COLUMNS.get(plan.kind):
            result.distinct = count_unique(parsed.values.drop_nulls())
    return result
