"""Forecast of contacts per interval for the coming weeks, how far to trust it, and the staffing it takes.

``forecast_contacts`` counts contacts (tickets, calls or both) per interval of 30 or 60 minutes, decomposes the
series into weekday × hour (and yearly, with two years of data) seasonal patterns with MSTL, forecasts the rest
with an exponential-smoothing (ETS) model chosen by AIC, and puts the seasonal patterns back: a likely value and
80 % and 95 % prediction intervals per interval (Hyndman & Athanasopoulos, *Forecasting: Principles and
Practice*, 3rd ed., §3.6, §8, §12.1). Public holidays of a chosen country and region (the ``holidays``
package) are taken out of the history and their effect, measured on the past holidays against the same
intervals a week earlier, is applied to the future ones. Short or thin data falls back to a seasonal-naive
forecast (the same interval a week, or a day, earlier) and says why with a reason code.

``backtest`` replays the forecast from earlier origins on the data itself (rolling origin) and scores it with the
MASE against seasonal naive and the share of actual values inside the 80 % and 95 % intervals.

``staffing_plan`` turns a forecast into agents per interval with ``cxkit.staffing``'s Erlang C (or Erlang A with a
patience), at the likely value and at the interval's upper bound; ``plan_week`` and ``plan_cost`` give the
weekday × hour profile and its monthly cost with shrinkage, compared with ``team_seen`` (agents active per
interval in the data).

The work on frames is polars; numpy and statsmodels work on the aggregated series only. The first forecast of
the process limits BLAS to one thread from then on (``_one_blas_thread``: its threads only slow these small fits).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import stats

from cxkit._common import Frame, columns_of, get_engine, lazy, require
from cxkit.errors import MetricError, needs_columns
from cxkit.staffing import (
    _handle_from,
    _patience_for,
    agents_needed,
    erlang_a,
    erlang_c,
    staffing_cost,
)

__all__ = [
    "BACKTEST_REASONS",
    "FORECAST_REASONS",
    "HANDLE_SOURCES",
    "METHODS",
    "Backtest",
    "Forecast",
    "PlanCost",
    "PlanInputs",
    "backtest",
    "contact_series",
    "forecast_contacts",
    "holiday_countries",
    "plan_cost",
    "plan_inputs",
    "plan_week",
    "staffing_plan",
    "team_seen",
]

Floats = NDArray[np.float64]
Level = Literal[80, 95]
FEW_CONTACTS = 100  # below this many contacts in the data: seasonal naive

# What produced the forecast (the ``method`` field and column).
METHODS: dict[str, str] = {
    "mstl_ets": "MSTL seasonal decomposition (weekday × hour, yearly with two years) + ETS on the rest, by AIC",
    "seasonal_naive_week": "seasonal naive: the same interval one week earlier",
    "seasonal_naive_day": "seasonal naive: the same interval one day earlier",
}
# Why the forecast is what it is (``Forecast.reasons``; the app words each code).
FORECAST_REASONS: dict[str, str] = {
    "short_history": "less than two full weeks of data: seasonal naive instead of MSTL + ETS",
    "few_contacts": f"fewer than {FEW_CONTACTS} contacts in the data: seasonal naive instead of MSTL + ETS",
    "no_time_of_day": "a table's times carry no time of day (dates only): every table is counted per day",
    "yearly_seasonality": "two years of data or more: a yearly pattern is part of the model",
    "holidays_from_history": "public holidays: their effect is measured on the past holidays in the data",
    "no_past_holidays": "public holidays ahead but none in the data to learn from: not adjusted",
}
BACKTEST_REASONS: dict[str, str] = {
    "too_short_to_test": "not enough data to hold a period back and forecast it",
}
# Where the handle time of a plan came from (``PlanInputs.handle_source``).
HANDLE_SOURCES: dict[str, str] = {
    "given": "handle_seconds given",
    "data": "from the data: talk + hold + after-call work of answered calls, or handle_minutes of tickets",
    "missing": "not in the data and not given",
}
_MSTL_WEEKS = 26  # history MSTL decomposes without a yearly pattern (the seasonal windows span 11 and 15 cycles)
_ETS_WEEKS = 16  # history ETS is fitted on
_Z = {80: float(stats.norm.ppf(0.9)), 95: float(stats.norm.ppf(0.975))}


# ------------------------------------------------------------------------------------------------ the series
def _time_column(names: list[str], time_column: str | None) -> str:
    found = time_column or next((c for c in ("started_at", "created_at") if c in names), None)
    if found is None:
        raise needs_columns("Contact forecast", ("started_at",), ("created_at",),
                            message="Contact forecast needs the time of each contact: 'started_at' of calls or "
                                    "'created_at' of tickets (or time_column=).")
    return found


def _wall_clock(data: pl.LazyFrame, column: str) -> pl.Expr:
    """The column as local wall-clock times (a time zone dropped, not converted: 9:00 in Madrid stays 9:00, so
    the hours of the day are the team's), in microseconds."""
    dtype = data.collect_schema().get(column)
    expr = pl.col(column)
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        expr = expr.dt.replace_time_zone(None)
    return expr.cast(pl.Datetime("us"))


def contact_series(
    contacts: Frame | Sequence[Frame],
    *,
    interval_minutes: int = 60,
    time_column: str | None = None,
) -> pl.DataFrame:
    """Contacts per interval: ``start`` (the interval's start) and ``contacts`` (Int64), every interval from the
    first contact's to the last contact's, intervals without contacts as 0.

    ``contacts`` is one frame or several (tickets and calls together), each with its ``started_at`` or
    ``created_at`` column (or ``time_column``). When no time has a time of day (every one at midnight: an export
    of dates) the intervals are days (``interval_minutes`` is then 1440 in ``forecast_contacts``).

    Raises:
        MetricError: A frame without its time column, or ``interval_minutes`` not 30 or 60.
    """
    if interval_minutes not in (30, 60, 1440):
        raise MetricError(f"interval_minutes must be 30 or 60, got {interval_minutes}")
    frames = [contacts] if isinstance(contacts, pl.DataFrame | pl.LazyFrame) else list(contacts)
    parts = []
    for frame in frames:
        data = lazy(frame)
        column = _time_column(columns_of(data), time_column)
        require(data, column, metric="Contact forecast")
        parts.append(data.select(_wall_clock(data, column).alias("start")).drop_nulls())
    if not parts:
        raise MetricError("Contact forecast needs at least one table of contacts")
    every = f"{interval_minutes}m"
    counts = (pl.concat(parts).group_by(pl.col("start").dt.truncate(every))
              .agg(pl.len().cast(pl.Int64).alias("contacts")).collect(engine=get_engine()))
    if counts.height == 0:
        return pl.DataFrame(schema={"start": pl.Datetime("us"), "contacts": pl.Int64})
    first, last = counts["start"].min(), counts["start"].max()
    assert isinstance(first, dt.datetime) and isinstance(last, dt.datetime)
    grid = pl.DataFrame({"start": pl.datetime_range(first, last, every, eager=True, time_unit="us")})
    return (grid.join(counts, on="start", how="left")
            .with_columns(pl.col("contacts").fill_null(0)).sort("start"))


def _dates_only(contacts: Frame | Sequence[Frame], time_column: str | None) -> bool:
    """Whether some table has dates without times of day (every time at midnight): then every table is counted
    per day, so that one table's dates do not pile up at 00:00 beside another's hours."""
    frames = [contacts] if isinstance(contacts, pl.DataFrame | pl.LazyFrame) else list(contacts)
    for frame in frames:
        data = lazy(frame)
        column = _time_column(columns_of(data), time_column)
        require(data, column, metric="Contact forecast")
        time = _wall_clock(data, column)
        known, timed = data.select(time.is_not_null().sum().alias("known"),
                                   (time != time.dt.truncate("1d")).any().alias("timed")).collect(
            engine=get_engine()).row(0)
        if known and not timed:  # a table without any time says nothing either way
            return True
    return False


def holiday_countries() -> dict[str, list[str]]:
    """Countries (ISO 3166 codes) the ``holidays`` package knows, each with its subdivision codes."""
    import holidays

    return {code: list(subs) for code, subs in sorted(holidays.list_supported_countries().items())}


def _holidays(days: pl.Series, country: str | None, subdivision: str | None) -> pl.DataFrame:
    """``day, holiday`` (its name) for the public holidays among ``days``."""
    schema = {"day": pl.Date, "holiday": pl.String}
    if not country or days.len() == 0:
        return pl.DataFrame(schema=schema)
    import holidays

    years = list(range(int(days.min().year), int(days.max().year) + 1))  # type: ignore[union-attr]
    try:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=years)
    except (NotImplementedError, KeyError) as error:
        raise MetricError(f"unknown country or region for public holidays: {country!r} {subdivision or ''} "
                          f"({error})") from error
    return pl.DataFrame({"day": list(found.keys()), "holiday": [str(v) for v in found.values()]}, schema=schema)


