"""Presentation mode with AppTest: one switch, one screen at a time, every slide in both languages, no page body."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_presentation_steps_through_every_slide_and_leaves(lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    if lang != "en":
        at.sidebar.radio(key="lang").set_value(lang).run()
    at.sidebar.toggle(key="present").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.dataframe and not at.metric  # no tables, no page: one screen of large figures
    seen, charts = [], []
    for _ in range(6):
        html = " ".join(str(h.proto.body) for h in at.get("html"))
        seen.append(html)
        charts += [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
        at.button(key="present_next").click().run()
        assert not at.exception, [e.value for e in at.exception]
    titles = {
        "en": ["Where we stand", "Waiting costs customers", "The peak stretches first replies",
               "What service brings back", "Tienda Verde 2026: three ways"],
        "es": ["Dónde estamos", "Esperar cuesta clientes", "El pico alarga la primera respuesta",
               "Lo que devuelve el servicio", "Tienda Verde 2026: tres formas"],  # the example plan in Spanish
        "pt": ["Onde estamos", "Esperar custa clientes", "O pico alonga as primeiras respostas",
               "O que o atendimento traz de volta", "Tienda Verde 2026: três formas"],
    }[lang]
    assert charts, "no slide drew a chart"
    for spec in charts:  # a slide's chart writes numbers as the language does (its own Vega locale)
        assert spec["config"]["locale"]["number"]["decimal"] == ("." if lang == "en" else ","), spec["config"]
    for title, html in zip(titles, seen, strict=False):
        assert title in html
    assert titles[0] in seen[5]  # the sixth press came back to the first slide
    at.button(key="present_leave").click().run()
    assert not at.exception and at.session_state["present"] is False
    assert at.title  # the page is back
