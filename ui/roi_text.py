"""cxkit.roi's codes in the user's language: scenario errors (``ScenarioError.code`` and ``params``) and where the
baseline values came from (``Baseline.note_codes``). cxkit words its messages in English for programs; the planner
words them here, from the codes, in English or Spanish."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cxkit import roi
from ui import scenario_table
from ui.i18n import L, fmt_number, lang

# code → (English, Spanish); ``{name}`` is not in the texts: the place of the input goes before them.
ERRORS: dict[str, tuple[str, str]] = {
    "not_finite": ("worst, likely and best must be numbers", "peor, probable y mejor deben ser números"),
    "order": ("low, likely and high must be in order (low ≤ likely ≤ high); got {low} / {likely} / {high}",
              "bajo, probable y alto deben ir en orden (bajo ≤ probable ≤ alto); llegó {low} / {likely} / {high}"),
    "not_a_number": ("expected a number, or low, likely and high values",
                     "se esperaba un número, o valores bajo, probable y alto"),
    "estimate_keys": ("unknown key(s) {keys}; an estimate has low, likely, high and distribution",
                      "clave(s) desconocida(s) {keys}; una estimación tiene `low`, `likely`, `high` y `distribution`"),
    "estimate_missing": ("{key} is missing (an estimate needs low, likely and high)",
                         "falta {key} (una estimación necesita `low`, `likely` y `high`)"),
    "distribution": ("the distribution must be pert or triangular", "la distribución debe ser `pert` o `triangular`"),
    "negative": ("a value cannot be negative (got {value})", "un valor no puede ser negativo (llegó {value})"),
    "share": ("a percentage must be between 0 % and 100 %", "un porcentaje debe estar entre 0 % y 100 %"),
    "churn_below_zero": ("the fall in churn is larger than the churn it would reduce: churn cannot go below zero",
                         "la bajada de bajas es mayor que la tasa de bajas que reduciría: no puede quedar bajo cero"),
    "happy_shift": ("more contacts would move to happy than there are unhappy ones",
                    "pasarían a contentos más contactos de los que hay descontentos"),
    "names_unique": ("two initiatives cannot have the same name", "dos iniciativas no pueden llamarse igual"),
    "no_name": ("a name is needed", "hace falta un nombre"),
    "no_initiatives": ("a plan needs at least one initiative", "un plan necesita al menos una iniciativa"),
    "horizon": ("the horizon must be a whole number of months, at least 1",
                "el horizonte debe ser un número entero de meses, al menos 1"),
    "horizon_too_long": ("the horizon can be at most {limit} months", "el horizonte puede ser como mucho de {limit} "
                         "meses"),
    "discount_rate": ("the discount rate must be a yearly fraction between 0 and 1",
                      "la tasa de descuento debe ser una fracción anual entre 0 y 1"),
    "not_json": ("the file is not valid JSON", "el archivo no es un JSON válido"),
    "not_an_object": ("the file is not a scenario (a JSON object with a name, a baseline and initiatives)",
                      "el archivo no es un escenario (un objeto JSON con nombre, base e iniciativas)"),
    "version": ("scenario version {version} is not supported (this app reads version {supported})",
                "la versión de escenario {version} no se admite (esta aplicación lee la versión {supported})"),
    "unknown_keys": ("the file has parts a scenario does not have: {keys}",
                     "el archivo tiene partes que un escenario no tiene: {keys}"),
    "unknown_inputs": ("unknown input(s) {keys}", "dato(s) desconocido(s) {keys}"),
    "not_text": ("must be a text", "debe ser un texto"),
    "too_long": ("is longer than {limit} characters", "tiene más de {limit} caracteres"),
    "invalid": ("the file holds a value of the wrong kind", "el archivo tiene un valor de un tipo que no sirve"),
    "missing_values": ("fill in low, likely and high", "rellene bajo, probable y alto"),
    "draws": ("at least {minimum} simulations are needed", "hacen falta al menos {minimum} simulaciones"),
    "unknown_input": ("this input is not in the plan", "este dato no está en el plan"),
    "budget": ("the budget must be a positive amount", "el presupuesto debe ser una cantidad positiva"),
    "budget_too_many": ("choosing within a budget works with up to {limit} initiatives",
                        "elegir dentro de un presupuesto funciona con hasta {limit} iniciativas"),
    "language": ("no texts in this language", "no hay textos en este idioma"),
}
# A part of the file (``name`` given) that is not a JSON object: its own wording.
_NOT_AN_OBJECT_PART = ("must be a JSON object", "debe ser un objeto JSON")

# note code → (English, Spanish)
NOTES: dict[str, tuple[str, str]] = {
    "customers_at_end": ("customers active at the end of {month}", "clientes activos al final de {month}"),
    "churn_band": ("P10 / P50 / P90 of the monthly churn rate over {months} months",
                   "P10 / P50 / P90 de la tasa de bajas mensual en {months} meses"),
    "mrr_band": ("P10 / P50 / P90 of MRR per active customer", "P10 / P50 / P90 del MRR por cliente activo"),
    "orders_band": ("P10 / P50 / P90 of monthly order revenue per ordering customer",
                    "P10 / P50 / P90 de los ingresos mensuales por pedidos por cliente que compra"),
    "tickets_band": ("P10 / P50 / P90 of tickets created per month over {months} months",
                     "P10 / P50 / P90 de los tickets creados al mes en {months} meses"),
    "csat_band": ("P10 / P50 / P90 of the monthly CSAT of {source}", "P10 / P50 / P90 del CSAT mensual de {source}"),
    "cost_per_ticket_band": ("P10 / P50 / P90 of the team's monthly cost ÷ tickets created",
                             "P10 / P50 / P90 del coste mensual del equipo ÷ tickets creados"),
    "cost_per_minute": ("monthly cost ÷ ({agents} agents × {hours} h × 60 min)",
                        "coste mensual ÷ ({agents} agentes × {hours} h × 60 min)"),
    "missing": ("not in the data: enter it by hand", "no está en los datos: escríbalo a mano"),
    "missing_acquisition_cost": ("not in the data: enter what a new customer costs to win",
                                 "no está en los datos: escriba lo que cuesta captar un cliente nuevo"),
    "missing_margin": ("not in the data: 1 counts revenue in full; enter your gross margin",
                       "no está en los datos: 100 % cuenta los ingresos enteros; escriba su margen bruto"),
}
_SOURCES = {"tickets": ("tickets", "los tickets"), "responses": ("survey answers", "las respuestas de encuesta")}

# Inputs and parts of a scenario that are not on a card: (English, Spanish).
_OTHER_FIELDS: dict[str, tuple[str, str]] = {
    "value_per_answered_call": ("Value of an answered call", "Valor de una llamada atendida"),
    "name": ("Name", "Nombre"), "template": ("Template", "Plantilla"), "description": ("Description", "Descripción"),
    "notes": ("Notes", "Notas"), "note_codes": ("Notes", "Notas"),
    "horizon_months": ("Horizon", "Horizonte"), "discount_rate": ("Discount rate", "Tasa de descuento"),
    "baseline": ("Your business today", "Su negocio hoy"), "word_of_mouth": ("Word of mouth", "Boca a boca"),
    "initiatives": ("Initiatives", "Iniciativas"),
}
_OWNERS = {"baseline": ("Today", "Hoy"), "word_of_mouth": ("Word of mouth", "Boca a boca")}
_FIELDS = {f[0]: (f[1], f[2]) for f in [*scenario_table.BASELINE_FIELDS, *scenario_table.WORD_OF_MOUTH_FIELDS,
                                          *scenario_table.GENERIC_FIELDS]}
_INDEXED = re.compile(r"^initiatives\[(\d+)\]$")


def number(value: object) -> str:
    """A number as the user writes it (up to 4 decimals, no trailing zeros); other values as they are."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = fmt_number(value, 4)
    decimal = "," if lang() == "es" else "."
    return text.rstrip("0").rstrip(decimal) if decimal in text else text


