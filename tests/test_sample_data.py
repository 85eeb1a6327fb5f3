"""The bundled sample data loads as documented, exercises real import paths, and is reproducible."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cxkit
from tests.conftest import ROOT, SAMPLE

EXPECTED = {
    "tickets_zendesk.csv": ("tickets", "zendesk"),
    "encuestas_nps.csv": ("responses", None),
    "suscripciones_stripe.csv": ("customers", "stripe"),
    "pedidos.xlsx": ("orders", None),
    "costes_equipo.csv": ("costs", None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_file_loads_cleanly(name: str) -> None:
    loaded = cxkit.load(SAMPLE / name)
    assert (loaded.kind, loaded.source) == EXPECTED[name]
    assert loaded.rejected.height == 0
    assert loaded.frame.height > 50


def test_sample_covers_a_real_tool_format_and_spanish_excel_locale() -> None:
    survey = cxkit.load(SAMPLE / "encuestas_nps.csv")
    raw = (SAMPLE / "encuestas_nps.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # cp1252, as Spanish Excel writes it
    assert raw.splitlines()[0].count(b";") >= 5
    assert any("cp1252" in w for w in survey.warnings)
    assert survey.frame["nps_score"].min() >= 0 and survey.frame["nps_score"].max() <= 10
    costs = cxkit.load(SAMPLE / "costes_equipo.csv")
    assert costs.frame["cost"].max() == 3102.0  # "3.102,00" read with a decimal comma, not as 3.102


def test_sample_stories_are_in_the_data() -> None:
    tickets = cxkit.load(SAMPLE / "tickets_zendesk.csv").frame
    months = tickets["created_at"].dt.month()
    assert (months >= 11).sum() / 2 > (months == 6).sum() * 1.3  # a Q4 peak
    new_type = tickets.filter(tickets["ticket_type"] == "Punto de recogida")
    assert new_type.height > 50 and new_type["created_at"].min().month == 10  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_readme_one_liner_works(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import cxkit; print(cxkit.load('sample_data/{name}').frame)"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "shape:" in result.stdout


def test_sample_data_is_reproducible(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path))
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--out", str(out)],
                   check=True, timeout=300)
    for name in EXPECTED:
        if name.endswith(".csv"):
            assert (out / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    assert cxkit.load(out / "pedidos.xlsx").frame.equals(cxkit.load(SAMPLE / "pedidos.xlsx").frame)
