"""cxkit.roi's codes in the user's language: scenario errors (``ScenarioError.code`` and ``params``) and where the
baseline values came from (``Baseline.note_codes``). cxkit words its messages in English for programs; the planner
words them here, from the codes, in English or Spanish."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from babel.numbers import get_decimal_symbol

from cxkit import roi
from ui import scenario_table
from ui.i18n import N_, NP_, _, babel_locale, fmt_number, lang
from ui.thin import fmt_period

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")

# code → (English, Spanish); ``{name}`` is not in the texts: the place of the input goes before them.
ERRORS: dict[str, str] = {
    "not_finite": N_("worst, likely and best must be numbers"),
    "order": N_("low, likely and high must be in order (low ≤ likely ≤ high); got {low} / {likely} / {high}"),
    "not_a_number": N_("expected a number, or low, likely and high values"),
    "estimate_keys": N_("unknown key(s) {keys}; an estimate has low, likely, high and distribution"),
    "estimate_missing": N_("{key} is missing (an estimate needs low, likely and high)"),
    "distribution": N_("the distribution must be pert or triangular"),
    "negative": N_("a value cannot be negative (got {value})"),
    "share": N_("a percentage must be between 0 % and 100 %"),
    "churn_below_zero": N_("the fall in churn is larger than the churn it would reduce: churn cannot go below zero"),
    "happy_shift": N_("more contacts would move to happy than there are unhappy ones"),
    "names_unique": N_("two initiatives cannot have the same name"),
    "no_name": N_("a name is needed"),
    "no_initiatives": N_("a plan needs at least one initiative"),
    "horizon": N_("the horizon must be a whole number of months, at least 1"),
    "horizon_too_long": N_("the horizon can be at most {limit} months"),
    "discount_rate": N_("the discount rate must be a yearly fraction between 0 and 1"),
    "not_json": N_("the file is not valid JSON"),
    "not_an_object": N_("the file is not a scenario (a JSON object with a name, a baseline and initiatives)"),
    "version": N_("scenario version {version} is not supported (this app reads version {supported})"),
    "unknown_keys": N_("the file has parts a scenario does not have: {keys}"),
    "unknown_inputs": N_("unknown input(s) {keys}"),
    "not_text": N_("must be a text"),
    "too_long": N_("is longer than {limit} characters"),
    "invalid": N_("the file holds a value of the wrong kind"),
    "missing_values": N_("fill in low, likely and high"),
    "draws": N_("at least {minimum} simulations are needed"),
    "unknown_input": N_("this input is not in the plan"),
    "budget": N_("the budget must be a positive amount"),
    "budget_too_many": N_("choosing within a budget works with up to {limit} initiatives"),
    "language": N_("no texts in this language"),
}
# A part of the file (``name`` given) that is not a JSON object: its own wording.
_NOT_AN_OBJECT_PART = N_("must be a JSON object")

# note code → (English, Spanish)
NOTES: dict[str, str] = {
    "customers_at_end": N_("customers active at the end of {month}"),
    "churn_band": N_("P10 / P50 / P90 of the monthly churn rate over {months} months"),
    "mrr_band": N_("P10 / P50 / P90 of MRR per active customer"),
    "orders_band": N_("P10 / P50 / P90 of monthly order revenue per ordering customer"),
    "tickets_band": N_("P10 / P50 / P90 of tickets created per month over {months} months"),
    "csat_band": N_("P10 / P50 / P90 of the monthly CSAT of {source}"),
    "cost_per_ticket_band": N_("P10 / P50 / P90 of the team's monthly cost ÷ tickets created"),
    "cost_per_minute": N_("monthly cost ÷ ({agents} agents × {hours} h × 60 min)"),
    "missing": N_("not in the data: enter it by hand"),
    "missing_acquisition_cost": N_("not in the data: enter what a new customer costs to win"),
    "missing_margin": N_("not in the data: 1 counts revenue in full; enter your gross margin"),
    "forecast_gap": N_("the forecast's staffing plan for {weeks} weeks needs {fte_needed} full-time agents ({fte_upper} "
                       "at its upper bound); the data shows {fte_team} at work; each agent costs {agent_cost} € a month"),
    "recruiting_per_agent": N_("selection and ramp-up, {low} / {likely} / {high} per agent hired (a guide's figure)"),
}
_SOURCES = {"tickets": NP_("data source", "tickets"), "responses": NP_("data source", "survey answers")}

# Inputs and parts of a scenario that are not on a card: (English, Spanish).
_OTHER_FIELDS: dict[str, str] = {
    "value_per_answered_call": N_("Value of an answered call"),
    "name": N_("Name"), "template": N_("Template"), "description": N_("Description"),
    "notes": N_("Notes"), "note_codes": N_("Notes"),
    "horizon_months": N_("Horizon"), "discount_rate": N_("Discount rate"),
    "baseline": N_("Your business today"), "word_of_mouth": N_("Word of mouth"),
    "initiatives": N_("Initiatives"),
}
_OWNERS = {"baseline": N_("Today"), "word_of_mouth": N_("Word of mouth")}
_FIELDS = {f[0]: f[1] for f in [*scenario_table.BASELINE_FIELDS, *scenario_table.WORD_OF_MOUTH_FIELDS,
                                          *scenario_table.GENERIC_FIELDS]}
_INDEXED = re.compile(r"^initiatives\[(\d+)\]$")


def number(value: object) -> str:
    """A number as the user writes it (up to 4 decimals, no trailing zeros); other values as they are."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = fmt_number(value, 4)
    decimal = get_decimal_symbol(babel_locale())
    return text.rstrip("0").rstrip(decimal) if decimal in text else text


