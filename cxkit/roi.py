"""What-if ROI planning for customer service: from the worst case to the best, with the uncertainty shown.

A ``Scenario`` holds a business ``Baseline``, one or more ``Initiative``s (hire an agent, add a chat
channel, train the team to sell, give agents save-the-sale codes...), a horizon in months and an annual
discount rate. Every uncertain input is an ``Estimate`` with low / likely / high values. For a benefit
the low value is the worst case; for a cost the high value is.

Monthly cash flows per initiative, for month m = 1..H (one-off costs at month 0, undiscounted):

- retention: churn reduced by r (a fraction of customers per month, e.g. 0.005 = 0.5 points) keeps
  N·[(1 − c + r)^m − (1 − c)^m] more of today's N customers in month m, each paying the monthly revenue
  per customer: a kept relationship pays every month, compounding;
- upsell / cross-sell revenue per month; save-the-sale revenue per month × (1 − discount share);
- cost to serve: tickets deflected × cost per ticket + handle minutes saved × cost per minute;
- word of mouth: shifting a share h of the monthly contacts from unhappy to happy avoids
  ``tell_unhappy`` negative and adds ``tell_happy`` positive mentions each (the guides' 10 and 3, as
  editable defaults); mentions × conversion rate × the value of a new customer (the acquisition cost,
  or a year of revenue when it is not known);
- price premium: a share p more revenue from today's customers;
- calls answered instead of abandoned × the value of an answered call;
- any other benefit per month.

Revenue benefits are multiplied by the baseline's gross ``margin`` (1 = count revenue in full).
Effects of several initiatives are added up. Outputs: ``benefits``, ``costs``, ``net_gain`` =
benefits − costs, ``roi`` = net_gain ÷ costs, ``payback_month`` (first month the cumulative net turns
non-negative, null if not within the horizon) and ``npv`` at the discount rate (monthly rate
(1 + annual)^(1/12) − 1, flows at month end).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl
from scipy import optimize, stats

from cxkit.errors import CxkitError

__all__ = [
    "CASES",
    "ERROR_CODES",
    "LANGUAGES",
    "NOTE_CODES",
    "Baseline",
    "Estimate",
    "Initiative",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "WordOfMouth",
    "break_even",
    "cash_flow",
    "evaluate",
    "examples",
    "in_language",
    "inputs",
    "pert",
    "prioritise",
    "simulate",
    "tornado",
    "triangular",
]

Distribution = Literal["pert", "triangular"]
CASES = ("worst", "likely", "best")
SCHEMA_VERSION = 1


# Every ScenarioError's code and the parameters it comes with. An interface words the problem from these in
# its own language (the exception's message is English, for programs and logs). ``name``: the input as
# ``owner.field`` ("baseline.monthly_churn", "Hire an agent.churn_reduction", "initiatives[0].name").
ERROR_CODES: dict[str, tuple[str, ...]] = {
    "not_finite": ("name", "values"),  # worst, likely and best are not all finite numbers
    "order": ("name", "low", "likely", "high"),  # not low ≤ likely ≤ high
    "not_a_number": ("name", "value"),  # an estimate that is not a number or low / likely / high
    "estimate_keys": ("name", "keys"),  # an estimate with keys other than low, likely, high, distribution
    "estimate_missing": ("name", "key"),  # an estimate without low, likely or high
    "distribution": ("name", "value"),  # neither pert nor triangular
    "negative": ("name", "value"),
    "share": ("name", "value"),  # a share above 1 (5 % written as 5)
    "churn_below_zero": ("name", "value", "churn"),  # a fall in churn larger than the churn
    "happy_shift": ("name", "value", "unhappy"),  # more contacts made happy than there are unhappy ones
    "names_unique": ("names",),
    "no_name": ("name",),
    "no_initiatives": (),
    "horizon": ("value",),  # not a whole number of months ≥ 1
    "horizon_too_long": ("value", "limit"),
    "discount_rate": ("value",),  # not a yearly fraction in [0, 1)
    "not_json": ("detail",),
    "not_an_object": ("name",),  # the file, or a part of it (``name``), is not a JSON object
    "version": ("version", "supported"),
    "unknown_keys": ("keys",),  # keys a scenario file does not have
    "unknown_inputs": ("name", "keys", "known"),  # inputs the baseline / an initiative does not have
    "not_text": ("name", "value"),
    "too_long": ("name", "limit"),
    "invalid": ("detail",),  # any other problem reading the file
    "missing_values": ("name",),  # an edited row without low, likely or high
    "draws": ("value", "minimum"),
    "unknown_input": ("name", "known"),
    "budget": ("value",),
    "budget_too_many": ("limit",),
    "language": ("value",),  # an example asked for in a language cxkit has no texts for
}


class ScenarioError(CxkitError, ValueError):
    """A scenario input is invalid; the message names the input and says what is wrong (in English).

    Attributes:
        code: What is wrong, a key of ``ERROR_CODES``.
        params: The values the message names (the parameters ``ERROR_CODES`` lists for the code, those known).
    """

    def __init__(self, message: str, *, code: str = "invalid", **params: Any) -> None:
        super().__init__(message)
        if code not in ERROR_CODES:
            raise KeyError(f"unknown ScenarioError code {code!r}")
        self.code = code
        self.params: dict[str, Any] = params


# ------------------------------------------------------------------------------------ distributions


def pert(low: float, likely: float, high: float, *, lam: float = 4.0) -> Any:
    """Beta-PERT distribution as a frozen scipy distribution.

    α = 1 + λ(m − a)/(b − a), β = 1 + λ(b − m)/(b − a), X = a + (b − a)·Beta(α, β); mean
    (a + λm + b)/(λ + 2), variance (μ − a)(b − μ)/(λ + 3). With low == high, a point mass.

    Raises:
        ScenarioError: The values are not in order or not finite.
    """
    _check_order("pert", low, likely, high)
    if high == low:
        return _PointMass(low)
    alpha = 1 + lam * (likely - low) / (high - low)
    beta = 1 + lam * (high - likely) / (high - low)
    return stats.beta(alpha, beta, loc=low, scale=high - low)


def triangular(low: float, mode: float, high: float) -> Any:
    """Triangular distribution as a frozen scipy distribution (``scipy.stats.triang``).

    c = (mode − low)/(high − low), loc = low, scale = high − low; mean (a + m + b)/3.

    Raises:
        ScenarioError: The values are not in order or not finite.
    """
    _check_order("triangular", low, mode, high)
    if high == low:
        return _PointMass(low)
    return stats.triang((mode - low) / (high - low), loc=low, scale=high - low)


class _PointMass:
    """A certain value with the parts of scipy's frozen-distribution interface cxkit uses."""

    def __init__(self, value: float) -> None:
        self.value = float(value)

    def mean(self) -> float:
        return self.value

    def var(self) -> float:
        return 0.0

    def ppf(self, q: Any) -> Any:
        return np.full_like(np.asarray(q, dtype=float), self.value)

    def rvs(self, size: int | tuple[int, ...] = 1, random_state: Any = None) -> Any:
        return np.full(size, self.value)


