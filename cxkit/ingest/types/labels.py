"""Words from a table of labels: an emotion, an NPS group, a kind of sale, a call's outcome (a yes/no column
whose header says what yes means is an outcome too)."""

from __future__ import annotations

import re

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.candidates import normalise
from cxkit.ingest.issues import Term, issue
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types._labels import read_labels

TABLES: dict[str, dict[str, str | bool | None]] = {
    "emotion": P.EMOTION_LABELS,
    "nps_group": P.NPS_GROUP_LABELS,
    "order_kind": P.ORDER_KIND_LABELS,
    "call_outcome": P.CALL_OUTCOME_LABELS,
}


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if column_type in ("emotion", "nps_group"):
        return 1.0 if p.vocab.get(column_type, 0) >= 0.5 else 0.0
    if column_type == "order_kind":
        return 1.0 if p.vocab.get("order_kind", 0) >= 0.5 else 0.2
    # call_outcome: answered / abandoned, or a yes/no column whose header says which
    return 1.0 if p.vocab.get("call_outcome", 0) >= 0.5 or p.vocab.get("boolean", 0) >= 0.8 else 0.3


def _outcome_from_flag(ctx: Context, result: ColumnRead) -> dict[str, str]:
    """A call log's yes/no column ("Answered (Y/N)", "Abandonada"): its header says what yes means."""
    profile = ctx.profile
    if profile is None or profile.vocab.get("boolean", 0) < 0.8 or profile.vocab.get("call_outcome", 0) >= 0.5:
        return {}
    yes = "abandoned" if re.search(r"abandon|colgad|perdid", normalise(ctx.header)) else "answered"
    no = "answered" if yes == "abandoned" else "abandoned"
    result.issues.append(issue("w_outcome_from_flag", column=ctx.header, yes=Term("outcome", yes),
                               no=Term("outcome", no)))
    return {word: (yes if value else no) for word, value in P.BOOLEAN_LABELS.items() if isinstance(value, bool)}


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    result = ColumnRead()
    labels = TABLES[ctx.spec.type]
    if ctx.spec.type == "call_outcome" and not ctx.labels:
        labels = {**labels, **_outcome_from_flag(ctx, result)}
    return read_labels(cells, ctx, labels, pl.String(), by_words=ctx.spec.type == "call_outcome", result=result)


register(TypeDef("labels", tuple(TABLES), parse, fit, raw_for=tuple(TABLES),
                 description="a word from a table of labels (emotion, NPS group, kind of sale, call outcome)"))
