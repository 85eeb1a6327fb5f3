"""Small UI pieces shared by pages: charts with their explanation and downloads, tables with downloads,
KPI cards, and the messages for data that cannot support a metric."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import polars as pl
import streamlit as st

import cxkit
from ui import export
from ui.i18n import _, cxkit_value_columns, esc, fmt_number, fmt_p, header, lang, translate_values
from ui.i18n import date_format as i18n_date_format
from ui.urlstate import forget_value, last_value, remember_choice, take

_KEPT_BASES = "_kept_bases"  # what each kept widget's default was worked out from (see ``keep``'s restart_on)


def chart(figure: Any, *, key: str, how_to_read: str) -> None:
    """An Altair chart, the one line that says how to read it, and PNG/SVG downloads."""
    st.altair_chart(figure, key=f"chart_{key}")
    left, right, _ = st.columns([1, 1, 6])
    st.caption("ⓘ " + how_to_read)
    current = lang()
    left.download_button("PNG", data=lambda: export.chart_png(figure, current), file_name=f"{key}.png",
                         mime="image/png", key=f"png_{key}", on_click="ignore")
    right.download_button("SVG", data=lambda: export.chart_svg(figure, current), file_name=f"{key}.svg",
                          mime="image/svg+xml", key=f"svg_{key}", on_click="ignore")


def table(frame: pl.DataFrame, *, key: str, column_config: dict[str, Any] | None = None,
          height: int | str = "auto") -> None:
    """A table with CSV and Excel downloads; dates and numbers shown in the session's locale."""
    shown, config = prepared_table(frame, column_config)
    # Arrow, not polars: Streamlit 1.67 turns a polars frame into pandas (DataFrame.to_pandas, which waits on
    # polars' thread pool while holding the GIL, the wedge of #21) but serialises an Arrow table directly.
    st.dataframe(shown.to_arrow(), hide_index=True, column_config=config, key=f"table_{key}",
                 height=height)  # type: ignore[arg-type]
    left, right, _ = st.columns([1, 1, 6])
    left.download_button("CSV", data=lambda: export.to_csv(frame), file_name=f"{key}.csv", mime="text/csv",
                         key=f"csv_{key}", on_click="ignore")
    right.download_button("Excel", data=lambda: export.to_excel({key: frame}), file_name=f"{key}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{key}", on_click="ignore")


def prepared_table(frame: pl.DataFrame, column_config: dict[str, Any] | None = None
                   ) -> tuple[pl.DataFrame, dict[str, Any]]:
    """What ``table`` shows: the frame with cxkit's words translated and its numbers written in the session's
    language, and the column configuration (headers, formats). No Streamlit element is drawn."""
    config: dict[str, Any] = {}
    date_format = i18n_date_format()
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            config[name] = st.column_config.DateColumn(format=date_format)
        elif isinstance(dtype, pl.Datetime):
            config[name] = st.column_config.DatetimeColumn(format=date_format + " HH:mm")
        elif dtype in (pl.Float32, pl.Float64):
            config[name] = st.column_config.NumberColumn(format="%.4g")
    config.update(column_config or {})
    for name in frame.columns:  # every header from the one catalog, in the session's language
        entry = config.get(name)
        if entry is None:
            config[name] = st.column_config.Column(label=header(name))
        elif isinstance(entry, dict) and not entry.get("label"):
            entry["label"] = header(name)
    shown = translate_values(frame, *cxkit_value_columns(frame))
    shown, config = localized_numbers(shown, config)
    return no_none(shown, config)


NUMBER_FORMATS = {"percent": "percent", "euro": "money", "%.0f": "number", "%.1f": "number", "%.2f": "number",
                  "%.4g": "number", "%d": "number", "localized": "number", "plain": "number"}


