"""The ROI planner: distributions, hand-computed cases for each benefit, simulation reference,
properties, validation, JSON, tornado, break-even and prioritising."""

from __future__ import annotations

import json
import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxkit import roi
from cxkit.roi import Baseline, Estimate, Initiative, Scenario, ScenarioError

E = Estimate


def test_pert_and_triangular_reference_values() -> None:
    assert roi.pert(80, 120, 200).mean() == pytest.approx(126.667, abs=1e-3)
    assert roi.pert(80, 120, 200).var() == pytest.approx(488.889, abs=1e-3)
    assert roi.pert(10, 20, 60).mean() == pytest.approx(25.0)
    assert roi.pert(10, 20, 60).var() == pytest.approx(75.0)
    assert roi.pert(0, 1, 2).var() == pytest.approx(0.142857, abs=1e-6)
    assert roi.pert(80, 120, 200).ppf(0.1) == pytest.approx(98.3633, abs=1e-3)
    assert roi.pert(80, 120, 200).ppf(0.9) == pytest.approx(157.335, abs=1e-3)
    assert roi.triangular(50, 60, 90).mean() == pytest.approx(66.6667, abs=1e-4)
    assert roi.triangular(50, 60, 90).var() == pytest.approx(72.2222, abs=1e-4)
    assert roi.triangular(10, 20, 60).var() == pytest.approx(116.667, abs=1e-3)
    assert roi.pert(5, 5, 5).mean() == 5.0
    with pytest.raises(ScenarioError, match="in order"):
        roi.pert(3, 1, 2)


def test_numpy_sampler_matches_the_scipy_distribution() -> None:
    from cxkit.roi import _sample

    rng = np.random.default_rng(7)
    draws = _sample(E(80, 120, 200), 200_000, rng)
    assert draws.mean() == pytest.approx(126.667, rel=5e-3)
    assert draws.var() == pytest.approx(488.889, rel=2e-2)
    assert np.percentile(draws, 10) == pytest.approx(98.3633, rel=5e-3)
    tri = _sample(E(50, 60, 90, "triangular"), 200_000, rng)
    assert tri.mean() == pytest.approx(66.6667, rel=5e-3)


def flat_baseline(**overrides: object) -> Baseline:
    values: dict[str, object] = dict(active_customers=E.certain(1000), monthly_churn=E.certain(0.05),
                                     revenue_per_customer=E.certain(20), tickets_per_month=E.certain(400),
                                     cost_per_ticket=E.certain(6), cost_per_minute=E.certain(0.5),
                                     happy_share=E.certain(0.8), acquisition_cost=E.certain(50), margin=E.certain(1),
                                     value_per_answered_call=E.certain(12.5))
    values.update(overrides)
    return Baseline(**values)  # type: ignore[arg-type]


def one(initiative: Initiative, *, horizon: int = 3, rate: float = 0.0, baseline: Baseline | None = None) -> Scenario:
    return Scenario("test", baseline or flat_baseline(), (initiative,), horizon_months=horizon, discount_rate=rate)


def case(scenario: Scenario, name: str = "Total", which: str = "likely") -> dict[str, object]:
    frame = roi.evaluate(scenario)
    return frame.filter((pl.col("initiative") == name) & (pl.col("case") == which)).row(0, named=True)


def test_retention_benefit_by_hand() -> None:
    scenario = one(Initiative("Callbacks", churn_reduction=E(0.005, 0.01, 0.02)))
    kept = sum(1000 * ((1 - 0.05 + 0.01) ** m - (1 - 0.05) ** m) for m in (1, 2, 3))  # 10 + 19.1 + 27.361
    assert kept == pytest.approx(56.461)
    assert case(scenario)["benefit_retention"] == pytest.approx(kept * 20)
    worst = sum(1000 * ((1 - 0.05 + 0.005) ** m - 0.95**m) for m in (1, 2, 3)) * 20
    best = sum(1000 * ((1 - 0.05 + 0.02) ** m - 0.95**m) for m in (1, 2, 3)) * 20
    assert case(scenario, which="worst")["benefits"] == pytest.approx(worst)
    assert case(scenario, which="best")["benefits"] == pytest.approx(best)


