"""The contract of every public metric in ``cxkit.__all__`` that takes a frame, checked by comparing answers:
lazy input gives the same answer as eager input; String, Categorical and Enum group columns give the same
answer; an empty input gives the same columns with no rows (or zero counts), or a ``cxkit.MetricError``; a
``by=`` column that is not there raises ``cxkit.MetricError`` naming it (never a raw polars error). Two
mutation checks show the comparisons fail when a metric's lazy path or a group type answers differently."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import math
from collections.abc import Callable
from functools import cache
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import cxkit
from tests.conftest import DATA, SAMPLE

SCHEDULE = cxkit.Schedule()
BEFORE = (dt.date(2025, 1, 1), dt.date(2025, 7, 1))
AFTER = (dt.date(2025, 7, 1), dt.date(2026, 1, 1))


@cache
def sample(kind: str) -> pl.DataFrame:
    files = {"tickets": SAMPLE / "tickets_zendesk.csv", "responses": SAMPLE / "encuestas_nps.csv",
             "customers": SAMPLE / "suscripciones_stripe.csv", "orders": SAMPLE / "pedidos.xlsx",
             "calls": DATA / "call_log.csv"}
    return cxkit.load(files[kind]).frame


# name -> (kind of the main frame, group column of that kind or None, call(frame, **by))
Call = Callable[..., Any]
METRICS: dict[str, tuple[str, str | None, Call]] = {
    "agent_sales": ("orders", "agent", lambda f, **k: cxkit.agent_sales(f, **k)),
    "backtest": ("tickets", None, lambda f: cxkit.backtest(f, folds=1)),
    "attributed_revenue": ("tickets", "channel",
                           lambda f, **k: cxkit.attributed_revenue(f, sample("orders"), **k)),
    "business_first_response": ("tickets", "channel",
                                lambda f, **k: cxkit.business_first_response(f, schedule=SCHEDULE, **k)),
    "business_resolution": ("tickets", "channel",
                            lambda f, **k: cxkit.business_resolution(f, schedule=SCHEDULE, **k)),
    "call_service": ("calls", "queue", lambda f, **k: cxkit.call_service(f, **k)),
    "calls_by_hour": ("calls", "queue", lambda f, **k: cxkit.calls_by_hour(f, **k)),
    "channel_mix": ("tickets", None, lambda f: cxkit.channel_mix(f, every="1mo")),
    "churn": ("customers", "plan", lambda f, **k: cxkit.churn(f, **k)),
    "churn_by_experience": ("customers", None,
                            lambda f: cxkit.churn_by_experience(f, tickets=sample("tickets"))),
    "churn_share": ("customers", "plan", lambda f, **k: cxkit.churn_share(f, **k)),
    "churn_reasons": ("customers", "plan", lambda f, **k: cxkit.churn_reasons(f, **k)),
    "exit_only_columns": ("customers", None, lambda f: cxkit.exit_only_columns(f)),
    "cohort_retention": ("customers", None, lambda f: cxkit.cohort_retention(f)),
    "compare_nps": ("responses", "Plan",
                    lambda f, **k: cxkit.compare_nps(f, baseline=BEFORE, current=AFTER, **k)),
    "forecast_contacts": ("tickets", None, lambda f: cxkit.forecast_contacts(f, weeks=1)),
    "csat": ("tickets", "channel", lambda f, **k: cxkit.csat(f, **k)),
    "discount_codes": ("orders", "agent", lambda f, **k: cxkit.discount_codes(f, **k)),
    "fcr": ("tickets", "channel", lambda f, **k: cxkit.fcr(f, **k)),
    "first_response": ("tickets", "channel", lambda f, **k: cxkit.first_response(f, sla_minutes=60, **k)),
    "growth_accounting": ("customers", None, lambda f: cxkit.growth_accounting(f)),
    "handle_time": ("tickets", "channel", lambda f, **k: cxkit.handle_time(
        f.with_columns((pl.col("resolution_minutes") / 10).alias("handle_minutes")), **k)),
    "lifetimes": ("customers", None, lambda f: cxkit.lifetimes(f)),
    "median_lifetime": ("customers", "plan", lambda f, **k: cxkit.median_lifetime(f, **k)),
    "nev": ("responses", "Plan", lambda f, **k: cxkit.nev(f, **k)),
    "nps": ("responses", "Plan", lambda f, **k: cxkit.nps(f, **k)),
    "nps_gaps": ("responses", "Plan", lambda f, by="Plan": cxkit.nps_gaps(f, by=by, min_responses=5)),
    "order_summary": ("orders", "agent", lambda f, **k: cxkit.order_summary(f, **k)),
    "period_terms": ("responses", None, lambda f: cxkit.period_terms(f, before=BEFORE, after=AFTER)),
    "repeat_contacts": ("tickets", "channel", lambda f, **k: cxkit.repeat_contacts(f, **k)),
    "resolution": ("tickets", "channel", lambda f, **k: cxkit.resolution(f, **k)),
    "retention_curve": ("customers", None, lambda f: cxkit.retention_curve(f)),
    "staffing": ("calls", None, lambda f: cxkit.staffing(f)),
    "staffing_cost": ("calls", None, lambda f: cxkit.staffing_cost(cxkit.staffing(f), agent_cost_month=3000)),
    "survival": ("customers", "plan", lambda f, **k: cxkit.survival(f, **k)),
    "terms_by_nps": ("responses", None, lambda f: cxkit.terms_by_nps(f)),
    "terms_by_satisfaction": ("responses", None, lambda f: cxkit.terms_by_satisfaction(f)),
    "terms_by_type": ("tickets", None, lambda f: cxkit.terms_by_type(f, text="Subject")),
    "ticket_volume": ("tickets", "channel", lambda f, **k: cxkit.ticket_volume(f, every="1mo", **k)),
    "type_drift": ("tickets", None, lambda f: cxkit.type_drift(f, baseline=BEFORE, current=AFTER)),
    "type_shares": ("tickets", None, lambda f: cxkit.type_shares(f)),
    "with_business_minutes": ("tickets", None, lambda f: cxkit.with_business_minutes(f, schedule=SCHEDULE)),
}
NAMES = sorted(METRICS)
GROUPED = sorted(n for n, (_, by, _) in METRICS.items() if by is not None)


def test_every_public_metric_taking_a_frame_is_covered() -> None:
    takes_frame = set()
    for name in cxkit.__all__:
        function = getattr(cxkit, name)
        if not inspect.isfunction(function):
            continue
        first = next(iter(inspect.signature(function).parameters.values()), None)
        if first is not None and "Frame" in str(first.annotation):
            takes_frame.add(name)
    assert takes_frame - set(METRICS) == set()


def normalised(result: Any) -> Any:
    """A result in a form two equal answers share: label columns as text and rows in a fixed order, so that
    an eager and a lazy call, or String and Categorical groups, compare equal when they say the same."""
    if isinstance(result, pl.LazyFrame):
        result = result.collect()
    if isinstance(result, pl.DataFrame):
        frame = result.with_columns(
            pl.col(name).cast(pl.String) for name, dtype in result.schema.items()
            if isinstance(dtype, pl.Categorical | pl.Enum))
        sortable = [n for n, d in frame.schema.items() if not isinstance(d, pl.List | pl.Struct | pl.Object | pl.Array)]
        return frame.sort(sortable, nulls_last=True, maintain_order=True) if sortable and frame.height else frame
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return {f.name: normalised(getattr(result, f.name)) for f in dataclasses.fields(result)
                if not f.name.startswith("_")}
    if isinstance(result, dict):
        return {k: normalised(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return [normalised(v) for v in result]
    return result


def assert_same(left: Any, right: Any, where: str = "result") -> None:
    """Equal answers: the same frames (rows, columns, values to 1e-9 relative), the same numbers and words."""
    if isinstance(left, pl.DataFrame):
        assert isinstance(right, pl.DataFrame), f"{where}: a frame against {type(right).__name__}"
        assert_frame_equal(left, right, check_dtypes=False, rel_tol=1e-9, abs_tol=1e-9)
    elif isinstance(left, dict):
        assert isinstance(right, dict) and left.keys() == right.keys(), f"{where}: different fields"
        for key in left:
            assert_same(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        assert isinstance(right, list) and len(left) == len(right), f"{where}: different lengths"
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(left, float) and isinstance(right, float):
        assert (math.isnan(left) and math.isnan(right)) or math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12), \
            f"{where}: {left} != {right}"
    else:
        assert left == right, f"{where}: {left!r} != {right!r}"


def frames_in(result: Any, where: str = "result") -> dict[str, pl.DataFrame]:
    """Every frame a normalised result holds, by where it stands (``result.table``, ``result[0]``…)."""
    if isinstance(result, pl.DataFrame):
        return {where: result}
    if isinstance(result, dict):
        return {k: v for key, value in result.items() for k, v in frames_in(value, f"{where}.{key}").items()}
    if isinstance(result, list):
        return {k: v for i, value in enumerate(result) for k, v in frames_in(value, f"{where}[{i}]").items()}
    return {}


@cache
def full_answer(name: str) -> Any:
    kind, _, call = METRICS[name]
    return normalised(call(sample(kind)))


@pytest.mark.parametrize("name", NAMES)
def test_lazy_input_gives_the_same_answer_as_eager(name: str) -> None:
    kind, _, call = METRICS[name]
    assert_same(full_answer(name), normalised(call(sample(kind).lazy())), f"{name}(lazy)")


@pytest.mark.parametrize("name", NAMES)
def test_empty_input_gives_the_same_columns_and_no_rows_or_a_metric_error(name: str) -> None:
    kind, _, call = METRICS[name]
    try:
        empty = normalised(call(sample(kind).head(0)))
    except cxkit.MetricError as error:
        assert str(error), f"{name}: a MetricError without a message"
        return
    full, got = frames_in(full_answer(name)), frames_in(empty)
    assert got.keys() == full.keys(), f"{name}: empty input gives other parts"
    for where, frame in got.items():
        assert frame.columns == full[where].columns, f"{where}: columns {frame.columns} != {full[where].columns}"
        # a table of groups or periods has no rows; a one-row summary says 0 of everything (no rows to count)
        if frame.height:
            counts = [c for c in ("responses", "tickets", "rated", "calls", "customers", "answered", "solved")
                      if c in frame.columns]
            assert all(frame[c].fill_null(0).sum() == 0 for c in counts), f"{where}: counts rows it was not given"


@pytest.mark.parametrize("name", GROUPED)
def test_group_columns_of_every_text_type_give_the_same_answer(name: str) -> None:
    kind, by, call = METRICS[name]
    assert by is not None
    frame = sample(kind)
    assert by in frame.columns, f"the sample {kind} have no {by}: the contract would test nothing"
    values = sorted(frame[by].drop_nulls().cast(pl.String).unique().to_list())
    columns = {"String": pl.col(by).cast(pl.String), "Categorical": pl.col(by).cast(pl.String).cast(pl.Categorical),
               "Enum": pl.col(by).cast(pl.String).cast(pl.Enum(values))}
    answers = {dtype: normalised(call(frame.with_columns(column), by=by)) for dtype, column in columns.items()}
    lazy_enum = normalised(call(frame.lazy().with_columns(columns["Enum"]), by=by))
    assert frames_in(answers["String"]), f"{name}: no frame to compare"
    for dtype in ("Categorical", "Enum"):
        assert_same(answers["String"], answers[dtype], f"{name}(by {dtype})")
    assert_same(answers["String"], lazy_enum, f"{name}(lazy, by Enum)")


@pytest.mark.parametrize("name", GROUPED)
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_a_missing_by_column_is_a_metric_error_naming_it(name: str, lazy: bool) -> None:
    kind, _, call = METRICS[name]
    frame = sample(kind)
    with pytest.raises(cxkit.MetricError, match="no_such_column"):
        call(frame.lazy() if lazy else frame, by="no_such_column")


@pytest.mark.parametrize("name", NAMES)
def test_data_without_the_needed_columns_is_a_metric_error_saying_which(name: str) -> None:
    """An interface words "this view needs …" from the error's code and the canonical columns it names (one set
    per alternative), never from cxkit's English sentence."""
    _, _, call = METRICS[name]
    canonical = {c for spec in cxkit.SCHEMAS.values() for c in spec}
    try:
        call(pl.DataFrame({"x": [1, 2], "resolution_minutes": [1.0, 2.0]}))
    except cxkit.MetricError as error:
        if name == "nps_gaps":  # the call above passes by="Plan" itself: a chosen group that is not there
            assert error.code == "bad_option" and not error.needs, (name, error.code)
            return
        assert error.code == "needs_columns", (name, error.code, str(error))
        assert error.needs and all(error.needs), (name, error.needs)
        assert {c for columns in error.needs for c in columns} <= canonical, (name, error.needs)