# ------------------------------------------------------------------------------------------------ the models
@dataclass(frozen=True)
class _Fit:
    mean: Floats
    bounds: dict[int, tuple[Floats, Floats]]
    method: str


def _seasonal_naive(y: Floats, h: int, period: int) -> _Fit:
    """Seasonal naive with normal intervals: σ from the in-sample seasonal differences, σ_h = σ·√(k + 1), k the
    whole seasons ahead (Hyndman & Athanasopoulos §5.5)."""
    last = y[-period:]
    steps = np.arange(h)
    mean = last[steps % period]
    diffs = y[period:] - y[:-period]
    sigma = float(np.sqrt(np.mean(diffs ** 2))) if diffs.size else 0.0
    spread = sigma * np.sqrt(steps // period + 1)
    bounds = {lv: (mean - z * spread, mean + z * spread) for lv, z in _Z.items()}
    return _Fit(mean, bounds, "seasonal_naive_week" if period % 7 == 0 and period >= 7 else "seasonal_naive_day")


def _mstl_ets(y: Floats, h: int, periods: tuple[int, ...], jump: int, week: int) -> _Fit:
    """MSTL (seasonal smoothers of degree 0, as R's forecast::mstl) then ETS (A,N,N) or (A,Ad,N), the lower AIC,
    on the seasonally adjusted series; each seasonal component continues its last cycle.

    The BLAS calls inside (L-BFGS-B's on 2–4 parameters) run on one thread (``_one_blas_thread``)."""
    _one_blas_thread()
    return _mstl_ets_fit(y, h, periods, jump, week)


_blas_lock = threading.Lock()
_blas_limited = False


def _one_blas_thread() -> None:
    """Limit BLAS (OpenBLAS behind numpy and scipy) to one thread for the rest of the process, once, at the first
    forecast. On L-BFGS-B's tiny matrices OpenBLAS's threads only wait for each other: on a busy 2-core machine
    they made the ETS fits 3–4 times slower (a year's forecast and backtest 6.3 s, 1.4 s on one thread). Set once
    and kept rather than set and restored around every fit: changing OpenBLAS's thread count while another
    thread (another session of the app) is inside a BLAS call is not safe, so it happens a single time."""
    global _blas_limited
    if _blas_limited:
        return
    with _blas_lock:
        if not _blas_limited:
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=1, user_api="blas")
            _blas_limited = True


