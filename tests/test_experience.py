"""Churn by support experience: a hand-worked log-rank test, plain-Python churn shares, the landmark analysis
by hand and on data where the naive split misleads, matching, edges."""

from __future__ import annotations

import datetime as dt
import math
import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import cxkit
from cxkit.errors import MetricError

D = dt.datetime
CUSTOMERS = {"customer_id": pl.String, "acquired_at": pl.Datetime("us"), "churned_at": pl.Datetime("us"),
             "mrr": pl.Float64}
TICKETS = {"customer_id": pl.String, "created_at": pl.Datetime("us"), "first_response_minutes": pl.Float64,
           "status": pl.String}


def plain_logrank(a: list[tuple[float, bool]], b: list[tuple[float, bool]]) -> tuple[float, float]:
    """Σ (observed − expected exits of a) ÷ √Σ hypergeometric variance, over the distinct exit times."""
    observed = expected = variance = 0.0
    for t in sorted({t for t, e in a + b if e}):
        na, nb = sum(1 for s, _ in a if s >= t), sum(1 for s, _ in b if s >= t)
        da, d = sum(1 for s, e in a if s == t and e), sum(1 for s, e in a + b if s == t and e)
        n = na + nb
        observed += da
        expected += d * na / n
        variance += na * nb * d * (n - d) / (n * n * (n - 1)) if n > 1 else 0.0
    z = (observed - expected) / math.sqrt(variance)
    return z, 2 * stats.norm.sf(abs(z))


def test_hand_worked_logrank() -> None:
    # group: left at 1, 2, 3 months; comparison: left at 2 and 4, one still active at 5
    a, b = [(1.0, True), (2.0, True), (3.0, True)], [(2.0, True), (4.0, True), (5.0, False)]
    z, p = plain_logrank(a, b)
    # by hand: O − E = 3 − (1/2 + 4/5 + 1/3); V = 1/4 + 9/25 + 2/9
    assert z == pytest.approx((3 - (0.5 + 0.8 + 1 / 3)) / math.sqrt(0.25 + 0.36 + 2 / 9))
    assert p == pytest.approx(0.1341, abs=5e-4)
    start = D(2023, 1, 1)
    rows = [(f"g{i}", start, start + dt.timedelta(days=t * 30.4375) if e else None, 10.0)
            for i, (t, e) in enumerate(a)]
    rows += [(f"c{i}", start, start + dt.timedelta(days=t * 30.4375) if e else None, 20.0)
             for i, (t, e) in enumerate(b)]
    customers = pl.DataFrame(rows, schema=CUSTOMERS, orient="row")
    tickets = pl.DataFrame([(f"g{i}", start + dt.timedelta(days=1), 500.0, "solved") for i in range(3)]
                           + [(f"c{i}", start + dt.timedelta(days=1), 5.0, "solved") for i in range(3)],
                           schema=TICKETS, orient="row")
    result = cxkit.churn_by_experience(customers, tickets=tickets, sla_minutes=60, as_of=start + dt.timedelta(
        days=5 * 30.4375), min_customers=3)
    row = result.experiences.filter(pl.col("experience") == "waited_past_target").row(0, named=True)
    assert (row["customers"], row["comparison_customers"], row["churned"]) == (3, 3, 3)
    assert row["logrank_z"] == pytest.approx(z, rel=1e-6) and row["p_value"] == pytest.approx(p, rel=1e-6)
    assert row["finding"] == "no_clear_difference" and row["finding_n"] == 3
    assert row["median_months"] == pytest.approx(2.0) and row["comparison_median_months"] == pytest.approx(4.0)
    assert row["revenue_at_risk"] == 0.0  # everyone in the group left
    comparison = result.experiences.filter(pl.col("experience") == "no_contact").row(0, named=True)
    assert comparison["customers"] == 0 and comparison["finding"] == "too_few_customers"


