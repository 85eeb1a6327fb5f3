"""The import's stages in order, each a function from values to a value:

read (``cxkit.ingest.read``: bytes → ``RawTable``) → profile (``cxkit.ingest.profile``: every column once) →
candidates (``cxkit.ingest.candidates``: scores per kind and column) → decide (``cxkit.ingest.decide``: the kind and
the mapping, each decision with its confidence, evidence and runner-up) → assemble (``cxkit.ingest.assemble``: the
typed frame) → check (``cxkit.ingest.check``: issues as codes) → words (``cxkit.ingest.words``, at the edge only:
``cxkit.load`` words the outcome in the user's language).

``run`` takes a table already read, so a mapping can change without reading the file again. No stage here takes a
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from cxkit._parse import fold
from cxkit.ingest import check
from cxkit.ingest.assemble import Assembled, assemble, split
from cxkit.ingest.candidates import detect_tool
from cxkit.ingest.collapse import collapse_events, collapse_lines, is_event_log, is_line_items
from cxkit.ingest.columns import Plan
from cxkit.ingest.decide import Decision, Detection, decisions, detect, header_list, override
from cxkit.ingest.issues import CellIssues, Issue, RowReason, fail, issue
from cxkit.ingest.profile import profile_table
from cxkit.ingest.read import RawTable, drop_extra_header_rows
from cxkit.schema import KINDS, Kind

__all__ = ["Outcome", "detection", "run"]


@dataclass(frozen=True)
class Outcome:
    """Everything a load found, as values and codes (``cxkit.load`` words it).

    ``rejected`` holds the rejected rows' source cells (``row`` and the cells); ``bad`` marks them among the rows
    of ``raw``, and ``reasons`` say why; the read stage's rejected lines are in ``raw.rejected``."""

    kind: Kind
    raw: RawTable
    frame: pl.DataFrame
    rejected: pl.DataFrame
    bad: pl.Series
    reasons: list[RowReason]
    cell_issues: list[CellIssues]
    issues: list[Issue]
    mapping: dict[str, str]
    found: Detection
    decisions: dict[str, Decision]
    extra_columns: list[str] = field(default_factory=list)
    events: pl.DataFrame | None = None
    lines: pl.DataFrame | None = None
    stop: Issue | None = None  # every row was rejected: the load cannot go on (``all_rejected``)

    @property
    def rejected_rows(self) -> int:
        return self.rejected.height + len(self.raw.rejected)


def detection(raw: RawTable, kind: Kind | None) -> Detection:
    """Profile every column once and weigh the headers' words with the values (the profile, candidates and decide
    stages)."""
    profiles = profile_table(raw.frame, raw.headers, raw.typed)
    return detect(raw.headers, preamble=raw.preamble, sample=raw.frame, kind=kind, profiles=profiles,
                  typed=raw.typed)


def _decide(raw: RawTable, kind: Kind | None, mapping: Mapping[str, str | None] | None) -> tuple[
    RawTable, Detection, dict[str, str], list[Issue]
]:
    """The table without a tool's extra header rows, what detection found, the mapping used and the notes."""
    kept = raw.detected.get(kind or "")
    if kept is not None and kept[0] is raw.frame:  # this table was detected before (the same cells)
        tool, found = kept[1]
        table, extra_rows = drop_extra_header_rows(raw, tool)
    else:
        tool, _kind = detect_tool(raw.headers, raw.preamble, raw.frame)
        table, extra_rows = drop_extra_header_rows(raw, tool)
        found = detection(table, kind)  # once, on the table as it will be read
        raw.detected[kind or ""] = (raw.frame, (tool, found))
    notes = list(table.warnings)
    if extra_rows:
        notes.append(issue("w_extra_header_rows", n=extra_rows, tool=found.tool or tool))
    if found.kind is None:
        raise fail("unknown_kind", name=raw.name, columns=header_list(table.headers))
    used = override(found.mapping, mapping, found.kind, table.headers, raw.name)
    notes.extend(check.required(found.kind, used, table.headers, raw.name))
    notes.extend(check.detection_notes(found, used, set((mapping or {}).keys())))
    return table, found, used, notes


