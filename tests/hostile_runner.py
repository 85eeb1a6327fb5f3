"""Run one hostile input through cxkit.load in a child process with bounded memory, and report as JSON.

    python -m tests.hostile_runner CASE
"""

from __future__ import annotations

import json
import resource
import sys
import time

MEMORY_LIMIT = 6 * 1024**3  # bytes of address space: a runaway read fails here instead of taking the machine


def peak_mb() -> float:
    """This process's peak resident memory, making the case included (VmHWM: unlike ru_maxrss, not inherited
    from the process that started this one)."""
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    return int(kb) / 1024


def main(case: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    import cxkit
    from tests.hostile_cases import CASES

    data, name, options = CASES[case]()
    started = time.perf_counter()
    try:
        loaded = cxkit.load(data, name=name, **options)
    except cxkit.LoadError as error:
        result = {"outcome": "error", "code": error.code, "message": str(error)}
    else:
        result = {"outcome": "loaded", "rows": loaded.frame.height, "rejected": loaded.rejected.height,
                  "data_rows": loaded.data_rows, "warnings": loaded.warnings,
                  "reasons": loaded.rejected["reason"].to_list()[:20], "columns": loaded.frame.columns,
                  "cell_lengths": {c: int(loaded.frame[c].str.len_chars().max() or 0) for c in loaded.frame.columns
                                   if loaded.frame[c].dtype.is_(__import__("polars").String)}}
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = peak_mb()
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
