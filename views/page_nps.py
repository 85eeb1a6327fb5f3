"""NPS & satisfaction: trend with its interval, segments, the 0–10 spread, period comparison, comments,
CSAT and net emotion value."""

from __future__ import annotations

import polars as pl
import streamlit as st

import cxkit
from ui import charts, kpis, thin, widgets
from ui.context import page_context
from ui.i18n import L, column_labels, esc, fmt_number, fmt_p, fmt_pct, fmt_signed, term
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(L("NPS & satisfaction", "NPS y satisfacción"))
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
                      help=L("promoters (9–10) minus detractors (0–6), in points", "promotores (9–10) menos "
                             "detractores (0–6), en puntos"))
    columns[1].metric(L("95% interval", "Intervalo del 95 %"),
                      f"{fmt_number(summary['nps_low'])} … {fmt_number(summary['nps_high'])}", border=True)
    columns[2].metric(L("Answers", "Respuestas"), fmt_number(summary["responses"]), border=True)
    columns[3].metric(L("Promoters / detractors", "Promotores / detractores"),
                      f"{fmt_number(summary['promoters'])} / {fmt_number(summary['detractors'])}", border=True)
    widgets.small_sample(summary["responses"])

    st.subheader(L("Trend", "Evolución"))
    trend = cxkit.nps(responses, every=v.every)
    widgets.chart(charts.line_with_band(trend, x="period", y="nps", low="nps_low", high="nps_high", y_title="NPS",
                                        period=v.period), key="nps_trend",
                  how_to_read=L("The line is the NPS of each period; the band is its 95% interval (adjusted Wald). "
                                "Bands that overlap mean the change may be chance. The shaded area is the selected "
                                "period.", "La línea es el NPS de cada periodo; la banda, su intervalo del 95 % (Wald "
                                "ajustado). Si las bandas se solapan, el cambio puede ser azar. La zona sombreada es el "
                                "periodo elegido."))
    widgets.table(trend, key="nps_by_period")

    st.subheader(L("By segment", "Por segmento"))
    segments = kpis.segment_columns(responses)
    if segments:
        widgets.keep("nps_segment", options=segments)
        segment = st.selectbox(L("Break down by", "Desglosar por"), segments, key="nps_segment",
                               format_func=column_labels(segments).__getitem__)
        by_segment = cxkit.nps(current, by=segment)
        widgets.chart(charts.interval_bars(by_segment.drop_nulls(segment), category=segment, value="nps",
                                           low="nps_low", high="nps_high", x_title="NPS", thin="small_sample"),
                      key="nps_segments",
                      how_to_read=L("Bars are each segment's NPS in the selected period; the black line is its 95% "
                                    "interval. Segments marked small have fewer than 30 answers.",
                                    "Las barras son el NPS de cada segmento en el periodo; la línea negra, su intervalo "
                                    "del 95 %. Los segmentos pequeños tienen menos de 30 respuestas."))
        if note := thin.groups_note(by_segment.drop_nulls(segment), group=segment, count="responses",
                                    flag="small_sample", label=lambda g: esc(term(g)), answers=True):
            st.caption(note)
        widgets.table(by_segment, key="nps_by_segment")
    else:
        st.caption(L("The answers have no segment columns (region, plan, channel...).",
                     "Las respuestas no tienen columnas de segmento (región, plan, canal...)."))

    if "nps_score" in current.columns and current.height:
        st.subheader(L("How people scored", "Cómo puntuaron"))
        spread = current.group_by("nps_score").agg(pl.len().alias("answers")).drop_nulls().with_columns(
            pl.when(pl.col("nps_score") >= 9).then(pl.lit("promoters")).when(pl.col("nps_score") >= 7)
            .then(pl.lit("passives")).otherwise(pl.lit("detractors")).alias("group")).sort("nps_score")
        widgets.chart(charts.bars(spread, x="nps_score", x_type="O", y="answers", color="group",
                                  color_scale=charts.GROUP_COLORS, y_title=L("Answers", "Respuestas")),
                      key="nps_spread", how_to_read=L("Answers per score 0–10: red detractors, grey passives, green "
                                                      "promoters.", "Respuestas por nota 0–10: rojo detractores, gris "
                                                      "pasivos, verde promotores."))

    st.subheader(L("Promoters, passives and detractors over time", "Promotores, pasivos y detractores en el tiempo"))
    shares = trend.select("period", "responses", "promoters", "passives", "detractors").unpivot(
        index=["period", "responses"], variable_name="group", value_name="answers").with_columns(
        (pl.col("answers") / pl.col("responses")).alias("share"))
    widgets.chart(charts.bars(shares, x="period", x_type="T", y="share", color="group", color_scale=charts.GROUP_COLORS,
                              y_title=L("Share of answers", "Proporción de respuestas"), y_format=".0%",
                              stack="normalize"),
                  key="nps_groups", how_to_read=L("Each bar is one period split into the three groups.",
                                                  "Cada barra es un periodo repartido entre los tres grupos."))

    if v.period is not None and v.compare and not v.comparable("responses"):
        st.subheader(L("This period against the previous one", "Este periodo frente al anterior"))
        st.info(L("No comparison: the answers begin after the start of the previous period.",
                  "Sin comparación: las respuestas empiezan después del inicio del periodo anterior."), icon="ℹ️")
    elif v.period is not None and v.compare:
        st.subheader(L("This period against the previous one", "Este periodo frente al anterior"))
        previous = v.period.previous()
        compared = cxkit.compare_nps(responses, baseline=(previous.start, previous.end_exclusive),
                                     current=(v.period.start, v.period.end_exclusive))
        row = compared.row(0, named=True)
        if row["difference"] is None:
            st.caption(L("No answers in one of the two periods.", "No hay respuestas en uno de los dos periodos."))
        else:
            verdict = (L("more than chance", "más que azar") if row["p_value"] is not None and row["p_value"] < 0.05
                       else L("could be chance", "puede ser azar"))
            st.markdown(L("NPS **{a}** now against **{b}** before: **{d} points** (95% interval {lo} … {hi}; "
                          "{p}: {verdict}).", "NPS **{a}** ahora frente a **{b}** antes: **{d} puntos** (intervalo "
                          "del 95 % {lo} … {hi}; {p}: {verdict}).", a=fmt_number(row["current_nps"]),
                          b=fmt_number(row["baseline_nps"]), d=fmt_signed(row["difference"], 1), lo=fmt_number(row["diff_low"], 1),
                          hi=fmt_number(row["diff_high"], 1), p=fmt_p(row["p_value"]), verdict=verdict))
        if segments:
            widgets.table(cxkit.compare_nps(responses, baseline=(previous.start, previous.end_exclusive),
                                            current=(v.period.start, v.period.end_exclusive),
                                            by=st.session_state.get("nps_segment", segments[0])), key="nps_compare")

    if "comment" in current.columns and "nps_score" in current.columns:
        st.subheader(L("What detractors say", "Qué dicen los detractores"))
        comments = current.filter((pl.col("nps_score") <= 6) & pl.col("comment").is_not_null()).select(
            "submitted_at", "nps_score", "comment", *[c for c in segments[:2]]).sort("submitted_at", descending=True)
        if comments.height:
            widgets.table(comments, key="detractor_comments", height=300)
        else:
            st.caption(L("No detractor left a comment in this period.", "Ningún detractor dejó comentario en este "
                         "periodo."))

