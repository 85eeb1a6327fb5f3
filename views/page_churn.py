"""Churn & retention: churn per period (with the churn-to-acquisition ratio explained), by segment,
cohorts, revenue churn, and churn by NPS group or service experience where the data links them."""

from __future__ import annotations

import polars as pl
import streamlit as st
from babel.dates import format_skeleton

import cxkit
import cxkit.expr as cx
from ui import charts, kpis, thin, widgets
from ui.context import page_context
from ui.i18n import _, babel_locale, column_label, column_labels, esc, fmt_minutes, fmt_money, fmt_number, fmt_pct, term
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(_("Churn & retention"))
customers = v.all.get("customers")


def reasons(frame: pl.DataFrame, columns: list[str]) -> None:
    """Columns only departing customers fill (a cancellation reason): counts and share of those who left, never
    a churn rate (everyone with a reason has left, so a rate by reason would read 100 % and 0 %)."""
    if not columns:
        return
    st.subheader(_("Why customers left"))
    column = columns[0]
    if len(columns) > 1:
        widgets.keep("reason_column", options=columns)
        column = st.selectbox(_("Reason"), columns, key="reason_column",
                              format_func=column_labels(columns).__getitem__)
    if v.period is not None and "churned_at" in frame.columns:
        day = pl.col("churned_at").dt.date()
        frame = frame.filter(day.is_null() | ((day >= v.period.start) & (day < v.period.end_exclusive)))
    counts = cxkit.churn_reasons(frame, by=column).with_columns(
        pl.col(column).cast(pl.String).fill_null(_("(none given)")))
    if counts.height == 0 or not counts["churned"].sum():
        st.caption(_("Nobody left in the chosen period."))
        return
    widgets.chart(charts.bars(counts, x=column, y="churned", horizontal=True, sort="-x",
                              y_title=_("Customers who left")), key="churn_reasons",
                  how_to_read=_("How many of the customers who left gave each reason."))
    widgets.table(counts, key="churn_reasons_table",
                  column_config={"share_of_churned": st.column_config.NumberColumn(format="percent")})
    total = int(counts["churned"].sum())
    st.caption(_("Counts and share of the {n} customers who left, by {c}. Not a churn rate: only customers who "
                 "leave have a {c}, so a rate by it would compare the departed with nobody.",
                 n=fmt_number(total), c=esc(column_label(column))))
    if cxkit.is_thin(total):
        st.caption(_("Only {n} customers left: the shares are not reliable.", n=fmt_number(total)))


def retention_curve(frame: pl.DataFrame, segments: list[str]) -> None:
    """Kaplan–Meier retention by tenure, optionally per segment, with the median lifetime."""
    st.subheader(_("Retention by tenure"))
    by = widgets.choice(_("Curves for"), {"": _("everyone"), **column_labels(segments)},
                        key="survival_by", default="")
    curve = cxkit.survival(frame, by=[by] if by else [])
    if curve.height == 0:
        st.caption(_("Nobody has left yet: there is no curve to draw."))
        return
    widgets.chart(charts.step_with_band(curve, x="tenure", y="retention", low="retention_low", high="retention_high",
                                        color=by or None, x_title=_("Months as a customer"),
                                        y_title=_("Still a customer")), key="survival",
                  how_to_read=_("The share of customers still with you after each month of tenure (Kaplan–Meier). "
                                "Customers who are still active count until today and never as lost, so the curve "
                                "is not pulled down by recent sign-ups. The band is the 95% interval."))
    tail = curve.filter(pl.col("thin")) if "thin" in curve.columns else curve.clear()
    if tail.height:
        start = float(tail["tenure"].min())  # type: ignore[arg-type]
        st.caption(_("From {m} months on fewer than {t} customers remain in {where}: the end of the curve moves a lot "
                     "with each departure.", m=fmt_number(start, 1), t=fmt_number(cxkit.THIN_BELOW),
                     where=_("some curves") if by else _("the curve")))
    medians = cxkit.median_lifetime(frame, by=[by] if by else [])
    widgets.table(medians.drop("median_reached").with_columns(pl.Series("median_months", [
        _("not reached") if reached is False else None if months is None else fmt_number(months, 1)
        for months, reached in medians.select("median_months", "median_reached").iter_rows()], dtype=pl.String)),
        key="median_lifetime")
    st.caption(_("Median lifetime: the tenure (months) at which half the customers have left; \"not reached\" when "
                 "fewer than half have left so far (it is longer than the data can tell)."))


