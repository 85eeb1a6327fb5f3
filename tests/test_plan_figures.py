"""One result per figure (#22): the presentation's plan slide, the ROI planner, the plan comparison cards and the
Excel report read the same computed plan (ui.plan), so the same figure is the same value everywhere — also when
the presentation is shown before the planner has ever been opened."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import plan, report

APP = str(ROOT / "app.py")


def _slide_values(at: AppTest) -> list[str]:
    html = " ".join(str(h.proto.body) for h in at.get("html"))
    return [re.sub(r"<[^>]+>", "", v) for v in re.findall(r'<div class="value">(.*?)</div>', html)]


def _metric(at: AppTest, label: str) -> list[str]:
    return [str(m.value) for m in at.metric if m.label == label]


def test_presentation_planner_cards_and_report_show_the_same_plan_figures() -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    # the presentation first, before the planner has been opened (the case that showed another plan's figures)
    at.sidebar.toggle(key="present").set_value(True).run()
    for _ in range(8):
        html = " ".join(str(h.proto.body) for h in at.get("html"))
        if "Tienda Verde 2026" in html:
            break
        at.button(key="present_next").click().run()
    assert not at.exception, [e.value for e in at.exception]
    slide = _slide_values(at)
    assert len(slide) == 4, slide
    net_gain, chance, payback, spread = slide
    at.button(key="present_leave").click().run()

    at.switch_page("views/page_roi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metric(at, "Likely") == [net_gain]
    assert _metric(at, "Chance of losing money") == [chance]
    body = " ".join(m.value for m in at.markdown)
    low, high = spread.split(" … ")
    assert f"between {low} and {high}" in body
    assert f"month **{payback}** in the likely case" in body

    # the comparison cards: the same plan kept, then renamed, so two plans with the same inputs stand side by side
    at.button(key="roi_keep").click().run()
    name_key = next(t.key for t in at.text_input if str(t.key).startswith("roi_plan_name"))
    at.text_input(key=name_key).set_value("The same plan again").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metric(at, "Likely net gain") == [net_gain, net_gain]
    assert _metric(at, "Chance of losing money") == [chance, chance, chance]  # the planner's KPI and both cards

    # the Excel report's sheets: the same cases and simulation
    scenario_json = at.session_state["scenario_json"]
    sheets = report.sheets(at.session_state["_view"], 24 * 60.0, scenario_json, plan.draws())
    computed = plan.result(scenario_json, plan.DEFAULT_DRAWS)
    likely = sheets["ROI cases"].filter((sheets["ROI cases"]["initiative"] == "Total")
                                        & (sheets["ROI cases"]["case"] == "likely")).row(0, named=True)
    assert likely["net_gain"] == computed.likely["net_gain"]
    total = sheets["ROI simulation"].filter(sheets["ROI simulation"]["initiative"] == "Total").row(0, named=True)
    assert total == computed.summary
    assert plan.shown(computed)["net_gain"] == net_gain and plan.shown(computed)["probability_of_loss"] == chance


def test_one_computation_per_plan_and_draws() -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.switch_page("views/page_roi.py").run()
    at.sidebar.toggle(key="present").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    kept = at.session_state[plan.CACHE_KEY]
    assert [key[1:] for key in kept] == [(plan.DEFAULT_DRAWS, plan.SEED)]  # the planner's and the slide's one result


def test_before_the_planner_is_opened_the_app_shows_the_plan_the_planner_starts_with() -> None:
    """The presentation and the Excel report (ui.plan.current_json) use, on the sample data, the plan the planner
    will start with: the same JSON, so the same computed result."""
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert "scenario_json" not in at.session_state
    shown_before = at.session_state["_derived"]["default_plan"][1]  # what the report's button and the slide read
    at.switch_page("views/page_roi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["scenario_json"] == shown_before
