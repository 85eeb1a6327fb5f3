"""Staffing: the Erlang C reference, plain-formula and birth–death references, Erlang A against its Erlang C
limit and a simulation, edges and properties."""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy.linalg import expm

import cxkit
from cxkit.errors import MetricError
from cxkit.staffing import (
    agents_needed,
    erlang_a,
    erlang_b,
    erlang_c,
    patience_estimate,
    patience_seconds,
    staffing_levels,
)


def test_reference_100_calls_in_30_minutes() -> None:
    """100 calls in 30 minutes, 180 s handle time, 20 s target: 13 agents 79.6 %, 14 agents 88.8 %."""
    rows = erlang_c([13, 14], calls=100, interval_seconds=1800, handle_seconds=180, target_seconds=20)
    assert rows["traffic"].to_list() == pytest.approx([10.0, 10.0])
    assert [round(v, 3) for v in rows["service_level"]] == [0.796, 0.888]
    assert rows["occupancy"].to_list() == pytest.approx([10 / 13, 10 / 14])
    assert agents_needed(calls=100, interval_seconds=1800, handle_seconds=180, target_level=0.8).tolist() == [14]
    table = staffing_levels(calls=100, interval_seconds=1800, handle_seconds=180)
    assert table["agents"][0] == 11 and table.filter(pl.col("agents") == 14)["service_level"].item() == pytest.approx(
        0.888, abs=5e-4)


def plain_erlang_c(n: int, a: float) -> float:
    """The textbook formula with powers and factorials."""
    top = a**n / math.factorial(n) * n / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


@pytest.mark.parametrize(("n", "a"), [(1, 0.5), (2, 1.0), (5, 3.2), (13, 10.0), (30, 25.5)])
def test_erlang_c_against_the_factorial_formula(n: int, a: float) -> None:
    row = erlang_c(n, calls=a * 3600 / 240, interval_seconds=3600, handle_seconds=240, target_seconds=15).row(
        0, named=True)
    c = plain_erlang_c(n, a)
    assert row["p_wait"] == pytest.approx(c)
    assert row["service_level"] == pytest.approx(1 - c * math.exp(-(n - a) * 15 / 240))
    assert row["asa_seconds"] == pytest.approx(c * 240 / (n - a))


def test_erlang_b_by_hand_and_for_huge_traffic() -> None:
    assert erlang_b([0, 1, 2], 2.0).tolist() == pytest.approx([1.0, 2 / 3, 2 / 5])  # 2²/2 ÷ (1 + 2 + 2)
    big = erlang_b(12_000, 11_800.0)
    assert np.isfinite(big).all() and 0 < big[0] < 1
    needed = agents_needed(calls=[500_000.0], interval_seconds=3600, handle_seconds=300)  # 41,667 Erlangs
    assert 41_667 < needed[0] < 42_500
    assert erlang_c(needed, calls=500_000.0, interval_seconds=3600, handle_seconds=300)["service_level"][0] >= 0.8


def birth_death(n: int, lam: float, mu: float, theta: float, size: int = 4000) -> tuple[float, float]:
    """P(wait) and P(abandon) of M/M/n+M from its stationary distribution, solved as a truncated chain."""
    weights = [1.0]
    for k in range(1, size):
        weights.append(weights[-1] * lam / (min(k, n) * mu + max(k - n, 0) * theta))
    total = sum(weights)
    p = [w / total for w in weights]
    p_wait = sum(p[n:])
    queue = sum((k - n) * p[k] for k in range(n, size))
    return p_wait, theta * queue / lam


@pytest.mark.parametrize(("n", "calls", "patience"), [(8, 100, 120.0), (10, 100, 60.0), (12, 100, 300.0),
                                                      (3, 100, 30.0), (20, 300, 90.0)])