def _mstl_ets_fit(y: Floats, h: int, periods: tuple[int, ...], jump: int, week: int) -> _Fit:
    import pandas as pd  # type: ignore[import-untyped]
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.seasonal import MSTL

    stl = {"seasonal_deg": 0, "trend_jump": jump, "low_pass_jump": jump}
    if len(periods) == 1:
        from statsmodels.tsa.seasonal import STL

        result = STL(y, period=periods[0], seasonal=11, **stl).fit()
        seasonal = np.asarray(result.seasonal, dtype=np.float64).reshape(-1, 1)
    else:
        result = MSTL(y, periods=periods, stl_kwargs=stl).fit()
        seasonal = np.asarray(result.seasonal, dtype=np.float64).reshape(len(y), -1)
    # ETS on the recent part: its level forgets the older past anyway, and the fit costs time in proportion
    adjusted = pd.Series((y - seasonal.sum(axis=1))[-_ETS_WEEKS * week:])
    fits = [ETSModel(adjusted, error="add", trend=None).fit(disp=False),
            ETSModel(adjusted, error="add", trend="add", damped_trend=True).fit(disp=False)]
    best = min(fits, key=lambda f: float(f.aic) if np.isfinite(f.aic) else np.inf)
    prediction = best.get_prediction(start=len(adjusted), end=len(adjusted) + h - 1)
    ahead = sum((np.resize(seasonal[-p:, k], h) for k, p in enumerate(periods)), np.zeros(h))
    mean = np.asarray(prediction.predicted_mean, dtype=np.float64) + ahead
    bounds = {}
    for level in _Z:
        interval = np.asarray(prediction.pred_int(alpha=1 - level / 100), dtype=np.float64)
        bounds[level] = (interval[:, 0] + ahead, interval[:, 1] + ahead)
    return _Fit(mean, bounds, "mstl_ets")