def _check_order(name: str, low: float, likely: float, high: float) -> None:
    values = (low, likely, high)
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
        raise ScenarioError(f"{name}: worst, likely and best must be finite numbers, got {values}", code="not_finite",
                            name=name, values=values)
    if not low <= likely <= high:
        raise ScenarioError(f"{name}: values must be in order low ≤ likely ≤ high, got {low} / {likely} / {high}",
                            code="order", name=name, low=low, likely=likely, high=high)


@dataclass(frozen=True)
class Estimate:
    """An uncertain input: low, likely and high values and the distribution between them."""

    low: float
    likely: float
    high: float
    distribution: Distribution = "pert"

    @classmethod
    def certain(cls, value: float) -> Estimate:
        return cls(value, value, value)

    @classmethod
    def of(cls, value: Estimate | float | int | Mapping[str, Any] | list[float] | tuple[float, ...]) -> Estimate:
        """An Estimate from a number, a (low, likely, high) triple or a mapping."""
        if isinstance(value, Estimate):
            return value
        if isinstance(value, bool):
            raise ScenarioError(f"expected a number, got {value!r}", code="not_a_number", value=value)
        if isinstance(value, (int, float)):
            return cls.certain(float(value))
        if isinstance(value, (list, tuple)) and len(value) == 3:
            return cls(float(value[0]), float(value[1]), float(value[2]))
        if isinstance(value, Mapping):
            unknown = set(value) - {"low", "likely", "high", "distribution"}
            if unknown:
                raise ScenarioError(f"unknown key(s) {sorted(unknown)}; use low, likely, high, distribution",
                                    code="estimate_keys", keys=sorted(unknown))
            try:
                return cls(float(value["low"]), float(value["likely"]), float(value["high"]),
                           value.get("distribution", "pert"))
            except KeyError as missing:
                raise ScenarioError(f"missing {missing.args[0]!r} (an estimate needs low, likely and high)",
                                    code="estimate_missing", key=missing.args[0]) from None
            except (TypeError, ValueError):
                raise ScenarioError(f"low, likely and high must be numbers, got {dict(value)}", code="not_a_number",
                                    value=dict(value)) from None
        raise ScenarioError(f"expected a number or low/likely/high, got {value!r}", code="not_a_number", value=value)

    @property
    def is_certain(self) -> bool:
        return self.low == self.high

    def frozen(self) -> Any:
        """The scipy distribution of this estimate."""
        if self.distribution == "triangular":
            return triangular(self.low, self.likely, self.high)
        return pert(self.low, self.likely, self.high)

    def to_json(self) -> float | dict[str, Any]:
        if self.is_certain and self.distribution == "pert":
            return self.likely
        data: dict[str, Any] = {"low": self.low, "likely": self.likely, "high": self.high}
        if self.distribution != "pert":
            data["distribution"] = self.distribution
        return data


def _est(value: Any = 0.0) -> Any:
    return field(default_factory=lambda: Estimate.of(value))


# ------------------------------------------------------------------------------------------ model


@dataclass(frozen=True)
class Baseline:
    """Today's business, the ground the initiatives stand on. Money in one currency per month.

    Attributes:
        active_customers: Customers paying today.
        monthly_churn: Share of customers lost per month (0..1).
        revenue_per_customer: Revenue per customer per month.
        tickets_per_month: Support contacts per month.
        cost_per_ticket: Cost of serving one contact.
        cost_per_minute: Cost of one agent minute.
        happy_share: Share of contacts that leave happy (0..1), e.g. CSAT.
        acquisition_cost: What a new customer costs to win; ``None``: a year of revenue is used as
            the value of a new customer.
        margin: Gross margin applied to revenue benefits (0..1; 1 counts revenue in full).
        value_per_answered_call: What a call answered instead of abandoned is worth (an order kept, a
            customer not lost), for call-centre initiatives.
        notes: Where each value came from (filled by ``baseline_from_data``), in English.
        note_codes: The same notes as codes an interface can word in its own language: input name →
            ``{"code": <a key of NOTE_CODES>, <its parameters>...}``.
    """

    active_customers: Estimate = _est(0.0)
    monthly_churn: Estimate = _est(0.0)
    revenue_per_customer: Estimate = _est(0.0)
    tickets_per_month: Estimate = _est(0.0)
    cost_per_ticket: Estimate = _est(0.0)
    cost_per_minute: Estimate = _est(0.0)
    happy_share: Estimate = _est(0.8)
    acquisition_cost: Estimate | None = None
    margin: Estimate = _est(1.0)
    value_per_answered_call: Estimate = _est(0.0)
    notes: dict[str, str] = field(default_factory=dict, compare=False)
    note_codes: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)