@pytest.mark.parametrize(
    ("initiative", "part", "monthly"),
    [
        (Initiative("Upsell", upsell_revenue=E(200, 500, 900)), "benefit_upsell", 500.0),
        (Initiative("Save", save_the_sale_revenue=E(500, 1000, 1500), save_the_sale_discount=E.certain(0.15)),
         "benefit_save_the_sale", 850.0),
        (Initiative("Bot", tickets_deflected=E(10, 30, 50), handle_minutes_saved=E.certain(120)),
         "benefit_cost_to_serve", 30 * 6 + 120 * 0.5),
        (Initiative("Kindness", happy_shift=E(0.01, 0.05, 0.1)), "benefit_word_of_mouth", 400 * 0.05 * (10 + 3) * 0.01 * 50),
        (Initiative("Loyalty", price_premium=E(0.01, 0.02, 0.03)), "benefit_price_premium", 0.02 * 1000 * 20),
        (Initiative("Other", other_benefit=E(0, 100, 200)), "benefit_other", 100.0),
        (Initiative("Callback", abandoned_calls_saved=E(10, 40, 60)), "benefit_calls", 40 * 12.5),
    ],
)
def test_each_benefit_by_hand(initiative: Initiative, part: str, monthly: float) -> None:
    row = case(one(initiative))
    assert row[part] == pytest.approx(3 * monthly)
    assert row["benefits"] == pytest.approx(3 * monthly)
    assert row["costs"] == 0 and row["roi"] is None  # nothing spent: ROI is undefined, not a silent 0


def test_margin_and_unknown_acquisition_cost() -> None:
    baseline = flat_baseline(margin=E.certain(0.4), acquisition_cost=None)
    assert case(one(Initiative("Upsell", upsell_revenue=E.certain(500)), baseline=baseline))["benefits"] == \
        pytest.approx(3 * 500 * 0.4)
    # without an acquisition cost a new customer is worth a year of revenue (× margin)
    wom = case(one(Initiative("Kindness", happy_shift=E.certain(0.05)), baseline=baseline))["benefits"]
    assert wom == pytest.approx(3 * 400 * 0.05 * 13 * 0.01 * 12 * 20 * 0.4)


def test_costs_cases_payback_and_npv_by_hand() -> None:
    initiative = Initiative("Agent", one_off_cost=E(800, 1000, 1500), monthly_cost=E(100, 200, 400),
                            other_benefit=E(400, 500, 600))
    scenario = one(initiative, horizon=6, rate=0.10)
    likely = case(scenario)
    assert likely["costs"] == 1000 + 6 * 200 and likely["benefits"] == 3000
    assert likely["net_gain"] == 800 and likely["roi"] == pytest.approx(800 / 2200)
    assert likely["payback_month"] == 4  # −1000 + 300·m ≥ 0 from month 4
    r = 1.1 ** (1 / 12) - 1
    npv = -1000 + sum(300 / (1 + r) ** m for m in range(1, 7))
    assert likely["npv"] == pytest.approx(npv)
    worst = case(scenario, which="worst")
    assert worst["costs"] == 1500 + 6 * 400 and worst["benefits"] == 2400  # benefits low, costs high
    assert worst["payback_month"] is None
    best = case(scenario, which="best")
    assert best["costs"] == 800 + 6 * 100 and best["benefits"] == 3600


def reference_model(n: int = 400_000, seed: int = 20240501) -> roi.Simulation:
    initiative = Initiative("Model", one_off_cost=E(50_000, 60_000, 90_000, "triangular"),
                            other_benefit=E(80_000, 120_000, 200_000))
    return roi.simulate(one(initiative, horizon=1, baseline=flat_baseline(monthly_churn=E.certain(0.0))), n=n, seed=seed)


def test_simulation_reference_model() -> None:
    summary = reference_model().of()
    assert summary["mean_roi"] == pytest.approx(0.930636, rel=0.01)
    assert summary["p5_roi"] == pytest.approx(0.314943, rel=0.01)
    assert summary["p50_roi"] == pytest.approx(0.891592, rel=0.01)
    assert summary["p95_roi"] == pytest.approx(1.68221, rel=0.01)
    assert summary["probability_of_loss"] == pytest.approx(0.000295, abs=0.00012)
    assert summary["mean_net_gain"] == pytest.approx(60_000, rel=0.01)


def test_simulation_is_seeded_and_shaped() -> None:
    scenario = roi.examples()["tienda_verde_plan"]
    a, b = roi.simulate(scenario, n=2000, seed=3), roi.simulate(scenario, n=2000, seed=3)
    assert a.draws.equals(b.draws)
    assert a.draws.height == 2000
    assert {f"net_gain_{i.name}" for i in scenario.initiatives} <= set(a.draws.columns)
    per_initiative = sum(a.draws[f"net_gain_{i.name}"] for i in scenario.initiatives)
    assert np.allclose(per_initiative.to_numpy(), a.draws["net_gain"].to_numpy())
    with pytest.raises(ScenarioError, match="at least 100"):
        roi.simulate(scenario, n=10)


