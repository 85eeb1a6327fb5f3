"""Business minutes: hand-worked nights, weekends, holidays and the 2025 daylight-saving changes in Madrid,
a plain-Python day-by-day reference with zoneinfo, the ticket helpers and edges."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from cxkit.business_hours import Schedule, business_minutes
from cxkit.errors import MetricError

D = dt.datetime
MADRID = Schedule(weekdays=(1, 2, 3, 4, 5), opens="09:00", closes="18:00", time_zone="Europe/Madrid", country="ES",
                  subdivision="MD")
ALWAYS = Schedule(weekdays=(1, 2, 3, 4, 5, 6, 7), opens="00:00", closes="24:00", time_zone="Europe/Madrid")


def minutes(start: list[dt.datetime | None], end: list[dt.datetime | None], schedule: Schedule,
            **options: str) -> list[float | None]:
    return business_minutes(pl.Series(start, dtype=pl.Datetime("us")), pl.Series(end, dtype=pl.Datetime("us")),
                            schedule, **options).to_list()


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2025, 3, 4, 10), D(2025, 3, 4, 12, 30), 150),  # inside one Tuesday
    (D(2025, 3, 4, 17), D(2025, 3, 5, 10), 60 + 60),  # across a night
    (D(2025, 3, 4, 7), D(2025, 3, 4, 20), 540),  # before opening to after closing
    (D(2025, 3, 4, 19), D(2025, 3, 5, 8), 0),  # a whole night, closed
    (D(2025, 3, 7, 17, 30), D(2025, 3, 10, 9, 30), 30 + 30),  # across a weekend
    (D(2025, 3, 8, 10), D(2025, 3, 9, 12), 0),  # inside a weekend
    (D(2025, 4, 30, 17), D(2025, 5, 5, 10), 60 + 60),  # Labour Day (Thu 1 May) and Madrid Day (Fri 2 May)
    (D(2025, 4, 16, 17), D(2025, 4, 21, 10), 60 + 60),  # Maundy Thursday (Madrid) and Good Friday
    (D(2025, 3, 28, 17), D(2025, 3, 31, 10), 120),  # the spring change falls on the weekend: no effect
    (D(2025, 10, 24, 17), D(2025, 10, 27, 10), 120),  # the autumn change, same
])
def test_hand_worked_office_hours(start: dt.datetime, end: dt.datetime, expected: float) -> None:
    assert minutes([start], [end], MADRID) == [expected]


def test_holidays_of_the_subdivision_only_with_it() -> None:
    spain = Schedule(country="ES")  # 2 May is a holiday in Madrid, not in all of Spain
    assert minutes([D(2025, 4, 30, 17)], [D(2025, 5, 5, 10)], spain) == [60 + 540 + 60]
    extra = Schedule(extra_holidays=(dt.date(2025, 3, 5),))
    assert minutes([D(2025, 3, 4, 17)], [D(2025, 3, 6, 10)], extra) == [120]


def test_daylight_saving_changes_in_madrid() -> None:
    # 30 March 2025: 02:00 becomes 03:00, so 01:00 → 04:00 local is two real hours
    assert minutes([D(2025, 3, 30, 1)], [D(2025, 3, 30, 4)], ALWAYS) == [120]
    # 26 October 2025: 03:00 goes back to 02:00, so 01:00 → 04:00 local is four real hours
    assert minutes([D(2025, 10, 26, 1)], [D(2025, 10, 26, 4)], ALWAYS) == [240]
    assert minutes([D(2025, 3, 29, 12)], [D(2025, 3, 31, 12)], ALWAYS) == [47 * 60]  # a 23-hour Sunday
    assert minutes([D(2025, 10, 25, 12)], [D(2025, 10, 27, 12)], ALWAYS) == [49 * 60]  # a 25-hour Sunday
    # timestamps in UTC: Friday 17:00 CET is 16:00 UTC, Monday 10:00 CEST is 08:00 UTC
    utc = business_minutes(pl.Series([D(2025, 3, 28, 16)]).dt.replace_time_zone("UTC"),
                           pl.Series([D(2025, 3, 31, 8)]).dt.replace_time_zone("UTC"), MADRID)
    assert utc.to_list() == [120]
    # naive timestamps said to be UTC
    assert minutes([D(2025, 3, 28, 16)], [D(2025, 3, 31, 8)], MADRID, data_time_zone="UTC") == [120]
    # a schedule in another zone: New York opens 9:00 local = 15:00 Madrid (before the US change on 9 March)
    new_york = Schedule(time_zone="America/New_York")
    assert minutes([D(2025, 3, 4, 13)], [D(2025, 3, 4, 17)], new_york, data_time_zone="Europe/Madrid") == [120]
    # between the US change (9 March) and the European one (30 March) the gap is 5 hours: 9:00 = 14:00 Madrid
    assert minutes([D(2025, 3, 18, 13)], [D(2025, 3, 18, 17)], new_york, data_time_zone="Europe/Madrid") == [180]


def plain_minutes(start: dt.datetime, end: dt.datetime, schedule: Schedule, closed: set[dt.date]) -> float:
    """Day by day with zoneinfo: the overlap of [start, end] with each open working day, in real minutes."""
    zone = ZoneInfo(schedule.time_zone)
    a, b = start.replace(tzinfo=zone), end.replace(tzinfo=zone)  # fold=0: the first of an ambiguous time
    a, b = a.astimezone(dt.UTC), b.astimezone(dt.UTC)
    total = 0.0
    day = start.date() - dt.timedelta(days=1)
    while day <= end.date() + dt.timedelta(days=1):
        if day.isoweekday() in schedule.weekdays and day not in closed:
            midnight = dt.datetime.combine(day, dt.time())
            opens = (midnight + schedule.open_offset).replace(tzinfo=zone).astimezone(dt.UTC)
            closes = (midnight + schedule.close_offset).replace(tzinfo=zone).astimezone(dt.UTC)
            overlap = (min(b, closes) - max(a, opens)).total_seconds() / 60
            total += max(overlap, 0.0)
        day += dt.timedelta(days=1)
    return total


def valid_local(moment: dt.datetime) -> bool:
    """Not inside the hour skipped in spring (such a time never appears on a Madrid clock)."""
    zone = ZoneInfo("Europe/Madrid")
    return moment.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == moment


moments = st.integers(0, 60 * 24 * 50).map(lambda m: D(2025, 3, 10) + dt.timedelta(minutes=m)).filter(valid_local)
autumn = st.integers(0, 60 * 24 * 20).map(lambda m: D(2025, 10, 15) + dt.timedelta(minutes=m))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(moments, moments), min_size=1, max_size=20) | st.lists(st.tuples(autumn, autumn),
                                                                                  min_size=1, max_size=20),
       st.sampled_from([MADRID, ALWAYS, Schedule(weekdays=(1, 2, 3, 4, 5, 6), opens="08:30", closes="20:15")]))
def test_against_a_plain_day_by_day_reference(pairs: list[tuple[dt.datetime, dt.datetime]],
                                              schedule: Schedule) -> None:
    starts, ends = [min(p) for p in pairs], [max(p) for p in pairs]
    got = minutes(starts, ends, schedule)
    closed = set(schedule.holidays(2025, 2025))
    for value, a, b in zip(got, starts, ends, strict=True):
        assert value == pytest.approx(plain_minutes(a, b, schedule, closed))
        assert 0 <= value <= (b - a).total_seconds() / 60 + 60  # never more than the clock time (+ the DST hour)


def test_edges() -> None:
    assert minutes([None, D(2025, 3, 5)], [D(2025, 3, 4), None], MADRID) == [None, None]
    assert minutes([D(2025, 3, 5, 12)], [D(2025, 3, 5, 10)], MADRID) == [None]  # ends before it starts
    assert minutes([], [], MADRID) == []
    assert minutes([D(2025, 3, 5, 12)], [D(2025, 3, 5, 12)], MADRID) == [0.0]
    with pytest.raises(MetricError, match="lengths"):
        minutes([D(2025, 3, 5)], [], MADRID)
    with pytest.raises(MetricError, match="time zone"):
        Schedule(time_zone="Madrid")
    with pytest.raises(MetricError, match="after opening"):
        Schedule(opens="18:00", closes="09:00")
    with pytest.raises(MetricError, match="weekdays"):
        Schedule(weekdays=(0, 1))
    with pytest.raises(MetricError, match="holidays"):
        Schedule(country="XX")


def test_ticket_columns_and_metrics_in_business_minutes() -> None:
    tickets = pl.DataFrame({
        "ticket_id": ["1", "2", "3"],
        "created_at": [D(2025, 3, 7, 17, 30), D(2025, 3, 4, 10), D(2025, 3, 4, 11)],
        "first_response_at": [D(2025, 3, 10, 9, 30), D(2025, 3, 4, 10, 20), None],
        "solved_at": [D(2025, 3, 10, 12), D(2025, 3, 5, 10), None],
        "first_response_minutes": [3840.0, 20.0, None], "resolution_minutes": [3990.0, 1440.0, None],
        "status": ["solved", "solved", "open"],
    })
    out = cxkit.with_business_minutes(tickets, schedule=MADRID, sla_minutes=45)
    assert out["first_response_business_minutes"].to_list() == [60.0, 20.0, None]
    assert out["resolution_business_minutes"].to_list() == [30 + 180, 480 + 60, None]
    assert out["sla_breached_business"].to_list() == [True, False, None]
    # without the *_at columns the moments are rebuilt from the minutes
    rebuilt = cxkit.with_business_minutes(tickets.drop("first_response_at", "solved_at"), schedule=MADRID)
    assert rebuilt["first_response_business_minutes"].to_list() == [60.0, 20.0, None]
    frt = cxkit.business_first_response(tickets, schedule=MADRID, sla_minutes=45).row(0, named=True)
    assert (frt["answered"], frt["median_minutes"], frt["sla_breaches"]) == (2, 40.0, 1)
    resolution = cxkit.business_resolution(tickets, schedule=MADRID).row(0, named=True)
    assert resolution["median_minutes"] == pytest.approx((210 + 540) / 2)
    with pytest.raises(MetricError, match="created_at"):
        cxkit.with_business_minutes(tickets.drop("created_at"), schedule=MADRID)
    none = cxkit.with_business_minutes(tickets.select("created_at"), schedule=MADRID)
    assert none["first_response_business_minutes"].null_count() == 3


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(moments, moments), min_size=1, max_size=20), st.sampled_from([MADRID, ALWAYS]))
def test_the_expression_matches_the_series_function(pairs: list[tuple[dt.datetime, dt.datetime]],
                                                    schedule: Schedule) -> None:
    frame = pl.LazyFrame({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]},
                         schema={"a": pl.Datetime("us"), "b": pl.Datetime("us")})
    lazy_result = frame.select(cxkit.business_minutes_expr("a", "b", schedule).alias("m")).collect()["m"]
    eager = frame.collect()
    assert lazy_result.to_list() == pytest.approx(business_minutes(eager["a"], eager["b"], schedule).to_list(),
                                                  nan_ok=True)


def test_the_expression_outside_its_years_and_with_time_zones() -> None:
    frame = pl.DataFrame({"a": [D(1999, 12, 31, 10), D(2025, 3, 28, 8)], "b": [D(2000, 1, 3, 10), D(2025, 3, 28, 10)]})
    out = frame.select(cxkit.business_minutes_expr("a", "b", MADRID, years=(2000, 2030)))
    assert out.to_series().to_list() == [None, 60.0]  # naive Madrid times: 08:00 → 10:00, open from 09:00
    aware = frame.with_columns(pl.col("a", "b").dt.replace_time_zone("UTC"))
    out = aware.select(cxkit.business_minutes_expr("a", "b", MADRID, time_zone_aware=True))
    assert out.to_series().to_list()[1] == 120.0  # 08:00 UTC is 09:00 in Madrid (CET)
    utc_naive = frame.select(cxkit.business_minutes_expr("a", "b", MADRID, data_time_zone="UTC"))
    assert utc_naive.to_series().to_list()[1] == 120.0