# Where a baseline or initiative value came from (``Baseline.note_codes``, ``Initiative.note_codes``): code → its
# parameters.
NOTE_CODES: dict[str, tuple[str, ...]] = {
    "customers_at_end": ("month",),  # customers active at the end of ``month`` (YYYY-MM)
    "churn_band": ("months",),  # P10/P50/P90 of the monthly churn rate over ``months`` months
    "mrr_band": (),  # P10/P50/P90 of MRR per active customer
    "orders_band": (),  # P10/P50/P90 of monthly order revenue per ordering customer
    "tickets_band": ("months",),  # P10/P50/P90 of tickets created per month
    "csat_band": ("source",),  # P10/P50/P90 of the monthly CSAT of ``source`` ("tickets" or "responses")
    "cost_per_ticket_band": (),  # P10/P50/P90 of the team's monthly cost ÷ tickets created
    "cost_per_minute": ("agents", "hours"),  # monthly cost ÷ (agents × hours × 60)
    "missing": (),  # not in the data: enter it by hand
    "missing_acquisition_cost": (),
    "missing_margin": (),
    # an initiative's running cost from a forecast's staffing plan (cxkit.forecast.plan_cost): full-time agents
    # the plan needs at the likely forecast and at the upper bound, those the team seen in the data makes, the
    # cost of one a month, the weeks forecast and the forecast's method
    "forecast_gap": ("fte_needed", "fte_upper", "fte_team", "agent_cost", "weeks", "method"),
    "recruiting_per_agent": ("low", "likely", "high"),  # one-off cost per agent hired (a guide's figure)
}


@dataclass(frozen=True)
class WordOfMouth:
    """The guides' word-of-mouth figures, editable: an unhappy customer tells about 10 people, a happy
    one about 3; ``conversion_rate`` of the people reached become (or stop being lost as) customers."""

    tell_unhappy: Estimate = _est(10.0)
    tell_happy: Estimate = _est(3.0)
    conversion_rate: Estimate = _est(0.01)


@dataclass(frozen=True)
class Initiative:
    """One improvement and what it may cost and bring, each as low / likely / high per month.

    Attributes:
        name: A short name ("Add WhatsApp", "Upsell training").
        one_off_cost: Paid once at the start.
        monthly_cost: Paid every month.
        churn_reduction: Fall of the monthly churn rate, as a fraction (0.005 = 0.5 points).
        upsell_revenue: Extra upsell / cross-sell revenue per month.
        save_the_sale_revenue: Revenue kept per month by save-the-sale discount codes (before the
            discount); ``save_the_sale_discount`` is the share given away (0..1).
        tickets_deflected: Contacts per month that no longer need an agent.
        handle_minutes_saved: Agent minutes saved per month.
        happy_shift: Share of monthly contacts moved from unhappy to happy (0..1).
        price_premium: Share of extra revenue loyal customers pay (0..1).
        abandoned_calls_saved: Calls per month answered instead of abandoned (shorter waits), each worth the
            baseline's ``value_per_answered_call``.
        other_benefit: Any other benefit per month.
        template: Which planner template made it ("hire_agent", "save_code", ...), for its labels; free text.
        note_codes: Where an input came from, as codes an interface words: input name → ``{"code": <a key of
            NOTE_CODES>, <its parameters>...}`` (e.g. the staffing gap of a forecast).
    """

    name: str
    one_off_cost: Estimate = _est(0.0)
    monthly_cost: Estimate = _est(0.0)
    churn_reduction: Estimate = _est(0.0)
    upsell_revenue: Estimate = _est(0.0)
    save_the_sale_revenue: Estimate = _est(0.0)
    save_the_sale_discount: Estimate = _est(0.0)
    tickets_deflected: Estimate = _est(0.0)
    handle_minutes_saved: Estimate = _est(0.0)
    happy_shift: Estimate = _est(0.0)
    price_premium: Estimate = _est(0.0)
    abandoned_calls_saved: Estimate = _est(0.0)
    other_benefit: Estimate = _est(0.0)
    template: str | None = None
    note_codes: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)


COST_INPUTS = ("one_off_cost", "monthly_cost", "save_the_sale_discount")
SHARE_INPUTS = ("save_the_sale_discount", "happy_shift", "price_premium")


