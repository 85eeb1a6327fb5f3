"""The ROI scenario as an editable table and back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import polars as pl

from cxkit import roi
from ui import plan
from ui.i18n import N_


def to_table(scenario: roi.Scenario) -> pl.DataFrame:
    """``owner, input, low, likely, high, distribution`` for every estimate of the scenario."""
    table = roi.inputs(scenario).with_columns(
        pl.col("input").str.extract(r"^(.*)\.[^.]+$").alias("owner"),
        pl.col("input").str.extract(r"\.([^.]+)$").alias("field"),
    )
    return table.select("owner", "field", "low", "likely", "high", "distribution", "kind")


def from_table(scenario: roi.Scenario, table: pl.DataFrame) -> roi.Scenario:
    """A new scenario with the edited values.

    Raises:
        roi.ScenarioError: An edited value is invalid (the message names it).
    """
    data: dict[str, Any] = json.loads(scenario.to_json())
    initiatives = {item["name"]: item for item in data["initiatives"]}
    for row in table.iter_rows(named=True):
        owner, name = row["owner"], row["field"]
        values = [row["low"], row["likely"], row["high"]]
        if any(v is None for v in values):
            raise roi.ScenarioError(f"{owner}.{name}: fill in low, likely and high", code="missing_values",
                                      name=f"{owner}.{name}")
        estimate: dict[str, Any] = {"low": float(values[0]), "likely": float(values[1]), "high": float(values[2])}
        if row.get("distribution") and row["distribution"] != "pert":
            estimate["distribution"] = row["distribution"]
        if owner == "baseline":
            data["baseline"][name] = estimate
        elif owner == "word_of_mouth":
            data.setdefault("word_of_mouth", {})[name] = estimate
        elif owner in initiatives:
            initiatives[owner][name] = estimate
    return roi.Scenario.from_dict(data)


def with_initiative(scenario: roi.Scenario, name: str) -> roi.Scenario:
    data = json.loads(scenario.to_json())
    data["initiatives"].append({"name": name})
    return roi.Scenario.from_dict(data)


def without_initiative(scenario: roi.Scenario, name: str) -> roi.Scenario:
    data = json.loads(scenario.to_json())
    data["initiatives"] = [i for i in data["initiatives"] if i["name"] != name]
    return roi.Scenario.from_dict(data)


def with_settings(scenario: roi.Scenario, *, horizon: int, rate: float) -> roi.Scenario:
    data = json.loads(scenario.to_json())
    data["horizon_months"], data["discount_rate"] = horizon, rate
    return roi.Scenario.from_dict(data)


# ------------------------------------------------------------------------ business words and units
# Each input shown in a card: (model field, label, unit, scale); label and unit are msgids, translated when shown.
# The card shows model value ÷ scale: percentages are typed as percentages (scale 0.01), churn as points.
Field = tuple[str, str, str, float]  # code, label msgid, unit msgid, scale

BASELINE_FIELDS: list[Field] = [
    ("active_customers", N_("Customers today"), N_("customers"), 1.0),
    ("monthly_churn", N_("Monthly churn"), N_("% a month"), 0.01),
    ("revenue_per_customer", N_("Revenue per customer"), N_("€ a month"), 1.0),
    ("tickets_per_month", N_("Contacts"), N_("per month"), 1.0),
    ("cost_per_ticket", N_("Cost of one contact"), N_("€"), 1.0),
    ("cost_per_minute", N_("Cost of one agent minute"), N_("€"), 1.0),
    ("happy_share", N_("Contacts that leave happy (CSAT)"), N_("%"), 0.01),
    ("acquisition_cost", N_("Cost to win a new customer"), N_("€"), 1.0),
    ("margin", N_("Gross margin"), N_("%"), 0.01),
]
WORD_OF_MOUTH_FIELDS: list[Field] = [
    ("tell_unhappy", N_("People an unhappy customer tells"), N_("people"), 1.0),
    ("tell_happy", N_("People a happy customer tells"), N_("people"), 1.0),
    ("conversion_rate", N_("Of the people told, who become (or stay) customers"), N_("%"), 0.01),
]
_ONE_OFF: Field = ("one_off_cost", N_("One-off cost"), N_("€, once"), 1.0)
_MONTHLY: Field = ("monthly_cost", N_("Running cost"), N_("€ a month"), 1.0)
_CHURN: Field = ("churn_reduction", N_("Fall in customers lost each month"), N_("points a month"), 0.01)
_HAPPY: Field = ("happy_shift", N_("Contacts moved from unhappy to happy"), N_("% of contacts"), 0.01)
GENERIC_FIELDS: list[Field] = [
    _ONE_OFF, _MONTHLY, _CHURN,
    ("upsell_revenue", N_("Extra sales"), N_("€ a month"), 1.0),
    ("save_the_sale_revenue", N_("Revenue kept by save-the-sale (before discount)"), N_("€ a month"), 1.0),
    ("save_the_sale_discount", N_("Discount given"), N_("%"), 0.01),
    ("tickets_deflected", N_("Contacts no longer needing an agent"), N_("per month"), 1.0),
    ("handle_minutes_saved", N_("Agent time saved"), N_("minutes a month"), 1.0),
    _HAPPY,
    ("price_premium", N_("Price premium loyal customers pay"), N_("%"), 0.01),
    ("abandoned_calls_saved", N_("Calls answered instead of abandoned"), N_("per month"), 1.0),
    ("other_benefit", N_("Other benefit"), N_("€ a month"), 1.0),
]


@dataclass(frozen=True)
class Context:
    """What the templates take from the data (or a neutral default), each with where it came from."""

    revenue_per_customer: float = 25.0
    active_customers: float = 1000.0
    tickets_per_month: float = 400.0
    late_share: float = 0.10  # share of first replies past the target
    late_churn_gap: float = 0.20  # extra share of customers leaving within 90 days after a late reply
    cancel_requests: float = 30.0  # customers asking to cancel, a month
    average_sale: float = 55.0  # € per agent-assisted sale
    agent_cost: float = 2900.0  # € a month per agent, employer costs included
    notes: dict[str, str] = dc_field(default_factory=dict)


def template_fields(template: str | None, context: Context) -> list[Field]:
    """The inputs a card shows, in business words; a template's own inputs are model fields rescaled by the
    data (e.g. "agents to hire" × agent cost = running cost)."""
    if template == "hire_agent":
        return [("monthly_cost", N_("Salary with employer costs"), N_("€ a month"), 1.0),
                ("one_off_cost", N_("Recruiting and ramp-up"), N_("€, once"), 1.0),
                ("churn_reduction", N_("Tickets it handles that would have been late"), N_("per month"), context.late_churn_gap / max(context.active_customers, 1.0)), _HAPPY]
    if template == "hire_agents":
        return [("monthly_cost", N_("Agents to hire"), N_("agents"), context.agent_cost),
                _ONE_OFF, _CHURN, _HAPPY]
    if template == "staff_forecast":
        return [("monthly_cost", N_("Agents short of the forecast's plan"), N_("agents"), context.agent_cost),
                _ONE_OFF, _CHURN, _HAPPY]
    if template == "save_code":
        per_take = context.cancel_requests * 3 * context.revenue_per_customer
        return [("save_the_sale_revenue", N_("Take rate (of customers asking to cancel)"), N_("%"), 0.01 * per_take),
                ("save_the_sale_discount", N_("Discount"), N_("%"), 0.01), _ONE_OFF]
    if template == "faster_reply":
        return [("churn_reduction", N_("Late replies avoided"), N_("per month"), context.late_churn_gap / max(context.active_customers, 1.0)),
                ("handle_minutes_saved", N_("Agent minutes saved per contact (triage, saved replies)"), N_("minutes per contact"), context.tickets_per_month), _HAPPY, _ONE_OFF, _MONTHLY]
    if template == "new_channel":
        return [_MONTHLY, _ONE_OFF, ("tickets_deflected", N_("Contacts it answers without an agent"), N_("per month"), 1.0), _HAPPY]
    if template == "sales_training":
        return [("upsell_revenue", N_("Contacts that end in a sale"), N_("% of contacts"), 0.01 * context.tickets_per_month * context.average_sale), _ONE_OFF, _MONTHLY]
    return GENERIC_FIELDS


TEMPLATES: dict[str, str] = {
    "hire_agent": N_("Hire an agent"),
    "hire_agents": N_("Close the staffing gap (hire N agents)"),
    "staff_forecast": N_("Staff for the forecast"),
    "save_code": N_("A save-the-sale code"),
    "faster_reply": N_("Faster first reply"),
    "new_channel": N_("A new channel"),
    "sales_training": N_("Training to sell"),
    "blank": N_("Blank initiative"),
}


@dataclass(frozen=True)
class ForecastGap:
    """What the forecast page hands the "staff for the forecast" template: full-time agents the plan needs at
    the likely forecast and at its upper bound, those the team seen in the data makes (None: not seen), the cost
    of one agent a month, the weeks forecast and the forecast's method (a ``cxkit.forecast.METHODS`` code)."""

    fte_needed: float
    fte_upper: float
    fte_team: float | None
    agent_cost: float
    weeks: int
    method: str

    @classmethod
    def of(cls, cost: Any, *, weeks: int, method: str) -> ForecastGap:
        """From a ``cxkit.forecast.PlanCost``."""
        return cls(fte_needed=float(cost.fte_likely), fte_upper=float(cost.fte_upper),
                   fte_team=None if cost.team_fte is None else float(cost.team_fte),
                   agent_cost=float(cost.agent_cost_month), weeks=weeks, method=method)

    def agents(self) -> tuple[float, float]:
        """Agents short at the likely forecast and at the upper bound (0 when the team already covers it)."""
        team = self.fte_team or 0.0
        return max(self.fte_needed - team, 0.0), max(self.fte_upper - team, 0.0)


