"""cxkit.roi speaks in codes across the library boundary (errors, baseline notes, example texts) and the planner words
them in English or Spanish: every code has both texts, every error cxkit raises has a registered code, and no
English is left in the Spanish wording."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

import cxkit
from cxkit import roi
from cxkit.roi import Baseline, Estimate, Initiative, Scenario, ScenarioError
from tests.conftest import SAMPLE
from tests.spanish_walk import SNAKE, english_words
from ui import roi_text, scenario_table
from ui.i18n import _, language


def _plan(**changes: Any) -> dict[str, Any]:
    data = json.loads(roi.examples("es")["faq_bot"].to_json())  # the plan a Spanish user edits
    for path, value in changes.items():
        target = data
        *parts, last = path.split("/")
        for part in parts:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return data


def _base() -> Scenario:
    return roi.examples("es")["faq_bot"]


RAISES: dict[str, Callable[[], object]] = {
    "not_finite": lambda: roi.pert(0, float("nan"), 1),
    "order": lambda: roi.pert(3, 2, 1),
    "not_a_number": lambda: Scenario.from_dict(_plan(**{"initiatives/0/monthly_cost": "a lot"})),
    "estimate_keys": lambda: Estimate.of({"low": 1, "likely": 2, "high": 3, "mode": 2}),
    "estimate_missing": lambda: Scenario.from_dict(_plan(**{"initiatives/0/monthly_cost": {"low": 1, "high": 2}})),
    "distribution": lambda: Scenario.from_dict(_plan(**{"initiatives/0/monthly_cost": {
        "low": 1, "likely": 2, "high": 3, "distribution": "normal"}})),
    "negative": lambda: Scenario.from_dict(_plan(**{"initiatives/0/monthly_cost": -5})),
    "share": lambda: Scenario.from_dict(_plan(**{"baseline/margin": 45})),
    "churn_below_zero": lambda: Scenario.from_dict(_plan(**{"initiatives/0/churn_reduction": 0.5})),
    "happy_shift": lambda: Scenario.from_dict(_plan(**{"initiatives/0/happy_shift": 0.9})),
    "names_unique": lambda: Scenario("x", Baseline(), (Initiative("A"), Initiative("A"))),
    "no_name": lambda: Scenario.from_dict(_plan(**{"initiatives/0/name": "  "})),
    "no_initiatives": lambda: Scenario.from_dict(_plan(initiatives=[])),
    "horizon": lambda: Scenario.from_dict(_plan(horizon_months=1.5)),
    "horizon_too_long": lambda: Scenario.from_dict(_plan(horizon_months=601)),
    "discount_rate": lambda: Scenario.from_dict(_plan(discount_rate=2.0)),
    "not_json": lambda: Scenario.from_json("{not json"),
    "not_an_object": lambda: Scenario.from_json("[1, 2]"),
    "version": lambda: Scenario.from_dict(_plan(version=9)),
    "unknown_keys": lambda: Scenario.from_dict(_plan(owner="me")),
    "unknown_inputs": lambda: Scenario.from_dict(_plan(**{"initiatives/0/speed": 3})),
    "not_text": lambda: Scenario.from_dict(_plan(description=5)),
    "too_long": lambda: Scenario.from_dict(_plan(description="x" * 2001)),
    "invalid": lambda: Scenario.from_dict(_plan(**{"baseline/notes": 5})),
    "missing_values": lambda: scenario_table.from_table(_base(), scenario_table.to_table(_base()).with_columns(
        low=None)),
    "draws": lambda: roi.simulate(_base(), n=10),
    "unknown_input": lambda: roi.break_even(_base(), "baseline.speed"),
    "budget": lambda: roi.prioritise(_base(), budget=-1.0, n=200),
    "budget_too_many": lambda: roi.prioritise(Scenario("x", Baseline(), tuple(
        Initiative(f"I{i}", monthly_cost=Estimate.certain(1.0)) for i in range(21))), budget=10.0, n=200),
    "language": lambda: roi.examples("fr"),
}


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_code_has_an_english_and_a_translated_text(lang: str) -> None:
    assert set(roi_text.ERRORS) == set(roi.ERROR_CODES)
    assert set(roi_text.NOTES) == set(roi.NOTE_CODES)
    for en in [*roi_text.ERRORS.values(), *roi_text.NOTES.values()]:
        with language(lang):
            es = _(en)
        assert en.strip() and es.strip() and en != es
        assert english_words(re.sub(r"\{\w+\}", "", es)) == [], es


@pytest.mark.parametrize("code", sorted(roi.ERROR_CODES))
def test_raising_each_error_gives_its_registered_code_and_parameters(code: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        RAISES[code]()
    error = caught.value
    assert error.code == code, (error.code, str(error))
    assert error.code in roi.ERROR_CODES
    assert set(error.params) <= set(roi.ERROR_CODES[code]), error.params
    with language("en"):
        english = roi_text.explain(error)
    for lang in ("es", "pt"):
        with language(lang):
            spanish = roi_text.explain(error)
        assert spanish != english
        assert english_words(spanish) == [], spanish
        assert not any(SNAKE.match(word.strip(":,()")) for word in spanish.split()), spanish


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(KeyError):
        ScenarioError("message", code="no_such_code")


def test_the_spanish_message_names_the_input_by_its_card_label_and_numbers_in_spanish() -> None:
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_dict(_plan(**{"initiatives/0/monthly_cost": {"low": 250.5, "likely": 120, "high": 50}}))
    error = caught.value
    assert str(error).startswith("Preguntas frecuentes y chatbot.monthly_cost")  # cxkit's own message (English)
    with pytest.raises(ScenarioError) as order:
        roi.pert(1250.5, 2, 1)
    with language("es"):
        assert "1.250,5 / 2 / 1" in roi_text.explain(order.value)
        assert roi_text.place("baseline.monthly_churn") == "Hoy: Bajas mensuales"
        assert roi_text.place("initiatives[0].monthly_cost") == "Iniciativa 1: Coste corriente"
        assert roi_text.explain(ValueError("boom")) == "el archivo tiene un valor de un tipo que no sirve"


def test_the_portuguese_message_names_the_input_by_its_card_label_and_numbers_in_portuguese() -> None:
    with pytest.raises(ScenarioError) as order:
        roi.pert(1250.5, 2, 1)
    with language("pt"):
        assert "1.250,5 / 2 / 1" in roi_text.explain(order.value)
        assert roi_text.place("baseline.monthly_churn") == "Hoje: Taxa de cancelamento mensal"  # one name for monthly churn on every page
        assert roi_text.place("initiatives[0].monthly_cost") == "Iniciativa 1: Custo recorrente"


def test_baseline_notes_come_with_codes_worded_in_both_languages() -> None:
    files = {"tickets": "tickets_zendesk.csv", "responses": "encuestas_nps.csv", "customers": "suscripciones_stripe.csv",
             "costs": "costes_equipo.csv"}
    baseline = roi.baseline_from_data(**{kind: cxkit.load(SAMPLE / name).frame for kind, name in files.items()})
    assert set(baseline.note_codes) == set(baseline.notes)
    codes = {entry["code"] for entry in baseline.note_codes.values()}
    assert {"churn_band", "tickets_band", "missing_margin"} <= codes
    for name, entry in baseline.note_codes.items():
        assert entry["code"] in roi.NOTE_CODES
        assert set(entry) - {"code"} == set(roi.NOTE_CODES[entry["code"]])
        with language("es"):
            spanish = roi_text.note(entry)
        with language("pt"):
            portuguese = roi_text.note(entry)
        with language("en"):
            english = roi_text.note(entry)
        assert spanish and english and english_words(spanish) == [], (name, spanish)
        assert portuguese and portuguese not in (english, spanish) and english_words(portuguese) == [], portuguese
        # cxkit's own English note, with its YYYY-MM month written in words as the planner writes it
        in_words = re.sub(r"\b(\d{4})-(\d{2})\b",
                          lambda m: dt.date(int(m[1]), int(m[2]), 1).strftime("%B %Y"), baseline.notes[name])
        assert english.replace("P10 / P50 / P90", "P10/P50/P90") == in_words
    # the codes travel with the scenario file
    plan = roi.with_baseline(roi.examples()["tienda_verde_plan"], baseline)
    assert Scenario.from_json(plan.to_json()).baseline.note_codes == baseline.note_codes
    assert roi.baseline_from_data().note_codes["monthly_churn"] == {"code": "missing"}


@pytest.mark.parametrize(("lang", "name"), [
    ("es", "Tienda Verde 2026: tres formas de gastar el presupuesto de servicio"),
    ("pt", "Tienda Verde 2026: três formas de gastar o orçamento de atendimento"),
])
def test_examples_in_another_language_have_its_texts_and_the_same_numbers(lang: str, name: str) -> None:
    english, other = roi.examples("en"), roi.examples(lang)
    assert english.keys() == other.keys()
    assert other["tienda_verde_plan"].name == name
    for key in english:
        en, es = english[key], other[key]
        texts = [es.name, es.description, *(i.name for i in es.initiatives)]
        assert all(english_words(t) == [] for t in texts), texts
        assert es.name != en.name and [i.name for i in es.initiatives] != [i.name for i in en.initiatives]
        assert roi.inputs(en).drop("input").equals(roi.inputs(es).drop("input"))
        assert roi.evaluate(en).drop("initiative").equals(roi.evaluate(es).drop("initiative"))
        assert roi.in_language(en, lang) == es and roi.in_language(es, "en") == en
    for third in {"es", "pt"} - {lang}:  # from one translation straight to the other
        assert all(roi.in_language(s, third) == roi.examples(third)[k] for k, s in other.items())


def test_in_language_keeps_the_users_own_texts() -> None:
    plan = roi.examples()["tienda_verde_plan"]
    data = plan.to_dict()
    data["name"] = "Mi plan"
    data["initiatives"][0]["name"] = "Mi iniciativa"
    mine = Scenario.from_dict(data)
    spanish = roi.in_language(mine, "es")
    assert spanish.name == "Mi plan"
    assert [i.name for i in spanish.initiatives] == ["Mi iniciativa", "QUEDATE15 para todos los agentes",
                                                     "Formación en ventas por chat"]
    portuguese = roi.in_language(mine, "pt")
    assert portuguese.name == "Mi plan"
    assert [i.name for i in portuguese.initiatives] == ["Mi iniciativa", "QUEDATE15 para todos os atendentes",
                                                        "Treinamento em vendas no chat"]
    assert roi.in_language(mine, "xx") is mine


def test_the_forecast_gap_note_says_where_the_staffing_cost_came_from_in_both_languages() -> None:
    gap = scenario_table.ForecastGap(fte_needed=8.04, fte_upper=10.0, fte_team=None, agent_cost=2900.0, weeks=4,
                                     method="mstl_ets")
    item = scenario_table.template_initiative("staff_forecast", "Staff", scenario_table.Context(), gap=gap)
    code = item["note_codes"]["monthly_cost"]
    with language("en"):
        english = roi_text.note(code)
    with language("es"):
        spanish = roi_text.note(code)
    assert english is not None and "8" in english and "4 weeks" in english and "—" in english
    assert spanish is not None and "8" in spanish and "4 semanas" in spanish and "2.900" in spanish
    assert english_words(spanish) == [] and "None" not in english


def test_a_baseline_note_names_its_month_as_people_write_it() -> None:
    """cxkit says the month as YYYY-MM; the planner's note writes it in words, in the language's own pattern."""
    from ui.i18n import language

    code = {"code": "customers_at_end", "month": "2025-12"}
    with language("pt"):
        assert roi_text.note(code) == "clientes ativos no fim de dezembro de 2025"
    with language("es"):
        assert roi_text.note(code) == "clientes activos al final de diciembre de 2025"
    with language("en"):
        assert roi_text.note(code) == "customers active at the end of December 2025"