@dataclass(frozen=True)
class Scenario:
    """A plan: the baseline, the initiatives, the horizon and the annual discount rate."""

    name: str
    baseline: Baseline
    initiatives: tuple[Initiative, ...]
    horizon_months: int = 12
    discount_rate: float = 0.10
    word_of_mouth: WordOfMouth = field(default_factory=WordOfMouth)
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "initiatives", tuple(self.initiatives))
        validate(self)

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        def pack(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for f in fields(obj):
                value = getattr(obj, f.name)
                if isinstance(value, Estimate):
                    out[f.name] = value.to_json()
                elif f.name in ("notes", "note_codes"):
                    if value:
                        out[f.name] = dict(value)
                elif value is not None:
                    out[f.name] = value
            return out

        return {
            "version": SCHEMA_VERSION,
            "name": self.name,
            "horizon_months": self.horizon_months,
            "discount_rate": self.discount_rate,
            "baseline": pack(self.baseline),
            "word_of_mouth": pack(self.word_of_mouth),
            "initiatives": [pack(i) for i in self.initiatives],
        } | ({"description": self.description} if self.description else {})

    def to_json(self, *, indent: int = 2) -> str:
        """The scenario as a small versioned JSON document."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        """Read a scenario written by ``to_json``.

        Raises:
            ScenarioError: Not JSON, another version, or an invalid input (named in the message).
        """
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"the scenario file is not valid JSON ({exc})", code="not_json",
                                detail=str(exc)) from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Scenario:
        if not isinstance(data, dict):
            raise ScenarioError("a scenario is a JSON object with name, baseline and initiatives", code="not_an_object")
        version = data.get("version")
        if version != SCHEMA_VERSION:
            raise ScenarioError(f"scenario version {version!r} is not supported (this cxkit reads version "
                                f"{SCHEMA_VERSION})", code="version", version=version, supported=SCHEMA_VERSION)
        unknown = set(data) - {"version", "name", "horizon_months", "discount_rate", "baseline", "initiatives",
                               "word_of_mouth", "description"}
        if unknown:
            raise ScenarioError(f"unknown scenario key(s): {sorted(unknown)}", code="unknown_keys",
                                keys=sorted(unknown))
        initiatives = data.get("initiatives")
        if not isinstance(initiatives, list) or not initiatives:
            raise ScenarioError("a scenario needs a non-empty list of initiatives", code="no_initiatives")
        try:
            horizon = data.get("horizon_months", 12)
            rate = data.get("discount_rate", 0.10)
            if not isinstance(horizon, int) or isinstance(horizon, bool):
                raise ScenarioError(f"horizon_months must be a whole number, got {horizon!r}", code="horizon",
                                    value=horizon)
            if not isinstance(rate, (int, float)) or isinstance(rate, bool):
                raise ScenarioError(f"discount_rate must be a number, got {rate!r}", code="discount_rate", value=rate)
            return cls(
                name=str(data.get("name", "Scenario")),
                baseline=_unpack(Baseline, data.get("baseline", {}), "baseline"),
                initiatives=tuple(_unpack(Initiative, item, f"initiatives[{i}]") for i, item in enumerate(initiatives)),
                horizon_months=horizon,
                discount_rate=float(rate),
                word_of_mouth=_unpack(WordOfMouth, data.get("word_of_mouth", {}), "word_of_mouth"),
                description=_text(data.get("description", ""), "description"),
            )
        except ScenarioError:
            raise
        except (TypeError, ValueError) as exc:
            raise ScenarioError(f"invalid scenario: {exc}", code="invalid", detail=str(exc)) from None


def _text(value: Any, path: str, limit: int = 2000) -> str:
    if not isinstance(value, str):
        raise ScenarioError(f"{path} must be a text, got {value!r}", code="not_text", name=path, value=value)
    if len(value) > limit:
        raise ScenarioError(f"{path} is longer than {limit} characters", code="too_long", name=path, limit=limit)
    return value


def _unpack(kind: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise ScenarioError(f"{path} must be an object", code="not_an_object", name=path)
    known = {f.name: f for f in fields(kind)}
    unknown = set(data) - set(known)
    if unknown:
        raise ScenarioError(f"{path}: unknown input(s) {sorted(unknown)}; known: {sorted(known)}",
                            code="unknown_inputs", name=path, keys=sorted(unknown), known=sorted(known))
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "template" and kind is Initiative:
            values[key] = _text(value, f"{path}.template", 40)
        elif key in ("name",):
            if not isinstance(value, str) or not value.strip():
                raise ScenarioError(f"{path}.name must be a non-empty text", code="no_name", name=f"{path}.name")
            values[key] = value
        elif key == "notes":
            values[key] = {str(k): str(v) for k, v in dict(value).items()}
        elif key == "note_codes":
            if not isinstance(value, dict) or not all(isinstance(v, dict) and isinstance(v.get("code"), str)
                                                      for v in value.values()):
                raise ScenarioError(f"{path}.note_codes must map inputs to {{'code': ...}}", code="not_an_object",
                                    name=f"{path}.note_codes")
            values[key] = {str(k): dict(v) for k, v in value.items()}
        elif value is None and key == "acquisition_cost":
            values[key] = None
        else:
            try:
                values[key] = Estimate.of(value)
            except ScenarioError as exc:
                raise ScenarioError(f"{path}.{key}: {exc}", code=exc.code,
                                    **(exc.params | {"name": f"{path}.{key}"})) from None
    if kind is Initiative and "name" not in values:
        raise ScenarioError(f"{path} needs a name", code="no_name", name=f"{path}.name")
    return kind(**values)


# ----------------------------------------------------------------------------------- validation


def _all_inputs(scenario: Scenario) -> Iterator[tuple[str, Estimate]]:
    for f in fields(scenario.baseline):
        value = getattr(scenario.baseline, f.name)
        if isinstance(value, Estimate):
            yield f"baseline.{f.name}", value
    for f in fields(scenario.word_of_mouth):
        yield f"word_of_mouth.{f.name}", getattr(scenario.word_of_mouth, f.name)
    for initiative in scenario.initiatives:
        for f in fields(initiative):
            value = getattr(initiative, f.name)
            if isinstance(value, Estimate):
                yield f"{initiative.name}.{f.name}", value


def validate(scenario: Scenario) -> None:
    """Check every input; raise ``ScenarioError`` naming the first bad one."""
    if not isinstance(scenario.horizon_months, int) or scenario.horizon_months < 1:
        raise ScenarioError(f"horizon_months must be a whole number of months ≥ 1, got {scenario.horizon_months!r}",
                            code="horizon", value=scenario.horizon_months)
    if scenario.horizon_months > 600:
        raise ScenarioError(f"horizon_months must be at most 600 (50 years), got {scenario.horizon_months}",
                            code="horizon_too_long", value=scenario.horizon_months, limit=600)
    if not (isinstance(scenario.discount_rate, (int, float)) and math.isfinite(scenario.discount_rate)
            and 0 <= scenario.discount_rate < 1):
        raise ScenarioError(f"discount_rate must be a yearly fraction between 0 and 1, got {scenario.discount_rate!r}",
                            code="discount_rate", value=scenario.discount_rate)
    if not scenario.initiatives:
        raise ScenarioError("a scenario needs at least one initiative", code="no_initiatives")
    names = [i.name for i in scenario.initiatives]
    if len(set(names)) != len(names):
        raise ScenarioError(f"initiative names must be unique, got {names}", code="names_unique", names=names)
    for name, estimate in _all_inputs(scenario):
        if not isinstance(estimate, Estimate):
            raise ScenarioError(f"{name}: expected an Estimate, got {estimate!r}", code="not_a_number", name=name,
                                value=estimate)
        _check_order(name, estimate.low, estimate.likely, estimate.high)
        if estimate.distribution not in ("pert", "triangular"):
            raise ScenarioError(f"{name}: distribution must be 'pert' or 'triangular', got {estimate.distribution!r}",
                                code="distribution", name=name, value=estimate.distribution)
        field_name = name.rsplit(".", 1)[1]
        if estimate.low < 0 and field_name != "other_benefit":
            raise ScenarioError(f"{name} cannot be negative (got {estimate.low})", code="negative", name=name,
                                value=estimate.low)
        if field_name in (*SHARE_INPUTS, "monthly_churn", "happy_share", "margin", "conversion_rate") \
                and estimate.high > 1:
            raise ScenarioError(f"{name} is a share between 0 and 1 (got {estimate.high}); write 5% as 0.05",
                                code="share", name=name, value=estimate.high)
    churn = scenario.baseline.monthly_churn
    for initiative in scenario.initiatives:
        if initiative.churn_reduction.high > churn.low:
            raise ScenarioError(
                f"{initiative.name}.churn_reduction ({initiative.churn_reduction.high}) is larger than the monthly "
                f"churn it would reduce ({churn.low}); churn cannot go below zero",
                code="churn_below_zero", name=f"{initiative.name}.churn_reduction",
                value=initiative.churn_reduction.high, churn=churn.low)
        if initiative.happy_shift.high > 1 - scenario.baseline.happy_share.low + 1e-12:
            raise ScenarioError(
                f"{initiative.name}.happy_shift ({initiative.happy_shift.high}) is larger than the share of unhappy "
                f"contacts ({1 - scenario.baseline.happy_share.low:.3f})",
                code="happy_shift", name=f"{initiative.name}.happy_shift", value=initiative.happy_shift.high,
                unhappy=1 - scenario.baseline.happy_share.low)


def inputs(scenario: Scenario) -> pl.DataFrame:
    """Every input of the scenario: ``input, low, likely, high, distribution, kind`` (benefit, cost,
    baseline or assumption), for the UI's editable table and the tornado."""
    rows = []
    for name, estimate in _all_inputs(scenario):
        owner, field_name = name.rsplit(".", 1)
        kind = ("baseline" if owner == "baseline" else "assumption" if owner == "word_of_mouth"
                else "cost" if field_name in COST_INPUTS else "benefit")
        rows.append({"input": name, "low": estimate.low, "likely": estimate.likely, "high": estimate.high,
                     "distribution": estimate.distribution, "kind": kind})
    return pl.DataFrame(rows)


# ------------------------------------------------------------------------------------- the model


Values = dict[str, np.ndarray]


def _case_value(name: str, estimate: Estimate, case: str) -> float:
    if case == "likely":
        return estimate.likely
    owner, field_name = name.rsplit(".", 1)
    if owner in ("baseline", "word_of_mouth"):
        return estimate.likely
    worse_is_higher = field_name in COST_INPUTS
    if case == "worst":
        return estimate.high if worse_is_higher else estimate.low
    return estimate.low if worse_is_higher else estimate.high


def _values_for_case(scenario: Scenario, case: str) -> Values:
    return {name: np.array([_case_value(name, est, case)]) for name, est in _all_inputs(scenario)}


@dataclass
class _Flows:
    """Monthly flows of one initiative (or of the plan): retention varies by month, the rest is flat."""

    retention: np.ndarray | None  # (H, n) retention benefit per month, or None
    constant: np.ndarray  # (n,) other benefits per month
    monthly_cost: np.ndarray  # (n,)
    one_off: np.ndarray  # (n,)
    parts: dict[str, np.ndarray]  # benefit kind -> (n,) totals over the horizon

    def __add__(self, other: _Flows) -> _Flows:
        if self.retention is None:
            retention = other.retention
        elif other.retention is None:
            retention = self.retention
        else:
            retention = self.retention + other.retention
        zero = np.zeros_like(self.constant)
        parts = {k: self.parts.get(k, zero) + other.parts.get(k, zero) for k in {*self.parts, *other.parts}}
        return _Flows(retention, self.constant + other.constant, self.monthly_cost + other.monthly_cost,
                      self.one_off + other.one_off, parts)


def _flows(scenario: Scenario, values: Values, initiative: Initiative) -> _Flows:
    h = scenario.horizon_months

    def v(name: str) -> np.ndarray:
        return values[f"{initiative.name}.{name}"]

    def b(name: str) -> np.ndarray:
        return values[f"baseline.{name}"]

    margin = b("margin")
    churn, reduction = b("monthly_churn"), v("churn_reduction")
    customers, arpu = b("active_customers"), b("revenue_per_customer")
    retention = None
    if np.any(reduction > 0):
        # kept customers in month m: N·[(1 − c + r)^m − (1 − c)^m]; months run down the rows (H, n)
        retention = np.empty((h, len(margin)))
        with_plan, without = np.ones_like(margin), np.ones_like(margin)
        value = customers * arpu * margin
        for m in range(h):
            with_plan = with_plan * (1 - churn + reduction)
            without = without * (1 - churn)
            retention[m] = (with_plan - without) * value
    acquisition = values.get("baseline.acquisition_cost")
    new_customer_value = acquisition if acquisition is not None else 12 * arpu * margin
    shifted = v("happy_shift") * b("tickets_per_month")
    mentions = shifted * (values["word_of_mouth.tell_unhappy"] + values["word_of_mouth.tell_happy"])
    monthly_parts = {
        "upsell": v("upsell_revenue") * margin,
        "save_the_sale": v("save_the_sale_revenue") * (1 - v("save_the_sale_discount")) * margin,
        "cost_to_serve": v("tickets_deflected") * b("cost_per_ticket")
        + v("handle_minutes_saved") * b("cost_per_minute"),
        "word_of_mouth": mentions * values["word_of_mouth.conversion_rate"] * new_customer_value,
        "price_premium": v("price_premium") * customers * arpu * margin,
        "calls": v("abandoned_calls_saved") * b("value_per_answered_call"),
        "other": v("other_benefit"),
    }
    constant = np.asarray(sum(monthly_parts.values()), dtype=float)
    zeros = np.zeros_like(margin)
    parts = {"retention": retention.sum(axis=0) if retention is not None else zeros,
             **{k: p * h for k, p in monthly_parts.items()}}
    return _Flows(retention, constant, v("monthly_cost"), v("one_off_cost"), parts)


def _summarise(scenario: Scenario, flows: _Flows) -> dict[str, np.ndarray]:
    h = scenario.horizon_months
    monthly_rate = (1 + scenario.discount_rate) ** (1 / 12) - 1
    discount = (1 + monthly_rate) ** -np.arange(1, h + 1, dtype=float)
    flat_net = flows.constant - flows.monthly_cost  # (n,) net of the flat flows each month
    retained_total = flows.retention.sum(axis=0) if flows.retention is not None else 0.0
    total_benefits = retained_total + flows.constant * h
    total_costs = flows.one_off + flows.monthly_cost * h
    net = total_benefits - total_costs
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        roi = np.where(total_costs > 0, net / total_costs, np.nan)
    npv = flat_net * discount.sum() - flows.one_off
    if flows.retention is not None:
        npv = npv + discount @ flows.retention
        payback = np.full_like(flat_net, np.nan)
        cumulative = -flows.one_off.astype(float)
        for m in range(h):  # month by month: no (H, n) temporary
            cumulative = cumulative + flows.retention[m] + flat_net
            payback[np.isnan(payback) & (cumulative >= -1e-9)] = m + 1
    else:  # flat flows: the first month m with m·flat_net ≥ one-off
        with np.errstate(divide="ignore", invalid="ignore"):
            months = np.ceil(np.where(flat_net > 0, (flows.one_off - 1e-9) / flat_net, np.inf))
        months = np.maximum(months, 1.0)
        payback = np.where((months <= h) & ((flat_net > 0) | (flows.one_off <= 1e-9) & (flat_net >= 0)), months, np.nan)
    return {"benefits": total_benefits, "costs": total_costs, "net_gain": net, "roi": roi, "npv": npv,
            "payback_month": payback}


def _run(scenario: Scenario, values: Values) -> dict[str, dict[str, np.ndarray]]:
    """Summaries per initiative and for the whole plan (key ``"Total"``)."""
    results: dict[str, dict[str, np.ndarray]] = {}
    total: _Flows | None = None
    for initiative in scenario.initiatives:
        flows = _flows(scenario, values, initiative)
        summary = _summarise(scenario, flows)
        summary.update({f"benefit_{k}": p for k, p in flows.parts.items()})
        results[initiative.name] = summary
        total = flows if total is None else total + flows
    assert total is not None
    summary = _summarise(scenario, total)
    summary.update({f"benefit_{k}": np.asarray(p, dtype=float) for k, p in total.parts.items()})
    results[TOTAL] = summary
    return results


TOTAL = "Total"
_SUMMARY_COLUMNS = ("benefits", "costs", "net_gain", "roi", "payback_month", "npv")


def cash_flow(scenario: Scenario) -> pl.DataFrame:
    """The plan's cumulative cash flow month by month in the worst, likely and best case.

    ``month`` 0..H (month 0: the one-off costs), ``case``, ``net`` (that month's benefits − costs, €,
    undiscounted) and ``cumulative`` (running sum, €). The payback month is the first month with
    cumulative ≥ 0 (as in ``evaluate``).
    """
    rows: list[dict[str, Any]] = []
    h = scenario.horizon_months
    for case in CASES:
        values = _values_for_case(scenario, case)
        total: _Flows | None = None
        for initiative in scenario.initiatives:
            flows = _flows(scenario, values, initiative)
            total = flows if total is None else total + flows
        assert total is not None
        cumulative = -float(total.one_off[0])
        rows.append({"month": 0, "case": case, "net": cumulative, "cumulative": cumulative})
        for m in range(h):
            kept = float(total.retention[m][0]) if total.retention is not None else 0.0
            net = kept + float(total.constant[0]) - float(total.monthly_cost[0])
            cumulative += net
            rows.append({"month": m + 1, "case": case, "net": net, "cumulative": cumulative})
    return pl.DataFrame(rows, schema={"month": pl.Int64, "case": pl.String, "net": pl.Float64,
                                      "cumulative": pl.Float64})


def evaluate(scenario: Scenario) -> pl.DataFrame:
    """The three deterministic cases per initiative and for the whole plan.

    ``worst``: every benefit at its low value and every cost at its high value; ``best``: the
    reverse; ``likely``: every input at its likely value (baseline inputs always at likely).

    Returns:
        ``initiative, case, benefits, costs, net_gain, roi, payback_month, npv`` and the benefit
        breakdown ``benefit_retention, benefit_upsell, benefit_save_the_sale, benefit_cost_to_serve,
        benefit_word_of_mouth, benefit_price_premium, benefit_calls, benefit_other``; the plan's row is "Total".
    """
    rows = []
    for case in CASES:
        results = _run(scenario, _values_for_case(scenario, case))
        for name, summary in results.items():
            row: dict[str, Any] = {"initiative": name, "case": case}
            for key, array in summary.items():
                value = float(array[0])
                row[key] = None if math.isnan(value) else value
            rows.append(row)
    frame = pl.DataFrame(rows).with_columns(pl.col("payback_month").cast(pl.Int64))
    order = {name: i for i, name in enumerate([*(i.name for i in scenario.initiatives), TOTAL])}
    return frame.sort(pl.col("initiative").replace_strict(order, return_dtype=pl.Int64),
                      pl.col("case").replace_strict({c: i for i, c in enumerate(CASES)}, return_dtype=pl.Int64))


# ------------------------------------------------------------------------------------ simulation


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo results.

    Attributes:
        draws: One row per draw: ``net_gain, roi, benefits, costs, npv`` of the whole plan and
            ``net_gain_<initiative>`` per initiative.
        summary: Per initiative and for the plan: ``mean, p5, p50, p95`` of ``roi`` and
            ``net_gain``, ``mean_npv`` and ``probability_of_loss`` (share of draws with net gain < 0).
    """

    draws: pl.DataFrame
    summary: pl.DataFrame

    def of(self, initiative: str = TOTAL) -> dict[str, Any]:
        """The summary row of one initiative (or of the plan)."""
        return self.summary.filter(pl.col("initiative") == initiative).row(0, named=True)


def _sample(estimate: Estimate, n: int, rng: np.random.Generator, lam: float = 4.0) -> np.ndarray:
    """``n`` draws with numpy's samplers (the same distributions as ``pert``/``triangular``, faster than
    scipy's inverse CDF)."""
    a, m, b = estimate.low, estimate.likely, estimate.high
    if estimate.is_certain:
        return np.full(n, m)
    if estimate.distribution == "triangular":
        return rng.triangular(a, m, b, n)
    alpha = 1 + lam * (m - a) / (b - a)
    beta = 1 + lam * (b - m) / (b - a)
    return a + (b - a) * rng.beta(alpha, beta, n)


def _draw(scenario: Scenario, n: int, rng: np.random.Generator) -> Values:
    return {name: _sample(estimate, n, rng) for name, estimate in _all_inputs(scenario)}


def simulate(scenario: Scenario, n: int = 100_000, seed: int = 0) -> Simulation:
    """Draw every uncertain input from its distribution (independently) and compute the plan ``n``
    times, all initiatives at once, vectorised.

    Raises:
        ScenarioError: ``n`` below 100.
    """
    if n < 100:
        raise ScenarioError(f"n must be at least 100 draws, got {n}", code="draws", value=n, minimum=100)
    rng = np.random.default_rng(seed)
    results = _run(scenario, _draw(scenario, n, rng))
    total = results[TOTAL]
    draws = pl.DataFrame({key: total[key] for key in ("net_gain", "roi", "benefits", "costs", "npv")}).with_columns(
        pl.col("roi").fill_nan(None))
    draws = draws.with_columns(
        pl.Series(f"net_gain_{i.name}", results[i.name]["net_gain"]) for i in scenario.initiatives)
    rows = []
    for name, summary in results.items():
        roi = summary["roi"][np.isfinite(summary["roi"])]
        net = summary["net_gain"]
        rows.append({
            "initiative": name,
            "mean_roi": float(roi.mean()) if roi.size else None,
            "p5_roi": float(np.percentile(roi, 5)) if roi.size else None,
            "p50_roi": float(np.percentile(roi, 50)) if roi.size else None,
            "p95_roi": float(np.percentile(roi, 95)) if roi.size else None,
            "mean_net_gain": float(net.mean()),
            "p5_net_gain": float(np.percentile(net, 5)),
            "p50_net_gain": float(np.percentile(net, 50)),
            "p95_net_gain": float(np.percentile(net, 95)),
            "mean_npv": float(summary["npv"].mean()),
            "mean_costs": float(summary["costs"].mean()),
            "probability_of_loss": float((net < 0).mean()),
        })
    return Simulation(draws=draws, summary=pl.DataFrame(rows))


# --------------------------------------------------------------------------- tornado, break-even


def _with(scenario: Scenario, name: str, value: float) -> Values:
    values = _values_for_case(scenario, "likely")
    values[name] = np.array([value])
    return values


def tornado(scenario: Scenario) -> pl.DataFrame:
    """Swing each uncertain input from low to high with every other input at its likely value.

    Returns:
        ``input, low, high, net_gain_at_low, net_gain_at_high, swing`` (|difference|, ≥ 0), ranked
        by swing, largest first: what the decision really depends on.
    """
    rows = []
    for name, estimate in _all_inputs(scenario):
        if estimate.is_certain:
            continue
        at_low = float(_run(scenario, _with(scenario, name, estimate.low))[TOTAL]["net_gain"][0])
        at_high = float(_run(scenario, _with(scenario, name, estimate.high))[TOTAL]["net_gain"][0])
        rows.append({"input": name, "low": estimate.low, "high": estimate.high, "net_gain_at_low": at_low,
                     "net_gain_at_high": at_high, "swing": abs(at_high - at_low)})
    schema = {"input": pl.String, "low": pl.Float64, "high": pl.Float64, "net_gain_at_low": pl.Float64,
              "net_gain_at_high": pl.Float64, "swing": pl.Float64}
    return pl.DataFrame(rows, schema=schema).sort("swing", descending=True)


def break_even(scenario: Scenario, input_name: str) -> float | None:
    """The value of ``input_name`` at which the plan's net gain is 0, others at their likely values.

    Searches outward from the input's low–high range (never below 0 for inputs that cannot be
    negative). ``None`` when net gain does not cross 0 (for example, when the plan gains at any
    value of the input).

    Raises:
        ScenarioError: An unknown input name (the message lists the known ones).
    """
    known = dict(_all_inputs(scenario))
    if input_name not in known:
        raise ScenarioError(f"unknown input {input_name!r}; known inputs: {', '.join(known)}", code="unknown_input",
                            name=input_name, known=list(known))
    estimate = known[input_name]

    def net(x: float) -> float:
        return float(_run(scenario, _with(scenario, input_name, x))[TOTAL]["net_gain"][0])

    field_name = input_name.rsplit(".", 1)[1]
    floor = -math.inf if field_name == "other_benefit" else 0.0
    ceiling = 1.0 if field_name in (*SHARE_INPUTS, "monthly_churn", "happy_share", "margin", "conversion_rate") \
        else math.inf
    if field_name == "churn_reduction":
        ceiling = scenario.baseline.monthly_churn.likely
    span = max(abs(estimate.high - estimate.low), abs(estimate.likely), 1.0)
    low, high = max(floor, estimate.low), min(ceiling, estimate.high)
    for _ in range(60):
        f_low, f_high = net(low), net(high)
        if f_low == 0:
            return low
        if f_high == 0:
            return high
        if np.sign(f_low) != np.sign(f_high):
            return float(optimize.brentq(net, low, high, xtol=1e-9 * max(1.0, span)))
        if low <= floor and high >= ceiling:
            return None
        low, high = max(floor, low - span), min(ceiling, high + span)
        span *= 2
    return None


# ---------------------------------------------------------------------------------- prioritising


def prioritise(scenario: Scenario, budget: float | None = None, *, n: int = 20_000, seed: int = 0) -> pl.DataFrame:
    """Which improvement gets the money first.

    Each initiative is simulated on its own; ranked by expected net gain per unit of expected cost,
    with its probability of losing money beside it. With a ``budget`` (total expected cost over the
    horizon), the set of initiatives with the largest expected net gain that fits is marked
    ``selected`` (exhaustive search; initiatives with an expected loss are never selected).

    Returns:
        ``rank, initiative, expected_net_gain, expected_cost, net_gain_per_cost, probability_of_loss,
        p5_net_gain, selected``.

    Raises:
        ScenarioError: A negative budget, or more than 20 initiatives with a budget.
    """
    simulation = simulate(scenario, n=n, seed=seed)
    rows = []
    for initiative in scenario.initiatives:
        s = simulation.of(initiative.name)
        cost = s["mean_costs"]
        rows.append({
            "initiative": initiative.name,
            "expected_net_gain": s["mean_net_gain"],
            "expected_cost": cost,
            "net_gain_per_cost": s["mean_net_gain"] / cost if cost > 0 else None,
            "probability_of_loss": s["probability_of_loss"],
            "p5_net_gain": s["p5_net_gain"],
        })
    frame = pl.DataFrame(rows).sort(
        [pl.col("net_gain_per_cost").is_null(), "net_gain_per_cost", "expected_net_gain"],
        descending=[False, True, True], nulls_last=True)
    selected = [False] * frame.height
    if budget is not None:
        if budget < 0 or not math.isfinite(budget):
            raise ScenarioError(f"budget must be a positive amount, got {budget}", code="budget", value=budget)
        if frame.height > 20:
            raise ScenarioError("choosing within a budget is limited to 20 initiatives", code="budget_too_many",
                                limit=20)
        costs, gains = frame["expected_cost"].to_list(), frame["expected_net_gain"].to_list()
        best: tuple[float, tuple[int, ...]] = (0.0, ())
        for size in range(1, frame.height + 1):
            for combo in itertools.combinations(range(frame.height), size):
                if any(gains[i] <= 0 for i in combo) or sum(costs[i] for i in combo) > budget + 1e-9:
                    continue
                gain = sum(gains[i] for i in combo)
                if gain > best[0]:
                    best = (gain, combo)
        selected = [i in best[1] for i in range(frame.height)]
    return frame.with_columns(pl.Series("selected", selected), pl.int_range(1, frame.height + 1).alias("rank")).select(
        "rank", "initiative", "expected_net_gain", "expected_cost", "net_gain_per_cost", "probability_of_loss",
        "p5_net_gain", "selected")


# -------------------------------------------------------------------------------------- examples


LANGUAGES = ("en", "es", "pt")


def _example_files() -> dict[str, dict[str, Any]]:
    """The example scenarios as stored: JSON with a ``translations`` block (language → name, description and
    initiative names in the initiatives' order)."""
    found: dict[str, dict[str, Any]] = {}
    folder = resources.files("cxkit") / "scenarios"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            found[Path(entry.name).stem] = json.loads(entry.read_text(encoding="utf-8"))
    return found


def _texts(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """An example's name, description and initiative names in ``lang`` (English: the file's own)."""
    own = {"name": data["name"], "description": data.get("description", ""),
           "initiatives": [i["name"] for i in data["initiatives"]]}
    return own | data.get("translations", {}).get(lang, {}) if lang != "en" else own


def examples(lang: str = "en") -> dict[str, Scenario]:
    """Ready-made scenarios shipped with cxkit (JSON files in ``cxkit/scenarios``), their name, description and
    initiative names in ``lang`` (``"en"``, ``"es"`` or ``"pt"``; the numbers are the same).

    Raises:
        ScenarioError: An unknown language.
    """
    if lang not in LANGUAGES:
        raise ScenarioError(f"unknown language {lang!r}; use one of {LANGUAGES}", code="language", value=lang)
    found: dict[str, Scenario] = {}
    for key, data in _example_files().items():
        texts = _texts(data, lang)
        data = {k: v for k, v in data.items() if k != "translations"}
        data["name"], data["description"] = texts["name"], texts["description"]
        data["initiatives"] = [i | {"name": n} for i, n in zip(data["initiatives"], texts["initiatives"], strict=True)]
        found[key] = Scenario.from_dict(data)
    return found


def in_language(scenario: Scenario, lang: str) -> Scenario:
    """The scenario with the texts it shares with a shipped example (plan name, description, initiative names)
    in ``lang``; texts of the user's own are kept. The numbers are untouched."""
    if lang not in LANGUAGES:
        return scenario
    swap: dict[str, str] = {}
    for data in _example_files().values():
        target = _texts(data, lang)
        for other in LANGUAGES:
            source = _texts(data, other)
            swap |= {source["name"]: target["name"]}
            if source["description"]:
                swap |= {source["description"]: target["description"]}
            swap |= dict(zip(source["initiatives"], target["initiatives"], strict=True))
    initiatives = tuple(replace(i, name=swap.get(i.name, i.name)) for i in scenario.initiatives)
    try:  # (validated again: two initiatives could end up with the same name)
        return replace(scenario, name=swap.get(scenario.name, scenario.name), initiatives=initiatives,
                       description=swap.get(scenario.description, scenario.description))
    except ScenarioError:
        return scenario


def with_baseline(scenario: Scenario, baseline: Baseline) -> Scenario:
    """The same scenario on another baseline (e.g. one taken from the user's data)."""
    return replace(scenario, baseline=baseline)



from cxkit.roi_data import (  # noqa: E402
    baseline_from_data,
    current_moment,
    expected_remaining_months,
    monthly_service_roi,
    revenue_per_active_customer,
)

__all__ += ["baseline_from_data", "current_moment", "expected_remaining_months", "monthly_service_roi",
            "revenue_per_active_customer", "with_baseline"]
