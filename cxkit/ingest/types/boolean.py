"""Yes/no words in six languages (sí, yes, sim, oui, ja, 1, true...): flags, SLA met or missed, churned."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.candidates import normalise
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types._labels import read_labels

_SLA_INVERTED = ("made sla", "sla cumplido", "within sla", "cumple sla")


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if column_type == "churn_flag":
        # a stray unreadable cell (one of three distinct values) leaves a yes/no flag a flag
        return 1.0 if p.vocab.get("churn", 0) >= 0.6 and p.distinct <= 4 else 0.0
    return 1.0 if p.vocab.get("boolean", 0) + p.vocab.get("sla", 0) >= 0.5 else 0.15


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    if ctx.spec.type == "sla":
        parsed = P.parse_labels(cells, P.SLA_LABELS, dtype=pl.Boolean())
        if normalise(ctx.header) in _SLA_INVERTED:  # "SLA met" says the opposite of "SLA breached"
            parsed.values = ~parsed.values
        return ColumnRead(stored=[(ctx.column, ctx.spec, parsed)])
    labels = P.CHURN_FLAG_LABELS if ctx.spec.type == "churn_flag" else P.BOOLEAN_LABELS
    return read_labels(cells, ctx, labels, pl.Boolean())


register(TypeDef("boolean", ("boolean", "sla", "churn_flag"), parse, fit, raw_for=("boolean", "sla", "churn_flag"),
                 recognise=pl.col("cell").str.to_lowercase().is_in(["yes", "no", "si", "sí", "sim", "não", "nao",
                                                                    "true", "false", "oui", "non", "ja", "nein"]),
                 description="yes/no words"))
