"""Session state and data loading for the app. Parsing is cached on the uploaded bytes."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import cxkit

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLE_FILES = (
    "tickets_zendesk.csv",
    "encuestas_nps.csv",
    "suscripciones_stripe.csv",
    "pedidos.xlsx",
    "costes_equipo.csv",
)


def init_state() -> None:
    """Set every shared key once per session."""
    locale = ""
    try:
        locale = str(st.context.locale or "")
    except Exception:  # st.context is only there in a browser session
        locale = ""
    st.session_state.setdefault("lang", "es" if locale.lower().startswith("es") else "en")
    st.session_state.setdefault("use_sample", True)
    st.session_state.setdefault("uploads", {})  # file name -> cxkit.Loaded


@st.cache_data(show_spinner=False, max_entries=64)
def parse_bytes(data: bytes, name: str, lang: str) -> cxkit.Loaded:
    """Parse one file; cached on its bytes so that widgets never re-read it."""
    return cxkit.load(data, name=name, lang=lang)  # type: ignore[arg-type]


def sample_datasets(lang: str) -> list[cxkit.Loaded]:
    """The bundled sample files, parsed (cached)."""
    return [parse_bytes((SAMPLE_DIR / name).read_bytes(), name, lang) for name in SAMPLE_FILES]


def active_datasets() -> list[cxkit.Loaded]:
    """The datasets the pages work on: the sample, or the user's uploads."""
    if st.session_state.get("use_sample", True):
        return sample_datasets(st.session_state.get("lang", "en"))
    return list(st.session_state.get("uploads", {}).values())
