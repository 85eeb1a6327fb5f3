"""NaN is missing at the edge of every public metric (``METRICS`` of the metric contract): with NaN in its numeric
inputs (as frames that came from pandas have) a metric gives the same answer as with those cells null, or refuses
both with a ``cxkit.MetricError``. A mutation check shows the comparison fails when a metric reads NaN as a
number."""

from __future__ import annotations

from functools import cache
from typing import Any

import polars as pl
import pytest

import cxkit
from tests.test_metric_contract import METRICS, NAMES, assert_same, normalised, sample

EVERY = 5  # a NaN in every 5th row of each numeric column (offset per column, so rows keep some numbers)


def numeric(frame: pl.DataFrame) -> list[str]:
    return [name for name, dtype in frame.schema.items() if dtype.is_numeric()]


@cache
def with_holes(kind: str, hole: str) -> pl.DataFrame:
    """The sample ``kind`` with its numeric columns as Float64 (as pandas gives them) and a hole (``"nan"`` or
    ``"null"``) in every ``EVERY``-th row of each, at the same cells."""
    frame = sample(kind).with_row_index("_row")
    columns = numeric(frame.drop("_row"))
    assert columns, f"the sample {kind} have no numeric column: the check would test nothing"
    value = pl.lit(float("nan")) if hole == "nan" else pl.lit(None, pl.Float64)
    return frame.with_columns(
        pl.when((pl.col("_row") + i) % EVERY == 0).then(value).otherwise(pl.col(c).cast(pl.Float64)).alias(c)
        for i, c in enumerate(columns)).drop("_row")


def answer(call: Any, frame: pl.DataFrame) -> Any:
    try:
        return normalised(call(frame))
    except cxkit.MetricError as error:
        return ("MetricError", type(error).__name__)


@pytest.mark.parametrize("name", NAMES)
def test_nan_in_numeric_inputs_is_missing(name: str) -> None:
    kind, _, call = METRICS[name]
    nan, null = with_holes(kind, "nan"), with_holes(kind, "null")
    assert nan.select(pl.col(numeric(nan)).is_nan().sum()).sum_horizontal().item() > 0
    assert_same(answer(call, null), answer(call, nan), f"{name}(NaN)")


def test_the_check_catches_a_metric_that_reads_nan_as_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation check: a mean that lets NaN in (NaN propagates) fails the comparison above."""
    def mean_wait(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(pl.col("wait_seconds").mean())

    with pytest.raises(AssertionError):
        assert_same(answer(mean_wait, with_holes("calls", "null")), answer(mean_wait, with_holes("calls", "nan")))