def experience_data(spec: list[tuple[int, int | None, list[tuple[int, int, bool]]]]) -> tuple[pl.DataFrame,
                                                                                             pl.DataFrame]:
    start = D(2024, 1, 1)
    customers = pl.DataFrame(
        [(f"C{i}", start + dt.timedelta(days=joined), None if life is None else start + dt.timedelta(
            days=joined + life), float(i + 1)) for i, (joined, life, _) in enumerate(spec)],
        schema=CUSTOMERS, orient="row")
    tickets = pl.DataFrame(
        [(f" c{i} ", start + dt.timedelta(days=joined + day), float(minutes), "open" if open_ else "solved")
         for i, (joined, _, contacts) in enumerate(spec) for day, minutes, open_ in contacts],
        schema=TICKETS, orient="row")
    return customers, tickets


contact = st.tuples(st.integers(0, 200), st.integers(1, 300), st.booleans())
customer = st.tuples(st.integers(0, 100), st.one_of(st.none(), st.integers(1, 300)), st.lists(contact, max_size=4))


@settings(max_examples=60, deadline=None)
@given(st.lists(customer, min_size=1, max_size=25), st.sampled_from([30, 60, 120]))
def test_shares_against_plain_python(spec: list[tuple[int, int | None, list[tuple[int, int, bool]]]],
                                     sla: int) -> None:
    customers, tickets = experience_data(spec)
    result = cxkit.churn_by_experience(customers, tickets=tickets, sla_minutes=sla, min_customers=1)
    assert result.matching.filter(pl.col("source") == "tickets")["matched_share"].to_list() in ([1.0], [None])
    rows = {r["experience"]: r for r in result.experiences.iter_rows(named=True)}
    left = [life is not None for _, life, _ in spec]
    mrr = [float(i + 1) for i in range(len(spec))]
    contacted = [bool(c) for _, _, c in spec]
    late = [any(m > sla for _, m, _ in c) for _, _, c in spec]
    repeat = [any(abs(x[0] - y[0]) <= 7 for k, x in enumerate(c) for y in c[k + 1:]) for _, _, c in spec]
    unresolved = [any(o for _, _, o in c) for _, _, c in spec]
    groups = {"waited_past_target": (late, [k and not w for k, w in zip(contacted, late, strict=True)]),
              "repeat_contact": (repeat, [k and not r for k, r in zip(contacted, repeat, strict=True)]),
              "unresolved_ticket": (unresolved, [k and not u for k, u in zip(contacted, unresolved, strict=True)]),
              "no_contact": ([not k for k in contacted], contacted)}
    for code, (inside, other) in groups.items():
        row = rows[code]
        members = [i for i, x in enumerate(inside) if x]
        assert row["customers"] == len(members), code
        assert row["comparison_customers"] == sum(other), code
        assert row["churned"] == sum(left[i] for i in members)
        assert row["churn_share"] == (pytest.approx(sum(left[i] for i in members) / len(members)) if members else None)
        assert row["revenue_at_risk"] == pytest.approx(sum(mrr[i] for i in members if not left[i]))
        if row["retention_at_horizon"] is not None:
            assert 0 <= row["retention_at_horizon"] <= 1
        assert row["finding"] in cxkit.experience.FINDINGS
        if row["p_value"] is not None:
            assert 0 <= row["p_value"] <= 1
    for row in result.landmark.iter_rows(named=True):
        assert 0 <= row["churned_within"] <= row["customers"]
        assert row["method"] == "first_reply_landmark_90d"


