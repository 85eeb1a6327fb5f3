"""The Streamlit app starts, routes with st.navigation and shows the sample data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_app_opens_on_sample_data() -> None:
    at = run_app()
    assert at.title[0].value.startswith("cxkit")
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "sample data" in captions and "Tickets: 4,367 rows" in captions


def test_language_switch_changes_the_text() -> None:
    at = run_app()
    at.sidebar.radio(key="lang").set_value("es").run()
    assert not at.exception
    assert "banco de trabajo" in at.title[0].value
    assert "Tickets: 4.367 filas" in " ".join(c.value for c in at.sidebar.caption)


def test_usage_statistics_are_off() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config


def test_navigation_registers_only_the_pages_it_names(tmp_path: Path) -> None:
    """With st.navigation, Streamlit does not auto-discover files in pages/ (pinned version)."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "named.py").write_text("import streamlit as st\nst.write('NAMED PAGE')\n")
    (tmp_path / "pages" / "stray.py").write_text("import streamlit as st\nst.write('STRAY PAGE')\n")
    (tmp_path / "app.py").write_text(
        "import streamlit as st\nst.navigation([st.Page('pages/named.py')]).run()\n"
    )
    at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60).run()
    assert [m.value for m in at.markdown] == ["NAMED PAGE"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/stray.py")


def test_every_page_file_is_registered_and_runs_inside_the_frame() -> None:
    at = run_app()
    for page in sorted((ROOT / "pages").glob("*.py")):
        at.switch_page(f"pages/{page.name}").run()
        assert not at.exception, (page.name, [e.value for e in at.exception])
        # the sidebar (language switch) is drawn by app.py: the page ran inside the frame
        assert at.sidebar.radio(key="lang") is not None
        at.sidebar.radio(key="lang").set_value("es").run()
        assert len(at.sidebar.children) > 0, page.name
        at.sidebar.radio(key="lang").set_value("en").run()


def test_pinned_streamlit_still_emulates_pages_folder_on_first_run(tmp_path: Path) -> None:
    """What the page naming rule in app.py guards against, shown on the pinned Streamlit.

    Before st.navigation is first called, Streamlit runs an app that has a pages/ folder through its
    v1 emulation, which registers every file there under its own name. A page served at the same
    url_path as its file name is then run on its own on a rerun, without the main script's frame.
    """
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "home.py").write_text("import streamlit as st\nst.write('HOME')\n")
    (tmp_path / "app.py").write_text(
        "import streamlit as st\n"
        "st.sidebar.checkbox('frame', key='frame')\n"
        "st.navigation([st.Page('pages/home.py', url_path='home')]).run()\n"
    )
    at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60).run()
    assert len(at.sidebar.children) == 1
    at.run()
    assert len(at.sidebar.children) == 0  # the frame did not run: pages/home.py ran alone
    for page in (ROOT / "pages").glob("*.py"):
        assert page.stem.startswith("page_"), f"{page.name}: name page files page_<name>.py (see app.py)"