def test_erlang_a_against_the_birth_death_chain(n: int, calls: int, patience: float) -> None:
    row = erlang_a(n, calls=calls, interval_seconds=1800, handle_seconds=180, patience_seconds=patience).row(
        0, named=True)
    p_wait, p_ab = birth_death(n, calls / 1800, 1 / 180, 1 / patience)
    assert row["p_wait"] == pytest.approx(p_wait, rel=1e-9)
    assert row["abandon_rate"] == pytest.approx(p_ab, rel=1e-9)
    assert row["avg_wait_seconds"] == pytest.approx(p_ab * patience)


def tagged_caller_level(n: int, lam: float, mu: float, theta: float, t: float, size: int = 200) -> float:
    """Share answered within t: no wait, or served by t in the chain of a caller who arrived with j ahead
    (advance at nμ + iθ with i ahead, hang up at θ), solved by a matrix exponential."""
    weights = [1.0]
    for k in range(1, size):
        weights.append(weights[-1] * lam / (min(k, n) * mu + max(k - n, 0) * theta))
    p = np.array(weights) / sum(weights)
    ahead = size - n
    rates = np.zeros((ahead + 2, ahead + 2))
    for i in range(ahead):
        rates[i, i] = -(n * mu + i * theta + theta)
        rates[i, ahead if i == 0 else i - 1] = n * mu + i * theta
        rates[i, ahead + 1] = theta
    moved = expm(rates * t)
    return float(p[:n].sum() + sum(p[n + j] * moved[j, ahead] for j in range(ahead)))


@pytest.mark.parametrize(("n", "patience", "target"), [(9, 90.0, 20.0), (11, 200.0, 20.0), (12, 45.0, 60.0)])
def test_erlang_a_service_level_against_the_tagged_caller_chain(n: int, patience: float, target: float) -> None:
    row = erlang_a(n, calls=100, interval_seconds=1800, handle_seconds=180, patience_seconds=patience,
                   target_seconds=target).row(0, named=True)
    assert row["service_level"] == pytest.approx(tagged_caller_level(n, 100 / 1800, 1 / 180, 1 / patience, target))


def test_erlang_a_tends_to_erlang_c_when_callers_never_hang_up() -> None:
    c = erlang_c([11, 13, 14, 20], calls=100, interval_seconds=1800, handle_seconds=180)
    a = erlang_a([11, 13, 14, 20], calls=100, interval_seconds=1800, handle_seconds=180, patience_seconds=1e12)
    assert a["service_level"].to_list() == pytest.approx(c["service_level"].to_list(), abs=1e-6)
    assert a["p_wait"].to_list() == pytest.approx(c["p_wait"].to_list(), abs=1e-6)
    assert a["avg_wait_seconds"].to_list() == pytest.approx(c["asa_seconds"].to_list(), rel=1e-4)
    assert a["asa_seconds"].to_list() == pytest.approx(c["asa_seconds"].to_list(), rel=1e-4)
    assert max(a["abandon_rate"]) < 1e-9


def simulate(n: int, lam: float, handle: float, patience: float, target: float, calls: int, seed: int) -> dict[str, float]:
    """FCFS M/M/n+M: each caller waits for the earliest free agent and hangs up if that takes longer than
    their patience (callers who hang up never hold an agent)."""
    rng = random.Random(seed)
    free = [0.0] * n
    clock, answered_in_time, abandoned, waited, answered_wait = 0.0, 0, 0, 0, 0.0
    for _ in range(calls):
        clock += rng.expovariate(lam)
        offered = max(0.0, free[0] - clock)
        tolerance = rng.expovariate(1 / patience)
        if offered > 0:
            waited += 1
        if offered <= tolerance:
            answered_in_time += offered <= target
            answered_wait += offered
            heapq.heapreplace(free, clock + offered + rng.expovariate(1 / handle))
        else:
            abandoned += 1
    return {"service_level": answered_in_time / calls, "abandon_rate": abandoned / calls, "p_wait": waited / calls,
            "asa_seconds": answered_wait / (calls - abandoned)}


