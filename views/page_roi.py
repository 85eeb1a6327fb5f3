"""ROI planner: initiatives with worst / likely / best inputs prefilled from the data, the three cases,
the Monte Carlo distribution, the tornado, break-even, prioritising under a budget, the current moment and
the monthly service ROI; scenarios save to and load from JSON."""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl
import streamlit as st

from cxkit import roi
from ui import builtin_words, charts, plan, roi_charts, roi_text, scenario_table, widgets
from ui.context import page_context
from ui.i18n import _, cxkit_lang, esc, fmt_money, fmt_number, fmt_pct, input_format, input_text, parse_input, pgettext
from ui.state import View, frames

ctx = page_context()
v: View = ctx.view
st.title(_("ROI planner"))
st.write(_("What comes back if you hire an agent, add a channel, train the team to sell or give save-the-sale codes — "
           "and what if it goes badly? Every input has a worst, likely and best value."))

examples = roi.examples(cxkit_lang())


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
            RecursionError) as error:  # kept as a code: the message follows the language chosen
        st.session_state["_scenario_error"] = (getattr(error, "code", "invalid"), getattr(error, "params", {}))
        return
    store(scenario)
    st.session_state["_scenario_error"] = None


def start_from(name: str) -> None:
    """Start from an example, its baseline from all the data when "Baseline from my data" is on (ui.plan)."""
    store(plan.from_example(examples[name], frames() if st.session_state.get("roi_from_data") else None))


def planner_context() -> scenario_table.Context:
    """What the templates take from the data (all of it, like the baseline), computed once per data set."""
    data = frames()
    key = tuple(sorted((kind, frame.height) for kind, frame in data.items()))
    cached = st.session_state.get("_roi_context")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    context = scenario_table.context_from_data(data.get("tickets"), data.get("responses"), data.get("customers"),
                                               data.get("orders"), data.get("costs"))
    st.session_state["_roi_context"] = (key, context)
    return context


with st.sidebar:
    st.subheader(_("Scenario"))
    st.toggle(_("Baseline from my data"), value=True, key="roi_from_data",
              help=_("The baseline comes from all your data: the last 12 complete months and every segment, "
                     "whatever period and filters are chosen."))
    names = sorted(examples, key=lambda n: n != "tienda_verde_plan")
    choice = st.selectbox(_("Start from"), names, key="roi_example",
                          format_func=lambda n: examples[n].name)
    if st.button(_("Start from this example"), key="roi_reset"):
        start_from(choice)
    builtin_words.file_uploader(_("Open a scenario (JSON)"), types=["json"], key="scenario_upload",
                           on_change=load_scenario_file)
if st.session_state.get("_scenario_error"):
    code, params = st.session_state["_scenario_error"]
    st.error(_("The scenario could not be opened: {e}",
               e=esc(roi_text.message(code, params))))
if "scenario_json" not in st.session_state:
    start_from(choice)  # the plan the presentation shows before this page is opened (ui.plan.default_json)
scenario = roi.Scenario.from_json(st.session_state["scenario_json"])
if roi.in_language(scenario, cxkit_lang()) != scenario:  # an example's texts follow a change of language
    scenario = roi.in_language(scenario, cxkit_lang())
    store(scenario)
version = hashlib.sha1(st.session_state["scenario_json"].encode()).hexdigest()[:10]

st.info(_("**Which data this page uses.** The plan (its baseline and templates) comes from all your data — the "
          "last 12 complete months and every segment — whatever period and filters are chosen, because a plan's "
          "costs are the whole business's. The current moment and the monthly service ROI at the bottom follow the "
          "period and filters above."), icon="🧭")
st.subheader(esc(scenario.name))
columns = st.columns(3)
horizon = columns[0].number_input(_("Horizon (months)"), 1, 120, scenario.horizon_months,
                                  key=f"roi_horizon::{version}")
rate_percent = round(100 * float(scenario.discount_rate), 2)  # a percentage: sprintf would write 0.10 in any language
rate = columns[1].number_input(_("Discount rate (% per year)"), 0.0, 50.0, rate_percent, step=1.0,
                               format=input_format(st.session_state.get(f"roi_rate::{version}", rate_percent)),
                               key=f"roi_rate::{version}") / 100
