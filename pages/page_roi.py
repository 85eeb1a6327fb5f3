"""ROI planner: initiatives with worst / likely / best inputs prefilled from the data, the three cases,
the Monte Carlo distribution, the tornado, break-even, prioritising under a budget, the current moment and
the monthly service ROI; scenarios save to and load from JSON."""

from __future__ import annotations

import contextlib
import hashlib

import polars as pl
import streamlit as st

from cxkit import roi
from ui import charts, scenario_table, widgets
from ui.i18n import L, esc, fmt_money, fmt_number, fmt_pct
from ui.state import View

v: View = st.session_state["_view"]
st.title(L("ROI planner", "Planificador de ROI"))
st.write(L("What comes back if you hire an agent, add a channel, train the team to sell or give save-the-sale codes — "
           "and what if it goes badly? Every input has a worst, likely and best value.",
           "¿Qué vuelve si contrata un agente, añade un canal, forma al equipo en ventas o da códigos para retener "
           "clientes? ¿Y si sale mal? Cada dato tiene un valor peor, probable y mejor."))

examples = roi.examples()


def store(scenario: roi.Scenario) -> None:
    st.session_state["scenario_json"] = scenario.to_json()


def load_scenario_file() -> None:
    file = st.session_state.get("scenario_upload")
    if file is None:
        return
    try:
        scenario = roi.Scenario.from_json(file.getvalue())
        roi.evaluate(scenario)  # what this page and the Excel report will do with it
    except (roi.ScenarioError, ValueError, TypeError, KeyError, AttributeError, ArithmeticError,
            RecursionError) as error:
        st.session_state["_scenario_error"] = str(error)[:300]
        return
    store(scenario)
    st.session_state["_scenario_error"] = None


def start_from(name: str) -> None:
    scenario = examples[name]
    if st.session_state.get("roi_from_data") and v.all:
        baseline = roi.baseline_from_data(v.all.get("tickets"), v.all.get("responses"), v.all.get("customers"),
                                          v.all.get("orders"), v.all.get("costs"))
        merged = _merge(scenario.baseline, baseline)
        # when the example's initiatives do not fit this data's baseline, the example's baseline stays
        with contextlib.suppress(roi.ScenarioError):
            scenario = roi.with_baseline(scenario, merged)
    store(scenario)


def _merge(example: roi.Baseline, data: roi.Baseline) -> roi.Baseline:
    """The data's values where the data had them, the example's elsewhere."""
    values = {}
    for name in ("active_customers", "monthly_churn", "revenue_per_customer", "tickets_per_month", "cost_per_ticket",
                 "cost_per_minute", "happy_share"):
        from_data = not data.notes.get(name, "").startswith("not in the data")
        values[name] = getattr(data if from_data else example, name)
    notes = {k: n for k, n in data.notes.items()}
    return roi.Baseline(**values, acquisition_cost=example.acquisition_cost, margin=example.margin, notes=notes)


with st.sidebar:
    st.subheader(L("Scenario", "Escenario"))
    st.toggle(L("Baseline from my data", "Base tomada de mis datos"), value=True, key="roi_from_data")
    names = sorted(examples, key=lambda n: n != "tienda_verde_plan")
    choice = st.selectbox(L("Start from", "Empezar desde"), names, key="roi_example",
                          format_func=lambda n: examples[n].name)
    if st.button(L("Start from this example", "Empezar con este ejemplo"), key="roi_reset"):
        start_from(choice)
    st.file_uploader(L("Open a scenario (JSON)", "Abrir un escenario (JSON)"), type=["json"], key="scenario_upload",
                     on_change=load_scenario_file)
if st.session_state.get("_scenario_error"):
    st.error(L("The scenario could not be opened: {e}", "No se pudo abrir el escenario: {e}",
               e=esc(st.session_state["_scenario_error"])))
if "scenario_json" not in st.session_state:
    start_from(choice)
scenario = roi.Scenario.from_json(st.session_state["scenario_json"])
version = hashlib.sha1(st.session_state["scenario_json"].encode()).hexdigest()[:10]