if customers is None:
    widgets.needs("customers")
    st.stop()
assert customers is not None
if not {"acquired_at", "churned_at"} <= set(customers.columns):
    if not {"churned", "tenure_months"} & set(customers.columns):
        widgets.needs("customers", "acquired_at", "churned_at")
        st.stop()
    st.info(_("This customer list is a snapshot (a churn flag and tenure, no dates). It gives the share of customers "
              "lost, by segment, the revenue at risk and retention by tenure; churn per month and cohorts need the "
              "dates customers joined and left."), icon="ℹ️")
    if "churned" in customers.columns:
        overall = cxkit.churn_share(customers).row(0, named=True)
        columns = list(st.columns(3))
        columns[0].metric(_("Customers lost"), fmt_pct(overall["churn_share"]), border=True,
                          help=_("{n} of {t}", n=fmt_number(overall["churned"]),
                                 t=fmt_number(overall["customers"])))
        if "revenue_at_risk" in overall:
            columns[1].metric(_("Monthly revenue lost"), fmt_money(overall["revenue_at_risk"]),
                              border=True)
            columns[2].metric(_("Share of revenue lost"),
                              fmt_pct(overall["revenue_share_lost"]), border=True)
        exit_only = cxkit.exit_only_columns(customers)
        segments = [c for c in kpis.segment_columns(customers) if c not in ("status", *exit_only)]
        if segments:
            widgets.keep("snapshot_segment", options=segments)
            segment = st.selectbox(_("Break down by"), segments, key="snapshot_segment",
                               format_func=column_labels(segments).__getitem__)
            share = cxkit.churn_share(customers, by=segment).drop_nulls(segment)
            widgets.chart(charts.bars(share, x=segment, y="churn_share", y_format=".0%", horizontal=True, sort="-x",
                                      y_title=_("Customers lost"), thin="thin"),
                          key="snapshot_churn",
                          how_to_read=_("Share of each segment's customers who have left."))
            if note := thin.groups_note(share, group=segment, count="customers", label=lambda g: esc(term(g))):
                st.caption(note)
            widgets.table(share, key="snapshot_churn_table")
        reasons(customers, [c for c in exit_only if c in kpis.segment_columns(customers)])
    if {"churned", "tenure_months"} <= set(customers.columns):
        retention_curve(customers, [c for c in kpis.segment_columns(customers) if c not in ("status",)])
    st.stop()
every = v.every if v.every in ("1mo", "1q") else "1mo"
if every != v.every:
    st.caption(_("Churn is shown per month: shorter periods hold too few departures to read."))
table = cxkit.churn(customers, every=every)
if v.period is not None:
    in_period = table.filter((pl.col("period") >= v.period.start) & (pl.col("period") < v.period.end_exclusive))
else:
    in_period = table
at_start = int(in_period["customers_start"].sum())
# One name per concept on every page: the Overview's KPI and the ROI planner's input say "Monthly churn" too.
rate_name = _("Monthly churn") if every == "1mo" else _("Quarterly churn")
columns = list(st.columns(4))
columns[0].metric(rate_name, fmt_pct(in_period.select(cx.pooled_churn()).item(), 2), border=True,
                  help=_("customers active at each period's start who left during it ÷ those customers (pooled)"))
columns[1].metric(_("Customers now"),
                  fmt_number(int(in_period["customers_end"][-1]) if in_period.height else None), border=True)
columns[2].metric(_("Lost in the period"), fmt_number(int(in_period["lost"].sum())),
                  border=True)