if horizon != scenario.horizon_months or abs(rate - scenario.discount_rate) > 1e-9:
    store(scenario_table.with_settings(scenario, horizon=int(horizon), rate=float(rate)))
    st.rerun()

context = planner_context()
CASE_TITLES = (_("Worst"), _("Likely"), _("Best"))
case_names_ = dict(zip(roi.CASES, CASE_TITLES, strict=True))


def explain(error: Exception) -> str:
    """A scenario error in the user's language, from its code (escaped for markdown)."""
    return esc(roi_text.explain(error))


def _card_values(owner: str, scenario_now: roi.Scenario, fields: list[scenario_table.Field]) -> dict[str, Any]:
    if owner == "baseline":
        source: Any = scenario_now.baseline
    elif owner == "word_of_mouth":
        source = scenario_now.word_of_mouth
    else:
        source = next(i for i in scenario_now.initiatives if i.name == owner)
    return {f[0]: getattr(source, f[0], None) for f in fields}


def apply_card(owner: str, uid: str, fields: list[scenario_table.Field], key_version: str,
               rename: str | None) -> None:
    """on_change of a card's inputs (runs before the page, so no rerun is needed): the typed values, sorted when
    they are not in order (and said so), or the reason they cannot be used, in the user's language."""
    current = roi.Scenario.from_json(st.session_state["scenario_json"])
    values = _card_values(owner, current, fields)
    changes: dict[str, tuple[float, float, float]] = {}
    unordered: list[str] = []
    for code, label_id, _unit, scale in fields:
        estimate = values.get(code)
        if not isinstance(estimate, roi.Estimate):
            continue
        is_cost = code in roi.COST_INPUTS
        shown = (estimate.high, estimate.likely, estimate.low) if is_cost else (
            estimate.low, estimate.likely, estimate.high)
        initial = [float(round(x / scale if scale else x, 4)) for x in shown]
        texts = [st.session_state.get(f"roi::{uid}::{code}::{case}::{key_version}") for case in roi.CASES]
        typed = [x if t is None else parse_input(t) for t, x in zip(texts, initial, strict=True)]
        if any(t is None for t in typed):  # not a number: nothing of the card is applied, and the card says why
            bad = next(str(t) for t, x in zip(texts, typed, strict=True) if x is None)
            st.session_state.setdefault("_roi_card_error", {})[uid] = _(
                "Not applied yet: {field}: '{text}' is not a number.", field=_(label_id), text=bad)
            return
        if typed == initial:
            continue
        worst, likely, best = (float(t or 0.0) * scale for t in typed)  # none is None here (returned above)
        low, mid, high = (best, likely, worst) if is_cost else (worst, likely, best)
        ordered = scenario_table.in_order(low, mid, high)
        if ordered != (low, mid, high):
            unordered.append(_(label_id))
        changes[code] = ordered
    new_name = st.session_state.get(f"roi_name::{uid}::{key_version}") if rename is not None else None
    errors = st.session_state.setdefault("_roi_card_error", {})
    try:
        store(scenario_table.with_values(current, owner, changes, name=new_name))
    except roi.ScenarioError as error:
        errors[uid] = _("Not applied yet: {e}.", e=explain(error))
        return
    errors.pop(uid, None)
    if unordered:
        st.session_state["_roi_order_note"] = _(
            "{f}: worst, likely and best were not in order; the plan uses them sorted.", f=", ".join(unordered))


