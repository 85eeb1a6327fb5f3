"""No dead ends, no silent changes (#22 item 5): the workspace can always be saved (sample data and kept plans
included), a column chosen for a second meaning moves there with a message, and the ROI planner says which view it
uses and obeys it (the plan: neither period nor filters; the service ROI below it: both)."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from cxkit import roi
from tests.conftest import ROOT
from ui import workspace
from ui.i18n import language
from ui.mapping import move_reused, moved_message
from ui.state import Upload, read_upload

APP = str(ROOT / "app.py")


# ------------------------------------------------------------------------------------- workspace


def test_a_workspace_on_the_sample_data_keeps_the_plans_and_brings_the_sample_back() -> None:
    plans = [roi.examples()[n].to_json() for n in ("faq_bot", "tienda_verde_plan")]
    zipped = workspace.build({}, plans[1], plans, sample=True)
    uploads, scenario = workspace.open_workspace(zipped)
    assert uploads == [] and scenario == plans[1]
    assert set(workspace.open_plans(zipped)) == {roi.Scenario.from_json(p).name for p in plans}
    assert workspace.made_on_sample(zipped)
    assert not workspace.made_on_sample(workspace.build({}, None, plans))


def test_the_workspace_download_is_there_on_the_sample_data_and_opening_it_restores_plans_and_sample() -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.switch_page("views/page_roi.py").run()
    at.button(key="roi_keep").click().run()
    kept = dict(at.session_state["roi_plans"])
    assert len(kept) == 1
    at.switch_page("views/page_data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["use_sample"] and not at.session_state["uploads"]
    assert [b for b in at.get("download_button") if b.proto.id and "workspace_download" in b.proto.id]
    zipped = workspace.build({}, at.session_state["scenario_json"], list(kept.values()), sample=True)

    fresh = AppTest.from_file(APP, default_timeout=240)
    fresh.run()
    fresh.sidebar.toggle(key="use_sample").set_value(False).run()
    fresh.switch_page("views/page_data.py").run()
    fresh.file_uploader(key="workspace_uploader").set_value([("cxkit_workspace.zip", zipped, "application/zip")]).run()
    assert not fresh.exception, [e.value for e in fresh.exception]
    assert fresh.session_state["roi_plans"] == kept
    assert fresh.session_state["use_sample"] is True
    assert any("1 plan kept for comparison" in s.value for s in fresh.success)


# ------------------------------------------------------------------------------------- mapping


def test_a_column_chosen_for_a_second_meaning_moves_there_and_the_file_is_read_so() -> None:
    data = b"id,date,rating,score\n1,2025-01-02,4,9\n2,2025-01-03,2,3\n3,2025-01-04,5,10\n"
    before = {"response_id": "id", "submitted_at": "date", "csat_score": "rating", "nps_score": "score"}
    first = read_upload(Upload(name="survey.csv", data=data, kind="responses", mapping=dict(before)), "en", cache={})
    assert first.loaded is not None and first.loaded.frame["nps_score"].to_list() == [9, 3, 10]

    chosen = {**before, "nps_score": "rating"}  # the user gives NPS the column CSAT had
    mapping, moves = move_reused(before, chosen)
    assert mapping == {**before, "nps_score": "rating", "csat_score": None}
    assert moves == [("rating", "csat_score", "nps_score")]
    with language("es"):
        message = moved_message(moves, {"csat_score": "Valoración CSAT", "nps_score": "Puntuación NPS"})
    assert "'rating'" in message and "Puntuación NPS" in message and "Valoración CSAT" in message
    assert "now gives" not in message  # in the user's language

    moved = read_upload(Upload(name="survey.csv", data=data, kind="responses", mapping=mapping), "en", cache={})
    assert moved.loaded is not None, moved.error
    assert moved.loaded.frame["nps_score"].to_list() == [4, 2, 5]  # the choice took effect
    assert "csat_score" not in moved.loaded.frame.columns or moved.loaded.frame["csat_score"].null_count() == 3
    assert move_reused(before, before) == (before, [])  # nothing new chosen: nothing moves

    # the other way round: CSAT given the column NPS had. Passed on as chosen (both meanings on one column) the
    # reader kept NPS and dropped CSAT: the choice showed and changed nothing. Moved, it takes effect.
    chosen = {**before, "csat_score": "score"}
    mapping, moves = move_reused(before, chosen)
    assert moves == [("score", "nps_score", "csat_score")]
    moved = read_upload(Upload(name="survey.csv", data=data, kind="responses", mapping=mapping), "en", cache={})
    assert moved.loaded is not None and moved.loaded.mapping.get("csat_score") == "score"
    assert "nps_score" not in moved.loaded.frame.columns


# ------------------------------------------------------------------------------------- ROI planner's view


def _likely(at: AppTest) -> str:
    return next(str(m.value) for m in at.metric if m.label == "Likely")


def test_the_roi_planner_says_which_view_it_uses_and_the_plan_obeys_neither_period_nor_filters() -> None:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.switch_page("views/page_roi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Which data this page uses" in i.value for i in at.info)
    whole = _likely(at)
    service = next(m.value for m in at.markdown if "In the period chosen" in m.value)
    segment = next(k for k in at.session_state["_view"].segments if k.endswith("region") or "region" in k)
    values = at.session_state["_view"].segments[segment].values
    at.session_state[f"flt::{segment}"] = [values[0]]
    at.session_state["period"] = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    at.run()
    at.button(key="roi_reset").click().run()  # start again from the example: its baseline taken from the data again
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["_view"].filters  # the filter is on…
    assert _likely(at) == whole  # …and the plan's baseline is still all the data, as the page says
    filtered_service = next(m.value for m in at.markdown if "In the period chosen" in m.value)
    assert filtered_service != service  # the service ROI below follows the period and filters
