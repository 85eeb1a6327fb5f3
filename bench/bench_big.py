"""10 million tickets within the machine's memory: lazy scans of Parquet, peak memory measured in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# the child's own peak (VmHWM of its address space; ru_maxrss would carry over the parent's peak through fork)
CHILD = r"""
import json, sys, time
import polars as pl
import cxkit
folder = sys.argv[1]
start = time.perf_counter()
tickets = pl.scan_parquet(f"{folder}/tickets_*.parquet")
volume = cxkit.ticket_volume(tickets, every="1mo")
response = cxkit.first_response(tickets, by="channel", sla_minutes=1440)
fcr = cxkit.fcr(tickets)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": int(volume["created"].sum()),
                  "peak_rss_mb": next(int(line.split()[1]) for line in open("/proc/self/status")
                                     if line.startswith("VmHWM")) / 1024}))
"""


def run(rows: int = 10_000_000, chunk: int = 1_000_000) -> list[dict[str, object]]:
    from bench import generate

    with tempfile.TemporaryDirectory() as folder:
        for i in range(rows // chunk):
            generate.tickets(chunk, seed=100 + i).write_parquet(f"{folder}/tickets_{i:03d}.parquet")
        size = sum(p.stat().st_size for p in Path(folder).glob("*.parquet")) / 2**20
        result = subprocess.run([sys.executable, "-c", CHILD, folder], cwd=ROOT, capture_output=True, text=True,
                                timeout=1800, check=True)
        measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["rows"] == rows
    return [{"name": f"{rows:,} tickets ({size:.0f} MB Parquet): volume, first response by channel, FCR, lazily",
             "seconds": measured["seconds"], "baseline": "peak memory of the process",
             "baseline_seconds": float("nan"), "speedup": float("nan"),
             "target": "peak ≤ 2 GB (bounded memory, issue #21)", "met": measured["peak_rss_mb"] <= 2 * 1024,
             "note": f"peak RSS {measured['peak_rss_mb']:,.0f} MB"}]
