"""The view in the address bar: language, period, granularity, comparison, filters, large fonts, sample on
or off and each page's choices live in ``st.query_params``, so that a reload (or a shared link) opens the
same view. Uploaded files cannot travel in a URL; they stay in the session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

SCALARS = {"lang": "lang", "every": "granularity", "compare": "compare", "large": "large_fonts",
           "sample": "use_sample"}
BOOLEANS = {"compare", "large_fonts", "use_sample"}
FILTER = "f."
CHOICE = "c."
CHOICES = "_choice_keys"  # the per-page choices (ui.widgets.choice) seen in this session
PERIOD_FROM_URL = "_period_from_url"
RESTORED = "_url_restored"


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def restore() -> None:
    """Once per session, before anything else sets defaults: take the view from the address."""
    if st.session_state.get(RESTORED):
        return
    st.session_state[RESTORED] = True
    params = st.query_params
    allowed = {"lang": {"en", "es"}, "granularity": {"1d", "1w", "1mo", "1q"}}
    for name, key in SCALARS.items():
        if name in params:
            value = params[name]
            if key in BOOLEANS:
                st.session_state[key] = value in ("1", "true")
            elif value in allowed.get(key, {value}):
                st.session_state[key] = value
    start, end = _date(params.get("from", "")), _date(params.get("to", ""))
    if start is not None and end is not None and start <= end:
        st.session_state[PERIOD_FROM_URL] = (start, end)
    for name in params:
        if name.startswith(FILTER):
            st.session_state[f"flt::{name.removeprefix(FILTER)}"] = params.get_all(name)
        elif name.startswith(CHOICE):
            st.session_state[name.removeprefix(CHOICE)] = params[name]


def remember_choice(key: str) -> None:
    st.session_state.setdefault(CHOICES, set()).add(key)


def persist() -> None:
    """Write the current view into the address (only what differs from it, so no rerun loop)."""
    wanted: dict[str, Any] = {}
    for name, key in SCALARS.items():
        if key in st.session_state:
            value = st.session_state[key]
            wanted[name] = ("1" if value else "0") if key in BOOLEANS else str(value)
    period = st.session_state.get("period")
    if isinstance(period, (tuple, list)) and len(period) == 2 and all(isinstance(d, dt.date) for d in period):
        wanted["from"], wanted["to"] = period[0].isoformat(), period[1].isoformat()
    for state_key, value in st.session_state.items():
        if isinstance(state_key, str) and state_key.startswith("flt::") and value:
            wanted[FILTER + state_key.removeprefix("flt::")] = [str(v) for v in value]
    for key in sorted(st.session_state.get(CHOICES, set())):
        if key in st.session_state and st.session_state[key] not in (None, ""):
            wanted[CHOICE + key] = str(st.session_state[key])
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    normalised = {name: value if isinstance(value, list) else [value] for name, value in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)
