"""The "Forecast & staffing plan" page (issue #23), driven with AppTest: on the sample data in both languages, on
the call files of the real exports, with no data, and its hand-over to the ROI planner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.spanish_walk import english_words

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
REALDATA = ROOT.parent / "shared" / "realdata"
# the real exports that are calls (expected_more.json: pwc is calls; kaggle_call_center is a call centre's log
# read as tickets or calls, with dates only)
CALL_FILES = ["pwc_call_center.xlsx", "kaggle_call_center.csv"]


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), *(i.value for i in at.info),
                     *(w.value for w in at.warning)])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_page_renders_on_the_sample_data_and_states_its_accuracy(lang: str) -> None:
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.switch_page("views/page_forecast.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == ("Forecast & staffing plan" if lang == "en" else "Previsión y plantilla")
    text = page_text(at)
    accuracy = re.search(r"MASE (\d+[.,]\d\d)\)", text)
    assert accuracy is not None, text
    if lang == "en":
        assert "Tested on your own data" in text and "The 80 % range held the actual count" in text
    else:
        assert "Probada con sus propios datos" in text and "El rango del 80 % acertó" in text
        assert english_words(text.replace("MSTL + ETS", "")) == [], english_words(text)
    assert len(at.get("vega_lite_chart")) >= 2  # the forecast and the agents' heat map
    labels = {m.label for m in at.metric}
    assert ({"Monthly cost (likely)", "Monthly cost (upper bound)"} if lang == "en" else
            {"Coste mensual (probable)", "Coste mensual (extremo superior)"}) <= labels
    likely = next(m for m in at.metric if m.label.startswith(("Full-time agents (likely)", "Agentes a jornada "
                                                              "completa (probable)")))
    upper = next(m for m in at.metric if m.label.startswith(("Full-time agents (upper", "Agentes a jornada completa "
                                                             "(extremo")))
    number = (lambda s: float(s.replace(".", "").replace(",", "."))) if lang == "es" else \
        (lambda s: float(s.replace(",", "")))
    assert 0 < number(likely.value) <= number(upper.value)


def test_the_forecast_gap_carries_over_to_the_roi_planners_template() -> None:
    at = start()
    at.switch_page("views/page_forecast.py").run()
    gap = at.session_state["_forecast_gap"]
    short, short_upper = gap.agents()
    assert 0 <= short <= short_upper and short_upper > 0  # stored only when some agents are short
    at.switch_page("views/page_roi.py").run()
    at.selectbox(key="roi_template").set_value("staff_forecast").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("From Forecast & staffing plan" in c.value for c in at.caption)
    before = len(at.expander)
    at.button(key="roi_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.expander) == before + 1
    from cxkit import roi

    scenario = roi.Scenario.from_json(at.session_state["scenario_json"])
    added = scenario.initiatives[-1]
    assert added.template == "staff_forecast"
    assert added.monthly_cost.likely == pytest.approx(short * gap.agent_cost)
    assert added.monthly_cost.high == pytest.approx(short_upper * gap.agent_cost)
    assert added.note_codes["monthly_cost"]["code"] == "forecast_gap"
    assert any("From: the forecast's staffing plan" in c.value.replace("\\", "") for c in at.caption)  # its source


def test_page_with_no_data_says_what_it_needs() -> None:
    at = start()
    at.sidebar.toggle(key="use_sample").set_value(False).run()
    at.switch_page("views/page_forecast.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info and "This needs calls" in at.info[0].value


@pytest.mark.skipif(not REALDATA.exists(), reason=f"no real exports at {REALDATA} (they live beside the project)")
@pytest.mark.parametrize("name", CALL_FILES)
def test_page_renders_on_the_real_call_files_and_states_its_accuracy(name: str) -> None:
    path = REALDATA / name
    at = start()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(path.name, path.read_bytes(), "application/octet-stream")]).run()
    at.switch_page("views/page_forecast.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert re.search(r"MASE \d+\.\d\d\)", text), text
    assert "The 80 % range held the actual count" in text
    if name == "kaggle_call_center.csv":  # dates only: a forecast per day, and no hourly plan made up
        assert "dates without times of day" in text
        assert not any(m.label.startswith("Full-time agents") for m in at.metric)
    else:
        assert any(m.label.startswith("Full-time agents (likely)") for m in at.metric)


def test_the_accuracy_is_tested_as_far_ahead_as_the_forecast_goes() -> None:
    at = start()
    at.switch_page("views/page_forecast.py").run()
    # two weeks ahead (the default): four blocks of two weeks held back
    assert "the last 8 weeks were forecast as if they were still to come, 2 weeks at a time" in page_text(at)
    at.slider(key="forecast_weeks").set_value(3).run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert "the last 6 weeks were forecast as if they were still to come, 3 weeks at a time" in text, text  # 2 x 3
    assert at.session_state["_forecast_gap"].weeks == 3


def test_the_plan_is_compared_with_the_team_seen_hour_by_hour() -> None:
    at = start()
    at.switch_page("views/page_forecast.py").run()
    at.radio(key="forecast_bound::en").set_value("against the team seen").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Agents short (above 0) or spare (below 0)" in c.value for c in at.caption)
    week = next(d.value for d in at.dataframe if "agents_seen" in d.value.columns)  # headers are labels only
    short = {str(v) for v in week["agents_short"]}  # written in the session's locale
    assert short - {"0", "0.0", "-0", "—"}  # the sample's team is not exactly the plan


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_presentation_shows_the_staffing_plan_once_the_page_has_made_it(lang: str) -> None:
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    title = "Staffing the coming weeks" if lang == "en" else "La plantilla de las próximas semanas"

    def deck() -> list[str]:
        at.sidebar.toggle(key="present").set_value(True).run()
        seen = []
        for _ in range(7):
            seen.append(" ".join(str(h.proto.body) for h in at.get("html")))
            at.button(key="present_next").click().run()
            assert not at.exception, [e.value for e in at.exception]
        at.button(key="present_leave").click().run()
        return seen

    assert not any(title in html for html in deck())  # before the page has made a plan: no such slide
    at.switch_page("views/page_forecast.py").run()
    slide = next((html for html in deck() if title in html), None)
    assert slide is not None
    assert ("Full-time agents" in slide and "MASE" in slide) if lang == "en" else \
        ("Agentes a jornada completa" in slide and "MASE" in slide
         and english_words(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", slide, flags=re.S))) == [])


def test_the_staffing_slide_is_left_out_once_other_data_is_loaded() -> None:
    at = start()
    at.switch_page("views/page_forecast.py").run()
    path = ROOT / "tests" / "data" / "call_log.csv"
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(path.name, path.read_bytes(), "text/csv")]).run()
    at.sidebar.toggle(key="present").set_value(True).run()
    for _ in range(6):
        assert "Staffing the coming weeks" not in " ".join(str(h.proto.body) for h in at.get("html"))
        if not any(b.key == "present_next" for b in at.button):
            break  # a deck of one screen (or none) for this small file
        at.button(key="present_next").click().run()
        assert not at.exception, [e.value for e in at.exception]
    at.sidebar.toggle(key="present").set_value(False).run()
    at.switch_page("views/page_forecast.py").run()  # the forecast of the new data: it needs two days at least
    assert not at.exception and any("at least two days" in i.value for i in at.info)


@pytest.mark.parametrize(("lang", "titles"), [
    ("en", ["Contact forecast (MSTL + ETS)", "Forecast accuracy (rolling-origin MASE and interval coverage)",
            "Staffing plan for the forecast (Erlang C)"]),
    ("es", ["Previsión de contactos (MSTL + ETS)", "Precisión de la previsión (MASE con origen móvil y cobertura "
            "del intervalo)", "Plantilla para la previsión (Erlang C)"]),
    ("pt", ["Previsão de contatos (MSTL + ETS)", "Precisão da previsão (MASE com origem móvel e cobertura do "
            "intervalo)", "Dimensionamento para a previsão (Erlang C)"])])
def test_the_definitions_page_explains_the_forecast_its_accuracy_and_the_plan(lang: str, titles: list[str]) -> None:
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.switch_page("views/page_definitions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [e.label for e in at.expander]
    assert all(title in labels for title in titles), labels
