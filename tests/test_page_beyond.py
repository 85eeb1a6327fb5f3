"""The "Beyond the usual dashboards" page, driven with AppTest: on the sample data in both languages and on no data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "es"])
def test_page_renders_on_the_sample_data(lang: str) -> None:
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.switch_page("views/page_beyond.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert ("landmark" in text) if lang == "en" else ("hito" in text)
    # which files' customers were matched, named as the interface names the kinds (never cxkit's codes)
    assert ("Survey answers: " in text and "responses:" not in text) if lang == "en" else \
        ("Respuestas de encuesta: " in text and "responses:" not in text and "tickets:" not in text)
    assert {m.label for m in at.metric} >= ({"Monthly cost"} if lang == "en" else {"Coste mensual"})


def test_page_renders_with_no_data() -> None:
    at = start()
    at.sidebar.toggle(key="use_sample").set_value(False).run()
    at.switch_page("views/page_beyond.py").run()
    assert not at.exception, [e.value for e in at.exception]


DATA = Path(__file__).resolve().parent / "data"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
UPLOADS = [DATA / "freshdesk_es.csv", DATA / "qualtrics.csv", DATA / "stripe_subscriptions.csv",
           DATA / "telco_snapshot.csv", DATA / "call_log.csv", SAMPLE / "pedidos.xlsx"]


@pytest.mark.parametrize("path", UPLOADS, ids=[p.stem for p in UPLOADS])
def test_page_renders_on_one_uploaded_file(path: Path) -> None:
    at = start()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([(path.name, path.read_bytes(), "application/octet-stream")]).run()
    at.switch_page("views/page_beyond.py").run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_staffing_gap_carries_over_to_the_roi_planners_hiring_template() -> None:
    at = start()
    at.switch_page("views/page_beyond.py").run()
    team = at.number_input(key="beyond_team")
    assert team.value >= 1  # starts at the agents seen in the sample's tickets
    team.set_value(0).run()
    needed = next(m for m in at.metric if m.label == "Full-time agents")
    short = next(m for m in at.metric if m.label == "Short of the target")
    assert short.value == needed.value  # with nobody today, the whole target is missing
    gap = at.session_state["_staffing_gap"]
    assert gap > 0 and gap * 2 == int(gap * 2)  # whole or half agents, rounded up
    assert gap >= float(needed.value.replace(",", ""))
    at.switch_page("views/page_roi.py").run()
    at.selectbox(key="roi_template").set_value("hire_agents").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="roi_template_agents").value == gap
    assert any("Staffing" in c.value for c in at.caption)
    at.switch_page("views/page_beyond.py").run()
    at.number_input(key="beyond_team").set_value(1000).run()  # more than enough: no gap to carry
    assert "_staffing_gap" not in at.session_state


@pytest.mark.parametrize("lang", ["en", "es"])
def test_staffing_says_why_without_the_abandoned_waits_and_takes_a_patience(lang: str) -> None:
    """A call log whose abandoned calls have no wait: the page plans with Erlang C and says why (never a made-up
    patience), and a patience typed in plans with Erlang A."""
    lines = (DATA / "call_log.csv").read_text(encoding="utf-8").splitlines()
    blanked = [";".join(c if i != 5 or ";Abandoned;" not in line else "" for i, c in enumerate(line.split(";")))
               for line in lines]
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.switch_page("views/page_data.py").run()
    at.file_uploader(key="uploader").set_value([("calls.csv", "\n".join(blanked).encode(), "text/csv")]).run()
    at.switch_page("views/page_beyond.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert "Erlang C" in captions
    assert ("abandoned calls have no waiting time" if lang == "en" else "abandonadas no tienen tiempo de espera") \
        in captions
    at.number_input(key="beyond_patience").set_value(90).run()
    captions = " ".join(c.value for c in at.caption)
    assert "Erlang A" in captions and "90 s" in captions


@pytest.mark.parametrize("lang", ["en", "es"])
def test_medians_never_reached_say_so(lang: str) -> None:
    """On the sample, fewer than half of several groups have left: their median lifetime reads "not reached" (in
    the session's language), never an empty cell; on the Beyond page's experiences and the Churn page's medians."""
    words = "not reached" if lang == "en" else "no alcanzada"
    at = start()
    at.sidebar.radio(key="lang").set_value(lang).run()
    at.switch_page("views/page_beyond.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(t.value for t in at.dataframe if "experience" in t.value.columns)
    cells = [str(c) for c in [*table["median_months"], *table["comparison_median_months"]]]
    assert words in cells and "—" not in cells and "None" not in cells
    at.switch_page("views/page_churn.py").run()
    box = at.selectbox(key=f"survival_by::{lang}")
    box.set_value(next(o for o in box.options if o in ("Plan", "plan"))).run()
    assert not at.exception, [e.value for e in at.exception]
    medians = next(t.value for t in at.dataframe if list(t.value.columns) == ["plan", "median_months"])
    assert words in list(medians["median_months"])  # Premium: fewer than half have left
