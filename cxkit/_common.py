"""Shared plumbing of the metric functions: inputs, periods, segments and checks."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import inspect
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeAlias, TypeVar, get_args

import polars as pl

from cxkit.errors import MetricError, needs_columns

Frame: TypeAlias = pl.DataFrame | pl.LazyFrame
By: TypeAlias = str | Sequence[str]
DateLike: TypeAlias = dt.date | dt.datetime | str
Window: TypeAlias = tuple[DateLike, DateLike]

PERIOD = "period"
DONE_STATUSES = ("solved", "closed")

Engine: TypeAlias = Literal["auto", "streaming", "in-memory"]
ENGINES: tuple[str, ...] = get_args(Engine)
_default_engine: Engine = "auto"
_engine: contextvars.ContextVar[Engine | None] = contextvars.ContextVar("cxkit_engine", default=None)


def _checked_engine(name: str) -> Engine:
    if name not in ENGINES:
        raise MetricError(f"engine must be one of {', '.join(repr(e) for e in ENGINES)}, got {name!r}")
    return name  # type: ignore[return-value]


def set_engine(name: str) -> None:
    """The polars engine every metric collects its query with, for the whole process (e.g. once in a notebook).

    ``"auto"`` (the default) lets polars choose (its streaming engine in polars 2, which falls back to the
    in-memory one for a step it cannot stream); ``"streaming"`` asks for the streaming engine: the query runs in
    batches, so a lazy scan of files larger than memory (``pl.scan_parquet``) is aggregated in bounded memory;
    ``"in-memory"`` runs each step over whole columns. The results are the same with every engine.

    Raises:
        MetricError: An unknown engine name.
    """
    global _default_engine
    _default_engine = _checked_engine(name)


def get_engine() -> Engine:
    """The engine metrics collect with here: the one set by ``using_engine`` around the call, else ``set_engine``'s."""
    return _engine.get() or _default_engine


@contextlib.contextmanager
def using_engine(name: str) -> Iterator[None]:
    """Collect with ``name`` inside the ``with`` block only (this thread or task; ``compute_all`` passes it on)."""
    token = _engine.set(_checked_engine(name))
    try:
        yield
    finally:
        _engine.reset(token)


def lazy(frame: Frame) -> pl.LazyFrame:
    """The frame as a LazyFrame (metrics build one query and collect it once), with NaN in its float columns as
    missing (null): every metric's edge, so a frame that came from pandas answers as one with empty cells."""
    if isinstance(frame, pl.LazyFrame):
        data = frame
    elif isinstance(frame, pl.DataFrame):
        data = frame.lazy()
    else:
        raise MetricError(f"expected a polars DataFrame or LazyFrame, got {type(frame).__name__}")
    floats = [name for name, dtype in data.collect_schema().items() if dtype in (pl.Float32, pl.Float64)]
    return data.with_columns(pl.col(floats).fill_nan(None)) if floats else data


def columns_of(frame: pl.LazyFrame) -> list[str]:
    return frame.collect_schema().names()


def keys(by: By | None) -> list[str]:
    """``by`` as a list of column names (a single name is allowed)."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def require(frame: pl.LazyFrame, *columns: str, metric: str) -> None:
    """Raise a MetricError naming the columns ``metric`` needs and the frame lacks."""
    present = set(columns_of(frame))
    missing = [c for c in columns if c not in present]
    if missing:
        raise needs_columns(
            metric, tuple(missing),
            message=f"{metric} needs the column(s) {', '.join(repr(c) for c in missing)}; "
                    f"the data has {', '.join(repr(c) for c in sorted(present)) or 'no columns'}.")


F = TypeVar("F", bound=Callable[..., Any])


def checks_by(function: F) -> F:
    """Check a metric's ``by=`` columns against its first frame before any work: a column that is not there
    is a ``MetricError`` naming it (never a raw polars ``ColumnNotFoundError`` from deep in the query)."""
    signature = inspect.signature(function)
    parameter = signature.parameters["by"]
    default = parameter.default
    metric = function.__name__.replace("_", " ").capitalize()

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        by = kwargs.get("by", default)
        if by is not inspect.Parameter.empty and by and args:
            if not isinstance(by, str) and not all(isinstance(c, str) for c in by):
                raise MetricError(f"by= takes column names, got {by!r}")
            present = set(columns_of(lazy(args[0])))
            missing = [c for c in keys(by) if c not in present]
            if missing and "by" not in kwargs:  # the metric's own grouping: a column the data must have
                raise needs_columns(metric, tuple(missing), message=f"{metric} needs the column(s) "
                                    f"{', '.join(repr(c) for c in missing)}; the data has "
                                    f"{', '.join(repr(c) for c in sorted(present)) or 'no columns'}.")
            if missing:
                raise MetricError(
                    f"{metric}: cannot group by {', '.join(repr(c) for c in missing)}: no such column; "
                    f"the data has {', '.join(repr(c) for c in sorted(present)) or 'no columns'}."
                )
        return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def to_datetime(value: DateLike) -> dt.datetime:
    """A date, datetime or ISO string as a datetime (dates at midnight)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise MetricError(f"'{value}' is not a date; use YYYY-MM-DD") from None
    raise MetricError(f"{value!r} is not a date")


