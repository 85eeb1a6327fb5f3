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
from ui.i18n import L, esc, fmt_money, fmt_number, fmt_p, fmt_pct, kind_name
from ui.state import View

ctx = page_context()
v: View = ctx.view
st.title(L("Beyond the usual dashboards", "Más allá de los cuadros de mando habituales"))

EXPERIENCE_NAMES = {
    "waited_past_target": ("Waited past the first-reply target", "Esperó más del objetivo de primera respuesta"),
    "nps_detractor": ("Last score: detractor", "Última nota: detractor"),
    "nps_passive": ("Last score: passive", "Última nota: pasivo"),
    "nps_promoter": ("Last score: promoter", "Última nota: promotor"),
    "repeat_contact": ("Had to come back within 7 days", "Tuvo que volver en 7 días"),
    "unresolved_ticket": ("A ticket left unresolved", "Un ticket sin resolver"),
    "no_contact": ("Never contacted support", "Nunca contactó con soporte"),
    "first_reply_late": ("First reply late", "Primera respuesta tardía"),
    "first_reply_on_time": ("First reply on time", "Primera respuesta a tiempo"),
}
MODEL_REASONS = {
    "patience_given": ("callers hang up after a mean patience of {s} s, as given",
                       "quien llama cuelga tras una paciencia media de {s} s, la indicada"),
    "patience_estimated": ("callers hang up after a mean patience of {s} s, estimated from the calls",
                           "quien llama cuelga tras una paciencia media de {s} s, estimada de las llamadas"),
    "erlang_c_chosen": ("nobody hangs up", "nadie cuelga"),
    "no_abandoned_calls": ("no call was abandoned, so nobody hangs up",
                           "no se abandonó ninguna llamada, así que nadie cuelga"),
    "abandoned_waits_missing": ("the abandoned calls have no waiting time, so the callers' patience is unknown: "
                                "enter it above to plan with hang-ups",
                                "las llamadas abandonadas no tienen tiempo de espera, así que no se conoce la "
                                "paciencia: indíquela arriba para planificar con abandonos"),
    "answered_waits_missing": ("the answered calls have no waiting time, so the callers' patience is unknown: "
                               "enter it above to plan with hang-ups",
                               "las llamadas atendidas no tienen tiempo de espera, así que no se conoce la "
                               "paciencia: indíquela arriba para planificar con abandonos"),
    "zero_waits": ("every waiting time is 0 s, so the callers' patience is unknown",
                   "todos los tiempos de espera son 0 s, así que no se conoce la paciencia"),
    "no_wait_data": ("no waiting times and outcomes to estimate the callers' patience",
                     "no hay tiempos de espera ni resultados para estimar la paciencia"),
}
METHOD_NAMES = {"first_reply_landmark": ("landmark at the first reply", "hito en la primera respuesta")}


