"""NPS, NPS comparison, CSAT and NEV: references, edge cases and properties."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from scipy import stats

import cxkit
from tests.metric_helpers import FRAME_KINDS, answers, as_kind

Z = 1.959963984540054

# metric-definitions.md, tables 1a and 1b: (P, Pa, D) -> adjusted Wald (lo, hi), Wald (lo, hi), on −1..1
NPS_REFERENCE = {
    (3, 2, 1): ((-0.267433, 0.711877), (-0.263065, 0.929731)),
    (7, 2, 1): ((0.0703941, 0.852683), (0.188874, 1.01113)),
    (10, 0, 0): ((0.475036, 1.06343), (1, 1)),
    (50, 30, 20): ((0.140511, 0.442013), (0.146922, 0.453078)),
    (30, 40, 30): ((-0.149227, 0.149227), (-0.151818, 0.151818)),
    (120, 50, 30): ((0.341354, 0.545345), (0.347452, 0.552548)),
    (200, 150, 150): ((0.0268681, 0.171939), (0.0271906, 0.172809)),
    (1000, 700, 300): ((0.317665, 0.381287), (0.318169, 0.381831)),
}


def clip(value: float) -> float:
    return max(-100.0, min(100.0, value))


@pytest.mark.parametrize("counts", sorted(NPS_REFERENCE))
@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_nps_matches_the_published_reference(counts: tuple[int, int, int], kind: str) -> None:
    (adj_lo, adj_hi), (wald_lo, wald_hi) = NPS_REFERENCE[counts]
    frame = as_kind(answers(*counts), kind)
    adjusted = cxkit.nps(frame).row(0, named=True)
    p, pa, d = counts
    assert adjusted["responses"] == p + pa + d
    assert (adjusted["promoters"], adjusted["passives"], adjusted["detractors"]) == counts
    assert adjusted["nps"] == pytest.approx(100 * (p - d) / (p + pa + d))
    assert adjusted["nps_low"] == pytest.approx(clip(100 * adj_lo), abs=1e-4)
    assert adjusted["nps_high"] == pytest.approx(clip(100 * adj_hi), abs=1e-4)
    wald = cxkit.nps(frame, method="wald").row(0, named=True)
    assert wald["nps_low"] == pytest.approx(clip(100 * wald_lo), abs=1e-4)
    assert wald["nps_high"] == pytest.approx(clip(100 * wald_hi), abs=1e-4)


def test_issue_reference_values() -> None:
    row = cxkit.nps(answers(3, 2, 1)).row(0, named=True)
    assert row["nps"] == pytest.approx(33.3333, abs=1e-4)
    assert (row["nps_low"], row["nps_high"]) == pytest.approx((-26.7433, 71.1877), abs=1e-4)
    assert row["small_sample"] is True
    assert cxkit.nps(answers(1000, 700, 300))["small_sample"][0] is False


def plain_python_nps(scores: list[int]) -> tuple[int, int, int, float | None]:
    p = sum(1 for s in scores if s >= 9)
    d = sum(1 for s in scores if s <= 6)
    pa = len(scores) - p - d
    return p, pa, d, (100 * (p - d) / len(scores) if scores else None)


def test_nps_by_segment_and_month_against_plain_python() -> None:
    rows = [
        ("Islas", dt.datetime(2024, 1, 3), 3), ("Islas", dt.datetime(2024, 1, 20), 9), ("Islas", dt.datetime(2024, 2, 1), 10),
        ("Madrid", dt.datetime(2024, 1, 5), 8), ("Madrid", dt.datetime(2024, 1, 6), 10), ("Madrid", dt.datetime(2024, 2, 9), 0),
        ("Madrid", dt.datetime(2024, 2, 10), None),
    ]
    frame = pl.DataFrame(rows, schema={"region": pl.String, "submitted_at": pl.Datetime("us"), "nps_score": pl.Int8},
                         orient="row")
    result = cxkit.nps(frame, by="region", every="1mo")
    assert result.columns[:2] == ["region", "period"]
    for region, period, responses, nps in result.select("region", "period", "responses", "nps").iter_rows():
        scores = [s for r, d, s in rows if r == region and d.month == period.month and s is not None]
        *_, expected = plain_python_nps(scores)
        assert responses == len(scores)
        assert nps == pytest.approx(expected)


def test_nps_edge_cases() -> None:
    empty = pl.DataFrame(schema={"nps_score": pl.Int8, "submitted_at": pl.Datetime("us"), "region": pl.String})
    overall = cxkit.nps(empty)
    assert overall.height == 1 and overall["responses"][0] == 0 and overall["nps"][0] is None
    assert overall["nps_low"][0] is None and overall["nps_high"][0] is None
    assert cxkit.nps(empty, by="region").height == 0
    all_null = pl.DataFrame({"nps_score": pl.Series([None, None], dtype=pl.Int8)})
    assert cxkit.nps(all_null)["nps"][0] is None
    one_group = cxkit.nps(answers(2, 0, 0, region="Norte"), by="region")
    assert one_group.height == 1 and one_group["nps"][0] == 100.0
    with pytest.raises(cxkit.MetricError, match="nps_score"):
        cxkit.nps(pl.DataFrame({"x": [1]}))
    with pytest.raises(cxkit.MetricError, match="method"):
        cxkit.nps(answers(1, 1, 1), method="exact")  # type: ignore[arg-type]


def test_nps_from_groups_only() -> None:
    frame = pl.DataFrame({"nps_group": ["promoter", "promoter", "passive", "detractor", None]})
    row = cxkit.nps(frame).row(0, named=True)
    assert (row["responses"], row["nps"]) == (4, 25.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10) | st.none(), max_size=200), st.sampled_from(["adjusted_wald", "wald"]),
       st.floats(0.5, 0.999))
def test_nps_properties(scores: list[int | None], method: str, confidence: float) -> None:
    frame = pl.DataFrame({"nps_score": pl.Series(scores, dtype=pl.Int8)})
    row = cxkit.nps(frame, method=method, confidence=confidence).row(0, named=True)  # type: ignore[arg-type]
    assert row["promoters"] + row["passives"] + row["detractors"] == row["responses"]
    assert row["responses"] == sum(1 for s in scores if s is not None)
    if row["responses"] == 0:
        assert row["nps"] is None and row["nps_low"] is None
        return
    assert -100 <= row["nps_low"] <= row["nps_high"] <= 100
    assert -100 <= row["nps"] <= 100
    if method == "wald":
        assert row["nps_low"] - 1e-9 <= row["nps"] <= row["nps_high"] + 1e-9
    else:  # the adjusted interval contains its own (shrunk) centre, not always the plain score
        centre = 100 * (row["promoters"] - row["detractors"]) / (row["responses"] + 3)
        assert row["nps_low"] - 1e-9 <= centre <= row["nps_high"] + 1e-9
    wider = cxkit.nps(frame, method=method, confidence=min(0.9999, confidence + 0.0005)).row(0, named=True)  # type: ignore[arg-type]
    assert wider["nps_high"] - wider["nps_low"] >= row["nps_high"] - row["nps_low"] - 1e-9


# metric-definitions.md table 1c: (P, Pa, D) before -> after: d, SE, z, p, CI lo, CI hi, adj d, adj SE, adj p
COMPARE_REFERENCE = [
    ((50, 30, 20), (40, 30, 30), (-0.2, 0.114018, -1.75412, 0.0794106, -0.42347, 0.0234703, -0.194175, 0.112089, 0.0832159)),
    ((120, 50, 30), (100, 60, 40), (-0.15, 0.0760756, -1.97172, 0.0486413, -0.299105, -0.000894524, -0.147783, 0.0755744, 0.0505278)),
    ((200, 150, 150), (260, 140, 100), (0.22, 0.051139, 4.302, 1.69265e-5, 0.119769, 0.320231, 0.218688, 0.0509635, 1.77816e-5)),
    ((1000, 700, 300), (1050, 650, 300), (0.025, 0.0230421, 1.08497, 0.277934, -0.0201616, 0.0701616, 0.0249626, 0.0230281, 0.278363)),
]
JAN, FEB, MAR = ("2024-01-01", "2024-02-01"), ("2024-02-01", "2024-03-01"), ("2024-03-01", "2024-04-01")


def two_periods(before: tuple[int, int, int], after: tuple[int, int, int]) -> pl.DataFrame:
    return pl.concat([answers(*before, when=dt.datetime(2024, 1, 10)), answers(*after, when=dt.datetime(2024, 2, 10))])


@pytest.mark.parametrize(("before", "after", "expected"), COMPARE_REFERENCE)
def test_compare_nps_matches_the_reference(before: tuple[int, int, int], after: tuple[int, int, int],
                                           expected: tuple[float, ...]) -> None:
    d, se, z, p, lo, hi, adj_d, adj_se, adj_p = expected
    row = cxkit.compare_nps(two_periods(before, after), baseline=JAN, current=FEB, method="wald").row(0, named=True)
    assert row["difference"] == pytest.approx(100 * d, abs=1e-4)
    assert row["se"] == pytest.approx(100 * se, rel=1e-5)
    assert row["z"] == pytest.approx(z, rel=1e-5)
    assert row["p_value"] == pytest.approx(p, rel=1e-4)
    assert (row["diff_low"], row["diff_high"]) == pytest.approx((100 * lo, 100 * hi), abs=1e-3)
    adjusted = cxkit.compare_nps(two_periods(before, after), baseline=JAN, current=FEB, method="adjusted_wald")
    default = cxkit.compare_nps(two_periods(before, after), baseline=JAN, current=FEB)
    assert_frame_equal(default, adjusted)  # adjusted Wald by default, as nps
    # the plain difference is shown (as nps shows the plain score); the test and interval use the adjusted one
    assert adjusted["difference"][0] == pytest.approx(100 * d, abs=1e-4)
    assert (adjusted["diff_low"][0] + adjusted["diff_high"][0]) / 2 == pytest.approx(100 * adj_d, abs=1e-4)
    assert adjusted["z"][0] * adjusted["se"][0] == pytest.approx(100 * adj_d, abs=1e-4)
    assert adjusted["se"][0] == pytest.approx(100 * adj_se, rel=1e-5)
    assert adjusted["p_value"][0] == pytest.approx(adj_p, rel=1e-4)


def test_compare_nps_by_segment_and_edges() -> None:
    frame = pl.concat([
        answers(50, 30, 20, when=dt.datetime(2024, 1, 10), region="A"),
        answers(40, 30, 30, when=dt.datetime(2024, 2, 10), region="A"),
        answers(5, 0, 0, when=dt.datetime(2024, 2, 10), region="B"),
    ])
    result = cxkit.compare_nps(frame, baseline=JAN, current=FEB, by="region")
    a, b = result.row(0, named=True), result.row(1, named=True)
    assert a["region"] == "A" and a["p_value"] == pytest.approx(0.0832159, rel=1e-4)  # adjusted Wald
    assert b["baseline_responses"] == 0 and b["difference"] is None and b["p_value"] is None
    nothing = cxkit.compare_nps(frame, baseline=MAR, current=("2024-04-01", "2024-05-01"))
    assert nothing["difference"][0] is None and nothing["current_responses"][0] == 0
    same = cxkit.compare_nps(pl.concat([answers(3, 0, 0, when=dt.datetime(2024, 1, 2)),
                                        answers(4, 0, 0, when=dt.datetime(2024, 2, 2))]), baseline=JAN, current=FEB,
                             method="wald")
    assert same["se"][0] == 0 and same["z"][0] is None and same["p_value"][0] is None
    with pytest.raises(cxkit.MetricError, match="before it starts"):
        cxkit.compare_nps(frame, baseline=("2024-02-01", "2024-01-01"), current=FEB)


@settings(max_examples=100, deadline=None)
@given(st.tuples(*[st.integers(0, 60)] * 3), st.tuples(*[st.integers(0, 60)] * 3))
def test_compare_nps_is_antisymmetric(before: tuple[int, int, int], after: tuple[int, int, int]) -> None:
    frame = two_periods(before, after)
    forward = cxkit.compare_nps(frame, baseline=JAN, current=FEB).row(0, named=True)
    backward = cxkit.compare_nps(frame, baseline=FEB, current=JAN).row(0, named=True)
    if forward["difference"] is None:
        assert backward["difference"] is None
        return
    assert forward["difference"] == pytest.approx(-backward["difference"], abs=1e-9)
    assert forward["se"] == pytest.approx(backward["se"])
    if forward["p_value"] is not None:
        assert 0 <= forward["p_value"] <= 1
        assert forward["p_value"] == pytest.approx(backward["p_value"])


def test_csat_references() -> None:
    # Delighted's worked example: 42/32/10/9/14 answers of 5..1 -> 74/107
    scores = [5.0] * 42 + [4.0] * 32 + [3.0] * 10 + [2.0] * 9 + [1.0] * 14
    row = cxkit.csat(pl.DataFrame({"csat_score": scores})).row(0, named=True)
    assert row["csat"] == pytest.approx(0.691589, abs=1e-6)
    wilson = stats.binomtest(74, 107).proportion_ci(confidence_level=0.95, method="wilson")
    assert (row["csat_low"], row["csat_high"]) == pytest.approx((wilson.low, wilson.high), rel=1e-9)
    # Zendesk: good / (good + bad), offered and unoffered not in the denominator
    satisfied = [True] * 430 + [False] * 70 + [None] * 300
    zendesk = cxkit.csat(pl.DataFrame({"satisfied": satisfied})).row(0, named=True)
    assert (zendesk["rated"], zendesk["satisfied"], zendesk["csat"]) == (500, 430, 0.86)


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_csat_on_tickets_by_channel_and_month(kind: str) -> None:
    frame = pl.DataFrame({
        "created_at": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2), dt.datetime(2024, 2, 1), dt.datetime(2024, 2, 2)],
        "channel": ["chat", "chat", "mail", "chat"],
        "satisfied": [True, None, False, True],
    })
    result = cxkit.csat(as_kind(frame, kind), by="channel", every="1mo")
    assert result.select("channel", "rated", "satisfied").rows() == [("chat", 1, 1), ("chat", 1, 1), ("mail", 1, 0)]
    none_rated = cxkit.csat(pl.DataFrame({"satisfied": pl.Series([None, None], dtype=pl.Boolean)}))
    assert none_rated["rated"][0] == 0 and none_rated["csat"][0] is None and none_rated["csat_low"][0] is None
    with pytest.raises(cxkit.MetricError, match="ratings"):
        cxkit.csat(pl.DataFrame({"x": [1]}))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans() | st.none(), max_size=300))
def test_csat_properties(values: list[bool | None]) -> None:
    row = cxkit.csat(pl.DataFrame({"satisfied": pl.Series(values, dtype=pl.Boolean)})).row(0, named=True)
    assert row["rated"] == sum(v is not None for v in values)
    if row["rated"]:
        assert 0 <= row["csat_low"] <= row["csat"] <= row["csat_high"] <= 1
        wilson = stats.binomtest(row["satisfied"], row["rated"]).proportion_ci(method="wilson")
        assert row["csat_low"] == pytest.approx(wilson.low, abs=1e-9)


def test_nev_reference_and_edges() -> None:
    frame = pl.DataFrame({"emotion": ["positive"] * 260 + ["negative"] * 140 + ["neutral"] * 100 + [None] * 5})
    row = cxkit.nev(frame).row(0, named=True)
    assert row["nev_polar"] == pytest.approx(30.0)  # (260 - 140) / (260 + 140)
    assert row["nev"] == pytest.approx(100 * 120 / 500)
    assert row["answers"] == 500
    empty = cxkit.nev(pl.DataFrame({"emotion": pl.Series([], dtype=pl.String)}))
    assert empty["nev"][0] is None and empty["nev_polar"][0] is None
    only_neutral = cxkit.nev(pl.DataFrame({"emotion": ["neutral"]})).row(0, named=True)
    assert only_neutral["nev"] == 0 and only_neutral["nev_polar"] is None
    with pytest.raises(cxkit.MetricError, match="emotion"):
        cxkit.nev(pl.DataFrame({"x": [1]}))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["positive", "neutral", "negative"]), min_size=1, max_size=100))
def test_nev_properties(emotions: list[str]) -> None:
    row = cxkit.nev(pl.DataFrame({"emotion": emotions})).row(0, named=True)
    assert -100 <= row["nev"] <= 100
    assert row["positive"] + row["neutral"] + row["negative"] == len(emotions)
    assert abs(row["nev"]) <= abs(row["nev_polar"] or 0) + 1e-9


def test_expression_builders_work_in_select_agg_and_over() -> None:
    frame = pl.DataFrame({"region": ["a", "a", "b", "b"], "nps_score": [10, 3, 9, 9],
                          "satisfied": [True, False, None, True], "emotion": ["positive"] * 4})
    assert frame.select(cxkit.expr.nps()).item() == 50.0
    by_region = frame.group_by("region").agg(cxkit.expr.nps(), cxkit.expr.csat()).sort("region")
    assert by_region["nps"].to_list() == [0.0, 100.0] and by_region["csat"].to_list() == [0.5, 1.0]
    assert frame.select(cxkit.expr.nps().over("region"))["nps"].to_list() == [0.0, 0.0, 100.0, 100.0]
    assert frame.select(cxkit.expr.nev()).item() == 100.0
    assert math.isclose(frame.select(cxkit.expr.rate(pl.col("nps_score") >= 9)).item(), 0.75)
    among = cxkit.expr.rate(pl.col("nps_score") >= 9, pl.col("region") == "a")
    assert frame.select(among).item() == 0.5
    assert frame.filter(pl.col("region") == "z").select(cxkit.expr.rate(pl.col("nps_score") >= 9)).item() is None
