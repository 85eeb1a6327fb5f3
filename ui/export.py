"""Downloads: tables as CSV and Excel, a full Excel report, charts as PNG/SVG.

Exported text cells and column headers that start like a spreadsheet formula (``=``, ``+``, ``-``, ``@``,
tab, carriage return, line feed, or their full-width forms) get a leading apostrophe so that Excel shows
them as text instead of running them. In CSV every text field and header is quoted, so a value such as
``Mail;=1+1`` stays one cell in a spreadsheet that splits on ``;`` (Spanish Excel) as well as on ``,``.
"""

from __future__ import annotations

import io
import re
from typing import Any

import altair as alt
import polars as pl

from cxkit import is_text

FORMULA_START = r"^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]"
_FORMULA = re.compile(FORMULA_START)
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def safe_header(name: str) -> str:
    """A column header that a spreadsheet would run as a formula, made plain text."""
    return "'" + name if _FORMULA.match(name) else name


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells and headers that a spreadsheet would run as a formula, made plain text."""
    text_columns = [c for c, t in frame.schema.items() if is_text(t)]
    frame = frame.with_columns(
        pl.when(text.str.contains(FORMULA_START)).then(pl.lit("'") + text).otherwise(text).alias(c)
        for c in text_columns
        for text in [pl.col(c).cast(pl.String)]
    )
    renamed: dict[str, str] = {}
    taken = set(frame.columns)
    for column in frame.columns:
        header = safe_header(column)
        if header != column:
            while header in taken:  # another column already has the neutralised name
                header += "'"
            taken.add(header)
            renamed[column] = header
    return frame.rename(renamed) if renamed else frame


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested or object columns as text, so every export format can hold them."""
    return frame.with_columns(
        pl.col(c).cast(pl.String) for c, t in frame.schema.items() if isinstance(t, (pl.List, pl.Struct, pl.Object))
    )


def to_csv(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel opens accents right; every text field and header quoted (polars'
    ``"necessary"`` quoting looks only at ``,``, so ``Mail;=1+1`` would split into a formula cell in a
    spreadsheet that reads ``;`` as the separator)."""
    return b"\xef\xbb\xbf" + neutralise(_plain(frame)).write_csv(quote_style="non_numeric").encode("utf-8")


def to_excel(sheets: dict[str, pl.DataFrame], formats: dict[str, dict[str, str]] | None = None) -> bytes:
    """One workbook, one sheet per table (names cut to Excel's 31 characters); ``formats`` gives Excel number
    formats by sheet and column (the cells stay numbers)."""
    buffer = io.BytesIO()
    import xlsxwriter

    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False}) as workbook:
        used: set[str] = set()
        for name, frame in sheets.items():
            title = _SHEET_NAME.sub(" ", name)[:31] or "Sheet"
            base, n = title, 2
            while title in used:
                title = f"{base[:28]}({n})"
                n += 1
            used.add(title)
            column_formats = {safe_header(c): f for c, f in (formats or {}).get(name, {}).items() if c in frame.columns}
            neutralise(_plain(frame)).write_excel(workbook, worksheet=title, autofit=True,
                                                  column_formats=column_formats or None)  # type: ignore[arg-type]
    return buffer.getvalue()


def chart_png(chart: alt.TopLevelMixin, lang: str) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(chart.to_dict(), scale=2, format_locale=_locale(lang),
                                     time_format_locale=_locale(lang)))


def chart_svg(chart: alt.TopLevelMixin, lang: str) -> bytes:
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(chart.to_dict(), format_locale=_locale(lang),
                                   time_format_locale=_locale(lang))).encode("utf-8")


def _locale(lang: str) -> Any:
    from ui.i18n import BABEL_LOCALES

    return BABEL_LOCALES.get(lang, "en_US").replace("_", "-")  # vl-convert's names of d3's locales: es-ES, pt-BR