st.subheader(esc(scenario.name))
columns = st.columns(3)
horizon = columns[0].number_input(L("Horizon (months)", "Horizonte (meses)"), 1, 120, scenario.horizon_months,
                                  key=f"roi_horizon::{version}")
rate = columns[1].number_input(L("Discount rate (per year)", "Tasa de descuento (anual)"), 0.0, 0.5,
                               float(scenario.discount_rate), step=0.01, key=f"roi_rate::{version}")
if horizon != scenario.horizon_months or abs(rate - scenario.discount_rate) > 1e-12:
    store(scenario_table.with_settings(scenario, horizon=int(horizon), rate=float(rate)))
    st.rerun()

table = scenario_table.to_table(scenario)
labels = {"baseline": L("Your business today", "Su negocio hoy"), "assumption": L("Assumptions", "Supuestos"),
          "benefit": L("Benefit", "Beneficio"), "cost": L("Cost", "Coste")}
st.markdown(L("**Inputs** — edit any low / likely / high value; a benefit's worst is its low value, a cost's worst its "
              "high value.", "**Datos** — edite cualquier valor bajo / probable / alto; lo peor de un beneficio es su "
              "valor bajo, lo peor de un coste su valor alto."))
edited = st.data_editor(
    table, key=f"roi_inputs::{version}", hide_index=True, disabled=["owner", "field", "kind"], height=420,
    column_config={
        "owner": st.column_config.TextColumn(L("Initiative", "Iniciativa")),
        "field": st.column_config.TextColumn(L("Input", "Dato")),
        "low": st.column_config.NumberColumn(L("Low", "Bajo"), format="%.4g"),
        "likely": st.column_config.NumberColumn(L("Likely", "Probable"), format="%.4g"),
        "high": st.column_config.NumberColumn(L("High", "Alto"), format="%.4g"),
        "distribution": st.column_config.SelectboxColumn(L("Distribution", "Distribución"),
                                                         options=["pert", "triangular"], required=True),
        "kind": st.column_config.TextColumn(L("Kind", "Clase")),
    },
)
if not edited.equals(table):
    try:
        store(scenario_table.from_table(scenario, edited))
        st.rerun()
    except roi.ScenarioError as error:
        st.error(L("Not applied: {e}", "No aplicado: {e}", e=esc(error)), icon="🚫")
notes = scenario.baseline.notes
if notes:
    with st.expander(L("Where the baseline comes from", "De dónde sale la base")):
        for name, note in notes.items():
            st.markdown(f"- `{name}`: {esc(note)}")

left, right = st.columns(2)
new_name = left.text_input(L("New initiative", "Nueva iniciativa"), key="roi_new_name")
if left.button(L("Add", "Añadir"), key="roi_add") and new_name.strip():
    try:
        store(scenario_table.with_initiative(scenario, new_name.strip()))
        st.rerun()
    except roi.ScenarioError as error:
        left.error(L("Not added: {e}", "No añadida: {e}", e=esc(error)))
if len(scenario.initiatives) > 1:
    removed = right.selectbox(L("Remove an initiative", "Quitar una iniciativa"),
                              [i.name for i in scenario.initiatives], key="roi_remove_name")
    if right.button(L("Remove", "Quitar"), key="roi_remove"):
        store(scenario_table.without_initiative(scenario, removed))
        st.rerun()

st.subheader(L("Worst, likely and best case", "Caso peor, probable y mejor"))
cases = roi.evaluate(scenario)
total = {r["case"]: r for r in cases.filter(pl.col("initiative") == "Total").iter_rows(named=True)}
columns = st.columns(3)
for column, case, title in zip(columns, roi.CASES, (L("Worst", "Peor"), L("Likely", "Probable"), L("Best", "Mejor")),
                               strict=True):
    row = total[case]
    column.metric(title, fmt_money(row["net_gain"]), border=True,
                  help=L("ROI {r}; payback month {m}; NPV {n}", "ROI {r}; recuperación en el mes {m}; VAN {n}",
                         r=fmt_pct(row["roi"], 0), m=row["payback_month"] or "—", n=fmt_money(row["npv"])))