RECRUITING = (500.0, 1000.0, 2000.0)  # one-off cost per agent hired: selection and ramp-up (low, likely, high)


def template_initiative(template: str, name: str, context: Context, *, agents: float = 1.0,
                        gap: ForecastGap | None = None) -> dict[str, Any]:
    """A new initiative from a template, with worst / likely / best values in the model's units. The "staff for
    the forecast" template takes the forecast's ``gap`` (without one, ``agents`` short at both bounds) and says
    where its numbers came from in ``note_codes``."""

    def est(low: float, likely: float, high: float) -> dict[str, float]:
        return {"low": float(low), "likely": float(likely), "high": float(high)}

    def scaled(field_name: str, low: float, likely: float, high: float) -> dict[str, float]:
        scale = next(f[3] for f in template_fields(template, context) if f[0] == field_name)
        return est(low * scale, likely * scale, high * scale)

    item: dict[str, Any] = {"name": name, "template": template}
    late = max(1.0, round(context.late_share * context.tickets_per_month))  # late first replies a month today
    if template == "hire_agent":
        item |= {"monthly_cost": est(0.95 * context.agent_cost, context.agent_cost, 1.1 * context.agent_cost),
                 "one_off_cost": est(500, 1000, 2000),
                 "churn_reduction": scaled("churn_reduction", 0.5 * late, late, 1.7 * late),
                 "happy_shift": est(0.01, 0.03, 0.05)}
    elif template == "hire_agents":
        item |= {"monthly_cost": scaled("monthly_cost", agents, agents, 1.1 * agents),
                 "one_off_cost": est(500 * agents, 1000 * agents, 2000 * agents),
                 "churn_reduction": est(0.0, 0.001 * agents, 0.003 * agents), "happy_shift": est(0.0, 0.02, 0.04)}
    elif template == "staff_forecast":
        cost = gap.agent_cost if gap is not None else context.agent_cost
        short, short_upper = gap.agents() if gap is not None else (agents, agents)
        low, likely, high = RECRUITING
        item |= {"monthly_cost": est(short * cost, short * cost, short_upper * cost),
                 "one_off_cost": est(low * short, likely * short, high * short_upper),
                 "churn_reduction": est(0.0, 0.001 * short, 0.003 * short), "happy_shift": est(0.0, 0.02, 0.04),
                 "note_codes": {"one_off_cost": {"code": "recruiting_per_agent", "low": low, "likely": likely,
                                                 "high": high}}}
        if gap is not None:
            item["note_codes"]["monthly_cost"] = {
                "code": "forecast_gap", "fte_needed": gap.fte_needed, "fte_upper": gap.fte_upper,
                "fte_team": gap.fte_team, "agent_cost": gap.agent_cost, "weeks": gap.weeks, "method": gap.method}
    elif template == "save_code":
        item |= {"save_the_sale_revenue": scaled("save_the_sale_revenue", 20, 35, 50),
                 "save_the_sale_discount": est(0.15, 0.15, 0.15), "one_off_cost": est(100, 300, 600)}
    elif template == "faster_reply":
        item |= {"churn_reduction": scaled("churn_reduction", 5, 15, 25),
                 "handle_minutes_saved": scaled("handle_minutes_saved", 0.0, 0.5, 1.5),
                 "happy_shift": est(0.0, 0.02, 0.04),
                 "one_off_cost": est(500, 1000, 2000), "monthly_cost": est(100, 200, 400)}
    elif template == "new_channel":
        item |= {"monthly_cost": est(150, 250, 400), "one_off_cost": est(1000, 1500, 3000),
                 "tickets_deflected": est(0, 20, 60), "happy_shift": est(0.0, 0.02, 0.04)}
    elif template == "sales_training":
        item |= {"upsell_revenue": scaled("upsell_revenue", 1, 3, 5), "one_off_cost": est(1500, 2000, 3000),
                 "monthly_cost": est(0, 100, 200)}
    return item


