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
