"""Several metrics at once: polars releases the GIL while it computes, so independent queries over the same
frames run side by side on all the cores instead of one after the other."""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["compute_all"]

K = TypeVar("K")
T = TypeVar("T")


def compute_all(jobs: Mapping[K, Callable[[], T]], *, workers: int | None = None) -> dict[K, T]:
    """Run ``jobs`` (name → a function of no arguments) concurrently and return name → result, in the jobs' order.

    The results are the same as calling the functions one after the other; only the wall time changes.
    Jobs must not depend on each other. ``workers`` defaults to twice the cores (a query often waits on a
    step that uses one core, and a second query fills the gap); with one worker (or one job) everything runs
    in the calling thread.

    Raises:
        Exception: The error of the first job (in the jobs' order) that failed, once every job has ended.
    """
    count = min(len(jobs), workers if workers is not None else 2 * (os.cpu_count() or 1))
    if count <= 1:
        return {name: job() for name, job in jobs.items()}
    with ThreadPoolExecutor(max_workers=count) as pool:
        # each job runs in a copy of the caller's context, so ``cxkit.using_engine`` around the call reaches it
        futures = {name: pool.submit(contextvars.copy_context().run, job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}
