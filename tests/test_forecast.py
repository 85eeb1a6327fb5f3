"""Contact forecast, its rolling-origin backtest and the staffing plan from it (cxkit.forecast, issue #23)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

import cxkit
from cxkit import forecast as fc
from cxkit.errors import MetricError

WEEKLY = np.array([1.0, 0.95, 0.9, 0.92, 0.85, 0.4, 0.25])  # Monday .. Sunday


def daily(hour: np.ndarray) -> np.ndarray:
    """A morning peak at 11:00 and an afternoon one at 16:00 (the same curve for every day)."""
    return np.exp(-((hour - 11) ** 2) / 12) + 0.6 * np.exp(-((hour - 16) ** 2) / 6) + 0.05


def expected(starts: list[dt.datetime], *, level: float = 30.0) -> np.ndarray:
    hours = np.array([s.hour + s.minute / 60 for s in starts], dtype=float)
    weekdays = np.array([s.weekday() for s in starts])
    return level * daily(hours) * WEEKLY[weekdays]


def calls_from(counts: np.ndarray, starts: list[dt.datetime]) -> pl.DataFrame:
    """One row per contact: ``counts[i]`` calls starting 5 minutes into interval i."""
    return (pl.DataFrame({"started_at": [s + dt.timedelta(minutes=5) for s in starts],
                          "n": counts.astype(np.int64)})
            .select(pl.col("started_at").repeat_by("n")).explode("started_at").drop_nulls())


def hourly(first: dt.datetime, days: int) -> list[dt.datetime]:
    return [first + dt.timedelta(hours=i) for i in range(days * 24)]


@pytest.fixture(scope="module")
def generated() -> tuple[pl.DataFrame, list[dt.datetime]]:
    """Twelve weeks of hourly calls with known weekday and hour shapes (Poisson), at least one an hour so every
    truncation of the table ends on its last hour."""
    starts = hourly(dt.datetime(2025, 1, 6), 84)
    counts = np.maximum(np.random.default_rng(7).poisson(expected(starts)), 1)
    return calls_from(counts, starts), starts


def test_the_forecast_recovers_the_weekly_and_daily_shape(generated: tuple[pl.DataFrame, list[dt.datetime]]) -> None:
    calls, _ = generated
    result = fc.forecast_contacts(calls, weeks=2)
    assert result.method == "mstl_ets" and result.reasons == ()
    frame = result.frame
    assert frame.height == 2 * 7 * 24 and set(frame["method"]) == {"mstl_ets"}
    assert frame["start"][0] == calls["started_at"].max().replace(minute=0) + dt.timedelta(hours=1)  # type: ignore[union-attr]
    truth = expected(frame["start"].to_list())
    likely = frame["likely"].to_numpy()
    assert np.corrcoef(likely, truth)[0, 1] > 0.97
    assert np.mean(np.abs(likely - truth)) < 0.15 * truth.mean()
    # busiest and quietest weekday and hour as generated
    by_day = frame.group_by(pl.col("start").dt.weekday()).agg(pl.col("likely").sum()).sort("likely")
    assert (by_day["start"][0], by_day["start"][-1]) == (7, 1)
    by_hour = frame.group_by(pl.col("start").dt.hour()).agg(pl.col("likely").sum()).sort("likely")
    assert by_hour["start"][-1] in (10, 11, 12) and by_hour["start"][0] in range(6)  # peak 11:00, night low
    ordered = frame.select((pl.col("lower_95") <= pl.col("lower_80")) & (pl.col("lower_80") <= pl.col("likely"))
                           & (pl.col("likely") <= pl.col("upper_80")) & (pl.col("upper_80") <= pl.col("upper_95")))
    assert ordered.to_series().all()
    assert (frame["lower_95"] >= 0).all()


def test_half_hour_intervals_and_both_tickets_and_calls(generated: tuple[pl.DataFrame, list[dt.datetime]]) -> None:
    calls, _ = generated
    tickets = calls.select(pl.col("started_at").alias("created_at"))
    both = fc.contact_series([calls, tickets], interval_minutes=30)
    alone = fc.contact_series(calls, interval_minutes=30)
    assert both["contacts"].sum() == 2 * calls.height == 2 * alone["contacts"].sum()
    result = fc.forecast_contacts([calls, tickets], weeks=1, interval_minutes=30)
    assert result.interval_minutes == 30 and result.frame.height == 7 * 48


def independent_backtest(calls: pl.DataFrame, *, folds: int, week: int) -> dict[str, float]:
    """The backtest computed plainly: for each origin, forecast_contacts on the calls before it, errors and
    coverage by hand."""
    series = fc.contact_series(calls)
    values = series["contacts"].to_list()
    starts = series["start"].to_list()
    n = len(values)
    mases, inside80, inside95, total = [], 0, 0, 0
    for k in range(folds, 0, -1):
        origin = n - k * week
        train = values[:origin]
        before = calls.filter(pl.col("started_at") < starts[origin])
        ahead = fc.forecast_contacts(before, weeks=1).frame
        assert ahead["start"][0] == starts[origin]
        errors = [abs(values[origin + i] - ahead["likely"][i]) for i in range(week)]
        diffs = [abs(train[t] - train[t - week]) for t in range(week, len(train))]
        mases.append((sum(errors) / week) / (sum(diffs) / len(diffs)))
        for i in range(week):
            actual = values[origin + i]
            inside80 += ahead["lower_80"][i] <= actual <= ahead["upper_80"][i]
            inside95 += ahead["lower_95"][i] <= actual <= ahead["upper_95"][i]
            total += 1
    return {"mase": sum(mases) / len(mases), "coverage_80": inside80 / total, "coverage_95": inside95 / total}


def test_the_backtest_matches_an_independent_computation(generated: tuple[pl.DataFrame, list[dt.datetime]]) -> None:
    calls, _ = generated
    result = fc.backtest(calls, folds=3)
    plain = independent_backtest(calls, folds=3, week=168)
    assert result.reason is None and result.folds.height == 3 and result.horizon == 168
    assert result.mase == pytest.approx(plain["mase"], rel=1e-9)
    assert result.coverage_80 == pytest.approx(plain["coverage_80"])
    assert result.coverage_95 == pytest.approx(plain["coverage_95"])
    # on a series with this much structure the model beats copying last week, and its 80 % interval holds
    # roughly 80 % of the actual values
    assert result.mase is not None and result.naive_mase is not None and result.mase < result.naive_mase
    assert 0.65 < result.coverage_80 < 0.95  # type: ignore[operator]


def test_short_data_falls_back_to_seasonal_naive_and_says_so() -> None:
    starts = hourly(dt.datetime(2025, 3, 3), 10)
    calls = calls_from(np.maximum(np.random.default_rng(1).poisson(expected(starts)), 1), starts)
    result = fc.forecast_contacts(calls, weeks=1)
    assert result.method == "seasonal_naive_week" and "short_history" in result.reasons
    assert set(result.frame["method"]) == {"seasonal_naive_week"}
    # the same hour a week earlier, exactly
    series = fc.contact_series(calls)
    last_week = series.filter(pl.col("start") > series["start"].max() - dt.timedelta(days=7))  # type: ignore[operator]
    assert result.frame["likely"].to_list() == last_week["contacts"].cast(pl.Float64).to_list()
    tested = fc.backtest(calls, folds=1)
    assert tested.reason is None and tested.folds["method"].to_list() == ["seasonal_naive_day"]
    with pytest.raises(MetricError, match="two days"):
        fc.forecast_contacts(calls.head(3), weeks=1)
    few = fc.forecast_contacts(calls_from(np.ones(24 * 21), hourly(dt.datetime(2025, 3, 3), 21))
                               .gather_every(6), weeks=1)
    assert few.method == "seasonal_naive_week" and few.reasons == ("few_contacts",)


def test_dates_without_times_forecast_per_day_and_plan_nothing() -> None:
    days = [dt.datetime(2025, 1, 1) + dt.timedelta(days=i) for i in range(42)]
    counts = np.array([40 if d.weekday() < 5 else 10 for d in days])
    calls = calls_from(counts, days).with_columns(pl.col("started_at").dt.truncate("1d"))
    result = fc.forecast_contacts(calls, weeks=2)
    assert result.interval_minutes == 1440 and "no_time_of_day" in result.reasons and result.frame.height == 14
    weekdays = result.frame.filter(pl.col("start").dt.weekday() < 6)["likely"]
    weekends = result.frame.filter(pl.col("start").dt.weekday() >= 6)["likely"]
    assert weekdays.min() > weekends.max()  # type: ignore[operator]
    with pytest.raises(MetricError, match="per day"):
        fc.staffing_plan(result, handle_seconds=300)
    # with a table that has hours beside it, both are counted per day (no pile of dates at 00:00)
    hours = calls_from(np.full(24 * 42, 2), hourly(dt.datetime(2025, 1, 1), 42))
    both = fc.forecast_contacts([calls, hours], weeks=1)
    assert both.interval_minutes == 1440 and "no_time_of_day" in both.reasons
    assert both.history["contacts"].sum() == calls.height + hours.height


def test_public_holidays_are_learnt_from_the_past_and_applied_ahead() -> None:
    """Spain: Good Friday (18 April 2025) in the history at 30 % of a normal day; Labour Day (1 May) ahead."""
    starts = hourly(dt.datetime(2025, 2, 3), 84)  # to Sunday 27 April
    rate = expected(starts, level=40.0)
    holiday = np.array([s.date() == dt.date(2025, 4, 18) for s in starts])
    counts = np.maximum(np.random.default_rng(3).poisson(np.where(holiday, 0.3 * rate, rate)), 1)
    calls = calls_from(counts, starts)
    plain = fc.forecast_contacts(calls, weeks=1)
    spain = fc.forecast_contacts(calls, weeks=1, country="ES")
    assert "holidays_from_history" in spain.reasons and plain.holiday_factor is None
    assert spain.holiday_factor == pytest.approx(0.3, abs=0.08)
    may_day = spain.frame.filter(pl.col("start").dt.date() == dt.date(2025, 5, 1))
    assert may_day.height == 24 and may_day["holiday"].is_not_null().all()
    thursday = plain.frame.filter(pl.col("start").dt.date() == dt.date(2025, 5, 1))
    assert may_day["likely"].sum() == pytest.approx(0.3 * thursday["likely"].sum(), rel=0.35)
    other = spain.frame.filter(pl.col("start").dt.date() == dt.date(2025, 4, 30))
    assert other["holiday"].is_null().all() and other["likely"].sum() > 2 * may_day["likely"].sum()
    with pytest.raises(MetricError, match="country"):
        fc.forecast_contacts(calls, weeks=1, country="XX")
    assert "ES" in fc.holiday_countries() and "MD" in fc.holiday_countries()["ES"]


def erlang_c_by_hand(agents: int, traffic: float) -> float:
    """The textbook Erlang C: (Aⁿ/n!·n/(n−A)) ÷ (Σ_{k<n} Aᵏ/k! + Aⁿ/n!·n/(n−A))."""
    top = traffic ** agents / math.factorial(agents) * agents / (agents - traffic)
    return top / (sum(traffic ** k / math.factorial(k) for k in range(agents)) + top)


def test_the_staffing_plan_equals_erlang_c_on_a_hand_worked_interval() -> None:
    """100 calls in half an hour, 180 s each: A = 100 × 180 ÷ 1800 = 10 Erlangs. 80 % in 20 s needs the
    fewest n with 1 − C(n, A)·e^(−(n − A)·20 ÷ 180) ≥ 0.8: n = 11 gives 1 − 0.6821·e^(−1/9) = 0.389, n = 12
    gives 1 − 0.4494·e^(−2/9) = 0.640, n = 13 gives 1 − 0.2853·e^(−1/3) = 0.796, n = 14 gives
    1 − 0.1741·e^(−4/9) = 0.888: 14 agents. At the upper bound, 120 calls: A = 12, 16 agents."""
    frame = pl.DataFrame({
        "start": [dt.datetime(2026, 1, 5, 10, 0)], "likely": [100.0], "lower_80": [85.0], "upper_80": [120.0],
        "lower_95": [80.0], "upper_95": [130.0], "holiday": pl.Series([None], dtype=pl.String),
        "method": ["mstl_ets"]})
    forecast = fc.Forecast(frame=frame, history=pl.DataFrame(), method="mstl_ets", reasons=(), interval_minutes=30,
                           holiday_factor=None, country=None, subdivision=None)
    plan = fc.staffing_plan(forecast, handle_seconds=180, target_level=0.8, target_seconds=20)
    row = plan.row(0, named=True)

    def level(n: int, traffic: float) -> float:
        return 1 - erlang_c_by_hand(n, traffic) * math.exp(-(n - traffic) * 20 / 180)

    needed = next(n for n in range(11, 40) if level(n, 10.0) >= 0.8)
    assert needed == 14 and row["agents_likely"] == 14
    assert row["service_level_likely"] == pytest.approx(level(14, 10.0), rel=1e-9)
    assert row["agents_upper"] == next(n for n in range(13, 40) if level(n, 12.0) >= 0.8) == 16
    assert (row["weekday"], row["hour"], row["minute"], row["model"]) == (1, 10, 0, "erlang_c")
    assert fc.staffing_plan(forecast, handle_seconds=180, bound=95)["agents_upper"][0] > 16
    with_patience = fc.staffing_plan(forecast, handle_seconds=180, patience_seconds=120)
    assert with_patience["model"][0] == "erlang_a" and with_patience["agents_likely"][0] <= 14


def test_plan_week_cost_and_the_team_seen() -> None:
    # two Mondays: 09:00 with agents a and b the first week, a alone the second; 10:00 a once
    calls = pl.DataFrame({
        "started_at": [dt.datetime(2025, 6, 2, 9, 5), dt.datetime(2025, 6, 2, 9, 40), dt.datetime(2025, 6, 2, 9, 50),
                       dt.datetime(2025, 6, 9, 9, 10), dt.datetime(2025, 6, 9, 10, 10)],
        "agent": ["a", "b", "a", "a", "a"]})
    team = fc.team_seen(calls, weeks=2)
    monday = team.filter(pl.col("weekday") == 1).select("hour", "days", "agents")
    assert monday.filter(pl.col("hour") == 9).row(0) == (9, 2, 1.5)
    assert monday.filter(pl.col("hour") == 10).row(0) == (10, 2, 0.5)
    assert team["agents"].sum() == 2.0 and team.height == 7 * 24
    plan = pl.DataFrame({"weekday": [1, 1, 1, 1], "hour": [9, 10, 9, 10], "minute": [0, 0, 0, 0],
                         "interval_minutes": [60] * 4, "contacts": [10.0, 4.0, 12.0, 6.0],
                         "contacts_upper": [14.0, 6.0, 15.0, 8.0], "agents_likely": [3, 2, 5, 2],
                         "agents_upper": [4, 3, 6, 3]})
    week = fc.plan_week(plan)
    assert week.select("hour", "agents_likely", "agents_upper").rows() == [(9, 4.0, 5.0), (10, 2.0, 3.0)]
    cost = fc.plan_cost(week, agent_cost_month=3000, shrinkage=0.25, hours_per_agent_week=30, team=team)
    # likely: 6 agent hours a week ÷ 0.75 = 8 scheduled hours ÷ 30 = 0.2667 FTE; team: 2 hours → 0.0889 FTE
    assert cost.fte_likely == pytest.approx(6 / 0.75 / 30)
    assert cost.fte_upper == pytest.approx(8 / 0.75 / 30)
    assert cost.monthly_cost_likely == pytest.approx(3000 * 6 / 0.75 / 30)
    assert cost.team_fte == pytest.approx(2 / 0.75 / 30)
    assert cost.gap_fte_likely == pytest.approx((6 - 2) / 0.75 / 30)
    assert cost.gap_cost_upper == pytest.approx(3000 * (8 - 2) / 0.75 / 30)
    assert fc.plan_cost(week, agent_cost_month=3000).team_fte is None
    with pytest.raises(MetricError, match="agent"):
        fc.team_seen(calls.drop("agent"))


def test_plan_inputs_take_handle_time_and_patience_from_calls() -> None:
    calls = pl.DataFrame({"started_at": [dt.datetime(2025, 1, 6, 9)] * 4,
                          "outcome": ["answered", "answered", "abandoned", "abandoned"],
                          "wait_seconds": [10.0, 30.0, 20.0, 60.0], "talk_seconds": [100.0, 200.0, None, None]})
    found = fc.plan_inputs(calls)
    assert (found.handle_seconds, found.handle_source) == (150.0, "data")
    # θ = 2 abandoned ÷ (10 + 30 + 20 + 60) s → mean patience 60 s
    assert found.patience_seconds == pytest.approx(60.0) and found.patience_reason == "patience_estimated"
    given = fc.plan_inputs(calls.drop("talk_seconds"), handle_seconds=90, model="erlang_c")
    assert (given.handle_seconds, given.handle_source, given.patience_seconds) == (90.0, "given", None)
    assert fc.plan_inputs(calls.drop("talk_seconds")).handle_source == "missing"


def test_bad_options_say_what_is_wrong(generated: tuple[pl.DataFrame, list[dt.datetime]]) -> None:
    calls, _ = generated
    for call, match in [(lambda: fc.forecast_contacts(calls, weeks=9), "weeks"),
                        (lambda: fc.forecast_contacts(calls, interval_minutes=15), "interval"),
                        (lambda: fc.backtest(calls, folds=0), "folds"),
                        (lambda: fc.forecast_contacts(pl.DataFrame({"x": [1]})), "created_at")]:
        with pytest.raises(MetricError, match=match):
            call()
    assert cxkit.forecast_contacts is fc.forecast_contacts


def test_two_years_of_data_add_the_yearly_pattern() -> None:
    """Two years and a month of hourly calls whose level swings ±50 % over the year (peak in spring): the forecast
    says it used the yearly pattern and follows the season; without the yearly part it would stay at the level
    of the last weeks."""
    starts = hourly(dt.datetime(2023, 1, 2), 2 * 364 + 35)
    yearly = np.array([1 + 0.5 * np.sin(2 * np.pi * (s.timetuple().tm_yday - 20) / 365.25) for s in starts])
    counts = np.random.default_rng(11).poisson(expected(starts, level=12.0) * yearly)
    calls = calls_from(counts, starts)
    result = fc.forecast_contacts(calls, weeks=4)
    assert "yearly_seasonality" in result.reasons and result.method == "mstl_ets"
    ahead = result.frame["start"].to_list()
    truth = expected(ahead, level=12.0) * np.array(
        [1 + 0.5 * np.sin(2 * np.pi * (s.timetuple().tm_yday - 20) / 365.25) for s in ahead])
    likely = result.frame["likely"].to_numpy()
    # the season rises over these four weeks of February and March: the forecast's last week is above its first
    weekly_totals = likely.reshape(4, -1).sum(axis=1)
    assert weekly_totals[-1] > weekly_totals[0] * 1.05
    assert abs(likely.sum() - truth.sum()) < 0.1 * truth.sum()


def test_times_with_a_time_zone_keep_their_local_hours() -> None:
    """Madrid times stored with their zone: the series counts them at their wall-clock hour (9:00 stays 9:00, in
    winter and in summer), as the same times without a zone."""
    starts = [dt.datetime(2025, 3, 3, 9, 30) + dt.timedelta(days=d) for d in range(60)]  # over the March change
    naive = pl.DataFrame({"started_at": starts})
    zoned = naive.with_columns(pl.col("started_at").dt.replace_time_zone("Europe/Madrid"))
    series = fc.contact_series(zoned)
    assert series.filter(pl.col("contacts") > 0)["start"].dt.hour().unique().to_list() == [9]
    assert series.equals(fc.contact_series(naive))


def test_forecasts_in_several_threads_at_once_give_what_each_gives_alone(
        generated: tuple[pl.DataFrame, list[dt.datetime]]) -> None:
    """The app's sessions share a process: four forecasts at once (the first of them setting BLAS to one thread)
    finish and give the same numbers as one at a time. The wait is a hang guard that says what hung."""
    import concurrent.futures

    calls, _ = generated
    inputs = [calls, calls.filter(pl.col("started_at").dt.hour() != 3), calls.head(calls.height // 2),
              calls.select(pl.col("started_at").alias("created_at"))]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(fc.forecast_contacts, frame, weeks=1) for frame in inputs]
        _, waiting = concurrent.futures.wait(futures, timeout=300)
        assert not waiting, "forecasts in parallel threads did not finish within 300 s (a deadlock?)"
    for frame, future in zip(inputs, futures, strict=True):
        alone = fc.forecast_contacts(frame, weeks=1).frame
        assert future.result().frame.equals(alone)
