"""Retention curves by tenure with censoring handled properly (Kaplan–Meier), from snapshots or dates."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import polars as pl
from scipy import stats

from cxkit._common import By, DateLike, Frame, checks_by, columns_of, get_engine, keys, lazy, to_datetime
from cxkit.errors import needs_columns
from cxkit.thin import thin_expr

__all__ = ["lifetimes", "median_lifetime", "survival"]

DAYS_PER_MONTH = 30.4375


def lifetimes(customers: Frame, *, as_of: DateLike | None = None) -> pl.DataFrame:
    """Each customer's time as a customer in months and whether they have left.

    From a snapshot (``tenure_months`` with a ``churned`` flag) or from dates (``acquired_at`` to
    ``churned_at``, or to ``as_of`` — default the last date in the data — for customers still active,
    who are censored there). Returns the frame with ``tenure`` (months) and ``event`` (True: left).

    Raises:
        MetricError: Neither a tenure with a churn flag nor acquisition dates.
    """
    frame = lazy(customers)
    names = set(columns_of(frame))
    if {"tenure_months", "churned"} <= names:
        return frame.with_columns(pl.col("tenure_months").alias("tenure"), pl.col("churned").alias("event")).filter(
            pl.col("tenure").is_not_null() & pl.col("event").is_not_null() & (pl.col("tenure") >= 0)).collect(
            engine=get_engine())
    if "acquired_at" in names:
        ended = pl.col("churned_at") if "churned_at" in names else pl.lit(None, pl.Datetime("us"))
        event = ended.is_not_null() if "churned_at" in names else (
            pl.col("churned").fill_null(False) if "churned" in names else pl.lit(False))
        if as_of is None:
            candidates = [c for c in ("acquired_at", "churned_at") if c in names]
            latest = (frame.select(pl.max_horizontal(pl.col(c).max() for c in candidates))
                .collect(engine=get_engine())).item()
            moment = latest if isinstance(latest, dt.datetime) else dt.datetime.now()
        else:
            moment = to_datetime(as_of)
        end = pl.coalesce(ended, pl.lit(moment))
        tenure = (end - pl.col("acquired_at")).dt.total_seconds() / 86400 / DAYS_PER_MONTH
        return frame.with_columns(tenure.clip(lower_bound=0).alias("tenure"), event.alias("event")).filter(
            pl.col("acquired_at").is_not_null()).collect(engine=get_engine())
    raise needs_columns("Retention curve", ("tenure_months", "churned"), ("acquired_at",),
                        message="A retention curve needs 'tenure_months' with a 'churned' flag, or 'acquired_at' "
                                "dates.")


def _curve(tenure: np.ndarray, event: np.ndarray, confidence: float) -> pl.DataFrame:
    times = np.unique(tenure[event]) if event.any() else np.array([])
    at_risk = np.array([(tenure >= t).sum() for t in times], dtype=np.int64)
    events = np.array([((tenure == t) & event).sum() for t in times], dtype=np.int64)
    censored = np.array([((tenure == t) & ~event).sum() for t in times], dtype=np.int64)
    if len(times) == 0:
        return pl.DataFrame(schema={"tenure": pl.Float64, "at_risk": pl.Int64, "churned": pl.Int64,
                                    "censored": pl.Int64, "retention": pl.Float64, "retention_low": pl.Float64,
                                    "retention_high": pl.Float64, "thin": pl.Boolean})
    data = stats.CensoredData(uncensored=tenure[event], right=tenure[~event])
    result = stats.ecdf(data).sf
    with warnings.catch_warnings():  # undefined where retention is 1 or 0: those bounds stay empty
        warnings.simplefilter("ignore", RuntimeWarning)
        interval = result.confidence_interval(confidence_level=confidence, method="log-log")
    positions = np.searchsorted(result.quantiles, times)
    with np.errstate(invalid="ignore"):
        low, high = interval.low.probabilities[positions], interval.high.probabilities[positions]
    return pl.DataFrame({
        "tenure": times.astype(float), "at_risk": at_risk, "churned": events, "censored": censored,
        "retention": result.probabilities[positions], "retention_low": low, "retention_high": high,
    }).with_columns(pl.col("retention_low", "retention_high").fill_nan(None), thin_expr("at_risk").alias("thin"))


@checks_by
def survival(customers: Frame, *, by: By = (), confidence: float = 0.95, as_of: DateLike | None = None) -> pl.DataFrame:
    """Kaplan–Meier retention curve by tenure, per group, with a confidence band.

    ``retention`` at tenure t is the estimated share of customers still with you t months after joining;
    customers still active are censored at their tenure (they count as "at risk" until then and are
    never counted as lost), which is what a plain "share still active" gets wrong. The band is the
    log-log interval (``scipy.stats.ecdf``). One row per tenure at which someone left: ``tenure``,
    ``at_risk``, ``churned``, ``censored`` (active customers whose tenure equals it), ``retention``,
    ``retention_low``, ``retention_high``, ``thin`` (at_risk below ``cxkit.thin.THIN_BELOW``: the tail of the
    curve where so few customers remain that each departure moves it a lot). An empty result when nobody left.

    Raises:
        MetricError: No tenure and churn flag or dates (see ``lifetimes``).
    """
    frame = lifetimes(customers, as_of=as_of)
    by_ = keys(by)
    parts = []
    groups = frame.group_by(by_, maintain_order=True) if by_ else [((), frame)]
    for key, group in groups:
        curve = _curve(group["tenure"].to_numpy().astype(float), group["event"].to_numpy().astype(bool), confidence)
        values = key if isinstance(key, tuple) else (key,)
        parts.append(curve.with_columns(pl.lit(v).alias(k) for k, v in zip(by_, values, strict=True)).select(
            *by_, *curve.columns))
    if not parts:
        return _curve(np.array([]), np.array([], dtype=bool), confidence)
    return pl.concat(parts, how="diagonal_relaxed").sort([*by_, "tenure"])


@checks_by
def median_lifetime(customers: Frame, *, by: By = (), as_of: DateLike | None = None) -> pl.DataFrame:
    """Median time as a customer (months): the first tenure at which the Kaplan–Meier retention falls to
    0.5 or below. ``median_months`` is null where the curve never gets there; ``median_reached`` says which:
    True with a median, False where the group has customers but fewer than half have left (the median is "not
    reached": longer than the data can tell, not missing), null without customers."""
    curve = survival(customers, by=by, as_of=as_of)
    by_ = keys(by)
    reached = curve.filter(pl.col("retention") <= 0.5)
    lives = lifetimes(customers, as_of=as_of)
    if not by_:
        first = reached.select(pl.col("tenure").min().alias("median_months"))
        return first.with_columns(pl.when(pl.col("median_months").is_not_null()).then(True)
                                  .when(pl.lit(lives.height) > 0).then(False).otherwise(None).alias("median_reached"))
    first = (reached.group_by(by_).agg(pl.col("tenure").min().alias("median_months")) if set(by_) <= set(curve.columns)
             else pl.DataFrame(schema={**{c: pl.String for c in by_}, "median_months": pl.Float64}))  # nobody
    # the curve's groups may come back as String while the customers' are Categorical or Enum (or the other
    # way round): the groups are joined as text and given the customers' own type back
    everyone = lives.select(by_).unique()
    types = everyone.schema
    joined = everyone.with_columns(pl.col(by_).cast(pl.String)).join(
        first.with_columns(pl.col(by_).cast(pl.String)), on=by_, how="left", nulls_equal=True)
    return joined.with_columns(pl.col(c).cast(types[c]) for c in by_).with_columns(
        pl.col("median_months").is_not_null().alias("median_reached")).sort(by_)
