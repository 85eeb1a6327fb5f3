"""Caveats in place where a rate rests on few customers: "Only 2 sign-ups in March 2026: …", in the user's
language, from the ``thin`` columns cxkit adds (see ``cxkit.thin``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
from babel.dates import format_date, format_skeleton

from cxkit.thin import THIN_BELOW
from ui.i18n import _, babel_locale, fmt_number

MAX_LISTED = 3  # periods named in one note; the rest are counted


def fmt_period(value: dt.date | dt.datetime | None, every: str = "1mo") -> str:
    """A period as people say it: "March 2026" / "marzo de 2026" / "março de 2026" (CLDR's month-year pattern of
    the language), "T1 2026" / "Q1 2026" for quarters, the date itself for shorter periods."""
    if value is None:
        return "—"
    day = value.date() if isinstance(value, dt.datetime) else value
    if every.endswith("q"):
        return _("Q{q} {y}", q=(day.month - 1) // 3 + 1, y=day.year)
    if every.endswith("mo"):
        return format_skeleton("yMMMM", day, locale=babel_locale())
    if every.endswith("y"):
        return str(day.year)
    return format_date(day, "d MMM y", locale=babel_locale())


def _listing(items: list[str]) -> str:
    """"a, b and c" / "a, b y c"; beyond ``MAX_LISTED``, "a, b, c and 4 more"."""
    shown, rest = items[:MAX_LISTED], len(items) - MAX_LISTED
    if rest > 0:
        return ", ".join(shown) + _(" and {n} more", n=fmt_number(rest))
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + _(" and ") + shown[-1]


def thin_rows(frame: pl.DataFrame, *, flag: str, rate: str) -> pl.DataFrame:
    """The rows flagged ``flag`` whose ``rate`` was computed (a null rate is not shown, so needs no note)."""
    if flag not in frame.columns or rate not in frame.columns or frame.height == 0:
        return frame.clear()
    return frame.filter(pl.col(flag).fill_null(False) & pl.col(rate).is_not_null() & pl.col(rate).is_not_nan())


def period_note(frame: pl.DataFrame, *, flag: str, rate: str, count: str, every: str,
                what: Callable[[str], str], consequence: str, period: str = "period",
                faded: bool = True) -> str | None:
    """One sentence naming the thin periods with their counts, or None when no shown rate is thin.

    ``what(n)`` says what was counted ("2 sign-ups" / "2 altas"); ``consequence`` what that means ("the
    lost ÷ acquired ratio is not reliable")."""
    rows = thin_rows(frame, flag=flag, rate=rate).sort(period)
    if rows.height == 0:
        return None
    parts = [_("{what} in {when}", what=what(fmt_number(n)), when=fmt_period(p, every))
             for p, n in rows.select(period, count).iter_rows()]
    if not faded:
        return _("Only {list}: {consequence} (fewer than {t}).",
                 list=_listing(parts), consequence=consequence, t=fmt_number(THIN_BELOW))
    return _("Only {list}: {consequence} (fewer than {t}; drawn faded).",
             list=_listing(parts), consequence=consequence, t=fmt_number(THIN_BELOW))


def acquired_note(frame: pl.DataFrame, every: str) -> str | None:
    """"Only 2 sign-ups in March 2026: the lost ÷ acquired ratio is not reliable"."""
    return period_note(frame, flag="thin_acquired", rate="lost_per_acquired", count="acquired", every=every,
                       what=lambda n: _("{n} sign-ups", n=n) if n != "1" else _("1 sign-up"),
                       consequence=_("the lost ÷ acquired ratio is not reliable"))


def churn_rate_note(frame: pl.DataFrame, every: str) -> str | None:
    """"Only 12 customers at the start of January 2024: the churn rate is not reliable"."""
    return period_note(frame, flag="thin", rate="churn_rate", count="customers_start", every=every,
                       what=lambda n: _("{n} customers at the start", n=n),
                       consequence=_("the churn rate is not reliable"))


def quick_ratio_note(frame: pl.DataFrame, every: str = "1mo") -> str | None:
    """"Only 3 departures in January 2024: the quick ratio is not reliable"."""
    return period_note(frame, flag="thin", rate="quick_ratio", count="churned", every=every,
                       what=lambda n: _("{n} departures", n=n) if n != "1" else _("1 departure"),
                       consequence=_("the quick ratio (won ÷ lost) is not reliable"), faded=False)


def groups_note(frame: pl.DataFrame, *, group: str, count: str, flag: str = "thin",
                label: Callable[[object], str] = str, answers: bool = False) -> str | None:
    """"Few customers in Islas (12) and Norte (8): the rate is not reliable there" (``answers``: "Few answers
    in …")."""
    if flag not in frame.columns or frame.height == 0:
        return None
    rows = frame.filter(pl.col(flag).fill_null(False))
    if rows.height == 0:
        return None
    parts = [f"{label(g)} ({fmt_number(n)})" for g, n in rows.select(group, count).iter_rows()]
    if answers:
        return _("Few answers in {list}: the score is not reliable there (fewer than {t}; drawn faded).",
                 list=_listing(parts), t=fmt_number(THIN_BELOW))
    return _("Few customers in {list}: the rate is not reliable there (fewer than {t}; drawn faded).",
             list=_listing(parts), t=fmt_number(THIN_BELOW))