def test_the_contract_catches_a_lazy_path_that_answers_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation check: a metric whose lazy path is off by one response must fail the comparison above."""
    real = cxkit.nps

    def off_when_lazy(frame: Any, **options: Any) -> pl.DataFrame:
        result = real(frame, **options)
        return result.with_columns(pl.col("responses") + 1) if isinstance(frame, pl.LazyFrame) else result

    monkeypatch.setattr(cxkit, "nps", off_when_lazy)
    kind, _, call = METRICS["nps"]
    with pytest.raises(AssertionError):
        assert_same(normalised(call(sample(kind))), normalised(call(sample(kind).lazy())), "nps(lazy)")


def test_the_contract_catches_a_group_type_that_answers_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation check: a metric that loses a group when the column is Categorical must fail the comparison."""
    real = cxkit.csat

    def drops_a_group(frame: Any, **options: Any) -> pl.DataFrame:
        result = real(frame, **options)
        by = options.get("by")
        schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
        return result.head(result.height - 1) if by and isinstance(schema[by], pl.Categorical) else result

    monkeypatch.setattr(cxkit, "csat", drops_a_group)
    kind, by, call = METRICS["csat"]
    frame = sample(kind)
    string = normalised(call(frame.with_columns(pl.col(by).cast(pl.String)), by=by))
    categorical = normalised(call(frame.with_columns(pl.col(by).cast(pl.String).cast(pl.Categorical)), by=by))
    with pytest.raises(AssertionError):
        assert_same(string, categorical, "csat(by Categorical)")