def _without_yearly(y: Floats, h: int, per_day: int) -> tuple[Floats, Floats]:
    """The yearly pattern of an intraday series, taken out at the level of days: MSTL (weekly and 364-day periods)
    on the totals of the whole days counted back from the last interval, the yearly part spread evenly over each
    day's intervals. Returns the series without it and its continuation over the ``h`` intervals ahead (the
    same days 52 weeks earlier), so that the intraday model works on the recent weeks only."""
    from statsmodels.tsa.seasonal import MSTL

    days = len(y) // per_day
    tail = y[len(y) - days * per_day:]
    totals = tail.reshape(days, per_day).sum(axis=1)
    result = MSTL(totals, periods=(7, 364), stl_kwargs={"seasonal_deg": 0}).fit()
    part = np.asarray(result.seasonal, dtype=np.float64).reshape(days, -1)[:, 1] / per_day
    adjusted = y.copy()
    adjusted[len(y) - days * per_day:] -= np.repeat(part, per_day)
    ahead_days = -(-h // per_day)
    ahead = np.repeat(part[days - 364:days - 364 + ahead_days], per_day)[:h]
    return adjusted, ahead


def _fit(y: Floats, h: int, *, per_day: int, holiday_past: NDArray[np.bool_], holiday_ahead: NDArray[np.bool_],
         reasons: list[str]) -> tuple[_Fit, float | None]:
    """The forecast of ``h`` intervals after ``y`` and the holiday factor used (None: not adjusted)."""
    week = 7 * per_day
    factor = None
    y = y.astype(np.float64).copy()
    if holiday_past.any():
        ref_at = np.flatnonzero(holiday_past)
        ref_at = ref_at[ref_at >= week]
        ref_at = ref_at[~holiday_past[ref_at - week]]
        reference = float(y[ref_at - week].sum())
        if ref_at.size and reference > 0:
            factor = float(y[ref_at].sum()) / reference
            y[ref_at] = y[ref_at - week]  # the history as if there had been no holiday
    if holiday_ahead.any():
        reasons.append("holidays_from_history" if factor is not None else "no_past_holidays")
    n = len(y)
    if n < 2 * per_day:
        raise MetricError(f"Contact forecast needs at least two days of data, got {n} intervals")
    if n < 2 * week:
        reasons.append("short_history")
        fit = _seasonal_naive(y, h, week if n >= week + per_day else per_day)
    elif float(y.sum()) < FEW_CONTACTS:
        reasons.append("few_contacts")
        fit = _seasonal_naive(y, h, week)
    else:
        periods: tuple[int, ...] = (week,) if per_day == 1 else (per_day, week)
        yearly = np.zeros(h)
        if n >= 2 * 52 * week:
            reasons.append("yearly_seasonality")
            if per_day == 1:
                periods = (*periods, 52 * week)
            else:
                y, yearly = _without_yearly(y, h, per_day)
        if per_day > 1 or len(periods) == 1:
            y = y[-_MSTL_WEEKS * week:]  # weekday x hour seasonality: the seasonal smoothers look a few weeks around
        fit = _mstl_ets(y, h, periods, max(1, round(week / 16)), week)
        if yearly.any():
            fit = _Fit(fit.mean + yearly, {lv: (lo + yearly, hi + yearly) for lv, (lo, hi) in fit.bounds.items()},
                       fit.method)
    if factor is not None and holiday_ahead.any():
        scale = np.where(holiday_ahead, factor, 1.0)
        fit = _Fit(fit.mean * scale, {lv: (lo * scale, hi * scale) for lv, (lo, hi) in fit.bounds.items()},
                   fit.method)
    clipped = _Fit(np.maximum(fit.mean, 0.0),
                   {lv: (np.maximum(lo, 0.0), np.maximum(hi, 0.0)) for lv, (lo, hi) in fit.bounds.items()},
                   fit.method)
    return clipped, factor


# ------------------------------------------------------------------------------------------------ forecast
@dataclass(frozen=True)
class Forecast:
    """Result of ``forecast_contacts``.

    Attributes:
        frame: One row per interval ahead: ``start``, ``likely`` (contacts expected), ``lower_80``,
            ``upper_80``, ``lower_95``, ``upper_95`` (prediction intervals, contacts ≥ 0), ``holiday`` (the
            public holiday's name, or null) and ``method`` (a ``METHODS`` code).
        history: The series it was fitted on: ``start``, ``contacts`` (``contact_series``).
        method: A ``METHODS`` code.
        reasons: ``FORECAST_REASONS`` codes that apply.
        interval_minutes: 30, 60, or 1440 when the data has dates only.
        holiday_factor: Contacts on a past public holiday ÷ contacts on the same intervals a week earlier (None
            when there was none to measure or no country was chosen).
        country: The holidays' country code, or None; ``subdivision`` its region.
    """

    frame: pl.DataFrame
    history: pl.DataFrame
    method: str
    reasons: tuple[str, ...]
    interval_minutes: int
    holiday_factor: float | None
    country: str | None
    subdivision: str | None


def _series_for(contacts: Frame | Sequence[Frame], interval_minutes: int, time_column: str | None
                ) -> tuple[pl.DataFrame, int, list[str]]:
    if interval_minutes not in (30, 60):
        raise MetricError(f"interval_minutes must be 30 or 60, got {interval_minutes}")
    reasons: list[str] = []
    if _dates_only(contacts, time_column):
        interval_minutes = 1440
        reasons.append("no_time_of_day")
    series = contact_series(contacts, interval_minutes=interval_minutes, time_column=time_column)
    if series.height == 0:
        raise MetricError("Contact forecast needs contacts with a time; the table has none")
    return series, interval_minutes, reasons


def _holiday_flags(starts: pl.Series, country: str | None, subdivision: str | None) -> pl.DataFrame:
    days = starts.dt.date()
    table = _holidays(days, country, subdivision)
    return pl.DataFrame({"start": starts, "day": days}).join(table, on="day", how="left").select(
        "start", "holiday")


def forecast_contacts(
    contacts: Frame | Sequence[Frame],
    *,
    weeks: int = 2,
    interval_minutes: int = 60,
    country: str | None = None,
    subdivision: str | None = None,
    time_column: str | None = None,
) -> Forecast:
    """Contacts per interval for the next ``weeks`` (1–8) weeks after the last interval with data.

    MSTL + ETS with 80 % and 95 % prediction intervals when there are two full weeks and 100 contacts or more;
    seasonal naive otherwise (``reasons`` says why). ``country`` (ISO code, e.g. ``"ES"``) and ``subdivision``
    (e.g. ``"MD"``) choose the public holidays: past ones are replaced by the same intervals a week earlier
    before fitting, and future ones are scaled by ``holiday_factor``.

    Raises:
        MetricError: No time column, fewer than two days of data, ``weeks`` outside 1–8, an interval other than
            30 or 60 minutes, or an unknown country.
    """
    if not 1 <= weeks <= 8:
        raise MetricError(f"weeks must be from 1 to 8, got {weeks}")
    series, minutes, reasons = _series_for(contacts, interval_minutes, time_column)
    per_day = 1440 // minutes
    step = dt.timedelta(minutes=minutes)
    h = weeks * 7 * per_day
    last = series["start"].max()
    assert isinstance(last, dt.datetime)
    ahead = pl.Series("start", [last + step * (i + 1) for i in range(h)], dtype=pl.Datetime("us"))
    past_flags = _holiday_flags(series["start"], country, subdivision)
    ahead_flags = _holiday_flags(ahead, country, subdivision)
    fit, factor = _fit(series["contacts"].to_numpy().astype(np.float64), h, per_day=per_day,
                       holiday_past=past_flags["holiday"].is_not_null().to_numpy(),
                       holiday_ahead=ahead_flags["holiday"].is_not_null().to_numpy(), reasons=reasons)
    frame = pl.DataFrame({
        "start": ahead, "likely": fit.mean, "lower_80": fit.bounds[80][0], "upper_80": fit.bounds[80][1],
        "lower_95": fit.bounds[95][0], "upper_95": fit.bounds[95][1],
        "holiday": ahead_flags["holiday"], "method": [fit.method] * h,
    })
    return Forecast(frame=frame, history=series, method=fit.method, reasons=tuple(reasons),
                    interval_minutes=minutes, holiday_factor=factor, country=country or None,
                    subdivision=subdivision or None)


# ------------------------------------------------------------------------------------------------ backtest
@dataclass(frozen=True)
class Backtest:
    """Result of ``backtest``.

    Attributes:
        folds: One row per origin: ``origin`` (first interval held back), ``intervals``, ``method``, ``mae``
            (mean absolute error of the forecast), ``naive_mae`` (of the seasonal naive forecast, same interval a
            week earlier), ``scale`` (in-sample mean absolute seasonal difference of the data before the origin),
            ``mase`` = mae ÷ scale, ``naive_mase`` = naive_mae ÷ scale, ``coverage_80`` and ``coverage_95`` (share
            of actual values inside the intervals).
        mase: Mean of the folds' MASE (None without folds or with a zero scale).
        naive_mase: Mean of the folds' seasonal-naive MASE.
        coverage_80: Actual values inside the 80 % interval ÷ all values held back, over every fold.
        coverage_95: The same for the 95 % interval.
        reason: None, or a ``BACKTEST_REASONS`` code.
        horizon: Intervals forecast from each origin.
    """

    folds: pl.DataFrame
    mase: float | None
    naive_mase: float | None
    coverage_80: float | None
    coverage_95: float | None
    reason: str | None
    horizon: int


def _empty_folds() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "origin": pl.Datetime("us"), "intervals": pl.Int64, "method": pl.String, "mae": pl.Float64,
        "naive_mae": pl.Float64, "scale": pl.Float64, "mase": pl.Float64, "naive_mase": pl.Float64,
        "coverage_80": pl.Float64, "coverage_95": pl.Float64})


