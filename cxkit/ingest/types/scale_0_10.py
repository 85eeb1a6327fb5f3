"""The 0–10 "how likely are you to recommend" scale of NPS; a few invalid answers (out of range or fractional)
leave a score column a score column, and are listed."""

from __future__ import annotations

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.profile import ColumnProfile
from cxkit.ingest.types import ColumnRead, Context, TypeDef, register


def fit(p: ColumnProfile, column: str, column_type: str) -> float:
    return 1.0 if p.is_number and p.scale_0_10 >= 0.9 else 0.05


def parse(cells: pl.Series, ctx: Context) -> ColumnRead:
    return ColumnRead(stored=[(ctx.column, ctx.spec, P.parse_nps(cells, cleaned=ctx.cleaned))])


register(TypeDef("scale_0_10", ("nps",), parse, fit, recognise=pl.col("cell").str.contains(r"^(10|[0-9])(\.0)?$"),
                 description="a 0–10 likelihood to recommend"))
