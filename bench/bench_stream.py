"""Big files in bounded memory: 10M and 100M tickets as hive-partitioned Parquet (one folder a month), the
ticket metric set run lazily from ``pl.scan_parquet`` in a fresh process per run, and the same queries in DuckDB
in the same run as the baseline. Peak memory is the child process's maximum resident set (``ru_maxrss``).

Run alone: ``python -m bench.bench_stream 10000000`` (sizes as arguments, then engines: ``streaming`` by default,
``auto`` or ``in-memory`` to compare). ``make bench`` runs the sizes in ``CXKIT_BENCH_STREAM_ROWS`` (default 10M
and 100M; the 100M run takes about half an hour on 2 busy cores, most of it writing the Parquet). The Parquet goes
to a temporary folder (about 30 bytes a ticket, ``CXKIT_STREAM_DIR`` to choose where) and is removed after the
run; ``CXKIT_STREAM_DATA=folder`` measures an existing folder of tickets written by ``write_partitioned`` instead.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
MONTHS = 24
CHUNK = 1_000_000
TARGET_MB = 2 * 1024

# The child's own peak: VmHWM of its address space. ru_maxrss would not do: Linux carries the parent's peak over
# fork and exec, so a child of a parent holding generated data reports the parent's size.
PEAK = """
def peak_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
"""

# The metric set of the big-data path: volume by month with the backlog, first response by channel with an SLA,
# resolution by channel, one-touch FCR, CSAT by channel. The child prints the numbers to compare with DuckDB's.
POLARS_CHILD = PEAK + r"""
import json, sys, time
import polars as pl
import cxkit
folder, engine = sys.argv[1], sys.argv[2]
cxkit.set_engine(engine)
start = time.perf_counter()
tickets = pl.scan_parquet(folder, hive_partitioning=True)
volume = cxkit.ticket_volume(tickets, every="1mo")
response = cxkit.first_response(tickets, by="channel", sla_minutes=1440)
resolved = cxkit.resolution(tickets, by="channel")
fcr = cxkit.fcr(tickets)
csat = cxkit.csat(tickets, by="channel")
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds, "peak_rss_mb": peak_mb(),
    "created": int(volume["created"].sum()), "solved": int(volume["solved"].sum()),
    "backlog": int(volume["backlog"][-1]),
    "response": response.select("channel", "tickets", "answered", "median_minutes", "mean_minutes", "p90_minutes",
                                "sla_breaches", "unanswered_overdue").sort("channel").rows(),
    "resolution": resolved.select("channel", "solved", "median_minutes", "p90_minutes", "reopened").sort("channel")
    .rows(),
    "fcr": [fcr["solved"][0], fcr["resolved_first_contact"][0]],
    "csat": csat.select("channel", "rated", "satisfied").sort("channel").rows(),
}, default=str))
"""

DUCKDB_CHILD = PEAK + r"""
import json, sys, time
import duckdb
folder = sys.argv[1]
con = duckdb.connect()
con.execute("SET threads = 2")
start = time.perf_counter()
con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{folder}/*/*.parquet', hive_partitioning = true)")
done = "status IN ('solved', 'closed')"
latest = con.execute("SELECT greatest(max(created_at), max(solved_at)) FROM t").fetchone()[0]
volume = con.execute(f'''
    WITH c AS (SELECT date_trunc('month', created_at) AS p, count(*) AS n,
                      count(*) FILTER (WHERE status IS NULL AND solved_at IS NULL) AS unknown FROM t GROUP BY 1),
         s AS (SELECT date_trunc('month', coalesce(solved_at, CASE WHEN {done} THEN created_at END)) AS p,
                      count(*) AS n FROM t WHERE solved_at IS NOT NULL OR {done} GROUP BY 1)
    SELECT c.p, c.n, coalesce(s.n, 0), sum(c.n - coalesce(s.n, 0) - c.unknown) OVER (ORDER BY c.p)
    FROM c LEFT JOIN s USING (p) ORDER BY c.p''').fetchall()
response = con.execute(f'''
    SELECT channel::VARCHAR, count(*), count(first_response_minutes), median(first_response_minutes),
           avg(first_response_minutes), quantile_cont(first_response_minutes, 0.9),
           count(*) FILTER (WHERE first_response_minutes > 1440),
           count(*) FILTER (WHERE first_response_minutes IS NULL AND status IS NOT NULL AND NOT ({done})
                            AND created_at < TIMESTAMP '{latest}' - INTERVAL 1440 MINUTE)
    FROM t GROUP BY 1 ORDER BY 1''').fetchall()
resolved = con.execute(f'''
    SELECT channel::VARCHAR, count(*) FILTER (WHERE {done}), median(resolution_minutes),
           quantile_cont(resolution_minutes, 0.9), count(*) FILTER (WHERE {done} AND reopens > 0)
    FROM t GROUP BY 1 ORDER BY 1''').fetchall()
fcr = con.execute(f'''
    SELECT count(*) FILTER (WHERE {done}),
           count(*) FILTER (WHERE {done} AND agent_replies = 1 AND coalesce(reopens, 0) = 0) FROM t''').fetchone()
csat = con.execute('''SELECT channel::VARCHAR, count(satisfied), count(*) FILTER (WHERE satisfied)
                      FROM t GROUP BY 1 ORDER BY 1''').fetchall()
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds, "peak_rss_mb": peak_mb(),
    "created": sum(r[1] for r in volume), "solved": sum(r[2] for r in volume), "backlog": int(volume[-1][3]),
    "response": response, "resolution": resolved, "fcr": list(fcr), "csat": csat,
}, default=str))
"""


def write_partitioned(folder: Path, rows: int, chunk: int = CHUNK, pool: int = 8) -> float:
    """``rows`` tickets over 24 months, one hive folder a month (``month=2024-01``), written a chunk at a time so
    the generator's memory does not grow with ``rows``. Returns the size in MB.

    ``generate.tickets`` takes about 8 s a million rows on this machine (15 minutes for 100M), so ``pool`` chunks
    are generated and the rest reuse them: each reused chunk gets new ticket ids and its tickets moved to another
    month (each keeping its own gaps to first response and solve), so every row is a distinct ticket but the
    durations repeat every ``pool`` million rows. Medians then see ties, which they must handle anyway."""
    from bench import generate

    generated: list[pl.DataFrame] = []
    per_month = [rows // MONTHS + (1 if m < rows % MONTHS else 0) for m in range(MONTHS)]
    customers = max(50_000, rows // 20)
    next_id = 0
    for month, count in enumerate(per_month):
        first = dt.datetime(generate.START.year + month // 12, month % 12 + 1, 1)
        after = dt.datetime(first.year + (month + 1) // 12 if month % 12 == 11 else first.year,
                            (month + 1) % 12 + 1, 1)
        span_us = int((after - first).total_seconds() * 1_000_000)
        out = folder / f"month={first:%Y-%m}"
        out.mkdir(parents=True)
        for part in range(math.ceil(count / chunk)):
            n = min(chunk, count - part * chunk)
            if len(generated) < pool:
                generated.append(generate.tickets(chunk, seed=1000 + len(generated), customers=customers))
            frame = generated[next_id % len(generated)].head(n)
            # move each ticket into this month, keeping its solve time the same distance after creation
            since = (pl.col("created_at") - pl.lit(generate.START)).dt.total_microseconds()
            moved = pl.lit(first) + pl.duration(microseconds=since % span_us)
            shift = moved - pl.col("created_at")
            frame = frame.with_columns(
                (pl.col("solved_at") + shift).alias("solved_at"), moved.alias("created_at"),
                (pl.lit(f"{next_id}-") + pl.col("ticket_id")).alias("ticket_id"))
            generate.as_loaded(frame, "tickets").write_parquet(out / f"part-{part:03d}.parquet")
            next_id += 1
            del frame
    return sum(p.stat().st_size for p in folder.rglob("*.parquet")) / 2**20


def _child(script: str, *args: str) -> dict[str, object]:
    command = ["nice", "-n", "10", sys.executable, "-c", script, *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"child failed ({result.returncode}): {result.stderr[-3000:]}")
    out: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def _close(a: object, b: object) -> bool:
    """The same numbers (floats to 1e-9 relative: DuckDB and polars sum in different orders)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]
    return a == b


def measure(rows: int, engines: tuple[str, ...] = ("streaming",), folder_root: str | None = None,
            existing: str | None = None) -> list[dict[str, object]]:
    folder = Path(tempfile.mkdtemp(prefix="cxkit-stream-", dir=folder_root))
    try:
        data = Path(existing) if existing else folder / "tickets"
        if existing:
            size = sum(p.stat().st_size for p in data.rglob("*.parquet")) / 2**20
        else:
            began = time.perf_counter()
            size = write_partitioned(data, rows)
            print(f"{rows:,} tickets: {size:,.0f} MB Parquet written in {time.perf_counter() - began:.0f} s",
                  file=sys.stderr)
        duck = _child(DUCKDB_CHILD, str(data))
        print(f"  duckdb: {duck['seconds']:.1f} s, peak {duck['peak_rss_mb']:,.0f} MB", file=sys.stderr)
        rows_out = []
        for engine in engines:
            ours = _child(POLARS_CHILD, str(data), engine)
            print(f"  cxkit ({engine}): {ours['seconds']:.1f} s, peak {ours['peak_rss_mb']:,.0f} MB",
                  file=sys.stderr)
            assert ours["created"] == rows, (ours["created"], rows)
            same = all(_close(ours[k], duck[k]) for k in ("created", "solved", "backlog", "response", "resolution",
                                                          "fcr", "csat"))
            if not same:
                print(f"  DIFFERENT from DuckDB:\n  ours {ours}\n  duck {duck}", file=sys.stderr)
            peak = float(ours["peak_rss_mb"])  # type: ignore[arg-type]
            duck_peak = float(duck["peak_rss_mb"])  # type: ignore[arg-type]
            rows_out.append({
                "name": f"{rows:,} tickets, hive-partitioned Parquet ({size:,.0f} MB), scan_parquet: volume, first "
                        f"response and resolution by channel, FCR, CSAT ({engine} engine; peak RSS "
                        f"{peak:,.0f} MB, DuckDB {duck_peak:,.0f} MB)",
                "seconds": ours["seconds"], "baseline": "DuckDB SQL, same queries, same files",
                "baseline_seconds": duck["seconds"], "speedup": float(duck["seconds"]) / float(ours["seconds"]),  # type: ignore[arg-type]
                "target": "peak ≤ 2 GB", "met": peak <= TARGET_MB and same,
                "note": "same numbers as DuckDB" if same else "NUMBERS DIFFER from DuckDB"})
        return rows_out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(sizes: tuple[int, ...] | None = None) -> list[dict[str, object]]:
    if sizes is None:
        sizes = tuple(int(n) for n in os.environ.get("CXKIT_BENCH_STREAM_ROWS", "10000000,100000000").split(","))
    results: list[dict[str, object]] = []
    for rows in sizes:
        results.extend(measure(rows, folder_root=os.environ.get("CXKIT_STREAM_DIR")))
    return results


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:] if a.isdigit()) or (10_000_000, 100_000_000)
    engines = tuple(a for a in sys.argv[1:] if not a.isdigit()) or ("streaming",)
    for rows in sizes:
        for row in measure(rows, engines, os.environ.get("CXKIT_STREAM_DIR"), os.environ.get("CXKIT_STREAM_DATA")):
            print(json.dumps(row, ensure_ascii=False, default=str))
