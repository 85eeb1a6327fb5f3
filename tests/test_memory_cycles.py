"""Memory comes back: ten visitors in a real browser each upload a ~10 MB tickets CSV, look at the Overview and
close the tab; once their sessions have expired the server holds what it held after the first one (issue #21:
the same ten cycles left it +439 MB, unchanged 150 s after the last close)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, chromium_available, free_port
from tests.conftest import ROOT, SAMPLE
from ui.memory import process_rss

pytestmark = pytest.mark.browser

MIB = 2**20
TTL = 5  # seconds a closed tab's session is kept for a reconnect (two minutes when served for real)
CYCLES = 10
BOUND = 150 * MIB

if not chromium_available():  # pragma: no cover - the test command installs it
    pytest.skip(f"Chromium is not installed at {CHROMIUM}; `make test` installs Debian's chromium",
                allow_module_level=True)


def tickets_csv(seed: int, copies: int = 8) -> bytes:
    """The sample's Zendesk tickets repeated ``copies`` times with fresh ids: about 10 MB, different per seed."""
    lines = (SAMPLE / "tickets_zendesk.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for copy in range(copies):
        for i, row in enumerate(lines[1:]):
            first, _id, rest = row.split(",", 2)
            out.append(f"{first},{seed * 10_000_000 + copy * 100_000 + i},{rest}")
    return ("\n".join(out) + "\n").encode("utf-8")


@pytest.fixture(scope="module", params=["launcher", "plain"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    """The app through its launcher (as ``make run`` serves it) and through plain ``streamlit run app.py`` (which
    gets its session store from app.py), with a short session TTL."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    command = ["-m", "ui.serve"] if request.param == "launcher" else ["-m", "streamlit", "run", "app.py"]
    with (ARTIFACTS / f"streamlit-memory-{request.param}.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, *command, "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType",
             "none", "--server.disconnectedSessionTTL", str(TTL)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            assert process.poll() is None, "the server stopped while starting; see test-artifacts/streamlit-memory-*.log"
            assert time.monotonic() < deadline, "hung: the server did not answer within 90 s"
            time.sleep(0.5)
        yield url, process.pid
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def visit(browser: Browser, url: str, data: bytes, name: str) -> None:
    """One visitor: the Data page, the upload read, the Overview drawn, the tab closed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{url}/data")
        page.wait_for_selector("[data-testid='stFileUploader']", timeout=90_000)
        with page.expect_file_chooser() as chooser:
            page.locator("[data-testid='stFileUploader']").filter(
                has=page.locator("[data-testid='stWidgetLabel']", has_text=re.compile(r"^(Files|Archivos)$"))
            ).first.get_by_test_id("stBaseButton-secondary").click()
        chooser.value.set_files([{"name": name, "mimeType": "text/csv", "buffer": data}])
        page.locator("[data-testid='stSidebar']").get_by_text("Tickets: 50,776 rows").wait_for(timeout=120_000)
        page.get_by_role("link", name="Overview").click()
        page.locator("[data-testid='stMetric']").first.wait_for(timeout=120_000)
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=120_000)
    finally:
        context.close()


def settled_rss(pid: int, seconds: float) -> int:
    """The server's RSS once its closed sessions have expired (and been ended: ui.memory reaps them within
    about a second after the TTL): the lowest reading over ``seconds``."""
    time.sleep(TTL + 2)
    lowest = process_rss(pid)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(1)
        lowest = min(lowest, process_rss(pid))
    return lowest


def test_ten_upload_and_close_cycles_give_their_memory_back(server: tuple[str, int]) -> None:
    url, pid = server
    files = [tickets_csv(seed) for seed in range(CYCLES + 1)]
    readings: list[int] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            visit(browser, url, files[0], "warm_up.csv")  # imports, the sample's cache, first-run allocations
            baseline = settled_rss(pid, 5)
            for i in range(1, CYCLES + 1):
                visit(browser, url, files[i], f"tickets_{i}.csv")
                readings.append(process_rss(pid))
        finally:
            browser.close()
    after = settled_rss(pid, 10)
    report = (f"baseline {baseline / MIB:.0f} MB, after each cycle "
              f"{[round(r / MIB) for r in readings]} MB, after the sessions expired {after / MIB:.0f} MB")
    print(report)
    assert max(readings) > baseline + 20 * MIB, "the uploads did not reach the server: " + report
    assert after <= baseline + BOUND, "memory did not come back: " + report
