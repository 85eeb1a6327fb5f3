"""The hostile-input corpus (tests/hostile_cases.py): each case runs in its own process with bounded memory
and time, and ends in a LoadError with a useful message or a partial load whose rows all add up."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import polars as pl
import pytest

from tests.conftest import ROOT
from tests.hostile_cases import CASES
from ui import export

SECONDS = 60


def run(case: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "tests.hostile_runner", case], cwd=ROOT, capture_output=True,
                            text=True, timeout=SECONDS)
    assert result.returncode == 0, f"{case} crashed the reader:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stdout
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


ERRORS = {
    "empty": ("empty_file", "is empty"),
    "header_only": ("header_only", "no data rows"),
    "random_bytes": ("not_text", "does not look like a spreadsheet"),
    "text_named_xlsx": ("fake_excel", "named like an Excel file"),
    "zip_bomb": ("zip_bomb", "would expand"),
    "huge_sheet_range": ("sheet_too_large", "delete the empty rows and columns"),
    "million_empty_columns": ("too_many_columns", "1,000,002 columns"),
    "over_the_limit": ("too_large", "over the limit"),
    # small files that ask for gigabytes: refused from what they would become, before any reader expands them
    "far_cell_no_dimension": ("sheet_too_large", "17,179,869,184 cells"),
    "far_cell_late_dimension": ("sheet_too_large", "17,179,869,184 cells"),
    "far_cell_without_references": ("sheet_too_large", "cells, more than the 100,000,000"),
    "repeated_shared_string": ("too_much_text", "over the limit of 256 MB"),
    "lying_zip": ("zip_bomb", "would expand to more than 512 MB"),
    "parquet_rows": ("too_many_rows", "20,000,000 rows, more than the 5,000,000"),
}
# the cases above whose reading must stay small (MB of peak memory of the whole run, making the case included)
SMALL = {"far_cell_no_dimension": 400, "far_cell_late_dimension": 400, "far_cell_without_references": 400,
         "repeated_shared_string": 400,
         "lying_zip": 400, "parquet_rows": 400}  # each would take gigabytes if expanded


# A guard against a reader that hangs, not a speed target (those are in bench/): far above any normal reading.
HANG_SECONDS = 120


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_unusable_files_end_in_a_clear_load_error(case: str) -> None:
    result = run(case)
    code, words = ERRORS[case]
    assert result["outcome"] == "error" and result["code"] == code, result
    assert words in result["message"]
    assert result["seconds"] < HANG_SECONDS, f"{case}: the reading took {result['seconds']:.0f} s (hung?)"
    if case in SMALL:
        assert result["peak_mb"] < SMALL[case], result


# case -> (rows loaded, rows rejected, a warning that must be there)
PARTIAL = {
    "unbalanced_quotes": (9, 0, "quote that is never closed"),
    "mixed_encodings": (2, 0, "mixes text encodings"),
    "giant_cell": (2, 0, None),
    "million_empty_rows": (2, 0, "1,000,000 completely empty row(s)"),
    "error_values": (1, 5, "5 row(s) could not be loaded"),
    "extreme_dates": (3, 2, "time-zone offset"),
    "scores_out_of_range": (1, 3, "3 row(s) could not be loaded"),
    "duplicate_ids": (3, 0, "repeat an id"),
    "planted_formulas": (2, 0, "start like a spreadsheet formula"),
}


@pytest.mark.parametrize("case", sorted(PARTIAL))
def test_damaged_files_load_partially_and_count_every_row(case: str) -> None:
    result = run(case)
    rows, rejected, warning = PARTIAL[case]
    assert result["outcome"] == "loaded", result
    assert (result["rows"], result["rejected"]) == (rows, rejected), result
    assert result["rows"] + result["rejected"] == result["data_rows"]  # never silently shortened
    if warning:
        assert any(warning in w for w in result["warnings"]), result["warnings"]
    assert result["seconds"] < HANG_SECONDS, f"{case}: the reading took {result['seconds']:.0f} s (hung?)"


def test_every_case_has_an_expected_outcome() -> None:
    assert set(CASES) == set(ERRORS) | set(PARTIAL)


def test_the_giant_cell_is_kept_whole() -> None:
    assert run("giant_cell")["cell_lengths"]["comment"] == 200_000


def test_rejected_reasons_name_the_value() -> None:
    reasons = run("error_values")["reasons"]
    assert "'Puntuación' is not a valid score: 'NaN'" in reasons
    assert "'Puntuación' is not a valid score: '#¡VALOR!'" in reasons
    dates = run("extreme_dates")["reasons"]
    assert any("1900-01-01" in r for r in dates) and any("2100-06-01" in r for r in dates)


def test_planted_formulas_are_neutralised_on_export() -> None:
    import cxkit

    data, name, _ = CASES["planted_formulas"]()
    frame = cxkit.load(data, name=name).frame
    csv = export.to_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'@SUM" in csv
    assert not any(line.startswith(("=", "@", "+")) for cell in pl.read_csv(csv.encode())["comment"] for line in [cell])


def test_uploads_are_not_written_to_disk() -> None:
    """The app keeps uploads in memory: no code path of the app or cxkit writes a file."""
    import re

    sources = [*(ROOT / "cxkit").glob("*.py"), *(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]
    writes = re.compile(r"\.write_(bytes|text)\(|open\([^)]*['\"][wa]b?['\"]|\.to_csv\(['\"]|write_(csv|parquet|excel)\(['\"]")
    offenders = [str(p.relative_to(ROOT)) for p in sources if writes.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_no_user_text_is_rendered_as_html() -> None:
    """HTML is allowed once, for a fixed style sheet; user text goes through esc() into markdown."""
    import ast

    sources = [*(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]
    uses = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and any(k.arg == "unsafe_allow_html" for k in node.keywords):
                uses.append((path.name, node))
    assert len(uses) == 1, [name for name, _ in uses]
    name, call = uses[0]
    # the one use is a style sheet written as string literals in the source (here or a module constant of ui/):
    # no data can reach it
    sheet = call.args[0]
    if isinstance(sheet, ast.Attribute) and isinstance(sheet.value, ast.Name):
        module = ast.parse((ROOT / "ui" / f"{sheet.value.id}.py").read_text(encoding="utf-8"))
        sheet = next(n.value for n in module.body if isinstance(n, ast.Assign)
                     and any(isinstance(t, ast.Name) and t.id == sheet.attr for t in n.targets))
    assert isinstance(sheet, ast.Constant) and isinstance(sheet.value, str), name
    assert sheet.value.startswith("<style>") and sheet.value.endswith("</style>")
    # the built-in words' style sheet (st.html in app.py) carries translations: none can close it
    from ui import builtin_words, i18n

    with i18n.language("es"):
        real = i18n._
        try:
            i18n._ = builtin_words._ = lambda msgid, **_v: "</style><script>alert(1)</script>"  # type: ignore[assignment]
            hostile = builtin_words.style()
        finally:
            i18n._ = builtin_words._ = real  # type: ignore[assignment]
    assert hostile.count("</") == 1 and hostile.endswith("</style>") and "<script" not in hostile
    from ui.i18n import esc

    assert esc("<img src=x onerror=alert(1)>") == "\\<img src\\=x onerror\\=alert\\(1\\)\\>"
    # a word joiner after "://" keeps the bare address from being linked (see ui.i18n.esc)
    assert esc("[clic](http://malo)") == "\\[clic\\]\\(http\\:\u2060//malo\\)"
