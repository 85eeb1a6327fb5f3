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

__all__ = ["clock_cells", "is_clock_column", "serial_to_datetime"]

_DAY_ZERO = (date(1899, 12, 30), date(1899, 12, 31))
_EPOCH_SERIAL = 25_569  # 1970-01-01 as an Excel serial day (days since 1899-12-30)
_LAST_SERIAL = 2_958_466  # 10000-01-01: Excel's serials run from 1 (1900-01-01) to 9999-12-31


def serial_to_datetime(days: pl.Expr) -> pl.Expr:
    """Excel serial days (days since 1899-12-30, the fraction the time of day: ``45366.59375`` is 2024-03-15
    14:15) as a timestamp; null outside Excel's range of serials (1 to 9999-12-31).

    The time is rounded to the second: a sheet exported to CSV writes a serial in Excel's General format, ten
    significant digits (``45366.59375``, five decimals: 0.86 s), so a whole second is all a serial can tell."""
    number = days.cast(pl.Float64, strict=False)
    seconds = ((number - _EPOCH_SERIAL) * 86_400).round(0).cast(pl.Int64, strict=False)
    in_range = (number >= 1) & (number < _LAST_SERIAL)
    return pl.from_epoch(pl.when(in_range).then(seconds), time_unit="s")


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
