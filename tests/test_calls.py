"""Call-centre metrics against the ICMI service-level example and the Call Centre Helper AHT example."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from cxkit.calls import ABANDON_RULES, call_service, calls_by_hour


def icmi() -> pl.DataFrame:
    """1000 answered (860 within 20 s); 60 abandoned: 20 within 20 s (10 of them under 5 s), 40 after."""
    waits = [10.0] * 860 + [45.0] * 140 + [2.0] * 10 + [15.0] * 10 + [60.0] * 40
    outcomes = ["answered"] * 1000 + ["abandoned"] * 60
    return pl.DataFrame({"started_at": [dt.datetime(2024, 3, 4, 9)] * 1060, "wait_seconds": waits, "outcome": outcomes})


@pytest.mark.parametrize(("rule", "expected"), [
    ("within_as_met", 0.830189), ("ignore", 0.86), ("as_missed", 0.811321), ("after_only", 0.826923),
    ("short_as_met", 0.820755), ("exclude_short", 0.819048),
])
def test_service_level_under_each_abandon_convention(rule: str, expected: float) -> None:
    row = call_service(icmi(), threshold_seconds=20, abandon_rule=rule, short_abandon_seconds=5).row(0, named=True)  # type: ignore[arg-type]
    assert row["service_level"] == pytest.approx(expected, abs=1e-6)
    assert row["abandon_rate"] == pytest.approx(0.0566038, abs=1e-7)
    assert (row["answered"], row["abandoned"], row["short_abandons"]) == (1000, 60, 10)


def test_average_handle_time_reference() -> None:
    # (668,205 talk + 99,153 hold + 198,306 after-call work) s over 4,311 calls = 224 s
    n = 4311
    frame = pl.DataFrame({"started_at": [dt.datetime(2024, 1, 1)] * n, "wait_seconds": [5.0] * n,
                          "outcome": ["answered"] * n, "talk_seconds": [668_205 / n] * n,
                          "hold_seconds": [99_153 / n] * n, "wrap_seconds": [198_306 / n] * n})
    assert call_service(frame)["aht_seconds"][0] == pytest.approx(224.0)


def test_edges_and_rules() -> None:
    empty = call_service(icmi().clear()).row(0, named=True)
    assert empty["calls"] == 0 and empty["service_level"] is None and empty["abandon_rate"] is None
    with pytest.raises(cxkit.MetricError, match="abandon_rule"):
        call_service(icmi(), abandon_rule="generous")  # type: ignore[arg-type]
    no_outcome = icmi().drop("outcome").with_columns(pl.Series("talk_seconds", [100.0] * 1000 + [0.0] * 60))
    assert call_service(no_outcome)["answered"][0] == 1000
    assert set(ABANDON_RULES) == {"ignore", "as_missed", "exclude_short", "within_as_met", "after_only", "short_as_met"}


def test_calls_by_weekday_and_hour() -> None:
    frame = pl.DataFrame({"started_at": [dt.datetime(2024, 3, 4, 9, 5), dt.datetime(2024, 3, 4, 9, 50),
                                         dt.datetime(2024, 3, 5, 17, 0)],
                          "outcome": ["answered", "abandoned", "answered"], "wait_seconds": [1.0, 2.0, 3.0]})
    table = calls_by_hour(frame)
    assert table.rows() == [(1, 9, 2, 1, 1), (2, 17, 1, 1, 0)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 300), st.sampled_from(["answered", "abandoned"])), min_size=1, max_size=80),
       st.floats(1, 120), st.sampled_from(sorted(ABANDON_RULES)))
def test_service_level_is_a_share(calls: list[tuple[float, str]], threshold: float, rule: str) -> None:
    frame = pl.DataFrame({"started_at": [dt.datetime(2024, 1, 1)] * len(calls), "wait_seconds": [w for w, _ in calls],
                          "outcome": [o for _, o in calls]})
    row = call_service(frame, threshold_seconds=threshold, abandon_rule=rule).row(0, named=True)  # type: ignore[arg-type]
    assert row["answered"] + row["abandoned"] == len(calls)
    if row["service_level"] is not None:
        assert 0 <= row["service_level"] <= 1
    assert 0 <= row["abandon_rate"] <= 1


def test_call_logs_load_in_english_and_spanish() -> None:
    from tests.conftest import DATA

    english = cxkit.load(DATA / "call_log.csv")
    assert english.kind == "calls" and english.rejected.height == 0
    assert english.frame["wait_seconds"].to_list() == [12.0, 45.0, 25.0, 3.0, 8.0]
    assert english.frame["outcome"].to_list() == ["answered", "abandoned", "answered", "abandoned", "answered"]
    row = call_service(english.frame, threshold_seconds=20).row(0, named=True)
    assert (row["answered"], row["abandoned"], row["answered_within"]) == (3, 2, 2)
    assert row["service_level"] == pytest.approx(2 / 5)
    assert row["aht_seconds"] == pytest.approx((180 + 30 + 300 + 60 + 45 + 120 + 20) / 3)
    spanish = cxkit.load(DATA / "llamadas_es.csv")
    assert spanish.kind == "calls"
    assert spanish.frame["wait_seconds"].to_list() == [15.0, 65.0, 40.0]  # H:MM:SS read as a clock
    assert spanish.frame["talk_seconds"].to_list() == [250.0, 0.0, 120.0]
    assert spanish.frame["outcome"].to_list() == ["answered", "abandoned", "answered"]


def test_pbx_log_with_yymmdd_dates_and_separate_times() -> None:
    from tests.conftest import DATA

    loaded = cxkit.load(DATA / "pbx_calls.csv")
    assert loaded.kind == "calls" and loaded.mapping["started_at"] == "Queue start"
    assert loaded.frame["started_at"].to_list() == [dt.datetime(2025, 3, 4, 9, 0, 5), dt.datetime(2025, 3, 4, 9, 1, 10),
                                                   dt.datetime(2025, 3, 5, 14, 30)]
    assert any("joined with the dates in 'Date'" in w for w in loaded.warnings)
    assert loaded.frame["wait_seconds"].to_list() == [12.0, 45.0, 25.0]
    assert loaded.frame["wrap_seconds"].to_list() == [30.0, 0.0, 45.0]


def test_a_realistic_call_log_of_thousands_of_calls() -> None:
    from tests.shapes import call_log

    loaded = cxkit.load(call_log(), name="llamadas.csv")
    assert loaded.kind == "calls" and loaded.frame.height == 3000 and loaded.rejected.height == 0
    assert any("joined with the dates" in w for w in loaded.warnings)
    frame = loaded.frame
    assert frame["started_at"].dt.hour().min() >= 9 and frame["started_at"].dt.month().unique().to_list() == [3]
    by_queue = call_service(frame, by="queue", threshold_seconds=30)
    assert by_queue["calls"].sum() == 3000 and by_queue.height == 3
    overall = call_service(frame, threshold_seconds=30).row(0, named=True)
    # reference computed another way: plain Python over the rows
    rows = frame.select("wait_seconds", "outcome").rows()
    answered = [w for w, o in rows if o == "answered"]
    abandoned = [w for w, o in rows if o == "abandoned"]
    assert overall["abandon_rate"] == pytest.approx(len(abandoned) / len(rows))
    assert overall["service_level"] == pytest.approx(sum(w <= 30 for w in answered) / len(rows))
    assert overall["asa_seconds"] == pytest.approx(sum(answered) / len(answered))
    heat = calls_by_hour(frame)
    assert heat["calls"].sum() == 3000 and set(heat["hour"].to_list()) <= {9, 10, 11, 12, 13, 16, 17, 18}
