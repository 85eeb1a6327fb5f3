"""Automatically found highlights: the segments that stand out from the rest."""

from __future__ import annotations

import math
from typing import Literal

import polars as pl
from scipy import stats

from cxkit import expr as cx
from cxkit._common import By, Frame, checks_by, columns_of, get_engine, keys, lazy, require
from cxkit.errors import MetricError

__all__ = ["nps_gaps"]


@checks_by
def nps_gaps(responses: Frame, *, by: By, min_responses: int = 30,
             method: Literal["adjusted_wald", "wald"] = "adjusted_wald") -> pl.DataFrame:
    """Each segment's NPS against the NPS of everyone else, with a two-sided test of the gap.

    For every value of every ``by`` column with at least ``min_responses`` answers: ``column,
    segment, responses, nps, rest_responses, rest_nps, gap`` (points, the plain scores), ``p_value`` (the
    independent-samples NPS test of ``compare_nps`` with the same ``method``: adjusted Wald by default),
    sorted by p-value then by the size of the gap.

    Raises:
        MetricError: Neither ``nps_score`` nor ``nps_group`` (groups as ``cxkit.expr.nps_group``), or a missing
            segment column.
    """
    frame = lazy(responses)
    by_ = keys(by)
    if "nps_group" not in columns_of(frame):
        require(frame, "nps_score", metric="NPS gaps")
    require(frame, *by_, metric="NPS gaps")
    rows: list[dict[str, object]] = []
    frame = frame.with_columns(cx.nps_group(columns_of(frame)).alias("_group"))
    group = pl.col("_group")
    counts = [(group == "promoter").sum().alias("p"), (group == "detractor").sum().alias("d"),
              group.is_not_null().sum().alias("n")]
    totals = frame.select(counts).collect(engine=get_engine()).row(0, named=True)
    for column in by_:
        if column not in columns_of(frame):
            continue
        per_segment = frame.group_by(column).agg(counts).collect(engine=get_engine())
        for row in per_segment.iter_rows(named=True):
            n, p, d = int(row["n"]), int(row["p"]), int(row["d"])
            rest_n, rest_p, rest_d = totals["n"] - n, totals["p"] - p, totals["d"] - d
            if n < min_responses or rest_n < min_responses or row[column] is None:
                continue
            nps, rest = (p - d) / n, (rest_p - rest_d) / rest_n
            se, difference = _test(p, d, n, rest_p, rest_d, rest_n, method)
            p_value = float(2 * stats.norm.sf(abs(difference) / se)) if se > 0 else None
            rows.append({"column": column, "segment": str(row[column]), "responses": n, "nps": 100 * nps,
                         "rest_responses": rest_n, "rest_nps": 100 * rest, "gap": 100 * (nps - rest),
                         "p_value": p_value})
    schema = {"column": pl.String, "segment": pl.String, "responses": pl.Int64, "nps": pl.Float64,
              "rest_responses": pl.Int64, "rest_nps": pl.Float64, "gap": pl.Float64, "p_value": pl.Float64}
    result = pl.DataFrame(rows, schema=schema)
    return result.sort([pl.col("p_value").fill_null(1.0), pl.col("gap").abs()], descending=[False, True])


def _test(p: int, d: int, n: int, rest_p: int, rest_d: int, rest_n: int, method: str) -> tuple[float, float]:
    """Standard error and difference of the segment's NPS against the rest's (fractions), as ``compare_nps``:
    with the Rocks pseudo-counts (``"adjusted_wald"``) or without (``"wald"``)."""
    if method not in ("adjusted_wald", "wald"):
        raise MetricError(f"method must be 'adjusted_wald' or 'wald', got {method!r}")
    detractor, passive, promoter = (0.75, 1.5, 0.75) if method == "adjusted_wald" else (0.0, 0.0, 0.0)
    extra = detractor + passive + promoter
    shares = [((p + promoter) / (n + extra), (d + detractor) / (n + extra), n + extra),
              ((rest_p + promoter) / (rest_n + extra), (rest_d + detractor) / (rest_n + extra), rest_n + extra)]
    variance = sum((sp + sd - (sp - sd) ** 2) / size for sp, sd, size in shares)
    return math.sqrt(max(variance, 0.0)), (shares[0][0] - shares[0][1]) - (shares[1][0] - shares[1][1])
