"""ROI planner charts a room can read: full labels, units, the likely result marked."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from ui.charts import DETRACTOR, PROMOTER, finish


def tornado(frame: pl.DataFrame, *, likely: float, label_low: str, label_high: str, x_title: str,
            likely_label: str, input_title: str = "Input", end_title: str = "Input at") -> Any:
    """``frame``: ``label`` (full, never cut), ``net_gain_at_low``, ``net_gain_at_high``; bars run from the likely
    net gain to the value at the input's low and at its high, both labelled; a rule marks the likely result."""
    order = frame["label"].to_list()
    long = frame.select("label", pl.col("net_gain_at_low").alias(label_low),
                        pl.col("net_gain_at_high").alias(label_high)).unpivot(
        index="label", variable_name="end", value_name="net_gain").with_columns(pl.lit(likely).alias("likely"))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0, labelFontSize=13))
    bars = alt.Chart(long).mark_bar(opacity=0.85).encode(
        y=y, x=alt.X("net_gain:Q", title=x_title, axis=alt.Axis(format=",.0f")), x2="likely:Q",
        color=alt.Color("end:N", scale=alt.Scale(range=[DETRACTOR, PROMOTER]), title=None,
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("label:N", title=input_title), alt.Tooltip("end:N", title=end_title),
                 alt.Tooltip("net_gain:Q", title=x_title, format=",.0f")])
    rule = alt.Chart(pl.DataFrame({"likely": [likely], "text": [likely_label]})).mark_rule(
        strokeDash=[4, 3], color="black").encode(x=alt.X("likely:Q", title=None))
    text = alt.Chart(pl.DataFrame({"likely": [likely], "text": [likely_label]})).mark_text(
        align="left", dx=4, dy=-6, fontSize=12).encode(x=alt.X("likely:Q", title=None), y=alt.value(0), text="text:N")
    return finish(alt.layer(bars, rule, text), height=max(160, 34 * len(order) + 40))


def cash_flow(frame: pl.DataFrame, *, names: dict[str, str], x_title: str, y_title: str,
              payback: int | None, payback_label: str, case_title: str = "Case") -> Any:
    """Cumulative cash flow by month: the likely line inside the worst–best band, 0 marked, payback pointed at."""
    wide = frame.pivot(on="case", index="month", values="cumulative")
    band = alt.Chart(wide).mark_area(opacity=0.18, color="#4c78a8").encode(
        x=alt.X("month:Q", title=x_title), y=alt.Y("worst:Q", title=y_title, axis=alt.Axis(format=",.0f")),
        y2="best:Q")
    long = frame.with_columns(pl.col("case").replace_strict(names, default=pl.col("case")).alias("label"))
    lines = alt.Chart(long).mark_line(strokeWidth=2.5).encode(
        x=alt.X("month:Q", title=x_title), y=alt.Y("cumulative:Q", title=y_title),
        color=alt.Color("label:N", title=None, sort=list(names.values()), legend=alt.Legend(orient="top"),
                        scale=alt.Scale(range=[DETRACTOR, "#222222", PROMOTER])),
        tooltip=[alt.Tooltip("month:Q", title=x_title), alt.Tooltip("label:N", title=case_title),
                 alt.Tooltip("cumulative:Q", title=y_title, format=",.0f")])
    zero = alt.Chart(pl.DataFrame({"y": [0.0]})).mark_rule(color="gray").encode(y=alt.Y("y:Q", title=None))
    layers: list[Any] = [band, zero, lines]
    if payback is not None:
        mark = pl.DataFrame({"month": [payback], "text": [payback_label]})
        layers += [alt.Chart(mark).mark_rule(strokeDash=[4, 3]).encode(x=alt.X("month:Q", title=None)),
                   alt.Chart(mark).mark_text(align="left", dx=4, dy=10, fontSize=13).encode(
                       x=alt.X("month:Q", title=None), y=alt.value(0), text="text:N")]
    return finish(alt.layer(*layers), height=320)
