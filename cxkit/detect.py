"""Recognise which tool wrote an export, what kind of data it holds and which column is which."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from cxkit import tools
from cxkit._parse import fold
from cxkit.profile import ColumnProfile, profile_table
from cxkit.schema import KINDS, SCHEMAS, ColumnSpec, Kind
from cxkit.words import AVOID, COLUMN_WORDS, CONTACT_WORDS, KIND_WORDS, mentions, rule_weight

__all__ = ["Choice", "Detection", "detect", "detect_tool", "normalise", "propose_mapping", "register_tool"]


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


def _date_order(tool: str | None, headers: Sequence[str]) -> bool | None:
    """The date order a tool always writes for one of these headers (``None``: the columns decide)."""
    known = next((t for t in tools.registered() if t.name == tool), None)
    if known is None:
        return None
    return next((known.day_first[normalise(h)] for h in headers if normalise(h) in known.day_first), None)


def _nps_pairs(headers: Sequence[str]) -> tuple[str | None, str | None]:
    """Qualtrics names the NPS question ``Qn`` and its group ``Qn_NPS_GROUP``."""
    for header in headers:
        if header.upper().endswith("_NPS_GROUP"):
            base = header[: -len("_NPS_GROUP")]
            return (base if base in headers else None), header
    return None, None


@dataclass(frozen=True)
class Choice:
    """Why a source column was taken for a canonical column.

    Attributes:
        header: The source column.
        score: Header evidence × value evidence, 0..1 (1: an exact known header whose values fit).
        header_weight: How strongly the header's words name the column (1.0 for a known header).
        value_fit: How well the values fit the column's type, 0..1.
        reason: A code: ``synonym`` (a known header), ``words`` (header words), ``values`` (the values alone),
            ``tool`` (the tool's own layout), ``user`` (mapped by hand).
        runner_up: The next best source column for it, when it came close (``None`` otherwise).
        alternative: The next best source column for it however far behind (``None``: no other candidate);
            ``alternative_score`` its score.
    """

    header: str
    score: float
    header_weight: float
    value_fit: float
    reason: str
    runner_up: str | None = None
    alternative: str | None = None
    alternative_score: float = 0.0


def _tokens(header: str) -> list[str]:
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


def value_fit(spec: ColumnSpec, p: ColumnProfile | None, column: str = "") -> float:
    """How well a column's values fit a canonical column's type, 0..1 (0.5 when there is nothing to judge)."""
    if p is None or p.empty:
        return 0.5
    kind = spec.type
    if kind in ("datetime", "month"):
        if kind == "month" and p.is_datetime and p.with_time >= 0.5:
            return 0.2  # a month has no time of day: timestamps are events
        if p.is_datetime:
            # of two date columns, the one with times of day is the event; the one always at midnight is a day
            return 1.0 if kind == "month" or p.with_time > 0 or p.typed_dates else 0.9
        if kind == "month" and p.number < 0.5:
            return 0.6  # month names ("marzo 2024") are read by the month parser
        return 0.0
    if p.is_datetime and kind not in ("id", "text"):
        return 0.0
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
        if p.is_number and p.scale_0_10 >= 0.9:
            return 1.0
        return 0.05
    if kind == "rating":
        if p.is_number and (((p.low or 0) >= 0 and (p.high or 0) <= 10) or p.scale_0_10 >= 0.9):
            return 1.0
        if p.vocab.get("satisfaction", 0) >= 0.5:
            return 1.0
        return 0.1 if p.number < 0.2 and p.distinct <= 12 else 0.02
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
    if kind == "call_outcome":
        if p.vocab.get("call_outcome", 0) >= 0.5 or p.vocab.get("boolean", 0) >= 0.8:
            return 1.0  # answered / abandoned, or a yes/no column whose header says which
        return 0.3
    if kind == "category":
        if p.is_free_text and p.unique > 0.5:
            return 0.15
        if p.is_number and p.unique > 0.5:
            return 0.2
        if p.email >= 0.5:
            return 0.2
        if p.vocab.get("boolean", 0) >= 0.99 and p.distinct <= 3:
            return 0.2  # yes/no is a flag ("International plan: yes"), not a label such as a plan or a channel
        return 1.0
    if kind == "text":
        return 1.0 if p.is_free_text else 0.5
    if kind == "id":
        if p.is_datetime and not p.typed_dates:
            return 0.3  # timestamps are when, not who
        if p.email >= 0.5:
            return 1.0
        if p.is_free_text:
            return 0.1
        return 1.0 if p.unique >= 0.3 or p.n < 20 else 0.6
    return 0.5


def shared_prefix(headers: Sequence[str]) -> str:
    """The words every header starts with (``order_``, ``Ticket ``), when there are three headers or more and
    each has words after them; ``''`` otherwise."""
    names = [_tokens(h) for h in headers]
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


def _candidates(kind: Kind, headers: Sequence[str], profiles: dict[str, ColumnProfile]) -> list[
    tuple[float, float, int, int, str, str, float, str]
]:
    found = []
    columns = list(SCHEMAS[kind])
    prefix = shared_prefix(headers)
    for ci, (column, spec) in enumerate(SCHEMAS[kind].items()):
        if spec.type == "satisfied":
            continue
        for hi, header in enumerate(headers):
            weight, reason = _weight(kind, column, spec, header, prefix)
            if weight <= 0:
                continue
            fit = value_fit(spec, profiles.get(header), column)
            p = profiles.get(header)
            if kind == "customers" and column == "customer_id" and p is not None and not p.empty and p.unique < 0.5:
                fit *= 0.3  # a snapshot has one row per customer: a column repeating its values names no customer
            if reason == "values" and spec.type in _OWN_WORDS and fit >= 1.0:
                weight = 0.8  # without headers, words only one kind writes (ANSWERED, Churned) speak for it
            if reason == "synonym":
                # a header a tool writes for this very column keeps some weight even when its values do not fit,
                # so that the rows are reported as unreadable instead of the column being silently passed over
                fit = max(fit, 0.3)
            score = weight * fit
            if score >= 0.2:
                found.append((score, weight, ci, hi, column, header, fit, reason))
    del columns
    return found


def propose_mapping(headers: Sequence[str], kind: Kind, profiles: dict[str, ColumnProfile] | None = None) -> dict[
    str, str
]:
    """Best guess of ``{canonical column: source header}`` for ``kind`` (see ``detect`` for the reasons)."""
    return {column: choice.header for column, choice in _assign(headers, kind, profiles or {}).items()}


def _assign(headers: Sequence[str], kind: Kind, profiles: dict[str, ColumnProfile]) -> dict[str, Choice]:
    """Each canonical column gets the source column with the best evidence, each source column used once."""
    chosen: dict[str, Choice] = {}
    used: set[str] = set()
    if kind == "responses":
        score, group = _nps_pairs(headers)
        for column, header in (("nps_score", score), ("nps_group", group)):
            if header:
                chosen[column] = Choice(header, 1.0, 1.0, 1.0, "tool")
                used.add(header)
    candidates = sorted(_candidates(kind, headers, profiles), key=lambda c: (-c[0], -c[1], c[2], c[3]))
    second: dict[str, tuple[float, str]] = {}
    for value, weight, _ci, _hi, column, header, fit, reason in candidates:
        if column in chosen:
            if header not in used and column not in second:
                second[column] = (value, header)
            continue
        if header in used:
            continue
        chosen[column] = Choice(header, round(value, 3), weight, fit, reason)
        used.add(header)
    for column, (value, other) in second.items():
        choice = chosen[column]
        close = value >= 0.8 * choice.score and choice.reason != "tool"
        chosen[column] = Choice(choice.header, choice.score, choice.header_weight, choice.value_fit,
                                choice.reason, runner_up=other if close else None, alternative=other,
                                alternative_score=round(value, 3))
    id_column = _ID_COLUMN.get(kind)
    if id_column is not None and id_column not in chosen:
        # no header names the key: the first column whose values are all different, short and not dates or amounts
        for header in headers:
            p = profiles.get(header)
            if (header not in used and p is not None and p.n >= 20 and p.unique == 1.0 and p.filled >= 0.99
                    and not p.is_datetime and not p.is_free_text and p.mean_length <= 64 and p.spaces < 0.2
                    and not mentions(AVOID["customer_id"], _tokens(header))
                    and (not p.is_number or p.integer == 1.0)):
                chosen[id_column] = Choice(header, 0.35, 0.0, 1.0, "values")
                used.add(header)
                break
    if kind == "responses" and "comment" not in chosen:
        text = next((h for h in headers if h.upper().endswith("_TEXT") and h not in used), None)
        if text:
            chosen["comment"] = Choice(text, 0.6, 0.6, 1.0, "tool")
    return chosen


_ID_COLUMN: dict[Kind, str] = {"tickets": "ticket_id", "responses": "response_id", "customers": "customer_id",
                               "orders": "order_id", "calls": "call_id"}

_MEASURES: dict[Kind, tuple[tuple[str, ...], ...]] = {
    # a file is of a kind only when it holds what the kind is measured by (any one of each group)
    "tickets": (("created_at", "ticket_id"),),
    # answers with no date are still answers when a header names their score (the time metrics say so)
    "responses": (("submitted_at", "nps_score", "csat_score"), ("nps_score", "csat_score", "emotion", "nps_group")),
    # a snapshot without ids is still customers when a header names the churn flag (each row is one customer)
    "customers": (("customer_id", "churned"), ("churned_at", "churned", "acquired_at", "tenure_months")),
    # an export of orders without an amount is still orders (and is refused for want of one), not tickets
    "orders": (("ordered_at",), ("amount", "unit_price", "order_id")),
    "costs": (("month",), ("cost",)),
    "calls": (("started_at",), ("wait_seconds",)),
}


def _kind_score(kind: Kind, headers: Sequence[str], chosen: dict[str, Choice]) -> float:
    for group in _MEASURES[kind]:
        if not any(column in chosen for column in group):
            return 0.0
    if kind == "orders" and not {"amount", "unit_price"} & chosen.keys() and chosen["order_id"].header_weight < 0.7:
        return 0.0  # without an amount, only a header that names orders makes the file orders
    if kind == "customers" and "customer_id" not in chosen and (
            chosen["churned"].header_weight < 0.8 or chosen["churned"].value_fit < 1.0):
        return 0.0
    if kind == "responses" and "submitted_at" not in chosen and not any(
            (c := chosen.get(column)) is not None and c.header_weight >= 0.8 and c.value_fit >= 0.9
            for column in ("nps_score", "csat_score")):
        return 0.0  # without a date, a header must name the score (recommend, NPS, satisfaction)
    if kind == "tickets" and "created_at" not in chosen:
        # without a creation time, the file must name itself as tickets: a ticket id and a ticket's fields
        ticket_id = chosen.get("ticket_id")
        if ticket_id is None or ticket_id.header_weight < 0.6 or not {"status", "channel", "ticket_type",
                                                                        "solved_at"} & chosen.keys():
            return 0.0
    total = 0.0
    for column, choice in chosen.items():
        spec = SCHEMAS[kind][column]
        importance = 2.0 if spec.required else 0.5 if spec.type == "id" else 1.0
        total += importance * choice.score
    words = sum(1 for h in headers if mentions(KIND_WORDS[kind], _tokens(h)))
    return round(total + 0.4 * min(words, 5), 3)


def contact_signals(headers: Sequence[str], profiles: dict[str, ColumnProfile]) -> int:
    """How many kinds of contact-handling evidence a file holds (``cxkit.words.CONTACT_WORDS``: a channel, who
    handled it, a duration, an SLA, call or ticket ids); SLA bands are known by their values too."""
    found = {group for group, words in CONTACT_WORDS.items() for h in headers if mentions(words, _tokens(h))}
    if any(p.vocab.get("sla", 0) >= 0.5 and p.vocab.get("boolean", 0) < 0.5 for p in profiles.values() if not p.empty):
        found.add("sla")
    return len(found)


@dataclass(frozen=True)
class Detection:
    """What ``detect`` found.

    Attributes:
        kind: The kind of data (``None``: none fits).
        tool: The tool that wrote the export, or ``None``.
        mapping: ``{canonical column: source header}`` proposed for ``kind``.
        scores: The evidence for each kind (0: the file cannot be that kind).
        choices: For each mapped column, why its source column was taken (see ``Choice``).
        profiles: What each source column's values look like.
        reason: Why this kind: ``user``, ``tool`` (a tool's signature) or ``evidence`` (headers and values).
        runner_up: The next most likely kind when its evidence came close (``None`` otherwise).
        day_first: The date order the tool always writes (``None``: the columns decide).
    """

    kind: Kind | None
    tool: str | None
    mapping: dict[str, str]
    scores: dict[Kind, float]
    choices: dict[str, Choice] = field(default_factory=dict)
    profiles: dict[str, ColumnProfile] = field(default_factory=dict)
    reason: str = "evidence"
    runner_up: Kind | None = None
    day_first: bool | None = None

    @property
    def confidence(self) -> float:
        """How much more evidence the kind has than the next one, 0..1 (1: no other kind fits)."""
        if self.kind is None:
            return 0.0
        best = self.scores.get(self.kind, 0.0)
        others = [v for k, v in self.scores.items() if k != self.kind]
        second = max(others, default=0.0)
        return 1.0 if best <= 0 or second <= 0 else round(max(0.0, 1 - second / best), 3)


def detect(
    headers: Sequence[str],
    *,
    preamble: str = "",
    sample: pl.DataFrame | None = None,
    kind: Kind | None = None,
    profiles: dict[str, ColumnProfile] | None = None,
    typed: dict[str, pl.Series] | None = None,
) -> Detection:
    """Detect the tool, the kind of data and the mapping from the headers' words and the values.

    Args:
        headers: The source headers.
        preamble: Report-title lines above the headers.
        sample: The table's cells (String columns by header); profiled when ``profiles`` is not given.
        kind: The kind, when the user chose it (the mapping is still proposed).
        profiles: Column profiles already taken (``cxkit.profile.profile_table``).
        typed: Cells the spreadsheet stored as dates or durations, by header.
    """
    headers = list(headers)
    if profiles is None:
        present = [h for h in headers if sample is not None and h in sample.columns]
        profiles = profile_table(sample, present, typed) if sample is not None and present else {}
    tool, tool_kind = detect_tool(headers, preamble, sample)
    choices = {k: _assign(headers, k, profiles) for k in KINDS}
    scores = {k: _kind_score(k, headers, choices[k]) for k in KINDS}
    if contact_signals(headers, profiles) >= 3 and (scores["tickets"] > 0 or scores["calls"] > 0):
        scores["responses"] = round(scores["responses"] * 0.5, 3)  # a log of contacts, scored: not a survey
    chosen: Kind | None = kind
    reason = "user" if kind is not None else "evidence"
    if chosen is None and tool_kind is not None and (scores[tool_kind] > 0 or all(
            column in choices[tool_kind] for column, spec in SCHEMAS[tool_kind].items() if spec.required)):
        chosen, reason = tool_kind, "tool"
    ranked = sorted(KINDS, key=lambda k: -scores[k])
    if chosen is None and scores[ranked[0]] > 0:
        chosen = ranked[0]
    runner_up: Kind | None = None
    if chosen is not None and reason == "evidence":
        other = next((k for k in ranked if k != chosen), None)
        if other is not None and scores[other] > 0 and scores[other] >= 0.8 * scores[chosen]:
            runner_up = other
    day_first = _date_order(tool, headers)
    picked = choices[chosen] if chosen else {}
    return Detection(
        kind=chosen,
        tool=tool,
        mapping={column: c.header for column, c in picked.items()},
        scores=scores,
        choices=picked,
        profiles=profiles,
        reason=reason,
        runner_up=runner_up,
        day_first=day_first,
    )
