"""The Streamlit app, driven with AppTest: every page on the sample data, on no data and after uploads;
filters, language, ROI edits and the numbers shown against cxkit's own results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
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
    ("customer-snapshot", DATA / "telco_snapshot.csv"),
    ("calls", DATA / "call_log.csv"),
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


def sample_view_period() -> tuple[dt.datetime, dt.datetime]:
    """The default period the app opens on: the last three months of the sample (Oct–Dec 2025)."""
    return dt.datetime(2025, 10, 1), dt.datetime(2026, 1, 1)


def test_numbers_shown_are_cxkits_own() -> None:
    at = start()
    metrics = {m.label: m.value for m in at.metric}
    start_, end = sample_view_period()
    tickets = cxkit.load(SAMPLE / "tickets_zendesk.csv").frame
    in_period = tickets.filter((pl.col("created_at") >= start_) & (pl.col("created_at") < end))
    assert metrics["Tickets"] == f"{in_period.height:,}"
    answers = cxkit.load(SAMPLE / "encuestas_nps.csv").frame
    nps = cxkit.nps(answers, start=start_, end=end)["nps"][0]
    assert metrics["NPS"] == f"{nps:,.0f}"
    fcr = cxkit.fcr(in_period)["fcr"][0]
    assert metrics["First-contact resolution"] == f"{100 * fcr:.1f}%"
    at.switch_page("pages/page_nps.py").run()
    assert {m.label: m.value for m in at.metric}["Answers"] == f"{cxkit.nps(answers, start=start_, end=end)['responses'][0]:,}"


def test_a_segment_filter_changes_what_is_shown() -> None:
    at = start()
    before = {m.label: m.value for m in at.metric}
    at.sidebar.multiselect(key="flt::channel").set_value(["Mail"]).run()
    assert not at.exception
    after = {m.label: m.value for m in at.metric}
    start_, end = sample_view_period()
    tickets = cxkit.load(SAMPLE / "tickets_zendesk.csv").frame
    mail = tickets.filter((pl.col("channel") == "Mail") & (pl.col("created_at") >= start_) & (pl.col("created_at") < end))
    assert after["Tickets"] == f"{mail.height:,}" != before["Tickets"]


def test_the_period_picker_and_language_change_what_is_shown() -> None:
    at = start()
    at.sidebar.date_input(key="period").set_value((dt.date(2025, 1, 1), dt.date(2025, 3, 31))).run()
    assert not at.exception
    tickets = cxkit.load(SAMPLE / "tickets_zendesk.csv").frame
    q1 = tickets.filter(pl.col("created_at") < dt.datetime(2025, 4, 1)).height
    assert {m.label: m.value for m in at.metric}["Tickets"] == f"{q1:,}"
    at.sidebar.radio(key="lang").set_value("es").run()
    assert at.title[0].value == "Resumen"
    assert {m.label: m.value for m in at.metric}["Tickets"] == f"{q1:,}".replace(",", ".")
    assert at.session_state["granularity"] == "1mo"  # the choice survives the language switch


def test_roi_planner_recomputes_after_an_edit() -> None:
    at = start()
    at.switch_page("pages/page_roi.py").run()
    assert not at.exception
    likely = {m.label: m.value for m in at.metric}["Likely"]
    from cxkit import roi

    scenario = roi.Scenario.from_json(at.session_state["scenario_json"])
    bigger = roi.Scenario.from_dict({**scenario.to_dict(), "horizon_months": scenario.horizon_months + 12})
    at.session_state["scenario_json"] = bigger.to_json()
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Likely"] != likely
    total = roi.evaluate(bigger).filter((pl.col("initiative") == "Total") & (pl.col("case") == "likely"))
    assert {m.label: m.value for m in at.metric}["Likely"] == f"{total['net_gain'][0]:,.0f} €"


def test_an_invalid_roi_edit_is_refused_with_a_message() -> None:
    at = start()
    at.switch_page("pages/page_roi.py").run()
    from cxkit import roi
    from ui import scenario_table

    scenario = roi.Scenario.from_json(at.session_state["scenario_json"])
    table = scenario_table.to_table(scenario)
    bad = table.with_columns(pl.when(pl.col("field") == "monthly_cost").then(-5.0).otherwise(pl.col("low")).alias("low"))
    with pytest.raises(roi.ScenarioError, match="monthly_cost"):
        scenario_table.from_table(scenario, bad)
