"""Is a change between two periods more than chance? Small, documented tests for KPI cards."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

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
    p_value = None
    if trials and previous_trials:
        pooled = (successes + previous_successes) / (trials + previous_trials)
        se = math.sqrt(pooled * (1 - pooled) * (1 / trials + 1 / previous_trials))
        if se > 0 and current is not None and previous is not None:
            p_value = float(2 * stats.norm.sf(abs(current - previous) / se))
    return Change(current, previous, _difference(current, previous), p_value, "two-proportion z test")


def compare_counts(count: int, exposure: float, previous_count: int, previous_exposure: float) -> Change:
    """Poisson rate test (``scipy.stats.poisson_means_test``) of counts per unit of exposure (e.g. tickets
    per day); the values are the counts themselves."""
    p_value = None
    if exposure > 0 and previous_exposure > 0 and (count + previous_count) > 0:
        result = stats.poisson_means_test(count, exposure, previous_count, previous_exposure)
        p_value = float(result.pvalue) if math.isfinite(result.pvalue) else None
    return Change(float(count), float(previous_count), float(count - previous_count), p_value, "Poisson means test")


def compare_medians(current: Sequence[float] | np.ndarray, previous: Sequence[float] | np.ndarray) -> Change:
    """Medians now and before, with a two-sided Mann–Whitney U test of the two samples."""
    a = np.asarray([v for v in current if v is not None and math.isfinite(v)], dtype=float)
    b = np.asarray([v for v in previous if v is not None and math.isfinite(v)], dtype=float)
    median_a = float(np.median(a)) if a.size else None
    median_b = float(np.median(b)) if b.size else None
    p_value = None
    if a.size and b.size and not (np.all(a == a[0]) and np.all(b == a[0])):
        p_value = float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
    return Change(median_a, median_b, _difference(median_a, median_b), p_value, "Mann–Whitney U test")