def finding_text(code: str | None, n: int, p: float | None) -> str:
    """The sentence of a finding code (the library returns codes and numbers, the page words them)."""
    texts = {
        "churn_higher": ("leave faster than the comparison group (n = {n}, {p}).",
                         "se van antes que el grupo de comparación (n = {n}, {p})."),
        "churn_lower": ("leave more slowly than the comparison group (n = {n}, {p}).",
                        "se van más despacio que el grupo de comparación (n = {n}, {p})."),
        "no_clear_difference": ("no clear difference from the comparison group: it could be chance (n = {n}, "
                                "{p}).", "sin diferencia clara con el grupo de comparación: podría ser azar "
                                "(n = {n}, {p})."),
        "too_few_customers": ("too few customers to tell (n = {n}).", "muy pocos clientes para saberlo (n = {n})."),
    }
    en, es = texts.get(code or "", ("", ""))
    return L(en, es, n=fmt_number(n), p=fmt_p(p))


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
    widgets.keep("beyond_landmark_days", low=7, high=365, integer=True)
    days = int(st.number_input(L("Window after the reply (days)", "Ventana tras la respuesta (días)"), 7, 365, 90,
                               key="beyond_landmark_days"))
    try:
        result = cxkit.churn_by_experience(customers, tickets=usable.get("tickets"), calls=usable.get("calls"),
                                           responses=usable.get("responses"), sla_minutes=sla, landmark_days=days)
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    matched = result.matching.filter(pl.col("source") != "customers")
    st.caption(" · ".join(L("{source}: {m} of {n} customer ids matched", "{source}: {m} de {n} ids de cliente "
                            "enlazados", source=esc(kind_name(r["source"])), m=fmt_number(r["matched"]), n=fmt_number(r["ids"]))
                          for r in matched.iter_rows(named=True)))
    if result.landmark.height:
        late = result.landmark.row(0, named=True)
        method = METHOD_NAMES.get(str(late["method"]).rsplit("_", 1)[0], (str(late["method"]),) * 2)
        st.markdown(L("**Fair comparison ({method}, {days} days):** {share} of customers whose first reply was "
                      "late left within {days} days of it, against {other} of those whose first reply was on time; "
                      "each customer counts in one group only. Customers whose first reply was late: ",
                      "**Comparación justa ({method_es}, {days} días):** el {share} de los clientes cuya primera "
                      "respuesta fue tardía se fue en los {days} días siguientes, frente al {other} de aquellos "
                      "cuya primera respuesta llegó a tiempo; cada cliente cuenta en un solo grupo. Los clientes "
                      "con primera respuesta tardía: ",
                      days=days, share=fmt_pct(late["km_churn"]), method=method[0], method_es=method[1],
                      other=fmt_pct(result.landmark.row(1, named=True)["km_churn"]))
                    + finding_text(late["finding"], late["finding_n"], late["finding_p"]))
    # The findings are written from the rows taken out of polars (a handful), not by a Python callback inside
    # polars, which can deadlock a served app (see ui.widgets.localized_numbers).
    findings = [finding_text(r["finding"], r["finding_n"], r["finding_p"])
                for r in result.experiences.select("finding", "finding_n", "finding_p").iter_rows(named=True)]
    rows = result.experiences.with_columns(
        pl.col("experience").replace_strict({k: L(*n) for k, n in EXPERIENCE_NAMES.items()}, default=pl.col(
            "experience")).alias("experience"),
        pl.Series("finding", findings, dtype=pl.String))
    st.caption(L("Each experience against its comparison group over the whole customer lifetime. This simple split "
                 "is biased: customers who stay longer open more tickets, so they are more likely to have waited "
                 "once, which makes waiting look harmless. Read the landmark line above for late replies.",
                 "Cada experiencia frente a su grupo de comparación durante toda la vida del cliente. Esta división "
                 "simple está sesgada: quien se queda más abre más tickets y es más probable que haya esperado "
                 "alguna vez, así que esperar parece inocuo. Para las respuestas tardías, lea la línea de arriba."))
    not_reached = L("not reached", "no alcanzada")  # customers, but fewer than half have left: not an empty cell
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
    basis = widgets.choice(L("From", "Desde"), {k: L(*{"customers": ("subscriptions", "suscripciones"),
                                                        "orders": ("orders", "pedidos")}[k]) for k in sources},
                           key="beyond_growth_basis", default=next(iter(sources)), kind="radio", horizontal=True)
    try:
        table = cxkit.growth_accounting(sources[basis], every="1mo")  # type: ignore[index]
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    if table.height == 0:
        st.caption(L("No dated customers to count.", "No hay clientes con fechas que contar."))
        return
    parts = table.select("period", "new", "resurrected", (-pl.col("churned")).alias("churned")).unpivot(
        index="period", variable_name="movement", value_name="customers").with_columns(
        pl.col("movement").replace_strict({"new": L("new", "nuevos"), "resurrected": L("came back", "vuelven"),
                                           "churned": L("lost", "perdidos")}))
    widgets.chart(charts.bars(parts, x="period", x_type="T", y="customers", color="movement",
                              y_title=L("Customers", "Clientes")), key="beyond_growth",
                  how_to_read=L("Customers won (new and returning) above zero and lost below, per month. The quick "
                                "ratio in the table is won ÷ lost: above 1 the base grows.",
                                "Clientes ganados (nuevos y que vuelven) sobre cero y perdidos debajo, por mes. El "
                                "quick ratio de la tabla es ganados ÷ perdidos: por encima de 1 la base crece."))
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
    widgets.keep("beyond_sl", low=50, high=99, integer=True)
    widgets.keep("beyond_sl_seconds", low=5, high=86_400, integer=True)
    widgets.keep("beyond_handle", low=0.5, high=600.0)
    level = left.slider(L("Answered in time (%)", "Atendidos a tiempo (%)"), 50, 99, 80, key="beyond_sl") / 100
    seconds = middle.number_input(L("Within (seconds)", "En (segundos)"), 5, 86_400, 20 if kind == "calls" else 3600,
                                  key="beyond_sl_seconds")
    handle = right.number_input(L("Handle time if the data has none (minutes)", "Tiempo de gestión si los datos no "
                                  "lo tienen (minutos)"), 0.5, 600.0, 6.0 if kind == "calls" else 10.0,
                                key="beyond_handle")
    has_handle = bool({"talk_seconds", "handle_minutes"} & set(frame.columns))
    try:
        plan = cxkit.staffing(frame, target_level=level, target_seconds=float(seconds),
                              handle_seconds=None if has_handle else float(handle) * 60)
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    if plan.height == 0:
        st.caption(L("No contacts in the period.", "No hay contactos en el periodo."))
        return
    if plan["model_reason"][0] in ("abandoned_waits_missing", "answered_waits_missing"):
        widgets.keep("beyond_patience", low=0, high=3600, integer=True)
        patience = int(st.number_input(
            L("Mean caller patience (seconds), to plan with hang-ups (0 = not known)",
              "Paciencia media de quien llama (segundos), para planificar con abandonos (0 = no se sabe)"),
            0, 3600, 0, key="beyond_patience"))
        if patience > 0:
            plan = cxkit.staffing(frame, target_level=level, target_seconds=float(seconds), patience=float(patience),
                                  handle_seconds=None if has_handle else float(handle) * 60)
    model = plan["model"][0]
    st.caption(L("Model: {m} ({why}). Contacts per hour are the average of each weekday and hour in the period.",
                 "Modelo: {m} ({why}). Los contactos por hora son la media de cada día de la semana y hora del "
                 "periodo.", m="Erlang A" if model == "erlang_a" else "Erlang C",
                 why=L(*MODEL_REASONS.get(plan["model_reason"][0], ("", "")),
                       s=fmt_number(plan["patience_seconds"][0] or 0))))
    busy = plan.filter(pl.col("agents") > 0)
    if busy.height:
        widgets.chart(charts.heatmap(busy, x="hour", y="weekday", value="agents", x_title=L("Hour", "Hora"),
                                     y_title=L("Weekday (1 = Monday)", "Día (1 = lunes)"), value_format=",.0f"),
                      key="beyond_staffing", how_to_read=L("Agents needed on the phone or at the desk each hour.",
                                                           "Agentes necesarios atendiendo en cada hora."))
    cost_col, shrink_col = st.columns(2)
    widgets.keep("beyond_agent_cost", low=0.0, high=100_000.0)
    widgets.keep("beyond_shrinkage", low=0, high=60, integer=True)
    cost = cost_col.number_input(L("Monthly cost of an agent", "Coste mensual de un agente"), 0.0, 100_000.0, 2500.0,
                                 key="beyond_agent_cost")
    shrinkage = shrink_col.slider(L("Shrinkage (%)", "Shrinkage (%)"), 0, 60, 30, key="beyond_shrinkage") / 100
    seen = int(frame["agent"].drop_nulls().n_unique()) if "agent" in frame.columns else 0
    widgets.keep("beyond_team", low=0, high=1000, integer=True)
    team = int(cost_col.number_input(
        L("Full-time agents today", "Agentes a jornada completa hoy"), 0, 1000, min(seen, 1000), key="beyond_team",
        help=L("Starts at the agents seen in the data ({n}); correct it if some work part-time.",
               "Empieza con los agentes que aparecen en los datos ({n}); corrígelo si alguno trabaja a tiempo "
               "parcial.", n=fmt_number(seen))))
    total = cxkit.staffing_cost(plan, agent_cost_month=cost, shrinkage=shrinkage, agents_today=team)
    columns = st.columns(4)
    columns[0].metric(L("Agent-hours a week", "Horas de agente por semana"), fmt_number(total["agent_hours_week"]),
                      border=True)
    columns[1].metric(L("Full-time agents", "Agentes a jornada completa"), fmt_number(total["fte"], 1), border=True)
    columns[2].metric(L("Monthly cost", "Coste mensual"), fmt_money(total["monthly_cost"]), border=True)
    gap = total["gap_fte"]
    columns[3].metric(L("Short of the target", "Faltan para el objetivo"), fmt_number(max(gap, 0.0), 1), border=True,
                      help=L("Full-time agents needed minus the agents today ({n}).",
                             "Agentes a jornada completa necesarios menos los de hoy ({n}).", n=fmt_number(team)))
    if gap > 0:
        st.session_state["_staffing_gap"] = math.ceil(gap * 2) / 2  # the ROI planner's "hire N agents" starts here
        st.page_link("views/page_roi.py", icon="📈", label=L(
            "Plan hiring {n} agents in the ROI planner (template 'Close the staffing gap')",
            "Planificar la contratación de {n} agentes en el planificador de ROI (plantilla «Cubrir el hueco de "
            "plantilla»)", n=fmt_number(math.ceil(gap * 2) / 2, 1)))
    else:
        st.session_state.pop("_staffing_gap", None)
        st.caption(L("The team today covers the target ({n} spare full-time agents).",
                     "El equipo de hoy cubre el objetivo (sobran {n} agentes a jornada completa).",
                     n=fmt_number(-gap, 1)))
    widgets.table(busy.drop("model_reason", "patience_seconds"), key="beyond_staffing_table")  # both in the caption


