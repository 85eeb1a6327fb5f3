"""Altair charts with the app's colours, locale, tooltips and a large-font option."""

from __future__ import annotations

import functools
import itertools
import json
import re
from typing import Any

import altair as alt
import polars as pl
import streamlit as st

from ui.i18n import _, cxkit_value_columns, header, lang, translate_values

_TYPES = {"N": "nominal", "O": "ordinal", "Q": "quantitative", "T": "temporal"}
_FIELD_SPECIAL = re.compile(r"([\\.\[\]])")


def field(name: str) -> str:
    """A column name as a Vega-Lite field: ``.`` and ``[ ]`` would read as nested access ("Plan v1.2"
    would chart as one bar labelled "undefined"), so they are escaped."""
    return _FIELD_SPECIAL.sub(r"\\\1", name)


def f(name: str, code: str) -> dict[str, Any]:
    """Channel arguments for a column: its escaped field and type, never Altair's ``"name:N"`` shorthand,
    which breaks on a header with a colon ("P3: Región")."""
    return {"field": field(name), "type": _TYPES[code]}


def tip(name: str, code: str = "N", **options: Any) -> alt.Tooltip:
    """A tooltip entry for a column, titled with the name as written."""
    options.setdefault("title", header(name))
    return alt.Tooltip(**f(name, code), **options)

PROMOTER, PASSIVE, DETRACTOR = "#1a9850", "#bababa", "#d73027"
GROUP_COLORS = alt.Scale(domain=["promoters", "passives", "detractors"], range=[PROMOTER, PASSIVE, DETRACTOR])


def translated_scale(scale: Any) -> Any:
    """A colour scale whose domain names cxkit's categories, in the session's language (as ``data`` shows them)."""
    if scale is None or scale is alt.Undefined:
        return alt.Undefined
    domain = scale.to_dict().get("domain")
    if isinstance(domain, list):
        from ui.i18n import term
        return alt.Scale(**{**scale.to_dict(), "domain": [term(v) for v in domain]})
    return scale
ACCENT = "#2b6cb0"
BAND = "#90cdf4"

MONEY = "$,.0f"  # the locale's currency (€), with thousands separators
MONEY_CENTS = "$,.2f"
MAX_TIME_TICKS = 12  # labels on a time axis, at most
_SPANISH_TIME = {
    "dateTime": "%A, %e de %B de %Y, %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
    "shortDays": ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
    "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
               "octubre", "noviembre", "diciembre"],
    "shortMonths": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
}


_WRITTEN_TIME = {"es": _SPANISH_TIME}  # time locales written out; any other language's comes from CLDR


def finish(chart: Any, *, height: int = 280) -> Any:
    """Size, locale and font size for the session."""
    size = 18 if _context_value("large_fonts", False) else 12  # 1.5 times larger on a projector
    chart = chart.properties(height=height, width="container")
    config: dict[str, Any] = dict(axis={"labelFontSize": size, "titleFontSize": size + 1},
                  legend={"labelFontSize": size, "titleFontSize": size},
                  title={"fontSize": size + 3}, header={"labelFontSize": size, "titleFontSize": size})
    config["axisTemporal"] = {"format": time_format()}  # "ene 2025", never a bare "2025" at the first tick
    config["timeFormat"] = time_format()  # tooltips of a period as its axis writes it
    return chart.configure(locale=chart_locale(lang()), **config)