def window_filter(column: str, window: Window) -> pl.Expr:
    """``start <= column < end`` for a ``(start, end)`` pair."""
    if not isinstance(window, (tuple, list)) or len(window) != 2:
        raise MetricError(f"a period is a (start, end) pair, got {window!r}")
    start, end = to_datetime(window[0]), to_datetime(window[1])
    if end <= start:
        raise MetricError(f"the period ends ({end:%Y-%m-%d}) before it starts ({start:%Y-%m-%d})")
    return (pl.col(column) >= start) & (pl.col(column) < end)


def range_filter(column: str, start: DateLike | None, end: DateLike | None) -> pl.Expr:
    """``start <= column < end`` with either side optional."""
    expr = pl.lit(True)
    if start is not None:
        expr = expr & (pl.col(column) >= to_datetime(start))
    if end is not None:
        expr = expr & (pl.col(column) < to_datetime(end))
    return expr


def period_expr(column: str, every: str) -> pl.Expr:
    """The start date of the ``every`` period (``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``, ``"1y"``)."""
    return period_start(pl.col(column), _interval(every)).alias(PERIOD)


def period_start(value: pl.Expr, interval: str) -> pl.Expr:
    """``value.dt.truncate(interval).dt.date()``, with plain arithmetic for days and months: polars' calendar
    truncation to months takes about 30 ms a million rows, the day-of-month subtraction about half of it."""
    if interval == "1d":
        return value.dt.date()
    if interval == "1mo":
        day = value.dt.date()
        return (day.cast(pl.Int32) - day.dt.day().cast(pl.Int32) + 1).cast(pl.Date)
    return value.dt.truncate(interval).dt.date()


def _interval(every: str) -> str:
    aliases = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}
    interval = aliases.get(every, every)
    try:
        pl.select(pl.lit(dt.datetime(2024, 1, 1)).dt.truncate(interval))
    except (pl.exceptions.PolarsError, ValueError):
        raise MetricError(f"'{every}' is not a period; use e.g. '1d', '1w', '1mo', '1q'") from None
    return interval


def period_starts(first: dt.date, last: dt.date, every: str) -> list[dt.date]:
    """Every period start from the one holding ``first`` to the one holding ``last``."""
    interval = _interval(every)
    start = pl.select(pl.lit(first).cast(pl.Datetime).dt.truncate(interval)).item()
    stop = pl.select(pl.lit(last).cast(pl.Datetime).dt.truncate(interval)).item()
    series = pl.datetime_range(start, stop, interval=interval, eager=True)
    return [d.date() for d in series.to_list()]


def next_period(start: dt.date, every: str) -> dt.date:
    value = pl.select(pl.lit(start).cast(pl.Datetime).dt.offset_by(_interval(every))).item()
    assert isinstance(value, dt.datetime)
    return value.date()


def within(
    frame: pl.LazyFrame, column: str, *, every: str | None, start: DateLike | None, end: DateLike | None
) -> pl.LazyFrame:
    """Rows dated ``start <= column < end`` (either optional), with a ``period`` column when ``every`` is set."""
    if start is not None or end is not None:
        frame = frame.filter(range_filter(column, start, end))
    if every:
        frame = frame.with_columns(period_expr(column, every))
    return frame


def group_keys(by: list[str], every: str | None) -> list[str]:
    return [*by, PERIOD] if every else by