def backtest(
    contacts: Frame | Sequence[Frame],
    *,
    folds: int = 4,
    horizon_weeks: int = 1,
    interval_minutes: int = 60,
    country: str | None = None,
    subdivision: str | None = None,
    time_column: str | None = None,
) -> Backtest:
    """Rolling-origin evaluation: the last ``folds`` × ``horizon_weeks`` weeks are forecast, one
    ``horizon_weeks`` block at a time, from the data before each block, exactly as ``forecast_contacts`` would
    (same fallbacks and holidays), and compared with what happened.

    MASE (Hyndman & Koehler 2006) = mean |actual − forecast| ÷ the mean |y_t − y_{t−m}| of the data before the
    origin, m a week of intervals (a day when that data is shorter than two weeks): below 1, the forecast erred
    less than copying last week did in the past. Origins with less than two days of data before them are
    skipped; with none left the result has ``reason="too_short_to_test"``.

    Raises:
        MetricError: No time column, ``folds`` outside 1–12, ``horizon_weeks`` outside 1–8, or a bad interval.
    """
    if not 1 <= folds <= 12:
        raise MetricError(f"folds must be from 1 to 12, got {folds}")
    if not 1 <= horizon_weeks <= 8:
        raise MetricError(f"horizon_weeks must be from 1 to 8, got {horizon_weeks}")
    series, minutes, _ = _series_for(contacts, interval_minutes, time_column)
    per_day = 1440 // minutes
    week = 7 * per_day
    h = horizon_weeks * week
    y = series["contacts"].to_numpy().astype(np.float64)
    flags = _holiday_flags(series["start"], country, subdivision)["holiday"].is_not_null().to_numpy()
    n = len(y)
    rows = []
    inside = {80: 0, 95: 0}
    total = 0
    for k in range(folds, 0, -1):
        origin = n - k * h
        if origin < 2 * per_day + 1:
            continue
        train, actual = y[:origin], y[origin:origin + h]
        fit, _ = _fit(train, len(actual), per_day=per_day, holiday_past=flags[:origin],
                      holiday_ahead=flags[origin:origin + h], reasons=[])
        m = week if origin >= 2 * week else per_day
        scale = float(np.mean(np.abs(train[m:] - train[:-m])))
        naive = train[-week:][np.arange(len(actual)) % week] if origin >= week else train[-per_day:][
            np.arange(len(actual)) % per_day]
        mae, naive_mae = float(np.mean(np.abs(actual - fit.mean))), float(np.mean(np.abs(actual - naive)))
        held = {lv: int(((actual >= lo) & (actual <= hi)).sum()) for lv, (lo, hi) in fit.bounds.items()}
        for lv in inside:
            inside[lv] += held[lv]
        total += len(actual)
        rows.append({
            "origin": series["start"][origin], "intervals": len(actual), "method": fit.method, "mae": mae,
            "naive_mae": naive_mae, "scale": scale, "mase": mae / scale if scale > 0 else None,
            "naive_mase": naive_mae / scale if scale > 0 else None, "coverage_80": held[80] / len(actual),
            "coverage_95": held[95] / len(actual)})
    if not rows:
        return Backtest(folds=_empty_folds(), mase=None, naive_mase=None, coverage_80=None, coverage_95=None,
                        reason="too_short_to_test", horizon=h)
    table = pl.DataFrame(rows, schema=_empty_folds().schema)
    mase = table["mase"].mean() if table["mase"].null_count() == 0 else None
    naive_mase = table["naive_mase"].mean() if table["naive_mase"].null_count() == 0 else None
    return Backtest(folds=table, mase=_float(mase), naive_mase=_float(naive_mase), coverage_80=inside[80] / total,
                    coverage_95=inside[95] / total, reason=None, horizon=h)


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and math.isfinite(value) else None


