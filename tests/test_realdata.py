"""Real public exports (../shared/realdata beside the project's root) load with no hint and give what a correct
read gives (expected.json, computed independently from each file with pandas / plain Python)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import cxkit
from tests.conftest import DATA, ROOT

REALDATA = ROOT.parent / "shared" / "realdata"
# the first files, and those added later (kept apart until the import read them too): both are read
EXPECTED = (REALDATA / "expected.json", REALDATA / "expected_more.json")


def _expected() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    for path in EXPECTED:
        if not path.exists():
            if os.environ.get("CI"):
                raise AssertionError(f"CI must have the real exports and {path.name} at {REALDATA}")
            continue
        cases.update(json.loads(path.read_text())["files"])
    return cases


CASES = _expected()
needs_realdata = pytest.mark.skipif(not CASES, reason=f"no real exports at {REALDATA} (they live beside the project)")


@needs_realdata
@pytest.mark.parametrize("name", sorted(CASES) or ["-"])
def test_real_export_loads_right_with_no_hint(name: str) -> None:
    want = CASES[name]
    loaded = cxkit.load(REALDATA / name)
    frame = loaded.frame
    kinds = want["kind"] if isinstance(want["kind"], list) else [want["kind"]]
    assert loaded.kind in kinds, (loaded.kind, loaded.mapping)
    assert frame.height == want["rows"], (frame.height, loaded.rejected.head(3))
    assert loaded.rejected.height <= want.get("max_rejected", 0)
    for column in want.get("mapped", []):
        assert column in frame.columns and frame[column].null_count() < frame.height, (column, loaded.mapping)
    if "first_created" in want:
        column = "started_at" if "started_at" in frame.columns else "created_at"
        assert str(frame[column].min())[:16] == want["first_created"]
    if "first" in want:
        column, value = want["first"]
        assert str(frame[column].min())[:16] == value
    if "hour_count" in want:
        column = "started_at" if "started_at" in frame.columns else "created_at"
        hour, n = want["hour_count"]
        assert frame.filter(pl.col(column).dt.hour() == hour).height == n
    if "calls" in want:
        row = cxkit.call_service(frame).row(0, named=True)
        for figure, value in want["calls"].items():
            assert row[figure] == pytest.approx(value, rel=1e-3), figure
    if "done" in want:
        done = frame.filter(pl.col("status").cast(pl.String).is_in(["solved", "closed"])).height
        assert done == want["done"]
    for column, n in want.get("distinct", {}).items():
        assert frame[column].drop_nulls().n_unique() == n
    if "csat" in want:
        row = cxkit.csat(frame).row(0, named=True)
        assert (row["rated"], row["satisfied"]) == tuple(want["csat"])
    if "nps" in want:
        row = cxkit.nps(frame).row(0, named=True)
        assert (row["responses"], row["promoters"], row["detractors"]) == tuple(want["nps"])
    if "churned" in want:
        assert int(frame["churned"].sum()) == want["churned"]
    if "amount_total" in want:
        assert float(frame["amount"].sum()) == pytest.approx(want["amount_total"], abs=0.01)
    # every data row is accounted for
    rows = loaded.events.height if loaded.events is not None else loaded.lines.height if loaded.lines is not None \
        else frame.height
    assert rows + loaded.rejected.height == loaded.data_rows


def _every_file() -> list[Path]:
    files = sorted(DATA.glob("*.*"))
    if REALDATA.exists():
        files += sorted(p for p in REALDATA.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".parquet", ".txt"))
    return files


@pytest.mark.parametrize("path", _every_file(), ids=lambda p: p.name)
def test_every_known_file_loads_or_says_why(path: Path) -> None:
    """No file of tests/data or the real exports raises anything but a LoadError, with no hint and in Spanish; a
    real export whose expected reading is known must load (a LoadError there is a failure, not a reason)."""
    must_load = path.parent == REALDATA and path.name in CASES
    for lang in ("en", "es"):
        try:
            loaded = cxkit.load(path, lang=lang)  # type: ignore[arg-type]
        except cxkit.LoadError as error:
            assert not must_load, f"{path.name} must load: {error}"
            assert str(error)
            continue
        assert loaded.frame.height + loaded.rejected.height > 0


def test_real_exports_explain_what_they_decided() -> None:
    """Each mapped column carries its reason and score; the kind carries its reason and a confidence."""
    if not CASES:
        pytest.skip(f"no real exports at {REALDATA}")
    loaded = cxkit.load(REALDATA / "boston311_100.csv")
    assert loaded.kind_reason == "evidence" and 0 < loaded.kind_confidence <= 1
    created = loaded.choices["created_at"]
    assert created.header == "open_dt" and created.reason == "words" and created.value_fit == 1.0
    # a due date is never taken for the creation time, however date-like it is
    assert all(choice.header != "target_dt" for column, choice in loaded.choices.items() if column != "sla_due")
    # ONTIME / OVERDUE is the SLA outcome
    assert loaded.mapping.get("sla_breached") == "ontime"
    assert loaded.frame["sla_breached"].sum() == sum(
        1 for line in (REALDATA / "boston311_100.csv").read_text().splitlines()[1:] if ",OVERDUE," in line)
