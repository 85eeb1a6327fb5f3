"""What a person sees, in a real browser: Debian's Chromium driven by Playwright against the running app."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import fastexcel
import polars as pl
import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

import cxkit
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, streamlit_server
from tests.conftest import DATA, SAMPLE

pytestmark = pytest.mark.browser

PAGES = ["data", "", "nps", "churn", "service", "drift", "team", "roi", "definitions"]  # "" is the Overview (default page)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url:
        yield url


@pytest.fixture(autouse=True)
def server_log_when_failed(request: pytest.FixtureRequest) -> Iterator[None]:
    """A failed test prints the end of the shared server's log (shown with the failure, as CI keeps no files)."""
    yield
    report = getattr(request.node, "rep_call", None)
    log = ARTIFACTS / "streamlit.log"
    if report is not None and report.failed and log.exists():
        print("--- the end of test-artifacts/streamlit.log ---")
        print("\n".join(log.read_text(errors="replace").splitlines()[-60:]))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def settle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the app has finished running (the status widget is gone) and drawn its title."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    settle(page)


def no_error(page: Page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator("[data-testid='stException']").first.inner_text()
    assert page.locator("[data-testid='stAlertContentError']").count() == 0, \
        page.locator("[data-testid='stAlertContentError']").first.inner_text()


def metric_value(page: Page, label: str) -> Locator:
    card = page.locator("[data-testid='stMetric']").filter(has=page.locator("[data-testid='stMetricLabel']", has_text=label))
    return card.first.locator("[data-testid='stMetricValue']")


def metric(page: Page, label: str) -> str:
    return metric_value(page, label).inner_text().strip()


def upload(page: Page, files: list[tuple[str, bytes]]) -> None:
    with page.expect_file_chooser() as chooser:
        uploader = page.locator("[data-testid='stFileUploader']").filter(
            has=page.locator("[data-testid='stWidgetLabel']", has_text=re.compile(r"^(Files|Archivos)$")))
        uploader.first.get_by_test_id("stBaseButton-secondary").click()
    chooser.value.set_files([{"name": n, "mimeType": "application/octet-stream", "buffer": b} for n, b in files])
    page.wait_for_timeout(600)
    settle(page)


def test_every_page_renders_without_an_error_box(server: str, page: Page) -> None:
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        open_page(page, f"{server}/{name}")
        no_error(page)
        assert page.locator("h1").first.inner_text().strip()
        page.screenshot(path=str(ARTIFACTS / "screens" / f"{name or 'overview'}.png"), full_page=True)
    open_page(page, f"{server}/")
    assert "Sample data" in page.locator("[data-testid='stSidebar']").inner_text()


def test_spanish_excel_csv_and_xlsx_uploads_reach_the_overview(server: str, page: Page) -> None:
    open_page(page, f"{server}/data")
    survey = (SAMPLE / "encuestas_nps.csv").read_bytes()  # ';', cp1252, dd/mm/yyyy
    tickets = (DATA / "freshdesk_es.csv").read_text(encoding="utf-8").encode("cp1252")
    orders = (SAMPLE / "pedidos.xlsx").read_bytes()
    upload(page, [("encuestas.csv", survey), ("tickets_freshdesk.csv", tickets), ("pedidos.xlsx", orders)])
    no_error(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "freshdesk" in body and "encuestas.csv" in body and "pedidos.xlsx" in body
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Survey answers: 3,222 rows" in sidebar and "Tickets: 4 rows" in sidebar and "Orders: 7,458 rows" in sidebar
    page.get_by_role("link", name="Overview").click()
    settle(page)
    no_error(page)
    answers = cxkit.load(SAMPLE / "encuestas_nps.csv").frame
    expected = cxkit.nps(answers, start="2025-10-01", end="2026-01-01")["nps"][0]
    assert metric(page, "NPS") == f"{round(expected):,}"  # a whole number of points; -0.4 shows as 0


def test_a_filter_and_the_language_switch_change_what_is_shown(server: str, page: Page) -> None:
    open_page(page, f"{server}/")
    before = metric(page, "Tickets")
    page.locator("[data-testid='stSidebar']").get_by_text("Filters").click()
    page.wait_for_timeout(1000)  # the expander opens with an animation
    channel = page.locator("[data-testid='stMultiSelect']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=re.compile(r"^Channel$")))
    channel.first.locator("input").click()
    page.wait_for_timeout(500)
    page.keyboard.type("Mail")
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(metric_value(page, "Tickets")).not_to_have_text(before, timeout=60_000)
    settle(page)
    after = metric(page, "Tickets")
    tickets = cxkit.load(SAMPLE / "tickets_zendesk.csv").frame
    mail = tickets.filter((pl.col("channel") == "Mail") & (pl.col("created_at") >= pl.datetime(2025, 10, 1)))
    assert after == f"{mail.height:,}"
    page.locator("[data-testid='stSidebar']").get_by_text("Español").click()
    expect(page.locator("h1").first).to_have_text("Resumen", timeout=60_000)
    settle(page)
    assert metric(page, "Tickets") == f"{mail.height:,}".replace(",", ".")


def test_a_bad_file_shows_a_clear_message_and_the_app_keeps_working(server: str, page: Page) -> None:
    open_page(page, f"{server}/data")
    upload(page, [("informe.xlsx", b"esto no es un excel"), ("typeform.csv", (DATA / "typeform.csv").read_bytes())])
    error = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "informe.xlsx" in error and "Excel" in error and "Traceback" not in page.content()
    page.get_by_role("link", name="NPS & satisfaction").click()
    settle(page)
    no_error(page)
    assert metric(page, "NPS") == "0"  # the good file still loaded: scores 10, 6, 8


def test_the_roi_planner_recomputes_after_an_input_is_edited(server: str, page: Page) -> None:
    open_page(page, f"{server}/roi")
    worst, likely, best = metric(page, "Worst"), metric(page, "Likely"), metric(page, "Best")
    assert all(v.endswith("€") for v in (worst, likely, best))
    horizon = page.get_by_label("Horizon (months)")
    horizon.fill("36")
    horizon.press("Enter")
    expect(metric_value(page, "Likely")).not_to_have_text(likely, timeout=60_000)
    settle(page)
    no_error(page)
    assert re.match(r"^-?[\d,]+ €$", metric(page, "Best"))


def test_downloads_deliver_files_that_open(server: str, page: Page) -> None:
    open_page(page, f"{server}/nps")
    with page.expect_download() as download:
        page.locator(".st-key-csv_nps_by_period button").click()
    frame = pl.read_csv(io.BytesIO(download.value.path().read_bytes()))
    assert {"period", "nps", "nps_low", "nps_high"} <= set(frame.columns) and frame.height == 12
    with page.expect_download(timeout=120_000) as report:
        page.locator(".st-key-report_download button").click()
    sheets = fastexcel.read_excel(report.value.path().read_bytes()).sheet_names
    assert "Overview" in sheets and "NPS by period" in sheets


def test_two_users_never_see_each_others_uploads(server: str, browser: Browser) -> None:
    first, second = browser.new_context(), browser.new_context()
    try:
        a, b = first.new_page(), second.new_page()
        open_page(a, f"{server}/data")
        open_page(b, f"{server}/data")
        upload(a, [("secreto_cliente.csv", (DATA / "freshdesk_es.csv").read_bytes())])
        assert "secreto_cliente.csv" in a.content()
        b.reload()
        settle(b)
        open_page(b, f"{server}/")
        assert "secreto_cliente.csv" not in b.content()
        sidebar = b.locator("[data-testid='stSidebar']").inner_text()
        assert "Sample data" in sidebar and "Tickets: 6,347 rows" in sidebar
    finally:
        first.close()
        second.close()


def choose_kind(page: Page, kind_label: str) -> None:
    """Pick what the (only) uploaded file holds in its 'This file holds' box."""
    box = page.locator("[data-testid='stSelectbox']").filter(has=page.get_by_text("This file holds"))
    box.first.click()
    page.get_by_role("option", name=kind_label, exact=True).click()
    page.wait_for_timeout(800)
    settle(page)


def map_column(page: Page, row: int, header: str) -> None:
    """In the mapping editor (the first visible grid), set row ``row``'s 'Column in your file' to ``header``:
    the grid is a canvas, so the cell is reached with the keyboard and edited like a person would."""
    page.wait_for_timeout(1000)
    grid = page.locator("[data-testid='stDataFrame']").filter(visible=True).first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 35 * row + 17)  # header row and data rows are 35 px
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowRight")  # what cxkit needs → column in your file
    page.wait_for_timeout(150)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    page.keyboard.type(header)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    settle(page)


def sidebar_text(page: Page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def test_the_data_page_asks_when_the_kind_is_unsure_and_one_click_answers(server: str, page: Page) -> None:
    """Issue 26: a kind decided on weak evidence is put to the user with the two best kinds as buttons."""
    path = DATA / "handmade_en.csv"
    decision = cxkit.load(path).decisions["kind"]
    assert (decision.choice, decision.runner_up) == ("responses", "tickets")
    open_page(page, f"{server}/data")
    upload(page, [(path.name, path.read_bytes())])
    question = page.locator("[data-testid='stAlertContentWarning']").filter(has_text="not sure what this file holds")
    expect(question).to_have_count(1, timeout=60_000)
    assert "Survey answers:" in sidebar_text(page)
    page.get_by_role("button", name="Tickets", exact=True).click()
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text("Tickets:", timeout=60_000)
    settle(page)
    no_error(page)
    assert "Survey answers:" not in sidebar_text(page)
    expect(question).to_have_count(0)


def test_a_file_detected_wrongly_is_switched_and_remapped_and_the_metrics_follow(server: str, page: Page) -> None:
    path = DATA / "helpscout_conversations.csv"  # conversations with a rating: cxkit reads them as tickets
    open_page(page, f"{server}/data")
    upload(page, [(path.name, path.read_bytes())])
    assert "Tickets: 4 rows" in sidebar_text(page)
    choose_kind(page, "Survey answers")
    no_error(page)
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text("Survey answers: 4 rows", timeout=60_000)
    assert "Tickets:" not in sidebar_text(page)
    page.get_by_role("link", name="NPS & satisfaction").click()
    settle(page)
    answers = cxkit.load(path, kind="responses")
    assert metric(page, "CSAT") == f"{100 * cxkit.csat(answers.frame)['csat'][0]:.1f}%"  # 1 of 3 rated: 33.3%
    page.get_by_role("link", name="Your data").click()
    settle(page)
    map_column(page, 1, "Closed At")  # the answer's date: when the conversation closed (2 of 4 are)
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text("Survey answers: 2 rows", timeout=60_000)
    page.get_by_role("link", name="NPS & satisfaction").click()
    settle(page)
    remapped = cxkit.load(path, kind="responses", mapping={**answers.mapping, "submitted_at": "Closed At"})
    assert metric(page, "CSAT") == f"{100 * cxkit.csat(remapped.frame)['csat'][0]:.1f}%"  # 50.0%


def test_an_undetected_file_is_mapped_by_hand_into_survey_answers(server: str, page: Page) -> None:
    data = b"alpha,beta,gamma\n2025-03-01,9,Great\n2025-03-02,3,Slow\n2025-03-03,10,Fine\n"
    open_page(page, f"{server}/data")
    upload(page, [("mystery.csv", data)])
    error = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "mystery.csv" in error and "alpha" in error
    choose_kind(page, "Survey answers")
    expect(page.locator("[data-testid='stMain']")).to_contain_text("First rows of the file", timeout=60_000)
    map_column(page, 1, "alpha")  # submitted_at
    # the file is read again in its worker: the answers are there before the next column is mapped
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text("Survey answers: 3 rows", timeout=60_000)
    page.wait_for_timeout(1500)
    settle(page)
    map_column(page, 2, "beta")  # nps_score
    page.keyboard.press("Escape")  # leave the grid: the edit is sent and the file read again
    page.wait_for_timeout(2500)
    settle(page)
    no_error(page)
    page.screenshot(path=str(ARTIFACTS / "mapped_by_hand.png"), full_page=True)
    page.get_by_role("link", name="NPS & satisfaction").click()
    settle(page)
    no_error(page)
    assert metric(page, "NPS") == "33"  # scores 9, 3, 10: (2 promoters − 1 detractor) ÷ 3


def test_a_removed_file_stays_removed_when_another_is_added(server: str, page: Page) -> None:
    """The uploader still lists a file removed on the Data page; adding another must not bring it back."""
    open_page(page, f"{server}/data")
    upload(page, [("typeform.csv", (DATA / "typeform.csv").read_bytes())])
    page.get_by_role("button", name="Remove this file").click()
    page.wait_for_timeout(800)
    settle(page)
    files = page.locator("[data-testid='stFileUploader']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=re.compile(r"^Files$")))
    files.first.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [{"name": "call_log.csv", "mimeType": "text/csv", "buffer": (DATA / "call_log.csv").read_bytes()}])
    page.wait_for_timeout(800)
    settle(page)
    expanders = page.locator("[data-testid='stExpander'] summary").all_inner_texts()
    assert any("call_log.csv" in e for e in expanders) and not any("typeform.csv" in e for e in expanders), expanders


def test_text_from_files_and_workspaces_is_shown_as_plain_text(server: str, page: Page) -> None:
    """Markdown in a header or a workspace's file name fetches nothing, links nothing and formats nothing."""
    import hashlib
    import json
    import zipfile

    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "probe" in request.url else None)
    probe = f"{server}/probe.png"
    csv = f"![x]({probe}),see http://evil.example/a **bold**\n1,2\n".encode()
    open_page(page, f"{server}/data")
    upload(page, [("odd.csv", csv)])
    error = page.locator("[data-testid='stAlertContentError']").first
    shown = error.inner_text().replace("\u2060", "")  # the invisible word joiner that stops autolinking
    assert "http://evil.example/a" in shown and "**bold**" in shown and f"![x]({probe})" in shown
    assert error.locator("a, img, strong").count() == 0

    content = (DATA / "typeform.csv").read_bytes()
    entry = {"name": f"![x]({probe}) **bold** www.evil.example", "member": "files/000.bin", "size": len(content),
             "sha256": hashlib.sha256(content).hexdigest(), "kind": None, "mapping": {}, "included": True}
    manifest = {"format": "cxkit-workspace", "version": 2, "files": [entry, entry], "scenario": None}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("files/000.bin", content)
    workspace_uploader = page.locator("[data-testid='stFileUploader']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text="Open a workspace"))
    workspace_uploader.first.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [{"name": "ws.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}])
    page.wait_for_timeout(800)
    settle(page)
    box = page.locator("[data-testid='stAlertContentError']").filter(has_text="The workspace could not be opened")
    expect(box).to_have_count(1, timeout=60_000)
    assert "**bold** www.evil.example" in box.inner_text().replace("\u2060", "") and "listed twice" in box.inner_text()
    assert box.locator("a, img, strong").count() == 0
    assert "Traceback" not in page.content()
    page.wait_for_timeout(500)
    assert fetched == []  # the browser never asked for the image


def navigate(page: Page, title: str) -> None:
    """Change page as a person does, with the sidebar's link (a reload would start a new session)."""
    page.get_by_role("link", name=title).first.click()
    page.wait_for_timeout(300)
    settle(page)


HOSTILE = ("far_cell_no_dimension", "far_cell_late_dimension", "far_cell_without_references", "repeated_shared_string",
           "lying_zip", "parquet_rows", "zip_bomb")


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_upload_ends_in_a_message_and_another_session_keeps_answering(server: str, browser: Browser,
                                                                              case: str) -> None:
    import urllib.request

    from tests.hostile_cases import CASES

    data, name, _options = CASES[case]()
    hostile, bystander = browser.new_context(), browser.new_context()
    try:
        a, b = hostile.new_page(), bystander.new_page()
        open_page(b, f"{server}/")
        open_page(a, f"{server}/data")
        upload(a, [(name, data)])
        error = a.locator("[data-testid='stAlertContentError']").filter(has_text=name)
        expect(error).to_have_count(1, timeout=90_000)  # the hang guard (the speed of reading is in bench/)
        text = error.inner_text()
        assert "limit" in text or "more than" in text or "would expand" in text or "refused" in text, text
        assert "Traceback" not in a.content() and a.locator("[data-testid='stException']").count() == 0
        # the server is alive and the other visitor's pages still answer, with their own data
        with urllib.request.urlopen(f"{server}/_stcore/health", timeout=10) as response:
            assert response.read() == b"ok"
        open_page(b, f"{server}/nps")
        no_error(b)
        assert name not in b.content() and "Sample data" in sidebar_text(b)
    finally:
        hostile.close()
        bystander.close()


def test_eight_sessions_at_once_each_see_only_their_own_file_while_one_is_hostile(server: str,
                                                                                  browser: Browser) -> None:
    from tests.hostile_cases import CASES

    files = ["freshdesk_es.csv", "hubspot_tickets.csv", "typeform.csv", "stripe_subscriptions.csv",
             "shopify_orders.csv", "qualtrics.csv", "call_log.csv"]
    hostile_data, hostile_name, _ = CASES["far_cell_no_dimension"]()
    # How long a bystander's page change takes meanwhile is a speed target: bench/bench_app.py measures it.
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(8)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            open_page(page, f"{server}/data")
        # every session picks its file; the uploads and readings overlap in the one server
        uploads = [(f"sesion{i}_{name}", (DATA / name).read_bytes()) for i, name in enumerate(files)]
        uploads.append((hostile_name, hostile_data))
        for page, (name, data) in zip(pages, uploads, strict=True):
            with page.expect_file_chooser() as chooser:
                page.locator("[data-testid='stFileUploader']").first.get_by_test_id("stBaseButton-secondary").click()
            chooser.value.set_files([{"name": name, "mimeType": "application/octet-stream", "buffer": data}])
        for page, (name, _data) in zip(pages, uploads, strict=True):
            settle(page)
            content = page.content()
            assert name in content, name
            assert not any(other in content for other, _ in uploads if other != name), name
            assert page.locator("[data-testid='stException']").count() == 0 and "Traceback" not in content
        hostile_error = pages[-1].locator("[data-testid='stAlertContentError']").filter(has_text=hostile_name)
        expect(hostile_error).to_have_count(1, timeout=60_000)
    finally:
        for context in contexts:
            context.close()


def test_streamlit_run_app_py_keeps_the_sample_across_navigation_and_opens_deep_links(browser: Browser) -> None:
    """Started as Streamlit Community Cloud starts it (``streamlit run app.py``, no launcher), on a fresh
    server: the very first request is a deep link, which opens without a "Page not found" notice, and the
    first navigation clicks keep the sample data on."""
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(plain=True) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            open_page(page, f"{url}/nps")
            page.wait_for_timeout(1500)
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator("[data-testid='stDialog']").count() == 0
            expect(page.locator("h1").first).to_have_text("NPS & satisfaction")
            for title in ("Tickets & service", "Overview", "Churn & retention"):
                page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click()
                expect(page.locator("h1").first).to_have_text(title, timeout=60_000)
                settle(page)
                no_error(page)
                assert "Sample data" in page.locator("[data-testid='stSidebar']").inner_text()
                assert page.get_by_text("No data yet").count() == 0
                assert page.locator("[data-testid='stMetric']").count() > 0, title
            open_page(page, f"{url}/service")
            assert page.get_by_text("Page not found").count() == 0
            expect(page.locator("h1").first).to_have_text("Tickets & service")
        finally:
            context.close()


def test_a_reload_keeps_language_period_and_filters(server: str, page: Page) -> None:
    open_page(page, f"{server}/nps")
    page.locator("[data-testid='stSidebar']").get_by_text("Español").click()
    expect(page.locator("h1").first).to_have_text("NPS y satisfacción", timeout=60_000)
    settle(page)
    expect(page).to_have_url(re.compile(r"lang=es"), timeout=30_000)
    answers_before = metric(page, "Respuestas")
    page.goto(page.url.replace("lang=es", "lang=es&f.region=Islas"))
    settle(page)
    filtered = metric(page, "Respuestas")
    assert filtered != answers_before
    page.reload()
    settle(page)
    expect(page.locator("h1").first).to_have_text("NPS y satisfacción", timeout=60_000)
    assert metric(page, "Respuestas") == filtered
    assert "Región: Islas" in page.locator("[data-testid='stMain']").inner_text()


def _metric_sizes(page: Page) -> tuple[float, float]:
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
    page.wait_for_selector("[data-testid='stMetricLabel']", timeout=60_000)
    return page.evaluate("""() => {
        const value = document.querySelector("[data-testid='stMetricValue']");
        const label = document.querySelector("[data-testid='stMetricLabel']");
        return [parseFloat(getComputedStyle(value).fontSize), parseFloat(getComputedStyle(label).fontSize)];
    }""")


def test_projector_mode_makes_kpis_half_as_large_again_and_cuts_no_label(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_page(page, f"{server}/?large=0")
        value, label = _metric_sizes(page)
        open_page(page, f"{server}/?large=1")
        large_value, large_label = _metric_sizes(page)
        assert large_value >= 1.45 * value and large_label >= 1.45 * label, (value, large_value, label, large_label)
        cut = page.evaluate("""() => [...document.querySelectorAll(
                "[data-testid='stMetricLabel'] *, [data-testid='stMetricValue'] *")]
            .filter(e => e.children.length === 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
        assert cut == [], cut
    finally:
        context.close()


def choose_option(page: Page, label: str, option: str) -> None:
    """Pick an option of a selectbox by typing it, as a person does."""
    box = page.locator("[data-testid='stSelectbox']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=label))
    box.first.locator("input").click()
    page.wait_for_timeout(300)
    page.keyboard.type(option)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    settle(page)


def name_plan(page: Page, name: str) -> None:
    field = page.get_by_label("Plan name", exact=True)
    field.fill(name)
    field.press("Enter")
    page.wait_for_timeout(500)
    settle(page)


def test_a_plan_from_a_template_is_named_compared_saved_in_the_workspace_and_reopened(server: str,
                                                                                     browser: Browser) -> None:
    from cxkit import roi
    from ui import workspace

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{server}/data")
    upload(page, [("costes_equipo.csv", (SAMPLE / "costes_equipo.csv").read_bytes())])  # a workspace needs a file
    navigate(page, "ROI planner")
    no_error(page)
    choose_option(page, "Add an initiative from a template", "A new channel")
    page.locator(".st-key-roi_add button").click()
    settle(page)
    expect(page.get_by_text("Template: A new channel")).to_be_visible(timeout=60_000)
    answered = page.get_by_label("Contacts it answers without an agent: Likely", exact=True)
    expect(answered).to_have_value("20")  # a text input in the language's format, no decimals the value lacks
    name_plan(page, "Winter plan")
    page.locator(".st-key-roi_keep button").click()
    settle(page)
    answered = page.get_by_label("Contacts it answers without an agent: Likely", exact=True)
    answered.fill("75")  # above the best case (60): accepted, sorted and said so
    answered.press("Enter")
    page.wait_for_timeout(500)
    settle(page)
    expect(page.locator("[data-testid='stMain']")).to_contain_text("were not in order", timeout=60_000)
    name_plan(page, "Winter plan, more takers")
    page.locator(".st-key-roi_keep button").click()
    settle(page)
    no_error(page)
    main = page.locator("[data-testid='stMain']")
    expect(main).to_contain_text("What differs", timeout=60_000)
    expect(main).to_contain_text(  # retried until the comparison has been drawn
        "Contacts it answers without an agent: A 0.00 / 20.00 / 60.00 per month → B 0.00 / 60.00 / 75.00 per month",
        timeout=60_000)
    assert page.locator("[data-testid='stMetricLabel']", has_text="Chance of losing money").count() >= 3
    navigate(page, "Your data")
    with page.expect_download(timeout=120_000) as download:
        page.locator(".st-key-workspace_download button").click()
    zipped = download.value.path().read_bytes()
    context.close()
    assert list(workspace.open_plans(zipped)) == ["Winter plan", "Winter plan, more takers"]
    assert roi.Scenario.from_json(workspace.open_workspace(zipped)[1] or "").name == "Winter plan, more takers"

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_page(page, f"{server}/data")
    page.locator("[data-testid='stFileUploader']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text="Open a workspace")).first.locator(
        "[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [{"name": "taller.zip", "mimeType": "application/zip", "buffer": zipped}])
    expect(page.locator("[data-testid='stMain']")).to_contain_text("Workspace opened: 1 files.", timeout=120_000)
    settle(page)
    no_error(page)
    navigate(page, "ROI planner")
    expect(page.get_by_label("Plan name", exact=True)).to_have_value("Winter plan, more takers", timeout=60_000)
    expect(page.locator("[data-testid='stMain']")).to_contain_text("What differs", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "screens" / "roi_compare_reopened.png"), full_page=True)
    context.close()


# Every text a person can see, measured where it is drawn: cut by an ellipsis, clipped by a box that hides its
# overflow, beyond the right edge of the screen, or a word broken across two lines ("mensuale / s"). A text in a
# scrolling box (overflow auto) can be scrolled to and is not counted as cut.
CUT_TEXTS = r"""() => {
  const out = [];
  const vw = window.innerWidth;
  const clips = (s) => ['hidden', 'clip'].includes(s);  // a scroller (auto) can be scrolled: not cut
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, noscript, [aria-hidden="true"], svg, canvas')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.opacity === '0') continue;
    let why = null;
    if (r.right > vw + 1) why = 'beyond the right edge';
    for (let a = el; a && a !== document.body && !why; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth + 1) why = 'ellipsis';
      else if (clips(s.overflowX)) {
        const ar = a.getBoundingClientRect();
        if (ar.width > 2 && (r.right > ar.right + 2 || r.left < ar.left - 2)) why = 'clipped';
      }
    }
    if (!why) {
      const re = /[^\s\-–—/·]{2,}/g;  // a word (a hyphen or slash is a fair place to break)
      for (let m = re.exec(node.textContent); m; m = re.exec(node.textContent)) {
        const w = document.createRange();
        w.setStart(node, m.index); w.setEnd(node, m.index + m[0].length);
        const tops = new Set([...w.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top / 4)));
        if (tops.size > 1) { why = 'word broken across lines: ' + m[0]; break; }
      }
    }
    if (why && !seen.has(el)) { seen.add(el); out.push(why + ' | ' + text.slice(0, 60)); }
  }
  return out;
}"""
# The bottom of what a slide shows (its text, chart and navigation buttons), in pixels from the top of the screen.
SLIDE_BOTTOM = """() => Math.max(...[...document.querySelectorAll(
    "[data-testid='stMain'] .cx-slide, [data-testid='stMain'] button, [data-testid='stMain'] [data-testid='stVegaLiteChart']")]
    .map(e => e.getBoundingClientRect().bottom))"""
SCREENS = [(1280, 720), (1440, 900)]


def in_language(code: str, msgid: str) -> str:
    from ui.i18n import _, language

    with language(code):
        return _(msgid)


def start_presentation(page: Page, server: str, lang: str) -> Locator:
    open_page(page, f"{server}/?lang={lang}")
    page.locator("[data-testid='stSidebar']").get_by_text(in_language(lang, "Presentation mode"), exact=True).click()
    title = page.locator(".cx-slide h1")
    expect(title).to_be_visible(timeout=60_000)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=60_000)
    return title


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_projector_and_presentation_cut_no_text_and_every_slide_fits_the_screen(server: str, browser: Browser,
                                                                                 lang: str) -> None:
    """At 1280×720 and 1440×900: the Overview in projector mode (large fonts) and every slide of the presentation
    show every KPI value, label, button and navigation entry whole, and each slide ends above the screen's bottom."""
    for width, height in SCREENS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            open_page(page, f"{server}/?lang={lang}&large=1")
            page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
            page.wait_for_timeout(1000)  # the KPI cards settle into their rows
            no_error(page)
            cut = page.evaluate(CUT_TEXTS)
            page.screenshot(path=str(ARTIFACTS / "screens" / f"projector_{lang}_{width}.png"))
            assert cut == [], (lang, width, "projector overview", cut)
            title = start_presentation(page, server, lang)
            titles: list[str] = []
            for step in range(5):
                if titles:
                    expect(title).not_to_have_text(titles[-1], timeout=60_000)
                    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
                    page.wait_for_timeout(300)
                no_error(page)
                titles.append(title.inner_text())
                assert page.locator("[data-testid='stDataFrame']").count() == 0
                page.screenshot(path=str(ARTIFACTS / "screens" / f"present_{lang}_{width}_{step + 1}.png"))
                cut = page.evaluate(CUT_TEXTS)
                assert cut == [], (lang, width, titles[-1], cut)
                bottom = page.evaluate(SLIDE_BOTTOM)
                assert bottom <= height, (lang, width, titles[-1], f"ends at {bottom} px of {height}")
                page.keyboard.press("ArrowRight")
            assert len(set(titles)) == 5, titles
            expect(title).to_have_text(titles[0], timeout=60_000)  # round again to the first
            page.get_by_role("button", name=in_language(lang, "Leave presentation")).click()
            settle(page)
            expect(page.locator("[data-testid='stSidebar']")).to_be_visible(timeout=60_000)
        finally:
            context.close()


@pytest.mark.parametrize("where", ["nps", "churn", "service", "drift", "team", "beyond", "roi", "data"])
def test_projector_mode_cuts_no_text_on_any_page_at_1280x720(server: str, browser: Browser, where: str) -> None:
    """Every page in projector mode on the smallest projector, in Spanish (the longest words): charts' PNG/SVG
    buttons, KPI values, labels and buttons whole."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_page(page, f"{server}/{where}?lang=es&large=1")
        page.wait_for_timeout(1000)
        no_error(page)
        cut = page.evaluate(CUT_TEXTS)
        page.screenshot(path=str(ARTIFACTS / "screens" / f"projector_es_1280_{where}.png"))
        assert cut == [], (where, cut)
    finally:
        context.close()


def test_quick_key_presses_are_queued_never_lost_or_repeated(server: str, browser: Browser) -> None:
    """Three quick presses of → (no wait for the app) move exactly three slides on, then two of ← two back:
    a press that lands while the app is still drawing is counted, a press is never counted twice."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        title = start_presentation(page, server, "en")
        order = []
        for _ in range(5):  # the deck's order, one slow press at a time
            order.append(title.inner_text())
            page.keyboard.press("ArrowRight")
            expect(title).not_to_have_text(order[-1], timeout=60_000)
            page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
        assert title.inner_text() == order[0] and len(set(order)) == 5, order
        for _ in range(3):
            page.keyboard.press("ArrowRight", delay=20)
            page.wait_for_timeout(40)
        expect(title).to_have_text(order[3], timeout=60_000)
        page.wait_for_timeout(2500)  # nothing more arrives later: no press was counted twice
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
        assert title.inner_text() == order[3]
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        expect(title).to_have_text(order[1], timeout=60_000)
        page.wait_for_timeout(2500)
        assert title.inner_text() == order[1]
    finally:
        context.close()


# What Streamlit's table formatter writes for a "localized" and a "percent" number column (its formatNumber:
# Intl.NumberFormat over the browser's languages), asked of the page the app drew.
TABLE_NUMBERS = """() => {
  const f = (value, options) => new Intl.NumberFormat(navigator.languages, options).format(value);
  return [f(1046, {}), f(10.84, {minimumFractionDigits: 1, maximumFractionDigits: 1}),
          f(0.513, {style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1}),
          new Intl.NumberFormat('en-US').format(1046)].map(t => t.replace(/\\u00a0|\\u202f/g, ' '));
}"""


def test_tables_write_their_numbers_in_the_app_language_whatever_the_browser(server: str, browser: Browser) -> None:
    """An English browser, the app in Spanish, Portuguese, English: the tables' sortable number columns read
    "1.046", "10,8", "51,3 %" in Spanish (as the KPIs), and nothing else on the page changes its locale."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        expected = {"es": ["1.046", "10,8", "51,3 %"], "pt": ["1.046", "10,8", "51,3%"], "en": ["1,046", "10.8", "51.3%"]}
        for lang, numbers in expected.items():
            open_page(page, f"{server}/team?lang={lang}")
            expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=60_000)
            tag = {"es": "es-ES", "pt": "pt-BR", "en": "en-US"}[lang]  # the page's script has run in this language
            page.wait_for_function(f"() => window.__cxkitNumberLocale === '{tag}'", timeout=30_000)
            assert page.evaluate(TABLE_NUMBERS) == [*numbers, "1,046"], lang
            page.screenshot(path=str(ARTIFACTS / "screens" / f"table_numbers_{lang}.png"), full_page=True)
    finally:
        context.close()


PT_WALK = ["data", "", "nps", "churn", "service", "drift", "team", "beyond", "roi", "definitions"]
# Streamlit's own words no option changes and no one reads: the skip link (off-screen until a keyboard user
# presses Tab; Streamlit 1.67 writes it in English only) and Material icons' ligature names (drawn as icons)
_HIDE_CHROME = "[data-testid='stIconMaterial'], [data-testid='stSkipToContent'] {display: none !important;}"
# Terms Brazilian statistics writes as in English (the Definitions page: 'teste log-rank', 'análise por marco
# (landmark)', log(...) in formulas)
_TERMS = {"log", "rank", "landmark"}
_SVG_TEXT_JS = "() => [...document.querySelectorAll('svg text')].map(t => t.textContent || '')"


def _sample_words() -> set[str]:
    """Every word the sample files bring themselves (headers and values such as 'Phone', 'Premium'): shown as the
    file writes them, in any language."""
    text = " ".join(p.read_bytes().decode("utf-8", errors="replace") for p in SAMPLE.glob("*.csv"))
    orders = fastexcel.read_excel((SAMPLE / "pedidos.xlsx").read_bytes()).load_sheet(0).to_polars()
    text += " " + " ".join(orders.columns) + " " + " ".join(
        " ".join(map(str, orders[c].unique().to_list())) for c in orders.columns if orders[c].dtype == pl.String)
    return set(re.findall(r"[A-Za-zÀ-ÿ]+", text))


def _visible(page: Page) -> str:
    """The page's text with every expander open, and each tab's in turn (both drawn in the browser, no rerun)."""
    page.evaluate("() => document.querySelectorAll('[data-testid=\"stExpander\"] details').forEach(d => d.open = true)")
    page.wait_for_timeout(300)
    lines = [*page.locator("body").inner_text().splitlines(), *page.evaluate(_SVG_TEXT_JS)]
    tabs = page.locator("[data-testid='stTab']")
    for index in range(1, tabs.count()):
        tabs.nth(index).click()
        page.wait_for_timeout(300)
        lines += [*page.locator("[data-testid='stMain']").inner_text().splitlines(), *page.evaluate(_SVG_TEXT_JS)]
    return "\n".join(lines)


def test_every_page_in_portuguese_shows_no_english_raw_name_or_english_number(server: str, page: Page) -> None:
    """A Brazilian user on the sample data reads Portuguese on every page: no English word (the catalog's English
    words that no translation uses), no cxkit column name (snake_case) and no number written the English way
    (1,046 · 10.8 · 2025-12), in the page's text and its charts' SVG text. Words of the sample files themselves,
    the language picker's 'English', the month names Babel writes in Portuguese and the Definitions page's
    references (its sources' titles, cxkit's function names) are what they are in every language."""
    from babel import Locale

    from tests.visible_text import findings
    from ui.i18n import LANGS, _, language

    months = Locale.parse("pt_BR").months["format"]
    allowed = _sample_words() | set(LANGS.values()) | _TERMS | {
        w.rstrip(".") for width in ("wide", "abbreviated") for w in months[width].values()}
    with language("pt"):
        source, in_cxkit = _("Source"), _("In cxkit: `{f}`", f="").split("`")[0].strip()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server}/data?lang=pt")
    settle(page)
    page.add_style_tag(content=_HIDE_CHROME)  # stays: the pages below are reached without reloading
    found: dict[str, list[str]] = {}
    for name in PT_WALK:
        if name != "data":
            href = f"{server}/{name}" if name else server
            link = page.locator("[data-testid='stSidebarNav'] a").filter(
                has=page.locator("span")).and_(page.locator(f"a[href='{href}'], a[href='{href}/']"))
            link.first.click()
            settle(page)
        no_error(page)
        english_placeholders = page.evaluate("""() => [...document.querySelectorAll('input[placeholder]')]
            .filter(i => i.placeholder === 'Choose an option'
                         && getComputedStyle(i, '::placeholder').color !== 'rgba(0, 0, 0, 0)').length""")
        assert english_placeholders == 0, f"{name}: Streamlit's 'Choose an option' shows in an emptied select box"
        text = "\n".join(line for line in _visible(page).splitlines()
                         if not line.startswith((source, in_cxkit)))  # Definitions: references, as published
        text = text.replace("Net Promoter Score", "NPS")  # a registered name, not translated in Brazil either
        for kind, items in findings(text, allowed).items():
            if items:
                found[f"{name or 'overview'}: {kind}"] = sorted(set(items))[:8]
    assert found == {}, found