# ------------------------------------------------------------------------------------------------ staffing
@dataclass(frozen=True)
class PlanInputs:
    """What a staffing plan takes from the data.

    Attributes:
        handle_seconds: Mean handle time per contact, or None.
        handle_source: A ``HANDLE_SOURCES`` code.
        patience_seconds: Mean caller patience for Erlang A, or None (Erlang C).
        patience_reason: A ``cxkit.staffing.MODEL_REASONS`` code: why Erlang A or C.
    """

    handle_seconds: float | None
    handle_source: str
    patience_seconds: float | None
    patience_reason: str


def plan_inputs(contacts: Frame, *, handle_seconds: float | None = None, patience: float | None = None,
                model: Literal["auto", "erlang_c", "erlang_a"] = "auto") -> PlanInputs:
    """Handle time and patience for ``staffing_plan`` from the data (as ``cxkit.staffing`` takes them): the mean
    talk + hold + after-call work of answered calls or ``handle_minutes`` of tickets, unless ``handle_seconds``
    is given; the callers' patience by maximum likelihood (``patience_estimate``) with ``model="auto"``.

    Raises:
        MetricError: ``model="erlang_a"`` without a patience in the data or given; a bad patience.
    """
    data = lazy(contacts)
    names = columns_of(data)
    handle: float | None = None
    source = "missing"
    if handle_seconds is not None:
        handle, source = float(handle_seconds), "given"
    else:
        found = _handle_from(data, names)
        if found is not None and found > 0:
            handle, source = found, "data"
    seconds, reason = _patience_for(data, names, model, patience)
    return PlanInputs(handle_seconds=handle, handle_source=source, patience_seconds=seconds,
                      patience_reason=reason)


