"""The metrics give the same numbers on polars' streaming engine as on the in-memory one, from frames and from a
lazy scan of hive-partitioned Parquet (the big-data path); the engine setting is checked and reaches threads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import cxkit
from bench import generate
from cxkit._common import exact_quantiles
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
    # open and pending tickets have no resolution time: groups with no values get a null median
    "resolution_by_status": lambda f, t: cxkit.resolution(f[t], by="status"),
    "first_response_empty": lambda f, t: cxkit.first_response(f[t], start="2030-01-01", end="2030-02-01"),
    "channel_mix_monthly": lambda f, t: cxkit.channel_mix(f[t], every="1mo"),
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
    assert expected.height > 0  # an empty period still gives its one row of zeros and nulls
    # counts, medians and quantiles are exact (from a scan they come from exact_quantiles, in bounded memory);
    # means may differ in the last bits (sums in another order)
    assert_frame_equal(streamed, expected, check_exact=False, rel_tol=1e-12, abs_tol=1e-12)
    for column in (c for c in expected.columns if "median" in c or "p90" in c):
        assert streamed[column].to_list() == expected[column].to_list(), column


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


def _polars_quantiles(frame: pl.DataFrame, keys_: list[str], quantiles: dict[str, float]) -> pl.DataFrame:
    exprs = [pl.col("x").drop_nulls().quantile(q, interpolation="linear").alias(name) for name, q in quantiles.items()]
    found = frame.filter(pl.col("x").is_not_null())
    return (found.group_by(keys_).agg(exprs) if keys_ else found.select(exprs)).sort(keys_ or "p50", nulls_last=True)


def _same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    """Equal to the bit, NaN equal to NaN."""
    return a.columns == b.columns and all(
        x == y or (isinstance(x, float) and isinstance(y, float) and x != x and y != y)
        for ra, rb in zip(a.rows(), b.rows(), strict=True) for x, y in zip(ra, rb, strict=True)
    ) and a.height == b.height


values = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=True, width=64),
                   st.sampled_from([0.0, -0.0, 1.0, 5e-324, -1e308, 60.0, 60.0000001]))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["a", "b", None]), values), min_size=1, max_size=60),
       q=st.floats(0, 1))
def test_exact_quantiles_are_polars_quantiles_to_the_bit(rows: list[tuple[str | None, float | None]], q: float) -> None:
    frame = pl.DataFrame(rows, schema={"g": pl.String, "x": pl.Float64}, orient="row")
    quantiles = {"p50": 0.5, "pq": q, "p90": 0.9}
    for keys_ in (["g"], []):
        want = _polars_quantiles(frame, keys_, quantiles)
        got = exact_quantiles(frame.lazy(), keys_, "x", quantiles).sort(keys_ or "p50", nulls_last=True)
        if keys_:
            want = want.filter(pl.col("p50").is_not_null())  # groups with no values are not listed
        elif frame["x"].null_count() == frame.height:
            assert got.height == 0
            continue
        assert _same(got, want), (keys_, got, want)


@pytest.mark.parametrize("seed", range(4))
def test_exact_quantiles_on_many_rows_use_fine_ranges_and_stay_exact(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 400_000
    spread = [rng.lognormal(4, 1.2, n), rng.normal(0, 50, n), rng.integers(0, 30, n).astype(float),
              np.concatenate([rng.normal(1e-9, 1e-12, n - 3), [np.inf, -np.inf, np.nan]])][seed]
    frame = pl.DataFrame({"g": rng.choice(["Mail", "Chat", "Web"], n), "x": spread})
    quantiles = {"p50": 0.5, "p90": 0.9, "p01": 0.01}
    assert _same(exact_quantiles(frame.lazy(), ["g"], "x", quantiles).sort("g"),
                 _polars_quantiles(frame, ["g"], quantiles))


@pytest.mark.parametrize("options", [{}, {"by": "channel", "every": "1mo"}, {"start": "2024-06-01", "end": "2025-01-01"},
                                     {"window_days": 30, "by": "agent"}])
def test_no_repeat_fcr_in_customer_parts_gives_the_whole_sort_numbers(
        frames: dict[str, Any], options: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from cxkit import service

    with cxkit.using_engine("in-memory"):
        expected = cxkit.fcr(frames["scan"], definition="no_repeat", **options)
    monkeypatch.setattr(service, "ROWS_PER_PART", 25_000)  # the 120,000 tickets in 5 parts of customers
    with cxkit.using_engine("streaming"):
        parts = cxkit.fcr(frames["scan"], definition="no_repeat", **options)
    assert int(expected["solved"].sum()) > 0
    assert_frame_equal(parts, expected)


@pytest.mark.parametrize("options", [{}, {"by": "channel", "every": "1mo"}, {"start": "2024-06-01", "end": "2025-01-01"}])
def test_repeat_contacts_in_customer_parts_give_the_whole_sort_numbers(
        frames: dict[str, Any], options: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from cxkit import service

    with cxkit.using_engine("in-memory"):
        expected = cxkit.repeat_contacts(frames["scan"], **options)
    monkeypatch.setattr(service, "ROWS_PER_PART", 25_000)
    with cxkit.using_engine("streaming"):
        parts = cxkit.repeat_contacts(frames["scan"], **options)
    assert int(expected["repeat_tickets"].sum()) > 0
    assert_frame_equal(parts, expected)


def test_customer_parts_with_categorical_customers_and_missing_ones(
        frames: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from cxkit import service

    tickets = frames["tickets"].with_columns(
        pl.when(pl.int_range(pl.len()) % 17 == 0).then(None).otherwise(pl.col("customer_id"))
        .cast(pl.Categorical).alias("customer_id")).lazy()
    with cxkit.using_engine("in-memory"):
        expected = [cxkit.fcr(tickets, definition="no_repeat", by="channel"), cxkit.repeat_contacts(tickets)]
    monkeypatch.setattr(service, "ROWS_PER_PART", 25_000)
    with cxkit.using_engine("streaming"):
        parts = [cxkit.fcr(tickets, definition="no_repeat", by="channel"), cxkit.repeat_contacts(tickets)]
    for got, want in zip(parts, expected, strict=True):
        assert_frame_equal(got, want)
