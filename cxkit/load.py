"""``cxkit.load``: one uploaded export in, a table in the canonical model out, with a report of
everything that could not be read.

This is the edge of the import: it runs the stages (``cxkit.ingest.pipeline``) and words what they found in the
user's language (``cxkit.ingest.words``). ``load`` takes a file, or a table already read (``cxkit.read``), so that
changing the kind or a column only runs the stages after reading.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from cxkit.errors import LoadError
from cxkit.ingest.assemble import DERIVED_COLUMNS as _DERIVED_COLUMNS
from cxkit.ingest.assemble import early_frame
from cxkit.ingest.decide import Choice, Decision
from cxkit.ingest.issues import Issue, issue
from cxkit.ingest.pipeline import Outcome, detection, run
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.read import DEFAULT_MAX_BYTES, RawTable, Source, read_table, source_bytes
from cxkit.ingest.words import Lang, cell_reasons, render, render_all, row_reasons
from cxkit.schema import Kind

__all__ = ["Loaded", "RawTable", "load", "load_bytes", "read"]

_detect = detection  # kept for older callers (the bench): the profile, candidates and decide stages
_ = _DERIVED_COLUMNS  # kept importable under its old name (tests)


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
        issues: ``warnings`` as codes with their values (``cxkit.ingest.issues.Issue``), in the same order: an
            interface can word them in another language without loading again.
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
    issues: list[Issue] = field(default_factory=list)


def read(source: Source, *, name: str | None = None, sheet: str | int | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES, lang: Lang = "en") -> RawTable:
    """Read an export once (CSV/TSV/TXT, XLSX/XLS or Parquet) into a table of text cells, to load it as often as
    needed: ``cxkit.load(table, kind=..., mapping=...)`` does not read the file again.

    Raises:
        LoadError: The file cannot be read; the message says why, in ``lang``.
    """
    try:
        data, file_name = source_bytes(source, name)
        return read_table(data, file_name, sheet=sheet, max_bytes=max_bytes)
    except LoadError as error:
        raise _worded(error, lang) from None


def load(
    source: Source | RawTable,
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
        source: A path, ``bytes``, a binary file-like object (such as a Streamlit upload), or a table already
            read by ``cxkit.read`` (then ``sheet`` and ``max_bytes`` were the read's, and the file is not read
            again).
        kind: ``"tickets"``, ``"responses"``, ``"customers"``, ``"orders"`` or ``"costs"``; ``None``
            detects it from the headers.
        mapping: ``{canonical column: source header}`` overriding detection for those columns; a
            value of ``None`` or ``""`` leaves that column unmapped.
        sheet: Excel sheet name or 0-based index; by default the first non-empty sheet.
        name: The file name, when ``source`` has none.
        lang: Language of messages and warnings, ``"en"``, ``"es"`` or ``"pt"`` (Brazilian Portuguese).
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
    if isinstance(source, RawTable):
        raw, file_name = (source if name is None else replace(source, name=name)), name or source.name
    else:
        try:
            data, file_name = source_bytes(source, name)
        except LoadError as error:
            raise _worded(error, lang) from None
    try:
        if not isinstance(source, RawTable):
            raw = read_table(data, file_name, sheet=sheet, max_bytes=max_bytes)
        outcome = run(raw, kind=kind, mapping=mapping, day_first=day_first, labels=labels)
        return _words(outcome, kind, mapping, lang)
    except LoadError as error:
        raise _worded(error, lang) from None
    except Exception as exc:  # last line of defence: a bug must still reach the user as a message
        detail = f"{type(exc).__name__}: {str(exc)[:200]}"
        found = issue("internal", name=file_name, detail=detail)
        raise LoadError(render(found, lang), code="internal", issue=found) from exc


def _worded(error: LoadError, lang: Lang) -> LoadError:
    """The error with its message in ``lang`` (it keeps its code, its issue and what it carries)."""
    if error.issue is None:
        return error
    worded = LoadError(render(error.issue, lang), code=error.code, issue=error.issue)
    worded.__dict__.update({k: v for k, v in error.__dict__.items() if k not in ("code", "issue")})
    return worded


def _rejected(outcome: Outcome, lang: Lang) -> pl.DataFrame:
    """The rejected rows with their reasons in words, in the order of the source."""
    reasons = row_reasons(outcome.reasons, outcome.raw.frame.height, lang).filter(outcome.bad)
    rejected = outcome.rejected.insert_column(1, reasons.alias("reason"))
    if outcome.raw.rejected:
        early = early_frame(outcome.raw, [render(reason, lang) for _, reason, _ in outcome.raw.rejected])
        rejected = pl.concat([rejected, early], how="diagonal_relaxed").sort("row")
    return rejected


def _words(outcome: Outcome, kind: Kind | None, mapping: Mapping[str, str | None] | None, lang: Lang) -> Loaded:
    """The outcome in the user's language: warnings, the reasons of rejected rows and of unreadable cells."""
    rejected = _rejected(outcome, lang)
    if outcome.stop is not None:
        error = LoadError(render(outcome.stop, lang), code=outcome.stop.code, issue=outcome.stop)
        error.rejected = rejected  # type: ignore[attr-defined]
        raise error
    found = outcome.found
    events, lines = outcome.events, outcome.lines
    return Loaded(
        kind=outcome.kind,
        frame=outcome.frame,
        mapping=dict(outcome.mapping),
        rejected=rejected,
        warnings=render_all(outcome.issues, lang),
        source=found.tool,
        cell_issues=cell_reasons(outcome.cell_issues, lang),
        name=outcome.raw.name,
        sheets=outcome.raw.sheets,
        sheet=outcome.raw.sheet,
        data_rows=(events.height if events is not None else lines.height if lines is not None
                   else outcome.frame.height) + rejected.height,
        events=events,
        lines=lines,
        choices=dict(found.choices),
        kind_reason=found.reason if not mapping else "user" if kind else found.reason,
        kind_confidence=found.confidence,
        profiles=found.profiles,
        decisions=outcome.decisions,
        file_format=outcome.raw.file_format,
        headers=list(outcome.raw.headers),
        extra_columns=outcome.extra_columns,
        issues=list(outcome.issues),
    )


def load_bytes(data: bytes, name: str, **options: Any) -> Loaded:
    """``load`` for bytes with a name: handy with ``st.cache_data``, whose cache key is the bytes."""
    return load(io.BytesIO(data), name=name, **options)
