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
from tests.page_walk import PAGES, walk

APP = str(ROOT / "app.py")


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def headers_of(path_or_bytes: Path | bytes, name: str = "") -> list[str]:
    """The file's own headers (shown as the user wrote them; not the app's words)."""
    try:
        return list(cxkit.load(path_or_bytes, name=name or None).headers)
    except cxkit.LoadError:
        return []


def test_no_pages_folder_next_to_app_py() -> None:
    """A pages/ folder next to app.py makes Streamlit 1.67 emulate its old page discovery on the first run
    after `streamlit run app.py`: a first deep link meets "Page not found" and the first navigation click
    loses the sidebar's choices. The app's pages live in views/."""
    assert not (ROOT / "pages").exists(), "move the page files into views/ (see app.py)"
    assert {p.name for p in (ROOT / "views").glob("page_*.py")} >= {"page_overview.py", "page_data.py"}


def test_app_opens_on_the_overview_of_the_sample_data() -> None:
    at = start()
    assert at.title[0].value == "Overview"
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Sample data" in captions and "Tickets: 6,347 rows" in captions
    assert {m.label for m in at.metric} >= {"NPS", "CSAT", "Monthly churn", "Tickets", "SLA breach rate"}
    assert any("Punto de recogida" in m.value for m in at.markdown)  # the sample's story is found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_on_the_sample_data_shows_its_content_in_the_language(lang: str) -> None:
    """The sample walk: each page's title, content and no raw name; in Spanish every word the app writes is
    Spanish (the catalog's column and category words included: ``raw_words``)."""
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    readings = walk(at, lang, strict_language=True)
    assert all(readings[p].shows for p in PAGES if p not in ("page_data.py", "page_definitions.py")), \
        "on the sample data every analysis page shows KPIs, tables or charts"
    if lang == "es":
        untranslated = sorted({(r.page, where, word) for r in readings.values() for where, text in r.texts
                               for word in raw_words(where, text)})
        assert untranslated == [], untranslated


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_every_page_with_no_data_says_what_it_needs(lang: str) -> None:
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.sidebar.toggle(key="use_sample").set_value(False).run()
    assert not at.exception
    walk(at, lang)
    at.switch_page("views/page_overview.py").run()
    expected = {"en": "No data yet", "es": "Aún no hay datos", "pt": "Ainda não há dados"}[lang]
    assert any(expected in w.value for w in at.warning), \
        [w.value for w in at.warning]


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
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(path.name, path.read_bytes(), "application/octet-stream")]).run()
    assert not at.exception
    assert at.session_state["use_sample"] is False
    expected = cxkit.load(path)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows loaded"] == f"{expected.frame.height:,}"
    assert metrics["Rows rejected"] == f"{expected.rejected.height:,}"
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert f": {expected.frame.height:,} rows" in captions
    walk(at, "en", own=expected.headers)


REALDATA = ROOT.parent / "shared" / "realdata"
EVERY_FILE = sorted(DATA.glob("*.csv")) + sorted(p for p in REALDATA.glob("*") if p.suffix in {".csv", ".xlsx"})


# One walk per (file, language): the real exports in Spanish (the language most of their users read, and the
# strictest for raw names), the project's tool exports alternately in English and Spanish.
FILE_WALKS = [(p, "es" if p.parent == REALDATA or i % 2 else "en") for i, p in enumerate(EVERY_FILE)]


def upload_then_walk(path_name: str, data: bytes, lang: str = "en") -> AppTest:
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(path_name, data, "application/octet-stream")]).run()
    assert not at.exception, (path_name, [e.value for e in at.exception])
    walk(at, lang, own=headers_of(data, path_name))
    return at


@pytest.mark.parametrize(("path", "lang"), FILE_WALKS, ids=[f"{p.parent.name}/{p.name}-{lang}" for p, lang in FILE_WALKS])
def test_every_page_shows_its_content_after_uploading_each_file_on_its_own(path: Path, lang: str) -> None:
    upload_then_walk(path.name, path.read_bytes(), lang)


