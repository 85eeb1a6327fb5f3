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
    assert "Sample data" in captions and "Tickets: 6,347 rows" in captions
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


# ------------------------------------------------------------------------ a visitor's data is theirs only


def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> None:
    at.switch_page("pages/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(n, b, "application/octet-stream") for n, b in files]).run()
    assert not at.exception, [e.value for e in at.exception]


def _rss() -> int:
    import os

    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _tickets_csv(seed: int, rows: int = 60_000) -> bytes:
    """A distinct Freshdesk-like export of about 6 MB."""
    lines = ["Ticket ID,Subject,Status,Priority,Source,Created time,Resolved time,Agent,Group,Type"]
    lines += [f"{seed}{r},Order {(r * 7919 + seed) % 99991} late,Closed,Low,Email,2025-0{1 + r % 9}-1{r % 9} 10:00:00,"
              f"2025-0{1 + r % 9}-1{r % 9} 12:30:00,Ana {r % 7},Soporte,Question" for r in range(rows)]
    return "\n".join(lines).encode()


def _growth(cycle: object, n: int = 20) -> float:
    """RSS growth in MB over ``n`` calls of ``cycle(i)``, after three calls to warm up."""
    import gc

    for i in range(3):
        cycle(1000 + i)  # type: ignore[operator]
    gc.collect()
    start = _rss()
    for i in range(n):
        cycle(i)  # type: ignore[operator]
        gc.collect()
    return (_rss() - start) / 2**20


def test_parsed_uploads_are_freed_with_their_session() -> None:
    """20 visitors each upload a file, change what it holds, and leave: memory comes back near its start.
    The old global ``st.cache_data`` parse cache (64 entries, shared by every session) kept every parsed
    upload alive; the same measurement on it is the control."""
    from collections import OrderedDict

    import streamlit as st

    from ui.state import CACHE_KEY, Upload, read_upload, session_bytes

    def session(i: int) -> None:
        state: dict[str, object] = {"uploads": {}, CACHE_KEY: OrderedDict()}
        upload = read_upload(Upload(name=f"t{i}.csv", data=_tickets_csv(i)), "en", state[CACHE_KEY])  # type: ignore[arg-type]
        assert upload.loaded is not None and upload.loaded.frame.height == 60_000
        upload.kind = "tickets"
        read_upload(upload, "en", state[CACHE_KEY])  # type: ignore[arg-type]
        state["uploads"] = {"k": upload}
        assert session_bytes(state["uploads"], state[CACHE_KEY]) > 6 * 2**20  # type: ignore[arg-type]

    @st.cache_data(show_spinner=False, max_entries=64)
    def old_parse(data: bytes, name: str, lang: str) -> cxkit.Loaded:
        return cxkit.load(data, name=name, lang=lang)  # type: ignore[arg-type]

    def old_session(i: int) -> None:
        old_parse(_tickets_csv(10_000 + i), f"t{i}.csv", "en")

    bound = 40.0
    per_session = _growth(session)
    try:
        global_cache = _growth(old_session)
    finally:
        old_parse.clear()
    assert per_session < bound < global_cache, (per_session, global_cache)


def test_one_sessions_uploads_are_not_in_anothers_cache() -> None:
    first, second = start(), start()
    data = (DATA / "freshdesk_es.csv").read_bytes()
    _upload(first, [("secreto.csv", data)])
    _upload(second, [("otro.csv", (DATA / "typeform.csv").read_bytes())])
    digests = {key[0] for key in second.session_state["_parse_cache"]}
    import hashlib

    assert hashlib.sha256(data).hexdigest() not in digests
    assert any(key[1] == "secreto.csv" for key in first.session_state["_parse_cache"])
    captions = " ".join(c.value for c in first.sidebar.caption)
    assert "Your files in memory:" in captions and " kB of 1,536 MB" in captions


def test_an_upload_over_the_memory_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.state

    monkeypatch.setattr(ui.state, "MEMORY_BUDGET_BYTES", 100)
    at = start()
    _upload(at, [("freshdesk_es.csv", (DATA / "freshdesk_es.csv").read_bytes())])
    assert not at.session_state["uploads"]
    assert any("Not kept: freshdesk\\_es\\.csv" in e.value for e in at.error)


def test_uploads_are_received_in_memory_not_in_temp_files() -> None:
    from starlette.formparsers import MultiPartParser

    start()
    assert MultiPartParser.spool_max_size >= 200 * 2**20  # server.maxUploadSize


# ------------------------------------------------------------------------------------ workspaces in the app


def test_a_workspace_reopens_excel_and_choices_and_can_replace_or_add() -> None:
    from ui import workspace

    at = start()
    _upload(at, [("pedidos.xlsx", (SAMPLE / "pedidos.xlsx").read_bytes()),
                 ("typeform.csv", (DATA / "typeform.csv").read_bytes())])
    uploads = at.session_state["uploads"]
    assert all(u.error is None for u in uploads.values())
    zipped = workspace.build(uploads, cxkit.roi.examples()["faq_bot"].to_json())

    other = start()
    _upload(other, [("call_log.csv", (DATA / "call_log.csv").read_bytes())])
    other.radio(key="workspace_mode::en").set_value("replaces the current files").run()
    other.file_uploader(key="workspace_uploader").set_value([("ws.zip", zipped, "application/zip")]).run()
    assert not other.exception and not other.error
    names = sorted(u.name for u in other.session_state["uploads"].values())
    assert names == ["pedidos.xlsx", "typeform.csv"]
    assert all(u.loaded is not None for u in other.session_state["uploads"].values())
    assert any("Workspace opened: 2 files" in s.value for s in other.success)

    added = start()
    _upload(added, [("call_log.csv", (DATA / "call_log.csv").read_bytes())])
    added.file_uploader(key="workspace_uploader").set_value([("ws.zip", zipped, "application/zip")]).run()
    assert sorted(u.name for u in added.session_state["uploads"].values()) == ["call_log.csv", "pedidos.xlsx",
                                                                                 "typeform.csv"]


def test_a_tampered_workspace_shows_a_plain_message_in_the_users_language() -> None:
    import io
    import json
    import zipfile

    from ui import workspace

    at = start()
    _upload(at, [("typeform.csv", (DATA / "typeform.csv").read_bytes())])
    good = workspace.build(at.session_state["uploads"], None)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["version"] = "![x](http://example.invalid/a.png)"
    members["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    at.sidebar.radio(key="lang").set_value("es").run()
    at.file_uploader(key="workspace_uploader").set_value([("ws.zip", buffer.getvalue(), "application/zip")]).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("No se pudo abrir el espacio de trabajo" in e for e in errors), errors
    assert not any("](" in e or "![" in e for e in errors)  # the markdown arrives escaped


# ------------------------------------------------------------------ what each file holds, chosen by the user


def test_the_kind_chosen_for_a_file_sticks_across_reruns() -> None:
    at = start()
    _upload(at, [("hubspot_tickets.csv", (DATA / "hubspot_tickets.csv").read_bytes())])
    box = next(s for s in at.selectbox if s.label == "This file holds")
    assert box.value == "tickets"
    box.set_value("customers").run()
    for _ in range(2):
        at.run()
        assert not at.exception
        box = next(s for s in at.selectbox if s.label == "This file holds")
        assert box.value == "customers"
    upload = next(iter(at.session_state["uploads"].values()))
    assert upload.kind == "customers"
    next(s for s in at.selectbox if s.label == "This file holds").set_value("").run()  # "— choose —": detect
    assert upload.kind is None and upload.loaded is not None and upload.loaded.kind == "tickets"
    assert next(s for s in at.selectbox if s.label == "This file holds").value == "tickets"


def test_an_undetected_file_offers_the_kind_selector_and_the_mapping() -> None:
    at = start()
    data = b"alpha,beta,gamma\n2025-03-01,9,Great\n2025-03-02,3,Slow\n2025-03-03,10,Fine\n"
    _upload(at, [("mystery.csv", data)])
    upload = next(iter(at.session_state["uploads"].values()))
    assert upload.error_code == "unknown_kind"
    box = next(s for s in at.selectbox if s.label == "This file holds")
    assert box.value == ""  # "— choose —"
    box.set_value("responses").run()
    assert not at.exception
    upload = next(iter(at.session_state["uploads"].values()))
    assert upload.kind == "responses" and upload.error_code == "missing_required"
    upload.mapping = {"submitted_at": "alpha", "nps_score": "beta", "comment": "gamma"}
    at.run()
    assert upload.loaded is not None and upload.loaded.frame.height == 3
    at.switch_page("pages/page_nps.py").run()
    assert {m.label: m.value for m in at.metric}["NPS"] == "33"  # scores 9, 3, 10: (2 promoters − 1 detractor) ÷ 3


def test_several_files_of_one_kind_are_combined_with_their_source() -> None:
    at = start()
    _upload(at, [("freshdesk_es.csv", (DATA / "freshdesk_es.csv").read_bytes()),
                 ("hubspot_tickets.csv", (DATA / "hubspot_tickets.csv").read_bytes())])
    tickets = at.session_state["_view"].all["tickets"]
    assert set(tickets["source_file"].unique()) == {"freshdesk_es.csv", "hubspot_tickets.csv"}
    assert any("come from 2 files" in i.value and "different tools" in i.value for i in at.info)
    assert at.sidebar.multiselect(key="flt::source_file").label == "Source file"
    key = next(k for k, u in at.session_state["uploads"].items() if u.name == "hubspot_tickets.csv")
    at.checkbox(key=f"use::{key}").uncheck().run()
    tickets = at.session_state["_view"].all["tickets"]
    assert "source_file" not in tickets.columns
    assert tickets.height == cxkit.load(DATA / "freshdesk_es.csv").frame.height


def test_the_mapping_editor_speaks_the_users_language() -> None:
    from ui.i18n import COLUMN_MEANINGS

    assert {c for spec in cxkit.SCHEMAS.values() for c in spec} <= set(COLUMN_MEANINGS)
    at = start()
    at.sidebar.radio(key="lang").set_value("es").run()
    _upload(at, [("typeform.csv", (DATA / "typeform.csv").read_bytes())])
    meanings = at.dataframe[0].value["meaning"].to_list()  # the mapping editor comes first
    assert "Nota NPS: probabilidad de recomendar, de 0 a 10" in meanings
    assert "nps_score" not in meanings


def test_the_user_says_what_an_unknown_status_means_and_it_counts() -> None:
    at = start()
    data = (b"Ticket ID,Created at,Status\n1,2025-01-01 10:00,Escalated to L2\n2,2025-01-02 10:00,Closed\n"
            b"3,2025-01-03 10:00,Escalated to L2\n")
    _upload(at, [("escalated.csv", data)])
    upload = next(iter(at.session_state["uploads"].values()))
    assert upload.loaded is not None and upload.loaded.frame["status"].null_count() == 2
    assert any("could be" not in w.value and "Escalated to L2" in w.value for w in at.warning)
    box = next(s for s in at.selectbox if s.label == "Escalated to L2")
    assert box.value == ""  # unknown: counted as neither open nor solved
    box.set_value("on_hold").run()
    assert not at.exception
    assert upload.labels == {"status": {"Escalated to L2": "on_hold"}}
    assert upload.loaded.frame["status"].to_list() == ["on_hold", "closed", "on_hold"]
    # the choice stays across reruns and is offered back to be changed
    at.run()
    assert next(s for s in at.selectbox if s.label == "Escalated to L2").value == "on_hold"


def test_the_mapping_says_why_each_column_was_taken() -> None:
    at = start()
    _upload(at, [("hubspot_tickets.csv", (DATA / "hubspot_tickets.csv").read_bytes())])
    from ui.mapping import why as explain  # the editor's frame is not exposed by AppTest: check what fills it

    upload = next(iter(at.session_state["uploads"].values()))
    assert upload.loaded is not None
    why = {c: explain(c, upload.loaded.choices, upload.mapping) for c in upload.loaded.mapping}
    assert all(text and "%" in text for text in why.values()), why
    assert any(text.startswith("a header this kind of export uses") for text in why.values())
