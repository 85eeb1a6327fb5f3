"""Ticket-type drift: how the mix of requests changes, which kinds are new, vanishing, rising or falling."""

from __future__ import annotations

import polars as pl
import streamlit as st

import cxkit
from ui import charts, widgets
from ui.context import page_context
from ui.i18n import _, column_labels, esc, fmt_date, fmt_number, fmt_p
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(_("Ticket-type drift"))
tickets = v.all.get("tickets")
if tickets is None:
    widgets.needs("tickets", "ticket_type")
    st.stop()
assert tickets is not None
candidates = [c for c, t in tickets.schema.items()
              if cxkit.is_text(t) and 1 < tickets[c].n_unique() <= 80 and c not in ("ticket_id", "customer_id", "status")]
if not candidates:
    widgets.needs("tickets", "ticket_type")
    st.stop()
widgets.keep("drift_column", options=candidates,
             default="ticket_type" if "ticket_type" in candidates else candidates[0])
column = st.selectbox(_("Kind of request"), candidates, key="drift_column",
                      format_func=column_labels(candidates).__getitem__)

# cxkit counts tickets without a kind as "(none)": said in the user's language
no_kind = {"(none)": _("(no kind given)")}
shares = cxkit.type_shares(tickets, every=v.every, column=column).with_columns(pl.col("category").replace(no_kind))
widgets.chart(charts.bars(shares, x="period", x_type="T", y="share", color="category", y_format=".0%",
                          stack="normalize", y_title=_("Share of tickets")), key="type_shares",
              how_to_read=_("Each bar is one period split by kind of request: a colour that grows is a kind that is "
                            "taking more of the team's time."))

widgets.chart(charts.lines(shares, x="period", y="count", color="category",
                           y_title=_("Tickets"), period=v.period), key="type_counts",
              how_to_read=_("The same kinds as counts: a kind can grow in tickets while its share falls, when "
                            "everything grows faster."))

if v.period is None:
    st.stop()
if not v.covers_previous("tickets"):
    st.info(_("No comparison with the previous period: the tickets begin after its start. Choose a later period."), icon="ℹ️")
    st.stop()
previous = v.period.previous()
drift = cxkit.type_drift(tickets, baseline=(previous.start, previous.end_exclusive),
                         current=(v.period.start, v.period.end_exclusive), column=column)
st.subheader(_("This period against the previous one"))
st.caption(_("{a} – {b} against {c} – {d}.", a=fmt_date(v.period.start),
             b=fmt_date(v.period.end), c=fmt_date(previous.start), d=fmt_date(previous.end)))
if drift.baseline_total == 0 or drift.current_total == 0:
    st.info(_("One of the two periods has no tickets: choose a period with data before it."))
else:
    verdict = (_("the mix changed more than chance would explain")
               if drift.p_value is not None and drift.p_value < 0.05 else
               _("the change could be chance"))
    columns = st.columns(3)
    columns[0].metric(_("Test of the whole mix"), fmt_p(drift.p_value), border=True,
                      help=_("χ² = {c}, {d} degrees of freedom",
                             c=fmt_number(drift.chi2, 1), d=drift.dof))
    columns[1].metric(_("Size of the change (Cramér's V)"),
                      fmt_number(drift.cramers_v, 3), border=True,
                      help=_("0 = same mix, 1 = completely different"))
    columns[2].metric(_("Jensen–Shannon distance"), fmt_number(drift.js_distance, 3),
                      border=True, help=_("PSI {p}", p=fmt_number(drift.psi, 3)))
    st.markdown(_("In short: {v}.", v=verdict))
    if drift.most_common:
        st.markdown(_("Most common now: **{t}**.",
                      t=", ".join(esc(no_kind.get(t, t)) for t in drift.most_common[:3])))
    if drift.new:
        st.markdown(_("New this period: **{t}**.", t=", ".join(esc(no_kind.get(t, t)) for t in drift.new)))
    labels = {"new": _("new"), "vanished": _("vanished"), "rising": _("rising"),
              "falling": _("falling"), "stable": _("stable")}
    # growth judged both ways: the share of the mix, and the count of tickets against the previous period
    table = drift.table.with_columns(
        pl.col("status").replace_strict(labels, default=pl.col("status")), pl.col("category").replace(no_kind),
        pl.when(pl.col("baseline_count") > 0).then(pl.col("current_count") / pl.col("baseline_count") - 1)
        .otherwise(None).alias("count_growth"),
    ).select("category", "status", "baseline_count", "current_count", "count_growth", "baseline_share",
             "current_share", "change_pts", "p_adjusted")
    widgets.table(table, key="drift_table", column_config={
        "baseline_share": st.column_config.NumberColumn(format="percent"),
        "count_growth": st.column_config.NumberColumn(format="percent"),
        "current_share": st.column_config.NumberColumn(format="percent"),
        "change_pts": st.column_config.NumberColumn(format="%.1f"),
        "p_adjusted": st.column_config.NumberColumn(format="%.4f"),
    })
    st.caption(_("Status 'rising' or 'falling' needs an adjusted p-value under {p} (Benjamini–Hochberg over all "
                 "kinds); 'new' and 'vanished' are facts. Shares are of each period's tickets.", p=fmt_number(0.05, 2)))