def add_initiative(scenario: roi.Scenario, item: dict[str, Any]) -> roi.Scenario:
    """The scenario with one more initiative; its name made unique ("Hire an agent 2").

    Raises:
        roi.ScenarioError: The new initiative does not fit the baseline (the message says why).
    """
    data = json.loads(scenario.to_json())
    names = {i["name"] for i in data["initiatives"]}
    base, n = item["name"], 2
    while item["name"] in names:
        item = item | {"name": f"{base} {n}"}
        n += 1
    data["initiatives"].append(item)
    return roi.Scenario.from_dict(data)


def in_order(low: float, likely: float, high: float) -> tuple[float, float, float]:
    """Worst, likely and best as typed, put in order (the card says so when it had to)."""
    values = sorted((low, likely, high))
    return values[0], values[1], values[2]


def with_values(scenario: roi.Scenario, owner: str, changes: dict[str, tuple[float, float, float]], *,
                name: str | None = None) -> roi.Scenario:
    """The scenario with ``owner``'s inputs (``"baseline"``, ``"word_of_mouth"`` or an initiative's name) set in
    the model's units, and the initiative renamed to ``name``.

    Raises:
        roi.ScenarioError: A value is invalid (the message names it).
    """
    data = json.loads(scenario.to_json())
    if owner == "baseline":
        target = data["baseline"]
    elif owner == "word_of_mouth":
        target = data.setdefault("word_of_mouth", {})
    else:
        target = next(i for i in data["initiatives"] if i["name"] == owner)
        if name is not None and name.strip() and name.strip() != owner:
            target["name"] = name.strip()
    for field_name, (low, likely, high) in changes.items():
        old = target.get(field_name)
        distribution = old.get("distribution") if isinstance(old, dict) else None
        target[field_name] = {"low": low, "likely": likely, "high": high} | (
            {"distribution": distribution} if distribution else {})
    return roi.Scenario.from_dict(data)