widgets.table(cases.select("initiative", "case", "benefits", "costs", "net_gain", "roi", "payback_month", "npv"),
              key="roi_cases", column_config={"roi": st.column_config.NumberColumn(format="percent")})

st.subheader(L("How likely is each outcome", "Qué probabilidad tiene cada resultado"))
draws = st.select_slider(L("Simulations", "Simulaciones"), options=[10_000, 20_000, 50_000, 100_000], value=20_000,
                         key="roi_draws")
simulation = roi.simulate(scenario, n=int(draws), seed=0)
plan = simulation.of()
columns = st.columns(4)
columns[0].metric(L("Chance of losing money", "Probabilidad de perder dinero"), fmt_pct(plan["probability_of_loss"]),
                  border=True)
columns[1].metric(L("Expected net gain", "Ganancia neta esperada"), fmt_money(plan["mean_net_gain"]), border=True)
columns[2].metric(L("90% of outcomes between", "El 90 % de los resultados entre"),
                  f"{fmt_money(plan['p5_net_gain'])} … {fmt_money(plan['p95_net_gain'])}", border=True)
columns[3].metric(L("Expected ROI", "ROI esperado"), fmt_pct(plan["mean_roi"], 0), border=True)
widgets.chart(charts.distribution(simulation.draws.select("net_gain"), column="net_gain",
                                  title=L("Net gain over the horizon", "Ganancia neta en el horizonte"),
                                  marks={"P5": plan["p5_net_gain"], "P50": plan["p50_net_gain"],
                                         "P95": plan["p95_net_gain"]}),
              key="roi_distribution",
              how_to_read=L("Each bar counts simulated futures with that net gain; the dashed lines are the 5th, 50th "
                            "and 95th percentiles. Bars left of 0 are futures where the plan loses money.",
                            "Cada barra cuenta futuros simulados con esa ganancia; las líneas discontinuas son los "
                            "percentiles 5, 50 y 95. Las barras a la izquierda de 0 son futuros en que el plan pierde."))
widgets.table(simulation.summary, key="roi_simulation")

st.subheader(L("What the decision depends on", "De qué depende la decisión"))
swings = roi.tornado(scenario).head(12)
if swings.height:
    widgets.chart(charts.tornado(swings, label_low=L("at low", "en bajo"), label_high=L("at high", "en alto"),
                                 title=L("Net gain", "Ganancia neta")), key="roi_tornado",
                  how_to_read=L("Each input swung from low to high with the rest at likely; the longest bars matter "
                                "most. Firm those numbers up first.", "Cada dato llevado de bajo a alto con el resto en "
                                "probable; las barras más largas son las que más importan. Afine esos números primero."))
    chosen = st.selectbox(L("Break-even of", "Punto de equilibrio de"), swings["input"].to_list(), key="roi_break_even")
    likely_values = dict(roi.inputs(scenario).select("input", "likely").iter_rows())
    value = roi.break_even(scenario, chosen)
    st.markdown(L("The plan breaks even when **{i}** is **{v}** (likely: {l}).",
                  "El plan queda en equilibrio cuando **{i}** vale **{v}** (probable: {l}).", i=esc(chosen),
                  v=fmt_number(value, 4) if value is not None else L("never within reach", "nunca alcanzable"),
                  l=fmt_number(likely_values[chosen], 4)))

st.subheader(L("Which improvement gets the money first", "Qué mejora recibe el dinero primero"))
budget = st.number_input(L("Budget over the horizon (€, 0 = no limit)", "Presupuesto en el horizonte (€, 0 = sin "
                           "límite)"), min_value=0.0, value=0.0, step=1000.0, key="roi_budget")
ranking = roi.prioritise(scenario, budget=budget or None, n=5_000)
widgets.table(ranking, key="roi_priorities", column_config={
    "probability_of_loss": st.column_config.NumberColumn(format="percent")})

