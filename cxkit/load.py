"""``cxkit.load``: one uploaded export in, a table in the canonical model out, with a report of
everything that could not be read."""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

import polars as pl

from cxkit import _parse as P
from cxkit._messages import Lang, column_name, kind_name, message, order_name, type_name
from cxkit._read import DEFAULT_MAX_BYTES, ROW, RawTable, read_table
from cxkit.decisions import Decision, decisions, unsure
from cxkit.detect import Choice, Detection, detect, normalise
from cxkit.errors import LoadError
from cxkit.parallel import compute_all
from cxkit.profile import ColumnProfile, profile_table
from cxkit.schema import KINDS, SCHEMAS, STATUSES, ColumnSpec, Kind
from cxkit.status_words import status_by_stem

__all__ = ["Loaded", "load"]

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]

_ID_COLUMNS: dict[str, str] = {
    "calls": "call_id",
    "tickets": "ticket_id",
    "responses": "response_id",
    "customers": "customer_id",
    "orders": "order_id",
}
_TEXT_TYPES = ("text", "category", "id")
_SLA_INVERTED = ("made sla", "sla cumplido", "within sla", "cumple sla")
# value types read through a table of labels: (labels, dtype of the result)
_LABELLED: dict[str, tuple[dict[str, str | bool | None], pl.DataType]] = {
    "status": (P.STATUS_LABELS, pl.Enum(STATUSES)),
    "emotion": (P.EMOTION_LABELS, pl.String()),
    "nps_group": (P.NPS_GROUP_LABELS, pl.String()),
    "order_kind": (P.ORDER_KIND_LABELS, pl.String()),
    "call_outcome": (P.CALL_OUTCOME_LABELS, pl.String()),
    "churn_flag": (P.CHURN_FLAG_LABELS, pl.Boolean()),
    "boolean": (P.BOOLEAN_LABELS, pl.Boolean()),
}
# columns the loader itself adds to a frame (beside the canonical ones): a source header of that name is renamed
_DERIVED_COLUMNS = {"events", "lines", "source_file", "status_text", "outcome_text", "churned_text", "kind_text",
                    "emotion_text", "nps_group_text", ROW}
_BY_VALUE = {"category", "sla", *_LABELLED}  # value types whose parsers clean each distinct value, not each cell


@dataclass
class Loaded:
    """The result of ``load``.

    Attributes:
        kind: ``"tickets"``, ``"responses"``, ``"customers"``, ``"orders"`` or ``"costs"``.
        frame: The rows that loaded, in the canonical model; other source columns follow under their
            original headers.
        mapping: ``{canonical column: source header}`` that was used.
        rejected: Rows that could not be loaded: ``row`` (1-based data row number, the first row
            after the header(s) being 1), ``reason``, and the row's original cells as text.
        warnings: Plain sentences about what was assumed or could not be read.
        source: The tool that wrote the export (``"zendesk"``, ``"stripe"``, ...) or ``None``.
        cell_issues: Cells of optional columns that could not be read and were left empty:
            ``row``, ``column``, ``value``.
        name: The file name.
        sheets: The workbook's sheet names (Excel only); ``sheet`` the one read.
        data_rows: Data rows in the source (``len(frame) + len(rejected)``, or ``len(events) +
            len(rejected)`` for an event log); completely empty rows are not data rows and are reported in
            ``warnings``.
        events: For a ticket event log (one row per state change), the rows as read, before they were
            collapsed to one row per ticket in ``frame`` (which then has an ``events`` count); else ``None``.
        lines: For an order export with one row per line item (invoice lines, Shopify lines), the lines as
            read, before they were collapsed to one row per order in ``frame``; else ``None``.
        choices: For each mapped column, why its source column was taken (``cxkit.detect.Choice``: score,
            reason code, a close runner-up).
        kind_reason: Why this kind: ``user``, ``tool`` (a tool's signature) or ``evidence``.
        kind_confidence: How clearly the evidence points to this kind over the next, 0..1.
        profiles: What each source column's values look like (``cxkit.profile.ColumnProfile``).
        decisions: ``"kind"`` and each mapped column, with its confidence, its runner-up and its evidence
            (``cxkit.decisions.Decision``). A kind decided with low confidence is also said in ``warnings``.
    """

    kind: Kind
    frame: pl.DataFrame
    mapping: dict[str, str]
    rejected: pl.DataFrame
    warnings: list[str]
    source: str | None
    cell_issues: pl.DataFrame
    name: str
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    data_rows: int = 0
    file_format: str = "csv"
    headers: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    events: pl.DataFrame | None = None
    lines: pl.DataFrame | None = None
    choices: dict[str, Choice] = field(default_factory=dict)
    kind_reason: str = "evidence"
    kind_confidence: float = 1.0
    profiles: dict[str, ColumnProfile] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)


def load(
    source: Source,
    kind: Kind | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    name: str | None = None,
    *,
    lang: Lang = "en",
    day_first: bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> Loaded:
    """Load one export (CSV/TSV/TXT, XLSX/XLS or Parquet) into the canonical model.

    Args:
        source: A path, ``bytes``, or a binary file-like object (such as a Streamlit upload).
        kind: ``"tickets"``, ``"responses"``, ``"customers"``, ``"orders"`` or ``"costs"``; ``None``
            detects it from the headers.
        mapping: ``{canonical column: source header}`` overriding detection for those columns; a
            value of ``None`` or ``""`` leaves that column unmapped.
        sheet: Excel sheet name or 0-based index; by default the first non-empty sheet.
        name: The file name, when ``source`` has none.
        lang: Language of messages and warnings, ``"en"`` or ``"es"``.
        day_first: How to read dates such as ``05/06/2024`` when the column cannot tell (default:
            day first, month first for AM/PM times). Columns that can tell always decide.
        max_bytes: Files larger than this are refused.
        labels: What the file's own words mean, for label columns: ``{"status": {"Pending Customer
            Response": "pending"}}``. Words no table knows are otherwise kept empty (and listed).

    Returns:
        A ``Loaded`` whose ``len(frame) + len(rejected)`` equals the source's data rows.

    Raises:
        LoadError: The input cannot be used; the message says what is wrong and what to do. No other
            exception escapes for any input bytes.
    """
    data, file_name = _read_source(source, name, lang)
    try:
        return _load(data, file_name, kind, mapping, sheet, lang, day_first, max_bytes, labels)
    except LoadError:
        raise
    except Exception as exc:  # last line of defence: a bug must still reach the user as a message
        detail = f"{type(exc).__name__}: {str(exc)[:200]}"
        text = {
            "en": f"cxkit could not read {file_name} ({detail}). Please report this with the file.",
            "es": f"cxkit no pudo leer {file_name} ({detail}). Por favor, comuníquelo junto con el archivo.",
        }[lang if lang in ("en", "es") else "en"]
        raise LoadError(text, code="internal") from exc


def _read_source(source: Source, name: str | None, lang: Lang) -> tuple[bytes, str]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise LoadError(message("file_not_found", lang, name=str(path)), code="file_not_found")
        return path.read_bytes(), name or path.name
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "upload"
    read = getattr(source, "read", None)
    if callable(read):
        if hasattr(source, "seek"):
            with contextlib.suppress(OSError, ValueError):
                source.seek(0)
        data = read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray)):
            raise LoadError(message("bad_source", lang, type=type(data).__name__), code="bad_source")
        return bytes(data), name or Path(str(getattr(source, "name", "upload"))).name
    raise LoadError(message("bad_source", lang, type=type(source).__name__), code="bad_source")


