"""The metrics give the same numbers on polars' streaming engine as on the in-memory one, from frames and from a
lazy scan of hive-partitioned Parquet (the big-data path); the engine setting is checked and reaches threads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import cxkit
from bench import generate
from cxkit.errors import MetricError

ROWS = 120_000


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tickets = generate.as_loaded(generate.tickets(ROWS, seed=7, customers=5_000), "tickets")
    folder: Path = tmp_path_factory.mktemp("tickets")
    months = tickets.with_columns(pl.col("created_at").dt.strftime("%Y-%m").alias("month"))
    for (month,), part in months.group_by("month"):
        (folder / f"month={month}").mkdir()
        part.drop("month").write_parquet(folder / f"month={month}" / "part-000.parquet")
    return {
        "tickets": tickets,
        "scan": pl.scan_parquet(folder, hive_partitioning=True),
        "responses": generate.as_loaded(generate.responses(30_000, seed=8), "responses"),
        "customers": generate.as_loaded(generate.customers(8_000, seed=9), "customers"),
    }


METRICS: dict[str, Callable[[dict[str, Any], str], pl.DataFrame]] = {
    "ticket_volume": lambda f, t: cxkit.ticket_volume(f[t], every="1mo", by="channel"),
    "ticket_volume_daily": lambda f, t: cxkit.ticket_volume(f[t], every="1d"),
    "first_response": lambda f, t: cxkit.first_response(f[t], by="channel", sla_minutes=1440),
    "first_response_monthly": lambda f, t: cxkit.first_response(f[t], every="1mo"),
    "resolution": lambda f, t: cxkit.resolution(f[t], by="channel", every="1mo"),
    "fcr": lambda f, t: cxkit.fcr(f[t], by="channel"),
    "fcr_no_repeat": lambda f, t: cxkit.fcr(f[t], definition="no_repeat"),
    "csat": lambda f, t: cxkit.csat(f[t], by="channel", every="1mo"),
    "channel_mix": lambda f, t: cxkit.channel_mix(f[t]),
    "nps": lambda f, _: cxkit.nps(f["responses"], by="region", every="1mo"),
    "churn": lambda f, _: cxkit.churn(f["customers"], every="1mo"),
}


@pytest.mark.parametrize("source", ["tickets", "scan"])
@pytest.mark.parametrize("metric", sorted(METRICS))
def test_streaming_gives_the_in_memory_numbers(frames: dict[str, Any], metric: str, source: str) -> None:
    compute = METRICS[metric]
    with cxkit.using_engine("in-memory"):
        expected = compute(frames, source)
    with cxkit.using_engine("streaming"):
        streamed = compute(frames, source)
    assert expected.height > 0
    # counts, medians and quantiles are exact; means may differ in the last bits (sums in another order)
    assert_frame_equal(streamed, expected, check_exact=False, rel_tol=1e-12, abs_tol=1e-12)


def test_the_scan_gives_the_numbers_of_the_frame(frames: dict[str, Any]) -> None:
    with cxkit.using_engine("streaming"):
        from_scan = cxkit.first_response(frames["scan"], by="channel", sla_minutes=1440)
        from_frame = cxkit.first_response(frames["tickets"], by="channel", sla_minutes=1440)
    assert_frame_equal(from_scan, from_frame, check_exact=False, rel_tol=1e-12, abs_tol=1e-12)
    assert int(from_scan["tickets"].sum()) == ROWS


def test_engine_setting_is_checked_and_restored() -> None:
    before = cxkit.get_engine()
    with pytest.raises(MetricError, match="engine must be one of"):
        cxkit.set_engine("fast")
    with pytest.raises(MetricError, match="engine must be one of"), cxkit.using_engine("gpu"):
        pass
    with cxkit.using_engine("in-memory"):
        assert cxkit.get_engine() == "in-memory"
    assert cxkit.get_engine() == before
    try:
        cxkit.set_engine("streaming")
        assert cxkit.get_engine() == "streaming"
    finally:
        cxkit.set_engine(before)


def test_using_engine_reaches_the_jobs_of_compute_all() -> None:
    with cxkit.using_engine("in-memory"):
        seen = cxkit.compute_all({i: cxkit.get_engine for i in range(4)}, workers=4)
    assert set(seen.values()) == {"in-memory"}