@pytest.mark.parametrize(("name", "data"), [("notes.xlsx", b"just text, not excel"), ("empty.csv", b""),
                                            ("headers_only.csv", b"ticket_id,created_at,agent\n"),
                                            ("binary.csv", bytes(range(256)) * 40)],
                         ids=["fake-xlsx", "empty", "headers-only", "binary"])
def test_every_page_without_a_traceback_after_a_bad_file(name: str, data: bytes) -> None:
    upload_then_walk(name, data)


def test_the_team_page_with_agents_but_no_first_response_time() -> None:
    csv = ("ticket_id,created_at,agent,status\n" + "".join(
        f"{i},2025-0{1 + i % 6}-1{i % 9} 10:00,{'Ana' if i % 2 else 'Luis'},solved\n" for i in range(40))).encode()
    at = start()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([("agents.csv", csv, "text/csv")]).run()
    at.switch_page("views/page_team.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[0].value
    assert set(shown["agent"]) == {"Ana", "Luis"} and "median_first_response_minutes" not in shown.columns


def test_churn_curves_by_plan_on_the_sample() -> None:
    at = start()
    at.switch_page("views/page_churn.py").run()
    curves = next((s for s in at.selectbox if s.label == "Curves for"), None)
    assert curves is not None and "Plan" in curves.options, [(s.label, s.options) for s in at.selectbox]
    plans = set(cxkit.load(SAMPLE / "suscripciones_stripe.csv").frame["plan"].drop_nulls().cast(pl.String))
    assert len(plans) > 1

    def curve_words() -> set[str]:
        """The words in the data of the retention-by-tenure chart."""
        import json

        found = [texts for spec, texts in zip(_specs(at), _chart_texts(at), strict=True)
                 if '"tenure"' in json.dumps(spec)]
        assert len(found) == 1, "one retention-by-tenure chart"
        return found[0]

    assert not plans <= curve_words(), "the curves were split by plan before choosing it"
    curves.select("Plan").run()
    assert not at.exception, [e.value for e in at.exception]
    assert plans <= curve_words(), "choosing 'Plan' draws no curve for each plan"


def test_a_bad_file_shows_a_message_and_the_rest_keeps_working() -> None:
    at = start()
    at.switch_page("views/page_data.py").run()
    good = (DATA / "typeform.csv").read_bytes()
    at.file_uploader(key="uploader").set_value([("notes.xlsx", b"just text, not excel", "text/plain"),
                                                 ("typeform.csv", good, "text/csv")]).run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # the message is escaped for markdown
    assert any("notes.xlsx" in e and "not one" in e for e in errors)
    at.switch_page("views/page_nps.py").run()
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
    assert metrics["NPS"] == f"{round(nps):,}"  # a whole number of points; -0.4 shows as 0, not -0
    fcr = cxkit.fcr(in_period)["fcr"][0]
    assert metrics["First-contact resolution"] == f"{100 * fcr:.1f}%"
    at.switch_page("views/page_nps.py").run()
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
    at.switch_page("views/page_roi.py").run()
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
    """A negative monthly cost typed on an initiative's card is not applied: the plan stays as it was and the
    card says why, in the user's words (the input's label, not the field's code), in both languages."""
    for lang, words in (("en", "Not applied yet"), ("es", "Aún no aplicado")):
        at = start()
        at.sidebar.radio(key="lang").set_value(lang).run()
        at.switch_page("views/page_roi.py").run()
        before = at.session_state["scenario_json"]
        for case in ("worst", "likely", "best"):
            next(n for n in at.text_input if n.key and f"::i0::monthly_cost::{case}::" in n.key).set_value("-5")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.session_state["scenario_json"] == before, "an invalid value was applied to the plan"
        shown = [m.value.replace("\\", "") for m in [*at.warning, *at.error, *at.info] if words in m.value]
        assert len(shown) == 1 and "-5" in shown[0] and "monthly_cost" not in shown[0], shown


# ------------------------------------------------------------------------ a visitor's data is theirs only


def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> None:
    at.switch_page("views/page_data.py").run()
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
    at.switch_page("views/page_nps.py").run()
    assert {m.label: m.value for m in at.metric}["NPS"] == "33"  # scores 9, 3, 10: (2 promoters − 1 detractor) ÷ 3


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_kind_decided_on_weak_evidence_is_put_to_the_user_with_the_two_best_choices(lang: str) -> None:
    """cxkit reads the handmade file as survey answers with tickets a close second: the Data page asks, with both
    kinds one click away, and the click decides (issue 26: never silently wrong)."""
    from cxkit.decisions import unsure
    from ui.i18n import kind_name, language

    path = DATA / "handmade_en.csv"
    decision = cxkit.load(path).decisions["kind"]
    assert unsure(decision) and decision.runner_up is not None
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    _upload(at, [(path.name, path.read_bytes())])
    question = "not sure what this file holds" if lang == "en" else "no está seguro de qué contiene"
    assert any(question in w.value for w in at.warning), [w.value for w in at.warning]
    with language(lang):
        expected = [kind_name(decision.choice), kind_name(decision.runner_up)]
    buttons = [b for b in at.button if b.label in expected]
    assert [b.label for b in buttons] == expected
    buttons[1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    upload = next(iter(at.session_state["uploads"].values()))
    assert upload.kind == decision.runner_up and upload.loaded is not None and upload.loaded.kind == decision.runner_up
    assert not any(question in w.value for w in at.warning), "asked again after the user answered"


def test_several_files_of_one_kind_are_combined_with_their_source() -> None:
    at = start()
    _upload(at, [("freshdesk_es.csv", (DATA / "freshdesk_es.csv").read_bytes()),
                 ("hubspot_tickets.csv", (DATA / "hubspot_tickets.csv").read_bytes())])
    tickets = at.session_state["_view"].all["tickets"]
    assert set(tickets["source_file"].unique()) == {"freshdesk_es.csv", "hubspot_tickets.csv"}
    assert any("come from 2 files" in i.value and "different tools" in i.value for i in at.info)
    assert at.sidebar.multiselect(key="flt::source file").label == "Source file"
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


def test_a_region_filter_changes_every_kpi_and_is_shown_at_the_top() -> None:
    at = start()
    before = {m.label: m.value for m in at.metric}
    at.sidebar.multiselect(key="flt::region").set_value(["Islas"]).run()
    assert not at.exception, [e.value for e in at.exception]
    after = {m.label: m.value for m in at.metric}
    for label in ("NPS", "CSAT", "Monthly churn", "Tickets", "SLA breach rate", "First-contact resolution"):
        assert after[label] != before[label], (label, before[label])
    start_, end = sample_view_period()
    tickets = cxkit.load(SAMPLE / "tickets_zendesk.csv").frame
    islas = tickets.filter((pl.col("Region [list]") == "Islas") & (pl.col("created_at") >= start_)
                           & (pl.col("created_at") < end))
    assert after["Tickets"] == f"{islas.height:,}"
    top = " ".join(c.value for c in at.main.caption)
    assert "Region: Islas" in top and "compared with" in top
    assert "Region does not apply to costs" in top
    at.switch_page("views/page_team.py").run()  # sales and tickets of the same segment
    assert not at.exception
    assert "Region: Islas" in " ".join(c.value for c in at.main.caption)


def test_the_filter_list_has_one_entry_per_meaning_and_no_internal_or_free_text_columns() -> None:
    at = start()
    labels = [m.label for m in at.sidebar.multiselect]
    assert len(labels) == len(set(labels)), labels
    assert {"Region", "Channel", "Plan", "Agent"} <= set(labels)
    for unwanted in ("Canal", "Región", "Region [list]", "region (metadata)", "kind", "item", "emotion", "status",
                     "Subject", "Requester", "Created (UTC)", "Canceled At (UTC)", "Ticket type",
                     "Cancellation Reason", "Cancellation reason"):  # only departing customers fill it
        assert unwanted not in labels, unwanted


def test_no_comparison_with_a_previous_period_before_the_data_begins() -> None:
    at = start()
    at.sidebar.date_input(key="period").set_value((dt.date(2025, 1, 1), dt.date(2025, 3, 31))).run()
    assert not at.exception
    cards = {m.label: m for m in at.metric}
    assert cards["Tickets"].delta in (None, "")
    top = " ".join(c.value for c in at.main.caption)
    assert "no comparison" in top or "(not tickets" in top, top


# Every page, the ROI planner and Definitions included (cxkit's catalog and the ROI examples have Spanish texts;
# ROI errors and baseline notes are codes the interface words): read in the sample walk above.
def raw_words(where: str, text: str, lang: str = "es") -> list[str]:
    """Words a person should not meet in the Spanish (or Portuguese: ``lang``) interface: cxkit's column names and
    category words as they are in code (``p_value``, ``customers_start``, ``promoters``, ``backlog``), snake_case,
    and English sentences (``english_words``: "values must be in order", "taken from the data", an example's
    English name)."""
    from tests.spanish_walk import SNAKE, english_words
    from ui.i18n import _, language
    from ui.terms import HEADERS, VALUES

    if where in ("markdown", "caption", "info", "warning", "title", "header", "subheader"):
        import re
        code_free = re.sub(r"`[^`]*`", " ", text)
        return [w for w in re.findall(r"(?<![`\w])[a-z0-9]+(?:_[a-z0-9]+)+(?![`\w])", code_free)] + english_words(text)
    found = [] if where.startswith(("multiselect", "radio option")) else english_words(text)
    stripped = text.strip()
    if SNAKE.match(stripped):
        found.append(stripped)
    for catalog in (HEADERS, VALUES):
        if stripped in catalog:
            with language(lang):
                if _(catalog[stripped]) != stripped:
                    found.append(stripped)
    return found


def test_the_view_is_kept_in_the_address_and_read_back_from_it() -> None:
    at = start()
    at.sidebar.radio(key="lang").set_value("es").run()
    at.sidebar.multiselect(key="flt::region").set_value(["Islas"]).run()
    at.sidebar.date_input(key="period").set_value((dt.date(2025, 4, 1), dt.date(2025, 6, 30))).run()
    params = {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    assert params["lang"] == ["es"] and params["f.region"] == ["Islas"]
    assert params["from"] == ["2025-04-01"] and params["to"] == ["2025-06-30"]
    shown = {m.label: m.value for m in at.metric}

    reloaded = AppTest.from_file(APP, default_timeout=180)
    for key, values in params.items():
        reloaded.query_params[key] = values
    reloaded.run()
    assert not reloaded.exception
    assert reloaded.title[0].value == "Resumen"
    assert reloaded.session_state["flt::region"] == ["Islas"]
    assert reloaded.session_state["period"] == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert {m.label: m.value for m in reloaded.metric} == shown


def _reload(at: AppTest) -> AppTest:
    """A new session opened on the address the old one left in the browser (what a reload does)."""
    params = {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    reloaded = AppTest.from_file(APP, default_timeout=180)
    for key, values in params.items():
        reloaded.query_params[key] = values
    reloaded.run()
    assert not reloaded.exception, [e.value for e in reloaded.exception]
    return reloaded


def test_a_reload_keeps_the_roi_plan_being_edited() -> None:
    from cxkit import roi

    at = start()
    at.switch_page("views/page_roi.py").run()
    import dataclasses

    plan = dataclasses.replace(roi.Scenario.from_json(at.session_state["scenario_json"]), name="Plan de prueba 7")
    at.session_state["scenario_json"] = plan.to_json()
    at.run()
    assert "plan" in at.query_params
    reloaded = _reload(at)
    assert roi.Scenario.from_json(reloaded.session_state["scenario_json"]).name == "Plan de prueba 7"
    reloaded.switch_page("views/page_roi.py").run()
    assert not reloaded.exception
    assert "Plan de prueba 7" in [h.value for h in reloaded.subheader]


def test_a_plan_in_the_address_is_read_within_bounds() -> None:
    import base64
    import zlib

    from cxkit import roi
    from ui.urlstate import PLAN_MAX_BYTES, PLAN_MAX_CHARS, decode_plan, encode_plan

    text = roi.examples()["faq_bot"].to_json()
    assert decode_plan(encode_plan(text)) == text
    bomb = base64.urlsafe_b64encode(zlib.compress(b" " * (PLAN_MAX_BYTES * 40), 9)).decode()
    assert len(bomb) < PLAN_MAX_CHARS  # small in the address, too large once inflated
    assert decode_plan(bomb) is None
    assert decode_plan("A" * (PLAN_MAX_CHARS + 1)) is None
    assert decode_plan("not base64 !!") is None
    assert decode_plan(encode_plan('{"name": "x"}')) is None  # not a valid scenario
    assert decode_plan(encode_plan(text)[:-8]) is None  # cut short
    assert decode_plan("") is None


def test_a_shared_link_tells_its_recipient_what_the_sender_had() -> None:
    """A link (or a reload: the app cannot tell them apart) that counted files and kept plans this session does not
    hold: the recipient reads what the link's maker had and what to do — never "your files were cleared"."""
    from cxkit import roi

    at = start()
    at.sidebar.radio(key="lang").set_value("es").run()
    at.switch_page("views/page_data.py").run()
    files = [(DATA / name) for name in ("freshdesk_es.csv", "typeform.csv")]
    at.file_uploader(key="uploader").set_value([(f.name, f.read_bytes(), "text/csv") for f in files]).run()
    assert not at.exception
    at.session_state["roi_plans"] = {n: roi.examples()[n].to_json() for n in ("faq_bot", "tienda_verde_plan")}
    at.run()
    assert at.query_params["files"] in ("2", ["2"]) and at.query_params["plans"] in ("2", ["2"])
    assert not any("enlace" in w.value for w in at.warning)
    reloaded = _reload(at)
    notice = [w.value for w in reloaded.warning if "Quien hizo este enlace" in w.value]
    assert len(notice) == 1, [w.value for w in reloaded.warning]
    assert "había subido 2 archivos y guardado 2 planes de ROI para comparar" in notice[0], notice
    assert "borr" not in notice[0] and "sus archivos" not in notice[0].split(".")[0]  # not "your files were cleared"
    assert "Suba sus propios archivos" in notice[0]
    assert "files" in reloaded.query_params  # a second reload still says it
    reloaded.button(key="cleared_close").click().run()
    assert not any("Quien hizo este enlace" in w.value for w in reloaded.warning)
    assert "files" not in reloaded.query_params


def test_a_link_with_unknown_values_opens_the_default_view() -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update({"lang": ["fr"], "f.region": ["Atlantis"], "every": ["1y"], "from": ["nonsense"]})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value in ("Overview", "Resumen")


@pytest.mark.parametrize(("path", "labels"), [
    (DATA / "stripe_subscriptions.csv", {"Customers at the end", "Monthly churn"}),
    (DATA / "telco_snapshot.csv", {"Customers lost"}),
    (SAMPLE / "pedidos.xlsx", {"Orders", "Revenue", "Average order"}),
    (DATA / "shopify_orders.csv", {"Orders", "Revenue"}),
], ids=["customers", "customer-snapshot", "orders", "shopify-orders"])
def test_the_overview_has_numbers_with_only_customers_or_only_orders(path: Path, labels: set[str]) -> None:
    at = start()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(path.name, path.read_bytes(), "application/octet-stream")]).run()
    at.switch_page("views/page_overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label for m in at.metric}
    assert labels <= shown, shown


def _specs(at: AppTest) -> list[dict[str, object]]:
    import json
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _chart_texts(at: AppTest) -> list[set[str]]:
    """The words in each chart's data (Streamlit sends a chart's rows as Arrow beside its spec)."""
    import pyarrow as pa

    texts = []
    for chart in at.get("vega_lite_chart"):
        words: set[str] = set()
        for blob in [chart.proto.data.data, *(d.data.data for d in chart.proto.datasets)]:
            if blob:
                frame = pl.from_arrow(pa.ipc.open_stream(blob).read_all())
                assert isinstance(frame, pl.DataFrame)
                for name, dtype in frame.schema.items():
                    if dtype == pl.String or isinstance(dtype, pl.Categorical):
                        words |= set(frame[name].cast(pl.String).drop_nulls().to_list())
        texts.append(words)
    return texts


def test_charts_sorted_with_currency_and_dated_axes() -> None:
    import json

    at = start()
    at.sidebar.radio(key="lang").set_value("es").run()
    at.switch_page("views/page_team.py").run()
    assert not at.exception
    specs = _specs(at)
    sales = next(s for s in specs if json.dumps(s).count('"agent"') and '"sort": [' in json.dumps(s))
    encoding = sales["encoding"]  # type: ignore[index]
    order = encoding["y"]["sort"]  # type: ignore[index]
    orders = cxkit.load(SAMPLE / "pedidos.xlsx").frame
    start_, end = sample_view_period()
    totals = cxkit.agent_sales(orders, every=None, start=start_, end=end)
    totals = totals.with_columns((pl.col("upsell_revenue") + pl.col("cross_sell_revenue")
                                  + pl.col("save_the_sale_revenue")).alias("t")).sort("t", descending=True)
    assert order == [str(a) for a in totals["agent"].to_list()]
    assert encoding["x"]["axis"]["format"] == "$,.0f"  # type: ignore[index]
    assert sales["config"]["locale"]["number"]["currency"] == ["", " €"]  # type: ignore[index]
    at.switch_page("views/page_drift.py").run()
    assert not at.exception
    specs = _specs(at)
    assert all(s["config"]["axisTemporal"]["format"] == "%b %Y" for s in specs)  # type: ignore[index]
    counts = [s for s in specs if '"count"' in json.dumps(s.get("layer", s))]
    assert counts, "the drift page charts the counts of each kind over time"


def test_nps_and_drift_pages_do_not_compare_with_days_before_the_data() -> None:
    at = start()
    at.sidebar.date_input(key="period").set_value((dt.date(2025, 1, 1), dt.date(2025, 3, 31))).run()
    for page in ("page_nps.py", "page_drift.py"):
        at.switch_page(f"views/{page}").run()
        assert not at.exception
        assert any("No comparison" in i.value for i in at.info), page


def test_no_table_shows_an_empty_cell_as_none() -> None:
    """Streamlit writes a missing value as "None"; the tables write a dash (the downloads keep the empty cell)."""
    at = start()
    seen = 0
    for page in PAGES:
        at.switch_page(f"views/{page}").run()
        for frame in at.dataframe:
            shown = frame.value
            seen += len(shown)
            empty = {str(c): int(shown[c].isna().sum()) for c in shown.columns if shown[c].isna().any()}
            assert empty == {}, (page, empty)
    assert seen > 0


def test_a_reload_keeps_the_pages_own_choices_and_ignores_values_out_of_bounds() -> None:
    at = start()
    at.switch_page("views/page_service.py").run()
    at.slider(key="repeat_window").set_value(14).run()
    at.switch_page("views/page_nps.py").run()
    segments = at.selectbox(key="nps_segment").options
    assert len(segments) > 1
    at.selectbox(key="nps_segment").set_value(at.selectbox(key="nps_segment").options[-1]).run()
    chosen = at.session_state["nps_segment"]
    assert at.query_params["c.repeat_window"] in ("14", ["14"])
    at.switch_page("views/page_service.py").run()  # back on the page in the same session: as it was left
    assert at.slider(key="repeat_window").value == 14
    reloaded = _reload(at)
    reloaded.switch_page("views/page_service.py").run()
    assert reloaded.slider(key="repeat_window").value == 14
    reloaded.switch_page("views/page_nps.py").run()
    assert reloaded.session_state["nps_segment"] == chosen

    odd = AppTest.from_file(APP, default_timeout=180)
    odd.query_params.update({"c.repeat_window": ["999"], "c.nps_segment": ["no such column"], "sla": ["-5"],
                             "c.beyond_handle": ["abc"]})
    odd.run()
    for page in ("page_service.py", "page_nps.py", "page_beyond.py"):
        odd.switch_page(f"views/{page}").run()
        assert not odd.exception, (page, [e.value for e in odd.exception])
    odd.switch_page("views/page_service.py").run()
    assert odd.slider(key="repeat_window").value == 7
    assert odd.session_state["sla_minutes"] == 24 * 60


def test_the_first_reply_target_travels_in_the_address() -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["sla"] = ["120"]
    at.run()
    assert not at.exception
    assert at.session_state["sla_minutes"] == 120.0
    assert at.query_params["sla"] in ("120", ["120"])
    assert at.session_state["_context"].sla_minutes == 120.0  # what every page is handed


def test_pages_take_the_view_and_settings_from_the_page_context() -> None:
    """One place reads the run's view, language, first-reply target and projector mode (ui.context); a page
    reading them from the session again could disagree with it (each with its own default)."""
    pages = sorted(Path(APP).parent.joinpath("views").glob("page_*.py"))
    assert len(pages) >= 9
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for raw in ('session_state["_view"]', 'session_state.get("sla_minutes"', 'session_state.get("large_fonts"',
                    'session_state.get("granularity"'):
            assert raw not in text, (page.name, raw)


def test_the_roi_example_follows_the_language_and_a_bad_scenario_file_is_explained_in_it() -> None:
    import json

    from cxkit import roi
    from tests.spanish_walk import english_words

    at = start()
    at.switch_page("views/page_roi.py").run()
    assert roi.examples("en")["tienda_verde_plan"].name in [h.value.replace("\\", "") for h in at.subheader]
    at.sidebar.radio(key="lang").set_value("es").run()
    assert not at.exception
    assert roi.examples("es")["tienda_verde_plan"].name in [h.value.replace("\\", "") for h in at.subheader]
    bad = roi.examples("es")["faq_bot"].to_dict()
    bad["initiatives"][0]["monthly_cost"] = {"low": 300, "likely": 100, "high": 50}
    at.file_uploader(key="scenario_upload").set_value(("plan.json", json.dumps(bad).encode(), "application/json"))
    at.run()
    errors = [e.value for e in at.error]
    assert any("No se pudo abrir el escenario" in e and "bajo ≤ probable ≤ alto" in e for e in errors), errors
    assert all(english_words(e) == [] for e in errors), errors


def test_the_roi_planner_opens_on_real_exports_whose_data_gives_an_input_no_scale() -> None:
    """Found by the Portuguese browser walk (#22): two ticket exports, a subscriptions file and an orders file
    give a template input a scale of 0 (nothing in the data to rescale it by); the break-even sentence divided
    by it (ZeroDivisionError on the ROI page). It now shows the value as the input cards do."""
    from tests.test_realdata import REALDATA

    names = ["freshdesk_export.csv", "codeflix_subscriptions.csv", "online_retail_uci_sample20k.csv",
             "kc311_potholes.xlsx"]
    if not all((REALDATA / n).exists() for n in names):
        pytest.skip(f"the real exports are not at {REALDATA} (they live beside the project)")
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.sidebar.radio(key="lang").set_value("pt").run()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value(
        [(n, (REALDATA / n).read_bytes(), "application/octet-stream") for n in names]).run()
    at.switch_page("views/page_roi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("likely" in m.value or "provável" in m.value for m in at.markdown), "the break-even sentence is shown"


def test_tickets_without_a_kind_are_named_in_the_users_language_on_the_drift_page() -> None:
    """cxkit counts tickets with no kind as "(none)"; the drift page's charts and sentences say it in Portuguese
    (found by the Portuguese browser walk on a Freshdesk export with blank types)."""
    from tests.spanish_walk import texts

    rows = ["Ticket ID,Created time,Type,Status"]
    rows += [f"{i},2025-{1 + i % 6:02d}-{1 + i % 27:02d} 10:00,{'' if i % 4 == 0 else ['Refund', 'Bug'][i % 2]},Closed"
             for i in range(1, 121)]
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.sidebar.radio(key="lang").set_value("pt").run()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([("tickets.csv", "\n".join(rows).encode(), "text/csv")]).run()
    at.switch_page("views/page_drift.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [text for _kind, text in texts(at)]
    assert any("(sem tipo)" in t for t in shown), shown
    assert not any("(none)" in t for t in shown), [t for t in shown if "(none)" in t]


def test_the_data_page_names_the_detected_tool_as_its_maker_writes_it() -> None:
    """cxkit names a recognised tool by a code ('google_play'); the Data page shows the product's name, for every
    tool cxkit knows (the Portuguese browser walk read 'Ferramenta detectada: google_play')."""
    import cxkit.tools as tools
    from ui.tool_names import BRANDS

    tools._load_builtins()
    assert set(tools._REGISTRY) <= set(BRANDS), set(tools._REGISTRY) - set(BRANDS)
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.sidebar.radio(key="lang").set_value("pt").run()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([("typeform.csv", (DATA / "typeform.csv").read_bytes(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.metric if m.label == "Ferramenta detectada"] == ["Typeform"]