estimate = st.tuples(st.floats(0, 1000), st.floats(0, 1000), st.floats(0, 1000)).map(lambda t: E(*sorted(t)))
share = st.tuples(st.floats(0, 0.1), st.floats(0, 0.1), st.floats(0, 0.1)).map(lambda t: E(*sorted(t)))


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    initiatives = []
    for i in range(draw(st.integers(1, 3))):
        initiatives.append(Initiative(
            f"I{i}", one_off_cost=draw(estimate), monthly_cost=draw(estimate), churn_reduction=draw(
                st.tuples(st.floats(0, 0.01), st.floats(0, 0.01), st.floats(0, 0.01)).map(lambda t: E(*sorted(t)))),
            upsell_revenue=draw(estimate), save_the_sale_revenue=draw(estimate), save_the_sale_discount=draw(share),
            tickets_deflected=draw(estimate), happy_shift=draw(share), price_premium=draw(share)))
    return Scenario("random", flat_baseline(), tuple(initiatives), horizon_months=draw(st.integers(1, 24)),
                    discount_rate=draw(st.floats(0, 0.3)))


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_worst_likely_best_are_ordered_and_simulation_stays_inside(scenario: Scenario) -> None:
    frame = roi.evaluate(scenario)
    for name in [*(i.name for i in scenario.initiatives), "Total"]:
        rows = {r["case"]: r for r in frame.filter(pl.col("initiative") == name).iter_rows(named=True)}
        assert rows["worst"]["net_gain"] <= rows["likely"]["net_gain"] + 1e-6
        assert rows["likely"]["net_gain"] <= rows["best"]["net_gain"] + 1e-6
    total = {r["case"]: r["net_gain"] for r in frame.filter(pl.col("initiative") == "Total").iter_rows(named=True)}
    summary = roi.simulate(scenario, n=2000, seed=1).of()
    assert total["worst"] - 1e-6 <= summary["p5_net_gain"] <= summary["p95_net_gain"] <= total["best"] + 1e-6
    swings = roi.tornado(scenario)["swing"].to_list()
    assert all(s >= 0 for s in swings) and swings == sorted(swings, reverse=True)


def test_tornado_names_what_matters() -> None:
    scenario = one(Initiative("A", monthly_cost=E(100, 200, 300), other_benefit=E(0, 500, 2000)), horizon=1)
    table = roi.tornado(scenario)
    assert table["input"].to_list() == ["A.other_benefit", "A.monthly_cost"]
    assert table.row(0, named=True)["swing"] == pytest.approx(2000)
    assert table.row(1, named=True)["net_gain_at_high"] == pytest.approx(500 - 300)


def test_break_even() -> None:
    scenario = one(Initiative("A", monthly_cost=E(500, 800, 900), other_benefit=E.certain(1000)), horizon=12)
    assert roi.break_even(scenario, "A.monthly_cost") == pytest.approx(1000, rel=1e-6)
    churny = one(Initiative("Retain", monthly_cost=E.certain(100), churn_reduction=E(0.001, 0.002, 0.003)), horizon=12)
    x = roi.break_even(churny, "Retain.churn_reduction")
    assert x is not None and 0 < x < 0.05
    assert case(one(Initiative("Retain", monthly_cost=E.certain(100), churn_reduction=E.certain(x)), horizon=12))[
        "net_gain"] == pytest.approx(0, abs=1e-3)
    always = one(Initiative("Free", other_benefit=E(1, 2, 3)), horizon=3)
    assert roi.break_even(always, "Free.other_benefit") == pytest.approx(0.0, abs=1e-9)
    never = one(Initiative("Gift", monthly_cost=E(0, 0, 1), other_benefit=E.certain(100)), horizon=3)
    assert roi.break_even(never, "baseline.cost_per_ticket") is None
    with pytest.raises(ScenarioError, match="unknown input"):
        roi.break_even(scenario, "A.nothing")