@pytest.mark.parametrize(("n", "patience"), [(9, 90.0), (11, 200.0)])
def test_erlang_a_against_a_simulation(n: int, patience: float) -> None:
    lam, handle = 100 / 1800, 180.0
    runs = [simulate(n, lam, handle, patience, 20.0, calls=150_000, seed=seed) for seed in (1, 2, 3)]
    sim = {key: sum(r[key] for r in runs) / len(runs) for key in runs[0]}
    row = erlang_a(n, calls=100, interval_seconds=1800, handle_seconds=handle, patience_seconds=patience).row(
        0, named=True)
    for key in ("service_level", "abandon_rate", "p_wait"):
        assert row[key] == pytest.approx(sim[key], abs=0.01), key
    assert row["asa_seconds"] == pytest.approx(sim["asa_seconds"], rel=0.05)


def test_edges() -> None:
    none = erlang_c([0, 1], calls=0, interval_seconds=3600, handle_seconds=300)
    assert none["service_level"].to_list() == [1.0, 1.0] and none["p_wait"].to_list() == [0.0, 0.0]
    assert erlang_c(2, calls=100, interval_seconds=1800, handle_seconds=180)["service_level"][0] == 0.0  # n < A
    assert erlang_c(2, calls=100, interval_seconds=1800, handle_seconds=180)["asa_seconds"][0] is None
    nobody = erlang_a(0, calls=10, interval_seconds=3600, handle_seconds=300, patience_seconds=60).row(0, named=True)
    assert (nobody["abandon_rate"], nobody["service_level"]) == (1.0, 0.0)
    assert agents_needed(calls=[0.0, 0.0], interval_seconds=3600, handle_seconds=60).tolist() == [0, 0]
    assert erlang_c([], calls=[], interval_seconds=3600, handle_seconds=60).height == 0
    with pytest.raises(MetricError, match="target_level"):
        agents_needed(calls=5, interval_seconds=3600, handle_seconds=60, target_level=1.0)
    with pytest.raises(MetricError, match="handle_seconds"):
        erlang_c(3, calls=5, interval_seconds=3600, handle_seconds=0)
    with pytest.raises(MetricError, match="whole numbers"):
        erlang_b(2.5, 1.0)
    with pytest.raises(MetricError, match="patience"):
        erlang_a(3, calls=5, interval_seconds=3600, handle_seconds=60, patience_seconds=0)
    occupancy_capped = agents_needed(calls=60, interval_seconds=3600, handle_seconds=600, max_occupancy=0.5)
    assert occupancy_capped.tolist() == [20]


def calls_frame() -> pl.DataFrame:
    monday = dt.datetime(2025, 3, 3, 9)  # Mondays 3 and 10 March; Tuesday the 4th has none at 9
    starts = [monday + dt.timedelta(minutes=i) for i in range(6)] + [
        monday + dt.timedelta(days=7, minutes=i) for i in range(4)]
    outcome = ["answered"] * 8 + ["abandoned"] * 2
    return pl.DataFrame({
        "started_at": starts, "outcome": outcome, "wait_seconds": [10.0] * 8 + [30.0, 50.0],
        "talk_seconds": [200.0] * 8 + [0.0, 0.0], "hold_seconds": [10.0] * 8 + [0.0, 0.0],
        "wrap_seconds": [30.0] * 8 + [0.0, 0.0],
    })


