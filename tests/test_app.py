"""The Streamlit app, driven with AppTest: every page on the sample data, on no data and after uploads;
filters, language, ROI edits and the numbers shown against cxkit's own results."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import cxkit
from tests.conftest import DATA, ROOT, SAMPLE

APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "pages").glob("page_*.py"))


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit_all(at: AppTest) -> None:
    for page in PAGES:
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, (page, [e.value for e in at.exception])


def test_app_opens_on_the_overview_of_the_sample_data() -> None:
    at = start()
    assert at.title[0].value == "Overview"
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Sample data" in captions and "Tickets: 4,367 rows" in captions
    assert {m.label for m in at.metric} >= {"NPS", "CSAT", "Monthly churn", "Tickets", "SLA breach rate"}
    assert any("Punto de recogida" in m.value for m in at.markdown)  # the sample's story is found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_renders_on_the_sample_data(lang: str) -> None:
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    visit_all(at)


def test_every_page_renders_with_no_data() -> None:
    at = start()
    at.sidebar.toggle(key="use_sample").set_value(False).run()
    assert not at.exception
    visit_all(at)
    at.switch_page("pages/page_overview.py").run()
    assert any("No data yet" in w.value for w in at.warning)


UPLOADS = [
    ("tickets", DATA / "freshdesk_es.csv"),
    ("responses", DATA / "qualtrics.csv"),
    ("customers", DATA / "stripe_subscriptions.csv"),
    ("orders", SAMPLE / "pedidos.xlsx"),
    ("costs", SAMPLE / "costes_equipo.csv"),
]


@pytest.mark.parametrize(("kind", "path"), UPLOADS, ids=[k for k, _ in UPLOADS])
def test_upload_each_kind_then_every_page(kind: str, path: Path) -> None:
    at = start()
    at.switch_page("pages/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(path.name, path.read_bytes(), "application/octet-stream")]).run()
    assert not at.exception
    assert at.session_state["use_sample"] is False
    expected = cxkit.load(path)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows loaded"] == f"{expected.frame.height:,}"
    assert metrics["Rows rejected"] == f"{expected.rejected.height:,}"
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert f": {expected.frame.height:,} rows" in captions
    visit_all(at)


def test_a_bad_file_shows_a_message_and_the_rest_keeps_working() -> None:
    at = start()
    at.switch_page("pages/page_data.py").run()
    good = (DATA / "typeform.csv").read_bytes()
    at.file_uploader(key="uploader").set_value([("notes.xlsx", b"just text, not excel", "text/plain"),
                                                 ("typeform.csv", good, "text/csv")]).run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # the message is escaped for markdown
    assert any("notes.xlsx" in e and "not one" in e for e in errors)
    at.switch_page("pages/page_nps.py").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["NPS"] == "0"  # scores 10, 6, 8: one promoter, one detractor
