"""What a file holds before it is understood: its headers and a few sample values per column, so that the
user can say which column is which even when cxkit could not detect the kind of the file."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

import cxkit
from cxkit._read import ROW, read_table

SAMPLE_ROWS = 200  # rows looked at for sample values
SAMPLES = 3  # sample values shown per column
FIRST_ROWS = 5


@dataclass(frozen=True)
class Preview:
    headers: list[str]
    samples: dict[str, str]  # header -> "value, value, value"
    first_rows: pl.DataFrame  # the first rows as text, under the file's headers


def preview(data: bytes, name: str, lang: str = "en") -> Preview | None:
    """The file's headers, sample values and first rows; ``None`` if the file cannot even be split into
    cells (then its error message says why)."""
    try:
        raw = read_table(data, name, lang=lang)  # type: ignore[arg-type]
    except cxkit.LoadError:
        return None
    head = raw.frame.head(SAMPLE_ROWS)
    samples: dict[str, str] = {}
    for header in raw.headers:
        if header not in head.columns:
            continue
        values = head[header].cast(pl.String).str.strip_chars().drop_nulls()
        values = values.filter(values != "").unique(maintain_order=True).head(SAMPLES)
        samples[header] = ", ".join(v[:40] for v in values.to_list())
    first = head.drop(ROW, strict=False).head(FIRST_ROWS)
    return Preview(headers=list(raw.headers), samples=samples, first_rows=first)


def guess_mapping(data: bytes, name: str, kind: str) -> dict[str, str]:
    """cxkit's own guess of which header is which column when the kind is known (may be partial)."""
    try:
        raw = read_table(data, name)
        found = cxkit.detect(raw.headers, preamble=raw.preamble, sample=raw.frame.head(500), kind=kind)  # type: ignore[arg-type]
        return dict(found.mapping)
    except (cxkit.CxkitError, ValueError, TypeError, KeyError, AttributeError):
        return {}