@functools.cache
def chart_locale(code: str) -> Any:
    """Vega's number and time locale for a UI language, built from Babel's CLDR data as ``ui.i18n`` writes numbers
    (the same decimal and group marks, grouping from the first thousand, the percent sign as the KPIs write it:
    ``4,3 %`` in Spanish, ``4,3%`` in Portuguese); Spanish month names written out (CLDR's "sept" is not the app's)."""
    from babel import Locale

    from ui.i18n import BABEL_LOCALES, DATE_FORMATS, percent_sign

    locale = BABEL_LOCALES.get(code, "en_US")
    loc = Locale.parse(locale)
    symbols = loc.number_symbols["latn"]
    number = {"decimal": symbols["decimal"], "thousands": symbols["group"], "grouping": [3],
              "currency": ["", " €"], "percent": percent_sign(locale).replace(" ", "\u00a0"), "minus": "-"}
    if code in _WRITTEN_TIME:
        return alt.Locale(number=number, time=_WRITTEN_TIME[code])
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # CLDR numbers days from Monday; d3 starts on Sunday
    return alt.Locale(
        number=number,
        time={"dateTime": "%x, %X", "date": DATE_FORMATS.get(code, DATE_FORMATS["en"])[0], "time": "%H:%M:%S",
              "periods": [loc.day_periods["format"]["abbreviated"].get(p, p.upper()) for p in ("am", "pm")],
              "days": [loc.days["format"]["wide"][i] for i in sunday_first],
              "shortDays": [loc.days["format"]["abbreviated"][i].rstrip(".") for i in sunday_first],
              "months": [loc.months["format"]["wide"][i] for i in range(1, 13)],
              "shortMonths": [loc.months["format"]["abbreviated"][i].rstrip(".") for i in range(1, 13)]})


def time_format(granularity: str | None = None) -> str:
    """Time axis labels for the chosen granularity: days and weeks as "3 Mar", months and quarters as "Mar 2025"."""
    every = granularity or _context_value("granularity", "1mo")
    return "%d %b" if every in ("1d", "1w") else "%b %Y"