acquired = int(in_period["acquired"].sum())
columns[3].metric(_("Lost ÷ acquired"),
                  fmt_number(float(in_period["lost"].sum()) / acquired, 2) if acquired else "—", border=True,
                  help=_("a ratio, not a rate: above 1 when you lose more customers than you win"))
if acquired and cxkit.is_thin(acquired):
    st.caption(_("Only {n} sign-ups in the selected period: the lost ÷ acquired ratio is not reliable.",
                 n=fmt_number(acquired)))
if at_start and cxkit.is_thin(at_start):
    st.caption(_("Only {n} customers at the start of the periods: the churn rate is not reliable.", n=fmt_number(at_start)))

st.subheader(_("Churn per period"))
left, right = st.columns([3, 2])
with left:
    widgets.chart(charts.lines(table.drop_nulls("churn_rate"), x="period", y="churn_rate", y_format=".1%",
                               y_title=rate_name, period=v.period, thin="thin"),
                  key="churn_rate",
                  how_to_read=_("Share of the customers at each period's start who left during it."))
    if note := thin.churn_rate_note(table, every):
        st.caption(note)
with right:
    st.markdown(_("**Why not 'lost ÷ acquired'?** Some guides call lost ÷ acquired the churn. It compares departures "
                  "with arrivals, not with the customers you had: it has no upper limit and goes above 100% whenever "
                  "the base shrinks, so it cannot tell you what share of customers you lose. cxkit shows it as a "
                  "ratio beside the real rate."))
    widgets.chart(charts.lines(table.drop_nulls("lost_per_acquired"), x="period", y="lost_per_acquired",
                               y_format=".1f", y_title=_("Lost ÷ acquired"),
                               thin="thin_acquired"),
                  key="lost_per_acquired", how_to_read=_("Above 1: more customers left than arrived."))
    if note := thin.acquired_note(table, every):
        st.caption(note)
widgets.table(table, key="churn_by_period")

exit_only = cxkit.exit_only_columns(customers)
segments = [c for c in kpis.segment_columns(customers) if c not in ("status", *exit_only)]
if segments:
    st.subheader(_("By segment"))
    widgets.keep("churn_segment", options=segments)
    segment = st.selectbox(_("Break down by"), segments, key="churn_segment",
                               format_func=column_labels(segments).__getitem__)
    by_segment = cxkit.churn(customers, every=every, by=segment)
    if v.period is not None:
        by_segment = by_segment.filter((pl.col("period") >= v.period.start) &
                                       (pl.col("period") < v.period.end_exclusive))
    pooled = by_segment.group_by(segment).agg(cx.pooled_churn(), pl.col("customers_start").sum()).with_columns(
        cxkit.thin.thin_expr("customers_start").alias("thin")).drop_nulls(segment)
    widgets.chart(charts.bars(pooled, x=segment, y="churn_rate", y_format=".1%", horizontal=True,
                              y_title=rate_name, sort="-x", thin="thin"), key="churn_segments",
                  how_to_read=_("{name} of each segment over the selected period (pooled).", name=rate_name))
    if note := thin.groups_note(pooled.drop_nulls("churn_rate"), group=segment, count="customers_start",
                                label=lambda g: esc(term(g))):
        st.caption(note)
reasons(customers, [c for c in exit_only if c in kpis.segment_columns(customers)])