def safe_div(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """``numerator / denominator``, null where the denominator is 0 or null (never a silent 0)."""
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def aggregate(frame: pl.LazyFrame, keys_: list[str], exprs: list[pl.Expr]) -> pl.LazyFrame:
    """``group_by(keys).agg(exprs)`` sorted by the keys; a single row over everything without keys.

    Counts come out as Int64 (polars counts are unsigned, and differences of them must not wrap).
    """
    result = frame.group_by(keys_).agg(exprs).sort(keys_, nulls_last=True) if keys_ else frame.select(exprs)
    return result.with_columns(pl.col(pl.UInt32, pl.UInt64).cast(pl.Int64))


def paid_orders(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Orders that count as revenue: cancellations, refunds and voided orders (``cancelled``, set by the loader
    from a negative total, a cancellation date or such a status) are left out."""
    if "cancelled" in columns_of(frame):
        return frame.filter(~pl.col("cancelled").fill_null(False))
    return frame


def bounded(frame: Frame) -> bool:
    """Whether a metric takes the bounded-memory path: a LazyFrame (a scan of files, perhaps larger than memory)
    collected with the streaming engine (``"auto"`` or ``"streaming"``). A DataFrame is in memory already, and
    ``"in-memory"`` asks for whole-column steps, so both keep polars' one-pass medians."""
    return isinstance(frame, pl.LazyFrame) and get_engine() != "in-memory"


_SPECIAL = 1 << 40  # bucket numbers beyond every finite value's: +inf, then NaN (polars sorts NaN last)


def _with_bucket(frame: pl.LazyFrame, bits: int) -> pl.LazyFrame:
    """``frame`` with ``_b``: a number for the range of values ``_x`` falls in, never decreasing as ``_x`` grows:
    the binary exponent and the first ``bits`` bits of the mantissa (a range of relative width 2^-bits), mirrored
    for negative values. Exact: 2^e is a power of two (checked against the value, so a rounded log2 does no
    harm), and dividing by it and scaling the mantissa round nothing. Steps as columns, each computed once."""
    size = float(1 << bits)
    x, a, e, p = pl.col("_x"), pl.col("_a"), pl.col("_e"), pl.col("_p")
    frame = frame.with_columns(x.abs().alias("_a")).with_columns(a.log(2).floor().alias("_e"))
    frame = frame.with_columns(pl.lit(2.0).pow(e).alias("_p"))
    frame = frame.with_columns(pl.when(p > a).then(e - 1).when(p * 2 <= a).then(e + 1).otherwise(e).alias("_e"))
    # 2^e again from the corrected e (not p / 2: log2 of the largest floats rounds up to 1024, and 2^1024 is inf)
    frame = frame.with_columns(pl.lit(2.0).pow(e).alias("_p"))
    # e >= -1074, so the key is positive (null for 0, inf and NaN, which take their own branches)
    key = ((e + 1100) * size + ((a / p - 1) * size).floor() + 1).cast(pl.Int64, strict=False)
    bucket = (pl.when(x.is_nan()).then(pl.lit(_SPECIAL + 1, pl.Int64))
              .when(x == float("inf")).then(pl.lit(_SPECIAL, pl.Int64))
              .when(x == float("-inf")).then(pl.lit(-_SPECIAL, pl.Int64))
              .when(x > 0).then(key).when(x < 0).then(-key).otherwise(pl.lit(0, pl.Int64)))
    return frame.with_columns(bucket.alias("_b")).drop("_a", "_e", "_p")


def exact_quantiles(frame: pl.LazyFrame, keys_: list[str], column: str, quantiles: dict[str, float]
                    ) -> pl.DataFrame:
    """Per group of ``keys_``, the exact quantiles of ``column`` (nulls left out; linear interpolation, polars'
    ``quantile(q, "linear")``, which for 0.5 is ``median()``), in memory that does not grow with the rows.

    polars' and DuckDB's medians hold every value of a group; at 100M rows that is gigabytes. Here three
    streaming scans keep only small tables: (1) the count of values per group; (2) a histogram per group over
    ranges of values (``_with_bucket``: exponent and leading mantissa bits, finer when groups are large) whose running
    counts tell which range holds the value of each needed rank; (3) only the values in those ranges, sorted to
    read the exact values at those ranks. Returns ``keys_`` and one Float64 column per entry of ``quantiles``
    (null for a group with no values); groups with no values at all are not listed.
    """
    engine = get_engine()
    x = pl.col(column).cast(pl.Float64)
    group = keys_ or ["_all"]
    key_exprs = [pl.col(k) for k in keys_] or [pl.lit(0, pl.Int8).alias("_all")]
    data = frame.select(*key_exprs, x.alias("_x")).filter(pl.col("_x").is_not_null())
    counts = data.group_by(group).agg(pl.len().cast(pl.Int64).alias("_n")).collect(engine=engine)
    if counts.height == 0:
        return pl.DataFrame(schema={**frame.select(keys_).collect_schema(), **dict.fromkeys(quantiles, pl.Float64)})
    total, groups = int(counts["_n"].sum()), counts.height
    # histogram rows ~ groups × 2^bits × exponents, values read back ~ rows ÷ 2^bits: balance the two
    bits = max(2, min(12, round(math.log2(max(total / (8 * groups), 1)) / 2)))
    histogram = (_with_bucket(data, bits).group_by([*group, "_b"])
                 .agg(pl.len().cast(pl.Int64).alias("_c"), pl.col("_x").min().alias("_min"),
                      pl.col("_x").max().alias("_max"))
                 .collect(engine=engine)
                 .sort([*group, "_b"], nulls_last=True)
                 .with_columns((pl.col("_c").cum_sum().over(group) - pl.col("_c")).alias("_start")))
    # ranks needed per group: floor and ceil of q × (n − 1)
    ranks = pl.concat([counts.select(*group, (pl.lit(q) * (pl.col("_n") - 1)).floor().cast(pl.Int64).alias("_r"))
                       for q in quantiles.values()] +
                      [counts.select(*group, (pl.lit(q) * (pl.col("_n") - 1)).ceil().cast(pl.Int64).alias("_r"))
                       for q in quantiles.values()]).unique()
    needed = (ranks.join(histogram, on=group, how="inner", nulls_equal=True)
              .filter((pl.col("_r") >= pl.col("_start")) & (pl.col("_r") < pl.col("_start") + pl.col("_c"))))
    buckets = needed.select(*group, "_b", "_start", "_min", "_max").unique()
    # the values of a range lie between its smallest and largest value (NaN, which compares to nothing, is
    # caught by is_nan): a filter on those intervals, merged, reads back only the few rows near the ranks
    spans = buckets.select(pl.col("_min").fill_nan(None), pl.col("_max").fill_nan(None)).sort("_min", nulls_last=True)
    merged: list[list[float]] = []
    for low, high in spans.iter_rows():
        if low is None:
            continue
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    near = pl.col("_x").is_nan() if spans["_min"].null_count() else pl.lit(False)
    if len(merged) <= 256:
        for low, high in merged:
            near = near | pl.col("_x").is_between(low, high)
    else:
        near = pl.lit(True)
    values = (_with_bucket(data.filter(near), bits)
              .join(buckets.lazy().select(*group, "_b"), on=[*group, "_b"], how="semi", nulls_equal=True)
              .select(*group, "_b", "_x").collect(engine=engine)
              .sort([*group, "_b", "_x"], nulls_last=True)
              .join(buckets, on=[*group, "_b"], how="left", nulls_equal=True)
              .with_columns((pl.col("_start") + pl.int_range(pl.len()).over([*group, "_b"])).alias("_r"))
              .select(*group, "_r", "_x"))
    result = counts.select(*group, "_n")
    for name, q in quantiles.items():
        position = pl.lit(q) * (pl.col("_n") - 1).cast(pl.Float64)
        at = result.with_columns(position.floor().cast(pl.Int64).alias("_lo"), position.ceil().cast(pl.Int64)
                                 .alias("_hi"), (position - position.floor()).alias("_f"))
        at = (at.join(values.rename({"_r": "_lo", "_x": "_vlo"}), on=[*group, "_lo"], how="left", nulls_equal=True)
              .join(values.rename({"_r": "_hi", "_x": "_vhi"}), on=[*group, "_hi"], how="left", nulls_equal=True))
        same = (pl.col("_lo") == pl.col("_hi")) | (pl.col("_vlo") == pl.col("_vhi"))  # as polars: inf, inf is inf
        value = pl.when(same).then(pl.col("_vlo")).otherwise(
            pl.col("_vlo") + (pl.col("_vhi") - pl.col("_vlo")) * pl.col("_f"))
        result = result.join(at.select(*group, value.alias(name)), on=group, how="left", nulls_equal=True)
    return result.drop("_n", *([] if keys_ else ["_all"]))
