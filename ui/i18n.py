"""UI language and locale-aware formatting of numbers and dates.

Every UI text is an English msgid in the code, marked ``_("...")`` (translated where it is shown) or ``N_("...")``
(a module-level table, translated at render time). The translations live in gettext catalogs made with Babel:
``locales/<lang>/LC_MESSAGES/messages.po``, read as they are when a language is first used (compiled in memory,
so there is no compile step and no stale ``.mo``). ``make i18n`` extracts the msgids into ``locales/messages.pot``
and updates every catalog. A text a catalog does not translate yet is shown in English."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import io
import math
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import streamlit as st
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberFormatError, format_currency, format_decimal, parse_decimal
from babel.support import NullTranslations, Translations

# The languages the picker offers: code -> its own name. A new language also needs a catalog
# (``pybabel init -i locales/messages.pot -d locales -D messages -l <code>``) and a Babel locale below.
LANGS = {"en": "English", "es": "Español", "pt": "Português (Brasil)"}
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


def lang() -> str:
    """The language chosen in this session (a key of ``LANGS``: ``"en"``, ``"es"``, ``"pt"``)."""
    forced = _FORCED.get()
    if forced is not None:
        return forced
    try:
        value = st.session_state.get("lang", "en")
    except Exception:
        value = "en"
    return value if value in LANGS else "en"


# The languages cxkit itself writes where the app asks it for a language (its example scenarios' texts; its metric
# catalog has a column per language).
CXKIT_LANGS = ("en", "es", "pt")


def cxkit_lang() -> str:
    """The session's language if cxkit writes it, else English: what to ask cxkit for (``roi.examples`` refuses
    a language it has no texts for)."""
    code = lang()
    return code if code in CXKIT_LANGS else "en"


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Work in ``code`` for a while (a download built outside the script run, in the language it was asked in).

    Only in this thread (or task): a download is built in a thread of Streamlit's while other sessions run
    their scripts, and they keep their own language."""
    token = _FORCED.set(code if code in LANGS else None)
    try:
        yield
    finally:
        _FORCED.reset(token)


_FORCED: contextvars.ContextVar[str | None] = contextvars.ContextVar("cxkit_ui_language", default=None)


@functools.cache
def translations(code: str) -> NullTranslations:
    """The catalog of ``code`` as the ``.po`` file says now, compiled in memory once per process (English, or a
    language without a catalog: no translation). Fuzzy and empty entries are left out, so they show in English."""
    path = LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == "en" or not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=BABEL_LOCALES.get(code, code), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def _(msgid: str, **values: object) -> str:
    """``msgid`` (English) in the session's language, with ``{name}`` placeholders filled from ``values``.
    A msgid marked with a context by ``NP_`` is looked up with it and shown without it."""
    text = translations(lang()).gettext(msgid) if msgid else ""  # gettext("") is the catalog's header
    text = text.rpartition(_CONTEXT_GLUE)[2]
    return text.format(**values) if values else text


def N_(msgid: str) -> str:
    """Marks a text for the catalog without translating it (module-level tables; ``_(table[key])`` translates
    it where it is shown, in the language of that session)."""
    return msgid


# gettext's own key of a message with a context: "context\x04msgid" (what ``pgettext`` looks up).
_CONTEXT_GLUE = "\x04"