st.subheader(_("Cohorts"))
cohorts = cxkit.cohort_retention(customers, every="1mo", max_age=12)
if cohorts.height:
    recent = cohorts.filter(pl.col("cohort") >= pl.col("cohort").max().dt.offset_by("-18mo"))
    # each cohort's month as the language writes it ("mai. de 2024", "may 2024"), rows kept in time order
    months = {c: format_skeleton("yMMM", c, locale=babel_locale()) for c in recent["cohort"].unique().sort()}
    widgets.chart(charts.heatmap(recent.with_columns(pl.col("cohort").replace_strict(months, return_dtype=pl.String)),
                                 x="age", y="cohort", value="retention", x_title=_("Months since sign-up"),
                                 y_title=_("Signed up in"), thin="thin", y_order=list(months.values())), key="cohorts",
                  how_to_read=_("Each row is the customers who joined that month; each cell the share still active "
                                "that many months later."))
    small = recent.filter(pl.col("thin")).select("cohort", "cohort_size").unique().sort("cohort")
    if small.height:
        listed = [_("{when} ({n})", when=thin.fmt_period(c), n=fmt_number(n))
                  for c, n in small.iter_rows()]
        st.caption(_("Cohorts of fewer than {t} customers, faded: {list}. Their shares move a lot with each departure.", t=fmt_number(cxkit.THIN_BELOW), list=", ".join(listed)))
    widgets.table(cohorts, key="cohort_retention")

if "mrr" in table.columns:
    st.subheader(_("Revenue churn"))
    revenue = table.drop_nulls("gross_mrr_churn").select("period", "gross_mrr_churn", "net_mrr_churn").unpivot(
        index="period", variable_name="measure", value_name="rate")
    widgets.chart(charts.lines(revenue, x="period", y="rate", color="measure", y_format=".1%",
                               y_title=_("Share of MRR"), period=v.period), key="mrr_churn",
                  how_to_read=_("Gross: recurring revenue lost to cancellations and downgrades. Net: the same minus "
                                "upgrades and returns. Below 0 net means existing customers grew revenue."))

retention_curve(customers, [c for c in segments if c != "plan"] + (["plan"] if "plan" in customers.columns else []))

st.subheader(_("Who leaves"))
responses, tickets = v.all.get("responses"), v.all.get("tickets")
linked = False
if responses is not None and {"customer_id", "nps_score"} <= set(responses.columns):
    last_group = (responses.drop_nulls("customer_id").with_columns(cxkit.expr.nps_group(responses.columns))
                  .drop_nulls("nps_group").sort("submitted_at").group_by("customer_id")
                  .agg(pl.col("nps_group").last().alias(_("NPS group"))))
    joined = customers.join(last_group, on="customer_id", how="inner")
    if joined.height:
        linked = True
        share = cxkit.churn_share(joined, by=_("NPS group"))
        widgets.table(share, key="churn_by_nps_group")
        if note := thin.groups_note(share, group=_("NPS group"), count="customers",
                                    label=lambda g: esc(term(g))):
            st.caption(note)
        st.caption(_("Share of customers who have left, by the group of their last NPS answer ({n} customers linked "
                     "by e-mail).", n=fmt_number(joined.height)))
if tickets is not None and {"customer_id", "first_response_minutes"} <= set(tickets.columns):
    sla = ctx.sla_minutes
    experience = tickets.drop_nulls("customer_id").group_by("customer_id").agg(
        (pl.col("first_response_minutes") > sla).any().alias("breached")).with_columns(
        pl.when(pl.col("breached")).then(pl.lit(_("waited beyond the target")))
        .otherwise(pl.lit(_("always answered in time"))).alias(_("Service")))
    joined = customers.join(experience, on="customer_id", how="inner")
    if joined.height:
        linked = True
        share = cxkit.churn_share(joined, by=_("Service"))
        widgets.table(share, key="churn_by_service")
        if note := thin.groups_note(share, group=_("Service"), count="customers", label=esc):
            st.caption(note)
        st.caption(_("Customers with a ticket, by whether any first reply missed the {t} target.",
                     t=fmt_minutes(sla)))
if not linked:
    st.caption(_("Load survey answers or tickets with the customers' e-mail to see who leaves."))
if "mrr" in customers.columns:
    at_risk = cxkit.churn_share(customers).row(0, named=True)
    st.caption(_("Monthly revenue of customers who have left: {r} ({s} of all).",
                 r=fmt_money(at_risk.get("revenue_at_risk")), s=fmt_pct(at_risk.get("revenue_share_lost"))))
