"""One definition of satisfied / unhappy and of promoter / passive / detractor (``cxkit.expr``), used by every
function whichever columns the frame has: hand-worked cases, agreement with what ``cxkit.load`` derives on
real exports, and a property that dropping a derived column (``satisfied``, ``nps_group``) never changes a
result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxkit
import cxkit.expr as cx
from tests.conftest import DATA, SAMPLE
from tests.test_metric_contract import assert_same, normalised

WORDS = ["caro", "danado", "lento", "rapido", "amable", "envio", "precio", "roto", "genial", "tarde"]
JAN, FEB = (dt.date(2025, 1, 1), dt.date(2025, 2, 1)), (dt.date(2025, 2, 1), dt.date(2025, 3, 1))


def test_hand_worked_satisfied_unhappy_and_groups() -> None:
    five = pl.DataFrame({"csat_score": [1.0, 2.0, 3.0, 4.0, 5.0, None, float("nan")]})
    got = five.select(cx.satisfied(five.columns), cx.unhappy(five.columns))
    assert got["satisfied"].to_list() == [False, False, False, True, True, None, None]
    assert got["unhappy"].to_list() == [True, True, True, False, False, None, None]  # 3 of 5 is not satisfied
    seven = pl.DataFrame({"csat_score": [5, 6, 7]})
    assert seven.select(cx.satisfied(seven.columns))["satisfied"].to_list() == [False, True, True]
    ten = pl.DataFrame({"csat_score": [8, 9, 10]})
    assert ten.select(cx.satisfied(ten.columns))["satisfied"].to_list() == [False, True, True]
    both = pl.DataFrame({"csat_score": [None, 5.0], "satisfied": [False, None]})  # a word rating, a score
    assert both.select(cx.satisfied(both.columns))["satisfied"].to_list() == [False, True]
    scores = pl.DataFrame({"nps_score": [0, 6, 7, 8, 9, 10, None], "nps_group": [None] * 6 + ["promoter"]})
    assert scores.select(cx.nps_group(scores.columns))["nps_group"].to_list() == [
        "detractor", "detractor", "passive", "passive", "promoter", "promoter", "promoter"]
    with pytest.raises(cxkit.MetricError, match="csat_score"):
        cx.satisfied(["comment"])
    with pytest.raises(cxkit.MetricError, match="nps_group"):
        cx.nps_group(["comment"])


def test_csat_3_of_5_is_unhappy_with_only_the_score() -> None:
    """With only ``csat_score``, 3 of 5 used to be left out of terms_by_satisfaction; now it is unhappy, as the
    loader's ``satisfied`` says, and the answer is the same with or without that column."""
    frame = pl.DataFrame({"csat_score": [3.0] * 4 + [5.0] * 4 + [1.0],
                          "comment": ["muy caro"] * 4 + ["genial rapido"] * 4 + ["roto"]})
    only_score = cxkit.terms_by_satisfaction(frame, min_count=1)
    with_flag = cxkit.terms_by_satisfaction(frame.with_columns((pl.col("csat_score") >= 4).alias("satisfied")),
                                            min_count=1)
    assert_same(normalised(only_score), normalised(with_flag))
    focus = only_score.filter(pl.col("side") == "focus")
    assert focus["term"][0] == "caro" and focus.filter(pl.col("term") == "caro")["count_focus"].item() == 4


def test_the_loaders_satisfied_is_the_one_definition() -> None:
    """Where ``cxkit.load`` derived ``satisfied`` from a numeric rating (every export here that has one),
    ``cxkit.expr.satisfied`` computed from the rating alone says the same."""
    compared = []
    for path in [*sorted(DATA.glob("*.csv")), SAMPLE / "encuestas_nps.csv"]:
        frame = cxkit.load(path).frame
        if not {"csat_score", "satisfied"} <= set(frame.columns) or frame["csat_score"].is_null().all():
            continue
        ours = frame.select(cx.satisfied(["csat_score"]).alias("ours"), "satisfied", "csat_score").filter(
            pl.col("csat_score").is_not_null())
        assert ours["ours"].to_list() == ours["satisfied"].to_list(), path.name
        compared.append(path.name)
    assert len(compared) >= 3, compared


