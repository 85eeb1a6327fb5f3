"""Beyond the usual dashboards: why customers leave, growth accounting, staffing, business hours, what people talk
about, and orders. Every number comes from cxkit; this page only draws and words the findings."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import streamlit as st

import cxkit
from ui import charts, thin, widgets
from ui.context import page_context
from ui.i18n import N_, _, esc, fmt_money, fmt_number, fmt_p, fmt_pct, input_format, kind_name, pgettext
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(_("Beyond the usual dashboards"))

EXPERIENCE_NAMES = {
    "waited_past_target": N_("Waited past the first-reply target"),
    "nps_detractor": N_("Last score: detractor"),
    "nps_passive": N_("Last score: passive"),
    "nps_promoter": N_("Last score: promoter"),
    "repeat_contact": N_("Had to come back within 7 days"),
    "unresolved_ticket": N_("A ticket left unresolved"),
    "no_contact": N_("Never contacted support"),
    "first_reply_late": N_("First reply late"),
    "first_reply_on_time": N_("First reply on time"),
}
MODEL_REASONS = {
    "patience_given": N_("callers hang up after a mean patience of {s} s, as given"),
    "patience_estimated": N_("callers hang up after a mean patience of {s} s, estimated from the calls"),
    "erlang_c_chosen": N_("nobody hangs up"),
    "no_abandoned_calls": N_("no call was abandoned, so nobody hangs up"),
    "abandoned_waits_missing": N_("the abandoned calls have no waiting time, so the callers' patience is unknown: "
                                "enter it above to plan with hang-ups"),
    "answered_waits_missing": N_("the answered calls have no waiting time, so the callers' patience is unknown: "
                               "enter it above to plan with hang-ups"),
    "zero_waits": N_("every waiting time is 0 s, so the callers' patience is unknown"),
    "no_wait_data": N_("no waiting times and outcomes to estimate the callers' patience"),
}
METHOD_NAMES = {"first_reply_landmark": N_("landmark at the first reply")}


def finding_text(code: str | None, n: int, p: float | None) -> str:
    """The sentence of a finding code (the library returns codes and numbers, the page words them)."""
    texts = {
        "churn_higher": N_("leave faster than the comparison group (n = {n}, {p})."),
        "churn_lower": N_("leave more slowly than the comparison group (n = {n}, {p})."),
        "no_clear_difference": N_("no clear difference from the comparison group: it could be chance (n = {n}, "
                                "{p})."),
        "too_few_customers": N_("too few customers to tell (n = {n})."),
    }
    return _(texts.get(code or "", ""), n=fmt_number(n), p=fmt_p(p))


def why_customers_leave() -> None:
    customers = v.all.get("customers")
    contacts = {k: v.all.get(k) for k in ("tickets", "calls", "responses")}
    if customers is None or "customer_id" not in customers.columns:
        widgets.needs("customers", "customer_id")
        return
    usable = {k: f for k, f in contacts.items() if f is not None and "customer_id" in f.columns and f.height}
    if "responses" in usable and "nps_score" not in usable["responses"].columns:
        usable.pop("responses")
    if not usable:
        widgets.needs("tickets", "customer_id")
        return
    sla = ctx.sla_minutes
    widgets.keep("beyond_landmark_days", low=7, high=365, integer=True, default=90)
    days = int(st.number_input(_("Window after the reply (days)"), 7, 365, key="beyond_landmark_days"))
    try:
        result = cxkit.churn_by_experience(customers, tickets=usable.get("tickets"), calls=usable.get("calls"),
                                           responses=usable.get("responses"), sla_minutes=sla, landmark_days=days)
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    matched = result.matching.filter(pl.col("source") != "customers")
    st.caption(" · ".join(_("{source}: {m} of {n} customer ids matched", source=esc(kind_name(r["source"])), m=fmt_number(r["matched"]), n=fmt_number(r["ids"]))
                          for r in matched.iter_rows(named=True)))
    if result.landmark.height:
        late = result.landmark.row(0, named=True)
        method_code = str(late["method"]).rsplit("_", 1)[0]
        method = _(METHOD_NAMES[method_code]) if method_code in METHOD_NAMES else str(late["method"])
        st.markdown(_("**Fair comparison ({method}, {days} days):** {share} of customers whose first reply was "
                      "late left within {days} days of it, against {other} of those whose first reply was on time; "
                      "each customer counts in one group only. Customers whose first reply was late: ",
                      days=days, share=fmt_pct(late["km_churn"]), method=method,
                      other=fmt_pct(result.landmark.row(1, named=True)["km_churn"]))
                    + finding_text(late["finding"], late["finding_n"], late["finding_p"]))
    # The findings are written from the rows taken out of polars (a handful), not by a Python callback inside
    # polars, which can deadlock a served app (see ui.widgets.localized_numbers).
    findings = [finding_text(r["finding"], r["finding_n"], r["finding_p"])
                for r in result.experiences.select("finding", "finding_n", "finding_p").iter_rows(named=True)]
    rows = result.experiences.with_columns(
        pl.col("experience").replace_strict({k: _(n) for k, n in EXPERIENCE_NAMES.items()}, default=pl.col(
            "experience")).alias("experience"),
        pl.Series("finding", findings, dtype=pl.String))
    st.caption(_("Each experience against its comparison group over the whole customer lifetime. This simple split "
                 "is biased: customers who stay longer open more tickets, so they are more likely to have waited "
                 "once, which makes waiting look harmless. Read the landmark line above for late replies."))
    not_reached = _("not reached")  # customers, but fewer than half have left: not an empty cell
    rows = rows.with_columns(pl.Series(n, [not_reached if m is None and k else None if m is None else fmt_number(m, 1)
                                           for m, k in rows.select(n, k).iter_rows()], dtype=pl.String)
                             for n, k in (("median_months", "customers"),
                                          ("comparison_median_months", "comparison_customers")))
    widgets.table(rows.select("experience", "customers", "churn_share", "comparison_churn_share", "median_months",
                              "comparison_median_months", "revenue_at_risk", "p_value", "finding"),
                  key="beyond_experiences")


def growth() -> None:
    sources = {k: v.all[k] for k in ("customers", "orders") if k in v.all and v.all[k].height}
    if not sources:
        widgets.needs("customers", "acquired_at", "churned_at")
        return
    basis = widgets.choice(_("From"), {k: _({"customers": N_("subscriptions"),
                                                        "orders": N_("orders")}[k]) for k in sources},
                           key="beyond_growth_basis", default=next(iter(sources)), kind="radio", horizontal=True)
    try:
        table = cxkit.growth_accounting(sources[basis], every="1mo")  # type: ignore[index]
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    if table.height == 0:
        st.caption(_("No dated customers to count."))
        return
    parts = table.select("period", "new", "resurrected", (-pl.col("churned")).alias("churned")).unpivot(
        index="period", variable_name="movement", value_name="customers").with_columns(
        pl.col("movement").replace_strict({"new": pgettext("customers", "new"), "resurrected": _("came back"),
                                           "churned": _("lost")}))
    widgets.chart(charts.bars(parts, x="period", x_type="T", y="customers", color="movement",
                              y_title=_("Customers")), key="beyond_growth",
                  how_to_read=_("Customers won (new and returning) above zero and lost below, per month. The quick "
                                "ratio in the table is won ÷ lost: above 1 the base grows."))
    widgets.table(table, key="beyond_growth_table")
    if note := thin.quick_ratio_note(table):
        st.caption(note)


def staffing() -> None:
    kind = "calls" if v.has("calls") else "tickets" if v.has("tickets") else None
    if kind is None:
        widgets.needs("calls")
        return
    now = v.current.get(kind)
    frame = now if now is not None and now.height else v.all[kind]
    left, middle, right = st.columns(3)
    widgets.keep("beyond_sl", low=50, high=99, integer=True, default=80)
    widgets.keep("beyond_sl_seconds", low=5, high=86_400, integer=True, default=20 if kind == "calls" else 3600,
                 restart_on=kind)
    widgets.keep("beyond_handle", low=0.5, high=600.0, default=6.0 if kind == "calls" else 10.0,
                 restart_on=kind)
    level = left.slider(_("Answered in time (%)"), 50, 99, key="beyond_sl") / 100
    seconds = middle.number_input(_("Within (seconds)"), 5, 86_400, key="beyond_sl_seconds")
    handle = right.number_input(_("Handle time if the data has none (minutes)"), 0.5, 600.0,
                                format=input_format(st.session_state.get("beyond_handle", 10.0)),
                                key="beyond_handle")
    has_handle = bool({"talk_seconds", "handle_minutes"} & set(frame.columns))
    try:
        plan = cxkit.staffing(frame, target_level=level, target_seconds=float(seconds),
                              handle_seconds=None if has_handle else float(handle) * 60)
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    if plan.height == 0:
        st.caption(_("No contacts in the period."))
        return
    if plan["model_reason"][0] in ("abandoned_waits_missing", "answered_waits_missing"):
        widgets.keep("beyond_patience", low=0, high=3600, integer=True, default=0)
        patience = int(st.number_input(
            _("Mean caller patience (seconds), to plan with hang-ups (0 = not known)"),
            0, 3600, key="beyond_patience"))
        if patience > 0:
            plan = cxkit.staffing(frame, target_level=level, target_seconds=float(seconds), patience=float(patience),
                                  handle_seconds=None if has_handle else float(handle) * 60)
    model = plan["model"][0]
    st.caption(_("Model: {m} ({why}). Contacts per hour are the average of each weekday and hour in the period.", m="Erlang A" if model == "erlang_a" else "Erlang C",
                 why=_(MODEL_REASONS.get(plan["model_reason"][0], N_("")),
                       s=fmt_number(plan["patience_seconds"][0] or 0))))
    busy = plan.filter(pl.col("agents") > 0)
    if busy.height:
        widgets.chart(charts.heatmap(busy, x="hour", y="weekday", value="agents", x_title=_("Hour"),
                                     y_title=_("Weekday (1 = Monday)"), value_format=",.0f"),
                      key="beyond_staffing", how_to_read=_("Agents needed on the phone or at the desk each hour."))
    cost_col, shrink_col = st.columns(2)
    widgets.keep("beyond_agent_cost", low=0.0, high=100_000.0, default=2500.0)
    widgets.keep("beyond_shrinkage", low=0, high=60, integer=True, default=30)
    cost = cost_col.number_input(_("Monthly cost of an agent"), 0.0, 100_000.0, step=100.0,
                                 format=input_format(st.session_state.get("beyond_agent_cost", 2500.0)),
                                 key="beyond_agent_cost")
    shrinkage = shrink_col.slider(_("Shrinkage (%)"), 0, 60, key="beyond_shrinkage") / 100
    seen = int(frame["agent"].drop_nulls().n_unique()) if "agent" in frame.columns else 0
    widgets.keep("beyond_team", low=0, high=1000, integer=True, default=min(seen, 1000), restart_on=seen)
    team = int(cost_col.number_input(
        _("Full-time agents today"), 0, 1000, key="beyond_team",
        help=_("Starts at the agents seen in the data ({n}); correct it if some work part-time.", n=fmt_number(seen))))
    total = cxkit.staffing_cost(plan, agent_cost_month=cost, shrinkage=shrinkage, agents_today=team)
    columns = st.columns(4)
    columns[0].metric(_("Agent-hours a week"), fmt_number(total["agent_hours_week"]),
                      border=True)
    columns[1].metric(_("Full-time agents"), fmt_number(total["fte"], 1), border=True)
    columns[2].metric(_("Monthly cost"), fmt_money(total["monthly_cost"]), border=True)
    gap = total["gap_fte"]
    columns[3].metric(_("Short of the target"), fmt_number(max(gap, 0.0), 1), border=True,
                      help=_("Full-time agents needed minus the agents today ({n}).", n=fmt_number(team)))
    if gap > 0:
        st.session_state["_staffing_gap"] = math.ceil(gap * 2) / 2  # the ROI planner's "hire N agents" starts here
        st.page_link("views/page_roi.py", icon="📈", label=_(
            "Plan hiring {n} agents in the ROI planner (template 'Close the staffing gap')", n=fmt_number(math.ceil(gap * 2) / 2, 1)))
    else:
        st.session_state.pop("_staffing_gap", None)
        st.caption(_("The team today covers the target ({n} spare full-time agents).",
                     n=fmt_number(-gap, 1)))
    widgets.table(busy.drop("model_reason", "patience_seconds"), key="beyond_staffing_table")  # both in the caption


def business_hours() -> None:
    tickets = v.current.get("tickets")
    if tickets is None or "created_at" not in tickets.columns or tickets.height == 0:
        widgets.needs("tickets", "created_at")
        return
    left, middle, right = st.columns(3)
    opens = left.time_input(_("Opens"), dt.time(9, 0), key="beyond_opens")
    closes = middle.time_input(_("Closes"), dt.time(18, 0), key="beyond_closes")
    region = right.text_input(_("Holidays (country/region, e.g. ES/MD)"),
                              "ES/MD", key="beyond_holidays")
    country, _slash, subdivision = region.partition("/")
    try:
        schedule = cxkit.Schedule(opens=opens, closes=closes, country=country.strip() or None,
                                  subdivision=subdivision.strip() or None)
        sla = ctx.sla_minutes
        clock = cxkit.first_response(tickets, sla_minutes=sla)
        business = cxkit.business_first_response(tickets, schedule=schedule, sla_minutes=sla)
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    both = pl.concat([clock.select(pl.lit(_("Clock time")).alias("count"), pl.all()),
                      business.select(pl.lit(_("Business hours")).alias("count"), pl.all())],
                     how="diagonal_relaxed")
    widgets.table(both, key="beyond_business_hours")
    st.caption(_("The same tickets, their first reply counted in clock minutes and in business minutes (opening "
                 "hours on working days, public holidays excluded). The SLA target is the one set on the service page."))


def talk() -> None:
    responses, tickets = v.current.get("responses"), v.current.get("tickets")
    shown = False
    if responses is not None and responses.height and {"nps_score", "comment"} <= set(responses.columns):
        st.markdown(_("**Detractors vs promoters**: words that set them apart (z > 0: detractors)."))
        widgets.table(cxkit.terms_by_nps(responses, top=10), key="beyond_terms_nps")
        shown = True
    subject = next((c for c in ("subject", "Subject") if tickets is not None and c in tickets.columns), None)
    if tickets is not None and subject and "ticket_type" in tickets.columns and tickets.height:
        st.markdown(_("**Each ticket type vs the rest**, from the subjects."))
        widgets.table(cxkit.terms_by_type(tickets, text=subject, top=5).filter(pl.col("side") == "focus"),
                      key="beyond_terms_type")
        shown = True
    if not shown:
        widgets.needs("responses", "comment")


def orders() -> None:
    frame = v.all.get("orders")
    if frame is None or not {"ordered_at", "amount"} <= set(frame.columns):
        widgets.needs("orders", "ordered_at", "amount")
        return
    table = cxkit.order_summary(frame, every="1mo")
    if table.height == 0:
        st.caption(_("No orders."))
        return
    widgets.chart(charts.lines(table, x="period", y="revenue", y_title=_("Revenue"), period=v.period),
                  key="beyond_revenue", how_to_read=_("Revenue of paid orders per month (cancelled ones left out)."))
    widgets.table(table, key="beyond_orders")


tabs = st.tabs([_("Why customers leave"), _("Growth"), _("Staffing"),
                _("Business hours"), _("What people say"),
                _("Orders")])
for tab, section in zip(tabs, (why_customers_leave, growth, staffing, business_hours, talk, orders), strict=True):
    with tab:
        section()
