"""Growth accounting: hand-worked subscriptions and orders (a customer who leaves and returns), a plain-Python
reference over random orders, edges and identities."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from cxkit.errors import MetricError
from tests.metric_helpers import FRAME_KINDS, as_kind

D = dt.datetime


def subscriptions() -> pl.DataFrame:
    return pl.DataFrame([
        ("a", D(2024, 1, 15), D(2024, 3, 10), 10.0),
        ("a", D(2024, 5, 5), None, 20.0),  # left in March, came back in May
        ("b", D(2024, 1, 3), None, 30.0),
        ("c", D(2024, 2, 2), D(2024, 2, 20), 5.0),  # joined and left inside February
        ("d", D(2024, 2, 10), D(2024, 4, 1), 40.0),
    ], schema={"customer_id": pl.String, "acquired_at": pl.Datetime("us"), "churned_at": pl.Datetime("us"),
               "mrr": pl.Float64}, orient="row")


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_subscriptions_by_hand(kind: str) -> None:
    table = cxkit.growth_accounting(as_kind(subscriptions(), kind))
    assert table["period"].to_list() == [dt.date(2024, m, 1) for m in range(1, 6)]
    assert table["basis"].unique().to_list() == ["subscriptions"]
    rows = table.select("customers_start", "new", "retained", "resurrected", "churned", "customers_end",
                        "joined_and_left").rows()
    assert rows == [(0, 2, 0, 0, 0, 2, 0), (2, 1, 2, 0, 0, 3, 1), (3, 0, 2, 0, 1, 2, 0), (2, 0, 1, 0, 1, 1, 0),
                    (1, 0, 1, 1, 0, 2, 0)]
    assert table["quick_ratio"].to_list() == [None, None, 0.0, 0.0, None]
    assert table["new_mrr"].to_list() == [40.0, 40.0, 0.0, 0.0, 0.0]
    assert table["churned_mrr"].to_list() == [0.0, 0.0, 10.0, 40.0, 0.0]
    assert table["reactivation_mrr"].to_list() == [0.0, 0.0, 0.0, 0.0, 20.0]
    assert table["mrr_end"].to_list() == [40.0, 80.0, 70.0, 30.0, 50.0]
    assert table["mrr_quick_ratio"].to_list() == [None, None, 0.0, 0.0, None]
    # the same MRR movements as cxkit.churn (reused, not recomputed)
    churn = cxkit.churn(subscriptions())
    assert table["churned_mrr"].to_list() == churn["churned_mrr"].to_list()
    shown = cxkit.growth_accounting(subscriptions(), start="2024-03-01", end="2024-05-01")
    assert shown["period"].to_list() == [dt.date(2024, 3, 1), dt.date(2024, 4, 1)]
    assert shown["customers_start"].to_list() == [3, 2]  # history before the window still counts


def orders() -> pl.DataFrame:
    return pl.DataFrame([
        ("x", D(2024, 1, 5), 10.0, False), ("x", D(2024, 2, 5), 15.0, False), ("x", D(2024, 4, 9), 7.0, False),
        ("y", D(2024, 1, 7), 20.0, False), ("y", D(2024, 3, 7), 99.0, True),  # a cancelled order does not count
        ("z", D(2024, 2, 1), 12.0, False), ("z", D(2024, 2, 28), 18.0, False), ("z", D(2024, 3, 3), 25.0, False),
    ], schema={"customer_id": pl.String, "ordered_at": pl.Datetime("us"), "amount": pl.Float64,
               "cancelled": pl.Boolean}, orient="row")


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_orders_by_hand(kind: str) -> None:
    table = cxkit.growth_accounting(as_kind(orders(), kind))
    assert table["basis"].unique().to_list() == ["orders"]
    rows = table.select("customers_start", "new", "retained", "resurrected", "churned", "customers_end").rows()
    assert rows == [(0, 2, 0, 0, 0, 2), (2, 1, 1, 0, 1, 2), (2, 0, 1, 0, 1, 1), (1, 0, 0, 1, 1, 1)]
    assert table["quick_ratio"].to_list() == [None, 1.0, 0.0, 1.0]
    assert table["revenue"].to_list() == pytest.approx([30.0, 45.0, 25.0, 7.0])
    assert table["new_revenue"].to_list() == pytest.approx([30.0, 30.0, 0.0, 0.0])
    assert table["expansion_revenue"].to_list() == pytest.approx([0.0, 5.0, 0.0, 0.0])
    assert table["contraction_revenue"].to_list() == pytest.approx([0.0, 0.0, 5.0, 0.0])
    assert table["churned_revenue"].to_list() == pytest.approx([0.0, 20.0, 15.0, 25.0])
    assert table["resurrected_revenue"].to_list() == pytest.approx([0.0, 0.0, 0.0, 7.0])
    assert table["revenue_quick_ratio"].to_list() == pytest.approx([None, 35 / 20, 0.0, 7 / 25])


def test_edges() -> None:
    empty = cxkit.growth_accounting(orders().clear())
    assert empty.height == 0 and "quick_ratio" in empty.columns
    assert cxkit.growth_accounting(subscriptions().clear()).height == 0
    with pytest.raises(MetricError, match="ordered_at"):
        cxkit.growth_accounting(pl.DataFrame({"customer_id": ["a"]}))
    with pytest.raises(MetricError, match="churned_at"):
        cxkit.growth_accounting(pl.DataFrame({"customer_id": ["a"], "acquired_at": [D(2024, 1, 1)]}))
    one = cxkit.growth_accounting(orders().filter(pl.col("customer_id") == "y").drop("amount"))
    assert one.select("new", "churned").rows() == [(1, 0)]  # the cancelled March order is no activity
    assert "revenue" not in one.columns
    everyone_once = pl.DataFrame({"customer_id": ["a", "b"], "ordered_at": [D(2024, 1, 1), D(2024, 1, 2)]})
    assert cxkit.growth_accounting(everyone_once).select("new", "churned", "quick_ratio").rows() == [(2, 0, None)]


def plain_accounting(rows: list[tuple[str, int, float]], months: int) -> list[dict[str, float]]:
    active: list[dict[str, float]] = [{} for _ in range(months)]
    for customer, month, amount in rows:
        active[month][customer] = active[month].get(customer, 0.0) + amount
    seen: set[str] = set()
    out = []
    for m in range(months):
        now, before = active[m], active[m - 1] if m else {}
        new = {c for c in now if c not in seen}
        resurrected = {c for c in now if c in seen and c not in before}
        churned = set(before) - set(now)
        kept = set(now) & set(before)
        out.append({"new": len(new), "resurrected": len(resurrected), "churned": len(churned),
                    "retained": len(kept), "revenue": sum(now.values()),
                    "expansion": sum(max(now[c] - before[c], 0) for c in kept),
                    "contraction": sum(max(before[c] - now[c], 0) for c in kept),
                    "churned_revenue": sum(before[c] for c in churned)})
        seen |= set(now)
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdefg"), st.integers(0, 7), st.integers(1, 50).map(float)),
                min_size=1, max_size=50))
def test_orders_against_plain_python_and_identities(rows: list[tuple[str, int, float]]) -> None:
    frame = pl.DataFrame({"customer_id": [c for c, _, _ in rows],
                          "ordered_at": [D(2024, 1 + m, 10) for _, m, _ in rows],
                          "amount": [a for _, _, a in rows]})
    table = cxkit.growth_accounting(frame)
    first = min(m for _, m, _ in rows)
    months = max(m for _, m, _ in rows) + 1
    reference = plain_accounting(rows, months)[first:]
    assert table.height == len(reference)
    for got, want in zip(table.iter_rows(named=True), reference, strict=True):
        for key in ("new", "resurrected", "churned", "retained", "revenue"):
            assert got[key] == pytest.approx(want[key]), key
        assert got["expansion_revenue"] == pytest.approx(want["expansion"])
        assert got["contraction_revenue"] == pytest.approx(want["contraction"])
        assert got["churned_revenue"] == pytest.approx(want["churned_revenue"])
        assert got["new"] + got["retained"] + got["resurrected"] == got["customers_end"]
        assert got["retained"] + got["churned"] == got["customers_start"]
        assert got["quick_ratio"] is None if got["churned"] == 0 else got["quick_ratio"] >= 0
    ends, starts = table["customers_end"].to_list(), table["customers_start"].to_list()
    assert starts[1:] == ends[:-1]
    revenue = table["revenue"].to_list()
    for i in range(1, table.height):
        row = table.row(i, named=True)
        moved = (row["new_revenue"] + row["resurrected_revenue"] + row["expansion_revenue"]
                 - row["contraction_revenue"] - row["churned_revenue"])
        assert revenue[i] - revenue[i - 1] == pytest.approx(moved)


subscription = st.tuples(st.sampled_from("abcde"), st.integers(0, 300), st.one_of(st.none(), st.integers(0, 200)))


@settings(max_examples=80, deadline=None)
@given(st.lists(subscription, min_size=1, max_size=25))
def test_subscription_identities(spec: list[tuple[str, int, int | None]]) -> None:
    start = D(2024, 1, 1)
    frame = pl.DataFrame({
        "customer_id": [c for c, _, _ in spec],
        "acquired_at": [start + dt.timedelta(days=d) for _, d, _ in spec],
        "churned_at": [None if length is None else start + dt.timedelta(days=d + length) for _, d, length in spec],
    }, schema={"customer_id": pl.String, "acquired_at": pl.Datetime("us"), "churned_at": pl.Datetime("us")})
    table = cxkit.growth_accounting(frame)
    assert table["customers_start"][0] == 0
    assert table["customers_start"].to_list()[1:] == table["customers_end"].to_list()[:-1]
    for row in table.iter_rows(named=True):
        assert min(row["new"], row["retained"], row["resurrected"], row["churned"], row["joined_and_left"]) >= 0
        assert row["new"] + row["retained"] + row["resurrected"] == row["customers_end"]
    assert table["new"].sum() + table["joined_and_left"].sum() == frame["customer_id"].n_unique()
