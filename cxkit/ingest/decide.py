"""The decide stage of the import: from the candidates' scores, the kind of data and the assignment of source
columns to canonical columns, each decision with its confidence, its evidence and its runner-up.

A decision is a value (no state): ``decisions`` maps ``"kind"`` and each canonical column to one. The confidence is
0..1: for the kind, how much more evidence it has than the next kind (``Detection.confidence``); for a column, its
score (header evidence × value fit) less the next candidate's. A choice the user made is sure (1.0). ``unsure``
says when a decision should be put to the user.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from cxkit import tools
from cxkit.ingest.candidates import (
    contact_signals,
    date_order,
    detect_tool,
    normalise,
    nps_pairs,
    scored,
    tokens,
    value_fit,
)
from cxkit.ingest.issues import fail
from cxkit.ingest.profile import ColumnProfile, profile_table
from cxkit.schema import KINDS, SCHEMAS, Kind
from cxkit.words import AVOID, KIND_WORDS, mentions

__all__ = ["KIND_UNSURE", "Choice", "Decision", "Detection", "decisions", "detect", "override", "propose_mapping",
           "unsure"]


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


def propose_mapping(headers: Sequence[str], kind: Kind, profiles: dict[str, ColumnProfile] | None = None) -> dict[
    str, str
]:
    """Best guess of ``{canonical column: source header}`` for ``kind`` (see ``detect`` for the reasons)."""
    return {column: choice.header for column, choice in _assign(headers, kind, profiles or {}).items()}


def _assign(headers: Sequence[str], kind: Kind, profiles: dict[str, ColumnProfile],
            declared: Mapping[str, str] | None = None) -> dict[str, Choice]:
    """Each canonical column gets the source column with the best evidence, each source column used once; the
    columns a tool's layout declares (``declared``: canonical column → header) first."""
    chosen = _declared_choices(kind, profiles, declared or {})
    used = {choice.header for choice in chosen.values()}
    if kind == "responses":
        score, group = nps_pairs(headers)
        for column, header in (("nps_score", score), ("nps_group", group)):
            if header:
                chosen[column] = Choice(header, 1.0, 1.0, 1.0, "tool")
                used.add(header)
    candidates = sorted(scored(kind, headers, profiles), key=lambda c: (-c[0], -c[1], c[2], c[3]))
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
    if id_column is not None and id_column not in chosen and not declared:
        # no header names the key (a tool's layout says what each of its fields is: none other is the key): the
        # first column whose values are all different, short and not dates or amounts
        for header in headers:
            p = profiles.get(header)
            if (header not in used and p is not None and p.n >= 20 and p.unique == 1.0 and p.filled >= 0.99
                    and not p.is_datetime and not p.is_free_text and p.mean_length <= 64 and p.spaces < 0.2
                    and not mentions(AVOID["customer_id"], tokens(header))
                    and (not p.is_number or p.integer == 1.0)):
                chosen[id_column] = Choice(header, 0.35, 0.0, 1.0, "values")
                used.add(header)
                break
    if kind == "responses" and "comment" not in chosen:
        text = next((h for h in headers if h.upper().endswith("_TEXT") and h not in used), None)
        if text:
            chosen["comment"] = Choice(text, 0.6, 0.6, 1.0, "tool")
    return chosen


def _declared_choices(kind: Kind, profiles: dict[str, ColumnProfile], declared: Mapping[str, str]) -> dict[
    str, Choice
]:
    """The columns a tool's layout declares (canonical column → header), taken whatever the other evidence; their
    score is the values' fit (a layout's column whose values do not fit keeps some, as a known header does)."""
    chosen: dict[str, Choice] = {}
    for column, header in declared.items():
        if column in SCHEMAS[kind] and header not in {c.header for c in chosen.values()}:
            fit = value_fit(SCHEMAS[kind][column], profiles.get(header), column)
            chosen[column] = Choice(header, round(max(fit, 0.3), 3), 1.0, fit, "tool")
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
    words = sum(1 for h in headers if mentions(KIND_WORDS[kind], tokens(h)))
    return round(total + 0.4 * min(words, 5), 3)


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
        differences: Canonical columns the tool's layout computes as the difference of two source columns
            (``{column: (header, header)}``), for the tool's kind.
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
    differences: dict[str, tuple[str, str]] = field(default_factory=dict)

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
    declared = _declared(tool, headers)
    choices = {k: _assign(headers, k, profiles, declared if k == tool_kind else None) for k in KINDS}
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
    day_first = date_order(tool, headers)
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
        differences=_differences(tool, headers) if chosen is not None and chosen == tool_kind else {},
    )


