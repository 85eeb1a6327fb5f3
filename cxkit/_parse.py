"""Read text cells as typed values: locale numbers, dates, durations, ratings and labels.

Every parser takes a String series (null for an empty cell) and returns a ``Parsed``: the typed
values, and a mask of the cells that held something that could not be read. Decisions that depend
on the whole column (decimal comma, day-first dates) are made from the evidence in the column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, cast

import polars as pl

from cxkit._excel_time import serial_to_datetime

DateOrder = Literal["day_first", "month_first"]

# Cells that mean "no value": read as empty, not as unreadable.
_NULL_TOKENS = ["", "-", "n/a", "na", "null", "none", "?", "(blank)", "(vacío)", "(vacio)", "nil"]
# Spreadsheet error values (English and Spanish Excel): unreadable, so they are counted.
EXCEL_ERRORS = (
    "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#¡VALOR!", "#¡REF!",
    "#¡DIV/0!", "#¿NOMBRE?", "#¡NUM!", "#¡NULO!", "#SPILL!", "#CALC!",
)

MIN_YEAR, MAX_YEAR = 1950, 2099


@dataclass
class Parsed:
    """Typed values and the mask of cells that could not be read."""

    values: pl.Series
    bad: pl.Series
    notes: dict[str, object] = field(default_factory=dict)


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: ``'  Resuelto '`` → ``'resuelto'``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


_NULL_FOLDED = frozenset(fold(token) for token in _NULL_TOKENS)
_NULL_VARIANTS = sorted({v for t in _NULL_TOKENS for v in (t, t.upper(), t.title(), t.capitalize())})


def clean_frame(frame: pl.DataFrame, columns: list[str]) -> dict[str, pl.Series]:
    """``clean`` for many String columns at once, in passes that polars spreads over the cores.

    Null tokens are looked for in the stripped cells, and replaced only in the columns that have one.
    """
    if not columns:
        return {}
    stripped = frame.lazy().select(pl.col(c).cast(pl.String).str.strip_chars() for c in columns).collect()
    has_token = stripped.select(pl.col(c).is_in(_NULL_VARIANTS).any() for c in columns).row(0)
    with_token = [c for c, flag in zip(columns, has_token, strict=True) if flag]
    if with_token:
        stripped = stripped.with_columns(
            pl.when(pl.col(c).is_in(_NULL_VARIANTS)).then(None).otherwise(pl.col(c)).alias(c) for c in with_token
        )
    return stripped.to_dict()


def clean(raw: pl.Series) -> pl.Series:
    """Strip cells and turn the usual "no value" tokens into nulls (in any common capitalisation)."""
    return clean_frame(raw.to_frame("cells"), ["cells"])["cells"].alias(raw.name)


def _all_good(n: int) -> pl.Series:
    return pl.repeat(False, n, dtype=pl.Boolean, eager=True).alias("bad")


def _bad(raw: pl.Series, values: pl.Series) -> pl.Series:
    return (raw.is_not_null() & values.is_null()).alias("bad")


# ------------------------------------------------------------------------------------------ numbers

_COMMA_DECIMAL = r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$"
_DOT_DECIMAL = r"^[+-]?(\d{1,3}(,\d{3})+|\d+)\.\d+$"
_COMMA_THOUSANDS_ONLY = r"^[+-]?\d{1,3}(,\d{3})+$"
_DOT_THOUSANDS_ONLY = r"^[+-]?\d{1,3}(\.\d{3})+$"


def _strip_number(s: pl.Series) -> pl.Series:
    """Drop currency and percent signs, spaces, a leading apostrophe; (5) is -5."""
    if not bool(s.str.contains(r"[\s\u00a0€$£%'(]").any()):
        return s  # nothing to drop: one scan instead of several copies
    s = s.str.strip_chars(" \u00a0€$£%").str.strip_prefix("'")
    if bool(s.str.contains(r"[\s\u00a0€$£%]").any()):
        s = s.str.replace_all(r"[\s\u00a0€$£%]", "")
    if bool(s.str.starts_with("(").any()):
        s = s.str.replace(r"^\((.*)\)$", "-$1")
    return s


def decimal_comma_evidence(s: pl.Series, *, hint: bool = False) -> bool:
    """Whether a column of numbers uses a decimal comma (``1.234,5``), from the column itself.

    Args:
        s: Cleaned text cells.
        hint: What to assume when the column gives no evidence (e.g. the file uses ``;``).
    """
    comma = int(s.str.contains(_COMMA_DECIMAL).sum())
    dot = int(s.str.contains(_DOT_DECIMAL).sum())
    if comma != dot:
        return comma > dot
    dot_thousands = int(s.str.contains(_DOT_THOUSANDS_ONLY).sum())
    comma_thousands = int(s.str.contains(_COMMA_THOUSANDS_ONLY).sum())
    if dot_thousands != comma_thousands and hint == (dot_thousands > comma_thousands):
        return hint
    return hint


def parse_number(
    raw: pl.Series, *, decimal_comma: bool | None = None, hint: bool = False, cleaned: bool = False
) -> Parsed:
    """Read locale-formatted numbers: ``1.234,50``, ``1,234.50``, ``12,5``, ``€ 30``, ``(5)``.

    NaN, infinities and spreadsheet errors are unreadable (the mask is true), never numbers.
    ``cleaned``: the cells already went through ``clean`` (as every parser's ``cleaned`` option).
    """
    cells = raw if cleaned else clean(raw)
    if (decimal_comma is None and not cells.str.contains(",", literal=True).any()
            and not (hint and cells.str.contains(_DOT_THOUSANDS_ONLY).any())):
        # fast path: plain numbers with a decimal point (nothing that a locale could change)
        direct = cells.cast(pl.Float64, strict=False)
        if bool((direct.is_null() == cells.is_null()).all()):
            values = direct.set(~direct.is_finite().fill_null(True), None)
            return Parsed(values, _bad(cells, values), {"decimal_comma": False})
    s = _strip_number(cells)
    if decimal_comma is None:
        present = s.drop_nulls()
        # the first and last 25,000 numbers are evidence enough, and keep a million-row column fast
        evidence = present if len(present) <= 50_000 else present.head(25_000).append(present.tail(25_000))
        comma = decimal_comma_evidence(evidence, hint=hint)
    else:
        comma = decimal_comma
    thousands = "." if comma else ","
    text = s
    if bool(text.str.contains(thousands, literal=True).any()):
        text = text.str.replace_all(thousands, "", literal=True)
    if comma:
        text = text.str.replace(",", ".", literal=True)
    # polars reads exactly [+-]digits[.digits][e±digits] (and inf/nan, which are not finite): anything else is null
    values = text.cast(pl.Float64, strict=False)
    values = values.set(~values.is_finite().fill_null(True), None)
    return Parsed(values, _bad(s, values), {"decimal_comma": comma})


def parse_integer(raw: pl.Series, *, hint: bool = False, cleaned: bool = False) -> Parsed:
    """Read whole numbers; ``3.0`` is 3, ``2.5`` is unreadable."""
    cells = raw if cleaned else clean(raw)
    number = parse_number(cells, hint=hint, cleaned=True)
    whole = number.values.round(0) == number.values
    values = number.values.set(~whole.fill_null(True), None).cast(pl.Int64, strict=False)
    return Parsed(values, _bad(cells, values), number.notes)


# ------------------------------------------------------------------------------------------ dates

_ISO = (
    r"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})"
    r"(?:[ T](?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_SLASHED = (
    r"^(?<a>\d{1,2})[/.-](?<b>\d{1,2})[/.-](?<y>\d{4}|\d{2})"
    r"(?:,?\s+(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2})(?:[.,]\d+)?)?\s*(?<ampm>[AaPp]\.?\s?[Mm]\.?)?)?"
    r"\s*(?<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_YMD_SLASHED = (r"^(?<y>\d{4})/(?<m>\d{1,2})/(?<d>\d{1,2})(?:\s+(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2}))?"
                r"\s*(?<ampm>[AaPp]\.?\s?[Mm]\.?)?)?\s*(?:(?:GMT|UTC)(?<tz>[+-]\d{1,2}(?::?\d{2})?)?)?$")
_COMPACT = r"^(?<y>(?:19|20)\d{2})(?<m>\d{2})(?<d>\d{2})$"
_YYMMDD = r"^(?<y>[0-9]{2})(?<m>0[1-9]|1[0-2])(?<d>0[1-9]|[12][0-9]|3[01])$"


def _assemble(y: pl.Expr, m: pl.Expr, d: pl.Expr, hh: pl.Expr, mm: pl.Expr, ss: pl.Expr) -> pl.Expr:
    def pad(e: pl.Expr, width: int) -> pl.Expr:
        return e.cast(pl.String).str.zfill(width)

    text = pl.concat_str(
        [pad(y, 4), pl.lit("-"), pad(m, 2), pl.lit("-"), pad(d, 2), pl.lit(" "),
         pad(hh, 2), pl.lit(":"), pad(mm, 2), pl.lit(":"), pad(ss, 2)]
    )
    return text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")


def _int(name: str, default: int = 0) -> pl.Expr:
    return pl.col(name).cast(pl.Int32, strict=False).fill_null(default)


def _is_date_type(dtype: pl.DataType) -> bool:
    return dtype == pl.Date or isinstance(dtype, pl.Datetime)


def parse_datetime(
    raw: pl.Series,
    *,
    day_first: bool | None = None,
    typed: pl.Series | None = None,
    cleaned: bool = False,
) -> Parsed:
    """Read dates and times in the forms exports use, deciding day/month order per column.

    Forms: ISO (``2024-03-05 14:30[:00][Z|+01:00]``), ``dd/mm/yyyy [hh:mm[:ss]]`` with ``/``, ``-``
    or ``.``, US ``m/d/yyyy hh:mm:ss AM/PM``, ``yyyy/mm/dd``, ``yyyymmdd``, Excel serial day numbers
    and Unix epoch seconds or milliseconds; real Excel date cells come in through ``typed``.

    Day/month order is taken from the column: a first part above 12 means day first, a second part
    above 12 month first. When nothing tells them apart, ``day_first`` decides (default: day first,
    or month first when the times use AM/PM) and ``notes["ambiguous"]`` is set so the caller warns.
    Time-zone offsets are dropped: the local clock time is kept (``notes["timezone"]``). Years
    outside 1950–2099 are unreadable.
    """
    s = raw if cleaned else clean(raw)
    fast = _fast_datetime(s, day_first)
    if fast is not None:
        values, notes = fast
        leftover = s.is_not_null() & values.is_null()
        if bool(leftover.any()):
            slow = _slow_datetime(s.filter(leftover), day_first=day_first, order=notes.get("order"))
            values = values.scatter(leftover.arg_true(), slow.values)
            notes.update({k: v for k, v in slow.notes.items() if k not in notes})
    else:
        parsed = _slow_datetime(s, day_first=day_first)
        values, notes = parsed.values, parsed.notes
    if typed is not None and len(typed) == len(values) and _is_date_type(typed.dtype):
        typed_values = typed.cast(pl.Datetime("us"))
        if isinstance(typed.dtype, pl.Datetime) and typed.dtype.time_zone is not None:
            typed_values = typed.dt.replace_time_zone(None).cast(pl.Datetime("us"))
        values = typed_values.fill_null(values)
    out_of_range = (values < datetime(MIN_YEAR, 1, 1)) | (values >= datetime(MAX_YEAR + 1, 1, 1))
    if bool(out_of_range.any()):
        values = values.set(out_of_range.fill_null(False), None)
    return Parsed(values.alias(raw.name), _bad(s, values), notes)


_ISO_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
                "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f")
_DAY_EVIDENCE = r"^(1[3-9]|2\d|3[01])[/.-]\d{1,2}[/.-]"
_MONTH_EVIDENCE = r"^\d{1,2}[/.-](1[3-9]|2\d|3[01])[/.-]"


def _best_format(sample: pl.Series, formats: list[str]) -> str | None:
    """The format that reads most of the sample (at least 90% of it)."""
    best, best_count = None, -1
    for fmt in formats:
        count = int(sample.str.to_datetime(fmt, strict=False, time_unit="us").is_not_null().sum())
        if count > best_count:
            best, best_count = fmt, count
    return best if best is not None and best_count >= 0.9 * len(sample) else None


def _to_datetime(s: pl.Series, fmt: str) -> pl.Series:
    # polars' cache of parsed strings pays off only when values repeat: dates do, timestamps hardly ever
    return s.str.to_datetime(fmt, strict=False, time_unit="us", cache="%H" not in fmt)


def _sample(s: pl.Series) -> pl.Series:
    """Up to 2,000 cells from the start and 500 from the end, without copying the whole column."""
    head, tail = s.head(20_000).drop_nulls().head(2000), s.tail(20_000).drop_nulls().tail(500)
    if len(head) < 2000 and len(s) > 20_000:  # a sparse column: look further
        present = s.drop_nulls()
        head, tail = present.head(2000), present.tail(500)
    return head.append(tail)


def _fast_datetime(s: pl.Series, day_first: bool | None) -> tuple[pl.Series, dict[str, object]] | None:
    """Parse a column that holds one common format with polars' native parser; ``None`` when the column
    needs the general (slower) path. Rows the chosen format cannot read are left null for that path."""
    sample = _sample(s)
    if len(sample) == 0:
        return None
    notes: dict[str, object] = {}
    if bool(sample.str.contains(r"^\d{4}-\d{2}-\d{2}").mean() >= 0.9):  # type: ignore[operator]
        if bool(sample.str.contains(r"(Z|UTC|GMT|[+-]\d{2}:?\d{2})$").any()):
            return None
        best = _best_format(sample, list(_ISO_FORMATS))
        return (_to_datetime(s, best), notes) if best else None
    if not bool(sample.str.contains(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}").mean() >= 0.9):  # type: ignore[operator]
        return None
    if bool(sample.str.contains(r"(?i)[ap]\.?\s?m\.?$").any()) or bool(sample.str.contains(r"[+-]\d{2}:?\d{2}$").any()):
        return None  # AM/PM and offsets: the general path
    separator = sample.str.extract(r"^\d{1,2}([/.-])", 1).drop_nulls()
    sep = separator[0] if len(separator) else "/"
    times = [" %H:%M", " %H:%M:%S", "", " %H:%M:%S%.f"]
    day_fmt = _best_format(sample, [f"%d{sep}%m{sep}%Y{t}" for t in times])
    month_fmt = _best_format(sample, [f"%m{sep}%d{sep}%Y{t}" for t in times])
    expected = len(s) - s.null_count()
    notes["order_example"] = str(sample[0])
    # Read the whole column day first: if every date reads, the parsed days are the evidence (a day above
    # 12 proves day first; none leaves the order open). Otherwise try month first; otherwise the slow path.
    if day_fmt is not None:
        values = _to_datetime(s, day_fmt)
        if len(values) - values.null_count() == expected:
            proven = bool((values.dt.day() > 12).any())
            if proven or day_first is None or day_first:
                if not proven and day_first is None:
                    notes["ambiguous"] = True
                notes["order"] = "day_first"
                return values, notes
            if month_fmt is not None:
                notes["order"] = "month_first"
                return _to_datetime(s, month_fmt), notes
    if month_fmt is not None:
        values = _to_datetime(s, month_fmt)
        if len(values) - values.null_count() == expected:
            notes["order"] = "month_first"
            return values, notes
    return None  # mixed or conflicting evidence: the general path weighs it row by row


def _slow_datetime(s: pl.Series, *, day_first: bool | None, order: object = None) -> Parsed:
    """The general path: every supported form, decided row by row with regular expressions."""
    frame = pl.DataFrame({"s": s})
    iso = frame.select(pl.col("s").str.extract_groups(_ISO)).unnest("s")
    slashed = frame.select(pl.col("s").str.extract_groups(_SLASHED)).unnest("s")
    ymd = frame.select(pl.col("s").str.extract_groups(_YMD_SLASHED)).unnest("s")
    compact = frame.select(pl.col("s").str.extract_groups(_COMPACT)).unnest("s")
    notes: dict[str, object] = {}

    iso_values = iso.select(
        _assemble(_int("y"), _int("m"), _int("d"), _int("H"), _int("M"), _int("S"))
    ).to_series()
    ymd_ampm = pl.col("ampm").str.to_lowercase().str.replace_all(r"[.\s]", "")
    ymd_hour = (pl.when(ymd_ampm == "pm").then(pl.when(_int("H") < 12).then(_int("H") + 12).otherwise(_int("H")))
                .when(ymd_ampm == "am").then(pl.when(_int("H") == 12).then(0).otherwise(_int("H")))
                .otherwise(_int("H")))
    ymd_values = ymd.select(
        _assemble(_int("y"), _int("m"), _int("d"), ymd_hour, _int("M"), _int("S"))
    ).to_series()
    compact_values = compact.select(_assemble(_int("y"), _int("m"), _int("d"), pl.lit(0), pl.lit(0), pl.lit(0)))
    values = iso_values.fill_null(ymd_values).fill_null(compact_values.to_series())
    short = frame.select(pl.col("s").str.extract_groups(_YYMMDD)).unnest("s")
    if bool(short["y"].is_not_null().any()):  # telephony exports: 250304 is 2025-03-04
        short_values = short.select(_assemble(_int("y") + 2000, _int("m"), _int("d"), pl.lit(0), pl.lit(0), pl.lit(0)))
        values = values.fill_null(short_values.to_series())

    has_slashed = slashed["a"].is_not_null()
    if has_slashed.any():
        first = slashed["a"].cast(pl.Int32, strict=False)
        second = slashed["b"].cast(pl.Int32, strict=False)
        first_over = int((first > 12).sum())
        second_over = int((second > 12).sum())
        uses_ampm = bool(slashed["ampm"].is_not_null().any())
        if order in ("day_first", "month_first"):  # decided by the fast path on the whole column
            chosen: DateOrder = "day_first" if order == "day_first" else "month_first"
        elif first_over and not second_over:
            chosen = "day_first"
        elif second_over and not first_over:
            chosen = "month_first"
        elif first_over and second_over:
            chosen = "day_first" if first_over >= second_over else "month_first"
            notes["conflicting_order"] = True
        else:
            if day_first is None:
                chosen = "month_first" if uses_ampm else "day_first"
                notes["ambiguous"] = True
            else:
                chosen = "day_first" if day_first else "month_first"
        notes["order"] = chosen
        notes["order_example"] = str(s.filter(has_slashed)[0])
        day_col, month_col = ("a", "b") if chosen == "day_first" else ("b", "a")
        year = pl.col("y").cast(pl.Int32, strict=False)
        year = pl.when(year < 100).then(pl.when(year < 70).then(year + 2000).otherwise(year + 1900)).otherwise(year)
        hour = _int("H")
        ampm = pl.col("ampm").str.to_lowercase().str.replace_all(r"[.\s]", "")
        hour = (
            pl.when(ampm == "pm").then(pl.when(hour < 12).then(hour + 12).otherwise(hour))
            .when(ampm == "am").then(pl.when(hour == 12).then(0).otherwise(hour))
            .otherwise(hour)
        )
        slashed_values = slashed.select(
            _assemble(year, _int(month_col), _int(day_col), hour, _int("M"), _int("S"))
        ).to_series()
        values = values.fill_null(slashed_values)

    values = values.fill_null(_named_month_dates(s))

    if bool(iso["tz"].is_not_null().any() or slashed["tz"].is_not_null().any() or ymd["tz"].is_not_null().any()):
        notes["timezone"] = True

    # Numbers: Excel serial days or Unix epoch seconds / milliseconds.
    number = s.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    is_plain_number = s.str.contains(r"^\d+([.,]\d+)?$").fill_null(False) & values.is_null()
    if bool(is_plain_number.any()):
        excel = serial_to_datetime(pl.col("n"))  # the one reading of serials (types/excel_serial.py uses it too)
        micros = (
            pl.DataFrame({"n": number})
            .select(
                pl.when(excel.is_not_null()).then(excel.dt.epoch("us").cast(pl.Float64))
                .when((pl.col("n") >= 1e9).and_(pl.col("n") < 1e10)).then(pl.col("n") * 1_000_000)
                .when((pl.col("n") >= 1e12).and_(pl.col("n") < 1e13)).then(pl.col("n") * 1_000)
                .otherwise(None)
            )
            .to_series()
        )
        from_number = micros.cast(pl.Int64, strict=False).cast(pl.Datetime("us"))
        values = values.set(is_plain_number, None).fill_null(from_number.set(~is_plain_number, None))

    return Parsed(values, _bad(s, values), notes)


_TIME_OF_DAY = r"^(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2})(?:[.,]\d+)?)?\s*(?<ampm>[AaPp]\.?\s?[Mm]\.?)?$"


def parse_time_of_day(raw: pl.Series) -> pl.Series:
    """Clock times alone (``9:05``, ``15:30:10``, ``3:53:50 PM``) as polars ``Time`` (null where unreadable)."""
    s = clean(raw) if raw.dtype == pl.String else raw.cast(pl.String)
    s = s.str.replace(r"^1899-12-3[01][ T]", "")  # Excel time cells read as text carry the epoch's date
    parts = s.str.extract_groups(_TIME_OF_DAY)
    hour = parts.struct.field("H").cast(pl.Int32, strict=False)
    minute = parts.struct.field("M").cast(pl.Int32, strict=False)
    second = parts.struct.field("S").cast(pl.Int32, strict=False).fill_null(0)
    ampm = parts.struct.field("ampm").str.to_lowercase().str.replace_all(r"[.\s]", "")
    frame = pl.DataFrame({"h": hour, "m": minute, "s": second, "ap": ampm})
    hour24 = (
        pl.when(pl.col("ap") == "pm").then(pl.when(pl.col("h") < 12).then(pl.col("h") + 12).otherwise(pl.col("h")))
        .when(pl.col("ap") == "am").then(pl.when(pl.col("h") == 12).then(0).otherwise(pl.col("h")))
        .otherwise(pl.col("h"))
    )
    valid = (hour24 < 24) & (pl.col("m") < 60) & (pl.col("s") < 60)
    micros = (hour24.cast(pl.Int64) * 3600 + pl.col("m") * 60 + pl.col("s")) * 1_000_000
    return frame.select(
        pl.when(valid).then(micros * 1000).otherwise(None).cast(pl.Time).alias(raw.name or "time")
    ).to_series()


_TIME_TAIL = r"(?:[ T,]+(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2}))?\s*(?<ampm>[AaPp]\.?\s?[Mm]\.?)?)?$"
_DAY_MONTH_NAME = (r"^(?<d>\d{1,2})(?:st|nd|rd|th)?[-/ .]+(?:de\s+)?(?<mon>[^\W\d_]{3,10})\.?[-/ .,]+(?:de\s+)?"
                   r"(?<y>\d{4}|\d{2})" + _TIME_TAIL)
_MONTH_NAME_DAY = r"^(?<mon>[^\W\d_]{3,10})\.?[ -](?<d>\d{1,2})(?:st|nd|rd|th)?,?[ -](?<y>\d{4})" + _TIME_TAIL


def _named_month_dates(s: pl.Series) -> pl.Series:
    """Dates written with a month name: ``22-Apr-15``, ``5 mar 2024``, ``5 de marzo de 2024``, ``Apr 22, 2015``
    (English, Spanish and Portuguese names), with an optional time."""
    out = pl.repeat(None, len(s), dtype=pl.Datetime("us"), eager=True)
    if not bool(s.str.contains(r"[A-Za-z]").any()):
        return out
    for pattern in (_DAY_MONTH_NAME, _MONTH_NAME_DAY):
        parts = pl.DataFrame({"s": s}).select(pl.col("s").str.extract_groups(pattern)).unnest("s")
        if not bool(parts["mon"].is_not_null().any()):
            continue
        names = parts["mon"].drop_nulls().unique().to_list()
        lookup = {name: _MONTHS.get(fold(name).rstrip(".")) for name in names}
        month = parts["mon"].replace_strict(lookup, default=None, return_dtype=pl.Int32)
        year = pl.col("y").cast(pl.Int32, strict=False)
        year = pl.when(year < 100).then(pl.when(year < 70).then(year + 2000).otherwise(year + 1900)).otherwise(year)
        hour = _int("H")
        ampm = pl.col("ampm").str.to_lowercase().str.replace_all(r"[.\s]", "")
        hour = (pl.when(ampm == "pm").then(pl.when(hour < 12).then(hour + 12).otherwise(hour))
                .when(ampm == "am").then(pl.when(hour == 12).then(0).otherwise(hour)).otherwise(hour))
        found = parts.with_columns(month.alias("month")).select(
            pl.when(pl.col("month").is_not_null()).then(
                _assemble(year, pl.col("month"), _int("d"), hour, _int("M"), _int("S")))
        ).to_series()
        out = out.fill_null(found)
    return out


# -------------------------------------------------------------------------------------- durations

_UNIT_PATTERNS: list[tuple[str, float | None]] = [
    (r"hh:mm(:ss)?", None),
    (r"\b(ms|milliseconds?|milisegundos?)\b", 1 / 60_000),
    # units in en/es/pt/fr/de/it; a one-letter unit is never an elided word (d'attente, l'appel)
    (r"\b(sec|secs|seconds?|segundos?|secondes?|sekunden?|secondi|s)\b(?!['’])", 1 / 60),
    (r"\b(min|mins|minutes?|minutos?|minuten?|minuti|m)\b(?!['’])", 1.0),
    (r"\b(h|hr|hrs|hours?|horas?|heures?|stunden?|ore)\b(?!['’])", 60.0),
    (r"\b(d|days?|dias?|jours?|tage?|giorni)\b(?!['’])", 1440.0),
]

_HUMAN_UNITS: dict[str, float] = {
    "day": 1440, "days": 1440, "dia": 1440, "dias": 1440, "d": 1440,
    "hour": 60, "hours": 60, "hora": 60, "horas": 60, "h": 60, "hr": 60, "hrs": 60,
    "minute": 1, "minutes": 1, "minuto": 1, "minutos": 1, "min": 1, "mins": 1, "m": 1,
    "second": 1 / 60, "seconds": 1 / 60, "segundo": 1 / 60, "segundos": 1 / 60, "s": 1 / 60,
    "sec": 1 / 60, "secs": 1 / 60,
}
_HUMAN = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)")


def duration_unit(header: str) -> float | None:
    """Minutes per unit stated in a header (``'First reply time (hrs)'`` → 60), ``None`` if unstated."""
    folded = fold(header)
    inside = " ".join(re.findall(r"\(([^)]*)\)", folded)) or folded
    for source in (inside, folded):
        for pattern, factor in _UNIT_PATTERNS:
            if re.search(pattern, source):
                return factor if factor is not None else 1.0
    return None


def _human_minutes(text: str | None) -> float | None:
    if text is None:
        return None
    folded = fold(text)
    if folded == "--":
        return 0.0
    parts = _HUMAN.findall(folded)
    if not parts or _HUMAN.sub("", folded).strip(" ,y&and") != "":
        return None
    total = 0.0
    for amount, unit in parts:
        if unit not in _HUMAN_UNITS:
            return None
        total += float(amount.replace(",", ".")) * _HUMAN_UNITS[unit]
    return total


def parse_duration(
    raw: pl.Series,
    *,
    unit_minutes: float | None,
    typed: pl.Series | None = None,
    hint: bool = False,
    cleaned: bool = False,
) -> Parsed:
    """Read durations as minutes.

    ``H:MM:SS`` / ``H:MM`` text is read as clock time whatever the header says (Freshdesk writes
    ``HH:MM:SS`` under "(in hrs)"); plain numbers are multiplied by ``unit_minutes`` (minutes when
    ``None``); text such as ``2 hours 5 minutes`` or ``1 día 3 horas`` is summed, ``--`` is 0.
    Negative durations are unreadable.
    """
    s = raw if cleaned else clean(raw) if raw.dtype == pl.String else raw.cast(pl.String)
    if bool(s.str.contains(":", literal=True).any()):
        clock = s.str.extract_groups(r"^(?<h>\d+):(?<m>\d{1,2})(?::(?<s>\d{1,2}(?:[.,]\d+)?))?$")
        hours = clock.struct.field("h").cast(pl.Float64, strict=False)
        minutes = clock.struct.field("m").cast(pl.Float64, strict=False)
        seconds = clock.struct.field("s").str.replace(",", ".").cast(pl.Float64, strict=False).fill_null(0.0)
        from_clock = hours * 60 + minutes + seconds / 60
        number = parse_number(s.set(from_clock.is_not_null(), None), hint=hint, cleaned=True).values
    else:  # no clock times at all: numbers (or words) only
        from_clock = pl.repeat(None, len(s), dtype=pl.Float64, eager=True).alias(s.name)
        number = parse_number(s, hint=hint, cleaned=True).values
    values = from_clock.fill_null(number * (unit_minutes if unit_minutes is not None else 1.0))
    leftover = s.is_not_null() & values.is_null()
    if bool(leftover.any()):
        texts = s.filter(leftover).unique()
        lookup = {t: _human_minutes(t) for t in texts.to_list()}
        human = s.replace_strict(lookup, default=None, return_dtype=pl.Float64)
        values = values.fill_null(human)
    if typed is not None and isinstance(typed.dtype, pl.Duration) and len(typed) == len(values):
        typed_minutes = typed.dt.total_microseconds().cast(pl.Float64) / 60_000_000
        values = typed_minutes.fill_null(values)
    values = values.set((values < 0).fill_null(False), None)
    return Parsed(values.alias(raw.name), _bad(s, values))


# ---------------------------------------------------------------------------------------- labels


def parse_labels(raw: pl.Series, labels: dict[str, str | bool | None], *, dtype: pl.DataType,
                 by_words: bool = False, stems: Callable[[str], object] | None = None) -> Parsed:
    """Map cells through ``labels`` (keys folded with ``fold``); unknown non-empty cells are unreadable.

    A label mapped to ``None`` means "known, but no value" (e.g. Zendesk's ``Offered``). Each distinct
    cell is looked up once: folding strips and lower-cases it, and "no value" tokens are empty, so the
    cells need no ``clean`` first. ``by_words``: a cell no key matches whole is read by the known words it
    holds (``Pending Customer Response`` → pending), when they all agree. ``stems``: a last reader of a folded
    cell that is still unknown (status words by stem and abbreviation, ``cxkit.status_words``); ``None``: unknown.
    """
    lookup = {value: _label_of(value, labels) for value in raw.unique().drop_nulls().to_list()}
    if by_words:
        for value, label in list(lookup.items()):
            if label is _UNKNOWN:
                lookup[value] = _label_by_words(value, labels)
    if stems is not None:
        for value, label in list(lookup.items()):
            if label is _UNKNOWN and (found := stems(fold(value))) is not None:
                lookup[value] = found
    known = {k: v for k, v in lookup.items() if v is not _UNKNOWN}
    values = raw.replace_strict(known, default=None, return_dtype=dtype)
    unknown = [k for k, v in lookup.items() if v is _UNKNOWN]
    bad = raw.is_in(unknown).fill_null(False) if unknown else _all_good(len(raw))
    return Parsed(values.alias(raw.name), bad.alias("bad"))


def _label_by_words(cell: str, labels: dict[str, str | bool | None]) -> object:
    padded = f" {re.sub(r'[^a-z0-9]+', ' ', fold(cell))} "
    found = {labels[key] for key in labels if len(key) > 2 and f" {key} " in padded}
    return found.pop() if len(found) == 1 else _UNKNOWN


def _label_of(cell: str, labels: dict[str, str | bool | None]) -> object:
    folded = fold(cell)
    return None if folded in _NULL_FOLDED else labels.get(folded, _UNKNOWN)


def parse_category(raw: pl.Series) -> tuple[Parsed, list[str]]:
    """Labels of the export's own (channels, agents, request types) as Categorical, cleaned as ``clean`` does.

    Such a column repeats a few values on every row, so the cleaning is done once per distinct value.
    Returns the values and the distinct cleaned values that look like spreadsheet formulas.
    """
    distinct = raw.unique().drop_nulls()
    cleaned = clean(distinct)
    if bool((cleaned == distinct).fill_null(False).all()):
        values = raw.cast(pl.Categorical)
    else:
        mapping = dict(zip(distinct.to_list(), cleaned.to_list(), strict=True))
        values = raw.replace_strict(mapping, default=None, return_dtype=pl.String).cast(pl.Categorical)
    formulas = cleaned.filter(cleaned.str.contains(FORMULA_CELL).fill_null(False)).to_list()
    return Parsed(values.alias(raw.name), _all_good(len(raw))), formulas


class _Unknown:
    pass


_UNKNOWN: object = _Unknown()

STATUS_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(["new", "nuevo", "nueva", "created", "unassigned", "novo", "nova", "sin asignar",
                     "nao atribuido"], "new"),
    **dict.fromkeys(["aberto", "aberta", "em andamento", "em atendimento", "em progresso", "work in progress",
                     "wip", "reaberto", "in process", "en proceso", "em analise", "en revision", "under review"],
                    "open"),
    **dict.fromkeys(["pendente", "aguardando", "aguardando cliente", "aguardando resposta", "waiting",
                     "awaiting", "waiting for customer", "esperando respuesta", "pendiente del cliente"], "pending"),
    **dict.fromkeys(["fechado", "fechada", "encerrado", "encerrada", "archived", "archivado", "arquivado"],
                    "closed"),
    **dict.fromkeys(["resolvido", "resolvida", "concluido", "concluida", "completed", "complete", "done",
                     "finalizado", "finalizada", "atendido", "atendida", "fixed"], "solved"),
    **dict.fromkeys(
        ["open", "opened", "abierto", "abierta", "active", "activo", "in progress", "en curso",
         "en progreso", "assigned", "asignado", "reopened", "reabierto"], "open"),
    **dict.fromkeys(
        ["pending", "pendiente", "snoozed", "pospuesto", "waiting on customer", "esperando al cliente",
         "waiting on contact", "awaiting customer", "awaiting user info", "awaiting caller"], "pending"),
    **dict.fromkeys(
        ["hold", "on hold", "on-hold", "on_hold", "en espera", "waiting on third party",
         "esperando a terceros", "in espera", "awaiting problem", "awaiting vendor", "awaiting evidence",
         "awaiting change"], "on_hold"),
    **dict.fromkeys(["solved", "resolved", "resuelto", "resuelta", "solucionado", "solucionada"], "solved"),
    **dict.fromkeys(["closed", "cerrado", "cerrada", "spam", "cancelled", "canceled", "cancelado"], "closed"),
}

SATISFACTION_WORDS: dict[str, str | bool | None] = {
    **dict.fromkeys(
        ["good", "great", "satisfied", "satisfecho", "satisfecha", "bueno", "buena", "positive",
         "positivo", "yes", "si", "sí", "true", "happy", "excellent", "excelente", "muy bueno", "very good",
         "👍", "😀", "😃", "😊", "🙂", "😍", "extremely happy", "very happy", "awesome", "muy satisfecho",
         "muy satisfecha", "very satisfied", "extremely satisfied", "muito satisfeito", "muito satisfeita",
         "satisfeito", "satisfeita", "very likely", "extremely likely", "likely", "muy probable", "probable",
         "muito provavel", "provavel", "bom", "boa", "otimo", "otima", "muito bom", "encantado", "encantada",
         "totalmente satisfecho", "completamente satisfecho", "strongly agree", "agree", "de acuerdo",
         "muy de acuerdo", "concordo", "concordo totalmente", "loved it", "me encanto", "adorei"], True),
    **dict.fromkeys(
        ["bad", "not good", "poor", "malo", "mala", "unsatisfied", "dissatisfied", "insatisfecho",
         "insatisfecha", "negative", "negativo", "no", "false", "okay", "ok", "okey", "neutral", "regular",
         "meh", "unhappy", "muy malo", "very bad", "👎", "😐", "🙁", "😞", "😠", "😡", "extremely unhappy",
         "very unhappy", "neither satisfied nor dissatisfied", "very dissatisfied", "extremely dissatisfied",
         "somewhat satisfied", "somewhat dissatisfied", "muy insatisfecho", "muy insatisfecha",
         "ni satisfecho ni insatisfecho", "poco satisfecho", "algo satisfecho", "insatisfeito", "insatisfeita",
         "muito insatisfeito", "muito insatisfeita", "nem satisfeito nem insatisfeito", "pouco satisfeito",
         "unlikely", "very unlikely", "not likely", "neither likely nor unlikely", "poco probable",
         "nada probable", "improbable", "pouco provavel", "improvavel", "ruim", "pessimo", "pessima",
         "terrible", "terrible experience", "horrible", "pesimo", "pesima", "disagree", "strongly disagree",
         "neutral", "en desacuerdo", "discordo", "neither agree nor disagree", "average", "fair", "aceptable",
         "razonable", "medio", "mediocre"], False),
    **dict.fromkeys(
        ["offered", "unoffered", "not offered", "ofrecida", "ofrecido", "no ofrecida", "no ofrecido",
         "sin valorar", "not rated", "sin calificar", "pendiente"], None),
}

EMOTION_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(
        ["positive", "positivo", "positiva", "pos", "happy", "feliz", "contento", "contenta", "joy",
         "alegria", "😀", "😃", "😊", "🙂", "😍", "👍", "delighted", "encantado"], "positive"),
    **dict.fromkeys(["neutral", "neutro", "neutra", "neu", "😐", "meh", "indiferente"], "neutral"),
    **dict.fromkeys(
        ["negative", "negativo", "negativa", "neg", "sad", "triste", "angry", "enfadado", "enfadada",
         "frustrated", "frustrado", "frustrada", "😞", "🙁", "😠", "😡", "👎", "enojado"], "negative"),
}

NPS_GROUP_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(["promoter", "promoters", "promotor", "promotores", "3"], "promoter"),
    **dict.fromkeys(["passive", "passives", "pasivo", "pasivos", "neutral", "neutro", "2"], "passive"),
    **dict.fromkeys(["detractor", "detractors", "detractores", "1"], "detractor"),
}

SLA_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(
        ["sla violated", "violated", "breached", "breach", "incumplido", "sla incumplido", "fuera de sla",
         "sla vencido", "vencido", "yes", "si", "sí", "true", "1", "missed", "overdue", "late", "atrasado",
         "fuera de plazo", "fora do prazo"], True),
    **dict.fromkeys(
        ["within sla", "achieved", "cumplido", "dentro del sla", "dentro de sla", "sla cumplido", "no",
         "false", "0", "met", "ontime", "on time", "in time", "a tiempo", "en plazo", "no prazo", "dentro do prazo"],
        False),
}

BOOLEAN_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(["yes", "y", "si", "sí", "true", "1", "verdadero", "x"], True),
    **dict.fromkeys(["no", "n", "false", "0", "falso"], False),
}

CALL_OUTCOME_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(["answered", "atendida", "atendido", "contestada", "answer", "completed", "handled", "connected",
                     "completada", "ok"], "answered"),
    **dict.fromkeys(["abandoned", "abandonada", "abandon", "hang-up", "hang up", "hangup", "colgada", "missed",
                     "perdida", "no answer", "sin respuesta", "unanswered"], "abandoned"),
    **dict.fromkeys(["voicemail", "voice mail", "buzon", "buzon de voz", "contestador"], "voicemail"),
    **dict.fromkeys(["busy", "ocupado", "failed", "fallida", "congestion", "transferred", "transferida", "other",
                     "otro"], "other"),
}  # fmt: skip

CHURN_FLAG_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(
        ["yes", "y", "si", "sí", "true", "1", "churned", "churn", "cancelled", "canceled", "cancelado", "cancelada",
         "baja", "de baja", "inactive", "inactivo", "inactiva", "lost", "perdido", "perdida", "ended", "exited",
         "unpaid", "incomplete_expired", "attrited customer", "attrited", "churned customer", "left", "cancelou",
         "cancelado", "saiu", "sim"], True),
    **dict.fromkeys(
        ["no", "n", "false", "0", "active", "activo", "activa", "alta", "de alta", "retained", "current", "stayed",
         "trialing", "past_due", "past due", "en prueba", "cliente", "existing customer", "existing",
         "retained customer", "ativo", "ativa", "nao"], False),
}  # fmt: skip

ORDER_KIND_LABELS: dict[str, str | bool | None] = {
    **dict.fromkeys(["upsell", "up-sell", "up sell", "upselling", "venta adicional", "ventas adicionales",
                     "mejora de plan"], "upsell"),
    **dict.fromkeys(["cross-sell", "cross sell", "cross_sell", "crosssell", "cross-selling",
                     "venta cruzada", "ventas cruzadas"], "cross_sell"),
    **dict.fromkeys(["save the sale", "save-the-sale", "save_the_sale", "retention", "retencion",
                     "salvar venta", "salvar la venta", "save", "rescate"], "save_the_sale"),
    **dict.fromkeys(["other", "otro", "otra", "otros", "regular", "normal", "standard"], "other"),
}


def parse_rating(raw: pl.Series, *, hint: bool = False, cleaned: bool = False) -> tuple[Parsed, Parsed, int | None]:
    """Read a satisfaction column that holds numbers (1–5, 1–7, 1–10) and/or words (Good/Bad).

    Returns the numeric score, the ``satisfied`` flag and the scale's top (5, 7 or 10; ``None``
    when the column has only words). ``satisfied`` is top-box: 4–5 of 5, 6–7 of 7, 9–10 of 10.
    Words such as ``Offered`` / ``Not Offered`` mean "not rated" (null in both). Numbers outside
    0–10 and unknown words are unreadable.
    """
    s = raw if cleaned else clean(raw)
    number = parse_number(s, hint=hint, cleaned=True).values
    number = number.set(((number < 0) | (number > 10)).fill_null(False), None)
    words = parse_labels(s.set(number.is_not_null(), None), SATISFACTION_WORDS, dtype=pl.Boolean())
    top: int | None = None
    if number.is_not_null().any():
        max_value = float(cast(float, number.max()))
        top = 5 if max_value <= 5 else 7 if max_value <= 7 else 10
    threshold = {5: 4, 7: 6, 10: 9}.get(top or 5, 4)
    satisfied = (number >= threshold).fill_null(words.values)
    bad = (s.is_not_null() & number.is_null() & words.bad).alias("bad")
    return Parsed(number.alias(raw.name), bad), Parsed(satisfied.alias("satisfied"), bad), top


def parse_nps(raw: pl.Series, *, cleaned: bool = False) -> Parsed:
    """Read 0–10 likelihood-to-recommend scores; anything else (2.5, 11, -1, text) is unreadable."""
    s = raw if cleaned else clean(raw)
    number = parse_number(s, cleaned=True).values
    ok = (number >= 0) & (number <= 10) & (number.round(0) == number)
    values = number.set(~ok.fill_null(True), None).cast(pl.Int8)
    return Parsed(values.alias(raw.name), _bad(s, values))


def parse_id(raw: pl.Series, *, cleaned: bool = False) -> tuple[Parsed, int, str | None]:
    """Read identifiers as text: Shopify's leading apostrophe and Excel's ``123.0`` are undone.

    Returns the parsed ids, the number of ids that Excel turned into scientific notation (digits
    are lost, so they are kept but reported) and one example.
    """
    s = raw if cleaned else clean(raw)
    if bool(s.str.starts_with("'").any()):
        s = s.str.strip_prefix("'")
    if bool(s.str.ends_with(".0").any()):
        s = s.str.replace(r"^(\d+)\.0+$", "$1")
    if bool(s.str.contains("@", literal=True).any()):  # e-mail addresses are case-insensitive keys
        is_email = s.str.contains(r"^[^@\s]+@[^@\s]+\.[^@\s]+$").fill_null(False)
        s = pl.select(pl.when(is_email).then(s.str.to_lowercase()).otherwise(s)).to_series()
    damaged = _all_good(len(s))
    if bool(s.str.contains("E+", literal=True).any()):
        damaged = s.str.contains(r"^\d(\.\d+)?[eE]\+\d+$").fill_null(False)
    n_damaged = int(damaged.sum())
    example = str(s.filter(damaged)[0]) if n_damaged else None
    return Parsed(s.alias(raw.name), _all_good(len(s))), n_damaged, example


def parse_text(raw: pl.Series, *, cleaned: bool = False) -> Parsed:
    """Keep text as it is, without surrounding spaces; "no value" tokens (``?``, ``N/A``, ``-``) are empty."""
    s = raw if cleaned else clean(raw)
    return Parsed(s.alias(raw.name), _all_good(len(s)))


FORMULA_PREFIX = r"^[=+\-@\t\r]"
FORMULA_CELL = FORMULA_PREFIX + r"[A-Za-z(]"  # text a spreadsheet would run: =SUM(, +cmd, @HYPERLINK


_MONTHS: dict[str, int] = {
    **{m: i + 1 for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"])},
    **{m: i + 1 for i, m in enumerate(
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"])},
    **{m: i + 1 for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])},
    **{m: i + 1 for i, m in enumerate(
        ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"])},
    "sept": 9, "setiembre": 9, "set": 9,
    **{m: i + 1 for i, m in enumerate(
        ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
         "novembro", "dezembro"])},
    "fev": 2, "mai": 5, "out": 10, "dez": 12,
}


def _month_of(text: str | None) -> str | None:
    if text is None:
        return None
    folded = fold(text).replace(".", "")
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})", folded)
    if match:
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})[-/](\d{4})", folded):
        year, month = int(match[2]), int(match[1])
    elif match := re.fullmatch(r"([a-z]+)[\s\-/]*(?:de\s+)?(\d{2}|\d{4})", folded):
        if match[1] not in _MONTHS:
            return None
        month, year = _MONTHS[match[1]], int(match[2])
        year = year + 2000 if year < 100 else year
    else:
        return None
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        return None
    return f"{year:04d}-{month:02d}-01"


def parse_month(raw: pl.Series, *, typed: pl.Series | None = None, cleaned: bool = False) -> Parsed:
    """Read calendar months: ``2024-03``, ``03/2024``, ``marzo 2024``, ``Mar-24`` or any full date.

    The value is the first day of the month (a ``Date``).
    """
    s = raw if cleaned else clean(raw)
    lookup = {t: _month_of(t) for t in s.drop_nulls().unique().to_list()}
    named = s.replace_strict(lookup, default=None, return_dtype=pl.String).str.to_date("%Y-%m-%d", strict=False)
    full = parse_datetime(s, typed=typed, cleaned=True).values.dt.truncate("1mo").dt.date()
    values = named.fill_null(full)
    return Parsed(values.alias(raw.name), _bad(s, values))
