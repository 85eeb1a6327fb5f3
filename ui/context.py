"""What a page draws with, read from the session once per run (by app.py) and handed on: the view (data filtered
by period and segments), the language, the first-reply target and projector mode. Pages take it with
``page_context()`` and pass its parts to helpers, instead of each reading its own session keys with its own
defaults."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.i18n import lang
from ui.state import View

KEY = "_context"
DEFAULT_SLA_MINUTES = 24 * 60.0


@dataclass(frozen=True)
class PageContext:
    view: View
    lang: str  # a key of ui.i18n.LANGS
    sla_minutes: float  # first-reply target, minutes
    large_fonts: bool  # projector mode

    @property
    def granularity(self) -> str:
        return self.view.every


def build(view: View) -> PageContext:
    """The context of this run (app.py, after the sidebar's choices are known)."""
    context = PageContext(view=view, lang=lang(),
                          sla_minutes=float(st.session_state.get("sla_minutes", DEFAULT_SLA_MINUTES)),
                          large_fonts=bool(st.session_state.get("large_fonts", False)))
    st.session_state[KEY] = context
    return context


def page_context() -> PageContext:
    """The context app.py built for this run."""
    context: PageContext = st.session_state[KEY]
    return context
