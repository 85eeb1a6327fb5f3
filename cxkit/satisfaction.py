"""NPS, CSAT and net emotion value, with intervals and period-vs-period tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl
from scipy import stats

from cxkit import expr as cx
from cxkit._common import (
    By,
    DateLike,
    Frame,
    Window,
    aggregate,
    checks_by,
    columns_of,
    get_engine,
    group_keys,
    keys,
    lazy,
    require,
    safe_div,
    window_filter,
    within,
)
from cxkit.errors import MetricError, needs_columns
from cxkit.thin import THIN_BELOW

__all__ = ["SMALL_SAMPLE", "compare_nps", "csat", "nev", "nps"]

IntervalMethod = Literal["adjusted_wald", "wald"]
SMALL_SAMPLE = THIN_BELOW  # one threshold for every rate (cxkit.thin)
# Pseudo-counts of the adjusted Wald interval (Rocks 2016): detractors, passives, promoters.
_PSEUDO = (0.75, 1.5, 0.75)


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise MetricError(f"confidence must be between 0 and 1, got {confidence}")
    return float(stats.norm.ppf(0.5 + confidence / 2))


def _nps_counts(frame: pl.LazyFrame) -> tuple[pl.LazyFrame, list[pl.Expr]]:
    """The frame with ``_group`` (``cxkit.expr.nps_group``: the score, or the exported label where the score is
    missing) and the count expressions."""
    frame = frame.with_columns(cx.nps_group(columns_of(frame)).alias("_group"))
    group = pl.col("_group")
    return frame, [
        group.is_not_null().sum().alias("responses"),
        (group == "promoter").sum().alias("promoters"),
        (group == "passive").sum().alias("passives"),
        (group == "detractor").sum().alias("detractors"),
    ]


def nps_interval(
    promoters: pl.Expr, passives: pl.Expr, detractors: pl.Expr, *, z: float, method: IntervalMethod
) -> tuple[pl.Expr, pl.Expr]:
    """Lower and upper NPS bounds in points, clipped to −100..100; null without answers.

    ``wald``: NPS ± z·√(V/n) with V = p_P + p_D − (p_P − p_D)².
    ``adjusted_wald`` (Rocks 2016): add 0.75 detractors, 1.5 passives and 0.75 promoters
    (ñ = n + 3); the interval is centred on (P − D)/(n + 3) with Ṽ from the adjusted shares.
    """
    p, pa, d = promoters.cast(pl.Float64), passives.cast(pl.Float64), detractors.cast(pl.Float64)
    n = p + pa + d
    if method == "adjusted_wald":
        d_, pa_, p_ = _PSEUDO
        n_eff = n + d_ + pa_ + p_
        share_p, share_d = (p + p_) / n_eff, (d + d_) / n_eff
        centre = (p - d) / n_eff
    elif method == "wald":
        n_eff = n
        share_p, share_d = p / n, d / n
        centre = share_p - share_d
    else:
        raise MetricError(f"method must be 'adjusted_wald' or 'wald', got {method!r}")
    variance = share_p + share_d - (share_p - share_d) ** 2
    half = z * (variance / n_eff).sqrt()
    low = pl.when(n > 0).then((100 * (centre - half)).clip(-100, 100)).otherwise(None)
    high = pl.when(n > 0).then((100 * (centre + half)).clip(-100, 100)).otherwise(None)
    return low, high


@checks_by
def nps(
    responses: Frame,
    *,
    by: By = (),
    every: str | None = None,
    confidence: float = 0.95,
    method: IntervalMethod = "adjusted_wald",
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Net Promoter Score per group, with its interval.

    Promoters score 9–10, passives 7–8, detractors 0–6. ``nps`` = 100 × (P − D) ÷ n in points
    (−100..100). ``nps_low``/``nps_high`` are the adjusted Wald interval of Rocks (2016) by default
    (see ``nps_interval``), clipped to −100..100; ``nps`` itself stays the plain score.
    ``small_sample`` flags groups with fewer than 30 answers. Scores may come as ``nps_score`` or,
    without scores, as ``nps_group`` labels.

    Args:
        responses: Survey answers in the canonical model.
        by: Segment columns.
        every: Period length (``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``); adds a ``period`` column.
        confidence: Confidence level of the interval.
        method: ``"adjusted_wald"`` or ``"wald"``.
        start: Keep answers submitted on or after this date.
        end: Keep answers submitted before this date.

    Returns:
        One row per group: ``responses, promoters, passives, detractors, nps, nps_low, nps_high,
        small_sample``. With no groups and no answers: one row with ``responses`` 0 and null scores.

    Raises:
        MetricError: No score column, or a bad option.
    """
    frame = lazy(responses)
    frame, counts = _nps_counts(frame)
    by_ = keys(by)
    if every or start or end:
        require(frame, "submitted_at", metric="NPS by period")
    frame = within(frame, "submitted_at", every=every, start=start, end=end)
    low, high = nps_interval(
        pl.col("promoters"), pl.col("passives"), pl.col("detractors"), z=_z(confidence), method=method
    )
    result = aggregate(frame, group_keys(by_, every), counts).with_columns(
        safe_div(100 * (pl.col("promoters") - pl.col("detractors")).cast(pl.Float64), pl.col("responses"))
        .alias("nps"),
        low.alias("nps_low"),
        high.alias("nps_high"),
        (pl.col("responses") < SMALL_SAMPLE).alias("small_sample"),
    )
    return result.collect(engine=get_engine())