def business_hours() -> None:
    tickets = v.current.get("tickets")
    if tickets is None or "created_at" not in tickets.columns or tickets.height == 0:
        widgets.needs("tickets", "created_at")
        return
    left, middle, right = st.columns(3)
    opens = left.time_input(L("Opens", "Abre"), dt.time(9, 0), key="beyond_opens")
    closes = middle.time_input(L("Closes", "Cierra"), dt.time(18, 0), key="beyond_closes")
    region = right.text_input(L("Holidays (country/region, e.g. ES/MD)", "Festivos (país/región, p. ej. ES/MD)"),
                              "ES/MD", key="beyond_holidays")
    country, _, subdivision = region.partition("/")
    try:
        schedule = cxkit.Schedule(opens=opens, closes=closes, country=country.strip() or None,
                                  subdivision=subdivision.strip() or None)
        sla = ctx.sla_minutes
        clock = cxkit.first_response(tickets, sla_minutes=sla)
        business = cxkit.business_first_response(tickets, schedule=schedule, sla_minutes=sla)
    except cxkit.MetricError as error:
        widgets.metric_error(error)
        return
    both = pl.concat([clock.select(pl.lit(L("Clock time", "Tiempo de reloj")).alias("count"), pl.all()),
                      business.select(pl.lit(L("Business hours", "Horario laboral")).alias("count"), pl.all())],
                     how="diagonal_relaxed")
    widgets.table(both, key="beyond_business_hours")
    st.caption(L("The same tickets, their first reply counted in clock minutes and in business minutes (opening "
                 "hours on working days, public holidays excluded). The SLA target is the one set on the service page.",
                 "Los mismos tickets, su primera respuesta contada en minutos de reloj y en minutos laborables "
                 "(horario de apertura en días laborables, sin festivos). El objetivo de SLA es el de la página de "
                 "servicio."))