def NP_(context: str, msgid: str) -> str:
    """Like ``N_`` for a table's text whose English word needs another translation elsewhere (``context`` says
    which meaning this is): ``_()`` looks it up with its context."""
    return f"{context}{_CONTEXT_GLUE}{msgid}"


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural text for ``n`` in the session's language (``{n}`` is filled with ``n`` as written
    by ``fmt_number``; other placeholders from ``values``)."""
    text = str(translations(lang()).ngettext(singular, plural, n))
    return text.format(n=fmt_number(n), **values)


def pgettext(context: str, msgid: str, **values: object) -> str:
    """``msgid`` in the session's language where one English word needs two translations (``context`` tells
    which meaning this is)."""
    text = str(translations(lang()).pgettext(context, msgid))
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
    "tickets": N_("Tickets"),
    "responses": N_("Survey answers"),
    "customers": N_("Customers"),
    "orders": N_("Orders"),
    "costs": N_("Costs"),
    "calls": N_("Calls"),
}


def kind_name(kind: str) -> str:
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


BABEL_LOCALES = {"en": "en_US", "es": "es_ES", "pt": "pt_BR"}
# How each language writes a date: (strftime pattern, date widget's pattern). The app writes days in full
# (CLDR's short date would be 7/12/26 in Spanish), so this is the app's convention rather than Babel's.
DATE_FORMATS = {"en": ("%Y-%m-%d", "YYYY-MM-DD"), "es": ("%d/%m/%Y", "DD/MM/YYYY"), "pt": ("%d/%m/%Y", "DD/MM/YYYY")}
MINUS = "-"  # hyphen-minus: st.metric reads a delta starting with "-" as a fall (U+2212 would show as a rise)


def babel_locale() -> str:
    """The Babel (CLDR) locale of the session's language: numbers follow the app's language, never the browser's."""
    return BABEL_LOCALES[lang()]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1,234.5`` in English, ``1.234,5`` in Spanish (Babel, grouping from the first thousand);
    ``—`` for missing values."""
    if _missing(value):
        return "—"
    assert value is not None
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(round(float(value), decimals) if decimals else round(float(value)), format=pattern,
                          locale=babel_locale())
    return text.replace("-", MINUS)


def fmt_signed(value: float | int | None, decimals: int = 0) -> str | None:
    """A change with its sign (``+1,2`` / ``−10,3``), for KPI deltas; ``None`` for a missing value."""
    if _missing(value):
        return None
    assert value is not None
    text = fmt_number(abs(value), decimals)
    return ("+" if value > 0 else MINUS if value < 0 else "") + text if text.strip("0,.") else text


def fmt_points(value: float | None, decimals: int = 1) -> str | None:
    """A change in percentage points (``−10,3 pts``)."""
    text = fmt_signed(value, decimals)
    unit = _("pts")  # (not inside the f-string: Babel on Python 3.11 does not read calls in f-strings)
    return None if text is None else f"{text} {unit}"


def fmt_pct(value: float | None, decimals: int = 1) -> str:
    """A fraction 0..1 shown as a percentage in the session's language (``23.2%``, ``23,2 %``)."""
    if _missing(value):
        return "—"
    assert value is not None
    return fmt_number(100 * value, decimals) + percent_sign(babel_locale())


@functools.cache
def percent_sign(locale: str) -> str:
    """The percent sign as the locale writes it after a number: ``%`` (en, pt_BR) or `` %`` (es, a plain space)."""
    pattern = Locale.parse(locale).percent_formats[None].pattern
    return str(pattern[pattern.rindex("0") + 1:]).replace("\xa0", " ")


def fmt_p(value: float | None) -> str:
    """A p-value in words: ``p = 0.016`` or ``p < 0.001`` (never ``4.074e-31``)."""
    if value is None or not math.isfinite(value):
        return "p = —"
    if value < 0.001:
        return "p < " + fmt_number(0.001, 3)
    return "p = " + fmt_number(value, 3)


def fmt_money(value: float | None, decimals: int = 0) -> str:
    """Euros with thousands separators and the sign after the amount: ``12.345 €`` in Spanish, ``12,345 €`` in
    English (the app's convention in both languages, which the ROI planner's figures share)."""
    if _missing(value):
        return "—"
    assert value is not None
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    pattern = f"{pattern} ¤"
    text = format_currency(value, "EUR", format=pattern, locale=babel_locale(), currency_digits=False)
    return text.replace("-", MINUS)


def fmt_minutes(value: float | None) -> str:
    """A duration given in minutes: ``45 min``, ``7,5 min``, ``1 h 48 min``, ``2 d 4 h`` (``2 días 4 h``)."""
    if _missing(value):
        return "—"
    assert value is not None
    if value < 0:
        return MINUS + fmt_minutes(-value)
    if value < 10:
        return fmt_number(value, 1) + " min"
    minutes = round(value)
    if minutes < 60:
        return f"{fmt_number(minutes)} min"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{fmt_number(hours)} h" + (f" {rest} min" if rest else "")
    days, rest = divmod(round(value / 60), 24)
    unit = _("d")
    return f"{fmt_number(days)} {unit}" + (f" {rest} h" if rest else "")


def signed_minutes(value: float | None) -> str | None:
    """A change in minutes with its sign, for KPI deltas."""
    if value is None or not math.isfinite(value):
        return None
    return ("+" if value > 0 else MINUS if value < 0 else "") + fmt_minutes(abs(value))