def test_landmark_by_hand() -> None:
    start = D(2024, 1, 1)
    customers = pl.DataFrame([
        ("a", start, D(2024, 3, 1), 10.0),  # first late reply Feb 1, leaves 29 days later: churned within 90 days
        ("b", start, None, 20.0),  # first reply on time Jan 10, late reply Mar 1: on time until then, then late
        ("c", start, D(2024, 12, 1), 30.0),  # on time Jan 5, leaves long after the window
        ("d", start, D(2024, 1, 20), 40.0),  # left before their only (late) reply: not at risk
        ("e", start, None, 50.0),  # no ticket
    ], schema=CUSTOMERS, orient="row")
    tickets = pl.DataFrame([
        ("a", D(2024, 2, 1), 120.0, "solved"), ("b", D(2024, 1, 10), 5.0, "solved"),
        ("b", D(2024, 3, 1), 300.0, "solved"), ("c", D(2024, 1, 5), 10.0, "solved"),
        ("d", D(2024, 2, 1), 500.0, "open"), ("zz", D(2024, 2, 1), 5.0, "solved"),
    ], schema=TICKETS, orient="row")
    result = cxkit.churn_by_experience(customers, tickets=tickets, sla_minutes=60, as_of="2025-01-01",
                                       min_customers=1)
    assert result.method == "first_reply_landmark_90d"
    late, on_time = result.landmark.rows(named=True)
    # b's first reply was on time: b stays in that group after its later late reply (one group per customer)
    assert (late["group"], late["customers"], late["churned_within"]) == ("first_reply_late", 1, 1)  # a
    assert (on_time["group"], on_time["customers"], on_time["churned_within"]) == ("first_reply_on_time", 2, 0)
    assert late["churn_share"] == 1.0 and late["km_churn"] == pytest.approx(1.0)
    assert on_time["km_churn"] == pytest.approx(0.0)
    matching = dict(result.matching.select("source", "matched").iter_rows())
    assert matching == {"customers": 5, "tickets": 4}  # "zz" is nobody
    assert result.matching.filter(pl.col("source") == "tickets")["matched_share"].item() == 0.8
    shorter = cxkit.churn_by_experience(customers, tickets=tickets, landmark_days=20, as_of="2025-01-01",
                                        min_customers=1)
    assert shorter.method == "first_reply_landmark_20d" and shorter.landmark["churned_within"].to_list() == [0, 0]


def test_landmark_corrects_the_exposure_bias() -> None:
    """Waiting has no effect here, but customers who stay longer open more tickets and so wait more often:
    the naive split finds waiting 'protective', the landmark analysis finds no difference."""
    rng = random.Random(3)
    start = D(2022, 1, 1)
    rows, tickets = [], []
    for i in range(1500):
        joined = start + dt.timedelta(days=rng.uniform(0, 365))
        life = rng.expovariate(1 / 400)
        end = joined + dt.timedelta(days=life)
        rows.append((f"c{i}", joined, end if end < D(2024, 12, 31) else None, 10.0))
        day = joined + dt.timedelta(days=rng.expovariate(1 / 60))
        while day < min(end, D(2024, 12, 31)):
            tickets.append((f"c{i}", day, 120.0 if rng.random() < 0.25 else 10.0, "solved"))
            day += dt.timedelta(days=rng.expovariate(1 / 60))
    customers = pl.DataFrame(rows, schema=CUSTOMERS, orient="row")
    result = cxkit.churn_by_experience(customers, tickets=pl.DataFrame(tickets, schema=TICKETS, orient="row"),
                                       as_of="2024-12-31")
    naive = result.experiences.filter(pl.col("experience") == "waited_past_target").row(0, named=True)
    assert naive["finding"] == "churn_lower"
    landmark = result.landmark.filter(pl.col("group") == "first_reply_late").row(0, named=True)
    assert landmark["finding"] == "no_clear_difference"


def test_survey_groups_and_edges() -> None:
    start = D(2024, 1, 1)
    customers = pl.DataFrame([(f"c{i}", start, D(2024, 6, 1) if i < 2 else None, 5.0) for i in range(6)],
                             schema=CUSTOMERS, orient="row")
    responses = pl.DataFrame({"customer_id": ["c0", "c0", "c1", "c2", "c3", "C4"],
                              "submitted_at": [D(2024, 2, 1), D(2024, 3, 1), D(2024, 2, 1), D(2024, 2, 1),
                                               D(2024, 2, 1), D(2024, 2, 1)],
                              "nps_score": pl.Series([10, 2, 3, 8, 9, 10], dtype=pl.Int8)})
    result = cxkit.churn_by_experience(customers, responses=responses, min_customers=1)
    rows = {r["experience"]: r for r in result.experiences.iter_rows(named=True)}
    assert (rows["nps_detractor"]["customers"], rows["nps_detractor"]["churned"]) == (2, 2)  # c0's last score is 2
    assert rows["nps_detractor"]["comparison_customers"] == 3
    assert (rows["nps_passive"]["customers"], rows["nps_promoter"]["customers"]) == (1, 2)
    assert rows["no_contact"]["customers"] == 6 and rows["no_contact"]["finding"] == "too_few_customers"
    assert result.landmark.height == 0
    snapshot = pl.DataFrame({"customer_id": ["a", "b"], "tenure_months": [3.0, 10.0], "churned": [True, False]})
    assert cxkit.churn_by_experience(snapshot).experiences.height == len(cxkit.experience.EXPERIENCES)
    empty = cxkit.churn_by_experience(customers.clear())
    assert empty.experiences["customers"].sum() == 0 and empty.landmark.height == 0
    with pytest.raises(MetricError, match="customer_id"):
        cxkit.churn_by_experience(customers.drop("customer_id"))
    with pytest.raises(MetricError, match="acquired_at"):
        cxkit.churn_by_experience(pl.DataFrame({"customer_id": ["a"]}))
    with pytest.raises(MetricError, match="nps_score"):
        cxkit.churn_by_experience(customers, responses=responses.drop("nps_score"))


