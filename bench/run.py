"""Run the benchmarks and write bench/RESULTS.md (``make bench``).

Every time is the median of several runs; where there is a baseline it is measured in the same run, and the
result is the ratio (how many times faster cxkit is). Targets are the project's; "NO" is reported as it is.
"""

from __future__ import annotations

import math
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from bench import (
    bench_app,
    bench_big,
    bench_business_hours,
    bench_data,
    bench_forecast,
    bench_metrics,
    bench_roi,
    bench_stream,
)

BENCHMARKS: list[Callable[[], object]] = [bench_data.run, bench_metrics.run, bench_big.run, bench_stream.run,
                                          bench_roi.run, bench_app.run, bench_business_hours.run,
                                          bench_forecast.run]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kb = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
            memory = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}; Python {sys.version.split()[0]}, polars {pl.__version__}, "
            f"numpy {np.__version__}")


def _cell(value: object, digits: int = 3) -> str:
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.{digits}f}"
    return str(value)


def row(r: dict[str, object]) -> str:
    """One result as a row of the table."""
    speedup = r.get("speedup")
    speed = "—" if not isinstance(speedup, float) or math.isnan(speedup) else f"{speedup:.1f}×"
    note = f" ({r['note']})" if r.get("note") else ""
    return (f"| {r['name']}{note} | {_cell(r['seconds'])} | {r['baseline']} | {_cell(r['baseline_seconds'], 2)} "
            f"| {speed} | {r['target']} | {'yes' if r['met'] else 'NO'} |")


def main() -> None:
    results: list[dict[str, object]] = []
    for bench in BENCHMARKS:
        outcome = bench()
        results.extend(outcome if isinstance(outcome, list) else [outcome])  # type: ignore[arg-type]
    lines = ["# Benchmark results", "", f"Machine: {machine()}", "",
             "Median of repeated runs. The speed-up is the baseline's time ÷ cxkit's, both measured in the same run.",
             "", "| benchmark | cxkit s | baseline | baseline s | speed-up | target | met |", "|---|---|---|---|---|---|---|"]
    lines.extend(row(r) for r in results)
    out = Path(__file__).resolve().parent / "RESULTS.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
