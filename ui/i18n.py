"""UI language (English / Spanish) and locale-aware formatting of numbers and dates."""

from __future__ import annotations

import datetime as dt
import math
import re

import streamlit as st

LANGS = {"en": "English", "es": "Español"}


def lang() -> str:
    """The language chosen in this session (``"en"`` or ``"es"``)."""
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def L(en: str, es: str, **values: object) -> str:
    """The text in the session's language; both languages stand side by side where the text is used."""
    text = es if lang() == "es" else en
    return text.format(**values) if values else text


# Every ASCII punctuation character CommonMark lets a backslash escape that Streamlit's markdown gives a
# meaning to: links and images ``[x](y)`` ``![x](y)``, emphasis, headings (``#`` and a ``===`` or ``---``
# underline), lists, tables, HTML ``<b>`` and entities ``&amp;``, maths ``$``, Streamlit's ``:red[x]``
# colours and ``:icon:`` shortcodes.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=&^\"'@%")
# GFM turns bare ``http://x``, ``www.x.com`` and ``a@b.com`` into links after escapes are resolved, so an
# invisible WORD JOINER (U+2060) goes where those patterns need two characters to touch.
_WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(:)(//)|\b(www)(\.)|(@)")


def esc(text: object) -> str:
    """Text from a file or workspace made inert for Streamlit's markdown: shown as written (no links, images,
    HTML or formatting, and no line breaks that could start a heading or a list)."""
    flat = " ".join(str(text).splitlines())
    flat = _AUTOLINK.sub(lambda m: _WORD_JOINER.join(g for g in m.groups() if g) + (_WORD_JOINER if m.group(5) else ""),
                         flat)
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in flat)


KIND_NAMES = {
    "tickets": ("Tickets", "Tickets"),
    "responses": ("Survey answers", "Respuestas de encuesta"),
    "customers": ("Customers", "Clientes"),
    "orders": ("Orders", "Pedidos"),
    "costs": ("Costs", "Costes"),
    "calls": ("Calls", "Llamadas"),
}


def kind_name(kind: str) -> str:
    en, es = KIND_NAMES.get(kind, (kind, kind))
    return L(en, es)


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1,234.5`` in English, ``1.234,5`` in Spanish; ``—`` for missing values."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang() == "es":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_pct(value: float | None, decimals: int = 1) -> str:
    """A fraction 0..1 shown as a percentage in the session's locale."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return fmt_number(100 * value, decimals) + (" %" if lang() == "es" else "%")


def fmt_p(value: float | None) -> str:
    """A p-value as ``p = 0.016`` or ``p < 0.001``."""
    if value is None or not math.isfinite(value):
        return "p = —"
    if value < 0.001:
        return "p < " + fmt_number(0.001, 3)
    return "p = " + fmt_number(value, 3)


def fmt_money(value: float | None, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return fmt_number(value, decimals) + " €"


def fmt_minutes(value: float | None) -> str:
    """Minutes as ``45 min``, ``3.5 h`` or ``2.1 days``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if value < 90:
        return fmt_number(value, 0 if value >= 10 else 1) + " min"
    if value < 48 * 60:
        return fmt_number(value / 60, 1) + " h"
    return fmt_number(value / 1440, 1) + L(" days", " días")


def signed_minutes(value: float | None) -> str | None:
    """A change in minutes with its sign, for KPI deltas."""
    if value is None or not math.isfinite(value):
        return None
    return ("+" if value > 0 else "−" if value < 0 else "") + fmt_minutes(abs(value))


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy in Spanish, yyyy-mm-dd in English."""
    if value is None:
        return "—"
    return value.strftime("%d/%m/%Y") if lang() == "es" else value.strftime("%Y-%m-%d")


def date_format() -> str:
    """The date widget's format in the session's locale."""
    return "DD/MM/YYYY" if lang() == "es" else "YYYY-MM-DD"
