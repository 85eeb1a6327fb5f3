"""Is a change between two periods more than chance? Small, documented tests for KPI cards."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from cxkit.expr import two_proportion_test

__all__ = ["Change", "compare_counts", "compare_medians", "compare_proportions"]

ALPHA = 0.05


@dataclass(frozen=True)
class Change:
    """A current value against a previous one.

    Attributes:
        current, previous: The two values (``None`` when a period has no data).
        difference: current − previous.
        p_value: Two-sided p-value of the test named in ``test`` (``None`` when it cannot be computed).
        significant: ``p_value < 0.05``.
        test: Which test was used.
    """

    current: float | None
    previous: float | None
    difference: float | None
    p_value: float | None
    test: str

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA


def _difference(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else current - previous


def compare_proportions(successes: int, trials: int, previous_successes: int, previous_trials: int) -> Change:
    """Two-proportion z-test (pooled) of successes/trials now against before; values are fractions."""
    current = successes / trials if trials else None
    previous = previous_successes / previous_trials if previous_trials else None
    _z, p = two_proportion_test(successes, trials, previous_successes, previous_trials)
    p_value = float(p) if np.isfinite(p) else None
    return Change(current, previous, _difference(current, previous), p_value, "two-proportion z test")


E_TEST_MAX_COUNTS = 20_000  # above this many counts in all, the E-test's sum over counts takes seconds


def compare_counts(count: int, exposure: float, previous_count: int, previous_exposure: float) -> Change:
    """Poisson rate test of counts per unit of exposure (e.g. tickets per day); the values are the counts themselves.

    Up to ``E_TEST_MAX_COUNTS`` counts in all, the E-test (``scipy.stats.poisson_means_test``); above, whose cost
    grows with the counts (4.9 s for 125,000 tickets a quarter), the exact conditional test: given the total, the
    current count is binomial with the current share of the exposure (``scipy.stats.binomtest``). Both are exact
    tests of the same hypothesis and agree closely at such counts."""
    p_value = None
    method = "Poisson means test"
    if exposure > 0 and previous_exposure > 0 and (count + previous_count) > 0:
        if count + previous_count <= E_TEST_MAX_COUNTS:
            pvalue = stats.poisson_means_test(count, exposure, previous_count, previous_exposure).pvalue
        else:
            method = "Poisson rate test (conditional binomial)"
            pvalue = stats.binomtest(count, count + previous_count, exposure / (exposure + previous_exposure)).pvalue
        p_value = float(pvalue) if math.isfinite(pvalue) else None
    return Change(float(count), float(previous_count), float(count - previous_count), p_value, method)


def _finite(values: Sequence[float | None] | np.ndarray) -> np.ndarray:
    """The finite values as a float array (``None`` and NaN left out), without a Python loop over a million."""
    array = np.asarray(values if isinstance(values, np.ndarray) else [np.nan if v is None else v for v in values],
                       dtype=float)
    finite: np.ndarray = array[np.isfinite(array)]
    return finite


def compare_medians(current: Sequence[float] | np.ndarray, previous: Sequence[float] | np.ndarray) -> Change:
    """Medians now and before, with a two-sided Mann–Whitney U test of the two samples."""
    a = _finite(current)
    b = _finite(previous)
    median_a = float(np.median(a)) if a.size else None
    median_b = float(np.median(b)) if b.size else None
    p_value = None
    if a.size and b.size and not (np.all(a == a[0]) and np.all(b == a[0])):
        p_value = float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
    return Change(median_a, median_b, _difference(median_a, median_b), p_value, "Mann–Whitney U test")
