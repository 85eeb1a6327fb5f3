"""Ticket volume, first response and SLA, resolution, handle time, FCR, repeat contacts, channel mix."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from tests.metric_helpers import FRAME_KINDS, as_kind

D = dt.datetime


def tickets(rows: list[dict[str, object]]) -> pl.DataFrame:
    schema = {"ticket_id": pl.String, "created_at": pl.Datetime("us"), "solved_at": pl.Datetime("us"),
              "status": pl.String, "channel": pl.String, "agent": pl.String, "customer_id": pl.String,
              "ticket_type": pl.String, "first_response_minutes": pl.Float64, "resolution_minutes": pl.Float64,
              "agent_replies": pl.Int64, "reopens": pl.Int64, "satisfied": pl.Boolean}
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)


ticket_strategy = st.fixed_dictionaries({
    "created": st.integers(0, 20 * 24 * 60),
    "solve_after": st.one_of(st.none(), st.integers(0, 5 * 24 * 60)),
    "frt": st.one_of(st.none(), st.floats(0, 3000, allow_nan=False)),
    "channel": st.sampled_from(["chat", "mail"]),
})


def build(spec: list[dict[str, object]]) -> pl.DataFrame:
    rows = []
    for i, t in enumerate(spec):
        created = D(2024, 1, 1) + dt.timedelta(minutes=int(t["created"]))  # type: ignore[call-overload]
        solved = None if t["solve_after"] is None else created + dt.timedelta(minutes=int(t["solve_after"]))  # type: ignore[call-overload]
        rows.append({"ticket_id": str(i), "created_at": created, "solved_at": solved,
                     "status": "solved" if solved else "open", "channel": t["channel"],
                     "first_response_minutes": t["frt"]})
    return tickets(rows)


@settings(max_examples=100, deadline=None)
@given(st.lists(ticket_strategy, min_size=1, max_size=80))
def test_ticket_volume_against_plain_python(spec: list[dict[str, object]]) -> None:
    frame = build(spec)
    result = cxkit.ticket_volume(frame, every="1d")
    created_days = [c.date() for c in frame["created_at"]]
    assert result["created"].sum() == frame.height
    for row in result.iter_rows(named=True):
        day = row["period"]
        end = D(day.year, day.month, day.day) + dt.timedelta(days=1)
        assert row["created"] == sum(1 for d in created_days if d == day)
        solved_today = sum(1 for s in frame["solved_at"] if s is not None and s.date() == day)
        assert row["solved"] == solved_today
        open_at_end = sum(1 for c, s in zip(frame["created_at"], frame["solved_at"], strict=True)
                          if c < end and (s is None or s >= end))
        assert row["backlog"] == open_at_end
    days = result["period"].to_list()
    assert days == sorted(days) and len(days) == (days[-1] - days[0]).days + 1  # no gaps


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_ticket_volume_by_channel_and_messages(kind: str) -> None:
    frame = tickets([
        {"created_at": D(2024, 1, 1, 9), "solved_at": D(2024, 1, 2, 9), "status": "solved", "channel": "chat",
         "agent_replies": 2},
        {"created_at": D(2024, 1, 1, 10), "status": "open", "channel": "mail", "agent_replies": 0},
        {"created_at": D(2024, 1, 3, 10), "status": "closed", "channel": "mail", "agent_replies": 1},  # no solve time
    ]).with_columns(pl.Series("customer_messages", [3, 1, 1]))
    result = cxkit.ticket_volume(as_kind(frame, kind), every="1d", by="channel")
    mail = result.filter(pl.col("channel") == "mail")
    assert mail["created"].to_list() == [1, 0, 1]
    assert mail["backlog"].to_list() == [1, 1, 1]  # the closed ticket never adds to the backlog
    chat = result.filter(pl.col("channel") == "chat")
    assert chat["backlog"].to_list() == [1, 0, 0]
    assert result["incoming_messages"].sum() == 5 and result["outgoing_messages"].sum() == 3
    window = cxkit.ticket_volume(frame, every="1d", start="2024-01-02")
    assert window["period"].min() == dt.date(2024, 1, 2) and window["backlog"][0] == 1


def test_ticket_volume_edges() -> None:
    assert cxkit.ticket_volume(tickets([])).height == 0
    no_status = pl.DataFrame({"created_at": [D(2024, 1, 1)]})
    assert cxkit.ticket_volume(no_status)["backlog"][0] is None
    with pytest.raises(cxkit.MetricError, match="created_at"):
        cxkit.ticket_volume(pl.DataFrame({"x": [1]}))


def test_first_response_against_numpy_and_hand_counts() -> None:
    frt = [5.0, 30.0, 61.0, 120.0, 240.0, None, None]
    rows = [{"created_at": D(2024, 1, 1, 8) + dt.timedelta(hours=i), "first_response_minutes": f,
             "status": "open" if f is None else "solved", "agent": "Ana" if i % 2 else "Luis"}
            for i, f in enumerate(frt)]
    frame = tickets(rows)
    row = cxkit.first_response(frame, sla_minutes=60, now=D(2024, 1, 1, 14, 30)).row(0, named=True)
    answered = np.array([f for f in frt if f is not None])
    assert (row["tickets"], row["answered"]) == (7, 5)
    assert row["median_minutes"] == pytest.approx(np.median(answered))
    assert row["mean_minutes"] == pytest.approx(answered.mean())
    assert row["p90_minutes"] == pytest.approx(np.percentile(answered, 90))
    assert row["sla_breaches"] == 3  # 61, 120, 240
    assert row["sla_breach_rate"] == pytest.approx(3 / 5)
    # unanswered: created 13:00 (90 min old at 14:30: overdue) and 14:00 (30 min old: not yet)
    assert row["unanswered_overdue"] == 1
    per_agent = cxkit.first_response(frame, by="agent", every="1d", sla_minutes=60, now=D(2024, 1, 1, 14, 30))
    assert per_agent["sla_breaches"].sum() == 3 and per_agent.columns[:2] == ["agent", "period"]


def test_first_response_uses_the_exported_sla_flag() -> None:
    frame = tickets([{"created_at": D(2024, 1, 1), "first_response_minutes": 10.0}] * 4).with_columns(
        pl.Series("sla_breached", [True, False, None, False]))
    row = cxkit.first_response(frame).row(0, named=True)
    assert row["sla_breaches"] == 1 and row["sla_breach_rate"] == pytest.approx(1 / 3)
    plain = cxkit.first_response(frame.drop("sla_breached")).row(0, named=True)
    assert plain["sla_breaches"] is None and plain["sla_breach_rate"] is None
    with pytest.raises(cxkit.MetricError, match="positive"):
        cxkit.first_response(frame, sla_minutes=0)


@settings(max_examples=100, deadline=None)
@given(st.lists(ticket_strategy, min_size=1, max_size=60), st.floats(1, 2000))
def test_first_response_properties(spec: list[dict[str, object]], sla: float) -> None:
    result = cxkit.first_response(build(spec), by="channel", sla_minutes=sla)
    for row in result.iter_rows(named=True):
        assert row["answered"] <= row["tickets"]
        assert row["sla_breaches"] <= row["answered"]
        if row["answered"]:
            assert 0 <= row["sla_breach_rate"] <= 1
            assert row["median_minutes"] <= row["p90_minutes"] + 1e-9
        else:
            assert row["sla_breach_rate"] is None and row["median_minutes"] is None


def test_resolution_and_reopens() -> None:
    frame = tickets([
        {"created_at": D(2024, 1, 1), "status": "solved", "resolution_minutes": 60.0, "reopens": 0},
        {"created_at": D(2024, 1, 1), "status": "closed", "resolution_minutes": 180.0, "reopens": 2},
        {"created_at": D(2024, 1, 1), "status": "open", "resolution_minutes": None, "reopens": 0},
    ])
    row = cxkit.resolution(frame).row(0, named=True)
    assert (row["solved"], row["reopened"], row["median_minutes"]) == (2, 1, 120.0)
    assert row["reopen_rate"] == 0.5
    assert cxkit.resolution(frame.drop("reopens"))["reopen_rate"][0] is None


def test_handle_time_call_centre_helper_example() -> None:
    # (668,205 + 99,153 + 198,306) s of talk, hold and wrap over 4,311 calls = 224 s exactly
    rng = np.random.default_rng(1)
    seconds = rng.dirichlet(np.ones(4311)) * (668_205 + 99_153 + 198_306)
    frame = pl.DataFrame({"created_at": [D(2024, 1, 1)] * 4311, "handle_minutes": seconds / 60})
    assert cxkit.handle_time(frame)["aht_minutes"][0] * 60 == pytest.approx(224.0)
    with pytest.raises(cxkit.MetricError, match="handle_minutes"):
        cxkit.handle_time(frame.drop("handle_minutes"))


def test_fcr_one_touch_reference() -> None:
    rows = ([{"created_at": D(2024, 1, 1), "status": "solved", "agent_replies": 1, "reopens": 0}] * 720
            + [{"created_at": D(2024, 1, 1), "status": "solved", "agent_replies": 3, "reopens": 0}] * 200
            + [{"created_at": D(2024, 1, 1), "status": "closed", "agent_replies": 1, "reopens": 1}] * 80
            + [{"created_at": D(2024, 1, 1), "status": "open", "agent_replies": 1, "reopens": 0}] * 150)
    row = cxkit.fcr(tickets(rows)).row(0, named=True)
    assert (row["solved"], row["resolved_first_contact"]) == (1000, 720)
    assert row["fcr"] == pytest.approx(0.72)  # resolved tickets as the denominator (not 720/1150)


def test_fcr_no_repeat_by_hand() -> None:
    frame = tickets([
        {"customer_id": "a", "created_at": D(2024, 1, 1), "solved_at": D(2024, 1, 2), "status": "solved"},
        {"customer_id": "a", "created_at": D(2024, 1, 5), "solved_at": D(2024, 1, 5), "status": "solved"},  # 3 days later
        {"customer_id": "b", "created_at": D(2024, 1, 1), "solved_at": D(2024, 1, 1), "status": "solved"},
        {"customer_id": "b", "created_at": D(2024, 1, 20), "solved_at": D(2024, 1, 21), "status": "solved"},  # 19 days later
        {"customer_id": "c", "created_at": D(2024, 2, 1), "solved_at": D(2024, 2, 1), "status": "solved"},
        {"customer_id": "d", "created_at": D(2024, 2, 27), "solved_at": D(2024, 2, 28), "status": "solved"},  # too recent
        {"customer_id": "e", "created_at": D(2024, 3, 1), "status": "open"},
    ])
    row = cxkit.fcr(frame, definition="no_repeat", window_days=7).row(0, named=True)
    # judged: a1 (repeat), a2, b1, b2, c -> 4 of 5 without a repeat; d cannot be judged yet
    assert (row["solved"], row["resolved_first_contact"], row["pending"]) == (5, 4, 1)
    assert row["fcr"] == pytest.approx(0.8)
    with pytest.raises(cxkit.MetricError, match="agent_replies"):
        cxkit.fcr(frame.drop("agent_replies"))
    with pytest.raises(cxkit.MetricError, match="definition"):
        cxkit.fcr(frame, definition="magic")  # type: ignore[arg-type]


def test_repeat_contacts_by_hand() -> None:
    frame = tickets([
        {"customer_id": "a", "created_at": D(2024, 1, 1), "ticket_type": "envío"},
        {"customer_id": "a", "created_at": D(2024, 1, 3), "ticket_type": "envío"},  # repeat, same type
        {"customer_id": "a", "created_at": D(2024, 1, 20), "ticket_type": "pago"},  # too late
        {"customer_id": "b", "created_at": D(2024, 1, 1), "ticket_type": "pago"},
        {"customer_id": "b", "created_at": D(2024, 1, 2), "ticket_type": "envío"},  # repeat, other type
        {"customer_id": None, "created_at": D(2024, 1, 2), "ticket_type": "envío"},  # anonymous: not counted
    ])
    row = cxkit.repeat_contacts(frame, window_days=7).row(0, named=True)
    assert (row["tickets"], row["customers"], row["repeat_tickets"], row["repeating_customers"]) == (5, 2, 2, 2)
    assert row["same_type_repeats"] == 1
    assert row["repeat_rate"] == pytest.approx(0.4) and row["same_type_rate"] == pytest.approx(0.2)


def test_channel_mix_shares_sum_to_one() -> None:
    frame = tickets([
        {"created_at": D(2024, 1, 1), "channel": "chat", "first_response_minutes": 2.0, "status": "solved",
         "agent_replies": 1, "satisfied": True},
        {"created_at": D(2024, 1, 2), "channel": "chat", "first_response_minutes": 4.0, "status": "solved",
         "agent_replies": 2, "satisfied": False},
        {"created_at": D(2024, 2, 1), "channel": "mail", "first_response_minutes": 300.0, "status": "open",
         "agent_replies": 0},
    ])
    overall = cxkit.channel_mix(frame)
    assert overall["channel"].to_list() == ["chat", "mail"]
    assert overall["share"].sum() == pytest.approx(1.0)
    chat = overall.row(0, named=True)
    assert (chat["median_first_response_minutes"], chat["fcr"], chat["csat"]) == (3.0, 0.5, 0.5)
    assert overall.row(1, named=True)["fcr"] is None  # nothing solved yet: not a silent 0
    monthly = cxkit.channel_mix(frame, every="1mo")
    assert monthly.group_by("period").agg(pl.col("share").sum())["share"].to_list() == pytest.approx([1.0, 1.0])
