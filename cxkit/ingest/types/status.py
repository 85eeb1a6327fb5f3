"""Status words: open, pending, solved, closed... in six languages, by stem and common abbreviation (``RESOL``,
``CLSD``, ``Fech.``); an unmatched word stays its own text, counted and offered for mapping."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register
from cxkit.ingest.types._labels import read_labels
from cxkit.schema import STATUSES


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    if p.vocab.get("status", 0) >= 0.3:
        return 1.0
    return 0.4 if p.number < 0.5 and p.distinct <= 30 and not p.is_free_text else 0.02


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    return read_labels(cells, ctx, P.STATUS_LABELS, pl.Enum(STATUSES), by_words=True, stems=True)


register(TypeDef("status", ("status",), parse, fit, raw_for=("status",),
                 description="a ticket's status word, read by word, stem and abbreviation"))