def talk() -> None:
    responses, tickets = v.current.get("responses"), v.current.get("tickets")
    shown = False
    if responses is not None and responses.height and {"nps_score", "comment"} <= set(responses.columns):
        st.markdown(L("**Detractors vs promoters**: words that set them apart (z > 0: detractors).",
                      "**Detractores frente a promotores**: palabras que los distinguen (z > 0: detractores)."))
        widgets.table(cxkit.terms_by_nps(responses, top=10), key="beyond_terms_nps")
        shown = True
    subject = next((c for c in ("subject", "Subject") if tickets is not None and c in tickets.columns), None)
    if tickets is not None and subject and "ticket_type" in tickets.columns and tickets.height:
        st.markdown(L("**Each ticket type vs the rest**, from the subjects.",
                      "**Cada tipo de ticket frente al resto**, por los asuntos."))
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
        st.caption(L("No orders.", "No hay pedidos."))
        return
    widgets.chart(charts.lines(table, x="period", y="revenue", y_title=L("Revenue", "Ingresos"), period=v.period),
                  key="beyond_revenue", how_to_read=L("Revenue of paid orders per month (cancelled ones left out).",
                                                      "Ingresos de pedidos pagados por mes (sin los cancelados)."))
    widgets.table(table, key="beyond_orders")


tabs = st.tabs([L("Why customers leave", "Por qué se van"), L("Growth", "Crecimiento"), L("Staffing", "Plantilla"),
                L("Business hours", "Horario laboral"), L("What people say", "Qué dice la gente"),
                L("Orders", "Pedidos")])
for tab, section in zip(tabs, (why_customers_leave, growth, staffing, business_hours, talk, orders), strict=True):
    with tab:
        section()
