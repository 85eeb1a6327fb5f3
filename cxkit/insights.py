"""Automatically found highlights: the segments that stand out from the rest."""

from __future__ import annotations

import math

import polars as pl
from scipy import stats

from cxkit._common import By, Frame, checks_by, columns_of, get_engine, keys, lazy, require

__all__ = ["nps_gaps"]


@checks_by
def nps_gaps(responses: Frame, *, by: By, min_responses: int = 30) -> pl.DataFrame:
    """Each segment's NPS against the NPS of everyone else, with a two-sided test of the gap.

    For every value of every ``by`` column with at least ``min_responses`` answers: ``column,
    segment, responses, nps, rest_responses, rest_nps, gap`` (points), ``p_value`` (the
    independent-samples NPS test of ``compare_nps``), sorted by p-value then by the size of the gap.

    Raises:
        MetricError: No ``nps_score`` column or a missing segment column.
    """
    frame = lazy(responses)
    by_ = keys(by)
    require(frame, "nps_score", *by_, metric="NPS gaps")
    rows: list[dict[str, object]] = []
    score = pl.col("nps_score")
    counts = [(score >= 9).sum().alias("p"), (score <= 6).sum().alias("d"), score.is_not_null().sum().alias("n")]
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
            variance = p / n + d / n - nps**2
            rest_variance = rest_p / rest_n + rest_d / rest_n - rest**2
            se = math.sqrt(variance / n + rest_variance / rest_n)
            p_value = float(2 * stats.norm.sf(abs(nps - rest) / se)) if se > 0 else None
            rows.append({"column": column, "segment": str(row[column]), "responses": n, "nps": 100 * nps,
                         "rest_responses": rest_n, "rest_nps": 100 * rest, "gap": 100 * (nps - rest),
                         "p_value": p_value})
    schema = {"column": pl.String, "segment": pl.String, "responses": pl.Int64, "nps": pl.Float64,
              "rest_responses": pl.Int64, "rest_nps": pl.Float64, "gap": pl.Float64, "p_value": pl.Float64}
    result = pl.DataFrame(rows, schema=schema)
    return result.sort([pl.col("p_value").fill_null(1.0), pl.col("gap").abs()], descending=[False, True])
