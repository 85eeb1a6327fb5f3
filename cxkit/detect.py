"""Recognise which tool wrote an export, what kind of data it holds and which column is which."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from cxkit._parse import fold
from cxkit.schema import KINDS, SCHEMAS, Kind

__all__ = ["Detection", "detect", "detect_tool", "normalise", "propose_mapping"]


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


@dataclass(frozen=True)
class _ToolRule:
    tool: str
    kind: Kind
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()


_TOOL_RULES: tuple[_ToolRule, ...] = (
    _ToolRule("hubspot", "tickets", all_of=("ticket name", "pipeline")),
    _ToolRule("hubspot", "tickets", all_of=("ticket name", "ticket owner")),
    _ToolRule("zendesk", "tickets", all_of=("summation column", "requester id")),
    _ToolRule("zendesk", "tickets", all_of=("first reply time in minutes", "requester")),
    _ToolRule("zendesk", "tickets", all_of=("ticket id",), any_of=(
        "ticket status", "ticket created timestamp", "ticket created date", "ticket satisfaction rating",
        "ticket channel")),
    _ToolRule("zendesk", "tickets", all_of=("id del ticket",), any_of=(
        "estado del ticket", "ticket creado marca de tiempo", "nombre del agente asignado")),
    _ToolRule("freshdesk", "tickets", all_of=("agent interactions", "customer interactions")),
    _ToolRule("freshdesk", "tickets", all_of=("interacciones del agente", "interacciones del cliente")),
    _ToolRule("freshdesk", "tickets", all_of=("first response time", "resolution status", "created time")),
    _ToolRule("freshdesk", "tickets", all_of=("hora de creacion", "estado de resolucion")),
    _ToolRule("intercom", "responses", all_of=("conversation id", "conversation rating")),
    _ToolRule("intercom", "tickets", all_of=("conversation id",), any_of=(
        "conversation started at", "conversation created at", "teammate currently assigned")),
    _ToolRule("chatwoot", "responses", all_of=("agent name", "rating", "feedback comment")),
    _ToolRule("chatwoot", "responses", all_of=("nombre del agente", "calificacion", "comentario de opinion")),
    _ToolRule("helpscout", "tickets", all_of=("conversation number",), any_of=("rating", "happiness rating")),
    _ToolRule("typeform", "responses", all_of=("#", "submit date")),
    _ToolRule("surveymonkey", "responses", all_of=("respondent id", "collector id")),
    _ToolRule("qualtrics", "responses", all_of=("response id", "recorded date")),
    _ToolRule("stripe", "customers", all_of=("customer id",), any_of=("canceled at", "ended at",
                                                                       "current period end")),
    _ToolRule("stripe", "customers", all_of=("id", "created"), any_of=("email", "delinquent")),
    _ToolRule("shopify", "customers", all_of=("total spent", "total orders")),
    _ToolRule("shopify", "orders", all_of=("financial status",), any_of=("lineitem name", "total", "name")),
)


def detect_tool(headers: Sequence[str], preamble: str = "", sample: pl.DataFrame | None = None) -> tuple[
    str | None, Kind | None
]:
    """The tool that wrote an export and the kind it implies, from headers, a report title and values."""
    names = {normalise(h) for h in headers}
    if re.search(r"reporting period|reportando el periodo", preamble, re.IGNORECASE):
        return "chatwoot", "responses" if {"rating", "calificacion"} & names else None
    for rule in _TOOL_RULES:
        if all(n in names for n in rule.all_of) and (not rule.any_of or any(n in names for n in rule.any_of)):
            if rule.tool == "stripe" and not any(re.search(r"\((utc|metadata)\)", h, re.I) for h in headers):
                continue
            return rule.tool, rule.kind
    if sample is not None:
        for header in headers:
            if header not in sample.columns or sample[header].dtype != pl.String:
                continue
            values = {fold(v) for v in sample[header].drop_nulls().head(500).to_list()}
            if values and values <= {"great", "okay", "not good"}:
                return "helpscout", None
    return None, None


def _nps_pairs(headers: Sequence[str]) -> tuple[str | None, str | None]:
    """Qualtrics names the NPS question ``Qn`` and its group ``Qn_NPS_GROUP``."""
    for header in headers:
        if header.upper().endswith("_NPS_GROUP"):
            base = header[: -len("_NPS_GROUP")]
            return (base if base in headers else None), header
    return None, None


def propose_mapping(headers: Sequence[str], kind: Kind) -> dict[str, str]:
    """Best guess of ``{canonical column: source header}`` for ``kind``.

    Exact synonyms win over words contained in a header; earlier synonyms over later ones; a source
    header is used once.
    """
    norm = {h: normalise(h) for h in headers}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    if kind == "responses":
        score, group = _nps_pairs(headers)
        if score:
            mapping["nps_score"] = score
            used.add(score)
        if group:
            mapping["nps_group"] = group
            used.add(group)
    for column, spec in SCHEMAS[kind].items():
        if column in mapping:
            continue
        for synonym in spec.synonyms:
            match = next((h for h in headers if norm[h] == synonym and h not in used), None)
            if match is not None:
                mapping[column] = match
                used.add(match)
                break
    for column, spec in SCHEMAS[kind].items():
        if column in mapping or not spec.contains:
            continue
        match = next((h for h in headers if h not in used and any(w in norm[h] for w in spec.contains)), None)
        if match is not None:
            mapping[column] = match
            used.add(match)
    if kind == "responses" and "comment" not in mapping:
        text = next((h for h in headers if h.upper().endswith("_TEXT") and h not in used), None)
        if text:
            mapping["comment"] = text
    return mapping


_SPECIFICITY: dict[str, int] = {}
for _kind in KINDS:
    for _spec in SCHEMAS[_kind].values():
        for _syn in _spec.synonyms:
            _SPECIFICITY[_syn] = _SPECIFICITY.get(_syn, 0) + 1


def _score(headers: Sequence[str], kind: Kind, mapping: dict[str, str]) -> float:
    if any(spec.required and name not in mapping for name, spec in SCHEMAS[kind].items()):
        return 0.0
    if kind == "responses" and not {"nps_score", "nps_group", "csat_score", "emotion"} & mapping.keys():
        return 0.0
    if kind == "calls" and "wait_seconds" not in mapping:
        return 0.0
    total = 0.0
    for column, header in mapping.items():
        spec = SCHEMAS[kind][column]
        shared = max(1, _SPECIFICITY.get(normalise(header), 1))
        total += (2.0 if spec.required else 1.0) / shared
    return total


@dataclass(frozen=True)
class Detection:
    """What ``detect`` found: the kind, the tool (or ``None``) and the proposed mapping."""

    kind: Kind | None
    tool: str | None
    mapping: dict[str, str]
    scores: dict[Kind, float]


def detect(
    headers: Sequence[str], *, preamble: str = "", sample: pl.DataFrame | None = None, kind: Kind | None = None
) -> Detection:
    """Detect tool, kind and mapping from the headers (and a sample of values for some tools)."""
    tool, tool_kind = detect_tool(headers, preamble, sample)
    mappings = {k: propose_mapping(headers, k) for k in KINDS}
    scores = {k: _score(headers, k, mappings[k]) for k in KINDS}
    chosen: Kind | None = kind
    if chosen is None and tool_kind is not None and scores[tool_kind] > 0:
        chosen = tool_kind
    if chosen is None:
        best = max(KINDS, key=lambda k: scores[k])
        chosen = best if scores[best] > 0 else None
    return Detection(chosen, tool, mappings[chosen] if chosen else {}, scores)
