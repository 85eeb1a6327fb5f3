"""Excel time-of-day and duration cells.

Excel stores a time of day (``09:12:58``) or a duration (``0:02:23``) as a fraction of a day, with no date. A
reader gives such a cell as a timestamp on Excel's day zero: 1899-12-30 or 1899-12-31 depending on the reader.
A column whose every timestamp falls on those two days holds clock times or durations, never dates: it is read
as the time since that day's midnight (a polars ``Duration``), and its text as ``H:MM:SS``, which the time-of-day
and duration parsers already read.
"""

from __future__ import annotations

from datetime import date

import polars as pl

__all__ = ["clock_cells", "is_clock_column"]

_DAY_ZERO = (date(1899, 12, 30), date(1899, 12, 31))


def is_clock_column(series: pl.Series) -> bool:
    """Whether a typed date column holds only Excel day-zero timestamps (clock times or durations)."""
    if not isinstance(series.dtype, pl.Datetime) and series.dtype != pl.Date:
        return False
    present = series.drop_nulls()
    if len(present) == 0:
        return False
    days = present.dt.date()
    return bool(days.is_in(list(_DAY_ZERO)).all())


def clock_cells(series: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The day-zero timestamps as durations since their midnight, and as ``HH:MM:SS`` text."""
    midnight = series.dt.truncate("1d")
    duration = (series - midnight).alias(series.name)
    seconds = duration.dt.total_seconds()
    frame = pl.DataFrame({"s": seconds})
    text = frame.select(
        pl.when(pl.col("s").is_not_null()).then(pl.format(
            "{}:{}:{}",
            (pl.col("s") // 3600).cast(pl.String).str.zfill(2),
            ((pl.col("s") % 3600) // 60).cast(pl.String).str.zfill(2),
            (pl.col("s") % 60).cast(pl.String).str.zfill(2)))
    ).to_series().alias(series.name)
    return duration, text