def test_staffing_plan_from_calls() -> None:
    calls = calls_frame()
    assert patience_seconds(calls) == pytest.approx((8 * 10 + 30 + 50) / 2)  # all waits ÷ abandons
    plan = cxkit.staffing(calls)
    assert plan.height == 7 * 24 and set(plan["model"]) == {"erlang_a"}
    nine = plan.filter((pl.col("weekday") == 1) & (pl.col("hour") == 9)).row(0, named=True)
    assert (nine["days"], nine["contacts"], nine["contacts_per_hour"]) == (2, 10, 5.0)
    assert nine["handle_seconds"] == pytest.approx(240.0)
    expected = agents_needed(calls=5.0, interval_seconds=3600, handle_seconds=240, patience_seconds=80.0)
    assert nine["agents"] == expected[0]
    assert plan.filter(pl.col("contacts") == 0)["agents"].max() == 0
    halves = cxkit.staffing(calls, interval_minutes=30, model="erlang_c")
    assert halves.height == 7 * 48 and halves["interval_minutes"].unique().to_list() == [30]
    first_half = halves.filter((pl.col("weekday") == 1) & (pl.col("hour") == 9) & (pl.col("minute") == 0))
    assert first_half["contacts_per_interval"].item() == 5.0 and first_half["contacts_per_hour"].item() == 10.0
    assert first_half["agents"].item() == agents_needed(calls=5.0, interval_seconds=1800, handle_seconds=240)[0]
    half_cost = cxkit.staffing_cost(halves, agent_cost_month=1000)
    assert half_cost["agent_hours_week"] == pytest.approx(halves["agents"].sum() / 2)
    with pytest.raises(MetricError, match="interval_minutes"):
        cxkit.staffing(calls, interval_minutes=45)
    erlang_c_plan = cxkit.staffing(calls, model="erlang_c")
    assert set(erlang_c_plan["model"]) == {"erlang_c"} and "asa_seconds" in erlang_c_plan.columns
    assert "asa_seconds" in plan.columns and plan.filter(pl.col("contacts") > 0)["asa_seconds"].min() >= 0
    cost = cxkit.staffing_cost(plan, agent_cost_month=2000, shrinkage=0.2, hours_per_agent_week=40)
    total = float(plan["agents"].sum())
    assert cost["scheduled_hours_week"] == pytest.approx(total / 0.8)
    assert cost["monthly_cost"] == pytest.approx(total / 0.8 / 40 * 2000)
    assert "gap_fte" not in cost
    with_team = cxkit.staffing_cost(plan, agent_cost_month=2000, shrinkage=0.2, hours_per_agent_week=40,
                                    agents_today=3)
    assert with_team["gap_fte"] == pytest.approx(total / 0.8 / 40 - 3)  # short (> 0) or spare (< 0), by hand
    assert with_team["gap_cost"] == pytest.approx((total / 0.8 / 40 - 3) * 2000)
    assert cxkit.staffing_cost(plan.clear(), agent_cost_month=2000, agents_today=2)["gap_fte"] == -2
    with pytest.raises(MetricError, match="agents_today"):
        cxkit.staffing_cost(plan, agent_cost_month=2000, agents_today=-1)


def test_staffing_from_tickets_and_errors() -> None:
    tickets = pl.DataFrame({"created_at": [dt.datetime(2025, 3, 3, 10)] * 4, "handle_minutes": [5.0, 5.0, 10.0, 0.0]})
    plan = cxkit.staffing(tickets, target_seconds=3600)
    assert plan.filter(pl.col("contacts") > 0)["handle_seconds"].item() == pytest.approx(300.0)
    assert set(plan["model"]) == {"erlang_c"}
    with pytest.raises(MetricError, match="handle time"):
        cxkit.staffing(tickets.drop("handle_minutes"))
    with pytest.raises(MetricError, match="started_at"):
        cxkit.staffing(pl.DataFrame({"x": [1]}), handle_seconds=60)
    with pytest.raises(MetricError, match="Erlang A"):
        cxkit.staffing(tickets, model="erlang_a")
    empty = cxkit.staffing(tickets.clear(), handle_seconds=60)
    assert empty.height == 0 and "agents" in empty.columns


@settings(max_examples=60, deadline=None)
@given(st.floats(0.1, 400), st.floats(30, 900), st.floats(5, 60), st.one_of(st.none(), st.floats(10, 600)),
       st.floats(0.5, 0.95))
