"""Eight sessions drawing pages at once never wedge and never mix their results (issue #21).

A served app runs every session's script in its own thread of one process. Eight visitors wedged the server:
a script thread held the GIL inside polars waiting for polars' thread pool while the pool threads ran Python
callbacks (per-cell formatting) waiting for the GIL. This test runs the code the pages run on polars: the
Overview's KPIs and highlights (cxkit metrics through ui.kpis), tables as ``ui.widgets.table`` prepares them
(translated words, numbers written per language, Arrow for Streamlit) and charts as Streamlit serialises
them (ui.charts through Streamlit's own Altair conversion), from 8 threads at once, each with its own
language, period and filter, and checks that each thread gets exactly what it gets alone.

The sessions run in a child process: a true polars/GIL deadlock stops Python in every thread of its process,
the waiting one included, so there faulthandler's watchdog (a C thread that needs no GIL) dumps every stack
and ends the child, and the test fails with those stacks instead of hanging the run. A slower hang is caught
by the wait (120 s) with the same stacks. With the per-cell ``map_elements`` of before and Streamlit's
``to_pandas``, this run wedged (polars 2.1 on 2 cores).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import faulthandler
import os
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from typing import Any

import polars as pl
import pytest
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

import cxkit
from tests.conftest import ROOT
from ui import charts, kpis, state, widgets
from ui.i18n import _, lang, language

THREADS = 8
ROUNDS = 2  # each thread draws its pages this many times, so the threads overlap whatever their speed
HANG_SECONDS = 120


@dataclass(frozen=True)
class Case:
    lang: str
    period: tuple[dt.date, dt.date]
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    sla_minutes: float


def cases(data: dict[str, pl.DataFrame]) -> list[Case]:
    """Eight sessions: both languages, different periods, some filtered by a segment of the sample."""
    bounds = state.data_range(data)
    assert bounds is not None
    first, last = bounds
    found = state.segments(data)
    filters: list[tuple[tuple[str, tuple[str, ...]], ...]] = [()]
    for key in sorted(found)[:3]:
        values = state.segment_options(data).get(key) or []
        if values:
            filters.append(((key, (str(values[0]),)),))
    assert len(filters) > 1, "the sample has segments to filter on"
    out = []
    for i in range(THREADS):
        end = last - dt.timedelta(days=20 * i)
        start = max(first, end - dt.timedelta(days=90 + 7 * i))
        out.append(Case("es" if i % 2 else "en", (start, end), filters[i % len(filters)], 240.0 + 60 * i))
    return out


def view_of(data: dict[str, pl.DataFrame], case: Case) -> state.View:
    """The View a session with these choices gets (``ui.state.view`` without reading a session)."""
    filters = {k: list(v) for k, v in case.filters}
    found = state.segments(data)
    filtered: dict[str, pl.DataFrame] = {}
    unfiltered: dict[str, list[str]] = {}
    for kind, frame in data.items():
        filtered[kind], skipped = state.apply_segments(frame, filters, kind, data, found)
        if skipped:
            unfiltered[kind] = skipped
    period = state.Period(*case.period)
    current = {k: state.in_period(k, f, period) for k, f in filtered.items()}
    previous = {k: state.in_period(k, f, period.previous()) for k, f in filtered.items()}
    return state.View(filtered, current, previous, period, "1mo", True, filters, found, unfiltered,
                      state.first_dates(data))


def shown_table(frame: pl.DataFrame) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    shown, config = widgets.prepared_table(frame)
    return shown.to_arrow().to_pylist(), config


def render(data: dict[str, pl.DataFrame], case: Case) -> dict[str, Any]:
    """What the Overview, NPS and Service pages compute for this session, as plain values."""
    out: dict[str, Any] = {}
    with language(case.lang):
        v = view_of(data, case)
        cards = [k for k in (kpis.nps_kpi(v), kpis.csat_kpi(v), kpis.churn_kpi(v)) if k is not None]
        cards += kpis.service_kpis(v, case.sla_minutes) + kpis.customer_kpis(v) + kpis.order_kpis(v)
        out["kpis"] = [(k.key, k.label, k.value, k.delta, k.help) for k in cards]
        out["highlights"] = kpis.highlights(v, case.sla_minutes)
        tickets, responses = v.all["tickets"], v.all["responses"]
        current = v.current["tickets"]
        volume = cxkit.ticket_volume(tickets, every=v.every)
        trend = cxkit.nps(responses, every=v.every)
        by_agent = cxkit.first_response(current, by="agent", sla_minutes=case.sla_minutes)
        out["tables"] = [shown_table(t) for t in (volume, trend, by_agent,
                                                  cxkit.csat(v.all["tickets"], every=v.every))]
        long = volume.select("period", "created", "solved", "backlog").unpivot(
            index="period", variable_name="measure", value_name="tickets").drop_nulls("tickets")
        figures = [
            charts.lines(long, x="period", y="tickets", color="measure", y_title=_("Tickets"),
                         period=v.period),
            charts.line_with_band(trend, x="period", y="nps", low="nps_low", high="nps_high", y_title="NPS",
                                  period=v.period),
            charts.bars(by_agent.drop_nulls("agent"), x="agent", y="median_minutes", y_title="min"),
        ]
        out["charts"] = [_convert_altair_to_vega_lite_spec(figure) for figure in figures]
        out["lang"] = lang()
    return out


def all_stacks() -> str:
    with tempfile.TemporaryFile("w+") as handle:
        faulthandler.dump_traceback(file=handle, all_threads=True)
        handle.seek(0)
        return handle.read()


def check_sessions_at_once() -> int:
    """The stress run, in a process of its own (``python -c``): 0 when every session drew alone and among
    others the same; otherwise it prints what went wrong (with every thread's stack on a hang) and returns 1."""
    sample = state.combine([(name, cxkit.load(state.SAMPLE_DIR / name)) for name in state.SAMPLE_FILES])
    sessions = cases(sample)
    alone = [render(sample, case) for case in sessions]
    if len({repr(r["kpis"]) for r in alone}) != THREADS:
        print("the eight sessions do not have eight different sets of numbers: the test would prove nothing")
        return 1
    english = [cell for r in alone if r["lang"] == "en" for rows, _ in r["tables"] for row in rows
               for cell in row.values()]
    spanish = [cell for r in alone if r["lang"] == "es" for rows, _ in r["tables"] for row in rows
               for cell in row.values()]
    # counts and shares stay numbers (written by the page's number locale); headers, euros, durations and p-values
    # are written here, in the session's language
    def labels(code: str) -> set[str]:
        return {str(c.get("label")) for r in alone if r["lang"] == code for _, config in r["tables"]
                for c in config.values() if isinstance(c, dict)}

    english_decimal = re.compile(r"\d\.\d{1,2}(?!\d)")
    if labels("es") == labels("en") or any(isinstance(c, str) and english_decimal.search(c) for c in spanish) or \
            not any(isinstance(c, str) for c in english):
        print("the tables are not written in each session's language (Spanish headers and '7,5 min' in Spanish)")
        return 1
    start = threading.Barrier(THREADS)

    def session(case: Case) -> list[dict[str, Any]]:
        start.wait(timeout=HANG_SECONDS)
        return [render(sample, case) for _ in range(ROUNDS)]

    # a true polars/GIL deadlock stops Python here too: the C watchdog dumps every stack and ends the process
    faulthandler.dump_traceback_later(HANG_SECONDS + 30, exit=True, file=sys.stderr)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="session")
    futures = [pool.submit(session, case) for case in sessions]
    _, pending = concurrent.futures.wait(futures, timeout=HANG_SECONDS)
    if pending:
        print(f"{len(pending)} of {THREADS} sessions still drawing after {HANG_SECONDS} s; every thread's stack:\n"
              f"{all_stacks()}", flush=True)
        os._exit(1)  # the hung threads cannot be joined
    faulthandler.cancel_dump_traceback_later()
    pool.shutdown()
    wrong = [case for case, future, expected in zip(sessions, futures, alone, strict=True)
             if any(got != expected for got in future.result())]
    if wrong:
        print(f"{len(wrong)} sessions drew something else among others than alone: {wrong}")
        return 1
    print(f"{THREADS} sessions x {ROUNDS} rounds at once: the same as alone")
    return 0


