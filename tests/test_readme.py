"""The README's Python examples run as written, so they never go stale."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int) -> None:
    result = subprocess.run([sys.executable, "-c", BLOCKS[index]], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr


def test_readme_drift_example_finds_the_sample_story() -> None:
    code = next(b for b in BLOCKS if "type_drift" in b)
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300).stdout
    assert "['Punto de recogida']" in output


def test_catalog_names_every_public_metric() -> None:
    import cxkit

    catalog = cxkit.metric_catalog()
    assert catalog["name"].n_unique() == catalog.height
    for function in catalog["function"]:
        target: object = cxkit
        for part in function.removeprefix("cxkit.").split("."):  # e.g. cxkit.roi.monthly_service_roi
            target = getattr(target, part)
        assert callable(target), function
    for column in ("definition_en", "definition_es", "formula", "source", "unit"):
        assert catalog[column].str.len_chars().min() > 5, column  # type: ignore[operator]