# How a language quotes a value the user typed (English: 'x'; Spanish: «x»; Portuguese: “x”).
_QUOTES = {"es": ("«", "»"), "pt": ("“", "”")}


def _quoted(values: object) -> str:
    items = values if isinstance(values, (list, tuple)) else [values]
    open_, close = _QUOTES.get(lang(), ("'", "'"))
    return ", ".join(f"{open_}{item}{close}" for item in items)


def place(name: str) -> str:
    """An input's place in words: ``baseline.monthly_churn`` → "Today: Monthly churn";
    ``initiatives[0].monthly_cost`` → "Initiative 1: Running cost"; an initiative's own name is kept."""
    owner, _dot, field = name.rpartition(".")
    if not owner:
        owner, field = field, ""
    indexed = _INDEXED.match(owner)
    if indexed:
        owner_text = _("Initiative {n}", n=int(indexed.group(1)) + 1)
    elif owner in _OWNERS:
        owner_text = _(_OWNERS[owner])
    elif owner in _OTHER_FIELDS and not field:
        return _(_OTHER_FIELDS[owner])
    else:
        owner_text = owner  # an initiative's name, or the distribution's ("pert")
    if not field:
        return owner_text
    words = _FIELDS.get(field) or _OTHER_FIELDS.get(field)
    return f"{owner_text}: {_(words) if words else _quoted(field)}"


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """A scenario error in the user's language, from its code and parameters (plain text, not escaped)."""
    params = dict(params or {})
    name = params.get("name")
    msgid = _NOT_AN_OBJECT_PART if code == "not_an_object" and name else ERRORS.get(code, ERRORS["invalid"])
    values = {k: _quoted(v) if k in ("keys", "key") else number(v) for k, v in params.items() if k != "name"}
    try:
        text = _(msgid, **values)
    except (KeyError, IndexError, ValueError):
        text = _(ERRORS["invalid"])
    return f"{place(str(name))}: {text}" if name else text


def explain(error: BaseException) -> str:
    """Any error met reading or editing a scenario, in the user's language (plain text, not escaped)."""
    if isinstance(error, roi.ScenarioError):
        return message(error.code, error.params)
    return message("invalid")


def note(code: Mapping[str, Any] | None) -> str | None:
    """Where a value came from, from ``Baseline.note_codes[input]`` or ``Initiative.note_codes[input]``; None for
    an unknown code."""
    if not code or code.get("code") not in NOTES:
        return None
    params = {k: v for k, v in code.items() if k != "code"}
    if "source" in params:
        params["source"] = _(_SOURCES.get(str(params["source"]), str(params["source"])))
    params = {k: number(round(v, 1) if k.startswith("fte") else v) if isinstance(v, (int, float))
              and not isinstance(v, bool) else "—" if v is None else v for k, v in params.items()}
    if isinstance(params.get("month"), str) and _MONTH.fullmatch(params["month"]):  # cxkit's YYYY-MM
        params["month"] = fmt_period(dt.date.fromisoformat(params["month"] + "-01"))
    try:
        return _(NOTES[str(code["code"])], **params) if params else _(NOTES[str(code["code"])])
    except (KeyError, IndexError, ValueError):
        return None