def _load(
    data: bytes,
    name: str,
    kind: Kind | None,
    mapping: Mapping[str, str | None] | None,
    sheet: str | int | None,
    lang: Lang,
    day_first: bool | None,
    max_bytes: int,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> Loaded:
    if kind is not None and kind not in KINDS:
        raise LoadError(message("bad_kind", lang, kind=kind, kinds=", ".join(KINDS)), code="bad_kind")
    raw = read_table(data, name, sheet=sheet, max_bytes=max_bytes, lang=lang)
    warnings = list(raw.warnings)
    found = _detect(raw, kind)
    raw, extra_rows = _drop_extra_header_rows(raw, found.tool)
    if extra_rows:
        warnings.append(message("w_extra_header_rows", lang, n=extra_rows, tool=found.tool))
        found = _detect(raw, kind)
    if found.kind is None:
        raise LoadError(
            message("unknown_kind", lang, name=name, columns=_list(raw.headers)), code="unknown_kind"
        )
    chosen: Kind = found.kind
    used = _apply_overrides(found.mapping, mapping, chosen, raw.headers, name, lang)
    missing = [c for c, spec in SCHEMAS[chosen].items() if spec.required and c not in used]
    derivable = {"first_response_minutes", "resolution_minutes"}
    if chosen == "orders" and "unit_price" in used:
        derivable.add("amount")  # line items: quantity × unit price (one unit when there is no quantity)
    if chosen == "tickets" and "created_at" in missing:
        derivable.add("created_at")  # tickets without a creation time load; the metrics that need it say so
        warnings.append(message("w_no_created", lang))
    if chosen == "customers" and "customer_id" in missing and "churned" in used:
        derivable.add("customer_id")  # a snapshot without ids: each row is one customer, numbered
        warnings.append(message("w_customer_row_ids", lang))
    if chosen == "responses" and "submitted_at" in missing and {"nps_score", "csat_score"} & used.keys():
        derivable.add("submitted_at")  # answers with scores and no date load; the metrics over time say so
        warnings.append(message("w_no_submitted", lang))
    if missing and not set(missing) <= derivable:
        raise LoadError(
            message("missing_required", lang, name=name, columns=", ".join(missing), kind=chosen,
                    found=_list(raw.headers)),
            code="missing_required",
        )
    warnings.extend(_detection_notes(found, used, mapping, lang))
    made = decisions(found, used, set((mapping or {}).keys()), user_kind=kind is not None)
    if found.runner_up is None and unsure(made["kind"]):
        other = made["kind"].runner_up
        warnings.append(message("w_kind_unsure", lang, kind=kind_name(chosen, lang),
                                other=kind_name(cast(Kind, other), lang)) if other
                        else message("w_kind_unsure_alone", lang, kind=kind_name(chosen, lang)))
    builder = _Builder(raw, chosen, used, lang, day_first if day_first is not None else found.day_first,
                       decimal_comma_hint=raw.separator == ";", confirmed=set((mapping or {}).keys()),
                       labels=labels, profiles=found.profiles)
    builder.build()
    warnings.extend(builder.warnings)
    frame, rejected = builder.split()
    if frame.height == 0 and rejected.height > 0:
        first = rejected.row(0, named=True)
        error = LoadError(
            message("all_rejected", lang, n=rejected.height, name=name, reason=first["reason"], row=first["row"]),
            code="all_rejected",
        )
        error.rejected = rejected  # type: ignore[attr-defined]
        raise error
    if chosen == "customers" and "customer_id" not in frame.columns:
        frame = frame.insert_column(0, pl.Series("customer_id", [f"row {i}" for i in range(1, frame.height + 1)],
                                                 dtype=pl.String))
    events = None
    if chosen == "tickets" and _is_event_log(frame):
        events = frame
        frame = _collapse_events(frame, derived="resolution_minutes" not in used)
        warnings.insert(0, message("w_event_log", lang, events=events.height, tickets=frame.height))
    lines = None
    if chosen == "orders" and _is_line_items(frame):
        lines = frame
        frame = _collapse_lines(frame)
        warnings.insert(0, message("w_line_items", lang, lines=lines.height, orders=frame.height))
    if chosen == "orders" and "cancelled" in frame.columns and bool(frame["cancelled"].any()):
        warnings.append(message("w_cancelled_orders", lang, n=int(frame["cancelled"].sum())))
    if rejected.height:
        first = rejected.row(0, named=True)
        warnings.insert(0, message("w_rejected", lang, n=rejected.height, row=first["row"], reason=first["reason"]))
    if chosen == "customers" and "churned_at" in used and normalise(used["churned_at"]) in (
        "canceled at", "cancelled at", "cancellation date", "fecha de cancelacion",
    ):
        warnings.append(message("w_cancel_vs_end", lang, header=used["churned_at"]))
    return Loaded(
        kind=chosen,
        frame=frame,
        mapping=dict(used),
        rejected=rejected,
        warnings=warnings,
        source=found.tool,
        cell_issues=builder.cell_issues(),
        name=name,
        sheets=raw.sheets,
        sheet=raw.sheet,
        data_rows=(events.height if events is not None else lines.height if lines is not None else frame.height)
        + rejected.height,
        events=events,
        lines=lines,
        choices=dict(found.choices),
        kind_reason=found.reason if not mapping else "user" if kind else found.reason,
        kind_confidence=found.confidence,
        profiles=found.profiles,
        decisions=made,
        file_format=raw.file_format,
        headers=list(raw.headers),
        extra_columns=builder.extra_columns,
    )


def _detect(raw: RawTable, kind: Kind | None) -> Detection:
    """Profile every column once and weigh the headers' words with the values (``cxkit.detect``)."""
    profiles = profile_table(raw.frame, raw.headers, raw.typed)
    return detect(raw.headers, preamble=raw.preamble, sample=raw.frame, kind=kind, profiles=profiles,
                  typed=raw.typed)


def _detection_notes(found: Detection, used: dict[str, str], mapping: Mapping[str, str | None] | None,
                     lang: Lang) -> list[str]:
    """Warnings where the evidence was close: two kinds, or two source columns for one canonical column."""
    notes = []
    if found.runner_up is not None and found.kind is not None:
        notes.append(message("w_kind_close", lang, kind=kind_name(found.kind, lang),
                             other=kind_name(found.runner_up, lang)))
    confirmed = set((mapping or {}).keys())
    for column, choice in found.choices.items():
        key = found.kind is not None and (SCHEMAS[found.kind][column].required or column in _KEY_COLUMNS)
        if key and choice.runner_up and used.get(column) == choice.header and column not in confirmed:
            notes.append(message("w_column_close", lang, column=column_name(column, lang), header=choice.header,
                                 other=choice.runner_up))
    return notes


# columns whose wrong choice changes the headline numbers: a close second candidate is said in a warning
_KEY_COLUMNS = {"solved_at", "status", "nps_score", "csat_score", "churned_at", "churned", "acquired_at",
                "customer_id", "amount", "wait_seconds", "outcome"}


def _is_line_items(frame: pl.DataFrame) -> bool:
    """Several rows per order id: an invoice-line or Shopify line-item export."""
    if "order_id" not in frame.columns or frame.height < 2:
        return False
    ids = frame["order_id"].drop_nulls()
    return len(ids) > ids.n_unique() and ("quantity" in frame.columns or "unit_price" in frame.columns
                                          or len(ids) >= 1.2 * ids.n_unique())


def _collapse_lines(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per order: the order's first time and customer, the sum of its line amounts (quantity × unit
    price where the export has no order total on every line), the number of lines and whether it was cancelled.

    Shopify repeats the order's total on its first line only (the other lines leave it empty): the total is then
    the order's largest stated amount, not a sum.
    """
    first_values = [pl.col(c).drop_nulls().first() for c in frame.columns
                    if c not in ("order_id", "amount", "quantity", "cancelled", "discount_amount")]
    line_total = frame["amount"] if "amount" in frame.columns else None
    repeated_total = line_total is not None and line_total.null_count() > 0 and "unit_price" in frame.columns
    aggregations = [*first_values, pl.len().alias("lines")]
    if "amount" in frame.columns:
        aggregations.append(pl.col("amount").max() if repeated_total else pl.col("amount").sum())
    if "quantity" in frame.columns:
        aggregations.append(pl.col("quantity").sum())
    if "discount_amount" in frame.columns:
        aggregations.append(pl.col("discount_amount").max())
    if "cancelled" in frame.columns:
        aggregations.append(pl.col("cancelled").any())
    collapsed = (
        frame.filter(pl.col("order_id").is_not_null())
        .group_by("order_id", maintain_order=True)
        .agg(*aggregations)
    )
    no_id = frame.filter(pl.col("order_id").is_null()).with_columns(pl.lit(1, dtype=pl.UInt32).alias("lines"))
    if no_id.height:
        collapsed = pl.concat([collapsed, no_id.select(collapsed.columns)], how="vertical_relaxed")
    order = [c for c in frame.columns if c in collapsed.columns] + ["lines"]
    return collapsed.select(order)


_LAST = ("solved_at", "updated_at")
_FIRST = ("created_at", "first_response_at")
_MOST = ("reopens", "agent_replies", "customer_messages")


def _is_event_log(frame: pl.DataFrame) -> bool:
    """Several rows per ticket id with an update time: one row per change of a ticket (ServiceNow, audit logs)."""
    if "ticket_id" not in frame.columns or "updated_at" not in frame.columns or frame.height < 2:
        return False
    ids = frame["ticket_id"].drop_nulls()
    return len(ids) >= 2 and len(ids) >= 1.2 * ids.n_unique()


def _collapse_events(frame: pl.DataFrame, *, derived: bool) -> pl.DataFrame:
    """One row per ticket: first opened, first response, last resolved, the latest value of everything else,
    the most reopens and replies, and the number of events."""
    aggregations = []
    for column in frame.columns:
        if column == "ticket_id":
            continue
        if column in _FIRST:
            aggregations.append(pl.col(column).min())
        elif column in _LAST or column in _MOST:
            aggregations.append(pl.col(column).max())
        else:
            aggregations.append(pl.col(column).drop_nulls().last())
    collapsed = (
        frame.filter(pl.col("ticket_id").is_not_null())
        .sort("ticket_id", "updated_at", nulls_last=False)
        .group_by("ticket_id", maintain_order=True)
        .agg(*aggregations, pl.len().alias("events"))
    )
    if derived and {"created_at", "solved_at"} <= set(collapsed.columns):
        minutes = (pl.col("solved_at") - pl.col("created_at")).dt.total_seconds() / 60
        collapsed = collapsed.with_columns(pl.when(minutes >= 0).then(minutes).alias("resolution_minutes"))
    return collapsed


def _list(headers: list[str], limit: int = 12) -> str:
    shown = ", ".join(f"'{h}'" for h in headers[:limit])
    return shown + (f" (+{len(headers) - limit})" if len(headers) > limit else "")


def _drop_extra_header_rows(raw: RawTable, tool: str | None) -> tuple[RawTable, int]:
    """Qualtrics writes two more header rows, SurveyMonkey one; merge or drop them."""
    frame = raw.frame
    if frame.height == 0:
        return raw, 0
    first_rows = frame.head(3)
    if tool == "qualtrics" or _has_import_id(first_rows, raw.headers):
        for i in range(min(2, first_rows.height)):
            if any(str(v).startswith('{"ImportId"') for v in first_rows.row(i) if v is not None):
                return _skip_rows(raw, i + 1), i + 1
    if tool == "surveymonkey":
        sub = first_rows.row(0, named=True)
        markers = {"Response", "Open-Ended Response", "Respuesta", "Respuesta abierta"}
        if any(sub.get(h) in markers for h in raw.headers):
            renamed: list[str] = []
            previous = ""
            for header in raw.headers:
                value = sub.get(header)
                if header.startswith("column ") and previous:
                    header_name = f"{previous} - {value}" if value else header
                else:
                    previous = header
                    header_name = header
                renamed.append(header_name)
            raw = _skip_rows(raw, 1)
            raw.frame = raw.frame.rename(dict(zip(raw.headers, renamed, strict=True)))
            raw.typed = {renamed[raw.headers.index(k)]: v for k, v in raw.typed.items()}
            raw.headers = renamed
            return raw, 1
    return raw, 0


def _has_import_id(rows: pl.DataFrame, headers: list[str]) -> bool:
    return any(
        isinstance(v, str) and v.startswith('{"ImportId"') for i in range(rows.height) for v in rows.row(i)
    )


def _skip_rows(raw: RawTable, n: int) -> RawTable:
    raw.frame = raw.frame.slice(n).with_columns(pl.col(ROW) - n)
    raw.typed = {k: v.slice(n) for k, v in raw.typed.items()}
    raw.rejected = [(row - n, reason, line) for row, reason, line in raw.rejected if row > n]
    return raw


def _apply_overrides(
    detected: dict[str, str],
    overrides: Mapping[str, str | None] | None,
    kind: Kind,
    headers: list[str],
    name: str,
    lang: Lang,
) -> dict[str, str]:
    used = dict(detected)
    for column, header in (overrides or {}).items():
        if column not in SCHEMAS[kind]:
            raise LoadError(
                message("bad_mapping_target", lang, column=column, kind=kind, known=", ".join(SCHEMAS[kind])),
                code="bad_mapping",
            )
        if not header:
            used.pop(column, None)
            continue
        if header not in headers:
            raise LoadError(
                message("bad_mapping_column", lang, header=header, column=column, name=name, found=_list(headers)),
                code="bad_mapping",
            )
        for other, other_header in list(used.items()):
            if other_header == header and other != column:
                del used[other]
        used[column] = header
    return used


@dataclass
class _Column:
    """What parsing one column gives: values to store (with their rejects), columns set as they are, warnings."""

    stored: list[tuple[str, ColumnSpec, P.Parsed]] = field(default_factory=list)
    columns: dict[str, pl.Series] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    distinct: int | None = None  # distinct values of the table's id column, counted in the column's thread


def _count_unique(ids: pl.Series) -> int:
    """Distinct ids. Plain numbers (no sign, no leading zero) are counted as integers: ten times faster than
    hashing the text, and the same count, since each such text is one integer and back."""
    as_numbers = ids.cast(pl.Int64, strict=False)
    if as_numbers.null_count() == 0 and not bool(ids.str.contains(r"^0.|\D").any()):
        return as_numbers.n_unique()
    return ids.n_unique()


class _Builder:
    """Parses the mapped columns of a raw table and decides which rows are rejected."""

    def __init__(
        self,
        raw: RawTable,
        kind: Kind,
        mapping: dict[str, str],
        lang: Lang,
        day_first: bool | None,
        *,
        decimal_comma_hint: bool,
        confirmed: set[str] | None = None,
        labels: Mapping[str, Mapping[str, str]] | None = None,
        profiles: dict[str, ColumnProfile] | None = None,
    ) -> None:
        self.confirmed = confirmed or set()
        self.raw_profiles = profiles or {}
        self.labels = {column: {P.fold(k): v for k, v in words.items()} for column, words in (labels or {}).items()}
        self.raw = raw
        self.kind = kind
        self.mapping = mapping
        self.lang = lang
        self.day_first = day_first
        self.hint = decimal_comma_hint
        self.columns: dict[str, pl.Series] = {}
        self.reject_reasons: list[pl.Series] = []
        self.warnings: list[str] = []
        self._issues: list[pl.DataFrame] = []
        self.extra_columns: list[str] = []
        self.distinct_ids: int | None = None

    # -- parsing -------------------------------------------------------------------------------
    def build(self) -> None:
        jobs = [(column, spec, header) for column, spec in SCHEMAS[self.kind].items()
                if (header := self.mapping.get(column)) is not None]
        # every column is read (mapped or kept as an extra); labels are cleaned per distinct value instead
        by_value = {header for _, spec, header in jobs if spec.type in _BY_VALUE}
        self._clean_cells([h for h in self.raw.headers if h not in by_value])
        # columns are parsed side by side (one column's string work rarely fills the cores), then stored in order
        results = compute_all({i: partial(self._read_typed, *job) for i, job in enumerate(jobs)})
        for (column, _spec, header), result in zip(jobs, results.values(), strict=True):
            if column == "satisfied" and "satisfied" in self.columns:
                continue
            self.warnings.extend(result.warnings)
            self.columns.update(result.columns)
            self.extra_columns.extend(k for k in result.columns if k.endswith("_text") and k not in self.extra_columns)
            if result.distinct is not None:
                self.distinct_ids = result.distinct
            for target, target_spec, parsed in result.stored:
                self._store(target, target_spec, header, parsed)
        self._derive_durations()
        self._derive_orders()
        self._tenure_in_months()
        self._check_nps_scale()
        self._check_nps_group()
        self._check_duplicates()
        self._missing_marks()
        self._keep_extras()

    def _clean_cells(self, headers: list[str]) -> None:
        """Every column's cells cleaned once (``P.clean``), in one pass that polars spreads over the cores."""
        self.cells = P.clean_frame(self.raw.frame, headers)

    def _cells(self, header: str) -> pl.Series:
        return self.cells[header] if header in self.cells else P.clean(self.raw.frame[header])

    def _time_with_date(self, header: str) -> tuple[pl.Series, str] | None:
        """Telephony logs put the time of day (``9:05:10``) in one column and the date in another: joined here.
        Returns the joined timestamps (as text) and the date column's header."""
        raw = self._cells(header)
        present = raw.drop_nulls()
        if len(present) == 0 or not bool(present.str.contains(r"^\d{1,2}:\d{2}(:\d{2})?$").all()):
            return None
        date_header = self._date_header(header)
        if date_header is None:
            return None
        dates = P.parse_datetime(self._cells(date_header), day_first=self.day_first, cleaned=True).values
        clock = P.parse_duration(raw, unit_minutes=1.0, cleaned=True).values  # H:MM:SS as minutes after midnight
        combined = pl.select(dates.alias("d"), clock.alias("m")).select(
            pl.col("d") + pl.duration(seconds=(pl.col("m") * 60).round(0).cast(pl.Int64))).to_series()
        return combined.cast(pl.String).alias(header), date_header

    def _outcome_from_flag(self, header: str, result: _Column) -> dict[str, str]:
        """A call log's yes/no column ("Answered (Y/N)", "Abandonada"): its header says what yes means."""
        profile = self.raw_profiles.get(header)
        if profile is None or profile.vocab.get("boolean", 0) < 0.8 or profile.vocab.get("call_outcome", 0) >= 0.5:
            return {}
        yes = "abandoned" if re.search(r"abandon|colgad|perdid", normalise(header)) else "answered"
        no = "answered" if yes == "abandoned" else "abandoned"
        names = {"answered": ("answered", "atendida"), "abandoned": ("abandoned", "abandonada")}
        index = 1 if self.lang == "es" else 0
        result.warnings.append(message("w_outcome_from_flag", self.lang, column=header, yes=names[yes][index],
                                       no=names[no][index]))
        return {word: (yes if value else no) for word, value in P.BOOLEAN_LABELS.items() if isinstance(value, bool)}

    def _date_with_time(self, header: str) -> tuple[pl.Series, str] | None:
        """A column of dates alone (``22-04-15``) beside one of times of day alone (``3:53:50 PM``), as complaint
        logs and call-centre workbooks write them: joined into one timestamp. Returns the joined timestamps (as
        text) and the time column's header."""
        profiles = self.raw_profiles
        own = profiles.get(header)
        if own is None or own.empty or own.with_time > 0 or not own.is_datetime:
            return None
        mapped = set(self.mapping.values())
        time_header = next((h for h in self.raw.headers if h != header and h not in mapped
                            and (p := profiles.get(h)) is not None and not p.empty and p.time_of_day >= 0.95
                            and re.search(r"\b(time|hora|horario|hour|heure)\b", normalise(h))), None)
        if time_header is None:
            return None
        dates = P.parse_datetime(self._cells(header), day_first=self.day_first, cleaned=True)
        clock = P.parse_time_of_day(self._cells(time_header))
        combined = pl.select(dates.values.alias("d"), clock.alias("t")).select(
            pl.when(pl.col("t").is_not_null()).then(pl.col("d").dt.combine(pl.col("t"))).otherwise(pl.col("d"))
        ).to_series()
        return combined.cast(pl.String).alias(header), time_header

    def _date_header(self, header: str) -> str | None:
        return next((h for h in self.raw.headers
                     if h != header and re.search(r"\b(date|fecha|dia|day)\b", normalise(h))), None)

    def _native(self, spec: ColumnSpec, typed: pl.Series | None) -> bool:
        """A Parquet column already typed as the canonical column is used as it is."""
        if typed is None or self.raw.file_format != "parquet":
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

    def _read_typed(self, column: str, spec: ColumnSpec, header: str) -> _Column:
        """``_read_column`` with the values already cast to the canonical types (in the column's own thread)."""
        result = self._read_column(column, spec, header)
        for target, target_spec, parsed in result.stored:
            parsed.values = parsed.values.cast(target_spec.dtype, strict=False)
            if target == _ID_COLUMNS.get(self.kind):
                result.distinct = _count_unique(parsed.values.drop_nulls())
        return result

    def _read_column(self, column: str, spec: ColumnSpec, header: str) -> _Column:
        """Parse one column. Runs beside the other columns' parsing, so it changes nothing on ``self``."""
        result = _Column()
        typed = self.raw.typed.get(header)
        if self._native(spec, typed):
            assert typed is not None
            values = typed.cast(spec.dtype, strict=False)
            if spec.type == "datetime" and isinstance(typed.dtype, pl.Datetime) and typed.dtype.time_zone:
                values = typed.dt.replace_time_zone(None).cast(spec.dtype)
            if spec.type in ("number", "duration", "seconds"):
                values = values.set(~values.is_finite().fill_null(True), None)
            result.stored.append((column, spec, P.Parsed(values, values.is_null() & typed.is_not_null())))
            return result
        by_value = spec.type in _BY_VALUE  # labels are cleaned per distinct value by their parsers
        cells, cleaned = (self.raw.frame[header], False) if by_value else (self._cells(header), True)
        if spec.type == "datetime":
            joined = self._time_with_date(header)
            if joined is not None:
                (cells, date_header), cleaned = joined, False
                result.warnings.append(message("w_date_time_joined", self.lang, time=header, date=date_header))
            elif (joined := self._date_with_time(header)) is not None:
                (cells, time_header), cleaned, typed = joined, False, None  # the joined text has the time
                result.warnings.append(message("w_date_time_joined", self.lang, time=time_header, date=header))
        parsed: P.Parsed
        if spec.type == "datetime":
            parsed = P.parse_datetime(cells, day_first=self.day_first, typed=typed, cleaned=cleaned)
            result.warnings.extend(self._date_notes(header, parsed.notes))
        elif spec.type == "month":
            parsed = P.parse_month(cells, typed=typed, cleaned=True)
        elif spec.type == "duration":
            parsed = P.parse_duration(cells, unit_minutes=P.duration_unit(header), typed=typed, hint=self.hint,
                                      cleaned=True)
        elif spec.type == "number":
            parsed = P.parse_number(cells, hint=self.hint, cleaned=True)
        elif spec.type == "integer":
            parsed = P.parse_integer(cells, hint=self.hint, cleaned=True)
        elif spec.type == "nps":
            parsed = P.parse_nps(cells, cleaned=True)
        elif spec.type in ("rating", "satisfied"):
            score, satisfied, _top = P.parse_rating(cells, hint=self.hint, cleaned=True)
            if spec.type == "rating":
                result.stored.append(("csat_score", SCHEMAS[self.kind]["csat_score"], score))
            if ("satisfied" in SCHEMAS[self.kind] and "satisfied" not in self.mapping) or spec.type == "satisfied":
                result.columns["satisfied"] = satisfied.values.alias("satisfied")
            return result
        elif spec.type in _LABELLED:
            labels, dtype = _LABELLED[spec.type]
            own = self.labels.get(column)
            if spec.type == "call_outcome" and not own:
                own = self._outcome_from_flag(header, result)
            if own:
                labels = {**labels, **cast(dict[str, str | bool | None], own)}
            parsed = P.parse_labels(cells, labels, dtype=dtype, by_words=spec.type in ("status", "call_outcome"),
                                    stems=status_by_stem if spec.type == "status" else None)
            if bool(parsed.bad.any()):  # words no table knows: kept as written beside the column, and listed
                unknown = cells.filter(parsed.bad).drop_nulls().unique(maintain_order=True)
                result.columns[f"{column}_text"] = P.parse_text(cells).values.alias(f"{column}_text")
                result.warnings.append(message("w_unknown_labels", self.lang, column=header, n=len(unknown),
                                               values=", ".join(f"'{v}'" for v in unknown.head(5).to_list()),
                                               name=column_name(column, self.lang), text_column=f"{column}_text"))
        elif spec.type == "category":
            parsed, formulas = P.parse_category(cells)
            if formulas:
                result.warnings.extend(self._formula_warning(header, parsed.values.cast(pl.String)))
        elif spec.type == "seconds":
            unit = P.duration_unit(header)
            minutes = P.parse_duration(cells, unit_minutes=unit if unit is not None else 1 / 60, typed=typed,
                                       hint=self.hint, cleaned=True)
            parsed = P.Parsed((minutes.values * 60).round(6), minutes.bad)
        elif spec.type == "sla":
            parsed = P.parse_labels(cells, P.SLA_LABELS, dtype=pl.Boolean())
            if normalise(header) in _SLA_INVERTED:
                parsed.values = ~parsed.values
        elif spec.type == "id":
            parsed, n_damaged, example = P.parse_id(cells, cleaned=True)
            if n_damaged:
                result.warnings.append(message("w_excel_ids", self.lang, n=n_damaged, column=header, example=example))
        else:
            parsed = P.parse_text(cells, cleaned=True)
            result.warnings.extend(self._formula_warning(header, parsed.values))
        result.stored.append((column, spec, parsed))
        return result

    def _store(self, column: str, spec: ColumnSpec, header: str, parsed: P.Parsed) -> None:
        values = parsed.values.cast(spec.dtype, strict=False).alias(column)
        self.columns[column] = values
        type_key = {"nps": "score", "rating": "rating", "month": "datetime", "sla": "boolean",
                    "order_kind": "category", "emotion": "category", "nps_group": "category",
                    "churn_flag": "boolean", "seconds": "duration", "call_outcome": "category"}.get(
            spec.type, spec.type)
        tname = type_name(type_key, self.lang)
        if spec.required:
            missing = values.is_null() & ~parsed.bad
            self._reject(missing, message("r_missing", self.lang, column=header))
        if not bool(parsed.bad.any()):
            return
        raw = self._cells(header)  # the cells as written, for the reasons and the report
        if spec.required or spec.strict:
            if spec.type == "nps":
                low, high = 0, 10
                number = P.parse_number(raw, cleaned=True).values
                out = parsed.bad & number.is_not_null()
                self._reject(out, message("r_out_of_range", self.lang, column=header, low=low, high=high,
                                          value="{value}"), raw)
                self._reject(parsed.bad & ~out, message("r_unreadable", self.lang, column=header, type=tname,
                                                        value="{value}"), raw)
            else:
                self._reject(parsed.bad, message("r_unreadable", self.lang, column=header, type=tname,
                                                 value="{value}"), raw)
        else:
            reason = "c_unknown_label" if spec.type in _LABELLED else "c_unreadable"
            self._cell_issue(header, parsed.bad, raw, tname, reason)

    def _reject(self, mask: pl.Series, reason: str, raw: pl.Series | None = None) -> None:
        if not bool(mask.any()):
            return
        if raw is not None and "{value}" in reason:
            prefix, suffix = reason.split("{value}", 1)
            reasons = (prefix + raw.str.slice(0, 80) + suffix).set(~mask, None)
        else:
            reasons = pl.repeat(reason, len(mask), dtype=pl.String, eager=True).set(~mask, None)
        self.reject_reasons.append(reasons)

    def _cell_issue(self, header: str, bad: pl.Series, raw: pl.Series, tname: str, reason: str) -> None:
        rows = self.raw.frame[ROW].filter(bad)
        values = raw.filter(bad)
        why = message(reason, self.lang, type=tname)
        self._issues.append(pl.DataFrame({"row": rows.cast(pl.Int64), "column": [header] * len(rows),
                                          "value": values.str.slice(0, 200), "reason": [why] * len(rows)}))
        self.warnings.append(
            message("w_unreadable_cells", self.lang, n=len(rows), column=header, type=tname, row=rows[0],
                    example=str(values[0])[:80])
        )

    def _missing_marks(self) -> None:
        """Cells that say "unknown" with a question mark are read as empty, and listed: unlike a blank cell,
        somebody wrote that the value is not known."""
        found: list[pl.DataFrame] = []
        flags = self.raw.frame.select((pl.col(h) == "?").any() for h in self.raw.headers).row(0)
        for header, flagged in zip(self.raw.headers, flags, strict=True):
            if not flagged:
                continue
            marked = (self.raw.frame[header] == "?").fill_null(False)
            if bool(marked.any()):
                rows = self.raw.frame[ROW].filter(marked).cast(pl.Int64)
                found.append(pl.DataFrame({"row": rows, "column": [header] * len(rows), "value": ["?"] * len(rows),
                                           "reason": [message("c_missing_mark", self.lang)] * len(rows)}))
        if found:
            marks = pl.concat(found)
            self._issues.append(marks)
            self.warnings.append(message("w_missing_markers", self.lang, n=marks.height, column=marks["column"][0],
                                         row=marks["row"][0]))

    def _date_notes(self, header: str, notes: dict[str, object]) -> list[str]:
        warnings = []
        order = notes.get("order")
        if notes.get("ambiguous") and isinstance(order, str):
            warnings.append(message("w_ambiguous_dates", self.lang, column=header, order=order_name(order, self.lang)))
        elif order == "month_first" or notes.get("conflicting_order"):
            warnings.append(
                message("w_dates_order", self.lang, column=header, order=order_name(str(order), self.lang),
                        example=notes.get("order_example"))
            )
        if notes.get("timezone"):
            warnings.append(message("w_timezone", self.lang, column=header))
        return warnings

    def _formula_warning(self, header: str, values: pl.Series) -> list[str]:
        formula = values.str.contains(P.FORMULA_CELL).fill_null(False)
        n = int(formula.sum())
        if not n:
            return []
        example = str(values.filter(formula)[0])[:60]
        return [message("w_formula_cells", self.lang, n=n, column=header, example=example)]

    def _derive_durations(self) -> None:
        if self.kind != "tickets" or "created_at" not in self.columns:
            return
        pairs = (("first_response_minutes", "first_response_at"), ("resolution_minutes", "solved_at"))
        for target, end in pairs:
            if end not in self.columns:
                continue
            derived = (self.columns[end] - self.columns["created_at"]).dt.total_seconds() / 60
            derived = derived.set((derived < 0).fill_null(False), None).alias(target)
            if target not in self.columns:
                self.columns[target] = derived
                self.warnings.append(message("w_derived", self.lang, column=column_name(target, self.lang),
                                             end=self.mapping[end], start=self.mapping["created_at"]))
            else:  # the exported duration is often empty (Freshdesk): fill the gaps from the timestamps
                self.columns[target] = self.columns[target].fill_null(derived)

    def _derive_orders(self) -> None:
        """Line amounts from quantity × unit price when the export has no amount; cancellations marked.

        An order is cancelled when its status says so (cancelled, voided, refunded), it has a cancellation date,
        or its amount is negative (a credit note, such as the UCI invoices whose number starts with C)."""
        if self.kind != "orders":
            return
        if "unit_price" in self.columns and "amount" not in self.columns:
            if "quantity" in self.columns:
                line = (self.columns["quantity"] * self.columns["unit_price"]).alias("amount")
                self.warnings.append(message("w_amount_derived", self.lang, quantity=self.mapping["quantity"],
                                             price=self.mapping["unit_price"]))
            else:  # one row per unit sold (order-item exports)
                line = self.columns["unit_price"].alias("amount")
                self.warnings.append(message("w_amount_is_price", self.lang, price=self.mapping["unit_price"]))
            self.columns["amount"] = line
            self._reject(line.is_null(), message("r_missing", self.lang, column=self.mapping["unit_price"]))
        cancelled = pl.repeat(False, self.raw.frame.height, dtype=pl.Boolean, eager=True)
        if "amount" in self.columns:
            cancelled = cancelled | (self.columns["amount"] < 0).fill_null(False)
        if "order_status" in self.columns:
            words = self.columns["order_status"].str.to_lowercase()
            cancelled = cancelled | words.str.contains(r"cancel|void|refund|anulad|reembols|devuel|estorn|devolv")\
                .fill_null(False)
        if "cancelled_at" in self.columns:
            cancelled = cancelled | self.columns["cancelled_at"].is_not_null()
        self.columns["cancelled"] = cancelled.alias("cancelled")

    def _tenure_in_months(self) -> None:
        """Tenure is stated in months, years or days by its header, or else by its range; it is kept in months."""
        if self.kind != "customers" or "tenure_months" not in self.columns:
            return
        header = self.mapping["tenure_months"]
        words = normalise(header).split()
        values = self.columns["tenure_months"]
        unit, why = "months", "header"
        if any(w in words for w in ("years", "year", "anos", "ano", "anios", "yrs")):
            unit = "years"
        elif any(w in words for w in ("days", "day", "dias", "dia")):
            unit = "days"
        elif not any(w in words for w in ("months", "month", "meses", "mes")):
            present = values.drop_nulls()
            high = float(cast(float, present.max())) if len(present) else None
            # a bank's or insurer's tenure of 0–10 whole numbers is years; telecom tenures run to 72 months
            whole = bool((present == present.round(0)).all())
            unit = "years" if high is not None and high <= 15 and whole else "months"
            why = "range"
        low_text, high_text = str(values.min()), str(values.max())
        factor = {"years": 12.0, "days": 12 / 365.25, "months": 1.0}[unit]
        if factor != 1.0 or why == "range":
            unit_name = {"years": ("years", "años"), "days": ("days", "días"), "months": ("months", "meses")}[unit]
            reason = {"header": ("its header says so", "así lo dice su cabecera"),
                      "range": (f"its values run from {low_text} to {high_text}",
                                f"sus valores van de {low_text} a {high_text}")}[why]
            index = 1 if self.lang == "es" else 0
            self.warnings.append(message("w_tenure_unit", self.lang, column=header, unit=unit_name[index],
                                         why=reason[index]))
        self.columns["tenure_months"] = (values * factor).alias("tenure_months")

    def _check_nps_scale(self) -> None:
        """NPS is defined on 0–10. A column that looks like 1–5 stars, 1–7 agreement or 1–10 without a 0 is read
        as a satisfaction rating instead, unless the user mapped it as NPS on purpose."""
        if "nps_score" not in self.columns:
            return
        scores = self.columns["nps_score"].drop_nulls()
        if len(scores) < 5:
            return
        low, high = int(scores.min()), int(scores.max())  # type: ignore[arg-type]
        if high <= 7:
            scale = f"{low}–{high}"
        elif low >= 1 and high >= 9 and len(scores) >= 30:
            scale = "1–10"
        else:
            return
        header = self.mapping["nps_score"]
        words = normalise(header) + " " + header.lower()
        says_nps = bool(re.search(r"nps|recomend|recommend|0\s*(-|a|to|–)\s*10", words))
        if says_nps and high > 5:
            return  # the header names the 0–10 question: a survey without zeros is still NPS
        if "nps_score" in self.confirmed:
            self.warnings.append(message("w_scale_confirmed", self.lang, column=header, scale=scale))
            return
        rating = self.columns.pop("nps_score").cast(pl.Float64).alias("csat_score")
        if "csat_score" in SCHEMAS[self.kind] and "csat_score" not in self.columns:
            top = 5 if high <= 5 else 7 if high <= 7 else 10
            self.columns["csat_score"] = rating
            self.columns["satisfied"] = (rating >= {5: 4, 7: 6, 10: 9}[top]).alias("satisfied")
            self.mapping["csat_score"] = header
        del self.mapping["nps_score"]
        self.warnings.append(message("w_scale_not_nps", self.lang, column=header, scale=scale))

    def _check_nps_group(self) -> None:
        if "nps_score" not in self.columns or "nps_group" not in self.columns:
            return
        score = self.columns["nps_score"]
        expected = (
            pl.when(pl.col("s") >= 9).then(pl.lit("promoter")).when(pl.col("s") >= 7).then(pl.lit("passive"))
            .when(pl.col("s").is_not_null()).then(pl.lit("detractor"))
        )
        frame = pl.DataFrame({"s": score, "g": self.columns["nps_group"]})
        mismatch = frame.select((expected != pl.col("g")).fill_null(False).sum()).item()
        if mismatch:
            self.warnings.append(message("w_group_mismatch", self.lang, n=mismatch, column=self.mapping["nps_group"]))

    def _check_duplicates(self) -> None:
        id_column = _ID_COLUMNS.get(self.kind)
        if id_column is None or id_column not in self.columns:
            return
        ids = self.columns[id_column].drop_nulls()
        distinct = self.distinct_ids if self.distinct_ids is not None else _count_unique(ids)
        repeats = len(ids) - distinct
        lines = self.kind == "orders" and bool({"quantity", "unit_price"} & self.columns.keys())
        if repeats and not lines and not ("updated_at" in self.columns and len(ids) >= 1.2 * distinct):
            example = ids.filter(ids.is_duplicated())[0]
            self.warnings.append(
                message("w_duplicates", self.lang, n=repeats, column=self.mapping[id_column], example=example)
            )

    def _keep_extras(self) -> None:
        mapped = set(self.mapping.values())
        taken = set(SCHEMAS[self.kind]) | set(self.columns) | _DERIVED_COLUMNS
        for header in self.raw.headers:
            if header in mapped:
                continue
            target = header
            while target in taken:  # a header named like a column the loader makes is kept beside it
                target = f"{target} (source)"
            taken.add(target)
            values = P.parse_text(self._cells(header), cleaned=True).values
            self.warnings.extend(self._formula_warning(header, values))
            self.columns[target] = values.alias(target)
            self.extra_columns.append(target)

    # -- result --------------------------------------------------------------------------------
    def split(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        canonical = [c for c in SCHEMAS[self.kind] if c in self.columns]
        ordered = canonical + self.extra_columns
        frame = pl.DataFrame([self.columns[c] for c in ordered]) if ordered else pl.DataFrame()
        n = self.raw.frame.height
        if self.reject_reasons:
            reason = pl.DataFrame(self.reject_reasons, schema=[f"r{i}" for i in range(len(self.reject_reasons))])
            reason_series = reason.select(pl.concat_str(pl.all(), separator="; ", ignore_nulls=True)).to_series()
            reason_series = reason_series.replace("", None)
        else:
            reason_series = pl.repeat(None, n, dtype=pl.String, eager=True).alias("reason")
        bad = reason_series.is_not_null()
        good_frame = frame.filter(~bad) if frame.width and bool(bad.any()) else frame
        rejected = self.raw.frame.filter(bad).select(
            pl.col(ROW).cast(pl.Int64).alias("row"),
            *(pl.col(h).alias(n) for h, n in zip(self.raw.headers, self._report_headers(), strict=True)))
        rejected = rejected.insert_column(1, reason_series.filter(bad).alias("reason"))
        early = self._early_rejected()
        if early.height:
            rejected = pl.concat([rejected, early], how="diagonal_relaxed").sort("row")
        return good_frame, rejected

    def _report_headers(self) -> list[str]:
        """The source headers as columns of the rejected-rows table, beside its own ``row`` and ``reason``."""
        names: list[str] = []
        taken = {"row", "reason"}
        for header in self.raw.headers:
            name = header
            while name in taken:
                name = f"{name} (source)"
            taken.add(name)
            names.append(name)
        return names

    def _early_rejected(self) -> pl.DataFrame:
        if not self.raw.rejected:
            return pl.DataFrame(schema={"row": pl.Int64, "reason": pl.String})
        headers = self._report_headers()
        sep = self.raw.separator or ","
        rows: dict[str, list[Any]] = {"row": [], "reason": [], **{h: [] for h in headers}}
        for row, reason, line in self.raw.rejected:
            rows["row"].append(row)
            rows["reason"].append(reason)
            fields = line.split(sep)
            if len(fields) > len(headers):
                fields = [*fields[: len(headers) - 1], sep.join(fields[len(headers) - 1 :])]
            for i, h in enumerate(headers):
                rows[h].append(fields[i] if i < len(fields) else None)
        schema = {"row": pl.Int64, "reason": pl.String, **dict.fromkeys(headers, pl.String)}
        return pl.DataFrame(rows, schema=cast(Any, schema))

    def cell_issues(self) -> pl.DataFrame:
        if not self._issues:
            return pl.DataFrame(schema={"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String})
        return pl.concat(self._issues).sort("row")


def load_bytes(data: bytes, name: str, **options: Any) -> Loaded:
    """``load`` for bytes with a name: handy with ``st.cache_data``, whose cache key is the bytes."""
    return load(io.BytesIO(data), name=name, **options)