def _cell_kind(name: str, entry: dict[str, Any] | None) -> str | None:
    """How a numeric column is written: from its configured format, else from its name."""
    type_config = (entry or {}).get("type_config") or {}
    configured = type_config.get("format")
    if configured is not None and str(configured) in NUMBER_FORMATS and configured != "%.4g":
        return NUMBER_FORMATS[str(configured)]  # %.4g: the default for any float, decided by name below
    # any other printf format ("%.4f") would be written by the browser's sprintf, with an English decimal point:
    # the column is written by its name's kind instead
    if name in ("hour", "weekday", "minute", "year", "rank", "age", "payback_month", "tenure"):
        return None  # a position, not an amount: no thousands separator
    if name == "p_value" or name.startswith("p_"):
        return "p"
    if name.endswith(("_rate", "_share")) or name in ("share", "fcr", "csat", "retention", "churn_share"):
        return "percent"
    if "revenue" in name or name.endswith(("_mrr", "cost", "costs", "net_gain")) or name in ("mrr", "aov"):
        return "money"
    if name.endswith("_minutes"):
        return "minutes"
    return "number"


def localized_numbers(frame: pl.DataFrame, config: dict[str, Any]) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Numeric columns written as the app's language writes them (``1.234,5``, ``23,2 %``, ``12.345 €``,
    ``1 h 48 min``, p-values as ``< 0,001``), right-aligned. Counts, amounts and shares stay numbers, so a click on
    their header sorts them: Streamlit writes them with the page's number locale, which ``number_locale`` sets to
    the app's language (rounded here to the decimals shown, as Streamlit cuts the digits a column's step does not
    show). Euros and durations stay numbers as well, their unit in the header (€; min, h or days by the column's
typical size). Only p-values are written here as text (``< 0,001``). The downloads keep the numbers."""
    from ui.i18n import fmt_cell

    out = frame
    for name, dtype in frame.schema.items():
        if not dtype.is_numeric():
            continue
        entry = config.get(name)
        kind = _cell_kind(name, entry if isinstance(entry, dict) else None)
        if kind is None:
            continue
        label = (entry or {}).get("label") if isinstance(entry, dict) else None
        label = label or header(name)
        if kind in ("number", "percent") and not frame.get_column(name).null_count():
            decimals = _decimals(frame.get_column(name), kind)
            if dtype.is_float():
                out = out.with_columns(pl.col(name).round(decimals + (2 if kind == "percent" else 0)))
            step = 10.0 ** -(decimals + (2 if kind == "percent" else 0))
            config[name] = st.column_config.NumberColumn(
                label=label, format="localized" if kind == "number" else "percent", step=step if step < 1 else 1)
            continue
        if kind in ("money", "minutes") and dtype.is_numeric():
            # amounts and durations stay numbers too (sortable), in a unit stated in the header: euros; minutes,
            # hours or days by the column's typical size ("Resolución (h)": 52,5 rather than 3150 minutes)
            values = frame.get_column(name).cast(pl.Float64)
            divisor, unit = 1.0, "€"
            if kind == "minutes":
                typical = float(values.drop_nans().abs().median() or 0.0)  # type: ignore[arg-type]
                divisor, unit = ((1.0, _("min")) if typical < 120 else (60.0, _("h")) if typical < 2880
                                 else (1440.0, _("days")))
            scaled = values / divisor
            decimals = _decimals(scaled, "number")
            out = out.with_columns(scaled.round(decimals).alias(name))
            config[name] = st.column_config.NumberColumn(label=f"{label} ({unit})", format="localized",
                                                         step=10.0 ** -decimals if decimals else 1)
            continue
        # The values leave polars first and are written here, in the script's own thread: a Python callback
        # inside polars (a per-element map) runs on polars' thread pool, where it deadlocked a served app against
        # another session holding the GIL (pola-rs/polars#27396) and read the session's language without it.
        written = [fmt_cell(value, kind=kind) for value in frame.get_column(name).to_list()]
        out = out.with_columns(pl.Series(name, written, dtype=pl.String))
        config[name] = st.column_config.TextColumn(label=label, alignment="right")
    return out, config


def _decimals(column: pl.Series, kind: str) -> int:
    """The decimals a column is shown with, by its typical size, as ``fmt_cell`` writes one value: shares with one
    (``23,2 %``); whole numbers with none; other numbers with none from 100, one from 10, else two."""
    if kind == "percent":
        return 1
    if column.dtype.is_integer():
        return 0
    values = column.drop_nans().abs()
    if values.is_empty() or bool((values == values.round(0)).all()):
        return 0
    typical = float(values.median() or 0.0)  # type: ignore[arg-type]
    return 0 if typical >= 100 else 1 if typical >= 10 else 2


# The page's number locale for each UI language (BCP 47), read by Streamlit's table formatter.
_NUMBER_LOCALE_JS = """
export default function(component) {
  const { data } = component;
  const w = window;
  w.__cxkitNumberLocale = data && data.tag;
  if (!w.__cxkitIntlWrapped) {
    w.__cxkitIntlWrapped = true;
    const Original = Intl.NumberFormat;
    // Only the calls made with the browser's own languages (Streamlit's table formatter) change: they take the
    // app's language and group from the first thousand as the app's Babel formats do ("1.046", not "1046").
    const Wrapped = function (locales, options) {
      const tag = w.__cxkitNumberLocale;
      if (tag && Array.isArray(locales) && locales.join() === [...navigator.languages].join()) {
        return new Original(tag, Object.assign({useGrouping: 'always'}, options));
      }
      return new Original(locales, options);
    };
    Wrapped.prototype = Original.prototype;
    Wrapped.supportedLocalesOf = Original.supportedLocalesOf.bind(Original);
    Intl.NumberFormat = Wrapped;
  }
  window.dispatchEvent(new Event('resize'));  // tables already drawn are drawn again in the language
}
"""


@functools.cache
def _number_locale_component() -> Any:
    return st.components.v2.component("cxkit_number_locale", js=_NUMBER_LOCALE_JS)


def number_locale() -> None:
    """Tables' numbers in the app's language, whatever the browser's: Streamlit 1.67 writes a ``"localized"`` or
    ``"percent"`` number column with ``Intl.NumberFormat(navigator.languages)`` (its printf formats know no locale),
    so the page's formatter is told the app's language. Drawn once per run, before the page (no height)."""
    from ui.i18n import babel_locale

    _number_locale_component()(key="cxkit_number_locale", data={"tag": babel_locale().replace("_", "-")}, height=0)


def no_none(frame: pl.DataFrame, config: dict[str, Any]) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Empty cells shown as a dash: Streamlit writes a missing value as "None", which reads as a word (or as
    zero) in a table meant for people. The downloads keep the empty cells."""
    out = frame
    for name, dtype in frame.schema.items():
        if not frame[name].null_count():
            continue
        if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            out = out.with_columns(pl.col(name).cast(pl.String).fill_null("—"))
        elif dtype.is_numeric():  # a position such as a payback month: the number as it is, or a dash
            out = out.with_columns(pl.col(name).cast(pl.String).str.replace(r"\.0$", "").fill_null("—"))
            entry = config.get(name)
            label = (entry or {}).get("label") if isinstance(entry, dict) else None
            config[name] = st.column_config.TextColumn(label=label or header(name), alignment="right")
    return out, config


