"""Charts of the contact forecast: the recent actual contacts, the likely forecast and its 80 % and 95 % ranges."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from ui.charts import ACCENT, BAND, data, f, finish, tip


def forecast(history: pl.DataFrame, ahead: pl.DataFrame, *, actual: str, likely: str, y_title: str,
             time_title: str, with_time: bool = True) -> Any:
    """``history``: ``start, contacts`` (the weeks before); ``ahead``: ``start, likely, lower_80, upper_80,
    lower_95, upper_95``. Two bands (95 % lighter, 80 % darker), the likely line, the actual line in grey;
    ``actual`` and ``likely`` name the lines in the legend."""
    number = ",.1f"
    when = tip("start", "T", title=time_title, format="%d %b %H:%M" if with_time else "%d %b")
    series = alt.Scale(domain=[actual, likely], range=["#718096", ACCENT])
    past = alt.Chart(data(history.with_columns(pl.lit(actual).alias("series")))).mark_line(strokeWidth=1).encode(
        x=alt.X(**f("start", "T"), title=None), y=alt.Y(**f("contacts", "Q"), title=y_title),
        color=alt.Color(**f("series", "N"), scale=series, title=None, legend=alt.Legend(orient="top")),
        tooltip=[when, tip("contacts", "Q", format=number)])
    base = alt.Chart(data(ahead.with_columns(pl.lit(likely).alias("series")))).encode(
        x=alt.X(**f("start", "T"), title=None))
    wide = base.mark_area(opacity=0.25, color=BAND).encode(y=alt.Y(**f("lower_95", "Q"), title=y_title),
                                                           y2=alt.Y2(field="upper_95"))
    narrow = base.mark_area(opacity=0.5, color=BAND).encode(y=alt.Y(**f("lower_80", "Q"), title=y_title),
                                                            y2=alt.Y2(field="upper_80"))
    line = base.mark_line(strokeWidth=1.5).encode(
        y=alt.Y(**f("likely", "Q"), title=y_title),
        color=alt.Color(**f("series", "N"), scale=series, title=None, legend=alt.Legend(orient="top")),
        tooltip=[when, tip("likely", "Q", format=number), tip("lower_80", "Q", format=number),
                 tip("upper_80", "Q", format=number), tip("lower_95", "Q", format=number),
                 tip("upper_95", "Q", format=number)])
    return finish(alt.layer(wide, narrow, past, line), height=320)
