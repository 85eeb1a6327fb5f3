"""NPS & satisfaction: trend with its interval, segments, the 0–10 spread, period comparison, comments,
CSAT and net emotion value."""

from __future__ import annotations

import polars as pl
import streamlit as st

import cxkit
import cxkit.expr as cx
from ui import charts, kpis, thin, widgets
from ui.context import page_context
from ui.i18n import _, column_labels, esc, fmt_number, fmt_p, fmt_pct, fmt_signed, term
from ui.state import View

# cxkit's NPS groups (cxkit.expr.nps_group: the one definition of the buckets) as the chart's series names
GROUP_NAMES = {"promoter": "promoters", "passive": "passives", "detractor": "detractors"}

ctx = page_context()
v: View = ctx.view
st.title(_("NPS & satisfaction"))
responses = v.all.get("responses")
has_nps = responses is not None and bool({"nps_score", "nps_group"} & set(responses.columns))

if not has_nps:
    widgets.needs("responses", "nps_score")
else:
    assert responses is not None
    current = v.current.get("responses", responses.clear())
    summary = cxkit.nps(current).row(0, named=True)
    columns = list(st.columns(4))
    columns[0].metric("NPS", fmt_number(summary["nps"]), border=True,
                      help=_("promoters (9–10) minus detractors (0–6), in points"))
    columns[1].metric(_("95% interval"),
                      f"{fmt_number(summary['nps_low'])} … {fmt_number(summary['nps_high'])}", border=True)
    columns[2].metric(_("Answers"), fmt_number(summary["responses"]), border=True)
    columns[3].metric(_("Promoters / detractors"),
                      f"{fmt_number(summary['promoters'])} / {fmt_number(summary['detractors'])}", border=True)
    widgets.small_sample(summary["responses"])

    st.subheader(_("Trend"))
    trend = cxkit.nps(responses, every=v.every)
    widgets.chart(charts.line_with_band(trend, x="period", y="nps", low="nps_low", high="nps_high", y_title="NPS",
                                        period=v.period), key="nps_trend",
                  how_to_read=_("The line is the NPS of each period; the band is its 95% interval (adjusted Wald). "
                                "Bands that overlap mean the change may be chance. The shaded area is the selected "
                                "period."))
    widgets.table(trend, key="nps_by_period")

    st.subheader(_("By segment"))
    segments = kpis.segment_columns(responses)
    if segments:
        widgets.keep("nps_segment", options=segments)
        segment = st.selectbox(_("Break down by"), segments, key="nps_segment",
                               format_func=column_labels(segments).__getitem__)
        by_segment = cxkit.nps(current, by=segment)
        widgets.chart(charts.interval_bars(by_segment.drop_nulls(segment), category=segment, value="nps",
                                           low="nps_low", high="nps_high", x_title="NPS", thin="small_sample"),
                      key="nps_segments",
                      how_to_read=_("Bars are each segment's NPS in the selected period; the black line is its 95% "
                                    "interval. Segments marked small have fewer than 30 answers."))
        if note := thin.groups_note(by_segment.drop_nulls(segment), group=segment, count="responses",
                                    flag="small_sample", label=lambda g: esc(term(g)), answers=True):
            st.caption(note)
        widgets.table(by_segment, key="nps_by_segment")
    else:
        st.caption(_("The answers have no segment columns (region, plan, channel...)."))

    if "nps_score" in current.columns and current.height:
        st.subheader(_("How people scored"))
        spread = current.group_by("nps_score").agg(pl.len().alias("answers")).drop_nulls().with_columns(
            cx.nps_group().replace_strict(GROUP_NAMES, return_dtype=pl.String).alias("group")).sort("nps_score")
        widgets.chart(charts.bars(spread, x="nps_score", x_type="O", y="answers", color="group",
                                  color_scale=charts.GROUP_COLORS, y_title=_("Answers")),
                      key="nps_spread", how_to_read=_("Answers per score 0–10: red detractors, grey passives, green "
                                                      "promoters."))

    st.subheader(_("Promoters, passives and detractors over time"))
    shares = trend.select("period", "responses", "promoters", "passives", "detractors").unpivot(
        index=["period", "responses"], variable_name="group", value_name="answers").with_columns(
        (pl.col("answers") / pl.col("responses")).alias("share"))
    widgets.chart(charts.bars(shares, x="period", x_type="T", y="share", color="group", color_scale=charts.GROUP_COLORS,
                              y_title=_("Share of answers"), y_format=".0%",
                              stack="normalize"),
                  key="nps_groups", how_to_read=_("Each bar is one period split into the three groups."))

    if v.period is not None and v.compare and not v.comparable("responses"):
        st.subheader(_("This period against the previous one"))
        st.info(_("No comparison: the answers begin after the start of the previous period."), icon="ℹ️")
    elif v.period is not None and v.compare:
        st.subheader(_("This period against the previous one"))
        previous = v.period.previous()
        compared = cxkit.compare_nps(responses, baseline=(previous.start, previous.end_exclusive),
                                     current=(v.period.start, v.period.end_exclusive))
        row = compared.row(0, named=True)
        if row["difference"] is None:
            st.caption(_("No answers in one of the two periods."))
        else:
            verdict = (_("more than chance") if row["p_value"] is not None and row["p_value"] < 0.05
                       else _("could be chance"))
            st.markdown(_("NPS **{a}** now against **{b}** before: **{d} points** (95% interval {lo} … {hi}; "
                          "{p}: {verdict}).", a=fmt_number(row["current_nps"]),
                          b=fmt_number(row["baseline_nps"]), d=fmt_signed(row["difference"], 1), lo=fmt_number(row["diff_low"], 1),
                          hi=fmt_number(row["diff_high"], 1), p=fmt_p(row["p_value"]), verdict=verdict))
        if segments:
            widgets.table(cxkit.compare_nps(responses, baseline=(previous.start, previous.end_exclusive),
                                            current=(v.period.start, v.period.end_exclusive),
                                            by=st.session_state.get("nps_segment", segments[0])), key="nps_compare")

    if "comment" in current.columns and "nps_score" in current.columns:
        st.subheader(_("What detractors say"))
        comments = current.filter((cx.nps_group(current.columns) == "detractor") & pl.col("comment").is_not_null()).select(
            "submitted_at", "nps_score", "comment", *[c for c in segments[:2]]).sort("submitted_at", descending=True)
        if comments.height:
            widgets.table(comments, key="detractor_comments", height=300)
        else:
            st.caption(_("No detractor left a comment in this period."))

