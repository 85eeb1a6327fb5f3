"""Start the app: ``python -m ui.serve [streamlit options]`` (what ``make run`` does).

This is ``streamlit run app.py`` plus a safeguard. Streamlit 1.67 decides, on the first run of the first
session after the server starts, whether to emulate its old automatic ``pages/`` folder discovery (it
does when a ``pages/`` folder sits next to ``app.py``). The page files therefore live in ``views/``, so
that plain ``streamlit run app.py`` (Streamlit Community Cloud) routes with ``st.navigation`` from the
first request; the launcher also says so before the server starts, in case a ``pages/`` folder appears.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


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


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    keep_uploads_in_memory()
    sys.argv = ["streamlit", "run", str(APP), *(argv if argv is not None else sys.argv[1:])]
    cli.main()


if __name__ == "__main__":
    main()
