"""cxkit.compute_all: side by side gives what one after the other gives, in the jobs' order, errors included."""

from __future__ import annotations

import threading

import polars as pl
import pytest

import cxkit
from tests.conftest import SAMPLE


def test_results_are_those_of_sequential_calls_in_the_jobs_order() -> None:
    tickets = cxkit.load(SAMPLE / "tickets_zendesk.csv").frame
    answers = cxkit.load(SAMPLE / "encuestas_nps.csv").frame
    jobs = {
        "volume": lambda: cxkit.ticket_volume(tickets, every="1w"),
        "sla": lambda: cxkit.first_response(tickets, by="channel", sla_minutes=1440),
        "mix": lambda: cxkit.channel_mix(tickets),
        "nps": lambda: cxkit.nps(answers, every="1mo"),
    }
    side_by_side = cxkit.compute_all(jobs)
    assert list(side_by_side) == list(jobs)
    for name, job in jobs.items():
        expected = job()
        assert isinstance(side_by_side[name], pl.DataFrame) and side_by_side[name].equals(expected), name


def test_jobs_really_run_on_other_threads_and_one_worker_runs_inline() -> None:
    seen: list[int] = []
    barrier = threading.Barrier(2, timeout=5)  # both jobs must be running at once to get past it

    def job() -> int:
        barrier.wait()
        seen.append(threading.get_ident())
        return len(seen)

    results = cxkit.compute_all({"a": job, "b": job}, workers=2)
    assert sorted(results.values()) == [1, 2] and threading.get_ident() not in seen
    inline = cxkit.compute_all({"a": threading.get_ident}, workers=1)
    assert inline == {"a": threading.get_ident()}
    assert cxkit.compute_all({}) == {}


def test_the_first_failing_job_in_order_raises_after_all_have_ended() -> None:
    finished: list[str] = []

    def fails(message: str) -> object:
        raise ValueError(message)

    def slow_ok() -> str:
        threading.Event().wait(0.05)
        finished.append("ok")
        return "ok"

    with pytest.raises(ValueError, match="first"):
        cxkit.compute_all({"ok": slow_ok, "one": lambda: fails("first"), "two": lambda: fails("second")})
    assert finished == ["ok"]
