"""Call-centre metrics from telephony logs: waiting, abandonment, service level, handle time, staffing."""

from __future__ import annotations

from typing import Literal

import polars as pl

from cxkit._common import (
    By,
    DateLike,
    Frame,
    aggregate,
    checks_by,
    columns_of,
    get_engine,
    group_keys,
    keys,
    lazy,
    require,
    safe_div,
    within,
)
from cxkit.errors import MetricError, needs_columns

__all__ = ["ABANDON_RULES", "AbandonRule", "call_service", "calls_by_hour"]

AbandonRule = Literal["ignore", "as_missed", "exclude_short", "within_as_met", "after_only", "short_as_met"]
ABANDON_RULES: dict[str, str] = {
    "ignore": "answered within the threshold ÷ answered (abandoned calls left out)",
    "as_missed": "answered within the threshold ÷ (answered + abandoned): every abandon counts as missed",
    "exclude_short": "answered within ÷ (answered + abandoned − short abandons): short abandons left out, the "
    "rest missed",
    "within_as_met": "(answered within + abandoned within the threshold) ÷ (answered + abandoned) (Cisco 'positive')",
    "after_only": "answered within ÷ (answered + abandoned after the threshold): early abandons left out",
    "short_as_met": "(answered within + short abandons) ÷ (answered + abandoned)",
}


def _answered(names: list[str]) -> pl.Expr:
    if "outcome" in names:
        return (pl.col("outcome") == "answered").fill_null(False)
    if "talk_seconds" in names:
        return (pl.col("talk_seconds") > 0).fill_null(False)
    raise needs_columns("Call metrics", ("outcome",), ("talk_seconds",),
                        message="Call metrics need an 'outcome' (answered / abandoned) or 'talk_seconds' column.")


def _abandoned(names: list[str]) -> pl.Expr:
    if "outcome" in names:
        return (pl.col("outcome") == "abandoned").fill_null(False)
    return ~_answered(names)


@checks_by
def call_service(
    calls: Frame,
    *,
    threshold_seconds: float = 20,
    abandon_rule: AbandonRule = "as_missed",
    short_abandon_seconds: float = 5,
    by: By = (),
    every: str | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Service level "X% answered within Y seconds", abandonment, speed of answer and handle time.

    ``service_level`` follows ``abandon_rule`` (the industry has several conventions; see
    ``ABANDON_RULES``), a fraction 0..1. ``abandon_rate`` = abandoned ÷ (answered + abandoned).
    ``asa_seconds`` (average speed of answer) and ``median_wait_seconds``/``p90_wait_seconds`` are over
    answered calls' ``wait_seconds``. ``aht_seconds`` = (talk + hold + after-call work) ÷ answered calls
    (missing parts count as 0). A call abandoned after less than ``short_abandon_seconds`` is a short
    abandon. Null where a denominator is 0.

    Raises:
        MetricError: No ``started_at``, no outcome or talk time, no ``wait_seconds``, or an unknown rule.
    """
    if abandon_rule not in ABANDON_RULES:
        raise MetricError(f"abandon_rule must be one of {', '.join(ABANDON_RULES)}, got {abandon_rule!r}")
    data = lazy(calls)
    require(data, "started_at", "wait_seconds", metric="Service level")
    names = columns_of(data)
    data = within(data, "started_at", every=every, start=start, end=end)
    answered, abandoned = _answered(names), _abandoned(names)
    wait = pl.col("wait_seconds")
    within_threshold = (wait <= threshold_seconds).fill_null(False)
    handle = sum((pl.col(c).fill_null(0) for c in ("talk_seconds", "hold_seconds", "wrap_seconds") if c in names),
                 pl.lit(0.0))
    exprs = [
        pl.len().alias("calls"),
        answered.sum().alias("answered"),
        abandoned.sum().alias("abandoned"),
        (abandoned & (wait < short_abandon_seconds).fill_null(False)).sum().alias("short_abandons"),
        (answered & within_threshold).sum().alias("answered_within"),
        (abandoned & within_threshold).sum().alias("abandoned_within"),
        wait.filter(answered).mean().alias("asa_seconds"),
        wait.filter(answered).median().alias("median_wait_seconds"),
        wait.filter(answered).quantile(0.9, interpolation="linear").alias("p90_wait_seconds"),
        handle.filter(answered).sum().alias("_handle"),
    ]
    ans, ab, short = pl.col("answered"), pl.col("abandoned"), pl.col("short_abandons")
    ans_in, ab_in = pl.col("answered_within"), pl.col("abandoned_within")
    level = {
        "ignore": safe_div(ans_in.cast(pl.Float64), ans),
        "as_missed": safe_div(ans_in.cast(pl.Float64), ans + ab),
        "exclude_short": safe_div(ans_in.cast(pl.Float64), ans + ab - short),
        "within_as_met": safe_div((ans_in + ab_in).cast(pl.Float64), ans + ab),
        "after_only": safe_div(ans_in.cast(pl.Float64), ans + ab - ab_in),
        "short_as_met": safe_div((ans_in + short).cast(pl.Float64), ans + ab),
    }[abandon_rule]
    return aggregate(data, group_keys(keys(by), every), exprs).with_columns(
        level.alias("service_level"),
        safe_div(ab.cast(pl.Float64), ans + ab).alias("abandon_rate"),
        safe_div(pl.col("_handle"), ans).alias("aht_seconds"),
    ).drop("_handle").collect(engine=get_engine())


@checks_by
def calls_by_hour(calls: Frame, *, by: By = ()) -> pl.DataFrame:
    """Calls per weekday (1 = Monday) and hour of day, for a staffing heatmap: ``weekday, hour, calls,
    answered, abandoned``.

    Raises:
        MetricError: No ``started_at`` column.
    """
    data = lazy(calls)
    require(data, "started_at", metric="Calls by hour")
    names = columns_of(data)
    answered = _answered(names) if ({"outcome", "talk_seconds"} & set(names)) else pl.lit(None, pl.Boolean)
    abandoned = _abandoned(names) if ({"outcome", "talk_seconds"} & set(names)) else pl.lit(None, pl.Boolean)
    data = data.with_columns(pl.col("started_at").dt.weekday().alias("weekday"),
                             pl.col("started_at").dt.hour().alias("hour"))
    return aggregate(data, [*keys(by), "weekday", "hour"], [
        pl.len().alias("calls"), answered.sum().alias("answered"), abandoned.sum().alias("abandoned"),
    ]).collect(engine=get_engine())