def test_calls_count_as_contacts_and_long_waits_as_late() -> None:
    start = D(2024, 1, 1)
    customers = pl.DataFrame([(c, start, None, 1.0) for c in ("a", "b", "c")], schema=CUSTOMERS, orient="row")
    calls = pl.DataFrame({"customer_id": ["A", "b", "b", None],
                          "started_at": [D(2024, 2, 1), D(2024, 2, 1), D(2024, 2, 3), D(2024, 2, 1)],
                          "wait_seconds": [300.0, 10.0, 20.0, 5.0]})
    result = cxkit.churn_by_experience(customers, calls=calls, call_target_seconds=60, min_customers=1)
    rows = {r["experience"]: r for r in result.experiences.iter_rows(named=True)}
    assert (rows["waited_past_target"]["customers"], rows["waited_past_target"]["comparison_customers"]) == (1, 1)
    assert rows["repeat_contact"]["customers"] == 1  # b called twice within 7 days
    assert rows["no_contact"]["customers"] == 1  # c
    assert dict(result.matching.select("source", "matched").iter_rows()) == {"customers": 3, "calls": 2}


def _overlap_case() -> tuple[pl.DataFrame, pl.DataFrame]:
    """12 customers answered late at first (3 leave), 12 answered on time (2 leave), and 12 answered on time at
    first and late 20 days later (8 leave 10 days after the late reply)."""
    start = D(2024, 1, 1)
    customers, tickets = [], []
    for i in range(12):
        customers.append((f"l{i}", start, D(2024, 3, 1) if i < 3 else None, 10.0))
        tickets.append((f"l{i}", D(2024, 2, 1), 120.0, "solved"))
        customers.append((f"o{i}", start, D(2024, 3, 15) if i < 2 else None, 10.0))
        tickets.append((f"o{i}", D(2024, 2, 1), 10.0, "solved"))
        customers.append((f"s{i}", start, D(2024, 3, 2) if i < 8 else None, 10.0))
        tickets += [(f"s{i}", D(2024, 2, 1), 10.0, "solved"), (f"s{i}", D(2024, 2, 21), 120.0, "solved")]
    return (pl.DataFrame(customers, schema=CUSTOMERS, orient="row"),
            pl.DataFrame(tickets, schema=TICKETS, orient="row"))