def staffing_plan(
    forecast: Forecast,
    *,
    handle_seconds: float,
    target_level: float = 0.8,
    target_seconds: float = 20.0,
    patience_seconds: float | None = None,
    bound: Level = 80,
    max_occupancy: float | None = None,
) -> pl.DataFrame:
    """Agents on the phone per forecast interval to answer ``target_level`` of contacts within
    ``target_seconds``: Erlang C (``cxkit.erlang_c``), or Erlang A with ``patience_seconds``; at the likely
    forecast and at the upper end of its ``bound`` % interval.

    Returns ``start, weekday`` (1 = Monday), ``hour, minute, interval_minutes, holiday, contacts`` (likely),
    ``contacts_upper, agents_likely, agents_upper, service_level_likely`` (the model's service level with
    ``agents_likely`` at the likely contacts), ``model`` (``"erlang_c"`` or ``"erlang_a"``).

    Raises:
        MetricError: A forecast per day (dates only: Erlang needs the interval's length within a day), a
            non-positive handle time, or a bound other than 80 or 95.
    """
    if forecast.interval_minutes not in (30, 60):
        raise MetricError("A staffing plan needs a forecast per 30 or 60 minutes; this one is per day "
                          "(the data has dates without times)")
    if not (math.isfinite(handle_seconds) and handle_seconds > 0):
        raise MetricError(f"handle_seconds must be > 0, got {handle_seconds}")
    if bound not in (80, 95):
        raise MetricError(f"bound must be 80 or 95, got {bound}")
    seconds = forecast.interval_minutes * 60.0
    likely = forecast.frame["likely"].to_numpy().astype(np.float64)
    upper = forecast.frame[f"upper_{bound}"].to_numpy().astype(np.float64)
    common = {"interval_seconds": seconds, "handle_seconds": handle_seconds, "target_level": target_level,
              "target_seconds": target_seconds, "patience_seconds": patience_seconds,
              "max_occupancy": max_occupancy}
    agents_likely = agents_needed(calls=likely, **common)  # type: ignore[arg-type]
    agents_upper = agents_needed(calls=upper, **common)  # type: ignore[arg-type]
    if patience_seconds is None:
        model = erlang_c(agents_likely, calls=likely, interval_seconds=seconds, handle_seconds=handle_seconds,
                         target_seconds=target_seconds)
    else:
        model = erlang_a(agents_likely, calls=likely, interval_seconds=seconds, handle_seconds=handle_seconds,
                         patience_seconds=patience_seconds, target_seconds=target_seconds)
    start = pl.col("start")
    return forecast.frame.select(
        "start", start.dt.weekday().cast(pl.Int8).alias("weekday"), start.dt.hour().cast(pl.Int8).alias("hour"),
        start.dt.minute().cast(pl.Int8).alias("minute"),
        pl.lit(forecast.interval_minutes, pl.Int64).alias("interval_minutes"), "holiday",
        pl.col("likely").alias("contacts"), pl.col(f"upper_{bound}").alias("contacts_upper"),
    ).with_columns(pl.Series("agents_likely", agents_likely, dtype=pl.Int64),
                   pl.Series("agents_upper", agents_upper, dtype=pl.Int64),
                   model["service_level"].alias("service_level_likely"),
                   pl.lit("erlang_c" if patience_seconds is None else "erlang_a").alias("model"))


def plan_week(plan: pl.DataFrame) -> pl.DataFrame:
    """The plan as one average week: ``weekday, hour, minute, interval_minutes, contacts, contacts_upper,
    agents_likely, agents_upper`` (means over the weeks planned), for a weekday × hour heat map and the cost.

    Raises:
        MetricError: Not a ``staffing_plan`` frame.
    """
    needed = {"weekday", "hour", "minute", "interval_minutes", "contacts", "contacts_upper", "agents_likely",
              "agents_upper"}
    if not needed <= set(plan.columns):
        raise MetricError(f"plan_week needs a staffing_plan frame ({', '.join(sorted(needed - set(plan.columns)))} "
                          "missing)")
    return (plan.group_by("weekday", "hour", "minute")
            .agg(pl.col("interval_minutes").first(), pl.col("contacts", "contacts_upper").mean(),
                 pl.col("agents_likely", "agents_upper").cast(pl.Float64).mean())
            .sort("weekday", "hour", "minute"))


