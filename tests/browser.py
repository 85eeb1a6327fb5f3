"""Helpers for the real-browser tests: a Streamlit server on a free local port and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CXKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(launcher: list[str], log_name: str) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """A Streamlit server started with ``launcher`` (``python`` arguments) on a free port, answering its health
    check: its address, its process and its log (``test-artifacts/<log_name>``)."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / log_name
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, *launcher, "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
            if process.poll() is not None:
                raise RuntimeError(f"the Streamlit server stopped while starting; see {log_path}")
        else:
            raise RuntimeError("the Streamlit server did not answer within 90 s")
        yield url, process, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def streamlit_server(*, plain: bool = False) -> Iterator[str]:
    """``streamlit run app.py --server.headless true`` on a free port: through the project's launcher
    (``make run``, which also registers a stack dump on SIGUSR1), or with ``plain`` exactly as Streamlit Community
    Cloud starts it."""
    launcher = ["-m", "streamlit", "run", "app.py"] if plain else ["-m", "ui.serve"]
    with served(launcher, "streamlit-plain.log" if plain else "streamlit.log") as (url, _, _):
        yield url


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None
