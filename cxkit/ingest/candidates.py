"""The candidates stage of the import: scores for each canonical column of each kind, from the header's words (in
any of the registered languages, a prefix all headers share stripped), the values' profile and the tools'
signatures. Nothing is decided here (``cxkit.ingest.decide`` does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from cxkit import tools
from cxkit._parse import fold
from cxkit.ingest.profile import ColumnProfile
from cxkit.schema import SCHEMAS, ColumnSpec, Kind
from cxkit.words import AVOID, COLUMN_WORDS, CONTACT_WORDS, mentions, rule_weight

__all__ = [
    "contact_signals",
    "date_order",
    "detect_tool",
    "normalise",
    "nps_pairs",
    "register_tool",
    "scored",
    "shared_prefix",
    "tokens",
    "value_fit",
]


def normalise(header: str) -> str:
    """Fold a header for matching: accents, case, parenthesised parts (units, time zones) and
    punctuation go, camelCase splits: ``'Conversation started at (Europe/Madrid)'`` → ``'conversation
    started at'``, ``'MonthlyCharges'`` → ``'monthly charges'``.
    """
    # camelCase exports (customerID, MonthlyCharges, RecordedDate) read as separate words
    folded = fold(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header)).lstrip("\ufeff")
    if folded == "#":
        return "#"
    folded = re.sub(r"\[[a-z]+\]$", "", folded)  # Zendesk custom-field tags: "Category [list]"
    folded = re.sub(r"\([^)]*\)", " ", folded)
    folded = re.sub(r"[^a-z0-9#]+", " ", folded)
    return " ".join(folded.split())


def register_tool(tool: str, kind: Kind, *, all_of: tuple[str, ...], any_of: tuple[str, ...] = (),
                  day_first: dict[str, bool] | None = None) -> None:
    """Add a tool's signature from outside cxkit: the normalised headers its exports always have (``all_of``,
    plus one of ``any_of``), the kind of data they hold, and the date order of headers it always writes the same
    way. Built-in tools use the same table (``cxkit.tools``, one module per tool)."""
    tools.register(tools.Tool(tool, kind, signatures=(tools.Signature(all_of=all_of, any_of=any_of),),
                              day_first=dict(day_first or {})))


def detect_tool(headers: Sequence[str], preamble: str = "", sample: pl.DataFrame | None = None) -> tuple[
    str | None, Kind | None
]:
    """The tool that wrote an export and the kind it implies, from headers, a report title and values."""
    export = tools.Export(headers=list(headers), names=frozenset(normalise(h) for h in headers), preamble=preamble,
                          sample=sample)
    return tools.match(export)


def date_order(tool: str | None, headers: Sequence[str]) -> bool | None:
    """The date order a tool always writes for one of these headers (``None``: the columns decide)."""
    known = next((t for t in tools.registered() if t.name == tool), None)
    if known is None:
        return None
    return next((known.day_first[normalise(h)] for h in headers if normalise(h) in known.day_first), None)


def nps_pairs(headers: Sequence[str]) -> tuple[str | None, str | None]:
    """Qualtrics names the NPS question ``Qn`` and its group ``Qn_NPS_GROUP``."""
    for header in headers:
        if header.upper().endswith("_NPS_GROUP"):
            base = header[: -len("_NPS_GROUP")]
            return (base if base in headers else None), header
    return None, None


def tokens(header: str) -> list[str]:
    return normalise(header).split()


_GENERATED = re.compile(r"^column \d+$")  # the names a table without a header row is given (cxkit._header_row)


def _header_weight(kind: Kind, column: str, spec: ColumnSpec, header: str) -> tuple[float, str]:
    norm = normalise(header)
    if _GENERATED.match(norm):
        return 0.35, "values"  # no header to read: the values alone decide, weakly
    if norm in spec.synonyms:  # earlier synonyms are the more specific ones
        return 1.0 - 0.001 * spec.synonyms.index(norm), "synonym"
    tokens = norm.split()
    weight = rule_weight(COLUMN_WORDS.get(kind, {}).get(column, []), tokens)
    if spec.contains and any(word in norm for word in spec.contains):
        weight = max(weight, 0.7)
    avoid = AVOID.get(column, ())
    if weight and avoid and mentions(avoid, tokens):
        weight *= 0.15
    return weight, "words"


_OWN_WORDS = {"status", "call_outcome", "churn_flag", "nps_group", "emotion", "sla"}
_MONEY = {"amount", "discount_amount", "unit_price", "mrr", "cost"}


def _fit_dates(kind: str, p: ColumnProfile) -> float:
    if kind == "month" and p.is_datetime and p.with_time >= 0.5:
        return 0.2  # a month has no time of day: timestamps are events
    if p.is_datetime:
        # of two date columns, the one with times of day is the event; the one always at midnight is a day
        return 1.0 if kind == "month" or p.with_time > 0 or p.typed_dates else 0.9
    if kind == "month" and p.number < 0.5:
        return 0.6  # month names ("marzo 2024") are read by the month parser
    return 0.0


def _fit_numbers(kind: str, p: ColumnProfile, column: str) -> float:
    if kind in ("number", "integer"):
        if not p.is_number:
            return 0.05
        if column in _MONEY and p.high is not None and p.high <= 1 and p.integer < 0.9:
            return 0.1  # fractions of one are a rate (a discount of 0.15), not an amount
        return 1.0 if kind == "number" or p.integer >= 0.95 else 0.3
    if kind in ("duration", "seconds"):
        if p.is_number or p.typed_durations or p.time_of_day >= 0.8 or p.duration_words >= 0.8:
            return 1.0
        return 0.05
    if kind == "nps":
        # a few invalid answers (out of range or fractional) leave a score column a score column: they are listed
        return 1.0 if p.is_number and p.scale_0_10 >= 0.9 else 0.05
    # rating
    if p.is_number and (((p.low or 0) >= 0 and (p.high or 0) <= 10) or p.scale_0_10 >= 0.9):
        return 1.0
    if p.vocab.get("satisfaction", 0) >= 0.5:
        return 1.0
    return 0.1 if p.number < 0.2 and p.distinct <= 12 else 0.02


def _fit_labels(kind: str, p: ColumnProfile) -> float:
    if kind == "satisfied":
        return 1.0 if p.vocab.get("satisfaction", 0) >= 0.5 else 0.1
    if kind == "status":
        if p.vocab.get("status", 0) >= 0.3:
            return 1.0
        return 0.4 if p.number < 0.5 and p.distinct <= 30 and not p.is_free_text else 0.02
    if kind in ("boolean", "sla"):
        return 1.0 if p.vocab.get("boolean", 0) + p.vocab.get("sla", 0) >= 0.5 else 0.15
    if kind == "churn_flag":
        # a stray unreadable cell (one of three distinct values) leaves a yes/no flag a flag
        return 1.0 if p.vocab.get("churn", 0) >= 0.6 and p.distinct <= 4 else 0.0
    if kind in ("emotion", "nps_group"):
        return 1.0 if p.vocab.get(kind, 0) >= 0.5 else 0.0
    if kind == "order_kind":
        return 1.0 if p.vocab.get("order_kind", 0) >= 0.5 else 0.2
    # call_outcome: answered / abandoned, or a yes/no column whose header says which
    return 1.0 if p.vocab.get("call_outcome", 0) >= 0.5 or p.vocab.get("boolean", 0) >= 0.8 else 0.3


def _fit_text(kind: str, p: ColumnProfile) -> float:
    if kind == "category":
        if p.is_free_text and p.unique > 0.5:
            return 0.15
        if (p.is_number and p.unique > 0.5) or p.email >= 0.5:
            return 0.2
        if p.vocab.get("boolean", 0) >= 0.99 and p.distinct <= 3:
            return 0.2  # yes/no is a flag ("International plan: yes"), not a label such as a plan or a channel
        return 1.0
    if kind == "text":
        return 1.0 if p.is_free_text else 0.5
    # id
    if p.is_datetime and not p.typed_dates:
        return 0.3  # timestamps are when, not who
    if p.email >= 0.5:
        return 1.0
    if p.is_free_text:
        return 0.1
    return 1.0 if p.unique >= 0.3 or p.n < 20 else 0.6


_NUMBER_TYPES = {"number", "integer", "duration", "seconds", "nps", "rating"}
_LABEL_TYPES = {"satisfied", "status", "boolean", "sla", "churn_flag", "emotion", "nps_group", "order_kind",
                "call_outcome"}


def value_fit(spec: ColumnSpec, p: ColumnProfile | None, column: str = "") -> float:
    """How well a column's values fit a canonical column's type, 0..1 (0.5 when there is nothing to judge)."""
    if p is None or p.empty:
        return 0.5
    kind = spec.type
    if kind in ("datetime", "month"):
        return _fit_dates(kind, p)
    if p.is_datetime and kind not in ("id", "text"):
        return 0.0
    if kind in _NUMBER_TYPES:
        return _fit_numbers(kind, p, column)
    if kind in _LABEL_TYPES:
        return _fit_labels(kind, p)
    if kind in ("category", "text", "id"):
        return _fit_text(kind, p)
    return 0.5


def shared_prefix(headers: Sequence[str]) -> str:
    """The words every header starts with (``order_``, ``Ticket ``), when there are three headers or more and
    each has words after them; ``''`` otherwise."""
    names = [tokens(h) for h in headers]
    if len(names) < 3 or any(len(n) < 2 for n in names):
        return ""
    prefix: list[str] = []
    for words in zip(*names, strict=False):
        if len(set(words)) != 1 or any(len(n) <= len(prefix) + 1 for n in names):
            break
        prefix.append(words[0])
    return " ".join(prefix)


def _weight(kind: Kind, column: str, spec: ColumnSpec, header: str, prefix: str) -> tuple[float, str]:
    """The header's weight as written and without the prefix all headers share, whichever is larger."""
    weight, reason = _header_weight(kind, column, spec, header)
    if prefix:
        bare = normalise(header)[len(prefix):].strip()
        weight, reason = max((weight, reason), _header_weight(kind, column, spec, bare))
    return weight, reason


