"""The ROI plan's figures, computed once and read by every place that shows them: the ROI planner (its cases, its
simulation, the plan comparison cards), the presentation's plan slide and the Excel report's ROI sheet.

A plan's result depends only on the plan (its JSON: the baseline is stored in it), the number of simulated
futures and the seed, so one ``Result`` is kept per (plan, draws, seed) in the session and the same object is
read everywhere: the same figure never shows two values on two screens.

The plan's baseline is taken from all the data (every period, every segment), never from the page's view: a
plan's costs are the whole business's, so a segment's customers against them would not be the plan's result,
and the baseline needs the last twelve complete months whatever period is being looked at."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import polars as pl
import streamlit as st

from cxkit import roi

DRAWS = (10_000, 20_000, 50_000, 100_000)  # the planner's choices of simulated futures
DEFAULT_DRAWS = 20_000
SEED = 0
DEFAULT_EXAMPLE = "tienda_verde_plan"
CACHE_KEY = "_plan_results"
CACHE_ENTRIES = 8  # the plan being edited and the plans being compared
BASELINE_FIELDS = ("active_customers", "monthly_churn", "revenue_per_customer", "tickets_per_month",
                   "cost_per_ticket", "cost_per_minute", "happy_share")


@dataclass(frozen=True)
class Result:
    """Everything shown about one plan: the three cases per initiative (``roi.evaluate``), the simulation and the
    plan's likely row and simulated summary taken from them."""

    scenario: roi.Scenario
    cases: pl.DataFrame
    simulation: roi.Simulation
    draws: int
    seed: int

    @property
    def total(self) -> dict[str, dict[str, Any]]:
        """The plan's (``Total``) row of each case, by case."""
        rows = self.cases.filter(pl.col("initiative") == roi.TOTAL).iter_rows(named=True)
        return {row["case"]: row for row in rows}

    @property
    def likely(self) -> dict[str, Any]:
        return self.total["likely"]

    @property
    def summary(self) -> dict[str, Any]:
        """The plan's row of the simulation summary (``probability_of_loss``, ``p5_net_gain`` …)."""
        return self.simulation.of()


def draws() -> int:
    """The number of simulated futures chosen on the planner (its default before the planner is opened)."""
    try:
        value = int(st.session_state.get("roi_draws", DEFAULT_DRAWS))
    except (TypeError, ValueError):
        value = DEFAULT_DRAWS
    return value if value in DRAWS else DEFAULT_DRAWS


def result(scenario_json: str, n: int | None = None, seed: int = SEED) -> Result:
    """The plan's result, computed once per (plan, draws, seed) in this session and read by every page.

    Raises:
        ScenarioError: The plan cannot be computed.
    """
    n = draws() if n is None else n
    key = (scenario_json, n, seed)
    cache: OrderedDict[tuple[str, int, int], Result] | None = None
    with contextlib.suppress(Exception):  # outside a session (a script, a thread): nothing to keep
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        if get_script_run_ctx(suppress_warning=True) is not None:
            cache = st.session_state.setdefault(CACHE_KEY, OrderedDict())
    if cache is not None and key in cache:
        cache.move_to_end(key)
        return cache[key]
    scenario = roi.Scenario.from_json(scenario_json)
    computed = Result(scenario, roi.evaluate(scenario), roi.simulate(scenario, n=n, seed=seed), n, seed)
    if cache is not None:
        cache[key] = computed
        while len(cache) > CACHE_ENTRIES:
            cache.popitem(last=False)
    return computed


def merge_baseline(example: roi.Baseline, data: roi.Baseline) -> roi.Baseline:
    """The data's values where the data had them, the example's elsewhere."""
    values = {}
    for name in BASELINE_FIELDS:
        from_data = (data.note_codes.get(name) or {}).get("code") != "missing"
        values[name] = getattr(data if from_data else example, name)
    return roi.Baseline(**values, acquisition_cost=example.acquisition_cost, margin=example.margin,
                        notes=dict(data.notes), note_codes=dict(data.note_codes))


def from_example(example: roi.Scenario, data: dict[str, pl.DataFrame] | None) -> roi.Scenario:
    """An example plan with the baseline taken from ``data`` (all the data: every period and segment) where it has
    the values; the example as it is without data (or when its initiatives do not fit the data's baseline)."""
    if not data:
        return example
    baseline = roi.baseline_from_data(data.get("tickets"), data.get("responses"), data.get("customers"),
                                      data.get("orders"), data.get("costs"))
    with contextlib.suppress(roi.ScenarioError):
        return roi.with_baseline(example, merge_baseline(example.baseline, baseline))
    return example


def default_json(data: dict[str, pl.DataFrame] | None, lang: str, *, from_data: bool = True) -> str:
    """The plan the ROI planner starts with when none is open: the first example, its baseline from the data (the
    planner's "Baseline from my data" is on unless switched off). The presentation shows this same plan before
    the planner has been opened."""
    example = roi.examples(lang)[DEFAULT_EXAMPLE]
    return from_example(example, data if from_data else None).to_json()


def current_json(data: dict[str, pl.DataFrame], lang: str) -> str | None:
    """The plan the app shows (the presentation's plan slide, the Excel report's ROI sheets): the one open on the
    planner, or, on the sample data before the planner has been opened, the plan it will start with; its texts in
    ``lang`` when it is an example. None without a plan."""
    text = st.session_state.get("scenario_json")
    if not text and st.session_state.get("use_sample"):
        from ui.state import memo

        from_data = bool(st.session_state.get("roi_from_data", True))
        text = memo("default_plan", (tuple(sorted(data.items())), lang, from_data),  # once per data and language
                    lambda: default_json(data, lang, from_data=from_data))
    if not text:
        return None
    try:
        scenario = roi.Scenario.from_json(text)
    except roi.ScenarioError:
        return None
    translated = roi.in_language(scenario, lang)  # what the planner stores when it is opened in this language
    return translated.to_json() if translated != scenario else str(text)


def shown(computed: Result) -> dict[str, str]:
    """The plan's headline figures as every screen writes them (the planner, the comparison cards, the
    presentation): the same value is the same text wherever it appears."""
    from ui.i18n import fmt_money, fmt_pct

    likely, summary = computed.likely, computed.summary
    payback = likely["payback_month"]
    return {"net_gain": fmt_money(likely["net_gain"]), "roi": fmt_pct(likely["roi"], 0),
            "payback_month": str(payback) if payback is not None else "—",
            "probability_of_loss": fmt_pct(summary["probability_of_loss"]),
            "mean_net_gain": fmt_money(summary["mean_net_gain"]), "mean_roi": fmt_pct(summary["mean_roi"], 0),
            "p5": fmt_money(summary["p5_net_gain"]), "p50": fmt_money(summary["p50_net_gain"]),
            "p95": fmt_money(summary["p95_net_gain"])}


def service_roi(orders: pl.DataFrame, costs: pl.DataFrame, customers: pl.DataFrame | None,
                margin: float) -> pl.DataFrame:
    """The monthly service ROI (``roi.monthly_service_roi``) of the view's period and filters, computed once per
    session for the same frames and margin: the planner's "Monthly service ROI" and the presentation's "What service
    brings back" read this one table."""
    from ui.state import memo

    return memo("service_roi", (orders, costs, customers, float(margin)),
                lambda: roi.monthly_service_roi(orders, costs, customers, margin=margin))


def service_totals(monthly: pl.DataFrame) -> dict[str, Any]:
    """The service ROI's parts added up over the months shown."""
    return monthly.select(pl.col("save_the_sale_net", "assisted_sales", "retention_value", "value", "cost").sum()
                          ).row(0, named=True)
