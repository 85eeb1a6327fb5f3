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
from cxkit.ingest import types
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


def value_fit(spec: ColumnSpec, p: ColumnProfile | None, column: str = "") -> float:
    """How well a column's values fit a canonical column's type, 0..1 (0.5 when there is nothing to judge): the
    best fit among the registered value types that read that type (``cxkit.ingest.types``)."""
    if p is None or p.empty:
        return 0.5
    if p.is_datetime and spec.type not in ("datetime", "month", "id", "text"):
        return 0.0  # dates are when, not what
    return types.fit(spec, p, column)


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