def with_text(scenario: roi.Scenario, *, name: str, description: str) -> roi.Scenario:
    data = json.loads(scenario.to_json())
    data["name"], data["description"] = name.strip() or data["name"], description
    return roi.Scenario.from_dict(data)


def context_from_data(tickets: pl.DataFrame | None = None, responses: pl.DataFrame | None = None,
                      customers: pl.DataFrame | None = None, orders: pl.DataFrame | None = None,
                      costs: pl.DataFrame | None = None, *, sla_minutes: float = 24 * 60) -> Context:
    """The templates' figures from the data where it has them (``notes`` says where each came from)."""
    import cxkit

    values: dict[str, float] = {}
    notes: dict[str, str] = {}
    baseline = roi.baseline_from_data(tickets, responses, customers, orders, costs)
    for name in ("revenue_per_customer", "active_customers", "tickets_per_month"):
        if not baseline.notes.get(name, "").startswith("not in the data"):
            values[name] = float(getattr(baseline, name).likely)
            notes[name] = baseline.notes[name]
    if "active_customers" in values and not baseline.notes.get("monthly_churn", "").startswith("not in the data"):
        values["cancel_requests"] = values["active_customers"] * float(baseline.monthly_churn.likely)
        notes["cancel_requests"] = "customers lost in a typical month (median churn × customers today)"
    if tickets is not None and "first_response_minutes" in tickets.columns and tickets.height:
        answered = tickets.drop_nulls("first_response_minutes")
        if answered.height:
            values["late_share"] = float((answered["first_response_minutes"] > sla_minutes).mean())  # type: ignore[arg-type]
            notes["late_share"] = f"share of first replies over {sla_minutes / 60:.0f} h in the tickets"
        if customers is not None and "customer_id" in tickets.columns:
            try:
                landmark = cxkit.churn_by_experience(customers, tickets=tickets, sla_minutes=sla_minutes).landmark
            except cxkit.CxkitError:
                landmark = pl.DataFrame()
            if landmark.height == 2 and landmark["km_churn"].null_count() == 0:
                gap = float(landmark["km_churn"][0]) - float(landmark["km_churn"][1])
                if gap > 0:
                    values["late_churn_gap"] = gap
                    notes["late_churn_gap"] = "churn within 90 days after a late reply minus after an on-time one"
    if orders is not None and {"kind", "amount"} <= set(orders.columns):
        sales = orders.filter(pl.col("kind").is_in(["upsell", "cross_sell"]))
        if sales.height:
            values["average_sale"] = float(sales["amount"].mean())  # type: ignore[arg-type]
            notes["average_sale"] = "average upsell or cross-sell order"
    if costs is not None and {"month", "cost", "agent"} <= set(costs.columns):
        salaries = costs.drop_nulls("agent")
        if salaries.height:
            per_month = salaries.group_by("month").agg(pl.col("cost").sum(), pl.col("agent").n_unique())
            values["agent_cost"] = float((per_month["cost"] / per_month["agent"]).median())  # type: ignore[arg-type]
            notes["agent_cost"] = "median monthly cost per agent in the costs file"
    return Context(**values, notes=notes)