def test_properties(calls: float, handle: float, target: float, patience: float | None, level: float) -> None:
    needed = int(agents_needed(calls=calls, interval_seconds=3600, handle_seconds=handle, target_level=level,
                               target_seconds=target, patience_seconds=patience)[0])
    agents = np.arange(max(needed - 3, 0), needed + 4)
    if patience is None:
        rows = erlang_c(agents, calls=calls, interval_seconds=3600, handle_seconds=handle, target_seconds=target)
    else:
        rows = erlang_a(agents, calls=calls, interval_seconds=3600, handle_seconds=handle, target_seconds=target,
                        patience_seconds=patience)
        assert all(0 <= v <= 1 for v in rows["abandon_rate"])
    levels = rows["service_level"].to_list()
    assert all(0 <= v <= 1 for v in levels)
    assert levels == sorted(levels)  # more agents never answer fewer in time
    assert all(0 <= v <= 1 + 1e-12 for v in rows["occupancy"].drop_nulls())
    by_agents = dict(zip(rows["agents"].to_list(), levels, strict=True))
    assert by_agents[needed] >= level - 1e-9
    if needed > 0:
        assert by_agents[needed - 1] < level  # the fewest that meet the target


def test_patience_by_maximum_likelihood_by_hand() -> None:
    """Abandoned waits are events, answered waits censored: θ̂ = 3 ÷ (10 + 20 + 30 + 40 + 100) = 3 ÷ 200."""
    calls = pl.DataFrame({"outcome": ["abandoned"] * 3 + ["answered"] * 2 + ["voicemail"],
                          "wait_seconds": [10.0, 20.0, 30.0, 40.0, 100.0, 5000.0]})
    estimate = patience_estimate(calls)
    assert estimate.seconds == pytest.approx(200 / 3)  # voicemail left out
    assert (estimate.abandoned, estimate.answered, estimate.waited_seconds, estimate.reason) == (3, 2, 200.0, None)
    # the same by maximising the censored exponential log-likelihood numerically (scipy)
    events, censored = np.array([10.0, 20.0, 30.0]), np.array([40.0, 100.0])
    fit = optimize.minimize_scalar(lambda t: -(len(events) * np.log(t) - t * (events.sum() + censored.sum())),
                                   bounds=(1e-6, 1.0), method="bounded", options={"xatol": 1e-10})
    assert 1 / fit.x == pytest.approx(estimate.seconds, rel=1e-4)
    assert patience_seconds(calls) == estimate.seconds
    # a missing wait (null or NaN) still counts its call, at its outcome's mean known wait: 4 abandoned (waits
    # 10, 20, 30 and one at 20), 3 answered (40, 100 and one at 70): θ̂ = 4 ÷ (80 + 210)
    missing = pl.concat([calls, pl.DataFrame({"outcome": ["abandoned", "answered"],
                                              "wait_seconds": [None, float("nan")]})])
    estimate = patience_estimate(missing)
    assert estimate.seconds == pytest.approx(290 / 4) and estimate.waited_seconds == pytest.approx(290.0)
    assert (estimate.abandoned, estimate.answered) == (4, 3)
    assert (estimate.abandoned_without_wait, estimate.answered_without_wait) == (1, 1)


def test_patience_recovered_from_a_simulated_queue() -> None:
    """Exponential patience with a known mean (90 s) against exponential offered waits (the time an agent would
    have taken, mean 60 s): the caller abandons when patience runs out first. The estimate recovers 90 s within
    3 %; the old estimate with the abandoned waits missing (all waits ÷ abandoned count) does not."""
    rng = np.random.default_rng(7)
    n, mean = 60_000, 90.0
    patience, offered = rng.exponential(mean, n), rng.exponential(60.0, n)
    abandoned = patience < offered
    calls = pl.DataFrame({"outcome": np.where(abandoned, "abandoned", "answered"),
                          "wait_seconds": np.minimum(patience, offered)})
    assert patience_estimate(calls).seconds == pytest.approx(mean, rel=0.03)
    answered_waits = float(np.minimum(patience, offered)[~abandoned].sum())
    assert answered_waits / abandoned.sum() < 0.8 * mean  # what a formula ignoring the missing waits would say
    # a third of the abandoned calls' waits lost at random: still recovered (complete cases only would not be)
    lost = abandoned & (rng.random(n) < 1 / 3)
    holes = calls.with_columns(pl.when(pl.Series(lost)).then(None).otherwise(pl.col("wait_seconds"))
                               .alias("wait_seconds"))
    assert patience_estimate(holes).seconds == pytest.approx(mean, rel=0.03)
    complete = float(np.minimum(patience, offered)[~lost].sum()) / (abandoned & ~lost).sum()
    assert complete > 1.2 * mean