def scored(kind: Kind, headers: Sequence[str], profiles: dict[str, ColumnProfile]) -> list[
    tuple[float, float, int, int, str, str, float, str]
]:
    """Every (canonical column, source column) pair of ``kind`` with enough evidence: ``(score, header weight,
    column index, header index, column, header, value fit, reason)``; the score is header weight × value fit."""
    found = []
    prefix = shared_prefix(headers)
    for ci, (column, spec) in enumerate(SCHEMAS[kind].items()):
        if spec.type == "satisfied":
            continue
        for hi, header in enumerate(headers):
            weight, reason = _weight(kind, column, spec, header, prefix)
            if weight <= 0:
                continue
            weight, fit = _evidence(kind, column, spec, weight, reason, profiles.get(header))
            score = weight * fit
            if score >= 0.2:
                found.append((score, weight, ci, hi, column, header, fit, reason))
    return found


def _evidence(kind: Kind, column: str, spec: ColumnSpec, weight: float, reason: str,
              p: ColumnProfile | None) -> tuple[float, float]:
    """The header's weight and the values' fit of one source column for one canonical column."""
    fit = value_fit(spec, p, column)
    if kind == "customers" and column == "customer_id" and p is not None and not p.empty and p.unique < 0.5:
        fit *= 0.3  # a snapshot has one row per customer: a column repeating its values names no customer
    if reason == "values" and spec.type in _OWN_WORDS and fit >= 1.0:
        weight = 0.8  # without headers, words only one kind writes (ANSWERED, Churned) speak for it
    if reason == "synonym":
        # a header a tool writes for this very column keeps some weight even when its values do not fit,
        # so that the rows are reported as unreadable instead of the column being silently passed over
        fit = max(fit, 0.3)
    return weight, fit


def contact_signals(headers: Sequence[str], profiles: dict[str, ColumnProfile]) -> int:
    """How many kinds of contact-handling evidence a file holds (``cxkit.words.CONTACT_WORDS``: a channel, who
    handled it, a duration, an SLA, call or ticket ids); SLA bands are known by their values too."""
    found = {group for group, words in CONTACT_WORDS.items() for h in headers if mentions(words, tokens(h))}
    if any(p.vocab.get("sla", 0) >= 0.5 and p.vocab.get("boolean", 0) < 0.5 for p in profiles.values() if not p.empty):
        found.add("sla")
    return len(found)