def test_eight_sessions_render_at_once_with_their_own_results() -> None:
    """In a child process, so that a wedge (which stops Python in every thread of its process) is reported
    here with its stacks instead of hanging the test run."""
    try:
        run = subprocess.run([sys.executable, "-X", "faulthandler", "-c",
                              "import sys; from tests.test_render_threads import check_sessions_at_once as c; "
                              "sys.exit(c())"], cwd=ROOT, capture_output=True, text=True,
                             timeout=HANG_SECONDS + 90)
    except subprocess.TimeoutExpired as hung:
        pytest.fail(f"the sessions hung and even the watchdog did not end them:\n{hung.stdout!s}\n{hung.stderr!s}")
    stacks = "\n".join(line for line in run.stderr.splitlines() if "missing ScriptRunContext" not in line)
    assert run.returncode == 0, f"exit {run.returncode}\n{run.stdout}\n{stacks[-20000:]}"
    assert "the same as alone" in run.stdout


def test_a_download_built_in_one_language_leaves_other_sessions_in_theirs() -> None:
    """``ui.i18n.language`` (a report or workspace download, built in one of Streamlit's threads) changes the
    language of its own thread only: another session drawing meanwhile keeps its own."""
    inside, release = threading.Event(), threading.Event()

    seen: list[str] = []

    def download() -> None:
        with language("es"):
            inside.set()
            release.wait(timeout=30)
            seen.append(_("Definitions"))  # the catalog of the language the download was asked in

    st.session_state["lang"] = "en"  # this session's language (bare mode: one session)
    worker = threading.Thread(target=download)
    worker.start()
    try:
        assert inside.wait(timeout=30)
        assert lang() == "en" and _("Definitions") == "Definitions"
    finally:
        release.set()
        worker.join(timeout=30)
    assert seen == ["Definiciones"]