def test_no_patience_without_the_abandoned_waits_and_erlang_c_says_why() -> None:
    calls = calls_frame().with_columns(
        pl.when(pl.col("outcome") == "abandoned").then(None).otherwise(pl.col("wait_seconds")).alias("wait_seconds"))
    estimate = patience_estimate(calls)
    assert (estimate.seconds, estimate.reason, estimate.abandoned_without_wait) == (None, "abandoned_waits_missing", 2)
    plan = cxkit.staffing(calls)
    assert set(plan["model"]) == {"erlang_c"} and set(plan["model_reason"]) == {"abandoned_waits_missing"}
    assert plan["patience_seconds"].null_count() == plan.height
    assert "abandon_rate" not in plan.columns
    given = cxkit.staffing(calls, patience=75.0)
    assert set(given["model"]) == {"erlang_a"} and set(given["model_reason"]) == {"patience_given"}
    assert set(given["patience_seconds"]) == {75.0}
    with pytest.raises(MetricError, match="abandoned calls carry no wait"):
        cxkit.staffing(calls, model="erlang_a")
    with pytest.raises(MetricError, match="patience"):
        cxkit.staffing(calls, patience=0.0)
    none_abandoned = calls_frame().filter(pl.col("outcome") == "answered")
    assert patience_estimate(none_abandoned).reason == "no_abandoned_calls"
    assert set(cxkit.staffing(none_abandoned)["model_reason"]) == {"no_abandoned_calls"}
    answered_unknown = calls_frame().with_columns(
        pl.when(pl.col("outcome") == "answered").then(None).otherwise(pl.col("wait_seconds")).alias("wait_seconds"))
    assert patience_estimate(answered_unknown).reason == "answered_waits_missing"
    assert set(cxkit.staffing(answered_unknown)["model"]) == {"erlang_c"}
    zero = calls_frame().with_columns(pl.lit(0.0).alias("wait_seconds"))
    assert patience_estimate(zero).reason == "zero_waits"
    estimated = cxkit.staffing(calls_frame())
    assert set(estimated["model_reason"]) == {"patience_estimated"} and set(estimated["patience_seconds"]) == {80.0}
    assert set(cxkit.staffing(calls_frame(), model="erlang_c")["model_reason"]) == {"erlang_c_chosen"}
    tickets = pl.DataFrame({"created_at": [dt.datetime(2025, 3, 3, 9)], "handle_minutes": [5.0]})
    assert set(cxkit.staffing(tickets)["model_reason"]) == {"no_wait_data"}
    assert cxkit.staffing(calls_frame().clear(), handle_seconds=240).columns[-3:] == ["model", "model_reason", "patience_seconds"]
    with pytest.raises(MetricError, match="0 seconds or more"):
        patience_estimate(calls_frame().with_columns(pl.lit(-1.0).alias("wait_seconds")))


def test_a_nan_wait_is_a_missing_wait() -> None:
    calls = calls_frame()
    nan = calls.with_columns(pl.when(pl.col("wait_seconds") == 30.0).then(float("nan"))
                             .otherwise(pl.col("wait_seconds")).alias("wait_seconds"))
    null = calls.with_columns(pl.when(pl.col("wait_seconds") == 30.0).then(None)
                              .otherwise(pl.col("wait_seconds")).alias("wait_seconds"))
    assert patience_estimate(nan) == patience_estimate(null)
    assert patience_estimate(nan).seconds == pytest.approx((8 * 10 + 2 * 50) / 2)  # the NaN wait at the mean 50
    assert set(cxkit.staffing(nan)["model"]) == {"erlang_a"}
