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
HEAD_BYTES = 1 << 20  # a text file larger than this is previewed from its first whole lines only
_BINARY = (b"PK\x03\x04", b"PAR1", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff")


def text_head(data: bytes) -> bytes:
    """The first whole lines (up to ``HEAD_BYTES``) of a large text file: enough for its headers and the sample
    rows, without reading the rest of the file again in the server (the bounded worker has read it all). The file
    itself for a small file, a binary one (xlsx, xls, Parquet, gzip), UTF-16, or a first line longer than that."""
    if len(data) <= HEAD_BYTES or data[:4].startswith(_BINARY):
        return data
    cut = data.rfind(b"\n", 0, HEAD_BYTES)
    return data[:cut + 1] if cut > 0 else data


@dataclass(frozen=True)
class Preview:
    headers: list[str]
    samples: dict[str, str]  # header -> "value, value, value"
    first_rows: pl.DataFrame  # the first rows as text, under the file's headers


def preview(data: bytes, name: str, lang: str = "en") -> Preview | None:
    """The file's headers, sample values and first rows; ``None`` if the file cannot even be split into
    cells (then its error message says why)."""
    try:
        raw = read_table(text_head(data), name, lang=lang)  # type: ignore[arg-type]
    except cxkit.LoadError:
        if len(text_head(data)) == len(data):
            return None
        try:  # the cut fell inside a quoted cell that spans lines: the whole file
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
        raw = read_table(text_head(data), name)
        found = cxkit.detect(raw.headers, preamble=raw.preamble, sample=raw.frame.head(500), kind=kind)  # type: ignore[arg-type]
        return dict(found.mapping)
    except (cxkit.CxkitError, ValueError, TypeError, KeyError, AttributeError):
        return {}
