"""Import speed: a 1M-row Spanish-Excel CSV export and a 100k-row XLSX, against pandas and openpyxl."""

from __future__ import annotations

import io
import statistics

import polars as pl

import cxkit
from bench import baselines, generate
from bench.timing import median_seconds


def run_csv(rows: int = 1_000_000) -> dict[str, object]:
    data = generate.spanish_excel_csv(generate.tickets(rows))
    loaded = cxkit.load(data, name="tickets.csv")
    assert loaded.frame.height == rows and loaded.rejected.height == 0, loaded.warnings
    ours = median_seconds(lambda: cxkit.load(data, name="tickets.csv"), repeats=5)
    pandas = median_seconds(lambda: baselines.pandas_read_spanish_csv(data), repeats=3)
    return {"name": f"cxkit.load, {rows:,}-row Spanish-Excel CSV ({len(data) / 2**20:.0f} MB, ';', cp1252, dd/mm/yyyy)",
            "seconds": ours, "baseline": "pandas read_csv + to_datetime", "baseline_seconds": pandas,
            "speedup": pandas / ours, "target": "< 1 s and ≥ 2× pandas", "met": ours < 1.0 and pandas / ours >= 2}


def run_xlsx(rows: int = 100_000) -> dict[str, object]:
    frame = generate.tickets(rows).select("ticket_id", "created_at", "status", "channel", "ticket_type", "agent",
                                          "first_response_minutes", "agent_replies")
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet="Tickets")
    data = buffer.getvalue()
    assert cxkit.load(data, name="tickets.xlsx").frame.height == rows
    ours = median_seconds(lambda: cxkit.load(data, name="tickets.xlsx"), repeats=3)
    openpyxl = median_seconds(lambda: baselines.openpyxl_read(data), repeats=1)
    return {"name": f"cxkit.load, {rows:,}-row XLSX", "seconds": ours, "baseline": "openpyxl (read-only mode)",
            "baseline_seconds": openpyxl, "speedup": openpyxl / ours, "target": "≥ 5× openpyxl",
            "met": openpyxl / ours >= 5}


def run_isolated(rows: int = 1_000_000) -> dict[str, object]:
    """The bounded worker's cost: ``load_isolated`` (fork a worker, send it the bytes, get the frames back as
    Arrow IPC) against ``load`` in this process, on the same file, alternating so both see the same machine."""
    data = generate.spanish_excel_csv(generate.tickets(rows))
    expected = cxkit.load(data, name="tickets.csv")
    got = cxkit.load_isolated(data, "tickets.csv")  # also starts the fork server, once per process
    assert got.frame.equals(expected.frame) and got.rejected.height == expected.rejected.height
    plain: list[float] = []
    isolated: list[float] = []
    for _ in range(3):
        plain.append(median_seconds(lambda: cxkit.load(data, name="tickets.csv"), repeats=1))
        isolated.append(median_seconds(lambda: cxkit.load_isolated(data, "tickets.csv"), repeats=1))
    ours, base = statistics.median(isolated), statistics.median(plain)
    overhead = ours / base - 1
    return {"name": f"load_isolated vs load, {rows:,}-row CSV ({len(data) / 2**20:.0f} MB)", "seconds": ours,
            "baseline": "cxkit.load in the same process", "baseline_seconds": base, "speedup": base / ours,
            "target": "overhead ≤ 25 %", "met": overhead <= 0.25, "note": f"overhead {overhead:+.0%}"}


def run_detection(rows: int = 1_000_000) -> dict[str, object]:
    """What import from evidence costs: profiling every column and scoring every kind and column (``_detect`` on
    the raw table), against the whole ``load`` of the same file, measured in the same run."""
    from cxkit._read import read_table
    from cxkit.load import _detect

    data = generate.spanish_excel_csv(generate.tickets(rows))
    raw = read_table(data, "tickets.csv")
    assert _detect(raw, None).kind == "tickets"
    detection = median_seconds(lambda: _detect(raw, None), repeats=5)
    whole = median_seconds(lambda: cxkit.load(data, name="tickets.csv"), repeats=3)
    share = detection / whole
    return {"name": f"Detection (profile every column, score every kind), {rows:,}-row CSV", "seconds": detection,
            "baseline": "the whole cxkit.load", "baseline_seconds": whole, "speedup": whole / detection,
            "target": "≤ 1/5 of the load", "met": share <= 0.2, "note": f"{share:.0%} of the load"}


def run() -> list[dict[str, object]]:
    return [run_csv(), run_xlsx(), run_isolated(), run_detection()]


_ = pl
