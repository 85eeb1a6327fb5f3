"""The full Overview metric set on 1M tickets + 200k answers + 50k customers: cxkit against pandas and DuckDB."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

import cxkit
from bench import baselines, generate
from bench.timing import median_seconds


def cxkit_overview(t: pl.DataFrame, r: pl.DataFrame, c: pl.DataFrame) -> dict[str, Any]:
    return cxkit.compute_all({
        "nps": lambda: cxkit.nps(r, by="region", every="1mo"),
        "churn": lambda: cxkit.churn(c, every="1mo"),
        "volume": lambda: cxkit.ticket_volume(t, every="1d"),
        "first_response": lambda: cxkit.first_response(t, by="channel", sla_minutes=1440),
        "fcr": lambda: cxkit.fcr(t),
        "mix": lambda: cxkit.channel_mix(t),
        "drift": lambda: cxkit.type_drift(t, baseline=baselines.BASELINE, current=baselines.CURRENT),
    })


def _same_rates(a: list[Any], b: list[Any]) -> bool:
    def missing(x: Any) -> bool:
        return x is None or x != x  # None, or a NaN from pandas

    return len(a) == len(b) and all(
        (missing(x) and missing(y)) or (not missing(x) and not missing(y) and abs(x - y) < 1e-12)
        for x, y in zip(a, b, strict=True))


def run(tickets: int = 1_000_000, responses: int = 200_000, customers: int = 50_000) -> list[dict[str, object]]:
    # the frames as cxkit.load gives them; the baselines read the same typed data (pandas categories, Arrow dictionaries)
    t = generate.as_loaded(generate.tickets(tickets), "tickets")
    r = generate.as_loaded(generate.responses(responses), "responses")
    # churn by month is customer churn in all three: the baselines compute no revenue movements, so the
    # customers come without MRR (cxkit would otherwise also compute new, expansion and churned MRR)
    c = generate.as_loaded(generate.customers(customers).drop("mrr"), "customers")
    tp, rp, cp = t.to_pandas(), r.to_pandas(), c.to_pandas()
    con = duckdb.connect()
    for name, frame in (("t", t), ("r", r), ("c", c)):
        con.register(name, frame.to_arrow())
    ours = cxkit_overview(t, r, c)
    theirs = baselines.pandas_overview(tp, rp, cp)
    sql = baselines.duckdb_overview(con)
    # the three compute the same numbers
    assert abs(ours["fcr"]["fcr"][0] - theirs["fcr"]) < 1e-9 and abs(ours["fcr"]["fcr"][0] - sql["fcr"][0][0]) < 1e-9
    assert abs(ours["drift"].chi2 - theirs["drift"]) < 1e-6 * theirs["drift"]
    assert ours["volume"]["backlog"].to_list()[-1] == int(theirs["volume"]["backlog"].iloc[-1]) == sql["volume"][-1][3]
    rates = [ours["churn"]["churn_rate"].to_list(), theirs["churn"]["rate"].tolist(), [row[4] for row in sql["churn"]]]
    assert all(_same_rates(rates[0], other) for other in rates[1:])
    seconds = median_seconds(lambda: cxkit_overview(t, r, c), repeats=5)
    pandas = median_seconds(lambda: baselines.pandas_overview(tp, rp, cp), repeats=3)
    duck = median_seconds(lambda: baselines.duckdb_overview(con), repeats=5)
    name = f"Overview metric set, {tickets:,} tickets + {responses:,} answers + {customers:,} customers"
    return [
        {"name": name, "seconds": seconds, "baseline": "pandas (vectorised)", "baseline_seconds": pandas,
         "speedup": pandas / seconds, "target": "< 0.5 s, ≥ 2× pandas", "met": seconds < 0.5 and pandas / seconds >= 2},
        {"name": name, "seconds": seconds, "baseline": "DuckDB SQL", "baseline_seconds": duck,
         "speedup": duck / seconds, "target": "no slower than DuckDB", "met": seconds <= duck},
    ]


_ = dt
