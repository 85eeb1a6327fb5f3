"""One definition of each formula, one name per concept (#22 item 6): the pages write no NPS bucket threshold
of their own (cxkit.expr.nps_group is the one definition), the pooled churn rate is cxkit.expr.pooled_churn, and
monthly churn has one name on the Overview, the Churn page and the ROI planner, in every language."""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

import cxkit.expr as cx
from tests.conftest import ROOT
from ui import scenario_table
from ui.i18n import _, language

APP = str(ROOT / "app.py")
UI_FILES = sorted([*(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"])


def _nps_comparisons(path: Path) -> list[str]:
    """Comparisons and ``is_between`` calls of an NPS score with a number: a bucket written by hand."""
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "is_between":
            parts = [node.func.value, *node.args]
        else:
            continue
        text = ast.get_source_segment(source, node) or ""
        numbers = [p for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, (int, float))
                   and not isinstance(p.value, bool)]
        if numbers and ("nps_score" in text or ("nps" in text.lower() and "score" in text.lower())):
            found.append(f"{path.name}:{node.lineno}: {text}")
    return found


def test_the_scan_finds_a_hand_written_bucket(tmp_path: Path) -> None:
    sample = tmp_path / "page.py"
    sample.write_text('import polars as pl\nx = pl.col("nps_score") >= 9\ny = pl.col("nps_score").is_between(0, 6)\n')
    assert len(_nps_comparisons(sample)) == 2


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_write_no_nps_threshold(path: Path) -> None:
    assert _nps_comparisons(path) == [], "use cxkit.expr.nps_group (the one definition of the NPS buckets)"


def test_pooled_churn_is_the_sum_of_those_lost_over_the_sum_of_those_at_the_start() -> None:
    table = pl.DataFrame({"lost_from_start": [1, 9, 0], "customers_start": [10, 90, 0]})
    assert table.select(cx.pooled_churn()).item() == pytest.approx(10 / 100)
    assert pl.DataFrame({"lost_from_start": [0], "customers_start": [0]}).select(cx.pooled_churn()).item() is None


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_monthly_churn_has_one_name_on_every_page(lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.sidebar.radio(key="lang").set_value(lang).run()
    with language(lang):
        name = _("Monthly churn")
    overview = {str(m.label): str(m.value) for m in at.metric}
    at.switch_page("views/page_churn.py").run()
    assert not at.exception, [e.value for e in at.exception]
    churn_page = {str(m.label): str(m.value) for m in at.metric}
    assert name in overview and name in churn_page
    assert overview[name] == churn_page[name]  # one pooled rate: the same value under the same name
    field = next(f for f in scenario_table.BASELINE_FIELDS if f[0] == "monthly_churn")
    with language(lang):
        assert _(field[1]) == name  # the ROI planner's input


def test_a_customers_start_has_one_name() -> None:
    """The start of a customer reads the same as a column meaning (Data page), a table header and a label."""
    from ui.i18n import COLUMN_LABELS, COLUMN_MEANINGS
    from ui.terms import HEADERS

    for lang in ("en", "es", "pt"):
        with language(lang):
            names = {_(table["acquired_at"]) for table in (COLUMN_MEANINGS, HEADERS, COLUMN_LABELS)
                     if "acquired_at" in table}
            assert names == {_("Sign-up date")}, names


def test_the_one_z_test_against_a_hand_worked_case_and_its_users() -> None:
    import math

    from cxkit.significance import compare_proportions

    z, p = cx.two_proportion_test(30, 100, 20, 100)
    se = math.sqrt(0.25 * 0.75 * (1 / 100 + 1 / 100))  # pooled share 50 / 200
    assert float(z) == pytest.approx(0.1 / se) and float(p) == pytest.approx(math.erfc(0.1 / se / math.sqrt(2)))
    assert compare_proportions(30, 100, 20, 100).p_value == pytest.approx(float(p))
    assert compare_proportions(3, 0, 2, 10).p_value is None  # no trials now: no test
    _z_many, p_many = cx.two_proportion_test([30, 0], 100, [20, 0], 100)
    assert float(p_many[0]) == pytest.approx(float(p)) and math.isnan(float(p_many[1]))  # 0 of 200: undefined
