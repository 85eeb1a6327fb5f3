"""A synthetic Asterisk CDR file (``cdr_csv``'s ``Master.csv``: no header row, the documented field order, strings
quoted and the two second counts not, as ``cdr_csv`` writes them), generated from a seed: no real calls.

``python -m tests.asterisk_cdr`` writes ``tests/data/asterisk_master.csv``; a test checks the file is what this
writes.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from tests.conftest import DATA

EPOCH = datetime(1970, 1, 1)
PATH = DATA / "asterisk_master.csv"
QUEUES = ("600", "601", "602")
AGENTS = ("101", "102", "103", "104")
OUTCOMES = (("ANSWERED", 0.7), ("NO ANSWER", 0.18), ("BUSY", 0.07), ("FAILED", 0.05))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def records(n: int = 60, seed: int = 26, *, uniqueid: bool = True, userfield: bool = False) -> list[list[str]]:
    """``n`` call records as ``cdr_csv`` writes them (each cell as its text in the file, quotes included)."""
    rng = random.Random(seed)
    start = datetime(2026, 3, 2, 8, 30, 0)
    rows = []
    for i in range(n):
        start += timedelta(seconds=rng.randint(20, 900))
        disposition = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        ring = rng.randint(2, 40)
        talk = rng.randint(15, 900) if disposition == "ANSWERED" else 0
        answered = start + timedelta(seconds=ring) if disposition == "ANSWERED" else None
        end = start + timedelta(seconds=ring + talk)
        src = f"6{rng.randint(10_000_000, 99_999_999)}"
        queue = rng.choice(QUEUES)
        agent = rng.choice(AGENTS)
        channel = f"SIP/trunk-{2 * i:08x}"
        dstchannel = f"SIP/{agent}-{2 * i + 1:08x}" if disposition == "ANSWERED" else ""
        cells = [
            _quoted(""), _quoted(src), _quoted(queue), _quoted("ext-queues"),
            _quoted(f'"Caller {i + 1}" <{src}>'), _quoted(channel), _quoted(dstchannel), _quoted("Queue"),
            _quoted(f"{queue},t,,,300"), _quoted(f"{start:%Y-%m-%d %H:%M:%S}"),
            _quoted(f"{answered:%Y-%m-%d %H:%M:%S}" if answered else ""), _quoted(f"{end:%Y-%m-%d %H:%M:%S}"),
            str(ring + talk), str(talk), _quoted(disposition), _quoted("DOCUMENTATION"),
        ]
        if uniqueid:
            cells.append(_quoted(f"{int((start - EPOCH).total_seconds())}.{i + 1}"))
        if userfield:
            cells.append(_quoted(rng.choice(["", "vip", "callback requested"])))
        rows.append(cells)
    return rows


def text(n: int = 60, seed: int = 26, *, uniqueid: bool = True, userfield: bool = False) -> str:
    return "".join(",".join(row) + "\n" for row in records(n, seed, uniqueid=uniqueid, userfield=userfield))


if __name__ == "__main__":
    PATH.write_text(text(), encoding="utf-8")
