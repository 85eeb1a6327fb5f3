"""The contract of every public metric in ``cxkit.__all__`` that takes a frame: eager and lazy input, an
empty input, String and Categorical/Enum group columns, and a ``by=`` column that is not there, which must
raise ``cxkit.MetricError`` naming it (never a raw polars error)."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
from collections.abc import Callable
from functools import cache
from typing import Any

import polars as pl
import pytest

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


def ok(result: Any) -> None:
    """A metric's answer: a frame, a dataclass of frames or a dict; anything but an exception."""
    assert result is not None


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_eager_and_lazy_input(name: str, lazy: bool) -> None:
    kind, _, call = METRICS[name]
    frame = sample(kind)
    ok(call(frame.lazy() if lazy else frame))


@pytest.mark.parametrize("name", NAMES)
def test_empty_input_gives_an_answer_or_a_metric_error(name: str) -> None:
    kind, _, call = METRICS[name]
    with contextlib.suppress(cxkit.MetricError):
        ok(call(sample(kind).head(0)))


@pytest.mark.parametrize("name", GROUPED)
@pytest.mark.parametrize("dtype", ["String", "Categorical", "Enum"])
def test_group_columns_of_every_text_type(name: str, dtype: str) -> None:
    kind, by, call = METRICS[name]
    assert by is not None
    frame = sample(kind)
    if by not in frame.columns:
        pytest.skip(f"the sample {kind} have no {by}")
    column = pl.col(by).cast(pl.String)
    if dtype == "Categorical":
        column = column.cast(pl.Categorical)
    elif dtype == "Enum":
        column = column.cast(pl.Enum(sorted(frame[by].drop_nulls().cast(pl.String).unique().to_list())))
    ok(call(frame.with_columns(column), by=by))
    ok(call(frame.lazy().with_columns(column), by=by))


@pytest.mark.parametrize("name", GROUPED)
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_a_missing_by_column_is_a_metric_error_naming_it(name: str, lazy: bool) -> None:
    kind, _, call = METRICS[name]
    frame = sample(kind)
    with pytest.raises(cxkit.MetricError, match="no_such_column"):
        call(frame.lazy() if lazy else frame, by="no_such_column")
