"""Order metrics: a hand-worked month, a plain-Python reference over random orders, edges."""

from __future__ import annotations

import collections
import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from cxkit.errors import MetricError
from tests.metric_helpers import FRAME_KINDS, as_kind

D = dt.datetime
SCHEMA = {"customer_id": pl.String, "ordered_at": pl.Datetime("us"), "amount": pl.Float64, "cancelled": pl.Boolean,
          "kind": pl.String}


def orders() -> pl.DataFrame:
    return pl.DataFrame([
        ("a", D(2025, 1, 2), 10.0, False, "web"), ("a", D(2025, 1, 20), 30.0, False, "web"),
        ("b", D(2025, 1, 5), 20.0, False, "shop"), ("b", D(2025, 1, 6), 50.0, True, "shop"),  # cancelled
        (None, D(2025, 1, 9), 40.0, False, "shop"),  # no customer: revenue, but no customer count
        ("a", D(2025, 2, 1), 5.0, False, "web"),
    ], schema=SCHEMA, orient="row")


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_by_hand(kind: str) -> None:
    table = cxkit.order_summary(as_kind(orders(), kind))
    jan, feb = table.rows(named=True)
    assert jan == {"period": dt.date(2025, 1, 1), "orders": 4, "revenue": 100.0, "aov": 25.0, "customers": 2,
                   "repeat_customers": 1, "repeat_purchase_rate": 0.5, "cancelled_orders": 1}
    assert (feb["orders"], feb["revenue"], feb["repeat_purchase_rate"]) == (1, 5.0, 0.0)
    whole = cxkit.order_summary(orders(), every=None).row(0, named=True)
    assert (whole["orders"], whole["revenue"], whole["customers"], whole["repeat_customers"]) == (5, 105.0, 2, 1)
    by_kind = cxkit.order_summary(orders(), every=None, by="kind")
    assert dict(by_kind.select("kind", "revenue").iter_rows()) == {"shop": 60.0, "web": 45.0}


def test_edges() -> None:
    empty = cxkit.order_summary(orders().clear())
    assert empty.height == 0 and "aov" in empty.columns
    none = cxkit.order_summary(orders().clear(), every=None).row(0, named=True)
    assert (none["orders"], none["aov"], none["repeat_purchase_rate"]) == (0, None, None)
    all_cancelled = cxkit.order_summary(orders().with_columns(pl.lit(True).alias("cancelled")), every=None)
    assert all_cancelled.row(0, named=True)["orders"] == 0 and all_cancelled["cancelled_orders"][0] == 6
    no_customers = cxkit.order_summary(orders().drop("customer_id"), every=None).row(0, named=True)
    assert (no_customers["customers"], no_customers["repeat_purchase_rate"]) == (0, None)
    with pytest.raises(MetricError, match="amount"):
        cxkit.order_summary(orders().drop("amount"))
    window = cxkit.order_summary(orders(), start="2025-02-01", end="2025-03-01")
    assert window["orders"].to_list() == [1]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), st.integers(0, 89), st.integers(1, 100),
                          st.booleans()), min_size=1, max_size=40))
def test_against_plain_python(rows: list[tuple[str | None, int, int, bool]]) -> None:
    frame = pl.DataFrame({"customer_id": [r[0] for r in rows],
                          "ordered_at": [D(2025, 1, 1) + dt.timedelta(days=r[1]) for r in rows],
                          "amount": [float(r[2]) for r in rows], "cancelled": [r[3] for r in rows]},
                         schema_overrides={"customer_id": pl.String})
    table = cxkit.order_summary(frame)
    months: dict[dt.date, list[tuple[str | None, float]]] = collections.defaultdict(list)
    for customer, day, amount, cancelled in rows:
        when = (D(2025, 1, 1) + dt.timedelta(days=day)).date().replace(day=1)
        months.setdefault(when, [])
        if not cancelled:
            months[when].append((customer, float(amount)))
    assert table["period"].to_list() == sorted(months)
    for row in table.iter_rows(named=True):
        paid = months[row["period"]]
        counts = collections.Counter(c for c, _ in paid if c is not None)
        assert row["orders"] == len(paid)
        assert row["revenue"] == pytest.approx(sum(a for _, a in paid))
        assert row["aov"] == (pytest.approx(sum(a for _, a in paid) / len(paid)) if paid else None)
        assert row["customers"] == len(counts)
        assert row["repeat_customers"] == sum(1 for n in counts.values() if n >= 2)
        rate = row["repeat_purchase_rate"]
        assert rate is None if not counts else 0 <= rate <= 1
