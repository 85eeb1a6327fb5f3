"""Business hours: a working-week schedule in a time zone with public holidays, and elapsed business minutes
between two timestamps, vectorised (one calendar of days, joined; no Python loop per ticket)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from cxkit._common import Frame, columns_of, lazy, require
from cxkit.errors import MetricError

__all__ = ["Schedule", "business_first_response", "business_minutes", "business_resolution", "with_business_minutes"]

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


def _as_utc(values: pl.Series, data_time_zone: str) -> pl.Series:
    """Instants in UTC: time-zone-aware values are converted; naive ones are read in ``data_time_zone`` (an
    ambiguous autumn time is the first of the two, a time in the skipped spring hour one hour later)."""
    dtype = values.dtype
    if dtype == pl.Date:
        values = values.cast(pl.Datetime(_US))
        dtype = values.dtype
    if not isinstance(dtype, pl.Datetime):
        raise MetricError(f"business minutes need dates and times, got {dtype}")
    if dtype.time_zone is not None:
        return values.dt.convert_time_zone("UTC").dt.cast_time_unit(_US)
    frame = pl.DataFrame({"v": values.dt.cast_time_unit(_US)})
    return frame.select(pl.coalesce(
        pl.col("v").dt.replace_time_zone(data_time_zone, ambiguous="earliest", non_existent="null"),
        (pl.col("v") + pl.duration(hours=1)).dt.replace_time_zone(data_time_zone, ambiguous="earliest",
                                                                   non_existent="null"),
    ).dt.convert_time_zone("UTC"))["v"]


def _local_days(values: pl.Series, utc: pl.Series, schedule: Schedule, zone: str) -> pl.Series:
    """The schedule's local date of each instant (naive values already in the schedule's zone need no
    conversion: their date is their own)."""
    naive = isinstance(values.dtype, pl.Datetime) and values.dtype.time_zone is None
    if values.dtype == pl.Date:
        return values
    if naive and zone == schedule.time_zone:
        return values.dt.date()
    return utc.dt.convert_time_zone(schedule.time_zone).dt.date()


def _worked(series: list[pl.Series], schedule: Schedule, zone: str) -> list[tuple[pl.Series, pl.Series]]:
    """For each series: (instants in UTC, W), W = business minutes from the start of a calendar covering every
    value to the value: the earlier days' minutes plus the part of its own day before it."""
    utcs = [_as_utc(s, zone) for s in series]
    days = [_local_days(s, u, schedule, zone) for s, u in zip(series, utcs, strict=True)]
    lows = [v for d in days if isinstance(v := d.min(), dt.date)]
    highs = [v for d in days if isinstance(v := d.max(), dt.date)]
    if not lows:
        return [(u, pl.Series([None] * u.len(), dtype=pl.Float64)) for u in utcs]
    first = min(lows) - dt.timedelta(days=1)
    last = max(highs) + dt.timedelta(days=1)
    calendar = _calendar(schedule, first, last)
    origin = pl.Series([first], dtype=pl.Date).cast(pl.Int32)[0]
    out = []
    for utc, day in zip(utcs, days, strict=True):
        index = (day.cast(pl.Int32) - origin).cast(pl.UInt32)
        frame = pl.DataFrame({"_t": utc, "_open": calendar["_open"].gather(index),
                              "_close": calendar["_close"].gather(index),
                              "_working": calendar["_working"].gather(index),
                              "_before": calendar["_before"].gather(index)})
        partial = (pl.col("_t").clip(pl.col("_open"), pl.col("_close")) - pl.col("_open")).dt.total_seconds() / 60
        worked = frame.select(pl.col("_before") + pl.when(pl.col("_working")).then(partial).otherwise(0.0))
        out.append((utc, worked.to_series()))
    return out


def _difference(a: tuple[pl.Series, pl.Series], b: tuple[pl.Series, pl.Series]) -> pl.Series:
    frame = pl.DataFrame({"_at": a[0], "_bt": b[0], "_a": a[1], "_b": b[1]})
    return frame.select(pl.when(pl.col("_bt") >= pl.col("_at")).then(pl.col("_b") - pl.col("_a")).otherwise(None)
                        .alias("business_minutes")).to_series()


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
    a, b = _worked([start, end], schedule, data_time_zone or schedule.time_zone)
    return _difference(a, b)


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
    frame = data.collect()
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
    present = [series for _, series in targets if series is not None]
    worked = _worked([created, *present], schedule, data_time_zone or schedule.time_zone)
    later = iter(worked[1:])
    columns = []
    for target, until in targets:
        values = (_difference(worked[0], next(later)) if until is not None
                  else pl.Series([None] * frame.height, dtype=pl.Float64))
        columns.append(values.alias(target))
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