def time_axis(frame: pl.DataFrame, x: str, *, granularity: str | None = None, **options: Any) -> alt.Axis:
    """A time axis labelled once per period the data has, never a label twice: its ticks are the data's own
    periods (at most ``MAX_TIME_TICKS``, every k-th when there are more), written as finely as their spacing needs
    ("3 Mar" for periods closer than a month, with the year when they span more than one; "Mar 2025" for months
    and quarters; a single period as the granularity writes it). Left to itself, Vega puts ticks by the span:
    four days at monthly granularity read "Nov 2019" nine times."""
    every = granularity or _context_value("granularity", "1mo")
    if x not in frame.columns or not frame.schema[x].is_temporal():
        return alt.Axis(format=time_format(every), **options)
    column = frame.get_column(x).drop_nulls()
    stamps = column.cast(pl.Datetime("ms")).dt.epoch("ms").unique().sort().to_list()
    gap = min((b - a for a, b in itertools.pairwise(stamps)), default=None)
    day = 86_400_000
    if gap is not None and gap < day:  # hours: the data is finer than any granularity writes
        fmt = "%d %b %H:%M"
    elif (gap is not None and gap < 28 * day) or (gap is None and every in ("1d", "1w")):
        fmt = "%d %b" if column.dt.year().n_unique() <= 1 else "%d %b %Y"  # two periods in one month
    else:
        fmt = "%b %Y"
    step = max(1, -(-len(stamps) // MAX_TIME_TICKS))
    return alt.Axis(format=fmt, values=stamps[::step], **options)


def _context_value(name: str, default: Any) -> Any:
    """A setting of this run's page context (ui.context), or ``default`` outside a run (a notebook, a test)."""
    from ui.context import KEY

    try:
        context = st.session_state.get(KEY)
    except Exception:  # no Streamlit session at all
        context = None
    return getattr(context, name, default) if context is not None else default


def data(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as datetimes for Vega (and nothing Altair cannot serialise); cxkit's category words (legend
    entries such as ``promoters`` or ``backlog``) in the session's language."""
    frame = translate_values(frame, *cxkit_value_columns(frame))
    return frame.with_columns(pl.col(pl.Date).cast(pl.Datetime("ms")))


def period_shade(period: Any, axis: alt.Axis | None = None) -> Any:
    """A light band over the selected period, so a trend shows where the numbers below come from (on the
    chart's own time ``axis``)."""
    import datetime as dt

    start = dt.datetime.combine(period.start, dt.time())
    end = dt.datetime.combine(period.end_exclusive, dt.time())
    frame = pl.DataFrame({"start": [start], "end": [end]})
    return alt.Chart(frame).mark_rect(color="#fefcbf", opacity=0.6).encode(
        x=alt.X("start:T", title=None, axis=axis if axis is not None else alt.Undefined), x2="end:T")  # untitled: its field name must not join the axis title


def line_with_band(frame: pl.DataFrame, *, x: str, y: str, low: str, high: str, y_title: str,
                   color: str = ACCENT, tooltip: list[Any] | None = None, y_format: str = ",.0f",
                   period: Any = None) -> Any:
    axis = time_axis(frame, x)
    base = alt.Chart(data(frame)).encode(x=alt.X(**f(x, "T"), title=None, axis=axis))
    band = base.mark_area(opacity=0.35, color=BAND).encode(y=alt.Y(**f(low, "Q"), title=y_title), y2=alt.Y2(field=field(high)))
    line = base.mark_line(point=True, color=color).encode(
        y=alt.Y(**f(y, "Q"), title=y_title, axis=alt.Axis(format=y_format)),
        tooltip=tooltip or [tip(x, "T", title=_("Period")),
                            tip(y, "Q", format=y_format), tip(low, "Q", format=y_format),
                            tip(high, "Q", format=y_format)],
    )
    layers = [period_shade(period, axis), band, line] if period is not None else [band, line]
    return finish(alt.layer(*layers))


def step_with_band(frame: pl.DataFrame, *, x: str, y: str, low: str, high: str, color: str | None, x_title: str,
                   y_title: str) -> Any:
    """A survival-style step curve with its band, one per group."""
    base = alt.Chart(data(frame)).encode(x=alt.X(**f(x, "Q"), title=x_title))
    colour = {"color": alt.Color(**f(color, "N"), title=None)} if color else {}
    fill: dict[str, Any] = {} if color else {"color": BAND}
    stroke: dict[str, Any] = {} if color else {"color": ACCENT}
    band = base.mark_area(opacity=0.2, interpolate="step-after", **fill).encode(
        y=alt.Y(**f(low, "Q"), title=y_title), y2=alt.Y2(field=field(high)), **colour)
    line = base.mark_line(interpolate="step-after", **stroke).encode(
        y=alt.Y(**f(y, "Q"), title=y_title, axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[tip(x, "Q", format=".1f"), tip(y, "Q", format=".1%"),
                 *([tip(color)] if color else [])], **colour)
    return finish(band + line)


def interval_bars(frame: pl.DataFrame, *, category: str, value: str, low: str, high: str, x_title: str,
                  x_format: str = ",.0f", tooltip: list[Any] | None = None, thin: str | None = None) -> Any:
    """Bars with their interval; with ``thin`` (a Boolean column) the bars over too few answers are faded."""
    order = frame.sort(value, descending=True)[category].to_list()
    base = alt.Chart(data(frame)).encode(y=alt.Y(**f(category, "N"), sort=order, title=None))
    bars = base.mark_bar(color=ACCENT, opacity=0.8).encode(
        x=alt.X(**f(value, "Q"), title=x_title, axis=alt.Axis(format=x_format)),
        tooltip=tooltip or [tip(category), tip(value, "Q", format=x_format),
                            tip(low, "Q", format=x_format), tip(high, "Q", format=x_format)],
        **faded(thin if thin and thin in frame.columns else None, 0.8),
    )
    rule = base.mark_rule(color="#1a202c").encode(x=alt.X(**f(low, "Q"), title=x_title), x2=alt.X2(field=field(high)))
    return finish(bars + rule, height=max(160, 44 * len(order)))


THIN_OPACITY = 0.3  # points, bars and cells over too few customers (cxkit's ``thin`` column) are drawn faded


def faded(thin: str | None, full: float = 1.0) -> dict[str, Any]:
    """An ``opacity`` encoding fading the rows whose Boolean column ``thin`` is true (none without one)."""
    if not thin:
        return {}
    return {"opacity": alt.condition(f"datum[{json.dumps(thin)}]", alt.value(THIN_OPACITY), alt.value(full))}


def bars(frame: pl.DataFrame, *, x: str, y: str, x_type: str = "N", y_title: str = "", color: str | None = None,
         color_scale: alt.Scale | None = None, stack: str | bool | None = True, tooltip: list[Any] | None = None,
         y_format: str = ",.0f", horizontal: bool = False, sort: Any = None, thin: str | None = None) -> Any:
    """Bars; with ``thin`` (a Boolean column) the bars over too few customers are faded."""
    time: dict[str, Any] = {"axis": time_axis(frame, x)} if x_type == "T" else {}
    enc_x = alt.X(**f(x, x_type), title=None, sort=sort, **time)
    enc_y = alt.Y(**f(y, "Q"), title=y_title, stack=stack, axis=alt.Axis(format=y_format))  # type: ignore[arg-type]
    encoding: dict[str, Any] = {"x": enc_y, "y": enc_x} if horizontal else {"x": enc_x, "y": enc_y}
    if color:
        encoding["color"] = alt.Color(**f(color, "N"), scale=translated_scale(color_scale), title=None)
    encoding["tooltip"] = tooltip or [tip(x, x_type), tip(y, "Q", format=y_format), *([tip(color)] if color else [])]
    encoding |= faded(thin if thin and thin in frame.columns else None)
    return finish(alt.Chart(data(frame)).mark_bar().encode(**encoding))


def lines(frame: pl.DataFrame, *, x: str, y: str, color: str | None = None, y_title: str = "",
          y_format: str = ",.0f", color_scale: alt.Scale | None = None, period: Any = None,
          thin: str | None = None) -> Any:
    """Lines with a point per period; with ``thin`` (a Boolean column) the points over too few customers are
    drawn hollow and faded, the others filled."""
    axis = time_axis(frame, x)
    encoding: dict[str, Any] = {
        "x": alt.X(**f(x, "T"), title=None, axis=axis),
        "y": alt.Y(**f(y, "Q"), title=y_title, axis=alt.Axis(format=y_format)),
        "tooltip": [tip(x, "T", title=_("Period")), tip(y, "Q", format=y_format),
                    *([tip(color)] if color else [])],
    }
    if color:
        encoding["color"] = alt.Color(**f(color, "N"), title=None, scale=translated_scale(color_scale))
    if thin and thin in frame.columns:
        base = alt.Chart(data(frame))
        solid = base.mark_line().encode(**encoding)
        flagged = f"datum[{json.dumps(thin)}]"
        full = base.mark_point(filled=True, size=40).encode(**encoding).transform_filter(f"!{flagged}")
        hollow = base.mark_point(filled=False, size=55, strokeWidth=1.5, opacity=0.6).encode(
            **encoding).transform_filter(flagged)
        line: Any = solid + full + hollow
    else:
        line = alt.Chart(data(frame)).mark_line(point=True).encode(**encoding)
    return finish(alt.layer(period_shade(period, axis), line) if period is not None else line)


def histogram(values: pl.DataFrame, *, column: str, title: str, bins: int = 30) -> Any:
    """Binned in polars first, so the chart carries 30 bars, not a million rows."""
    import numpy as np

    series = values[column].drop_nulls().to_numpy()
    counts, edges = np.histogram(series, bins=bins) if len(series) else (np.array([]), np.array([0.0]))
    binned = pl.DataFrame({"start": edges[:-1], "end": edges[1:], "count": counts})
    return finish(alt.Chart(binned).mark_bar(color=ACCENT).encode(
        x=alt.X("start:Q", title=title, bin="binned"), x2="end:Q",
        y=alt.Y("count:Q", title=_("Tickets")),
        tooltip=[alt.Tooltip("start:Q", format=",.1f", title=_("From")),
                 alt.Tooltip("end:Q", format=",.1f", title=_("To")),
                 alt.Tooltip("count:Q", title=_("Tickets"))],
    ))


def heatmap(frame: pl.DataFrame, *, x: str, y: str, value: str, x_title: str, y_title: str,
            value_format: str = ".0%", thin: str | None = None, y_order: list[str] | None = None) -> Any:
    """A value per cell; with ``thin`` (a Boolean column) the cells over too few customers are faded. ``y_order``
    orders the rows when their labels do not sort as text (months written in words)."""
    rows = alt.Y(**f(y, "O"), title=y_title, sort=y_order if y_order else alt.Undefined)
    base = alt.Chart(data(frame)).encode(x=alt.X(**f(x, "O"), title=x_title), y=rows)
    cells = base.mark_rect().encode(color=alt.Color(**f(value, "Q"), scale=alt.Scale(scheme="blues"), title=None,
                                                    legend=alt.Legend(format=value_format)),
                                    tooltip=[tip(y, "O"), tip(x, "O"), tip(value, "Q", format=value_format)],
                                    **faded(thin if thin and thin in frame.columns else None))
    dark_above = 0.6 * float(frame[value].max() or 0)  # type: ignore[arg-type]  # white text on the darker cells
    text = base.mark_text(fontSize=10).encode(text=alt.Text(**f(value, "Q"), format=value_format),
                                              color=alt.condition(f"datum[{json.dumps(value)}] > {dark_above}", alt.value("white"),
                                                                  alt.value("black")))
    return finish(cells + text, height=max(160, 22 * frame[y].n_unique()))


def tornado(frame: pl.DataFrame, *, label_low: str, label_high: str, title: str) -> Any:
    long = frame.select("input", pl.col("net_gain_at_low").alias(label_low),
                        pl.col("net_gain_at_high").alias(label_high)).unpivot(index="input", variable_name="end",
                                                                              value_name="net_gain")
    order = frame["input"].to_list()
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("input:N", sort=order, title=None),
        x=alt.X("net_gain:Q", title=title, axis=alt.Axis(format=",.0f")),
        color=alt.Color("end:N", scale=alt.Scale(range=[DETRACTOR, PROMOTER]), title=None),
        tooltip=[alt.Tooltip("input:N", title=_("Input")), alt.Tooltip("end:N", title=_("End")),
                 alt.Tooltip("net_gain:Q", format=",.0f", title=title)],
    )
    return finish(chart, height=max(140, 26 * len(order)))


def distribution(values: pl.DataFrame, *, column: str, title: str, marks: dict[str, float]) -> Any:
    import numpy as np

    counts, edges = np.histogram(values[column].drop_nulls().to_numpy(), bins=60)
    binned = pl.DataFrame({"start": edges[:-1], "end": edges[1:], "count": counts})
    base = alt.Chart(binned).mark_bar(color=ACCENT, opacity=0.8).encode(
        x=alt.X("start:Q", bin="binned", title=title, axis=alt.Axis(format=",.0f")), x2="end:Q",
        y=alt.Y("count:Q", title=_("Simulations")),
        tooltip=[alt.Tooltip("start:Q", format=",.0f", title=_("From")),
                 alt.Tooltip("end:Q", format=",.0f", title=_("To")),
                 alt.Tooltip("count:Q", title=_("Simulations"))])
    rules = alt.Chart(pl.DataFrame({"label": list(marks), "value": list(marks.values())})).mark_rule(
        color=DETRACTOR, strokeDash=[4, 3]).encode(x=alt.X("value:Q", title=title), tooltip=[
            alt.Tooltip("label:N", title=_("Mark")),
            alt.Tooltip("value:Q", format=",.0f", title=_("Value"))])
    return finish(base + rules)
