from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "sample_data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


def _hypothesis_profiles() -> None:
    """On CI the property tests use a fixed sequence of examples, so a landing never depends on luck;
    on a developer's machine they explore new examples every run (and keep failures in .hypothesis/)."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()


# Modules whose tests run the app (AppTest page walks), start processes (parse workers, servers, the README's
# examples) or drive a browser: `make test` runs them, `make test-fast` (the library and import loop) does not.
SLOW_MODULES = frozenset({"test_app", "test_page_beyond", "test_present", "test_server_log", "test_render_threads",
                          "test_bounded", "test_hostile", "test_watchdog", "test_memory_cycles", "test_soak",
                          "test_readme", "test_browser",
                          # page-level AppTest walks of the forecast, ROI and presentation pages (make test runs them)
                          "test_page_forecast", "test_plan_figures", "test_no_dead_ends", "test_roi_planner"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of SLOW_MODULES are marked ``slow``. Real-browser tests need Debian's Chromium. ``make test`` (and so CI) installs it, and there a missing
    browser is an error; on a developer's machine without it they are skipped with the reason printed
    (``-ra``), so the library's fast loop runs anywhere."""
    import os

    from tests.browser import CHROMIUM, chromium_available

    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or chromium_available():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium is not installed at {CHROMIUM}: CI must run `make test`, which installs "
                                "Debian's chromium, so the real-browser tests run")
    reason = f"no Chromium at {CHROMIUM}: real-browser tests skipped here (`make test` installs Debian's chromium)"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Each test's report of its call, kept on the test (``item.rep_call``) for fixtures that explain failures."""
    outcome = yield
    if call.when == "call":
        item.rep_call = outcome.get_result()  # type: ignore[attr-defined]
