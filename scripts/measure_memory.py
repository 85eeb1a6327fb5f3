"""Does a closed session's memory come back? Upload/close cycles in a real browser, with the server's RSS read
after each and after the sessions have expired.

    .venv/bin/python scripts/measure_memory.py [--cycles 10] [--ttl 5] [--plain] [--env NAME=VALUE ...]

Starts the app (``python -m ui.serve``; ``--plain``: ``streamlit run app.py``, without the launcher) on a free port
with ``server.disconnectedSessionTTL`` set to ``--ttl`` seconds, warms it up with one session, then runs the
cycles: a new browser context, a ~10 MB tickets CSV (different rows each time) uploaded on the Data page, the
Overview drawn, the context closed. Prints the RSS (server process, and with its parse workers) after each cycle
and then every few seconds while the closed sessions expire. Needs Debian's Chromium at /usr/bin/chromium.

Measured on the 2-core development machine (RSS of the server process, after the sessions expired, against after
the warm-up), 7 December 2026:

    --plain --ttl 120 --cycles 4 --wait 150   477 -> 611 MB (+134 MB, unchanged from 5 s to 151 s after the last
                                               close: Streamlit forgot expired sessions only at the next write)
    --ttl 120 --cycles 4 --wait 150            425 -> 427 MB (+2 MB; the sessions ended 120-126 s after closing)
    --ttl 5 --cycles 6, default malloc arenas  +54 MB and +77 MB (two runs); MALLOC_ARENA_MAX=2: +2 MB;
                                               the launcher's mallopt(M_ARENA_MAX, 2): -13 MB
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

MIB = 2**20


def tickets_csv(seed: int, copies: int = 8) -> bytes:
    """The sample's tickets repeated ``copies`` times with fresh ids (about 1.3 MB a copy)."""
    lines = (ROOT / "sample_data" / "tickets_zendesk.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    out = [header]
    for copy in range(copies):
        for i, row in enumerate(rows):
            first, _old_id, rest = row.split(",", 2)
            out.append(f"{first},{seed * 10_000_000 + copy * 100_000 + i},{rest}")
    return ("\n".join(out) + "\n").encode("utf-8")


def rss(pid: int) -> tuple[int, int]:
    """(the process's RSS, the RSS of it and its descendants) in bytes."""
    page = os.sysconf("SC_PAGE_SIZE")

    def one(p: int) -> int:
        try:
            return int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            return 0

    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry.name))
            except (OSError, ValueError, IndexError):
                pass
    total, stack = one(pid), list(children.get(pid, []))
    while stack:
        p = stack.pop()
        total += one(p)
        stack.extend(children.get(p, []))
    return one(pid), total


def start_server(port: int, ttl: int, plain: bool, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    launcher = ["-m", "streamlit", "run", "app.py"] if plain else ["-m", "ui.serve"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, *launcher, "--server.headless", "true", "--server.port", str(port), "--server.address",
             "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
             "--server.disconnectedSessionTTL", str(ttl)],
            cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    import urllib.request

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not start; see {log}")


def settle(page: object, timeout: float = 120_000) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)  # type: ignore[attr-defined]
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=timeout)  # type: ignore[attr-defined]
    page.wait_for_selector("h1", timeout=timeout)  # type: ignore[attr-defined]


def cycle(browser: object, url: str, data: bytes, name: str, overview: bool = True) -> None:
    """One visitor: open the Data page, upload, wait until the file is read, (draw the Overview,) close."""
    import re

    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{url}/data")
    settle(page)
    with page.expect_file_chooser() as chooser:
        uploader = page.locator("[data-testid='stFileUploader']").filter(
            has=page.locator("[data-testid='stWidgetLabel']", has_text=re.compile(r"^(Files|Archivos)$")))
        uploader.first.get_by_test_id("stBaseButton-secondary").click()
    chooser.value.set_files([{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.wait_for_timeout(600)
    settle(page)
    page.locator("[data-testid='stSidebar']").get_by_text(re.compile(r"Tickets: [\d,]+ rows")).wait_for(timeout=120_000)
    if overview:
        page.get_by_role("link", name="Overview").click()
        settle(page)
    context.close()


def measure(cycles: int, ttl: int, plain: bool, env: dict[str, str], wait: float, overview: bool) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = ROOT / "test-artifacts" / f"measure_memory_{port}.log"
    log.parent.mkdir(exist_ok=True)
    process = start_server(port, ttl, plain, env, log)
    url = f"http://127.0.0.1:{port}"
    result: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cycle(browser, url, tickets_csv(0), "warmup.csv", overview)
            time.sleep(ttl + 12)
            result["warm"] = rss(process.pid)[0]
            print(f"after warm-up and expiry: {result['warm'] / MIB:.0f} MB", flush=True)
            for i in range(1, cycles + 1):
                cycle(browser, url, tickets_csv(i), f"tickets_{i}.csv", overview)
                own, group = rss(process.pid)
                print(f"cycle {i}: {own / MIB:.0f} MB (with workers {group / MIB:.0f} MB)", flush=True)
            result["peak_after_cycles"] = rss(process.pid)[0]
            browser.close()
        start = time.monotonic()
        while time.monotonic() - start < wait:
            time.sleep(5)
            own, group = rss(process.pid)
            print(f"  {time.monotonic() - start:3.0f} s after the last close: {own / MIB:.0f} MB", flush=True)
        result["end"] = rss(process.pid)[0]
    finally:
        os.killpg(process.pid, 9)
        process.wait()
    print(f"warm {result['warm'] / MIB:.0f} MB -> end {result['end'] / MIB:.0f} MB: "
          f"{(result['end'] - result['warm']) / MIB:+.0f} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--ttl", type=int, default=5)
    parser.add_argument("--wait", type=float, default=40)
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--no-overview", action="store_true")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server's environment")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    measure(args.cycles, args.ttl, args.plain, env, args.wait, not args.no_overview)


if __name__ == "__main__":
    main()
