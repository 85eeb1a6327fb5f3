"""Downloads: tables as CSV and Excel, a full Excel report, charts as PNG/SVG.

Exported text cells that start like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) get a leading apostrophe so that Excel shows them as text instead of running them.
"""

from __future__ import annotations

import io
import re

import altair as alt
import polars as pl

from cxkit import is_text

FORMULA_START = r"^[=+\-@\t\r]"
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula, made plain text."""
    text_columns = [c for c, t in frame.schema.items() if is_text(t)]
    return frame.with_columns(
        pl.when(text.str.contains(FORMULA_START)).then(pl.lit("'") + text).otherwise(text).alias(c)
        for c in text_columns
        for text in [pl.col(c).cast(pl.String)]
    )


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested or object columns as text, so every export format can hold them."""
    return frame.with_columns(
        pl.col(c).cast(pl.String) for c, t in frame.schema.items() if isinstance(t, (pl.List, pl.Struct, pl.Object))
    )


def to_csv(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel opens accents right."""
    return b"\xef\xbb\xbf" + neutralise(_plain(frame)).write_csv().encode("utf-8")


def to_excel(sheets: dict[str, pl.DataFrame]) -> bytes:
    """One workbook, one sheet per table (names cut to Excel's 31 characters)."""
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
            neutralise(_plain(frame)).write_excel(workbook, worksheet=title, autofit=True)
    return buffer.getvalue()


def chart_png(chart: alt.TopLevelMixin, lang: str) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(chart.to_dict(), scale=2, format_locale=_locale(lang),
                                     time_format_locale=_locale(lang)))


def chart_svg(chart: alt.TopLevelMixin, lang: str) -> bytes:
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(chart.to_dict(), format_locale=_locale(lang),
                                   time_format_locale=_locale(lang))).encode("utf-8")


def _locale(lang: str) -> str:
    return "es-ES" if lang == "es" else "en-US"