@dataclass(frozen=True)
class _Side:
    n: pl.Expr
    p: pl.Expr
    d: pl.Expr


@checks_by
def compare_nps(
    responses: Frame,
    *,
    baseline: Window,
    current: Window,
    by: By = (),
    confidence: float = 0.95,
    method: IntervalMethod = "adjusted_wald",
) -> pl.DataFrame:
    """Is the NPS of ``current`` different from ``baseline``? Independent-samples test per group.

    ``difference`` = NPS_current − NPS_baseline in points (signed, the plain scores, as ``nps`` shows them).
    With V = p_P + p_D − (p_P − p_D)² per period, ``se`` = √(V₁/n₁ + V₂/n₂) (points), ``z`` = d ÷ se,
    ``p_value`` = 2·Φ(−|z|) (two-sided, ``norm.sf``), and ``diff_low``/``diff_high`` = d ± z_{conf}·se. By
    default (``method="adjusted_wald"``, as ``nps``) the shares, d and se are those of each period with the
    Rocks pseudo-counts added (0.75 detractors, 1.5 passives, 0.75 promoters): d is then the adjusted
    difference, slightly shrunk toward 0, and the interval is centred on it as ``nps_low``/``nps_high`` are on
    the adjusted score. ``method="wald"``: the plain shares (d = ``difference``). Periods are
    ``(start, end)`` pairs, start included, end excluded. The test assumes different respondents in
    the two periods. Where a period has no answers, or se is 0, the test columns are null.

    Raises:
        MetricError: No score or date column, or a period that ends before it starts.
    """
    frame = lazy(responses)
    require(frame, "submitted_at", metric="compare_nps")
    frame, counts = _nps_counts(frame)
    by_ = keys(by)
    side = pl.when(window_filter("submitted_at", baseline)).then(pl.lit("baseline")).when(
        window_filter("submitted_at", current)).then(pl.lit("current")).otherwise(None).alias("_side")
    counted = aggregate(frame.with_columns(side).filter(pl.col("_side").is_not_null()), [*by_, "_side"], counts)
    table = _compare_table(counted.collect(engine=get_engine()), by_)
    z = _z(confidence)
    if method not in ("adjusted_wald", "wald"):
        raise MetricError(f"method must be 'adjusted_wald' or 'wald', got {method!r}")
    pseudo = _PSEUDO if method == "adjusted_wald" else (0.0, 0.0, 0.0)
    sides = {}
    for name in ("baseline", "current"):
        n = pl.col(f"{name}_responses").cast(pl.Float64)
        p = pl.col(f"{name}_promoters").cast(pl.Float64)
        d = pl.col(f"{name}_detractors").cast(pl.Float64)
        n_eff = n + sum(pseudo)
        sides[name] = _Side(n_eff, (p + pseudo[2]) / n_eff, (d + pseudo[0]) / n_eff)
    b, c = sides["baseline"], sides["current"]
    variance_b = b.p + b.d - (b.p - b.d) ** 2
    variance_c = c.p + c.d - (c.p - c.d) ** 2
    difference = 100 * ((c.p - c.d) - (b.p - b.d))
    se = 100 * (variance_b / b.n + variance_c / c.n).sqrt()
    valid = (pl.col("baseline_responses") > 0) & (pl.col("current_responses") > 0)
    result = table.with_columns(
        safe_div(100 * (pl.col("baseline_promoters") - pl.col("baseline_detractors")).cast(pl.Float64),
                 pl.col("baseline_responses")).alias("baseline_nps"),
        safe_div(100 * (pl.col("current_promoters") - pl.col("current_detractors")).cast(pl.Float64),
                 pl.col("current_responses")).alias("current_nps"),
        pl.when(valid).then(difference).otherwise(None).alias("_d"),
        pl.when(valid).then(se).otherwise(None).alias("se"),
    ).with_columns(
        pl.when(valid).then(pl.col("current_nps") - pl.col("baseline_nps")).otherwise(None).alias("difference"),
        safe_div(pl.col("_d"), pl.col("se")).alias("z"),
        (pl.col("_d") - z * pl.col("se")).alias("diff_low"),
        (pl.col("_d") + z * pl.col("se")).alias("diff_high"),
    )
    z_values = result["z"].abs().fill_null(float("nan")).to_numpy()
    result = result.with_columns(pl.Series("p_value", 2 * stats.norm.sf(z_values)).fill_nan(None))
    columns = [*by_, "baseline_responses", "baseline_nps", "current_responses", "current_nps", "difference", "se",
               "z", "p_value", "diff_low", "diff_high"]
    return result.select(columns)


