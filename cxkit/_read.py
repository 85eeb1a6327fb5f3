"""Kept for older imports: the read stage now lives in ``cxkit.ingest.read``.

``read_table`` here still takes ``lang``: it is an edge (the app's preview calls it), so its errors are worded in
the user's language here, and nowhere inside the stage.
"""

from __future__ import annotations

from cxkit.errors import LoadError
from cxkit.ingest import read as _stage
from cxkit.ingest.read import (
    DEFAULT_MAX_BYTES,
    MAX_COLUMNS,
    MAX_EXPANDED_BYTES,
    MAX_SHEET_CELLS,
    ROW,
    RawTable,
    sniff_format,
    sniff_separator,
    text_encoding,
    utf8,
)
from cxkit.ingest.words import Lang, render

__all__ = ["DEFAULT_MAX_BYTES", "MAX_COLUMNS", "MAX_EXPANDED_BYTES", "MAX_SHEET_CELLS", "ROW", "RawTable",
           "read_table", "sniff_format", "sniff_separator", "text_encoding", "utf8"]


def read_table(data: bytes, name: str, *, sheet: str | int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               lang: Lang = "en") -> RawTable:
    """``cxkit.ingest.read.read_table``, its error worded in ``lang``."""
    try:
        return _stage.read_table(data, name, sheet=sheet, max_bytes=max_bytes)
    except LoadError as error:
        if error.issue is None or lang == "en":
            raise
        raise LoadError(render(error.issue, lang), code=error.code, issue=error.issue) from None