def fmt_cell(value: object, kind: str = "number") -> str:
    """One table cell as the app's language writes it: ``kind`` is ``number``, ``percent``, ``money``,
    ``minutes`` or ``p`` (a p-value in words)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    number = float(value)  # type: ignore[arg-type]
    if kind == "percent":
        return fmt_pct(number)
    if kind == "money":
        return fmt_money(number)
    if kind == "minutes":
        return fmt_minutes(number)
    if kind == "p":
        return fmt_p(number).removeprefix("p = ").removeprefix("p ")
    if isinstance(value, int) or (number.is_integer() and abs(number) >= 100):
        return fmt_number(number)
    size = abs(number)
    return fmt_number(number, 0 if size >= 100 else 1 if size >= 10 else 2)


def input_text(value: float | int | None, most: int = 4) -> str:
    """A number as a text input shows it for editing, in the session's language: ``0,19`` and ``2500`` in
    Spanish, ``0.19`` in English (no thousands marks, no more decimals than the value has, at most ``most``).
    Streamlit's number input writes with sprintf, which has no decimal comma, so inputs whose values have
    decimals are text inputs read back with ``parse_input``."""
    if _missing(value):
        return ""
    assert value is not None
    decimals = int(input_format(value, most)[2:-1])
    return format_decimal(value, format="0." + "0" * decimals if decimals else "0", locale=babel_locale())


def parse_input(text: object) -> float | None:
    """What a user typed in a number's text input (``input_text``), read in the session's language: ``0,19``,
    ``2.500`` and ``2500`` in Spanish; a lone point with other than three digits after it (``0.19``, ``7.5``) is
    a decimal point whatever the language, as people type it from an English keypad. None if it is no number."""
    raw = str(text or "").strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not raw:
        return None
    if re.fullmatch(r"[-+]?\d+\.(\d{1,2}|\d{4,})", raw):
        return float(raw)
    try:
        return float(parse_decimal(raw, locale=babel_locale(), strict=True))
    except (NumberFormatError, ValueError):
        return None


def input_format(value: float | int | None, most: int = 2) -> str:
    """The printf format of a number input showing ``value`` with no more decimals than it has (at most ``most``):
    ``24``, ``2500``, ``7.5``. Streamlit writes an input's number with sprintf, which knows no locale, so a
    Spanish or Portuguese input would read ``24.00`` and ``0.10``: whole amounts are shown whole, shares as
    percentages (see the pages), and a decimal mark is left only where the value has decimals."""
    if _missing(value):
        return "%.0f"
    assert value is not None
    for decimals in range(most + 1):
        if abs(round(float(value), decimals) - float(value)) < 1e-9:
            return f"%.{decimals}f"
    return f"%.{most}f"


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy in Spanish and Portuguese, yyyy-mm-dd in English (``DATE_FORMATS``)."""
    if value is None:
        return "—"
    return value.strftime(DATE_FORMATS[lang()][0])


def date_format() -> str:
    """The date widget's format in the session's locale."""
    return DATE_FORMATS[lang()][1]


# What each canonical column means, for the mapping editor (cxkit's own descriptions are English only).
COLUMN_MEANINGS: dict[str, str] = {
    "ticket_id": N_("Ticket or conversation id"),
    "created_at": N_("When the ticket was opened"),
    "solved_at": N_("When it was solved or closed"),
    "updated_at": N_("When this row's change happened (event logs)"),
    "first_response_at": N_("When the first agent reply was sent"),
    "status": N_("Status: new, open, pending, on hold, solved or closed"),
    "channel": N_("Channel: email, chat, phone..."),
    "ticket_type": N_("Kind of request"),
    "agent": N_("Agent"),
    "customer_id": N_("Customer (id or e-mail)"),
    "first_response_minutes": N_("Minutes to the first reply"),
    "resolution_minutes": N_("Minutes to resolution"),
    "handle_minutes": N_("Minutes an agent spent on it"),
    "agent_replies": N_("Number of agent replies"),
    "customer_messages": N_("Number of customer messages"),
    "reopens": N_("Times it was reopened"),
    "csat_score": N_("Satisfaction rating (1–5 or Good/Bad)"),
    "satisfied": N_("Good rating (or 4–5 of 5)"),
    "sla_breached": N_("The export says the SLA was missed"),
    "response_id": N_("Answer id"),
    "submitted_at": N_("When the answer was given"),
    "nps_score": N_("NPS score: 0–10 likelihood to recommend"),
    "nps_group": N_("Promoter / passive / detractor as exported"),
    "comment": N_("Comment"),
    "emotion": N_("Emotion (positive, neutral, negative)"),
    "acquired_at": N_("Sign-up date"),
    "churned_at": N_("When the customer left"),
    "mrr": N_("Monthly recurring revenue"),
    "plan": N_("Plan"),
    "churned": N_("Has left (yes/no, active/cancelled)"),
    "tenure_months": N_("Months as a customer"),
    "order_id": N_("Order id"),
    "ordered_at": N_("When the order was placed"),
    "amount": N_("Order amount"),
    "discount_code": N_("Discount code"),
    "discount_amount": N_("Discount amount"),
    "kind": N_("Kind of order (new sale, save-the-sale...)"),
    "quantity": N_("Units on the line (line-item exports)"),
    "unit_price": N_("Price of one unit (line-item exports)"),
    "order_status": N_("Order status as exported (paid, refunded, voided...)"),
    "cancelled_at": N_("When the order was cancelled"),
    "cancelled": N_("Cancelled, refunded or voided: left out of revenue"),
    "month": N_("Month"),
    "cost": N_("Cost"),
    "item": N_("What the cost is for"),
    "call_id": N_("Call id"),
    "started_at": N_("When the call entered the queue"),
    "queue": N_("Queue"),
    "outcome": N_("Outcome: answered / abandoned / voicemail"),
    "wait_seconds": N_("Seconds waiting before an answer or hang-up"),
    "talk_seconds": N_("Seconds talking"),
    "hold_seconds": N_("Seconds on hold"),
    "wrap_seconds": N_("Seconds of after-call work"),
}