def _declared(tool: str | None, headers: Sequence[str]) -> dict[str, str]:
    """``{canonical column: header}`` for the headers a tool's positional layout gives a meaning to."""
    by_name = {normalise(h): h for h in reversed(headers)}
    return {column: by_name[name] for column, name in tools.layout_columns(tool, list(by_name)).items()}


def _differences(tool: str | None, headers: Sequence[str]) -> dict[str, tuple[str, str]]:
    """``{canonical column: (header, header)}`` a tool's layout computes as a difference of two headers."""
    by_name = {normalise(h): h for h in reversed(headers)}
    return {column: (by_name[a], by_name[b])
            for column, (a, b) in tools.layout_differences(tool, list(by_name)).items()}


KIND_UNSURE = 0.3  # below this confidence the kind is put to the user
_WEAK_KIND = 3.0  # a kind whose whole evidence is this little (a few weak header words) is unsure too


@dataclass(frozen=True)
class Decision:
    """One decision of the import.

    Attributes:
        subject: ``"kind"`` or a canonical column.
        choice: The kind, or the source header taken for the column.
        confidence: 0..1 (see the module).
        runner_up: The next best kind or source header (``None``: nothing else fitted).
        evidence: Why: ``user``, ``tool``, ``evidence`` (kind); ``synonym``, ``words``, ``values``, ``tool``,
            ``user`` (column).
        score: The evidence behind the choice (the kind's score, the column's score).
    """

    subject: str
    choice: str
    confidence: float
    runner_up: str | None
    evidence: str
    score: float


def _kind(found: Detection, user_kind: bool) -> Decision:
    assert found.kind is not None
    others = sorted(((v, k) for k, v in found.scores.items() if k != found.kind and v > 0), reverse=True)
    runner_up = others[0][1] if others else None
    confidence = 1.0 if user_kind else found.confidence
    return Decision("kind", found.kind, confidence, runner_up, "user" if user_kind else found.reason,
                    found.scores.get(found.kind, 0.0))


def _column(column: str, header: str, choice: Choice | None, confirmed: bool) -> Decision:
    if confirmed or choice is None or choice.header != header:
        return Decision(column, header, 1.0, None, "user", 1.0)
    # a tool's declared layout is not weighed against the next candidate (its words or values may be close)
    close = choice.alternative and choice.reason != "tool"
    confidence = choice.score - choice.alternative_score if close else choice.score
    return Decision(column, header, round(max(0.0, min(1.0, confidence)), 3), choice.alternative, choice.reason,
                    choice.score)


def decisions(found: Detection, used: Mapping[str, str], confirmed: set[str], *, user_kind: bool) -> dict[
    str, Decision
]:
    """The kind's decision and each mapped column's, in the mapping's order."""
    made = {"kind": _kind(found, user_kind)}
    for column, header in used.items():
        made[column] = _column(column, header, found.choices.get(column), column in confirmed)
    return made


def unsure(decision: Decision) -> bool:
    """Whether the kind was decided from weak or close evidence (the user should be asked)."""
    if decision.evidence in ("user", "tool"):
        return False
    return decision.confidence < KIND_UNSURE or decision.score < _WEAK_KIND


def header_list(headers: list[str], limit: int = 12) -> str:
    """The headers as ``'a', 'b'`` (+n) for a message."""
    shown = ", ".join(f"'{h}'" for h in headers[:limit])
    return shown + (f" (+{len(headers) - limit})" if len(headers) > limit else "")


def override(detected: Mapping[str, str], overrides: Mapping[str, str | None] | None, kind: Kind,
             headers: list[str], name: str) -> dict[str, str]:
    """The mapping the load uses: the detected one with the user's choices over it (a new dict). A header the user
    gives a column is taken from any other column it was detected for; ``None`` or ``""`` leaves a column out."""
    used = dict(detected)
    for column, header in (overrides or {}).items():
        if column not in SCHEMAS[kind]:
            raise fail("bad_mapping_target", error_code="bad_mapping", column=column, kind=kind,
                       known=", ".join(SCHEMAS[kind]))
        if not header:
            used.pop(column, None)
            continue
        if header not in headers:
            raise fail("bad_mapping_column", error_code="bad_mapping", header=header, column=column, name=name,
                       found=header_list(headers))
        for other, other_header in list(used.items()):
            if other_header == header and other != column:
                del used[other]
        used[column] = header
    return used