def describe(input_name: str, scenario: roi.Scenario, context: Context) -> Field:
    """The business label of a model input ("Hire an agent.churn_reduction" → its card label, unit, scale)."""
    owner, code = input_name.rsplit(".", 1)
    if owner == "baseline":
        fields = BASELINE_FIELDS
    elif owner == "word_of_mouth":
        fields = WORD_OF_MOUTH_FIELDS
    else:
        initiative = next((i for i in scenario.initiatives if i.name == owner), None)
        fields = template_fields(initiative.template if initiative else None, context) + GENERIC_FIELDS
    found = next((f for f in fields if f[0] == code), (code, code, "", 1.0))
    return found


def outcome(scenario: roi.Scenario | plan.Result, *, n: int | None = None) -> dict[str, Any]:
    """What a plan comparison shows: likely net gain and ROI, chance of loss, 90 % range, payback (likely), read
    from the plan's one computed result (``ui.plan.result``: the planner's own figures for the same plan)."""
    result = scenario if isinstance(scenario, plan.Result) else plan.result(scenario.to_json(), n)
    likely, summary = result.likely, result.summary
    return {"net_gain": float(likely["net_gain"]), "roi": likely["roi"],
            "payback_month": likely["payback_month"], "probability_of_loss": summary["probability_of_loss"],
            "p5": summary["p5_net_gain"], "p95": summary["p95_net_gain"], "horizon": result.scenario.horizon_months}


def differences(a: roi.Scenario, b: roi.Scenario) -> list[tuple[str, roi.Estimate | None, roi.Estimate | None]]:
    """Inputs whose worst / likely / best differ between two plans (``input`` name, a's, b's; None where a plan
    does not have that input, e.g. an initiative only in one of them)."""
    left = dict(roi._all_inputs(a))
    right = dict(roi._all_inputs(b))
    names = list(left) + [n for n in right if n not in left]
    out = []
    for name in names:
        x, y = left.get(name), right.get(name)
        if x is None or y is None:
            if (x or y) is not None and (x or y).high != 0:  # type: ignore[union-attr]
                out.append((name, x, y))
        elif (x.low, x.likely, x.high) != (y.low, y.likely, y.high):
            out.append((name, x, y))
    return out
