"""The server log stays readable: drawing pages and building downloads log no "missing ScriptRunContext"
warning (issue #21: 18,000 such lines in 17 minutes hid the real errors).

Streamlit logs that warning whenever a thread that is not a session's script thread asks for the session
(``st.session_state``, any ``st.*`` call). The flood came from per-cell formatting run by polars' thread pool
(``map_elements``), which read the session's language for every cell. Downloads are built in a thread of
Streamlit's (``asyncio.to_thread``), outside the script run, so they must not ask for the session either.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import report

APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "views").glob("page_*.py"))
NO_SESSION = ("missing ScriptRunContext", "Session state does not function")


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[logging.LogRecord, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record, "".join(f for f in traceback.format_stack()[-30:-1] if "/logging/" not in f)))

    def deprecated(self) -> list[str]:
        """Streamlit's warnings about a parameter it will remove ("Please replace `use_container_width`...") or a
        widget given a value both as a parameter and through the session state (logged on every such visit)."""
        return [f"{r.name}: {r.getMessage()}\n{stack}" for r, stack in self.records
                if "Please replace" in r.getMessage() or "deprecat" in r.getMessage().lower()
                or "set via the Session State API" in r.getMessage()]

    def outside_session(self) -> list[str]:
        """Each such warning with the code that asked for the session."""
        return [f"{r.name}: {r.getMessage()}\n{stack}" for r, stack in self.records
                if any(m in r.getMessage() for m in NO_SESSION)]


@contextlib.contextmanager
def streamlit_log() -> Iterator[Collect]:
    """Every record of Streamlit's loggers (they do not propagate to the root logger that caplog reads)."""
    handler = Collect()
    names = ["streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context",
             "streamlit.runtime.state.session_state_proxy"]
    loggers = [logging.getLogger(n) for n in names]
    loggers += [logging.getLogger(n) for n in list(logging.root.manager.loggerDict) if n.startswith("streamlit.")]
    for logger in set(loggers):
        logger.addHandler(handler)
    yield handler
    for logger in set(loggers):
        logger.removeHandler(handler)


def test_every_page_in_both_languages_logs_no_missing_session_warning() -> None:
    at = AppTest.from_file(APP, default_timeout=180)  # AppTest itself sets a key from the test's thread: not ours
    tables = 0
    with streamlit_log() as log:
        at.run()
        for lang in ("en", "es"):
            at.sidebar.radio(key="lang").set_value(lang).run()
            for page in PAGES:
                at.switch_page(f"views/{page}").run()
                assert not at.exception, (lang, page, [e.value for e in at.exception])
                tables += len(at.dataframe)
        at.sidebar.toggle(key="present").set_value(True).run()  # every slide of the presentation too
        for _slide in range(6):
            assert not at.exception and at.session_state["present"], [e.value for e in at.exception]
            at.button(key="present_next").click().run()
    assert tables > 10, "the pages drew tables (the formatting that used to log once per cell)"
    assert not log.outside_session(), "\n".join(log.outside_session()[:3])
    assert not log.deprecated(), "\n".join(log.deprecated()[:3])


def test_the_excel_report_is_built_outside_the_script_run_without_asking_for_the_session() -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    view = at.session_state["_view"]
    built: list[bytes] = []
    with streamlit_log() as log:
        for lang in ("en", "es"):  # as Streamlit builds a download: in a thread of its own, no ScriptRunContext
            worker = threading.Thread(target=lambda code=lang: built.append(report.build(view, 240.0, None, code,
                                                                                        ["sample"])))
            worker.start()
            worker.join(timeout=120)
            assert not worker.is_alive(), "the report did not finish within 120 s"
    assert len(built) == 2 and all(b.startswith(b"PK") for b in built)
    assert not log.outside_session(), "\n".join(log.outside_session()[:3])


def test_the_log_check_sees_a_thread_that_asks_for_the_session() -> None:
    import streamlit as st

    with streamlit_log() as log:
        worker = threading.Thread(target=lambda: st.session_state.get("lang"))
        worker.start()
        worker.join(timeout=30)
    assert log.outside_session(), "the handler would miss the warning this test is about"