def card(owner: str, fields: list[scenario_table.Field], values: dict[str, roi.Estimate | None], *, uid: str,
         notes: dict[str, str] | None = None, rename: str | None = None) -> None:
    """One card: each input on a row with its unit and worst / likely / best side by side."""
    fields = [f for f in fields if isinstance(values.get(f[0]), roi.Estimate)]
    args = (owner, uid, fields, version, rename)
    if rename is not None:
        st.text_input(_("Name"), value=rename, key=f"roi_name::{uid}::{version}", max_chars=60,
                      on_change=apply_card, args=args)
    head = st.columns([4, 2, 2, 2])
    for column, title in zip(head[1:], CASE_TITLES, strict=True):
        column.markdown(f"**{title}**")
    for code, label_id, unit_id, scale in fields:
        estimate = values[code]
        assert estimate is not None
        label = _(label_id)
        row = st.columns([4, 2, 2, 2])
        row[0].markdown(f"{esc(label)}  \n:gray[{esc(_(unit_id))}]")
        if notes and notes.get(code):
            row[0].caption(esc(notes[code]))
        is_cost = code in roi.COST_INPUTS
        shown = (estimate.high, estimate.likely, estimate.low) if is_cost else (
            estimate.low, estimate.likely, estimate.high)
        for column, value, case in zip(row[1:], shown, roi.CASES, strict=True):
            display = float(round(value / scale if scale else value, 4))
            # a text input: the number as the user's language writes it ("0,19"), which a number input cannot show
            column.text_input(f"{label}: {case_names_[case]}", value=input_text(display),
                              key=f"roi::{uid}::{code}::{case}::{version}", label_visibility="collapsed",
                              on_change=apply_card, args=args)
    message = st.session_state.get("_roi_card_error", {}).get(uid)
    if message:
        st.warning(message, icon="✋")


if st.session_state.get("_roi_order_note"):
    st.info(esc(st.session_state.pop("_roi_order_note")), icon="↕️")

text_left, text_right = st.columns([1, 2])


def baseline_notes(base: roi.Baseline) -> dict[str, str]:
    """Where each baseline value came from, in the user's language (from cxkit's note codes; a note of the user's
    own, without a code, as written)."""
    out = {}
    for name, note in base.notes.items():
        worded = roi_text.note(base.note_codes.get(name))
        out[name] = worded if worded is not None else note
    return out


def apply_text(key_version: str) -> None:
    current = roi.Scenario.from_json(st.session_state["scenario_json"])
    name = st.session_state.get(f"roi_plan_name::{key_version}", current.name)
    text = st.session_state.get(f"roi_plan_text::{key_version}", current.description)
    store(scenario_table.with_text(current, name=name or current.name, description=text or ""))


text_left.text_input(_("Plan name"), value=scenario.name, max_chars=80,
                     key=f"roi_plan_name::{version}", on_change=apply_text, args=(version,))
text_right.text_area(_("What this plan is about"), value=scenario.description,
                     height=68, max_chars=2000, key=f"roi_plan_text::{version}", on_change=apply_text,
                     args=(version,))

st.markdown(_("**Your business today** and **each initiative** below: type worst, likely and best in the units shown. "
              "For a cost the worst case is the highest value."))
with st.expander(_("Your business today"), expanded=False):
    base = scenario.baseline
    card("baseline", scenario_table.BASELINE_FIELDS,
         {f[0]: getattr(base, f[0]) for f in scenario_table.BASELINE_FIELDS}, uid="baseline",
         notes={k: _("From: {n}", n=note) for k, note in baseline_notes(base).items()})
with st.expander(_("Word of mouth (the guides' figures, editable)")):
    card("word_of_mouth", scenario_table.WORD_OF_MOUTH_FIELDS,
         {f[0]: getattr(scenario.word_of_mouth, f[0]) for f in scenario_table.WORD_OF_MOUTH_FIELDS}, uid="wom")
for index, initiative in enumerate(scenario.initiatives):
    with st.expander(f"{index + 1}. {esc(initiative.name)}", expanded=index == len(scenario.initiatives) - 1):
        if initiative.template in scenario_table.TEMPLATES:
            st.caption(_("Template: {t}", t=_(scenario_table.TEMPLATES[initiative.template])))
        fields = scenario_table.template_fields(initiative.template, context)
        shown = {f[0] for f in fields}
        fields = fields + [f for f in scenario_table.GENERIC_FIELDS
                           if f[0] not in shown and getattr(initiative, f[0]).high != 0]
        sources = {k: worded for k, code in initiative.note_codes.items() if (worded := roi_text.note(code))}
        card(initiative.name, fields, {f[0]: getattr(initiative, f[0]) for f in fields}, uid=f"i{index}",
             rename=initiative.name, notes={k: _("From: {n}", n=n) for k, n in sources.items()})
        if len(scenario.initiatives) > 1:
            st.button(_("Remove this initiative"), key=f"roi_remove::{index}::{version}",
                      on_click=lambda name=initiative.name: store(scenario_table.without_initiative(
                          roi.Scenario.from_json(st.session_state["scenario_json"]), name)))