def team_seen(contacts: Frame, *, interval_minutes: int = 60, weeks: int = 8,
              time_column: str | None = None) -> pl.DataFrame:
    """Agents active per weekday and interval in the last ``weeks`` weeks of the data: the distinct ``agent``
    values with a contact starting (or created) in each interval, averaged over the days of that weekday in
    the window (days without contacts count as 0). ``weekday, hour, minute, interval_minutes, days, agents``.

    Raises:
        MetricError: No ``agent`` or time column, or a bad interval.
    """
    if interval_minutes not in (30, 60):
        raise MetricError(f"interval_minutes must be 30 or 60, got {interval_minutes}")
    data = lazy(contacts)
    column = _time_column(columns_of(data), time_column)
    require(data, column, "agent", metric="Team seen in the data")
    time = _wall_clock(data, column)
    rows = data.select(time.alias("t"), pl.col("agent")).drop_nulls()
    last = rows.select(pl.col("t").max()).collect(engine=get_engine()).item()
    slots = pl.DataFrame({"hour": [h for h in range(24) for _ in range(0, 60, interval_minutes)],
                          "minute": [m for _ in range(24) for m in range(0, 60, interval_minutes)]},
                         schema={"hour": pl.Int8, "minute": pl.Int8})
    if last is None:
        return pl.DataFrame(schema={"weekday": pl.Int8, "hour": pl.Int8, "minute": pl.Int8,
                                    "interval_minutes": pl.Int64, "days": pl.Int64, "agents": pl.Float64})
    first_day = last.date() - dt.timedelta(days=7 * weeks - 1)
    recent = rows.filter(pl.col("t").dt.date() >= first_day)
    counts = (recent.group_by(pl.col("t").dt.truncate(f"{interval_minutes}m").alias("slot"))
              .agg(pl.col("agent").n_unique().alias("agents"))
              .select(pl.col("slot").dt.weekday().cast(pl.Int8).alias("weekday"),
                      pl.col("slot").dt.hour().cast(pl.Int8).alias("hour"),
                      pl.col("slot").dt.minute().cast(pl.Int8).alias("minute"), "agents")
              .group_by("weekday", "hour", "minute").agg(pl.col("agents").sum())
              .collect(engine=get_engine()))
    days = pl.DataFrame({"day": pl.date_range(first_day, last.date(), "1d", eager=True)}).group_by(
        pl.col("day").dt.weekday().cast(pl.Int8).alias("weekday")).agg(pl.len().cast(pl.Int64).alias("days"))
    return (days.join(slots, how="cross").join(counts, on=["weekday", "hour", "minute"], how="left")
            .with_columns(pl.lit(interval_minutes, pl.Int64).alias("interval_minutes"),
                          (pl.col("agents").fill_null(0) / pl.col("days")).alias("agents"))
            .select("weekday", "hour", "minute", "interval_minutes", "days", "agents")
            .sort("weekday", "hour", "minute"))


@dataclass(frozen=True)
class PlanCost:
    """Result of ``plan_cost``: a plan's average week in full-time agents and money, likely and upper bound.

    Attributes:
        fte_likely: Full-time agents the likely plan needs (``staffing_cost``'s FTE: agent hours a week ÷ (1 −
            shrinkage) ÷ hours per agent a week).
        fte_upper: The same at the interval's upper bound.
        monthly_cost_likely: fte_likely × cost of an agent a month.
        monthly_cost_upper: fte_upper × cost of an agent a month.
        team_fte: The team seen in the data counted the same way (None without a team).
        gap_fte_likely: fte_likely − team_fte (positive: agents short); None without a team.
        gap_fte_upper: fte_upper − team_fte.
        gap_cost_likely: gap_fte_likely × cost of an agent a month.
        gap_cost_upper: gap_fte_upper × cost of an agent a month.
        shrinkage: The shrinkage used; ``agent_cost_month`` and ``hours_per_agent_week`` as given.
    """

    fte_likely: float
    fte_upper: float
    monthly_cost_likely: float
    monthly_cost_upper: float
    team_fte: float | None
    gap_fte_likely: float | None
    gap_fte_upper: float | None
    gap_cost_likely: float | None
    gap_cost_upper: float | None
    shrinkage: float
    agent_cost_month: float
    hours_per_agent_week: float


def plan_cost(week: pl.DataFrame, *, agent_cost_month: float, shrinkage: float = 0.3,
              hours_per_agent_week: float = 40.0, team: pl.DataFrame | None = None) -> PlanCost:
    """Monthly cost of a ``plan_week`` profile at the likely forecast and at the upper bound
    (``cxkit.staffing_cost`` on each), and the gap to ``team`` (a ``team_seen`` frame, costed the same way).

    Raises:
        MetricError: Not a ``plan_week`` frame, or a bad shrinkage or hours (as ``staffing_cost``).
    """
    if not {"agents_likely", "agents_upper", "interval_minutes"} <= set(week.columns):
        raise MetricError("plan_cost needs a plan_week frame (agents_likely, agents_upper, interval_minutes)")
    def cost(agents: pl.DataFrame) -> dict[str, float]:
        return staffing_cost(agents, agent_cost_month=agent_cost_month, shrinkage=shrinkage,
                             hours_per_agent_week=hours_per_agent_week)

    likely = cost(week.select("interval_minutes", pl.col("agents_likely").alias("agents")))
    upper = cost(week.select("interval_minutes", pl.col("agents_upper").alias("agents")))
    team_fte = cost(team.select("interval_minutes", "agents"))["fte"] if team is not None and team.height else None
    gap_l = likely["fte"] - team_fte if team_fte is not None else None
    gap_u = upper["fte"] - team_fte if team_fte is not None else None
    return PlanCost(
        fte_likely=likely["fte"], fte_upper=upper["fte"], monthly_cost_likely=likely["monthly_cost"],
        monthly_cost_upper=upper["monthly_cost"], team_fte=team_fte, gap_fte_likely=gap_l, gap_fte_upper=gap_u,
        gap_cost_likely=gap_l * agent_cost_month if gap_l is not None else None,
        gap_cost_upper=gap_u * agent_cost_month if gap_u is not None else None, shrinkage=shrinkage,
        agent_cost_month=agent_cost_month, hours_per_agent_week=hours_per_agent_week)

