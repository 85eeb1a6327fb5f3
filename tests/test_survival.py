"""Kaplan–Meier retention by tenure: a hand-worked example, a plain-Python estimator, snapshots and dates."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from tests.conftest import DATA


def snapshot(rows: list[tuple[float, bool]], **segments: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame({"customer_id": [f"c{i}" for i in range(len(rows))], "tenure_months": [float(t) for t, _ in rows],
                          "churned": [e for _, e in rows]})
    return frame.with_columns(pl.Series(k, v) for k, v in segments.items())


def test_hand_worked_kaplan_meier() -> None:
    # left at 1, 2, 3, 5; still active at 2 and 4 (censored there)
    frame = snapshot([(1, True), (2, True), (2, False), (3, True), (4, False), (5, True)])
    curve = cxkit.survival(frame)
    assert curve["tenure"].to_list() == [1.0, 2.0, 3.0, 5.0]
    assert curve["at_risk"].to_list() == [6, 5, 3, 1]
    assert curve["censored"].to_list() == [0, 1, 0, 0]
    assert curve["retention"].to_list() == pytest.approx([5 / 6, 4 / 6, 4 / 6 * 2 / 3, 0.0])
    assert cxkit.median_lifetime(frame)["median_months"][0] == 3.0


def plain_kaplan_meier(rows: list[tuple[float, bool]]) -> dict[float, float]:
    survival, out = 1.0, {}
    for t in sorted({t for t, e in rows if e}):
        at_risk = sum(1 for s, _ in rows if s >= t)
        died = sum(1 for s, e in rows if s == t and e)
        survival *= 1 - died / at_risk
        out[t] = survival
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 36).map(float), st.booleans()), min_size=1, max_size=60))
def test_against_a_plain_estimator_and_invariants(rows: list[tuple[float, bool]]) -> None:
    curve = cxkit.survival(snapshot(rows))
    reference = plain_kaplan_meier(rows)
    assert dict(zip(curve["tenure"].to_list(), curve["retention"].to_list(), strict=True)) == pytest.approx(reference)
    values = curve["retention"].to_list()
    assert all(0 <= v <= 1 for v in values) and values == sorted(values, reverse=True)
    for row in curve.iter_rows(named=True):
        if row["retention_low"] is not None and row["retention_high"] is not None:
            assert row["retention_low"] - 1e-9 <= row["retention"] <= row["retention_high"] + 1e-9


def test_groups_and_median_not_reached() -> None:
    frame = snapshot([(1, True), (2, True), (3, False), (10, False), (12, False), (24, False)],
                     plan=["Mensual"] * 3 + ["Anual"] * 3)
    table = cxkit.median_lifetime(frame, by="plan")
    assert dict(table.select("plan", "median_months").iter_rows()) == {"Anual": None, "Mensual": 2.0}
    assert dict(table.select("plan", "median_reached").iter_rows()) == {"Anual": False, "Mensual": True}
    assert cxkit.survival(frame, by="plan")["plan"].unique().to_list() == ["Mensual"]  # nobody left the annual plan


def test_dates_censor_active_customers_at_the_end_of_the_data() -> None:
    frame = pl.DataFrame({
        "customer_id": ["a", "b", "c"],
        "acquired_at": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 1), dt.datetime(2024, 7, 1)],
        "churned_at": [dt.datetime(2024, 7, 1), None, None],
    })
    lives = cxkit.lifetimes(frame, as_of="2025-01-01").sort("customer_id")
    assert lives["event"].to_list() == [True, False, False]
    assert lives["tenure"].to_list() == pytest.approx([182 / 30.4375, 366 / 30.4375, 184 / 30.4375])
    curve = cxkit.survival(frame, as_of="2025-01-01")
    assert curve["retention"].to_list() == pytest.approx([2 / 3])


def test_snapshot_exports_load_and_give_churn_by_segment() -> None:
    telco = cxkit.load(DATA / "telco_snapshot.csv")
    assert telco.kind == "customers" and telco.mapping["churned"] == "Churn" and telco.mapping["tenure_months"] == "tenure"
    share = dict(cxkit.churn_share(telco.frame, by="plan").select("plan", "churn_share").iter_rows())
    assert share == {"Month-to-month": 0.5, "One year": 0.0}
    spanish = cxkit.load(DATA / "clientes_bajas_es.csv")
    assert spanish.frame["churned"].to_list() == [False, True, False, True, False]
    assert spanish.frame["mrr"].to_list() == [19.9, 19.9, 29.9, 19.9, 29.9]
    at_risk = cxkit.churn_share(spanish.frame).row(0, named=True)
    assert at_risk["revenue_at_risk"] == pytest.approx(39.8) and at_risk["churn_share"] == pytest.approx(0.4)


def test_without_tenure_or_dates_the_message_says_what_is_needed() -> None:
    with pytest.raises(cxkit.MetricError, match="tenure_months"):
        cxkit.survival(pl.DataFrame({"customer_id": ["a"]}))


def test_median_not_reached_is_said() -> None:
    """By hand: 1 of 4 left (retention 0.75 at the end): the median is not reached, which is not 'no data'."""
    few_left = snapshot([(1, True), (2, False), (3, False), (4, False)])
    row = cxkit.median_lifetime(few_left).row(0, named=True)
    assert (row["median_months"], row["median_reached"]) == (None, False)
    half = snapshot([(1, True), (2, True), (3, False), (4, False)])  # retention 0.5 at 2: reached there
    assert cxkit.median_lifetime(half).row(0, named=True) == {"median_months": 2.0, "median_reached": True}
    nobody = cxkit.median_lifetime(few_left.clear()).row(0, named=True)
    assert (nobody["median_months"], nobody["median_reached"]) == (None, None)
    grouped = snapshot([(1, True), (2, False), (3, False), (1, True), (2, True)], plan=["a", "a", "a", "b", "b"])
    assert cxkit.median_lifetime(grouped, by="plan").rows() == [("a", None, False), ("b", 1.0, True)]
    assert cxkit.median_lifetime(grouped.clear(), by="plan").columns == ["plan", "median_months", "median_reached"]