def column_meaning(column: str, fallback: str | None = None) -> str:
    """What a canonical column means, in the session's language (cxkit's description, or the name, for a
    column this table does not know yet)."""
    if column in COLUMN_MEANINGS:
        return _(COLUMN_MEANINGS[column])
    return fallback or column


# Short names of the canonical columns that pages break down or filter by (a file's own headers are shown
# as they are written).
COLUMN_LABELS: dict[str, str] = {
    "status": N_("Status"),
    "channel": N_("Channel"),
    "ticket_type": N_("Kind of request"),
    "agent": N_("Agent"),
    "nps_group": N_("NPS group"),
    "emotion": N_("Emotion"),
    "plan": N_("Plan"),
    "kind": N_("Kind of order"),
    "item": N_("Cost item"),
    "queue": N_("Queue"),
    "outcome": N_("Call outcome"),
    "source_file": N_("Source file"),
}


def column_label(column: str) -> str:
    """A column's name for people: a translated name for cxkit's own columns, the file's header otherwise.
    Plain text (for widget options); escape it with ``esc`` where markdown is rendered."""
    return _(COLUMN_LABELS[column]) if column in COLUMN_LABELS else header(column)


def header(column: str) -> str:
    """A result table's column for people, from the one catalog (``ui.terms``); the file's own header as written."""
    from ui.terms import HEADERS

    if column in HEADERS:
        return _(HEADERS[column])
    return _(COLUMN_LABELS[column]) if column in COLUMN_LABELS else column


def term(value: object) -> str:
    """A category value of cxkit's results for people (``promoters`` → ``Promotores``); other values as written."""
    from ui.terms import VALUES

    text = str(value)
    return _(VALUES[text]) if text in VALUES else text


def translate_values(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """The frame with cxkit's category values in ``columns`` shown in the session's language (as text)."""
    from ui.terms import VALUES

    words = {k: _(v) for k, v in VALUES.items()}
    return frame.with_columns(pl.col(c).cast(pl.String).replace(words) for c in columns if c in frame.columns)


def cxkit_value_columns(frame: pl.DataFrame) -> list[str]:
    """Text columns whose every value is one of cxkit's own category words (safe to translate)."""
    from ui.terms import VALUES

    out = []
    for column, dtype in frame.schema.items():
        if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            values = set(frame[column].drop_nulls().cast(pl.String).unique().to_list())
            if values and values <= set(VALUES):
                out.append(column)
    return out


def column_labels(columns: list[str]) -> dict[str, str]:
    """``{column: label}``, computed now: a widget's ``format_func`` may be called outside the script run."""
    return {c: column_label(c) for c in columns}


def fmt_bytes(n: int) -> str:
    """A size as ``12 kB``, ``3.4 MB`` or ``1,536 MB`` in the session's locale."""
    if n < 2**20:
        return fmt_number(n / 1024, 0 if n >= 10 * 1024 else 1) + " kB"
    return fmt_number(n / 2**20, 1 if n < 10 * 2**20 else 0) + " MB"
