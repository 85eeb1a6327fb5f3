"""The view in the address bar: language, period, granularity, comparison, filters, large fonts, sample on
or off, each page's choices and the ROI plan being edited live in ``st.query_params``, so that a reload (or a
shared link) opens the same view.

Uploaded files cannot travel in a URL and are never written to disk: they stay in the session's memory. The
address only counts them (``files=3``, and ``plans=2`` for the plans kept for comparison), so that after a
reload the app can say plainly what was cleared and point to the workspace file instead of silently showing
other numbers. The ROI plan being edited holds planning assumptions, not uploaded rows; it travels compressed
(``plan=``), read back with a bound on its size and checked like an opened scenario file."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import zlib
from typing import Any

import streamlit as st

from cxkit import roi
from ui.i18n import LANGS

SCALARS = {"lang": "lang", "every": "granularity", "compare": "compare", "large": "large_fonts",
           "sample": "use_sample"}
BOOLEANS = {"compare", "large_fonts", "use_sample"}
FILTER = "f."
CHOICE = "c."
CHOICES = "_choice_keys"  # the per-page choices (ui.widgets.choice and .keep) seen in this session
SEEN = "_choice_values"  # the last value of each page choice, kept while its page is not drawn
PENDING = "_url_pending"  # choices read from the address, checked by the page's widget before it is drawn
SLA = ("sla", "sla_minutes", 6.0, 30 * 24 * 60.0)  # the first-reply target, in minutes, within bounds
PERIOD_FROM_URL = "_period_from_url"
RESTORED = "_url_restored"
CLEARED = "_cleared_on_reload"  # (files, plans) the address counted but this new session does not hold
PLAN = "plan"
PLAN_MAX_CHARS = 16_000  # the address's encoded plan (an example plan takes ~1,300)
PLAN_MAX_BYTES = 256_000  # the plan's JSON once decompressed


def encode_plan(text: str) -> str:
    """A scenario's JSON for the address: zlib-compressed, URL-safe base64."""
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def decode_plan(code: str) -> str | None:
    """The scenario JSON in an address, or None when it is too long, damaged or not a valid scenario."""
    if not code or len(code) > PLAN_MAX_CHARS:
        return None
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.urlsafe_b64decode(code.encode("ascii")), PLAN_MAX_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            return None
        text = data.decode("utf-8")
        roi.Scenario.from_json(text)
    except (ValueError, binascii.Error, zlib.error, UnicodeError, roi.ScenarioError):
        return None
    return text


def _count(params: Any, name: str) -> int:
    try:
        return max(int(params.get(name, "0")), 0)
    except ValueError:
        return 0


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
    allowed = {"lang": set(LANGS), "granularity": {"1d", "1w", "1mo", "1q"}}
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
    plan = decode_plan(params.get(PLAN, ""))
    if plan is not None:
        st.session_state["scenario_json"] = plan
    files, plans = _count(params, "files"), _count(params, "plans")
    if files or plans:  # a reload (or a shared link) of a view that had uploads: this session has none
        st.session_state[CLEARED] = (files, plans)
    for name in params:
        if name.startswith(FILTER):
            st.session_state[f"flt::{name.removeprefix(FILTER)}"] = params.get_all(name)
        elif name.startswith(CHOICE):  # checked against the widget's options or bounds when it is drawn
            st.session_state.setdefault(PENDING, {})[name.removeprefix(CHOICE)] = params[name]
    name, key, low, high = SLA
    try:
        minutes = float(params.get(name, ""))
    except ValueError:
        minutes = float("nan")
    if low <= minutes <= high:
        st.session_state[key] = minutes


def take(key: str) -> str | None:
    """A page choice the address holds for ``key`` (once: later runs keep the widget's own value)."""
    pending = st.session_state.get(PENDING)
    return pending.pop(key, None) if pending else None


