"""Run the benchmarks and write bench/RESULTS.md (``make bench``)."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

import numpy as np
import polars as pl

from bench import bench_roi

BENCHMARKS = [bench_roi]


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


def main() -> None:
    results = [module.run() for module in BENCHMARKS]
    lines = ["# Benchmark results", "", f"Machine: {machine()}", "",
             "Times are medians of repeated runs; the speed-up is against a baseline measured in the same run.", "",
             "| benchmark | seconds | baseline | baseline seconds | speed-up | target | met |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {r['seconds']:.3f} | {r['baseline']} | {r['baseline_seconds']:.2f} | "
                     f"{r['speedup']:.0f}× | {r['target']} | {'yes' if r['met'] else 'NO'} |")
    out = Path(__file__).resolve().parent / "RESULTS.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