add_left, add_mid, add_right = st.columns([3, 2, 1])
template = add_left.selectbox(_("Add an initiative from a template"),
                              list(scenario_table.TEMPLATES), key="roi_template",
                              format_func={t: _(names) for t, names in scenario_table.TEMPLATES.items()}.__getitem__)
agents = 1.0
if template == "hire_agents":
    agents = add_mid.number_input(_("Agents to hire"), min_value=0.5, max_value=50.0,
                                  value=float(st.session_state.get("_staffing_gap", 1.0)), step=0.5,
                                  key="roi_template_agents")
    if "_staffing_gap" in st.session_state:
        add_mid.caption(_("From Beyond the dashboards → Staffing: agents short of your service-level target."))
    else:
        add_mid.caption(_("Beyond the dashboards → Staffing computes this gap from your data."))
elif template == "staff_forecast":
    forecast_gap = st.session_state.get("_forecast_gap")
    if isinstance(forecast_gap, scenario_table.ForecastGap):
        short, short_upper = forecast_gap.agents()
        add_mid.caption(_("From Forecast & staffing plan: {a} agents short at the likely forecast, {b} at its upper "
                          "bound.", a=fmt_number(short, 1), b=fmt_number(short_upper, 1)))
    else:
        add_mid.caption(_("Forecast & staffing plan computes this gap from your data; without it the template "
                          "starts at one agent."))


def add_from_template(name: str, template_name: str, template_agents: float) -> None:
    gap = st.session_state.get("_forecast_gap") if template_name == "staff_forecast" else None
    item = scenario_table.template_initiative(template_name, name, context, agents=template_agents,
                                              gap=gap if isinstance(gap, scenario_table.ForecastGap) else None)
    try:
        store(scenario_table.add_initiative(roi.Scenario.from_json(st.session_state["scenario_json"]), item))
        st.session_state["_roi_add_error"] = None
    except roi.ScenarioError as error:
        st.session_state["_roi_add_error"] = _("Not added: {e}.", e=explain(error))


add_right.button(_("Add"), key="roi_add", on_click=add_from_template,
                 args=(_(scenario_table.TEMPLATES[template]), template, agents))
if st.session_state.get("_roi_add_error"):
    add_left.warning(st.session_state["_roi_add_error"], icon="✋")

st.subheader(_("Worst, likely and best case"))
computed = plan.result(st.session_state["scenario_json"])  # the same object the presentation and report read
cases, total = computed.cases, computed.total
columns = st.columns(3)
for column, case, title in zip(columns, roi.CASES, (_("Worst"), _("Likely"), _("Best")),
                               strict=True):
    row = total[case]
    column.metric(title, fmt_money(row["net_gain"]), border=True,
                  help=_("ROI {r}; payback month {m}; NPV {n}",
                         r=fmt_pct(row["roi"], 0), m=row["payback_month"] or "—", n=fmt_money(row["npv"])))
widgets.table(cases.select("initiative", "case", "benefits", "costs", "net_gain", "roi", "payback_month", "npv"),
              key="roi_cases", column_config={"roi": st.column_config.NumberColumn(format="percent")})

st.subheader(_("How likely is each outcome"))
draws = st.select_slider(_("Simulations"), options=list(plan.DRAWS), value=plan.DEFAULT_DRAWS,
                         key="roi_draws")
if int(draws) != computed.draws:
    computed = plan.result(st.session_state["scenario_json"], int(draws))