st.subheader("CSAT")
sources = [k for k in ("responses", "tickets") if v.has(k) and {"satisfied", "csat_score"} & set(v.all[k].columns)]
if not sources:
    widgets.needs("tickets", "satisfied")
else:
    kind = sources[0]
    satisfaction = cxkit.csat(v.current.get(kind, v.all[kind].clear())).row(0, named=True)
    st.metric("CSAT", fmt_pct(satisfaction["csat"]), border=True,
              help=_("satisfied ÷ rated answers (4–5 of 5, or Good); unrated ones are left out"))
    widgets.small_sample(satisfaction["rated"])
    trend_csat = cxkit.csat(v.all[kind], every=v.every)
    widgets.chart(charts.line_with_band(trend_csat, x="period", y="csat", low="csat_low", high="csat_high",
                                        y_title="CSAT", y_format=".0%", period=v.period), key="csat_trend",
                  how_to_read=_("Share of satisfied ratings per period, with its 95% Wilson interval."))

if v.has("responses") and "emotion" in v.all["responses"].columns:
    st.subheader(_("Net emotion value"))
    emotions = cxkit.nev(v.current.get("responses", v.all["responses"].clear())).row(0, named=True)
    columns = list(st.columns(2))
    columns[0].metric(_("Net emotion value"), fmt_number(emotions["nev"]), border=True,
                      help=_("(positive − negative) ÷ all answers with an emotion, in points"))
    columns[1].metric(_("Without neutral answers"), fmt_number(emotions["nev_polar"]), border=True)
    nev_trend = cxkit.nev(v.all["responses"], every=v.every)
    widgets.chart(charts.lines(nev_trend, x="period", y="nev", y_title=_("Net emotion value"),
                               period=v.period), key="nev_trend",
                  how_to_read=_("Above 0: more positive than negative emotions."))