tickets, orders, costs = v.all.get("tickets"), v.all.get("orders"), v.all.get("costs")
st.subheader(L("The current moment", "El momento actual"))
if tickets is not None and orders is not None and costs is not None and "customer_id" in tickets.columns:
    by = widgets.choice(L("Per", "Por"), {"channel": L("channel", "canal"), "agent": L("agent", "agente")},
                        key="roi_moment_by", default="channel", kind="radio", horizontal=True)
    if by in tickets.columns:
        moment = roi.current_moment(v.current.get("tickets", tickets), orders, costs, by=by)
        widgets.table(moment, key="current_moment", column_config={
            "roi": st.column_config.NumberColumn(format="percent"),
            "conversion_rate": st.column_config.NumberColumn(format="percent")})
        st.caption(L("Revenue that followed contacts against what they cost in the selected period. 'Returns nothing' "
                     "and 'costs more than it returns' are the actions to look at first.",
                     "Ingresos que siguieron a los contactos frente a lo que costaron en el periodo. 'No devuelve "
                     "nada' y 'cuesta más de lo que devuelve' son las acciones que mirar primero."))
else:
    widgets.needs("tickets", "customer_id")
if orders is not None and costs is not None and "kind" in orders.columns:
    st.subheader(L("Monthly service ROI", "ROI mensual del servicio"))
    customers = v.all.get("customers")
    margin = st.number_input(L("Gross margin on a kept customer's subscription (%)",
                               "Margen bruto de la suscripción de un cliente retenido (%)"),
                             min_value=0.0, max_value=100.0, value=50.0, step=5.0, key="roi_service_margin") / 100
    monthly = roi.monthly_service_roi(orders, costs, customers, margin=margin)
    measures = monthly.drop_nulls("roi").select(
        pl.col("month").alias("period"),
        pl.col("roi").alias(L("counting customers kept", "contando clientes retenidos")),
        pl.col("narrow_roi").alias(L("immediate revenue only (narrow)", "solo ingresos inmediatos (estrecho)")),
    ).unpivot(index="period", variable_name=L("view", "vista"), value_name="ROI")
    widgets.chart(charts.lines(measures, x="period", y="ROI", color=L("view", "vista"), y_format=".0%",
                               y_title="ROI", period=v.period), key="service_roi",
                  how_to_read=L("(value − team cost) ÷ team cost, per month. Value = save-the-sale revenue net of "
                                "discount + agent-assisted sales + the customers kept (saved customers × revenue per "
                                "customer × margin × expected remaining months from the retention curve). The narrow "
                                "line leaves the customers kept out.",
                                "(valor − coste del equipo) ÷ coste del equipo, por mes. Valor = ingresos retenidos "
                                "netos de descuento + ventas asistidas + los clientes retenidos (clientes salvados × "
                                "ingreso por cliente × margen × meses que se espera que sigan, según la curva de "
                                "retención). La línea estrecha no cuenta los clientes retenidos."))
    year = monthly.select(pl.col("save_the_sale_net", "assisted_sales", "retention_value", "value", "cost").sum())
    parts = year.row(0, named=True)
    st.markdown(L("**Over the data:** save-the-sale {s} + assisted sales {a} + customers kept {k} = {v}, against a "
                  "team cost of {c}.", "**En los datos:** salvar la venta {s} + ventas asistidas {a} + clientes "
                  "retenidos {k} = {v}, frente a un coste del equipo de {c}.",
                  s=fmt_money(parts["save_the_sale_net"]), a=fmt_money(parts["assisted_sales"]),
                  k=fmt_money(parts["retention_value"]) if customers is not None else L("(needs customers)",
                                                                                       "(necesita clientes)"),
                  v=fmt_money(parts["value"]), c=fmt_money(parts["cost"])))
    st.caption(L("Association, not cause: some saved customers might have stayed anyway, and some sales after a "
                 "contact would have happened without it.", "Asociación, no causa: algunos clientes salvados quizá "
                 "se habrían quedado igualmente, y algunas ventas tras un contacto habrían ocurrido sin él."))
    widgets.table(monthly, key="monthly_service_roi", column_config={
        "roi": st.column_config.NumberColumn(format="percent"),
        "narrow_roi": st.column_config.NumberColumn(format="percent")})

st.download_button(L("Save this scenario (JSON)", "Guardar este escenario (JSON)"),
                   data=st.session_state["scenario_json"].encode("utf-8"), file_name="cxkit_scenario.json",
                   mime="application/json", key="scenario_download", on_click="ignore")