def last_value(key: str) -> Any:
    """The value a page's widget had when its page was last drawn in this session (None when never)."""
    return (st.session_state.get(SEEN) or {}).get(key)


def forget_value(key: str) -> None:
    """Forget the value a page's widget had when its page was last drawn (it starts again from its default)."""
    (st.session_state.get(SEEN) or {}).pop(key, None)


def remember_choice(key: str) -> None:
    st.session_state.setdefault(CHOICES, set()).add(key)


def persist() -> None:
    """Write the current view into the address (only what differs from it, so no rerun loop)."""
    wanted: dict[str, Any] = {}
    for name, key in SCALARS.items():
        if key in st.session_state:
            value = st.session_state[key]
            wanted[name] = ("1" if value else "0") if key in BOOLEANS else str(value)
    name, key, _low, _high = SLA
    if key in st.session_state and float(st.session_state[key]) != 24 * 60:
        wanted[name] = f"{float(st.session_state[key]):g}"
    period = st.session_state.get("period")
    if isinstance(period, (tuple, list)) and len(period) == 2 and all(isinstance(d, dt.date) for d in period):
        wanted["from"], wanted["to"] = period[0].isoformat(), period[1].isoformat()
    for state_key, value in st.session_state.items():
        if isinstance(state_key, str) and state_key.startswith("flt::") and value:
            wanted[FILTER + state_key.removeprefix("flt::")] = [str(v) for v in value]
    seen = st.session_state.setdefault(SEEN, {})
    for key in sorted(st.session_state.get(CHOICES, set())):
        if key in st.session_state and st.session_state[key] not in (None, ""):
            seen[key] = st.session_state[key]  # Streamlit forgets a widget's value once its page is left
        if key in seen:
            wanted[CHOICE + key] = str(seen[key])
    uploads = st.session_state.get("uploads") or {}
    cleared_files, cleared_plans = st.session_state.get(CLEARED) or (0, 0)  # kept until the notice is closed
    files = len(uploads) or cleared_files
    plans = len(st.session_state.get("roi_plans") or {}) or cleared_plans
    if files:
        wanted["files"] = str(files)
    if plans:
        wanted["plans"] = str(plans)
    if st.session_state.get("scenario_json"):
        wanted[PLAN] = encode_plan(str(st.session_state["scenario_json"]))
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    normalised = {name: value if isinstance(value, list) else [value] for name, value in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)


def cleared_notice() -> None:
    """When the address counted uploaded files (or plans kept for comparison) that this session does not hold —
    a shared link or a reload: the app cannot tell which — say what the link's maker had and what to do, until
    the visitor closes the notice or adds files."""
    cleared = st.session_state.get(CLEARED)
    if not cleared:
        return
    if st.session_state.get("uploads"):
        st.session_state[CLEARED] = None
        return
    from ui.i18n import _, ngettext

    files, plans = cleared
    parts = []
    if files:
        parts.append(ngettext("uploaded {n} file", "uploaded {n} files", files))
    if plans:
        parts.append(ngettext("kept {n} ROI plan for comparison", "kept {n} ROI plans for comparison", plans))
    shown = _("on the sample data") if st.session_state.get("use_sample") else _("without data")
    text = _("Whoever made this link had {what}. Files and kept plans never travel in a link (they stay in the memory "
             "of the session that had them, never on disk), so this page shows the same period, filters and ROI plan "
             "{shown}. Upload your own files on Your data to see it with your data, or open a workspace file there "
             "(the sender can save one on Your data) to see theirs. If this was your own page and it was reloaded, "
             "your workspace file brings everything back.", what=_(" and ").join(parts), shown=shown)
    st.warning(text, icon="🔗")
    link, close = st.columns([3, 1])
    link.page_link("views/page_data.py", label=_("Go to Your data"), icon="📂")
    if close.button(_("Close this notice"), key="cleared_close"):
        st.session_state[CLEARED] = None
        st.rerun()