def _compare_table(counted: pl.DataFrame, by_: list[str]) -> pl.DataFrame:
    measures = ["responses", "promoters", "passives", "detractors"]
    parts = []
    for side in ("baseline", "current"):
        part = counted.filter(pl.col("_side") == side).drop("_side")
        part = part.rename({m: f"{side}_{m}" for m in measures})
        parts.append(part)
    if by_:
        table = parts[0].join(parts[1], on=by_, how="full", coalesce=True, nulls_equal=True)
    else:
        base = parts[0] if parts[0].height else pl.DataFrame({f"baseline_{m}": [0] for m in measures})
        cur = parts[1] if parts[1].height else pl.DataFrame({f"current_{m}": [0] for m in measures})
        table = pl.concat([base, cur], how="horizontal")
    fill = [pl.col(f"{s}_{m}").fill_null(0) for s in ("baseline", "current") for m in measures]
    return table.with_columns(fill).sort(by_, nulls_last=True) if by_ else table.with_columns(fill)


def _satisfied(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The frame with ``satisfied`` as ``cxkit.expr.satisfied`` defines it (before any filter: the scale is
    read from the whole column)."""
    names = columns_of(frame)
    if not {"satisfied", "csat_score"} & set(names):
        raise needs_columns("CSAT", ("csat_score",), ("satisfied",),
                            message="CSAT needs ratings: a 'satisfied' (good/bad) or 'csat_score' (1–5) column.")
    return frame.with_columns(cx.satisfied(names))


def _date_column(frame: pl.LazyFrame, date_column: str | None) -> str | None:
    if date_column is not None:
        return date_column
    names = columns_of(frame)
    return next((c for c in ("submitted_at", "created_at", "ordered_at") if c in names), None)


def wilson_interval(successes: pl.Expr, trials: pl.Expr, *, z: float) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score interval of a proportion as fractions 0..1; null without trials."""
    n = trials.cast(pl.Float64)
    p = successes.cast(pl.Float64) / n
    denominator = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denominator
    half = z / denominator * (p * (1 - p) / n + z**2 / (4 * n**2)).sqrt()
    # the Wilson interval always contains p; min/max only absorb floating-point rounding at 0 and 1
    low = pl.when(n > 0).then(pl.min_horizontal((centre - half).clip(0, 1), p)).otherwise(None)
    high = pl.when(n > 0).then(pl.max_horizontal((centre + half).clip(0, 1), p)).otherwise(None)
    return low, high


@checks_by
def csat(
    frame: Frame,
    *,
    by: By = (),
    every: str | None = None,
    confidence: float = 0.95,
    date_column: str | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Customer satisfaction: the share of satisfied among rated answers, with a Wilson interval.

    ``csat`` = satisfied ÷ rated, a fraction 0..1 (the UI shows %). Rated answers are those with a
    rating: Zendesk's ``Offered``/``Not Offered`` and empty cells are not in the denominator.
    "Satisfied" is the top box: Good, or 4–5 of 5 (6–7 of 7, 9–10 of 10), as ``cxkit.expr.satisfied`` defines
    it whichever of ``satisfied`` and ``csat_score`` the frame has. ``csat_low``/``csat_high``
    are the Wilson score interval. Works on tickets and survey answers; periods use
    ``submitted_at`` or ``created_at`` unless ``date_column`` says otherwise.

    Returns:
        One row per group: ``rated, satisfied, csat, csat_low, csat_high, small_sample``.

    Raises:
        MetricError: No rating column, or periods asked for without a date column.
    """
    data = _satisfied(lazy(frame))
    by_ = keys(by)
    column = _date_column(data, date_column)
    if (every or start or end) and column is None:
        raise needs_columns("CSAT by period", ("submitted_at",), ("created_at",),
                            message="CSAT by period needs a date column ('submitted_at' or 'created_at').")
    data = within(data, str(column), every=every, start=start, end=end)
    low, high = wilson_interval(pl.col("satisfied"), pl.col("rated"), z=_z(confidence))
    result = aggregate(data, group_keys(by_, every), [
        pl.col("satisfied").is_not_null().sum().alias("rated"),
        pl.col("satisfied").fill_null(False).sum().alias("satisfied"),
    ]).with_columns(
        safe_div(pl.col("satisfied").cast(pl.Float64), pl.col("rated")).alias("csat"),
        low.alias("csat_low"),
        high.alias("csat_high"),
        (pl.col("rated") < SMALL_SAMPLE).alias("small_sample"),
    )
    return result.collect(engine=get_engine())


@checks_by
def nev(
    responses: Frame,
    *,
    by: By = (),
    every: str | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Net emotion value: how much positive emotion outweighs negative.

    cxkit's definition, per answer (one emotion per row): ``nev`` = 100 × (positive − negative) ÷
    (positive + neutral + negative), in points −100..100. ``nev_polar`` leaves neutral answers out:
    100 × (positive − negative) ÷ (positive + negative), the "subtract negative from positive
    emotions" reading found in secondary sources (Shaw, *The DNA of Customer Experience*); no precise
    public definition exists. Emotions come from an emotion column or emoji ratings, as read by
    ``cxkit.load``. Null where there are no answers.

    Raises:
        MetricError: No ``emotion`` column.
    """
    frame = lazy(responses)
    require(frame, "emotion", metric="Net emotion value")
    by_ = keys(by)
    if every or start or end:
        require(frame, "submitted_at", metric="Net emotion value by period")
    frame = within(frame, "submitted_at", every=every, start=start, end=end)
    emotion = pl.col("emotion")
    result = aggregate(frame, group_keys(by_, every), [
        emotion.is_in(["positive", "neutral", "negative"]).sum().alias("answers"),
        (emotion == "positive").sum().alias("positive"),
        (emotion == "neutral").sum().alias("neutral"),
        (emotion == "negative").sum().alias("negative"),
    ]).with_columns(
        safe_div(100 * (pl.col("positive") - pl.col("negative")).cast(pl.Float64), pl.col("answers")).alias("nev"),
        safe_div(100 * (pl.col("positive") - pl.col("negative")).cast(pl.Float64),
                 pl.col("positive") + pl.col("negative")).alias("nev_polar"),
    )
    return result.collect(engine=get_engine())