def test_prioritise_with_and_without_budget() -> None:
    scenario = Scenario("plan", flat_baseline(), (
        Initiative("Cheap winner", monthly_cost=E.certain(100), other_benefit=E.certain(400)),
        Initiative("Big winner", monthly_cost=E.certain(1000), other_benefit=E.certain(2000)),
        Initiative("Loser", monthly_cost=E.certain(500), other_benefit=E.certain(100)),
    ), horizon_months=10)
    ranked = roi.prioritise(scenario, n=500)
    assert ranked["initiative"].to_list() == ["Cheap winner", "Big winner", "Loser"]
    assert ranked["probability_of_loss"].to_list() == [0.0, 0.0, 1.0]
    assert not ranked["selected"].any()
    # 11,000 fits both winners (1,000 + 10,000); 10,500 only one, the bigger gain; never the loser
    assert roi.prioritise(scenario, budget=11_000, n=500).filter("selected")["initiative"].to_list() == \
        ["Cheap winner", "Big winner"]
    assert roi.prioritise(scenario, budget=10_500, n=500).filter("selected")["initiative"].to_list() == ["Big winner"]
    assert roi.prioritise(scenario, budget=5_000, n=500).filter("selected")["initiative"].to_list() == ["Cheap winner"]
    with pytest.raises(ScenarioError, match="budget"):
        roi.prioritise(scenario, budget=-1)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: one(Initiative("A", monthly_cost=E(300, 200, 400))), "A.monthly_cost: values must be in order"),
        (lambda: one(Initiative("A", tickets_deflected=E(-5, 0, 5))), "cannot be negative"),
        (lambda: one(Initiative("A", churn_reduction=E(0.01, 0.02, 0.08))), "larger than the monthly churn"),
        (lambda: one(Initiative("A"), horizon=0), "horizon_months"),
        (lambda: one(Initiative("A", upsell_revenue=E(1, float("nan"), 3))), "finite"),
        (lambda: one(Initiative("A", price_premium=E(0, 5, 10))), "share between 0 and 1"),
        (lambda: one(Initiative("A", happy_shift=E(0, 0.1, 0.5))), "unhappy contacts"),
        (lambda: Scenario("x", flat_baseline(), (Initiative("A"), Initiative("A"))), "unique"),
        (lambda: Scenario("x", flat_baseline(), ()), "at least one initiative"),
        (lambda: one(Initiative("A"), rate=1.5), "discount_rate"),
        (lambda: one(Initiative("A"), baseline=flat_baseline(active_customers=E(-1, 0, 1))), "baseline.active_customers"),
    ],
)
def test_validation_names_the_input(make: object, message: str) -> None:
    with pytest.raises(ScenarioError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()  # type: ignore[operator]


def test_json_round_trip_and_errors() -> None:
    for scenario in roi.examples().values():
        again = Scenario.from_json(scenario.to_json())
        assert again == scenario
        assert roi.evaluate(again).equals(roi.evaluate(scenario))
    data = json.loads(roi.examples()["faq_bot"].to_json())
    with pytest.raises(ScenarioError, match="version"):
        Scenario.from_json(json.dumps({**data, "version": 99}))
    with pytest.raises(ScenarioError, match="not valid JSON"):
        Scenario.from_json("{nope")
    bad = json.loads(json.dumps(data))
    bad["initiatives"][0]["monthly_cost"] = {"low": 300, "likely": 100, "high": 200}
    with pytest.raises(ScenarioError, match=r"FAQ and chatbot\.monthly_cost"):
        Scenario.from_json(json.dumps(bad))
    bad = json.loads(json.dumps(data))
    bad["initiatives"][0]["magic"] = 1
    with pytest.raises(ScenarioError, match=r"initiatives\[0\]: unknown input"):
        Scenario.from_json(json.dumps(bad))
    bad = json.loads(json.dumps(data))
    bad["baseline"]["monthly_churn"] = "mucho"
    with pytest.raises(ScenarioError, match=r"baseline\.monthly_churn"):
        Scenario.from_json(json.dumps(bad))


def test_examples_ship_and_evaluate() -> None:
    examples = roi.examples()
    assert {"tienda_verde_plan", "faq_bot"} <= set(examples)
    for scenario in examples.values():
        frame = roi.evaluate(scenario)
        assert frame.height == 3 * (len(scenario.initiatives) + 1)
        assert not math.isnan(frame["net_gain"].sum())


def test_inputs_table_lists_every_estimate() -> None:
    scenario = roi.examples()["tienda_verde_plan"]
    table = roi.inputs(scenario)
    assert set(table["kind"]) == {"baseline", "assumption", "benefit", "cost"}
    assert (table["low"] <= table["likely"]).all() and (table["likely"] <= table["high"]).all()
    assert "Hire a half-time agent for written replies.monthly_cost" in table["input"].to_list()


def test_benchmark_scenario_is_the_promised_shape() -> None:
    from bench.bench_roi import DRAWS, scenario

    plan = scenario()
    assert len(plan.initiatives) == 5 and DRAWS == 100_000
    assert roi.simulate(plan, n=500).draws.height == 500
