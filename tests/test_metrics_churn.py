"""Churn, revenue churn and cohorts: the worked examples, plain-Python references, edges, properties."""

from __future__ import annotations

import collections
import datetime as dt
import itertools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from tests.metric_helpers import FRAME_KINDS, as_kind

D = dt.datetime
SCHEMA = {"customer_id": pl.String, "acquired_at": pl.Datetime("us"), "churned_at": pl.Datetime("us")}


def customers(rows: list[tuple[str, dt.datetime, dt.datetime | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def worked_example() -> pl.DataFrame:
    """metric-definitions.md §3: 200 at the start, 30 acquired, 14 churned of whom 2 were new."""
    rows: list[tuple[str, dt.datetime, dt.datetime | None]] = []
    for i in range(200):
        churned = D(2024, 3, 10) if i < 12 else None
        rows.append((f"old{i}", D(2023, 6, 1), churned))
    for i in range(30):
        churned = D(2024, 3, 25) if i < 2 else None
        rows.append((f"new{i}", D(2024, 3, 5), churned))
    return customers(rows)


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_churn_worked_example(kind: str) -> None:
    result = cxkit.churn(as_kind(worked_example(), kind), start="2024-03-01", end="2024-04-01")
    assert result.height == 1
    row = result.row(0, named=True)
    assert row["period"] == dt.date(2024, 3, 1)
    assert (row["customers_start"], row["acquired"], row["lost"], row["lost_from_start"]) == (200, 30, 14, 12)
    assert row["customers_end"] == 216
    assert row["churn_rate"] == pytest.approx(0.06)
    assert row["retention_rate"] == pytest.approx(0.94)
    assert row["lost_per_acquired"] == pytest.approx(14 / 30)


def test_revenue_churn_worked_example() -> None:
    """Start MRR 10,000; new 1,500; expansion 600; contraction 250; churn 700; reactivation 100."""
    rows = [
        ("churner", D(2023, 1, 1), D(2024, 3, 12), 700.0),
        ("grower", D(2023, 1, 1), D(2024, 3, 10), 1000.0),
        ("grower", D(2024, 3, 10), None, 1600.0),
        ("shrinker", D(2023, 1, 1), D(2024, 3, 15), 500.0),
        ("shrinker", D(2024, 3, 15), None, 250.0),
        ("steady", D(2023, 1, 1), None, 7800.0),
        ("newcomer", D(2024, 3, 5), None, 1500.0),
        ("returner", D(2023, 1, 1), D(2023, 6, 1), 100.0),
        ("returner", D(2024, 3, 20), None, 100.0),
    ]
    frame = pl.DataFrame(rows, schema={**SCHEMA, "mrr": pl.Float64}, orient="row")
    row = cxkit.churn(frame, start="2024-03-01", end="2024-04-01").row(0, named=True)
    assert row["mrr_start"] == pytest.approx(10_000)
    assert (row["new_mrr"], row["expansion_mrr"], row["contraction_mrr"], row["churned_mrr"],
            row["reactivation_mrr"]) == pytest.approx((1500, 600, 250, 700, 100))
    assert row["gross_mrr_churn"] == pytest.approx(0.095)
    assert row["net_mrr_churn"] == pytest.approx(0.025)


def test_one_subscription_per_customer_has_net_equal_to_gross() -> None:
    frame = worked_example().with_columns(pl.lit(50.0).alias("mrr"))
    row = cxkit.churn(frame, start="2024-03-01", end="2024-04-01").row(0, named=True)
    assert row["gross_mrr_churn"] == pytest.approx(12 * 50 / (200 * 50))
    assert row["net_mrr_churn"] == pytest.approx(row["gross_mrr_churn"])


def test_revenue_movements_stay_exact_on_a_large_customer_table() -> None:
    """200,000 customers paying 1,234.5678 each: the running MRR reaches 2.5e8, where a float sum's noise is
    larger than any fixed tolerance, and a churned customer would look like a contraction."""
    n = 200_000
    churned = [D(2024, 1 + i % 12, 15) if i % 3 == 0 else None for i in range(n)]
    frame = pl.DataFrame({
        "customer_id": [f"c{i}" for i in range(n)],
        "acquired_at": [D(2023, 1 + i % 12, 1) for i in range(n)],
        "churned_at": churned,
        "mrr": [1234.5678] * n,
    })
    result = cxkit.churn(frame, start="2024-01-01", end="2025-01-01")
    lost_by_month = collections.Counter(c.month for c in churned if c is not None)
    for row in result.iter_rows(named=True):
        expected = lost_by_month[row["period"].month] * 1234.5678
        assert row["churned_mrr"] == pytest.approx(expected, rel=1e-12)
        assert row["contraction_mrr"] == 0 and row["expansion_mrr"] == 0
    assert result["gross_mrr_churn"].to_list() == pytest.approx(result["net_mrr_churn"].to_list())


def plain_python_churn(rows: list[tuple[str, dt.datetime, dt.datetime | None]], months: list[dt.date]
                       ) -> dict[dt.date, tuple[int, int, int, int, int]]:
    """A direct transcription of the definitions, customer by customer."""
    out = {}
    for i, start in enumerate(months):
        s = D(start.year, start.month, 1)
        e = D(start.year + (start.month == 12), start.month % 12 + 1, 1)
        at_start = [r for r in rows if r[1] < s and (r[2] is None or r[2] >= s)]
        acquired = [r for r in rows if s <= r[1] < e]
        lost = [r for r in rows if r[2] is not None and s <= r[2] < e]
        lost_from_start = [r for r in at_start if r[2] is not None and r[2] < e]
        at_end = [r for r in rows if r[1] < e and (r[2] is None or r[2] >= e)]
        out[start] = (len(at_start), len(acquired), len(lost), len(lost_from_start), len(at_end))
        del i
    return out


spell = st.tuples(st.integers(0, 400), st.one_of(st.none(), st.integers(0, 400)))


@settings(max_examples=150, deadline=None)
@given(st.lists(spell, min_size=1, max_size=60))
def test_churn_against_plain_python_and_invariants(spells: list[tuple[int, int | None]]) -> None:
    base = D(2024, 1, 1)
    rows = [(f"c{i}", base + dt.timedelta(days=a), None if c is None else base + dt.timedelta(days=a + c))
            for i, (a, c) in enumerate(spells)]
    result = cxkit.churn(customers(rows))
    reference = plain_python_churn(rows, result["period"].to_list())
    for row in result.iter_rows(named=True):
        expected = reference[row["period"]]
        got = (row["customers_start"], row["acquired"], row["lost"], row["lost_from_start"], row["customers_end"])
        assert got == expected, row["period"]
        assert row["customers_end"] == row["customers_start"] + row["acquired"] - row["lost"]
        if row["churn_rate"] is not None:
            assert 0 <= row["churn_rate"] <= 1
            assert row["retention_rate"] == pytest.approx(1 - row["churn_rate"])
        else:
            assert row["customers_start"] == 0
        if row["lost_per_acquired"] is None:
            assert row["acquired"] == 0
    ends = result["customers_end"].to_list()
    assert result["customers_start"].to_list()[1:] == ends[:-1]


def test_churn_edges() -> None:
    empty = cxkit.churn(customers([]))
    assert empty.height == 0 and "churn_rate" in empty.columns
    everyone_stays = cxkit.churn(customers([("a", D(2024, 1, 1), None), ("b", D(2024, 2, 1), None)]))
    assert everyone_stays["churn_rate"].to_list() == [None, 0.0]  # no one to lose in the first month
    backwards = cxkit.churn(customers([("a", D(2024, 3, 1), D(2024, 2, 1))]))
    assert backwards["lost"].sum() == 1 and backwards["customers_end"].to_list()[-1] == 0
    with pytest.raises(cxkit.MetricError, match="churned_at"):
        cxkit.churn(pl.DataFrame({"customer_id": ["a"], "acquired_at": [D(2024, 1, 1)]}))
    with pytest.raises(cxkit.MetricError, match="not a period"):
        cxkit.churn(worked_example(), every="fortnight")


def test_churn_by_segment_sums_to_the_whole() -> None:
    frame = worked_example().with_columns(
        pl.when(pl.int_range(pl.len()) % 3 == 0).then(pl.lit("Básico")).otherwise(pl.lit("Plus")).alias("plan"))
    whole = cxkit.churn(frame, start="2024-03-01", end="2024-04-01")
    parts = cxkit.churn(frame, by="plan", start="2024-03-01", end="2024-04-01")
    assert set(parts["plan"]) == {"Básico", "Plus"}
    for column in ("customers_start", "acquired", "lost", "lost_from_start", "customers_end"):
        assert parts[column].sum() == whole[column][0]


def test_several_subscriptions_make_one_customer() -> None:
    frame = customers([("a", D(2024, 1, 5), D(2024, 2, 10)), ("a", D(2024, 2, 10), None), ("b", D(2024, 1, 7), None)])
    result = cxkit.churn(frame)
    assert result["acquired"].to_list() == [2, 0] and result["lost"].to_list() == [0, 0]


def cohort_frame() -> pl.DataFrame:
    """metric-definitions.md §3: Jan 100 (0.8, 0.7, 0.65), Feb 120 (0.75, 0.7), Mar 90 (0.8)."""
    rows: list[tuple[str, dt.datetime, dt.datetime | None]] = []

    def cohort(name: str, month: int, size: int, churn_by_month: dict[int, int]) -> None:
        churn_months = [m for m, n in churn_by_month.items() for _ in range(n)]
        for i in range(size):
            churned = D(2024, churn_months[i], 20) if i < len(churn_months) else None
            rows.append((f"{name}{i}", D(2024, month, 3), churned))

    cohort("jan", 1, 100, {1: 20, 2: 10, 3: 5})
    cohort("feb", 2, 120, {2: 30, 3: 6})
    cohort("mar", 3, 90, {3: 18})
    return customers(rows)


def test_cohort_retention_reference() -> None:
    table = cxkit.cohort_retention(cohort_frame(), as_of="2024-04-01")
    got = {(r["cohort"].month, r["age"]): r["retention"] for r in table.iter_rows(named=True)}
    assert got == pytest.approx({(1, 1): 0.8, (1, 2): 0.7, (1, 3): 0.65, (2, 1): 0.75, (2, 2): 0.7, (3, 1): 0.8})
    curve = cxkit.retention_curve(cohort_frame(), as_of="2024-04-01")
    assert curve["retention"][0] == pytest.approx(242 / 310)  # 0.780645, weighted by cohort size
    assert curve["retention"][1] == pytest.approx(0.7)


def test_cohort_edges_and_monotonicity() -> None:
    assert cxkit.cohort_retention(customers([])).height == 0
    table = cxkit.cohort_retention(cohort_frame(), as_of="2024-06-01")
    for _, group in table.group_by("cohort"):
        values = group.sort("age")["retention"].to_list()
        assert all(a >= b for a, b in itertools.pairwise(values))
        assert all(0 <= v <= 1 for v in values)
    assert cxkit.cohort_retention(cohort_frame(), as_of="2024-06-01", max_age=1)["age"].max() == 1


def test_churn_share_by_group_by_hand() -> None:
    frame = pl.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e"],
        "churned_at": [D(2024, 2, 1), None, None, D(2024, 3, 1), None],
        "group": ["detractor", "detractor", "promoter", "promoter", "promoter"],
        "mrr": [10.0, 20.0, 30.0, 40.0, 50.0],
    })
    result = cxkit.churn_share(frame, by="group")
    rows = {r["group"]: r for r in result.iter_rows(named=True)}
    assert (rows["detractor"]["customers"], rows["detractor"]["churned"], rows["detractor"]["churn_share"]) == (2, 1, 0.5)
    assert rows["promoter"]["churn_share"] == pytest.approx(1 / 3)
    assert rows["promoter"]["revenue_at_risk"] == 40.0 and rows["promoter"]["revenue_share_lost"] == pytest.approx(1 / 3)
    overall = cxkit.churn_share(frame.drop("mrr")).row(0, named=True)
    assert overall["churn_share"] == pytest.approx(0.4) and "revenue_at_risk" not in overall
    empty = cxkit.churn_share(frame.clear()).row(0, named=True)
    assert empty["customers"] == 0 and empty["churn_share"] is None
