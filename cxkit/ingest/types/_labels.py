"""Shared by the label types (status, boolean words, the other label tables): reading cells through a table of
labels, and keeping the words no table knows as written beside the column."""

from __future__ import annotations

from typing import cast

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.issues import Term, issue
from cxkit.ingest.types import ColumnRead, Context


def read_labels(cells: pl.Series, ctx: Context, labels: dict[str, str | bool | None], dtype: pl.DataType, *,
                by_words: bool = False, stems: bool = False, result: ColumnRead | None = None) -> ColumnRead:
    """Cells read through ``labels`` (plus the user's own words for the column); unknown words are listed and
    kept as written in ``<column>_text``."""
    from cxkit.status_words import status_by_stem

    result = result if result is not None else ColumnRead()
    if ctx.labels:
        labels = {**labels, **cast(dict[str, str | bool | None], dict(ctx.labels))}
    parsed = P.parse_labels(cells, labels, dtype=dtype, by_words=by_words, stems=status_by_stem if stems else None)
    if bool(parsed.bad.any()):  # words no table knows: kept as written beside the column, and listed
        unknown = cells.filter(parsed.bad).drop_nulls().unique(maintain_order=True)
        text_column = f"{ctx.column}_text"
        result.columns[text_column] = P.parse_text(cells).values.alias(text_column)
        result.issues.append(issue("w_unknown_labels", column=ctx.header, n=len(unknown),
                                   values=", ".join(f"'{v}'" for v in unknown.head(5).to_list()),
                                   name=Term("column", ctx.column), text_column=text_column))
    result.stored.append((ctx.column, ctx.spec, parsed))
    return result
