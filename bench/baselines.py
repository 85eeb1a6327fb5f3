"""Baselines the benchmarks measure cxkit against: a competent, vectorised pandas implementation and DuckDB SQL
computing the same Overview metric set. They live here, not in the product."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from scipy import stats

Z = 1.959963984540054
BASELINE = ("2025-01-01", "2025-07-01")
CURRENT = ("2025-07-01", "2026-01-01")


def pandas_read_spanish_csv(data: bytes) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="cp1252", decimal=",")
    for column in ("Hora de creación", "Hora de resolución"):
        frame[column] = pd.to_datetime(frame[column], format="%d/%m/%Y %H:%M", errors="coerce")
    return frame


def openpyxl_read(data: bytes) -> list[tuple[object, ...]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def _adjusted_wald(p: pd.Series, pa: pd.Series, d: pd.Series) -> tuple[pd.Series, pd.Series]:
    n = p + pa + d + 3
    sp, sd = (p + 0.75) / n, (d + 0.75) / n
    centre = (p - d) / n
    half = Z * np.sqrt((sp + sd - (sp - sd) ** 2) / n)
    return (100 * (centre - half)).clip(-100, 100), (100 * (centre + half)).clip(-100, 100)


def pandas_overview(t: pd.DataFrame, r: pd.DataFrame, c: pd.DataFrame) -> dict[str, object]:
    out: dict[str, object] = {}
    r = r.assign(period=r["submitted_at"].dt.to_period("M"), p=r["nps_score"] >= 9, d=r["nps_score"] <= 6)
    g = r.groupby(["region", "period"]).agg(n=("nps_score", "count"), p=("p", "sum"), d=("d", "sum"))
    g["nps"] = 100 * (g["p"] - g["d"]) / g["n"]
    g["low"], g["high"] = _adjusted_wald(g["p"], g["n"] - g["p"] - g["d"], g["d"])
    out["nps"] = g
    months = pd.period_range(c["acquired_at"].min(), max(c["acquired_at"].max(), c["churned_at"].max()), freq="M")
    acq = c["acquired_at"].dt.to_period("M").value_counts().reindex(months, fill_value=0)
    lost = c["churned_at"].dropna().dt.to_period("M").value_counts().reindex(months, fill_value=0)
    within = c.loc[c["acquired_at"].dt.to_period("M") == c["churned_at"].dt.to_period("M")]
    within = within["churned_at"].dt.to_period("M").value_counts().reindex(months, fill_value=0)
    start = (acq - lost).cumsum() - (acq - lost)
    out["churn"] = pd.DataFrame({"start": start, "acquired": acq, "lost": lost,
                                 "rate": (lost - within) / start.where(start > 0)})
    days = pd.period_range(t["created_at"].min(), t["created_at"].max(), freq="D")
    created = t["created_at"].dt.to_period("D").value_counts().reindex(days, fill_value=0)
    done = t["status"].isin(["solved", "closed"])
    moment = t["solved_at"].where(t["solved_at"].notna() | ~done, t["created_at"])  # same rule as cxkit
    solved = moment.dropna().dt.to_period("D").value_counts().reindex(days, fill_value=0)
    out["volume"] = pd.DataFrame({"created": created, "solved": solved, "backlog": (created - solved).cumsum()})
    frt = t["first_response_minutes"]
    out["first_response"] = t.assign(breach=frt > 1440).groupby("channel").agg(
        tickets=("ticket_id", "size"), answered=("first_response_minutes", "count"),
        median=("first_response_minutes", "median"), mean=("first_response_minutes", "mean"),
        p90=("first_response_minutes", lambda s: s.quantile(0.9)), breaches=("breach", "sum"))
    done = t["status"].isin(["solved", "closed"])
    one = done & (t["agent_replies"] == 1) & (t["reopens"] == 0)
    out["fcr"] = one.sum() / done.sum()
    out["mix"] = t.assign(done=done, one=one).groupby("channel").agg(
        tickets=("ticket_id", "size"), frt=("first_response_minutes", "median"), done=("done", "sum"),
        one=("one", "sum"), csat=("satisfied", "mean"))
    base = t.loc[(t["created_at"] >= BASELINE[0]) & (t["created_at"] < BASELINE[1]), "ticket_type"].value_counts()
    cur = t.loc[(t["created_at"] >= CURRENT[0]) & (t["created_at"] < CURRENT[1]), "ticket_type"].value_counts()
    table = pd.concat([base, cur], axis=1).fillna(0)
    out["drift"] = stats.chi2_contingency(table.T.to_numpy(), correction=False).statistic
    return out


def duckdb_overview(con: object) -> dict[str, object]:
    """The same metric set in DuckDB SQL over registered tables t, r, c."""
    q = con.execute  # type: ignore[attr-defined]
    out: dict[str, object] = {}
    out["nps"] = q("""
        SELECT region, date_trunc('month', submitted_at) AS period, count(nps_score) AS n,
               sum((nps_score >= 9)::INT) AS p, sum((nps_score <= 6)::INT) AS d,
               100.0 * (p - d) / n AS nps,
               100.0 * ((p - d) / (n + 3.0) - 1.959963984540054 * sqrt((((p + 0.75) / (n + 3.0)) + ((d + 0.75) / (n + 3.0))
                   - power((p + 0.75) / (n + 3.0) - (d + 0.75) / (n + 3.0), 2)) / (n + 3.0))) AS low
        FROM r GROUP BY ALL""").fetchall()
    out["churn"] = q("""
        WITH m AS (SELECT unnest(generate_series(date_trunc('month', min(acquired_at)),
                                                 date_trunc('month', greatest(max(acquired_at), max(churned_at))),
                                                 INTERVAL 1 MONTH)) AS period FROM c),
        a AS (SELECT date_trunc('month', acquired_at) AS period, count(*) AS acquired FROM c GROUP BY 1),
        l AS (SELECT date_trunc('month', churned_at) AS period, count(*) AS lost,
                     sum((date_trunc('month', acquired_at) = date_trunc('month', churned_at))::INT) AS within
              FROM c WHERE churned_at IS NOT NULL GROUP BY 1),
        j AS (SELECT m.period, coalesce(acquired, 0) AS acquired, coalesce(lost, 0) AS lost, coalesce(within, 0) AS within
              FROM m LEFT JOIN a USING (period) LEFT JOIN l USING (period))
        SELECT period, sum(acquired - lost) OVER (ORDER BY period) - (acquired - lost) AS start, acquired, lost,
               (lost - within) / nullif(start, 0) AS rate FROM j ORDER BY period""").fetchall()
    out["volume"] = q("""
        WITH d AS (SELECT unnest(generate_series(date_trunc('day', min(created_at)), date_trunc('day', max(created_at)),
                                                 INTERVAL 1 DAY)) AS day FROM t),
        cr AS (SELECT date_trunc('day', created_at) AS day, count(*) AS created FROM t GROUP BY 1),
        so AS (SELECT date_trunc('day', coalesce(solved_at, CASE WHEN status IN ('solved', 'closed') THEN created_at END))
                      AS day, count(*) AS solved
               FROM t WHERE solved_at IS NOT NULL OR status IN ('solved', 'closed') GROUP BY 1)
        SELECT day, coalesce(created, 0) AS created, coalesce(solved, 0) AS solved,
               sum(coalesce(created, 0) - coalesce(solved, 0)) OVER (ORDER BY day) AS backlog
        FROM d LEFT JOIN cr USING (day) LEFT JOIN so USING (day) ORDER BY day""").fetchall()
    out["first_response"] = q("""
        SELECT channel, count(*) AS tickets, count(first_response_minutes) AS answered,
               median(first_response_minutes), avg(first_response_minutes),
               quantile_cont(first_response_minutes, 0.9), sum((first_response_minutes > 1440)::INT) AS breaches
        FROM t GROUP BY channel""").fetchall()
    out["fcr"] = q("""
        SELECT sum((status IN ('solved', 'closed') AND agent_replies = 1 AND reopens = 0)::INT)
               / sum((status IN ('solved', 'closed'))::INT) FROM t""").fetchall()
    out["mix"] = q("""
        SELECT channel, count(*), median(first_response_minutes), avg(satisfied::INT) FROM t GROUP BY channel""").fetchall()
    counts = q(f"""
        SELECT ticket_type, sum((created_at >= '{BASELINE[0]}' AND created_at < '{BASELINE[1]}')::INT) AS b,
               sum((created_at >= '{CURRENT[0]}' AND created_at < '{CURRENT[1]}')::INT) AS c
        FROM t GROUP BY ticket_type""").fetchall()
    table = np.array([[row[1] for row in counts], [row[2] for row in counts]], dtype=float)
    out["drift"] = stats.chi2_contingency(table[:, table.sum(axis=0) > 0], correction=False).statistic
    return out
