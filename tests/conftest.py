from __future__ import annotations

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Real-browser tests need Debian's Chromium. ``make test`` (and so CI) installs it, and there a missing
    browser is an error; on a developer's machine without it they are skipped with the reason printed
    (``-ra``), so the library's fast loop runs anywhere."""
    import os

    from tests.browser import CHROMIUM, chromium_available

    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or chromium_available():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium is not installed at {CHROMIUM}: CI must run `make test`, which installs "
                                "Debian's chromium, so the real-browser tests run")
    reason = f"no Chromium at {CHROMIUM}: real-browser tests skipped here (`make test` installs Debian's chromium)"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))
