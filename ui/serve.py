"""Start the app: ``python -m ui.serve [streamlit options]`` (what ``make run`` does).

This is ``streamlit run app.py`` with one difference. Streamlit 1.67 decides, on the first run of the
first session after the server starts, whether to emulate its old automatic ``pages/`` folder
discovery; it only stops once ``st.navigation`` has been called. A visitor whose first request is a
deep link (``/nps``) would meet a "Page not found" notice. Routing here belongs to ``st.navigation`` in
``app.py`` from the start, so the launcher says so before the server starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(argv if argv is not None else sys.argv[1:])]
    cli.main()


if __name__ == "__main__":
    main()