def _whole(kind: Kind, frame: pl.DataFrame, used: Mapping[str, str], notes: list[Issue]) -> tuple[
    pl.DataFrame, pl.DataFrame | None, pl.DataFrame | None, list[Issue]
]:
    """One row per record: numbered customers, collapsed event logs and line items (new frames and notes)."""
    notes = list(notes)
    if kind == "customers" and "customer_id" not in frame.columns:
        frame = frame.insert_column(0, pl.Series("customer_id", [f"row {i}" for i in range(1, frame.height + 1)],
                                                 dtype=pl.String))
    events = lines = None
    if kind == "tickets" and is_event_log(frame):
        events, frame = frame, collapse_events(frame, derived="resolution_minutes" not in used)
        notes.insert(0, issue("w_event_log", events=events.height, tickets=frame.height))
    if kind == "orders" and is_line_items(frame):
        lines, frame = frame, collapse_lines(frame)
        notes.insert(0, issue("w_line_items", lines=lines.height, orders=frame.height))
    return frame, events, lines, notes


def _checked(table: RawTable, kind: Kind, assembled: Assembled, bad: pl.Series, notes: list[Issue]) -> tuple[
    list[Issue], Issue | None, Issue | None
]:
    """The check stage over the assembled table: the notes, the issue that stops the load (every row rejected)
    and the note of the rejected rows."""
    notes = [*notes, *assembled.issues, *check.nps_group_mismatch(assembled.columns, assembled.mapping),
             *check.duplicates(kind, assembled.columns, assembled.mapping, assembled.distinct_ids)]
    n_rejected = int(bad.sum()) + len(table.rejected)
    first = check.first_rejection(table, assembled.reasons, bad)
    if n_rejected and first is not None and n_rejected == table.frame.height + len(table.rejected):
        return notes, issue("all_rejected", n=n_rejected, name=table.name, reason=first[1], row=first[0]), None
    if n_rejected and first is not None:
        return notes, None, issue("w_rejected", n=n_rejected, row=first[0], reason=first[1])
    return notes, None, None


def run(raw: RawTable, *, kind: Kind | None = None, mapping: Mapping[str, str | None] | None = None,
        day_first: bool | None = None, labels: Mapping[str, Mapping[str, str]] | None = None) -> Outcome:
    """Load a table already read (``cxkit.ingest.read.read``) into the canonical model. ``raw`` is not changed."""
    if kind is not None and kind not in KINDS:
        raise fail("bad_kind", kind=kind, kinds=", ".join(KINDS))
    table, found, used, notes = _decide(raw, kind, mapping)
    chosen: Kind = found.kind  # type: ignore[assignment]  # _decide refuses a table of no kind
    made = decisions(found, used, set((mapping or {}).keys()), user_kind=kind is not None)
    notes.extend(check.kind_unsure(found, chosen, made["kind"]))
    plan = Plan(chosen, used, day_first if day_first is not None else found.day_first,
                frozenset((mapping or {}).keys()),
                {column: {fold(k): v for k, v in words.items()} for column, words in (labels or {}).items()},
                found.profiles, {c: d for c, d in found.differences.items() if c not in used})
    assembled = assemble(table, plan)
    good, rejected, bad = split(table, assembled)
    notes, stop, rejected_note = _checked(table, chosen, assembled, bad, notes)
    frame, events, lines, notes = _whole(chosen, good, used, notes) if stop is None else (good, None, None, notes)
    notes = [*([rejected_note] if rejected_note else []), *notes, *check.cancelled_orders(chosen, frame),
             *check.cancel_vs_end(chosen, used)]
    return Outcome(chosen, table, frame, rejected, bad, assembled.reasons, assembled.cell_issues, notes,
                   assembled.mapping, found, made, assembled.extra_columns, events, lines, stop)