def test_landmark_groups_are_exclusive_where_the_overlap_would_change_the_p_value() -> None:
    """By hand: the first-reply landmark puts each customer in one group. The earlier design (late group from
    the first late reply, on-time group censored at a later late reply) counted the 12 switchers in both groups
    and found churn_higher at p ≈ 0.012; with exclusive groups the switchers' exits count where their first
    reply put them, and there is no clear difference (p ≈ 0.55)."""
    customers, tickets = _overlap_case()
    result = cxkit.churn_by_experience(customers, tickets=tickets, sla_minutes=60, as_of="2025-01-01",
                                       min_customers=1)
    days = lambda moment, t0: (moment - t0).total_seconds() / 86400  # noqa: E731
    late_reply, on_time_reply, switch = D(2024, 2, 1, 2), D(2024, 2, 1, 0, 10), D(2024, 2, 21, 2)
    late = [(days(D(2024, 3, 1), late_reply), True)] * 3 + [(90.0, False)] * 9
    on_time = [(days(D(2024, 3, 15), on_time_reply), True)] * 2 + [(90.0, False)] * 10
    switchers = [(days(D(2024, 3, 2), on_time_reply), True)] * 8 + [(90.0, False)] * 4
    z, p = plain_logrank(late, on_time + switchers)
    rows = {r["group"]: r for r in result.landmark.iter_rows(named=True)}
    assert (rows["first_reply_late"]["customers"], rows["first_reply_late"]["churned_within"]) == (12, 3)
    assert (rows["first_reply_on_time"]["customers"], rows["first_reply_on_time"]["churned_within"]) == (24, 10)
    assert rows["first_reply_late"]["logrank_z"] == pytest.approx(z)
    assert rows["first_reply_late"]["p_value"] == pytest.approx(p)
    assert rows["first_reply_late"]["finding"] == "no_clear_difference"
    # the overlapping design, by hand: switchers late from their late reply AND on time until it (censored)
    overlap_late = [(days(D(2024, 3, 2), switch), True)] * 8 + [(90.0, False)] * 4
    overlap_on_time = [(days(switch, on_time_reply), False)] * 12
    _, p_overlap = plain_logrank(late + overlap_late, on_time + overlap_on_time)
    assert p_overlap < 0.05 < p and p == pytest.approx(0.553, abs=1e-3)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 300), st.sampled_from([5.0, 200.0, None]),
                          st.one_of(st.none(), st.integers(1, 400))), min_size=0, max_size=25))
def test_landmark_puts_each_customer_in_one_group(contacts: list[tuple[int, int, float | None, int | None]]) -> None:
    """Property: every customer at risk at their first reply of known lateness is counted once, in the group of
    that reply (plain Python), whatever replies follow."""
    start = D(2024, 1, 1)
    leaves = {}
    for who, _, _, left in contacts:
        leaves.setdefault(who, left)
    customers = pl.DataFrame([(f"c{w}", start, start + dt.timedelta(days=d) if d else None, 1.0)
                              for w, d in leaves.items()], schema=CUSTOMERS, orient="row")
    tickets = pl.DataFrame([(f"c{w}", start + dt.timedelta(days=day), minutes, "solved")
                            for w, day, minutes, _ in contacts], schema=TICKETS, orient="row")
    result = cxkit.churn_by_experience(customers, tickets=tickets, sla_minutes=60, as_of="2025-06-01",
                                       min_customers=1)
    expected = {"first_reply_late": 0, "first_reply_on_time": 0}
    for who, left in leaves.items():
        replies = sorted((start + dt.timedelta(days=day, minutes=m), m > 60)
                         for w, day, m, _ in contacts if w == who and m is not None)
        if not replies:
            continue
        first, late = replies[0][0], any(is_late for at, is_late in replies if at == replies[0][0])
        if left is not None and start + dt.timedelta(days=left) <= first:
            continue  # already gone
        expected["first_reply_late" if late else "first_reply_on_time"] += 1
    got = dict(result.landmark.select("group", "customers").iter_rows())
    assert got == (expected if sum(expected.values()) else {})


def test_landmark_edges_one_group_and_unknown_replies() -> None:
    customers, tickets = _overlap_case()
    only_late = cxkit.churn_by_experience(customers, tickets=tickets.filter(pl.col("customer_id").str.starts_with("l")),
                                          sla_minutes=60, as_of="2025-01-01", min_customers=1)
    late, on_time = only_late.landmark.rows(named=True)
    assert (late["customers"], on_time["customers"], on_time["km_churn"]) == (12, 0, None)
    assert late["p_value"] is None and late["finding"] == "too_few_customers"  # nothing to compare with
    unknown = tickets.with_columns(pl.lit(None, pl.Float64).alias("first_response_minutes"))
    none_known = cxkit.churn_by_experience(customers, tickets=unknown, as_of="2025-01-01")
    assert none_known.landmark.height == 0 and none_known.method == "first_reply_landmark_90d"