simulation, summary, figures = computed.simulation, computed.summary, plan.shown(computed)
columns = st.columns(3)
columns[0].metric(_("Chance of losing money"), figures["probability_of_loss"], border=True)
columns[1].metric(_("Expected net gain"), figures["mean_net_gain"], border=True)
columns[2].metric(_("Expected ROI"), figures["mean_roi"], border=True)
st.markdown(_("**In 90 % of the simulated futures the plan's net gain over {h} months is between {a} and {b}** "
              "(half of them above {m}).", h=scenario.horizon_months, a=figures["p5"], b=figures["p95"],
              m=figures["p50"]))
widgets.chart(charts.distribution(simulation.draws.select("net_gain"), column="net_gain",
                                  title=_("Net gain over the horizon (€)"),
                                  marks={"P5": summary["p5_net_gain"], "P50": summary["p50_net_gain"],
                                         "P95": summary["p95_net_gain"]}),
              key="roi_distribution",
              how_to_read=_("Each bar counts simulated futures with that net gain; the dashed lines are the 5th, 50th "
                            "and 95th percentiles. Bars left of 0 are futures where the plan loses money."))
with st.expander(_("Simulation table")):
    widgets.table(simulation.summary, key="roi_simulation")

st.subheader(_("When the money comes back"))
flows = roi.cash_flow(scenario)
likely_payback = total["likely"]["payback_month"]
case_names = dict(zip(roi.CASES, CASE_TITLES, strict=True))
widgets.chart(roi_charts.cash_flow(
    flows, names=case_names, x_title=_("Month"), y_title=_("Cumulative net (€)"),
    payback=likely_payback, payback_label=_("likely payback: month {m}",
                                            m=likely_payback), case_title=_("Case")), key="roi_cash_flow",
    how_to_read=_("Money in minus money out, added up month by month (month 0: the one-off costs). The band runs from "
                  "the worst to the best case; where the likely line crosses 0 the plan has paid for itself."))
paybacks = {case: total[case]["payback_month"] for case in roi.CASES}
never = _("not within {h} months", h=scenario.horizon_months)
st.markdown(_("Pays back in month **{l}** in the likely case ({w} in the worst, {b} in the best).",
              **{k: (str(m) if m is not None else never)
                 for k, m in zip("lwb", (paybacks["likely"], paybacks["worst"], paybacks["best"]), strict=True)}))

st.subheader(_("What the decision depends on"))
swings = roi.tornado(scenario).head(10)
if swings.height:
    described = {name: scenario_table.describe(name, scenario, context) for name in swings["input"]}

    def label_of(name: str) -> str:
        owner = name.rsplit(".", 1)[0]
        _code, label_id, unit_id, _scale = described[name]
        prefix = {"baseline": _("Today"), "word_of_mouth": _("Word of mouth")}.get(owner, owner)
        return f"{prefix}: {_(label_id)} ({_(unit_id)})" if unit_id else f"{prefix}: {_(label_id)}"

    # Labelled from the ten names taken out of polars: no Python callback inside polars on a page.
    labelled = swings.with_columns(pl.Series("label", [label_of(name) for name in swings["input"].to_list()],
                                             dtype=pl.String))
    likely_net = float(total["likely"]["net_gain"])
    widgets.chart(roi_charts.tornado(
        labelled, likely=likely_net, label_low=_("input at its low"),
        label_high=_("input at its high"),
        x_title=_("Net gain over {h} months (€)", h=scenario.horizon_months),
        likely_label=_("likely: {v}", v=fmt_money(likely_net)), input_title=_("Input"),
        end_title=_("Input at")), key="roi_tornado",
        how_to_read=_("Each input swung from low to high with the rest at likely; bars start at the likely result "
                      "(dashed line). The longest bars matter most: firm those numbers up first."))
    chosen = st.selectbox(_("Break-even of"), swings["input"].to_list(), key="roi_break_even",
                          format_func={name: label_of(name) for name in swings["input"]}.__getitem__)
    likely_values = dict(roi.inputs(scenario).select("input", "likely").iter_rows())
    value = roi.break_even(scenario, chosen)
    _code, _label, unit_id, scale = described[chosen]
    unit = _(unit_id)

    def in_units(x: float) -> str:
        return f"{fmt_number(x / scale if scale else x, 2)} {unit}".strip()  # as the cards: a 0 scale (no data)

    if value is None:
        st.markdown(_("**{i}** alone cannot make the plan break even (likely: {l}).", i=esc(label_of(chosen)),
                      l=esc(in_units(likely_values[chosen]))))
    else:
        field_code = chosen.rsplit(".", 1)[1]
        cost_like = field_code in roi.COST_INPUTS or chosen.startswith("baseline.cost")
        st.markdown(_("The plan pays back if **{i}** is **{dir} {v}**; likely: {l}.", i=esc(label_of(chosen)),
                      dir=_("at most") if cost_like else _("at least"),
                      v=esc(in_units(value)), l=esc(in_units(likely_values[chosen]))))

