"""Business hours: a working-week schedule in a time zone with public holidays, and elapsed business minutes
between two timestamps, vectorised (one calendar of days, joined; no Python loop per ticket)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from cxkit._common import Frame, columns_of, get_engine, lazy, require
from cxkit.errors import MetricError

__all__ = [
    "Schedule",
    "business_first_response",
    "business_minutes",
    "business_minutes_expr",
    "business_resolution",
    "with_business_minutes",
]

_US: Literal["us"] = "us"


def _time(value: dt.time | str, *, closing: bool) -> dt.timedelta:
    """A time of day as the offset from midnight; ``"24:00"`` closes at the end of the day."""
    if isinstance(value, str):
        if closing and value.strip() in ("24:00", "24:00:00"):
            return dt.timedelta(days=1)
        try:
            value = dt.time.fromisoformat(value.strip())
        except ValueError:
            raise MetricError(f"'{value}' is not a time of day; use HH:MM") from None
    return dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)


@dataclass(frozen=True)
class Schedule:
    """When support works: ``weekdays`` (1 = Monday … 7 = Sunday), ``opens``/``closes`` (local times, ``"HH:MM"``
    or ``datetime.time``; ``"24:00"`` for the end of the day), the IANA ``time_zone`` the hours are in, public
    holidays of ``country`` (ISO code, e.g. ``"ES"``) and ``subdivision`` (e.g. ``"MD"`` for Madrid) from the
    ``holidays`` package, and ``extra_holidays`` (dates closed besides those).

    Raises:
        MetricError: An unknown time zone, country or subdivision, closing not after opening, or weekdays
            outside 1..7.
    """

    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)
    opens: dt.time | str = "09:00"
    closes: dt.time | str = "18:00"
    time_zone: str = "Europe/Madrid"
    country: str | None = None
    subdivision: str | None = None
    extra_holidays: tuple[dt.date, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise MetricError(f"'{self.time_zone}' is not an IANA time zone (e.g. 'Europe/Madrid')") from None
        if not self.weekdays or any(d not in range(1, 8) for d in self.weekdays):
            raise MetricError(f"weekdays are 1 (Monday) to 7 (Sunday), got {self.weekdays}")
        if self.open_offset >= self.close_offset:
            raise MetricError(f"closing time {self.closes} must be after opening time {self.opens}")
        if self.country is not None:
            self.holidays(2024, 2024)

    @property
    def open_offset(self) -> dt.timedelta:
        return _time(self.opens, closing=False)

    @property
    def close_offset(self) -> dt.timedelta:
        return _time(self.closes, closing=True)

    def holidays(self, first_year: int, last_year: int) -> list[dt.date]:
        """Closed dates from ``first_year`` to ``last_year``: the country's (and subdivision's) public
        holidays and the extra ones."""
        days = set(self.extra_holidays)
        if self.country is not None:
            import holidays

            try:
                found = holidays.country_holidays(self.country, subdiv=self.subdivision,
                                                  years=range(first_year, last_year + 1))
            except NotImplementedError:
                raise MetricError(f"no public holidays known for country '{self.country}'") from None
            except Exception as error:  # the package raises a plain error for an unknown subdivision
                raise MetricError(f"public holidays of {self.country}/{self.subdivision}: {error}") from None
            days |= set(found.keys())
        return sorted(days)


def _calendar(schedule: Schedule, first: dt.date, last: dt.date) -> pl.DataFrame:
    """One row per local date: ``_day``, the opening and closing instants (UTC) and ``_before``, the business
    minutes of all earlier days of the calendar."""
    closed = schedule.holidays(first.year, last.year)
    zone = schedule.time_zone
    days = pl.DataFrame({"_day": pl.date_range(first, last, "1d", eager=True)})
    midnight = pl.col("_day").cast(pl.Datetime(_US))

    def instant(offset: dt.timedelta) -> pl.Expr:
        local = midnight + pl.lit(offset)
        # a local time that does not exist (the hour skipped in spring) is read one hour later
        return pl.coalesce(
            local.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null"),
            (local + pl.duration(hours=1)).dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null"),
        ).dt.convert_time_zone("UTC")

    working = pl.col("_day").dt.weekday().is_in(list(schedule.weekdays)) & ~pl.col("_day").is_in(
        pl.lit(pl.Series(closed, dtype=pl.Date)).implode())
    return (days.with_columns(instant(schedule.open_offset).alias("_open"), instant(schedule.close_offset)
                              .alias("_close"), working.alias("_working"))
            .with_columns(pl.when(pl.col("_working")).then((pl.col("_close") - pl.col("_open")).dt.total_seconds()
                                                             / 60).otherwise(0.0).alias("_minutes"))
            .with_columns((pl.col("_minutes").cum_sum() - pl.col("_minutes")).alias("_before")))


def _utc_expr(value: pl.Expr, zone: str, aware: bool) -> pl.Expr:
    """Instants in UTC: time-zone-aware values are converted; naive ones are read in ``zone`` (an ambiguous
    autumn time is the first of the two, a time in the skipped spring hour one hour later)."""
    if aware:
        return value.dt.convert_time_zone("UTC").dt.cast_time_unit(_US)
    value = value.cast(pl.Datetime(_US))
    return pl.coalesce(
        value.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null"),
        (value + pl.duration(hours=1)).dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null"),
    ).dt.convert_time_zone("UTC")


def _worked_expr(value: pl.Expr, schedule: Schedule, zone: str, aware: bool, calendar: pl.DataFrame,
                 first: dt.date) -> tuple[pl.Expr, pl.Expr]:
    """(instant in UTC, W): W = business minutes from the calendar's first day to the value, the earlier days'
    minutes plus the part of its own day before it, looked up by position in the calendar (one row a day).
    Null outside the calendar."""
    utc = _utc_expr(value, zone, aware)
    if not aware and zone == schedule.time_zone:
        day = value.cast(pl.Datetime(_US)).dt.date()  # local wall-clock values: their date is their own
    else:
        day = utc.dt.convert_time_zone(schedule.time_zone).dt.date()
    origin = (first - dt.date(1970, 1, 1)).days
    index = day.cast(pl.Int32) - origin
    index = pl.when(index.is_between(0, calendar.height - 1)).then(index).otherwise(None)

    def looked_up(column: str) -> pl.Expr:
        return pl.lit(calendar[column]).gather(index)

    opens, closes = looked_up("_open"), looked_up("_close")
    partial = (utc.clip(opens, closes) - opens).dt.total_seconds() / 60
    worked = looked_up("_before") + pl.when(looked_up("_working")).then(partial).otherwise(0.0)
    return utc, worked


def _between(start: pl.Expr, end: pl.Expr, schedule: Schedule, zone: str, aware: tuple[bool, bool],
             calendar: pl.DataFrame, first: dt.date) -> pl.Expr:
    a_utc, a = _worked_expr(start, schedule, zone, aware[0], calendar, first)
    b_utc, b = _worked_expr(end, schedule, zone, aware[1], calendar, first)
    return pl.when(b_utc >= a_utc).then(b - a).otherwise(None)


def _is_aware(series: pl.Series) -> bool:
    if series.dtype == pl.Date or series.dtype == pl.Null:
        return False
    if not isinstance(series.dtype, pl.Datetime):
        raise MetricError(f"business minutes need dates and times, got {series.dtype}")
    return series.dtype.time_zone is not None


def _local_bounds(series: list[pl.Series], schedule: Schedule, zone: str) -> tuple[dt.date, dt.date] | None:
    """First and last local date (schedule's zone) over the values, with a day's margin either side (only each
    series' smallest and largest value is converted: the conversion keeps the order)."""
    days = []
    for values in series:
        ends = pl.DataFrame({"v": values}).select(pl.col("v").min().append(pl.col("v").max()))
        local = ends.select(_utc_expr(pl.col("v"), zone, _is_aware(values)).dt.convert_time_zone(
            schedule.time_zone).dt.date().alias("d"))["d"]
        days += [d for d in local.to_list() if isinstance(d, dt.date)]
    if not days:
        return None
    return min(days) - dt.timedelta(days=1), max(days) + dt.timedelta(days=1)


def _minutes_of(pairs: list[tuple[pl.Series, pl.Series]], schedule: Schedule, zone: str) -> list[pl.Series]:
    """Business minutes of each (start, end) pair of series, over one calendar covering them all; a series in
    several pairs is placed once."""
    distinct: dict[int, pl.Series] = {}
    for pair in pairs:
        for values in pair:
            distinct.setdefault(id(values), values)
    bounds = _local_bounds(list(distinct.values()), schedule, zone)
    if bounds is None:
        return [pl.Series("business_minutes", [None] * a.len(), dtype=pl.Float64) for a, _ in pairs]
    calendar = _calendar(schedule, *bounds)
    frame = pl.DataFrame({f"s{key}": values for key, values in distinct.items()})
    placed = frame.select(*(expr.alias(f"{name}_{part}") for key, values in distinct.items()
                            for name in [f"s{key}"]
                            for part, expr in zip(("utc", "w"), _worked_expr(
                                pl.col(name), schedule, zone, _is_aware(values), calendar, bounds[0]), strict=True)))
    out = []
    for a, b in pairs:
        ka, kb = f"s{id(a)}", f"s{id(b)}"
        out.append(placed.select(pl.when(pl.col(f"{kb}_utc") >= pl.col(f"{ka}_utc"))
                                 .then(pl.col(f"{kb}_w") - pl.col(f"{ka}_w")).otherwise(None)
                                 .cast(pl.Float64).alias("business_minutes")).to_series())
    return out


def business_minutes_expr(
    start: str | pl.Expr,
    end: str | pl.Expr,
    schedule: Schedule,
    *,
    data_time_zone: str | None = None,
    time_zone_aware: bool = False,
    years: tuple[int, int] = (2000, 2040),
) -> pl.Expr:
    """``business_minutes`` as a polars expression, for lazy queries: ``frame.with_columns(business_minutes_expr(
    "created_at", "solved_at", schedule).alias("resolution_business_minutes"))``.

    The calendar covers ``years`` (inclusive; values outside give null). Naive values are read in
    ``data_time_zone`` (default: the schedule's zone); set ``time_zone_aware`` when both columns carry a time
    zone (an expression does not know its column's type).
    """
    calendar = _calendar(schedule, dt.date(years[0], 1, 1), dt.date(years[1], 12, 31))
    first = dt.date(years[0], 1, 1)
    a = pl.col(start) if isinstance(start, str) else start
    b = pl.col(end) if isinstance(end, str) else end
    zone = data_time_zone or schedule.time_zone
    return _between(a, b, schedule, zone, (time_zone_aware, time_zone_aware), calendar, first).cast(pl.Float64)


def business_minutes(
    start: pl.Series,
    end: pl.Series,
    schedule: Schedule,
    *,
    data_time_zone: str | None = None,
) -> pl.Series:
    """Business minutes from each ``start`` to its ``end``: the real minutes elapsed inside the schedule's opening
    hours on working days that are not holidays (Zendesk's business-hours metrics).

    Opening hours are local times in ``schedule.time_zone``; they are turned into instants day by day, so a
    daylight-saving change inside the hours counts the real time (a 00:00–24:00 day lasts 23 or 25 hours).
    Naive timestamps are read in ``data_time_zone`` (default: the schedule's zone, i.e. local wall-clock
    times); time-zone-aware ones are converted. Computed as W(end) − W(start), W(t) = business minutes of the
    earlier days of a calendar (one row a day) plus the part of t's day before t, looked up by position: no
    loop per row.

    Returns a Float64 series named ``business_minutes``; null where either side is null or ``end`` is before
    ``start``. Empty input gives an empty series.

    Raises:
        MetricError: Series of different lengths or values that are not dates and times.
    """
    if start.len() != end.len():
        raise MetricError(f"start and end have different lengths ({start.len()} and {end.len()})")
    return _minutes_of([(start, end)], schedule, data_time_zone or schedule.time_zone)[0]


def with_business_minutes(
    tickets: Frame,
    *,
    schedule: Schedule,
    sla_minutes: float | None = None,
    data_time_zone: str | None = None,
) -> pl.DataFrame:
    """The tickets with ``first_response_business_minutes`` (created to first reply) and
    ``resolution_business_minutes`` (created to solved), and with ``sla_minutes``,
    ``sla_breached_business`` (first reply after more than that many business minutes; null without a reply).

    The first reply is ``first_response_at`` or, without it, ``created_at`` + ``first_response_minutes``;
    solving is ``solved_at`` or ``created_at`` + ``resolution_minutes``. Columns missing from the data give
    null columns.

    Raises:
        MetricError: No ``created_at`` column, or a non-positive target.
    """
    data = lazy(tickets)
    require(data, "created_at", metric="Business minutes")
    if sla_minutes is not None and sla_minutes <= 0:
        raise MetricError(f"the SLA target must be a positive number of minutes, got {sla_minutes}")
    names = columns_of(data)
    frame = data.collect(engine=get_engine())
    created = frame["created_at"]

    def moment(at: str, minutes: str) -> pl.Series | None:
        if at in names:
            return frame[at]
        if minutes in names:
            return frame.select(pl.col("created_at") + pl.duration(
                microseconds=(pl.col(minutes).cast(pl.Float64) * 60_000_000).round(0).cast(pl.Int64)))["created_at"]
        return None

    targets = [("first_response_business_minutes", moment("first_response_at", "first_response_minutes")),
               ("resolution_business_minutes", moment("solved_at", "resolution_minutes"))]
    present = [(created, until) for _, until in targets if until is not None]
    computed = iter(_minutes_of(present, schedule, data_time_zone or schedule.time_zone))
    columns = [(next(computed) if until is not None else pl.Series([None] * frame.height, dtype=pl.Float64))
               .alias(target) for target, until in targets]
    result = frame.with_columns(columns)
    if sla_minutes is not None:
        result = result.with_columns((pl.col("first_response_business_minutes") > sla_minutes)
                                     .alias("sla_breached_business"))
    return result


def business_first_response(tickets: Frame, *, schedule: Schedule, data_time_zone: str | None = None,
                            **options: object) -> pl.DataFrame:
    """``cxkit.first_response`` counted in business minutes: the first response times are replaced by
    ``first_response_business_minutes`` (see ``with_business_minutes``); ``options`` go to ``first_response``
    (``sla_minutes`` is then a target in business minutes)."""
    from cxkit.service import first_response

    frame = with_business_minutes(tickets, schedule=schedule, data_time_zone=data_time_zone)
    frame = frame.with_columns(pl.col("first_response_business_minutes").alias("first_response_minutes"))
    return first_response(frame, **options)  # type: ignore[arg-type]


def business_resolution(tickets: Frame, *, schedule: Schedule, data_time_zone: str | None = None,
                        **options: object) -> pl.DataFrame:
    """``cxkit.resolution`` counted in business minutes (``resolution_business_minutes`` as the resolution
    time); ``options`` go to ``resolution``."""
    from cxkit.service import resolution

    frame = with_business_minutes(tickets, schedule=schedule, data_time_zone=data_time_zone)
    frame = frame.with_columns(pl.col("resolution_business_minutes").alias("resolution_minutes"))
    return resolution(frame, **options)  # type: ignore[arg-type]
