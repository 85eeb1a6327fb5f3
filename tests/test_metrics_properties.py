"""Invariants of the service and sales metrics on random data."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit

D = dt.datetime

ticket = st.fixed_dictionaries({
    "customer": st.sampled_from(["a", "b", "c", "d", None]),
    "day": st.integers(0, 60),
    "status": st.sampled_from(["open", "pending", "solved", "closed"]),
    "replies": st.one_of(st.none(), st.integers(0, 4)),
    "reopens": st.one_of(st.none(), st.integers(0, 2)),
    "type": st.sampled_from(["envío", "pago", "devolución"]),
    "channel": st.sampled_from(["chat", "mail", "phone"]),
    "satisfied": st.one_of(st.none(), st.booleans()),
})


def frame_of(spec: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame({
        "customer_id": [t["customer"] for t in spec],
        "created_at": [D(2024, 1, 1) + dt.timedelta(days=int(t["day"]), hours=i % 24) for i, t in enumerate(spec)],  # type: ignore[call-overload]
        "status": [t["status"] for t in spec],
        "agent_replies": [t["replies"] for t in spec],
        "reopens": [t["reopens"] for t in spec],
        "ticket_type": [t["type"] for t in spec],
        "channel": [t["channel"] for t in spec],
        "satisfied": [t["satisfied"] for t in spec],
    }, schema_overrides={"customer_id": pl.String, "agent_replies": pl.Int64, "reopens": pl.Int64,
                         "satisfied": pl.Boolean})


@settings(max_examples=100, deadline=None)
@given(st.lists(ticket, min_size=1, max_size=60), st.sampled_from(["one_touch", "no_repeat"]), st.integers(1, 14))
def test_fcr_is_a_share_of_solved_tickets(spec: list[dict[str, object]], definition: str, window: int) -> None:
    frame = frame_of(spec)
    result = cxkit.fcr(frame, definition=definition, window_days=window, by="channel")  # type: ignore[arg-type]
    for row in result.iter_rows(named=True):
        assert 0 <= row["resolved_first_contact"] <= row["solved"]
        assert row["fcr"] is None if row["solved"] == 0 else 0 <= row["fcr"] <= 1
    solved = sum(1 for t in spec if t["status"] in ("solved", "closed"))
    if definition == "one_touch":
        assert result["solved"].sum() == solved


@settings(max_examples=100, deadline=None)
@given(st.lists(ticket, min_size=1, max_size=60), st.integers(1, 30))
def test_repeat_contacts_invariants(spec: list[dict[str, object]], window: int) -> None:
    frame = frame_of(spec)
    row = cxkit.repeat_contacts(frame, window_days=window).row(0, named=True)
    known = frame.filter(pl.col("customer_id").is_not_null())
    assert row["tickets"] == known.height
    assert row["same_type_repeats"] <= row["repeat_tickets"] <= row["tickets"] - row["customers"]
    assert row["repeating_customers"] <= row["customers"]
    wider = cxkit.repeat_contacts(frame, window_days=window + 30).row(0, named=True)
    assert wider["repeat_tickets"] >= row["repeat_tickets"]


order = st.fixed_dictionaries({
    "customer": st.sampled_from(["a", "b", "c", "d"]),
    "hours": st.integers(0, 24 * 40),
    "amount": st.floats(1, 500, allow_nan=False),
    "agent": st.one_of(st.none(), st.sampled_from(["Lucía", "Pablo"])),
    "kind": st.one_of(st.none(), st.sampled_from(["upsell", "cross_sell", "save_the_sale", "other"])),
    "code": st.one_of(st.none(), st.sampled_from(["MEJORA10", "QUEDATE15"])),
})


def orders_of(spec: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame({
        "order_id": [str(i) for i in range(len(spec))],
        "customer_id": [o["customer"] for o in spec],
        "ordered_at": [D(2024, 1, 1) + dt.timedelta(hours=int(o["hours"])) for o in spec],  # type: ignore[call-overload]
        "amount": [o["amount"] for o in spec],
        "agent": [o["agent"] for o in spec],
        "kind": [o["kind"] for o in spec],
        "discount_code": [o["code"] for o in spec],
    }, schema_overrides={"agent": pl.String, "kind": pl.String, "discount_code": pl.String})


@settings(max_examples=100, deadline=None)
@given(st.lists(order, min_size=1, max_size=60))
def test_sales_add_up(spec: list[dict[str, object]]) -> None:
    orders = orders_of(spec)
    sales = cxkit.agent_sales(orders, every="1w")
    assisted = orders.filter(pl.col("agent").is_not_null())
    assert sales["orders"].sum() == assisted.height
    assert sales["revenue"].sum() == pytest.approx(assisted["amount"].sum())
    kinds = sum(sales[f"{k}_revenue"].sum() for k in ("upsell", "cross_sell", "save_the_sale"))
    assert kinds <= sales["revenue"].sum() + 1e-6
    codes = cxkit.discount_codes(orders)
    assert codes["orders"].sum() == orders.height
    assert codes["share_of_revenue"].sum() == pytest.approx(1.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(ticket, min_size=1, max_size=40), st.lists(order, min_size=1, max_size=40), st.integers(1, 10))
def test_attributed_revenue_credits_each_order_at_most_once(tickets_spec: list[dict[str, object]],
                                                           orders_spec: list[dict[str, object]], window: int) -> None:
    result = cxkit.attributed_revenue(frame_of(tickets_spec), orders_of(orders_spec), window_days=window)
    orders = orders_of(orders_spec)
    assert result["orders"].sum() <= orders.height
    assert result["revenue"].sum() <= orders["amount"].sum() + 1e-6
    for row in result.iter_rows(named=True):
        assert row["contacts_with_order"] <= min(row["contacts"], row["orders"])
        assert 0 <= row["conversion_rate"] <= 1
    wider = cxkit.attributed_revenue(frame_of(tickets_spec), orders, window_days=window + 30)
    assert wider["orders"].sum() >= result["orders"].sum()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.datetimes(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31)), min_size=1, max_size=30),
       st.sampled_from(["1d", "1w", "1mo", "1q", "1y"]))
def test_period_start_is_polars_truncation(moments: list[dt.datetime], interval: str) -> None:
    """The quicker day and month arithmetic gives exactly the dates polars' own truncation gives."""
    from cxkit._common import period_start

    frame = pl.DataFrame({"t": moments}, schema={"t": pl.Datetime("us")})
    ours = frame.select(period_start(pl.col("t"), interval))["t"].to_list()
    reference = frame.select(pl.col("t").dt.truncate(interval).dt.date())["t"].to_list()
    by_hand = [m.date() if interval == "1d" else m.date().replace(day=1) if interval == "1mo" else None
               for m in moments]
    assert ours == reference
    if interval in ("1d", "1mo"):
        assert ours == by_hand