st.subheader(_("Compare plans"))
plans: dict[str, str] = st.session_state.setdefault("roi_plans", {})


def keep_plan() -> None:
    current = roi.Scenario.from_json(st.session_state["scenario_json"])
    st.session_state["roi_plans"][current.name] = current.to_json()


def open_plan() -> None:
    chosen_plan = st.session_state.get("roi_open_plan")
    if chosen_plan in st.session_state["roi_plans"]:
        store(roi.Scenario.from_json(st.session_state["roi_plans"][chosen_plan]))


keep_col, open_col, open_btn = st.columns([2, 3, 1], vertical_alignment="bottom")
keep_col.button(_("Keep this plan for comparison"), key="roi_keep",
                on_click=keep_plan)
if plans:
    open_col.selectbox(_("Open a kept plan"), list(plans), key="roi_open_plan")
    open_btn.button(pgettext("verb", "Open"), key="roi_open", on_click=open_plan)
st.caption(_("Kept plans stay for this session and travel in the workspace file (Data page)."))
candidates = {**plans, scenario.name: st.session_state["scenario_json"]}
if len(candidates) >= 2:
    names_ = list(candidates)
    pick_a, pick_b = st.columns(2)
    first = pick_a.selectbox(_("Plan A"), names_, index=0, key="roi_compare_a")
    second = pick_b.selectbox(_("Plan B"), names_, index=len(names_) - 1, key="roi_compare_b")
    plan_a, plan_b = (roi.Scenario.from_json(candidates[n]) for n in (first, second))
    for column, shown_plan, plan_name in zip((pick_a, pick_b), (plan_a, plan_b), (first, second), strict=True):
        result = plan.result(candidates[plan_name])  # the planner's own figures when it is the plan being edited
        card_figures = plan.shown(result)
        column.metric(_("Likely net gain"), card_figures["net_gain"], border=True)
        column.metric(_("Chance of losing money"), card_figures["probability_of_loss"], border=True)
        column.markdown(_("Pays back in month **{m}** (likely). In 90 % of futures the net gain over {h} months is "
                          "between {a} and {b}.",
                          m=result.likely["payback_month"] or _("— (not within the horizon)"),
                          h=shown_plan.horizon_months, a=card_figures["p5"], b=card_figures["p95"]))
        if shown_plan.description:
            column.caption(esc(shown_plan.description))
    differing = scenario_table.differences(plan_a, plan_b)
    if differing:
        st.markdown(_("**What differs**"))
        lines = []
        for name, in_a, in_b in differing[:20]:
            owner = name.rsplit(".", 1)[0]
            _code, label_id, unit_id, scale = scenario_table.describe(
                name, plan_a if in_a is not None else plan_b, context)
            unit = _(unit_id)

            def triple(e: roi.Estimate | None, s: float = scale, u: str = unit) -> str:
                if e is None:
                    return _("not in this plan")
                return f"{fmt_number(e.low / s, 2)} / {fmt_number(e.likely / s, 2)} / {fmt_number(e.high / s, 2)} {u}"

            lines.append(f"- {esc(owner)}: {esc(_(label_id))}: A {esc(triple(in_a))} → B {esc(triple(in_b))}")
        st.markdown("\n".join(lines))
        st.caption(_("Low / likely / high of each input."))
    else:
        st.caption(_("The two plans have the same inputs."))
