"""Ticket-type drift against the published references; sales and revenue after a contact by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.spatial.distance import jensenshannon

import cxkit
from tests.metric_helpers import FRAME_KINDS, as_kind

D = dt.datetime
BASE, CUR = ("2024-01-01", "2024-02-01"), ("2024-02-01", "2024-03-01")


def drift_frame(baseline: list[int], current: list[int]) -> pl.DataFrame:
    names = [f"type {i}" for i in range(len(baseline))]
    rows = [(D(2024, 1, 10), n) for n, count in zip(names, baseline, strict=True) for _ in range(count)]
    rows += [(D(2024, 2, 10), n) for n, count in zip(names, current, strict=True) for _ in range(count)]
    return pl.DataFrame(rows, schema={"created_at": pl.Datetime("us"), "ticket_type": pl.String}, orient="row")


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_drift_reference_a(kind: str) -> None:
    result = cxkit.type_drift(as_kind(drift_frame([120, 200, 80, 60, 40], [150, 170, 70, 90, 20]), kind),
                              baseline=BASE, current=CUR)
    assert result.chi2 == pytest.approx(19.0991, abs=1e-4)
    assert result.dof == 4
    assert result.p_value == pytest.approx(0.00075148, rel=1e-4)
    assert result.cramers_v == pytest.approx(0.138199, abs=1e-6)
    assert result.js_distance == pytest.approx(0.117928, abs=1e-6)
    assert result.psi == pytest.approx(0.0767302, abs=1e-6)  # +0.5 on every count
    assert (result.baseline_total, result.current_total) == (500, 500)


def test_drift_reference_b_with_a_new_type() -> None:
    result = cxkit.type_drift(drift_frame([300, 500, 120, 80, 0], [280, 450, 110, 100, 60]), baseline=BASE,
                              current=CUR)
    assert result.chi2 == pytest.approx(65.9782, abs=1e-4)
    assert result.p_value == pytest.approx(1.60084e-13, rel=1e-4)
    assert result.cramers_v == pytest.approx(0.181629, abs=1e-6)
    assert result.js_distance == pytest.approx(0.179328, abs=1e-6)
    assert result.psi == pytest.approx(0.298944, abs=1e-6)
    assert result.new == ["type 4"]
    row = result.table.filter(pl.col("category") == "type 4").row(0, named=True)
    assert (row["baseline_count"], row["current_count"], row["status"]) == (0, 60, "new")


def test_per_type_test_is_the_two_proportion_z_test() -> None:
    # Evidently's "z" test: 120/400 vs 150/380 -> |z| = 2.77985, p = 0.00543844
    frame = drift_frame([120, 280], [150, 230])
    row = cxkit.type_drift(frame, baseline=BASE, current=CUR).table.filter(pl.col("category") == "type 0").row(
        0, named=True)
    assert abs(row["z"]) == pytest.approx(2.77985, abs=1e-5)
    assert row["p_value"] == pytest.approx(0.00543844, rel=1e-5)
    assert row["status"] == "rising"
    assert row["change_pts"] == pytest.approx(100 * (150 / 380 - 120 / 400))


def test_statuses_and_multiple_comparison_adjustment() -> None:
    result = cxkit.type_drift(drift_frame([400, 300, 50, 40], [100, 310, 0, 26]), baseline=BASE, current=CUR)
    status = dict(result.table.select("category", "status").iter_rows())
    assert status == {"type 0": "falling", "type 1": "rising", "type 2": "vanished", "type 3": "stable"}
    p = result.table.sort("category")["p_value"].to_numpy()
    assert result.table.sort("category")["p_adjusted"].to_numpy() == pytest.approx(
        stats.false_discovery_control(p, method="bh"))
    assert result.most_common[0] == "type 1"


def test_drift_edges() -> None:
    one_type = cxkit.type_drift(drift_frame([10], [12]), baseline=BASE, current=CUR)
    assert one_type.chi2 is None and one_type.p_value is None and one_type.js_distance == 0.0
    empty_current = cxkit.type_drift(drift_frame([10, 5], [0, 0]), baseline=BASE, current=CUR)
    assert empty_current.chi2 is None and empty_current.psi is None and empty_current.current_total == 0
    assert set(empty_current.table["status"]) == {"vanished"}
    with pytest.raises(cxkit.MetricError, match="ticket_type"):
        cxkit.type_drift(pl.DataFrame({"created_at": [D(2024, 1, 1)]}), baseline=BASE, current=CUR)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), min_size=1, max_size=6))
def test_drift_properties(counts: list[tuple[int, int]]) -> None:
    baseline, current = [c[0] for c in counts], [c[1] for c in counts]
    result = cxkit.type_drift(drift_frame(baseline, current), baseline=BASE, current=CUR)
    table = result.table
    if sum(baseline):
        assert table["baseline_share"].sum() == pytest.approx(1.0)
    if sum(current):
        assert table["current_share"].sum() == pytest.approx(1.0)
    if result.chi2 is not None:
        seen = [(b, c) for b, c in counts if b + c > 0]
        reference = stats.chi2_contingency(np.array(seen).T, correction=False)
        assert result.chi2 == pytest.approx(reference.statistic, abs=1e-9)
        assert 0 <= result.cramers_v <= 1 and 0 <= result.p_value <= 1  # type: ignore[operator]
    if result.js_distance is not None:
        b, c = np.array(baseline, float), np.array(current, float)
        assert result.js_distance == pytest.approx(jensenshannon(b / b.sum(), c / c.sum(), base=2), abs=1e-9)
        assert 0 <= result.js_distance <= 1
        assert result.psi is not None and result.psi >= 0
    for row in table.iter_rows(named=True):
        if row["status"] == "new":
            assert row["baseline_count"] == 0 < row["current_count"]
        if row["status"] in ("rising", "falling"):
            assert row["p_adjusted"] < 0.05
            assert (row["change_pts"] > 0) == (row["status"] == "rising")


def test_type_shares_per_period_sum_to_one() -> None:
    frame = drift_frame([3, 1], [1, 1]).vstack(pl.DataFrame({"created_at": [D(2024, 2, 11)], "ticket_type": [None]},
                                                            schema={"created_at": pl.Datetime("us"), "ticket_type": pl.String}))
    shares = cxkit.type_shares(frame, every="1mo")
    assert shares.group_by("period").agg(pl.col("share").sum())["share"].to_list() == pytest.approx([1.0, 1.0])
    assert "(none)" in shares["category"].to_list()


def orders() -> pl.DataFrame:
    return pl.DataFrame({
        "order_id": ["1", "2", "3", "4", "5", "6"],
        "customer_id": ["a", "a", "b", "c", "c", "d"],
        "ordered_at": [D(2024, 1, 2), D(2024, 1, 9), D(2024, 1, 3), D(2024, 1, 4), D(2024, 1, 4, 12), D(2024, 1, 5)],
        "amount": [100.0, 50.0, 87.0, 30.0, 20.0, 10.0],
        "discount_code": ["MEJORA10", None, "QUEDATE15", None, None, "MEJORA10"],
        "discount_amount": [10.0, 0.0, 13.05, 0.0, 0.0, 1.0],
        "agent": ["Lucía", None, "Lucía", "Pablo", "Pablo", None],
        "kind": ["upsell", "other", "save_the_sale", "cross_sell", None, "other"],
    })


def test_agent_sales_by_hand() -> None:
    result = cxkit.agent_sales(orders(), every=None)
    lucia = result.filter(pl.col("agent") == "Lucía").row(0, named=True)
    assert (lucia["orders"], lucia["revenue"], lucia["upsell_orders"], lucia["upsell_revenue"]) == (2, 187.0, 1, 100.0)
    assert (lucia["save_the_sale_orders"], lucia["save_the_sale_revenue"]) == (1, 87.0)
    assert lucia["discount_given"] == pytest.approx(23.05)
    pablo = result.filter(pl.col("agent") == "Pablo").row(0, named=True)
    assert (pablo["orders"], pablo["cross_sell_orders"], pablo["revenue"]) == (2, 1, 50.0)
    assert result.height == 2  # orders without an agent are not agents' sales
    weekly = cxkit.agent_sales(orders(), every="1w")
    assert weekly["revenue"].sum() == pytest.approx(237.0)


def test_discount_codes_by_hand() -> None:
    result = cxkit.discount_codes(orders())
    codes = {r["discount_code"]: r for r in result.iter_rows(named=True)}
    assert codes["MEJORA10"]["orders"] == 2 and codes["MEJORA10"]["revenue"] == 110.0
    assert codes["MEJORA10"]["net_revenue"] == pytest.approx(99.0)
    assert codes["(no code)"]["orders"] == 3
    assert result["share_of_revenue"].sum() == pytest.approx(1.0)


def test_attributed_revenue_by_hand() -> None:
    contacts = pl.DataFrame({
        "customer_id": ["a", "b", "c", "c", "e"],
        "created_at": [D(2024, 1, 1), D(2024, 1, 1), D(2024, 1, 3), D(2024, 1, 4, 6), D(2024, 1, 1)],
        "channel": ["chat", "mail", "chat", "phone", "mail"],
    })
    result = cxkit.attributed_revenue(contacts, orders(), window_days=3)
    rows = {r["channel"]: r for r in result.iter_rows(named=True)}
    # a: order 1 (1 day after chat) counts, order 2 (8 days) does not; b: order 3 (2 days after mail);
    # c: the midnight order on the 4th goes to the chat of the 3rd, the noon one to the phone call at 06:00
    assert (rows["chat"]["contacts"], rows["chat"]["contacts_with_order"], rows["chat"]["revenue"]) == (2, 2, 130.0)
    assert (rows["mail"]["contacts"], rows["mail"]["orders"], rows["mail"]["revenue"]) == (2, 1, 87.0)
    assert (rows["phone"]["orders"], rows["phone"]["revenue"]) == (1, 20.0)
    assert rows["mail"]["conversion_rate"] == 0.5 and rows["chat"]["revenue_per_contact"] == 65.0
    assert result["revenue"].sum() <= orders()["amount"].sum()
    with pytest.raises(cxkit.MetricError, match="positive"):
        cxkit.attributed_revenue(contacts, orders(), window_days=0)