def _quoted(values: object) -> str:
    items = values if isinstance(values, (list, tuple)) else [values]
    open_, close = ("«", "»") if lang() == "es" else ("'", "'")
    return ", ".join(f"{open_}{item}{close}" for item in items)


def place(name: str) -> str:
    """An input's place in words: ``baseline.monthly_churn`` → "Today: Customers lost each month";
    ``initiatives[0].monthly_cost`` → "Initiative 1: Running cost"; an initiative's own name is kept."""
    owner, _, field = name.rpartition(".")
    if not owner:
        owner, field = field, ""
    indexed = _INDEXED.match(owner)
    if indexed:
        owner_text = L("Initiative {n}", "Iniciativa {n}", n=int(indexed.group(1)) + 1)
    elif owner in _OWNERS:
        owner_text = L(*_OWNERS[owner])
    elif owner in _OTHER_FIELDS and not field:
        return L(*_OTHER_FIELDS[owner])
    else:
        owner_text = owner  # an initiative's name, or the distribution's ("pert")
    if not field:
        return owner_text
    words = _FIELDS.get(field) or _OTHER_FIELDS.get(field)
    return f"{owner_text}: {L(*words) if words else _quoted(field)}"


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """A scenario error in the user's language, from its code and parameters (plain text, not escaped)."""
    params = dict(params or {})
    name = params.get("name")
    if code == "not_an_object" and name:
        en, es = _NOT_AN_OBJECT_PART
    else:
        en, es = ERRORS.get(code, ERRORS["invalid"])
    values = {k: _quoted(v) if k in ("keys", "key") else number(v) for k, v in params.items() if k != "name"}
    try:
        text = L(en, es, **values) if values else L(en, es)
    except (KeyError, IndexError, ValueError):
        text = L(*ERRORS["invalid"])
    return f"{place(str(name))}: {text}" if name else text


def explain(error: BaseException) -> str:
    """Any error met reading or editing a scenario, in the user's language (plain text, not escaped)."""
    if isinstance(error, roi.ScenarioError):
        return message(error.code, error.params)
    return message("invalid")


def note(code: Mapping[str, Any] | None) -> str | None:
    """Where a baseline value came from, from ``Baseline.note_codes[input]``; None for an unknown code."""
    if not code or code.get("code") not in NOTES:
        return None
    params = {k: v for k, v in code.items() if k != "code"}
    if "source" in params:
        params["source"] = L(*_SOURCES.get(str(params["source"]), (str(params["source"]),) * 2))
    params = {k: number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
              for k, v in params.items()}
    try:
        return L(*NOTES[str(code["code"])], **params) if params else L(*NOTES[str(code["code"])])
    except (KeyError, IndexError, ValueError):
        return None