else:
    st.caption(_("Keep this plan, change it (or start from another example) and keep it again under another name "
                 "to compare them side by side."))

st.subheader(_("Which improvement gets the money first"))
budget = st.number_input(_("Budget over the horizon (€, 0 = no limit)"), min_value=0.0, value=0.0, step=1000.0,
                         format="%.0f", key="roi_budget")
ranking = roi.prioritise(scenario, budget=budget or None, n=5_000)
widgets.table(ranking, key="roi_priorities", column_config={
    "probability_of_loss": st.column_config.NumberColumn(format="percent")})

# Below the plan, the page obeys the view (period and filters alike): the contacts in it (and the orders and costs
# that followed them, matched by cxkit), the service's money in it.
tickets, orders, costs = v.all.get("tickets"), v.all.get("orders"), v.all.get("costs")
st.subheader(_("The current moment"))
if tickets is not None and orders is not None and costs is not None and "customer_id" in tickets.columns:
    by = widgets.choice(_("Per"), {"channel": _("channel"), "agent": _("agent")},
                        key="roi_moment_by", default="channel", kind="radio", horizontal=True)
    if by in tickets.columns:
        moment = roi.current_moment(v.current.get("tickets", tickets), orders, costs, by=by)
        widgets.table(moment, key="current_moment", column_config={
            "roi": st.column_config.NumberColumn(format="percent"),
            "conversion_rate": st.column_config.NumberColumn(format="percent")})
        st.caption(_("Revenue that followed contacts against what they cost in the selected period. 'Returns nothing' "
                     "and 'costs more than it returns' are the actions to look at first."))
else:
    widgets.needs("tickets", "customer_id")
if orders is not None and costs is not None and "kind" in orders.columns:
    st.subheader(_("Monthly service ROI"))
    customers = v.all.get("customers")
    margin = st.number_input(_("Gross margin on a kept customer's subscription (%)"),
                             min_value=0.0, max_value=100.0, value=50.0, step=5.0, key="roi_service_margin",
                             format=input_format(st.session_state.get("roi_service_margin", 50.0))) / 100
    monthly = plan.service_roi(v.current.get("orders", orders), v.current.get("costs", costs), customers, margin)
    measures = monthly.drop_nulls("roi").select(
        pl.col("month").alias("period"),
        pl.col("roi").alias(_("counting customers kept")),
        pl.col("narrow_roi").alias(_("immediate revenue only (narrow)")),
    ).unpivot(index="period", variable_name=_("view"), value_name="ROI")
    widgets.chart(charts.lines(measures, x="period", y="ROI", color=_("view"), y_format=".0%",
                               y_title="ROI", period=v.period), key="service_roi",
                  how_to_read=_("(value − team cost) ÷ team cost, per month. Value = save-the-sale revenue net of "
                                "discount + agent-assisted sales + the customers kept (saved customers × revenue per "
                                "customer × margin × expected remaining months from the retention curve). The narrow "
                                "line leaves the customers kept out."))
    parts = plan.service_totals(monthly)
    st.markdown(_("**In the period chosen:** save-the-sale {s} + assisted sales {a} + customers kept {k} = {v}, against a "
                  "team cost of {c}.",
                  s=fmt_money(parts["save_the_sale_net"]), a=fmt_money(parts["assisted_sales"]),
                  k=fmt_money(parts["retention_value"]) if customers is not None else _("(needs customers)"),
                  v=fmt_money(parts["value"]), c=fmt_money(parts["cost"])))
    st.caption(_("Association, not cause: some saved customers might have stayed anyway, and some sales after a "
                 "contact would have happened without it."))
    widgets.table(monthly, key="monthly_service_roi", column_config={
        "roi": st.column_config.NumberColumn(format="percent"),
        "narrow_roi": st.column_config.NumberColumn(format="percent")})

st.download_button(_("Save this scenario (JSON)"),
                   data=st.session_state["scenario_json"].encode("utf-8"), file_name="cxkit_scenario.json",
                   mime="application/json", key="scenario_download", on_click="ignore")
