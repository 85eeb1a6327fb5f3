"""The profile stage of the import: what a column's values look like, measured once per column, so that
detection can weigh evidence from the values as well as from the header.

A profile is taken from a sample of the column's non-empty cells (the first and last ones of a long column).
It says which share of them reads as a number, a date, a time of day, an e-mail address or a known label, the
range of the numbers, how many distinct values there are and how long the texts are. Nothing here decides what
a column means: ``cxkit.ingest.candidates`` and ``cxkit.ingest.decide`` do, from these facts and the header's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

import polars as pl

from cxkit import _parse as P
from cxkit.status_words import status_by_stem

__all__ = ["ColumnProfile", "profile_column", "profile_table"]

SAMPLE = 1500  # non-empty cells looked at per column (head and tail)

# a time of day alone; Excel time cells read as text carry the 1899-12-30/31 epoch date
_TIME_OF_DAY = r"^(1899-12-3[01][ T])?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?\s?[Mm]\.?)?$"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_DATE_SHAPE = (r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|^\d{1,2}(st|nd|rd|th)?[-/ .]+(de\s+)?[^\W\d_]{3,10}"
               r"|^[^\W\d_]{3,10}\.?[ -]\d{1,2}|^\d{8}$|^\d{6}$")
_DATE_ONLY = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[ -][A-Za-z]{3,9}[ -]\d{2,4})$"
_HUMAN_DURATION = r"(?i)^\d+([.,]\d+)?\s*(ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|d|days?|" \
    r"segundos?|minutos?|horas?|dias?|días?)\b"


@dataclass(frozen=True)
class ColumnProfile:
    """Facts about one column's values (shares are of the sampled non-empty cells, 0..1).

    Attributes:
        header: The column's header.
        rows: Rows in the table; ``filled`` the share of them that are non-empty.
        n: Non-empty cells sampled.
        number: Share that reads as a number; ``integer`` as a whole number.
        low, high: Smallest and largest number (``None`` without numbers).
        datetime: Share that reads as a date or timestamp; ``with_time``: share of those with a time of day
            other than midnight; ``date_only``: share written as a date without a time.
        time_of_day: Share written as a clock time alone (``9:05``, ``3:53:50 PM``).
        email: Share of e-mail addresses.
        distinct: Distinct values among the sampled cells; ``unique``: distinct ÷ sampled.
        mean_length: Mean length of the sampled texts; ``spaces``: share of them with a space (words, not codes).
        vocab: For each label table (``status``, ``satisfaction``, ``churn``, ``boolean``, ``emotion``, ...),
            the share of distinct values it knows.
        typed_dates: The spreadsheet stored the cells as dates (Excel/Parquet); ``typed_durations``: as
            durations or times of day.
    """

    header: str
    rows: int
    filled: float
    n: int
    number: float = 0.0
    integer: float = 0.0
    low: float | None = None
    high: float | None = None
    datetime: float = 0.0
    with_time: float = 0.0
    date_only: float = 0.0
    time_of_day: float = 0.0
    duration_words: float = 0.0
    email: float = 0.0
    distinct: int = 0
    unique: float = 0.0
    mean_length: float = 0.0
    spaces: float = 0.0
    vocab: dict[str, float] = field(default_factory=dict)
    typed_dates: bool = False
    typed_durations: bool = False
    examples: tuple[str, ...] = ()
    scale_0_10: float = 0.0
    recognised: dict[str, float] = field(default_factory=dict)  # share of cells each value type recognises

    @property
    def empty(self) -> bool:
        return self.n == 0

    @property
    def is_datetime(self) -> bool:
        return self.typed_dates or (self.n > 0 and self.datetime >= 0.8 and self.number < 0.5)

    @property
    def is_number(self) -> bool:
        return self.n > 0 and self.number >= 0.8 and not self.typed_dates and not self.typed_durations

    @property
    def is_free_text(self) -> bool:
        words = self.mean_length >= 25 and self.spaces >= 0.5
        return self.n > 0 and self.number < 0.5 and self.datetime < 0.5 and words


# the label tables whose coverage of a column is measured
_VOCABULARIES: dict[str, dict[str, str | bool | None]] = {
    "status": P.STATUS_LABELS,
    "satisfaction": P.SATISFACTION_WORDS,
    "churn": P.CHURN_FLAG_LABELS,
    "boolean": P.BOOLEAN_LABELS,
    "emotion": P.EMOTION_LABELS,
    "nps_group": P.NPS_GROUP_LABELS,
    "sla": P.SLA_LABELS,
    "order_kind": P.ORDER_KIND_LABELS,
    "call_outcome": P.CALL_OUTCOME_LABELS,
}


def _sample(cells: pl.Series) -> pl.Series:
    present = cells.drop_nulls()
    if len(present) <= SAMPLE:
        return present
    return present.head(SAMPLE - SAMPLE // 4).append(present.tail(SAMPLE // 4))


def _mean(value: object) -> float:
    return float(cast(float, value)) if value is not None else 0.0


def _typed_kinds(typed: pl.Series | None) -> tuple[bool, bool]:
    """Whether the spreadsheet stored the column as dates, or as times/durations."""
    if typed is None or typed.null_count() >= len(typed):
        return False, False
    dates = typed.dtype == pl.Date or isinstance(typed.dtype, pl.Datetime)
    return dates, typed.dtype == pl.Time or isinstance(typed.dtype, pl.Duration)


def _dates(sample: pl.Series) -> tuple[int, float]:
    """How many cells read as dates written like dates, and the share of those with a time of day.

    A plain number reads as an Excel serial day or epoch too: only text written like a date counts here, and the
    date parser runs only on columns where most cells look like one."""
    looks_dated = sample.str.contains(_DATE_SHAPE)
    if _mean(looks_dated.mean()) < 0.5:
        return 0, 0.0
    dates = P.parse_datetime(sample, cleaned=True).values
    date_like = dates.is_not_null() & looks_dated
    n_dates = int(date_like.sum())
    if not n_dates:
        return 0, 0.0
    kept = dates.filter(date_like)
    return n_dates, _mean(((kept.dt.hour() != 0) | (kept.dt.minute() != 0) | (kept.dt.second() != 0)).mean())


def _vocab(distinct_values: pl.Series) -> dict[str, float]:
    """The share of the distinct values each label table knows (label columns hold few distinct values: the
    vocabularies are only looked up for those)."""
    folded = {value: P.fold(value) for value in distinct_values.to_list()} if len(distinct_values) <= 60 else {}
    vocab: dict[str, float] = {}
    if folded:
        for name, labels in _VOCABULARIES.items():
            vocab[name] = sum(1 for f in folded.values() if f in labels) / len(folded)
        # status words in other languages or shortened (Geschlossen, RESOL, CLSD) count as status words too
        vocab["status"] = sum(1 for f in folded.values() if f in P.STATUS_LABELS or status_by_stem(f)) / len(folded)
    return vocab


def _recognised(sample: pl.Series) -> dict[str, float]:
    """The share of the sample each registered value type recognises (``cxkit.ingest.types``), in one pass."""
    from cxkit.ingest.types import recognisers

    found = recognisers()
    if not found:
        return {}
    shares = pl.DataFrame({"cell": sample}).select(expr.mean().alias(name) for name, expr in found.items())
    return {name: _mean(value) for name, value in shares.row(0, named=True).items()}


def profile_column(cells: pl.Series, *, typed: pl.Series | None = None) -> ColumnProfile:
    """Profile one column of text cells (already cleaned: stripped, "no value" tokens empty)."""
    rows = len(cells)
    sample = _sample(cells)
    n = len(sample)
    typed_dates, typed_durations = _typed_kinds(typed)
    if n == 0:
        return ColumnProfile(cells.name, rows, 0.0, 0, typed_dates=typed_dates, typed_durations=typed_durations)
    numbers = P.parse_number(sample, cleaned=True).values
    n_numbers = n - numbers.null_count()
    whole_mask = (numbers.round(0) == numbers) & numbers.is_not_null()
    n_dates, with_time = _dates(sample)
    distinct_values = sample.unique(maintain_order=True)
    return ColumnProfile(
        header=cells.name,
        rows=rows,
        filled=(rows - cells.null_count()) / rows if rows else 0.0,
        n=n,
        number=n_numbers / n,
        integer=int(whole_mask.sum()) / n,
        low=float(cast(float, numbers.min())) if n_numbers else None,
        high=float(cast(float, numbers.max())) if n_numbers else None,
        datetime=n_dates / n,
        with_time=with_time,
        date_only=_mean(sample.str.contains(_DATE_ONLY).mean()),
        time_of_day=_mean(sample.str.contains(_TIME_OF_DAY).mean()),
        duration_words=_mean(sample.str.contains(_HUMAN_DURATION).mean()),
        email=_mean(sample.str.contains(_EMAIL).mean()),
        distinct=len(distinct_values),
        unique=len(distinct_values) / n,
        mean_length=_mean(sample.str.len_chars().mean()),
        spaces=_mean(sample.str.contains(" ", literal=True).mean()),
        vocab=_vocab(distinct_values),
        typed_dates=typed_dates,
        typed_durations=typed_durations,
        examples=tuple(str(v)[:40] for v in distinct_values.head(3).to_list()),
        scale_0_10=int((whole_mask & (numbers >= 0) & (numbers <= 10)).sum()) / n,
        recognised=_recognised(sample),
    )


def profile_table(frame: pl.DataFrame, headers: list[str], typed: dict[str, pl.Series] | None = None) -> dict[
    str, ColumnProfile
]:
    """Profiles of every column of a raw table (String cells as read)."""
    cleaned = P.clean_frame(_head_and_tail(frame, headers), headers)
    typed = typed or {}
    profiles: dict[str, ColumnProfile] = {}
    for header in headers:
        typed_column = typed.get(header)
        profiles[header] = profile_column(cleaned[header].alias(header), typed=typed_column)
    return profiles


def _head_and_tail(frame: pl.DataFrame, headers: list[str], rows: int = 20_000) -> pl.DataFrame:
    """The rows profiling looks at: all of a small table, the first and last rows of a large one."""
    if frame.height <= 2 * rows:
        return frame.select(headers)
    return pl.concat([frame.select(headers).head(rows), frame.select(headers).tail(rows // 4)])


def looks_like_question(header: str) -> bool:
    """Survey tools use the question as the header: long, often with a question mark."""
    return header.strip().endswith("?") or len(header) > 40 or bool(re.search(r"\b(how|what|why|would|cómo|qué|"
                                                                             r"como|por qué|quão|qual)\b", header,
                                                                             re.IGNORECASE))