st.subheader("CSAT")
sources = [k for k in ("responses", "tickets") if v.has(k) and {"satisfied", "csat_score"} & set(v.all[k].columns)]
if not sources:
    widgets.needs("tickets", "satisfied")
else:
    kind = sources[0]
    satisfaction = cxkit.csat(v.current.get(kind, v.all[kind].clear())).row(0, named=True)
    st.metric("CSAT", fmt_pct(satisfaction["csat"]), border=True,
              help=L("satisfied ÷ rated answers (4–5 of 5, or Good); unrated ones are left out",
                     "satisfechos ÷ valorados (4–5 de 5, o Bueno); los no valorados no cuentan"))
    widgets.small_sample(satisfaction["rated"])
    trend_csat = cxkit.csat(v.all[kind], every=v.every)
    widgets.chart(charts.line_with_band(trend_csat, x="period", y="csat", low="csat_low", high="csat_high",
                                        y_title="CSAT", y_format=".0%", period=v.period), key="csat_trend",
                  how_to_read=L("Share of satisfied ratings per period, with its 95% Wilson interval.",
                                "Proporción de valoraciones satisfechas por periodo, con su intervalo de Wilson del "
                                "95 %."))

if v.has("responses") and "emotion" in v.all["responses"].columns:
    st.subheader(L("Net emotion value", "Valor emocional neto"))
    emotions = cxkit.nev(v.current.get("responses", v.all["responses"].clear())).row(0, named=True)
    columns = list(st.columns(2))
    columns[0].metric(L("Net emotion value", "Valor emocional neto"), fmt_number(emotions["nev"]), border=True,
                      help=L("(positive − negative) ÷ all answers with an emotion, in points",
                             "(positivas − negativas) ÷ respuestas con emoción, en puntos"))
    columns[1].metric(L("Without neutral answers", "Sin las neutras"), fmt_number(emotions["nev_polar"]), border=True)
    nev_trend = cxkit.nev(v.all["responses"], every=v.every)
    widgets.chart(charts.lines(nev_trend, x="period", y="nev", y_title=L("Net emotion value", "Valor emocional neto"),
                               period=v.period), key="nev_trend",
                  how_to_read=L("Above 0: more positive than negative emotions.",
                                "Por encima de 0: más emociones positivas que negativas."))
