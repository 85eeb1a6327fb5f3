"""Whether a text table's first row is its headers or its first record.

Phone systems and some exporters write no header row. Headers are words; a record's cells are values. The first
row is data when most of its cells look like the values below them (shaped like values, a number, a date, a time,
an e-mail address, as the cells below are, or a text its column holds again below): then the table gets generated
headers (``column 1``, ``column 2``...) and its columns are told apart by their values, unless it fits a tool's
declared layout (``cxkit.tools.Layout``).
"""

from __future__ import annotations

import polars as pl

__all__ = ["SHAPES", "first_row_is_data", "generated_headers"]

SHAPES = {
    "number": r"^[-+]?\d+([.,]\d+)?$",
    "date": r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?",
    "time": r"^\d{1,2}:\d{2}(:\d{2})?$",
    "email": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
}
_YEAR = r"^(19|20)\d{2}$"  # a bare year is a common header of a report's columns


def _shape(cell: str | None) -> str | None:
    if cell is None or not cell.strip():
        return None
    text = cell.strip()
    value = pl.Series([text])
    if bool(value.str.contains(_YEAR).item()):
        return None
    return next((name for name, pattern in SHAPES.items() if bool(value.str.contains(pattern).item())), None)


def first_row_is_data(frame: pl.DataFrame, sample_rows: int = 200) -> bool:
    """Whether the first row of ``frame`` (String cells, no headers yet) is a record: at least two of its cells,
    and most of its non-empty ones, look like the values below them (shaped like values, the column's next cells
    sharing the shape, or a text the column holds again below: a header does not recur among its values), and
    at least two are shaped like values."""
    if frame.height < 3:
        return False
    first = frame.row(0)
    filled = [i for i, cell in enumerate(first) if cell is not None and str(cell).strip()]
    shaped = {i: shape for i in filled if (shape := _shape(str(first[i]))) is not None}
    if len(shaped) < 2:
        return False
    below = frame.slice(1, sample_rows)
    for i, shape in shaped.items():
        cells = below.to_series(i).drop_nulls().str.strip_chars()
        cells = cells.filter(cells != "")  # a quoted empty cell is empty, not another shape
        if len(cells) == 0 or int(cells.str.contains(SHAPES[shape]).sum()) < 0.8 * len(cells):
            return False
    recurring = [i for i in filled if i not in shaped
                 and bool(below.to_series(i).cast(pl.String).str.strip_chars().eq(str(first[i]).strip()).any())]
    return 2 * (len(shaped) + len(recurring)) > len(filled)


def generated_headers(width: int) -> list[str]:
    return [f"column {i + 1}" for i in range(width)]
