"""Every sentence of the sample's story (sample_data/README.md), checked on the figure the page shows, computed
with cxkit: the direction and roughly the size the story states."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import cxkit
from cxkit import roi
from tests.conftest import SAMPLE

SLA = 24 * 60  # the app's default first-reply target


@pytest.fixture(scope="module")
def data() -> dict[str, pl.DataFrame]:
    files = {"tickets": "tickets_zendesk.csv", "responses": "encuestas_nps.csv", "customers": "suscripciones_stripe.csv",
             "orders": "pedidos.xlsx", "costs": "costes_equipo.csv"}
    return {kind: cxkit.load(SAMPLE / name).frame for kind, name in files.items()}


@pytest.fixture(scope="module")
def experience(data: dict[str, pl.DataFrame]) -> cxkit.ExperienceChurn:
    return cxkit.churn_by_experience(data["customers"], tickets=data["tickets"], responses=data["responses"],
                                     sla_minutes=SLA)


def _row(frame: pl.DataFrame, column: str, value: str) -> dict[str, object]:
    return frame.filter(pl.col(column) == value).row(0, named=True)


def test_1_waiting_costs_customers_naive_and_fair(data: dict[str, pl.DataFrame],
                                                  experience: cxkit.ExperienceChurn) -> None:
    # Churn page, "Who leaves": churn share by whether any first reply missed the target
    tickets = data["tickets"]
    breached = tickets.drop_nulls("customer_id").group_by("customer_id").agg(
        (pl.col("first_response_minutes") > SLA).any().alias("late"))
    share = cxkit.churn_share(data["customers"].join(breached, on="customer_id"), by="late")
    late, on_time = (float(_row(share, "late", v)["churn_share"]) for v in (True, False))  # type: ignore[arg-type]
    assert late > on_time + 0.07 and 0.28 < late < 0.40 and 0.18 < on_time < 0.28
    # Beyond page, naive split and the fair (landmark) comparison
    naive = _row(experience.experiences, "experience", "waited_past_target")
    assert naive["finding"] == "churn_higher"
    fair = experience.landmark
    after_late, after_on_time = _row(fair, "group", "first_reply_late"), _row(fair, "group", "first_reply_on_time")
    assert after_late["finding"] == "churn_higher" and after_late["p_value"] < 0.001  # type: ignore[operator]
    assert 0.25 < after_late["km_churn"] < 0.36 and 0.08 < after_on_time["km_churn"] < 0.13  # type: ignore[operator]
    assert after_late["km_churn"] > 2.5 * after_on_time["km_churn"]  # type: ignore[operator]


def test_2_detractors_leave_promoters_stay(data: dict[str, pl.DataFrame], experience: cxkit.ExperienceChurn) -> None:
    # Churn page: churn share by the group of the last NPS answer
    last = data["responses"].drop_nulls("customer_id").sort("submitted_at").group_by("customer_id").agg(
        pl.col("nps_score").last()).with_columns(
        pl.when(pl.col("nps_score") >= 9).then(pl.lit("promoter")).when(pl.col("nps_score") >= 7)
        .then(pl.lit("passive")).otherwise(pl.lit("detractor")).alias("group"))
    share = cxkit.churn_share(data["customers"].join(last, on="customer_id"), by="group")
    detractor, promoter = (float(_row(share, "group", g)["churn_share"]) for g in ("detractor", "promoter"))  # type: ignore[arg-type]
    assert 0.30 < detractor < 0.42 and 0.08 < promoter < 0.17 and detractor > 2 * promoter
    assert _row(experience.experiences, "experience", "nps_detractor")["finding"] == "churn_higher"
    assert _row(experience.experiences, "experience", "nps_promoter")["finding"] == "churn_lower"


def _monthly_types(tickets: pl.DataFrame) -> pl.DataFrame:
    return cxkit.ticket_volume(tickets, by="ticket_type", every="1mo").with_columns(
        (pl.col("created") / pl.col("created").sum().over("period")).alias("share"))


def test_3_a_new_kind_of_request_after_pickup_points(data: dict[str, pl.DataFrame]) -> None:
    monthly = _monthly_types(data["tickets"]).filter((pl.col("ticket_type") == "Punto de recogida")
                                                     & (pl.col("created") > 0))
    assert monthly["period"].min() == dt.date(2025, 10, 1)
    november = monthly.filter(pl.col("period") == dt.date(2025, 11, 1)).row(0, named=True)
    assert 0.12 < november["share"] < 0.17  # about one ticket in seven


def test_4_billing_grows_in_count_not_in_share(data: dict[str, pl.DataFrame]) -> None:
    billing = _monthly_types(data["tickets"]).filter(pl.col("ticket_type") == "Pago y facturación").sort("period")
    before = billing.filter(pl.col("period") < dt.date(2025, 10, 1))
    peak = billing.filter(pl.col("period") >= dt.date(2025, 11, 1))
    assert 55 < before["created"].mean() < 75 and peak["created"].min() > 100  # type: ignore[operator]
    assert billing["share"].min() > 0.11 and billing["share"].max() < 0.17  # near 14 % every month
    assert abs(peak["share"].mean() - before["share"].mean()) < 0.02  # type: ignore[operator]


def test_5_the_peak_stretches_first_replies(data: dict[str, pl.DataFrame]) -> None:
    monthly = cxkit.first_response(data["tickets"], every="1mo", sla_minutes=SLA)
    november = monthly.filter(pl.col("period") == dt.date(2025, 11, 1)).row(0, named=True)
    usual = monthly.filter(pl.col("period") < dt.date(2025, 10, 1))["median_minutes"].median()
    assert november["median_minutes"] > 1.8 * usual  # type: ignore[operator]
    q4 = monthly.filter(pl.col("period") >= dt.date(2025, 11, 1))["sla_breaches"].sum()
    assert q4 > 0.5 * monthly["sla_breaches"].sum()


def test_6_save_the_sale_keeps_customers(data: dict[str, pl.DataFrame]) -> None:
    codes = cxkit.discount_codes(data["orders"])
    assert 100 < _row(codes, "discount_code", "QUEDATE15")["customers"] < 140  # type: ignore[operator]
    saved = data["orders"].filter(pl.col("kind") == "save_the_sale").group_by("customer_id").agg(
        pl.col("ordered_at").min().alias("saved_at")).join(data["customers"], on="customer_id")
    early = saved.filter(pl.col("saved_at") < dt.datetime(2025, 10, 1))
    assert early.height > 60
    assert early.filter(pl.col("churned_at").is_not_null()
                        & (pl.col("churned_at") < pl.col("saved_at") + pl.duration(days=90))).height == 0
    still = saved.filter(pl.col("churned_at").is_null()).height / saved.height
    assert 0.85 < still < 0.97


def test_7_chat_pays_back_email_does_not(data: dict[str, pl.DataFrame]) -> None:
    moment = roi.current_moment(data["tickets"], data["orders"], data["costs"])
    chat, mail = _row(moment, "channel", "Chat"), _row(moment, "channel", "Mail")
    assert chat["status"] == "pays" and chat["roi"] > 0.1  # type: ignore[operator]
    assert mail["status"] == "costs more than it returns" and 0.15 < mail["revenue"] / mail["cost"] < 0.35  # type: ignore[operator]


def test_8_one_agent_sells_one_is_late(data: dict[str, pl.DataFrame]) -> None:
    sales = cxkit.agent_sales(data["orders"], by="agent").group_by("agent").agg(pl.col("revenue").sum()).sort(
        "revenue", descending=True)
    assert sales["agent"][0] == "Lucía Martín" and sales["revenue"][0] > 2 * sales["revenue"][1]
    late = cxkit.first_response(data["tickets"], by="agent", sla_minutes=SLA).with_columns(
        pl.col("agent").cast(pl.String))
    pablo = float(_row(late, "agent", "Pablo Sanz")["sla_breach_rate"])  # type: ignore[arg-type]
    others = late.filter(pl.col("agent") != "Pablo Sanz")["sla_breach_rate"]
    assert 0.15 < pablo < 0.25 and pablo > 3 * others.max()  # type: ignore[operator]


def test_9_what_service_returns(data: dict[str, pl.DataFrame]) -> None:
    monthly = roi.monthly_service_roi(data["orders"], data["costs"], data["customers"], margin=0.5)
    year = monthly.select(pl.col("revenue", "retention_value", "value", "cost").sum()).row(0, named=True)
    assert 0.40 < year["revenue"] / year["cost"] < 0.65  # narrow: about half its cost
    assert 0.70 < year["value"] / year["cost"] < 1.05  # with the customers kept: it about pays for itself
    peak = monthly.filter(pl.col("month") >= dt.date(2025, 11, 1))
    assert (peak["roi"] > 0).all() and (monthly["narrow_roi"] < 0).all()


def test_10_costs(data: dict[str, pl.DataFrame]) -> None:
    costs = data["costs"]
    salaries = costs.filter(pl.col("agent").is_not_null()).group_by("agent").agg(pl.col("cost").first())
    assert salaries.height == 6 and salaries["cost"].max() == 3102.0
    assert (salaries["cost"] < 1500).sum() == 5  # five half-time agents
    tools = costs.filter(pl.col("agent").is_null()).sort("month")["cost"]
    assert tools[9] > tools[8]  # October