def needs(kind: str, *columns: str) -> None:
    """Say plainly which data a metric needs, instead of drawing an empty chart."""
    from ui.i18n import column_meaning, kind_name

    # each column named by what it means (as on the Data page's mapping table), never by cxkit's code name
    wanted = "; ".join(f"«{column_meaning(c)}»" for c in columns)
    if columns:
        st.info(_("This needs {kind} with {columns}. Load a file that has them on the Data page, or map the column.", kind=kind_name(kind).lower(), columns=wanted), icon="🧩")
    else:
        st.info(_("This needs {kind}. Load them on the Data page.", kind=kind_name(kind).lower()), icon="🧩")


def metric_error(error: cxkit.MetricError) -> None:
    """A metric that cannot be drawn, worded from cxkit's code: the columns it needs by their meaning (never cxkit's
    English sentence or its column names); an option out of range in plain words (the reason in English only)."""
    from ui.i18n import column_meaning

    if error.code == "needs_columns" and error.needs:
        alternatives = _(" or ").join("; ".join(f"«{column_meaning(c)}»" for c in columns)
                                             for columns in error.needs)
        st.info(_("This view needs {columns}. Load a file that has them on the Data page, or map the column.", columns=esc(alternatives)), icon="🧩")
        return
    # TRANSLATORS: {reason} is cxkit's own sentence, in English; a translation may leave out {reason}.
    st.info(_("This view cannot be drawn with these settings: {reason}", reason=esc(error)), icon="🧩")


