"""The watchdog (ui/watchdog.py) restarts a wedged server: a real server, wedged by the test hook of ui/serve.py
(a thread that holds the GIL forever, as in the polars/GIL deadlock of issue #21)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import free_port
from tests.conftest import ROOT
from ui import serve, watchdog

ANSWERS = re.compile(r"the server \(pid (\d+)\) answers")


def test_options_come_from_the_command_line_else_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXKIT_WATCHDOG_FAILURES", "5")
    monkeypatch.setenv("CXKIT_WATCHDOG_INTERVAL", "2.5")
    settings, rest = watchdog.parse_args(["--watchdog-interval", "1", "--server.port", "9000", "--server.headless",
                                          "true"])
    assert (settings.interval, settings.failures) == (1.0, 5)
    assert rest == ["--server.port", "9000", "--server.headless", "true"]
    with pytest.raises(SystemExit):
        watchdog.parse_args(["--watchdog-timeout", "0"])


def test_the_health_url_follows_the_servers_port_address_and_base_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STREAMLIT_SERVER_PORT", raising=False)
    monkeypatch.delenv("STREAMLIT_SERVER_ADDRESS", raising=False)
    monkeypatch.delenv("STREAMLIT_SERVER_BASE_URL_PATH", raising=False)
    assert watchdog.health_url([]) == "http://127.0.0.1:8501/_stcore/health"
    assert watchdog.health_url(["--server.port=9001", "--server.address", "0.0.0.0", "--server.baseUrlPath",
                                "/cx/"]) == "http://127.0.0.1:9001/cx/_stcore/health"
    monkeypatch.setenv("STREAMLIT_SERVER_PORT", "9100")
    assert watchdog.health_url(["--server.address", "10.0.0.5"]) == "http://10.0.0.5:9100/_stcore/health"


def test_the_wedge_hook_is_inert_without_its_variable() -> None:
    assert serve.arm_test_wedge({}) is None


def _health(url: str, timeout: float = 2) -> bool:
    return watchdog.healthy(f"{url}/_stcore/health", timeout)[0]


def _wait_for(log: Path, pattern: re.Pattern[str], count: int, seconds: float, what: str) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = pattern.findall(log.read_text(errors="replace"))
        if len(found) >= count:
            return found
        time.sleep(0.3)
    raise AssertionError(f"hung: {what} not seen within {seconds:g} s; the watchdog's log:\n{log.read_text()[-4000:]}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def _watchdog(tmp_path: Path, wedge: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    port = free_port()
    log = tmp_path / "watchdog.log"
    env = {**os.environ, serve.WEDGE_ENV: str(wedge)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ui.watchdog", "--watchdog-interval", "1", "--watchdog-failures", "3",
             "--watchdog-timeout", "2", "--watchdog-startup", "90", "--server.headless", "true", "--server.port",
             str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process, f"http://127.0.0.1:{port}", log
    finally:
        servers = [int(pid) for pid in re.findall(r"started the server \(pid (\d+)\)", log.read_text(errors="replace"))]
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for pid in servers:  # whatever the outcome, no server is left behind
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)


@pytest.mark.slow
def test_a_wedged_server_is_killed_with_a_stack_dump_and_serves_again_on_its_port(tmp_path: Path) -> None:
    wedge = tmp_path / "wedge"
    with _watchdog(tmp_path, wedge) as (process, url, log):
        first = int(_wait_for(log, ANSWERS, 1, 90, "the first server answering")[0])
        assert _health(url)
        wedge.touch()
        deadline = time.monotonic() + 10
        while _health(url) and time.monotonic() < deadline:  # the hook really wedges it
            time.sleep(0.2)
        assert not _health(url), "the test hook did not wedge the server"
        assert _alive(first), "a wedged server stays alive: that is why it needs a watchdog"

        second = int(_wait_for(log, ANSWERS, 2, 60, "the restarted server answering")[1])
        assert second != first
        assert not _alive(first)
        assert _health(url)
        with urllib.request.urlopen(f"{url}/", timeout=10) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
        text = log.read_text(errors="replace")
        assert "restart 1: 3 health checks failed in a row" in text
        assert "_hold_the_gil_forever" in text, "no stack dump of the wedged server in the log"
        assert not wedge.exists()

        process.send_signal(signal.SIGTERM)  # stops cleanly: the server's group goes with it
        assert process.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while _alive(second) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(second)
