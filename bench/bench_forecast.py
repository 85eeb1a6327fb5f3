"""Contact forecast (issue #23): a year of hourly contacts forecast two weeks ahead and backtested over four
weeks, against the same work with statsmodels' MSTL at its default settings (what a first script would write);
and the start-up the first forecast adds in a fresh process (statsmodels' import and first fit) against the same
forecast once warm, in the same process."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl

from bench.timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
WEEKLY = np.array([1.0, 0.95, 0.9, 0.92, 0.85, 0.4, 0.25])


def hourly_year(seed: int = 0) -> pl.DataFrame:
    """One row per contact for 364 days of hourly Poisson arrivals with a weekday and an hour-of-day shape."""
    starts = [dt.datetime(2025, 1, 6) + dt.timedelta(hours=i) for i in range(364 * 24)]
    hour = np.array([s.hour for s in starts], dtype=float)
    weekday = np.array([s.weekday() for s in starts])
    rate = 30 * (np.exp(-((hour - 11) ** 2) / 12) + 0.6 * np.exp(-((hour - 16) ** 2) / 6) + 0.03) * WEEKLY[weekday]
    counts = np.random.default_rng(seed).poisson(rate)
    return (pl.DataFrame({"started_at": [s + dt.timedelta(minutes=7) for s in starts], "n": counts})
            .select(pl.col("started_at").repeat_by("n")).explode("started_at").drop_nulls())


def default_fit(y: np.ndarray, h: int) -> None:
    """The baseline: statsmodels' MSTL at its defaults (seasonal smoothers of degree 1, no jumps) on the whole
    history, then the same two ETS models on the whole adjusted series."""
    import pandas as pd  # type: ignore[import-untyped]
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.seasonal import MSTL

    res = MSTL(y, periods=(24, 168)).fit()
    adjusted = pd.Series(y - res.seasonal.sum(axis=1))
    fits = [ETSModel(adjusted, error="add", trend=None).fit(disp=False),
            ETSModel(adjusted, error="add", trend="add", damped_trend=True).fit(disp=False)]
    best = min(fits, key=lambda f: f.aic)
    prediction = best.get_prediction(start=len(y), end=len(y) + h - 1)
    prediction.pred_int(alpha=0.2), prediction.pred_int(alpha=0.05)


def _first_use() -> tuple[float, float]:
    """In a fresh process: seconds of the first forecast on the sample tickets (imports included) and of the
    same forecast again."""
    code = ("import time, cxkit\n"
            "frame = cxkit.load('sample_data/tickets_zendesk.csv').frame\n"
            "t = time.perf_counter(); cxkit.forecast_contacts(frame, weeks=2); a = time.perf_counter() - t\n"
            "t = time.perf_counter(); cxkit.forecast_contacts(frame, weeks=2); b = time.perf_counter() - t\n"
            "print(a, b)\n")
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=300)
    first, again = (float(v) for v in out.stdout.split())
    return first, again


def run() -> list[dict[str, object]]:
    import cxkit

    calls = hourly_year()
    series = cxkit.forecast.contact_series(calls)["contacts"].to_numpy().astype(np.float64)
    cxkit.forecast_contacts(calls.head(5000), weeks=1)  # warm up (statsmodels imported)

    def ours() -> None:
        cxkit.forecast_contacts(calls, weeks=2)
        cxkit.backtest(calls, folds=4)

    def baseline() -> None:
        default_fit(series, 336)
        for k in range(4, 0, -1):
            default_fit(series[: len(series) - k * 168], 168)

    seconds = median_seconds(ours, repeats=3)
    base = median_seconds(baseline, repeats=1)
    runs = [_first_use() for _ in range(3)]
    first = float(np.median([r[0] for r in runs]))
    again = float(np.median([r[1] for r in runs]))
    return [
        {"name": f"Forecast two weeks + backtest four weeks, a year of hourly contacts ({calls.height:,} contacts, "
                 "8,736 hours)",
         "seconds": seconds, "baseline": "statsmodels MSTL at its default settings + the same ETS",
         "baseline_seconds": base, "speedup": base / seconds, "target": "under 5 s", "met": seconds < 5.0},
        {"name": "First forecast in a fresh process, sample tickets (statsmodels import and first fit; "
                 f"start-up added {first - again:.2f} s)",
         "seconds": first, "baseline": "the same forecast again, warm", "baseline_seconds": again,
         "speedup": again / first, "target": "start-up added ≤ 3 s", "met": first - again <= 3.0},
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