def _responses(draw: Callable[..., Any]) -> pl.DataFrame:
    n = draw(st.integers(0, 40))
    top = draw(st.sampled_from([5, 7, 10]))
    csat = draw(st.lists(st.one_of(st.none(), st.integers(1, top)), min_size=n, max_size=n))
    nps = draw(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=n, max_size=n))
    words = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 58), min_size=n, max_size=n))
    plans = draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    scale_top = max((c for c in csat if c is not None), default=None)
    threshold = None if scale_top is None else 4 if scale_top <= 5 else 6 if scale_top <= 7 else 9
    return pl.DataFrame({
        "submitted_at": [dt.datetime(2025, 1, 1) + dt.timedelta(days=d) for d in days],
        "created_at": [dt.datetime(2025, 1, 1) + dt.timedelta(days=d) for d in days],
        "customer_id": [f"c{i % 7}" for i in range(n)],
        "channel": plans,
        "Plan": plans,
        "csat_score": pl.Series(csat, dtype=pl.Float64),
        # what cxkit.load adds: top box on the column's scale, and the NPS group of the score
        "satisfied": pl.Series([None if c is None or threshold is None else c >= threshold for c in csat],
                               dtype=pl.Boolean),
        "nps_score": pl.Series(nps, dtype=pl.Int8),
        "nps_group": pl.Series([None if s is None else "promoter" if s >= 9 else "passive" if s >= 7
                                else "detractor" for s in nps], dtype=pl.String),
        "comment": [" ".join(w) for w in words],
    })


CUSTOMERS = pl.DataFrame({"customer_id": [f"c{i}" for i in range(7)],
                          "acquired_at": [dt.datetime(2024, 6, 1)] * 7,
                          "churned_at": [dt.datetime(2025, 4, 1) if i % 2 else None for i in range(7)]})

USERS: dict[str, tuple[str, Callable[[pl.DataFrame], Any]]] = {
    "csat": ("satisfied", lambda f: cxkit.csat(f, by="Plan")),
    "csat_by_month": ("satisfied", lambda f: cxkit.csat(f, every="1mo")),
    "channel_mix": ("satisfied", lambda f: cxkit.channel_mix(f)),
    "terms_by_satisfaction": ("satisfied", lambda f: cxkit.terms_by_satisfaction(f, min_count=1)),
    "nps": ("nps_group", lambda f: cxkit.nps(f, by="Plan")),
    "compare_nps": ("nps_group", lambda f: cxkit.compare_nps(f, baseline=JAN, current=FEB)),
    "nps_gaps": ("nps_group", lambda f: cxkit.nps_gaps(f, by="Plan", min_responses=1)),
    "terms_by_nps": ("nps_group", lambda f: cxkit.terms_by_nps(f, min_count=1)),
    "churn_by_experience": ("nps_group", lambda f: cxkit.churn_by_experience(CUSTOMERS, responses=f,
                                                                             min_customers=1).experiences),
    "expr_nps": ("nps_group", lambda f: f.group_by("Plan").agg(cx.nps(), cx.promoters(), cx.detractors())),
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_dropping_a_derived_column_never_changes_a_result(data: st.DataObject) -> None:
    frame = _responses(data.draw)
    for name, (derived, call) in USERS.items():
        assert_same(normalised(call(frame.drop(derived))), normalised(call(frame)), name)


def test_nps_from_groups_only_matches_nps_from_scores() -> None:
    """Without scores, the exported groups give the same NPS (the other direction of the one definition)."""
    frame = cxkit.load(SAMPLE / "encuestas_nps.csv").frame
    groups = frame.with_columns(cx.nps_group(frame.columns)).drop("nps_score")
    assert_same(normalised(cxkit.nps(groups, by="Plan")), normalised(cxkit.nps(frame, by="Plan")))
    assert_same(normalised(cxkit.nps_gaps(groups, by="Plan", min_responses=5)),
                normalised(cxkit.nps_gaps(frame, by="Plan", min_responses=5)))
