"""Start the app: ``python -m ui.serve [streamlit options]`` (what ``make run`` runs under ``ui.watchdog``).

This is ``streamlit run app.py`` plus a safeguard. Streamlit 1.67 decides, on the first run of the first
session after the server starts, whether to emulate its old automatic ``pages/`` folder discovery (it
does when a ``pages/`` folder sits next to ``app.py``). The page files therefore live in ``views/``, so
that plain ``streamlit run app.py`` (Streamlit Community Cloud) routes with ``st.navigation`` from the
first request; the launcher also says so before the server starts, in case a ``pages/`` folder appears.

For a served room the launcher also: ends closed sessions on time and hands their memory back
(``ui.memory.install_session_reaper``, ``ui.memory.limit_arenas``, ``ui.memory.fix_mmap_threshold``), makes SIGUSR1 write a stack dump of every
thread to the log (what the watchdog asks for before it kills a wedged server), and arms the test hook
``CXKIT_TEST_WEDGE_FILE`` (inert unless that variable is set).
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import signal
import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
WEDGE_ENV = "CXKIT_TEST_WEDGE_FILE"


def keep_uploads_in_memory() -> None:
    """Make Streamlit's web server receive uploads in memory.

    Streamlit 1.67 parses an upload with Starlette's multipart parser, which stages every file over 1 MB
    in a temporary file on disk (``MultiPartParser.spool_max_size``). The app keeps visitors' files in
    memory only, so the threshold is raised to the upload limit (``server.maxUploadSize``): no upload
    is ever written to the server's disk. Called by the launcher and by ``app.py`` (for ``streamlit run``).
    """
    try:
        from starlette.formparsers import MultiPartParser
        from streamlit import config
    except ImportError:  # pragma: no cover - Streamlit without Starlette: nothing to change
        return
    limit = int(config.get_option("server.maxUploadSize")) * 2**20 + 2**20
    if MultiPartParser.spool_max_size < limit:
        MultiPartParser.spool_max_size = limit


def dump_stacks_on_sigusr1() -> None:
    """SIGUSR1 makes the server write the Python stack of every thread to its log (standard error), even when a
    thread holds the GIL for good: what ``ui.watchdog`` asks for before it kills a wedged server."""
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, all_threads=True, chain=False)


def _hold_the_gil_forever() -> None:  # pragma: no cover - runs in the server that the test then kills
    """Lock one plain mutex twice through ``ctypes.PyDLL`` (which keeps the GIL during the call): this thread
    never returns and never lets the GIL go, as in the polars/GIL deadlock of issue #21. No Python code runs
    again in the process: not the event loop, not the health endpoint, not a signal handler."""
    libc = ctypes.PyDLL(None)
    mutex = ctypes.create_string_buffer(64)  # zeroed: PTHREAD_MUTEX_INITIALIZER on glibc
    libc.pthread_mutex_lock(mutex)
    libc.pthread_mutex_lock(mutex)


def arm_test_wedge(environ: dict[str, str] | None = None) -> threading.Thread | None:
    """A test hook, inert unless ``CXKIT_TEST_WEDGE_FILE`` names a file: a thread waits for that file to appear,
    deletes it (so that a restarted server is not wedged again) and wedges the server by holding the GIL forever.
    tests/test_watchdog.py uses it to show that the watchdog recovers a wedged server."""
    path = (os.environ if environ is None else environ).get(WEDGE_ENV, "")
    if not path:
        return None

    def wait_then_wedge() -> None:
        while not os.path.exists(path):
            time.sleep(0.2)
        os.unlink(path)
        print(f"cxkit test hook: {WEDGE_ENV} appeared, wedging the server (pid {os.getpid()})", file=sys.stderr,
              flush=True)
        _hold_the_gil_forever()

    thread = threading.Thread(target=wait_then_wedge, name="cxkit-test-wedge", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from ui import memory

    PagesManager.uses_pages_directory = False
    keep_uploads_in_memory()
    memory.install_session_reaper()
    memory.limit_arenas()
    memory.fix_mmap_threshold()
    dump_stacks_on_sigusr1()
    arm_test_wedge()
    sys.argv = ["streamlit", "run", str(APP), *(argv if argv is not None else sys.argv[1:])]
    cli.main()


if __name__ == "__main__":
    main()
