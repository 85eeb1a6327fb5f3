"""ROI inputs from the user's data, the current moment and the monthly service ROI."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import cxkit
from cxkit import roi
from tests.conftest import SAMPLE

D = dt.datetime


@pytest.fixture(scope="module")
def sample() -> dict[str, pl.DataFrame]:
    files = {"tickets": "tickets_zendesk.csv", "responses": "encuestas_nps.csv", "customers": "suscripciones_stripe.csv",
             "orders": "pedidos.xlsx", "costs": "costes_equipo.csv"}
    return {kind: cxkit.load(SAMPLE / name).frame for kind, name in files.items()}


def test_baseline_from_the_sample_data(sample: dict[str, pl.DataFrame]) -> None:
    baseline = roi.baseline_from_data(**sample)
    churn = cxkit.churn(sample["customers"]).filter(pl.col("period") < dt.date(2026, 1, 1)).tail(12)  # to 31 Dec
    low, likely, high = np.percentile(churn["churn_rate"].to_numpy(), [10, 50, 90])
    assert (baseline.monthly_churn.low, baseline.monthly_churn.likely, baseline.monthly_churn.high) == \
        pytest.approx((low, likely, high))
    assert baseline.active_customers.likely == churn["customers_end"][-1]
    volume = cxkit.ticket_volume(sample["tickets"], every="1mo")["created"].to_numpy()
    assert baseline.tickets_per_month.likely == pytest.approx(np.median(volume))
    for name in ("monthly_churn", "revenue_per_customer", "tickets_per_month", "cost_per_ticket", "happy_share"):
        estimate = getattr(baseline, name)
        assert estimate.low <= estimate.likely <= estimate.high, name
        assert "P10/P50/P90" in baseline.notes[name]
    assert 0.5 < baseline.happy_share.likely < 1
    # a usable scenario can be built straight on it
    scenario = roi.with_baseline(roi.examples()["tienda_verde_plan"], baseline)
    assert roi.evaluate(scenario).height == 12


def test_baseline_without_data_keeps_defaults_and_says_so() -> None:
    baseline = roi.baseline_from_data()
    assert baseline.active_customers.likely == 0 and baseline.margin.likely == 1
    assert baseline.notes["monthly_churn"] == "not in the data: enter it by hand"


def test_current_moment_by_hand() -> None:
    tickets = pl.DataFrame({
        "customer_id": ["a", "b", "c", "d"],
        "created_at": [D(2024, 1, 2), D(2024, 1, 3), D(2024, 1, 4), D(2024, 1, 5)],
        "channel": ["Chat", "Chat", "WhatsApp", "Mail"],
    })
    orders = pl.DataFrame({"customer_id": ["a", "c"], "ordered_at": [D(2024, 1, 3), D(2024, 1, 5)],
                           "amount": [300.0, 50.0]})
    costs = pl.DataFrame({"month": [dt.date(2024, 1, 1)] * 2, "cost": [400.0, 100.0],
                          "item": ["Salaries", "WhatsApp Business"]})
    result = roi.current_moment(tickets, orders, costs)
    rows = {r["channel"]: r for r in result.iter_rows(named=True)}
    # 400 shared by contacts (2/4 chat, 1/4 WhatsApp, 1/4 mail); WhatsApp's own 100 goes to WhatsApp
    assert rows["Chat"]["cost"] == pytest.approx(200) and rows["WhatsApp"]["cost"] == pytest.approx(200)
    assert rows["Mail"]["cost"] == pytest.approx(100)
    assert rows["Chat"]["status"] == "pays" and rows["Chat"]["roi"] == pytest.approx(0.5)
    assert rows["WhatsApp"]["status"] == "costs more than it returns"
    assert rows["Mail"]["status"] == "returns nothing"
    assert result["cost"].sum() == pytest.approx(500)


def test_monthly_service_roi_by_hand() -> None:
    orders = pl.DataFrame({
        "ordered_at": [D(2024, 1, 5), D(2024, 1, 9), D(2024, 1, 10), D(2024, 2, 1)],
        "amount": [87.0, 40.0, 30.0, 87.0],
        "discount_amount": [13.05, 4.0, 0.0, 13.05],
        "kind": ["save_the_sale", "upsell", "other", "save_the_sale"],
        "agent": ["Lucía", "Lucía", None, "Pablo"],
    })
    costs = pl.DataFrame({"month": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)], "cost": [100.0, 0.0]})
    result = roi.monthly_service_roi(orders, costs)
    january = result.row(0, named=True)
    assert january["save_the_sale_net"] == pytest.approx(73.95)
    assert january["assisted_sales"] == 40.0 and january["revenue"] == pytest.approx(113.95)
    assert january["roi"] == pytest.approx((113.95 - 100) / 100)
    assert result.row(1, named=True)["roi"] is None  # no cost that month: no ratio, not a silent 0
    with pytest.raises(cxkit.MetricError, match="kind"):
        roi.monthly_service_roi(orders.drop("kind"), costs)


def test_service_roi_parts_add_up_by_hand() -> None:
    """Hand-worked: two customers; a flat retention curve until month 2, so E[months | H = 3] is worked out below."""
    customers = pl.DataFrame({
        "customer_id": ["a", "b", "c", "d"],
        "acquired_at": [D(2024, 1, 1)] * 4,
        # b leaves after 1.5 months, c after 2.5; a and d still active on the last date (2024-06-01)
        "churned_at": [None, D(2024, 2, 15, 12), D(2024, 3, 16, 12), None],
        "mrr": [30.0, 30.0, 30.0, 10.0],
    })
    # Kaplan–Meier: S(1) = 1, S(2) = 3/4 (b left at 1.5 months), S(3) = 3/4 × 2/3 = 1/2 → Σ = 2.25 months
    assert roi.expected_remaining_months(customers, horizon_months=3) == pytest.approx(2.25, rel=1e-3)
    # active MRR per active customer: (30 + 10) ÷ 2 = 20 € a month
    assert roi.revenue_per_active_customer(customers) == pytest.approx(20.0)
    orders = pl.DataFrame({
        "ordered_at": [D(2024, 1, 5), D(2024, 1, 9), D(2024, 1, 20), D(2024, 1, 21)],
        "amount": [87.0, 40.0, 87.0, 25.0],
        "discount_amount": [13.05, 4.0, 13.05, 0.0],
        "kind": ["save_the_sale", "upsell", "save_the_sale", "cross_sell"],
        "agent": ["Lucía", "Lucía", "Pablo", "Lucía"],
        "customer_id": ["a", "b", "d", "c"],
    })
    costs = pl.DataFrame({"month": [dt.date(2024, 1, 1)], "cost": [1000.0]})
    row = roi.monthly_service_roi(orders, costs, customers, margin=0.5, horizon_months=3).row(0, named=True)
    # save-the-sale net: (87 − 13.05) × 2 = 147.90; assisted sales 40 + 25 = 65 (the amount the customer paid)
    assert row["save_the_sale_net"] == pytest.approx(147.90) and row["assisted_sales"] == pytest.approx(65.0)
    assert row["revenue"] == pytest.approx(212.90)
    # retention value: 2 saved × 20 € × 0.5 margin × 2.25 months = 45 €
    assert row["saved_customers"] == 2 and row["retention_value"] == pytest.approx(45.0, rel=1e-3)
    assert row["value"] == pytest.approx(147.90 + 65.0 + 45.0, rel=1e-4)
    assert row["value"] == pytest.approx(row["save_the_sale_net"] + row["assisted_sales"] + row["retention_value"])
    assert row["net"] == pytest.approx(257.90 - 1000, rel=1e-4) and row["roi"] == pytest.approx(-0.7421, abs=1e-4)
    assert row["narrow_net"] == pytest.approx(212.90 - 1000) and row["narrow_roi"] == pytest.approx(-0.7871)
    # without customers the retention value is unknown (null), and the total is the narrow one
    bare = roi.monthly_service_roi(orders, costs).row(0, named=True)
    assert bare["retention_value"] is None and bare["roi"] == pytest.approx(bare["narrow_roi"])
    with pytest.raises(cxkit.MetricError, match="margin"):
        roi.monthly_service_roi(orders, costs, customers, margin=45)
