"""KPI change tests and NPS gaps against scipy and the compare_nps reference."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import cxkit
from tests.metric_helpers import answers


def test_compare_proportions_matches_the_reference_z_test() -> None:
    change = cxkit.compare_proportions(150, 380, 120, 400)  # Evidently's "z" example
    assert change.p_value == pytest.approx(0.00543844, rel=1e-5)
    assert change.significant and change.difference == pytest.approx(150 / 380 - 120 / 400)
    empty = cxkit.compare_proportions(0, 0, 5, 10)
    assert empty.current is None and empty.p_value is None and not empty.significant
    same = cxkit.compare_proportions(0, 10, 0, 10)
    assert same.p_value is None  # no variation at all: no test, not p = 1 pretending


def test_compare_counts_uses_scipys_poisson_test() -> None:
    change = cxkit.compare_counts(568, 30, 385, 31)
    assert change.p_value == pytest.approx(stats.poisson_means_test(568, 30, 385, 31).pvalue)
    assert change.significant and change.difference == 183
    assert cxkit.compare_counts(5, 0, 3, 10).p_value is None


def test_compare_medians_uses_mann_whitney() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.lognormal(3, 1, 200), rng.lognormal(3.5, 1, 200)
    change = cxkit.compare_medians(a, b)
    assert change.current == pytest.approx(np.median(a))
    assert change.p_value == pytest.approx(stats.mannwhitneyu(a, b).pvalue)
    assert cxkit.compare_medians([], b).p_value is None
    assert cxkit.compare_medians([2.0, 2.0], [2.0]).p_value is None


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 200), st.integers(1, 200), st.integers(0, 200), st.integers(1, 200))
def test_compare_proportions_properties(k1: int, n1: int, k2: int, n2: int) -> None:
    k1, k2 = min(k1, n1), min(k2, n2)
    change = cxkit.compare_proportions(k1, n1, k2, n2)
    assert change.p_value is None or 0 <= change.p_value <= 1
    swapped = cxkit.compare_proportions(k2, n2, k1, n1)
    assert change.p_value == swapped.p_value or change.p_value == pytest.approx(swapped.p_value)


def test_nps_gaps_match_compare_nps() -> None:
    frame = pl.concat([
        answers(20, 30, 50, region="Islas"),
        answers(50, 30, 20, region="Madrid"),
        answers(45, 35, 20, region="Norte"),
        answers(5, 0, 0, region="Tiny"),
    ])
    gaps = cxkit.nps_gaps(frame, by="region")
    islas = gaps.row(0, named=True)
    assert (islas["segment"], islas["nps"], islas["responses"]) == ("Islas", -30.0, 100)
    assert "Tiny" not in gaps["segment"].to_list()  # too few answers to say anything
    # the same test as compare_nps with the segment as one period and the rest as the other
    rest = frame.filter(pl.col("region") != "Islas").with_columns(pl.lit(dt.datetime(2024, 1, 1)).alias("submitted_at"))
    seg = frame.filter(pl.col("region") == "Islas").with_columns(pl.lit(dt.datetime(2024, 2, 1)).alias("submitted_at"))
    reference = cxkit.compare_nps(pl.concat([rest, seg]), baseline=("2024-01-01", "2024-01-02"),
                                  current=("2024-02-01", "2024-02-02")).row(0, named=True)
    assert islas["gap"] == pytest.approx(reference["difference"])
    assert islas["p_value"] == pytest.approx(reference["p_value"])  # both adjusted Wald by default
    plain = cxkit.nps_gaps(frame, by="region", method="wald").row(0, named=True)
    plain_reference = cxkit.compare_nps(pl.concat([rest, seg]), baseline=("2024-01-01", "2024-01-02"),
                                        current=("2024-02-01", "2024-02-02"), method="wald").row(0, named=True)
    assert plain["p_value"] == pytest.approx(plain_reference["p_value"]) and plain["p_value"] < islas["p_value"]


@pytest.mark.parametrize(("now", "before"), [(10_400, 9_900), (10_200, 10_100), (11_000, 9_700)])
def test_many_counts_use_the_conditional_test_which_agrees_with_the_e_test(now: int, before: int) -> None:
    """Over 20,000 counts (a quarter of a large helpdesk's tickets) the E-test's sum over counts takes seconds; the
    exact conditional binomial test that replaces it gives nearly the same p-value where both can run."""
    from cxkit.significance import E_TEST_MAX_COUNTS

    assert now + before > E_TEST_MAX_COUNTS
    change = cxkit.compare_counts(now, 92, before, 91)
    e_test = float(stats.poisson_means_test(now, 92, before, 91).pvalue)
    assert change.test == "Poisson rate test (conditional binomial)"
    assert change.p_value is not None and abs(change.p_value - e_test) <= 0.01
    assert (change.p_value < 0.05) == (e_test < 0.05)
    assert change.difference == now - before