def small_sample(n: int | None, threshold: int = cxkit.satisfaction.SMALL_SAMPLE) -> None:
    if n is not None and n < threshold:
        st.warning(_("n = {n}: too few answers to conclude.",
                     n=fmt_number(n)), icon="⚠️")


def kpi(column: Any, label: str, value: str, change: cxkit.Change | None, *, delta_text: str | None = None,
        higher_is_better: bool = True, help: str | None = None) -> None:
    """A KPI card: the value, its change against the previous period and whether the change is real."""
    delta = None
    description = None
    if change is not None and change.difference is not None and delta_text is not None:
        delta = delta_text
        description = (_("significant ({p})", p=fmt_p(change.p_value))
                       if change.significant else
                       _("could be chance") if change.p_value is not None else
                       _("not testable"))
    column.metric(label, value, delta=delta, delta_color="normal" if higher_is_better else "inverse",
                  help=help, border=True, delta_description=description)


def choice(label: str, options: dict[str, str], *, key: str, default: str, kind: str = "selectbox",
           container: Any = None, **kwargs: Any) -> str:
    """A select box or radio whose option labels are translated, keeping the chosen value across languages.

    Streamlit remembers a choice by its label; with translated labels the choice would be lost when the
    language changes, so the widget is keyed per language and the value lives under ``key``.
    """
    target = container if container is not None else st
    remember_choice(key)  # kept in the address, so that a reload keeps it (ui.urlstate)
    values = list(options)
    from_address = take(key)
    if from_address in values:
        st.session_state[key] = from_address
    st.session_state.setdefault(key, default)
    if st.session_state[key] not in values:  # a choice kept from other data (another file, another kind)
        st.session_state[key] = default if default in values else values[0]
    current = st.session_state[key]
    labels = [options[v] for v in values]
    widget_key = f"{key}::{lang()}"

    def sync() -> None:
        st.session_state[key] = values[labels.index(st.session_state[widget_key])]

    getattr(target, kind)(label, labels, index=values.index(current), key=widget_key, on_change=sync, **kwargs)
    return str(st.session_state[key])


def keep(key: str, *, options: Sequence[object] | None = None, low: float | None = None, high: float | None = None,
         integer: bool = False, default: object | None = None, restart_on: object = None) -> None:
    """Keep a page's own widget (a select box, slider or number) in the address, so that a reload or a shared
    link opens it as it was. Call it just before drawing the widget with ``key``: a value from the address is
    used only when it is one of ``options`` or a number within ``low``..``high``; anything else is ignored.
    Coming back to the page in the same session shows the widget as it was left (checked the same way).

    The widget's starting value is ``default``, given here and not to the widget: a widget given a value of its
    own while its key was set here logs Streamlit's "created with a default value but also had its value set via
    the Session State API" warning on every visit that restores it. A default worked out from the data (targets
    for calls or for tickets, the agents seen) gives what it depends on as ``restart_on``: when that changes, the
    widget starts again from the new default, as it did when the default was the widget's own parameter."""
    remember_choice(key)

    def accepted(raw: object) -> object | None:
        if options is not None:
            return next((option for option in options if str(option) == str(raw)), None)
        try:
            number: float = int(str(raw)) if integer else float(str(raw))
        except ValueError:
            return None
        return number if (low is None or number >= low) and (high is None or number <= high) else None

    bases = st.session_state.setdefault(_KEPT_BASES, {})
    restarted = key in bases and bases[key] != restart_on
    bases[key] = restart_on
    stale = options is not None and key in st.session_state and st.session_state[key] not in options
    if restarted or stale:  # other data since: start again from the default, not from the value left earlier
        st.session_state.pop(key, None)
        forget_value(key)
    from_address = take(key)
    if from_address is not None:
        value = accepted(from_address)
    elif key not in st.session_state and last_value(key) is not None:  # back on the page: as it was left
        value = accepted(last_value(key))
    else:
        value = None
    if value is not None:
        st.session_state[key] = value
    elif default is not None and key not in st.session_state:
        st.session_state[key] = default
