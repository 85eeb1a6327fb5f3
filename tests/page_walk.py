"""One walk over every page of the app (AppTest) that asserts what each page must show, shared by the
no-traceback, language and real-file checks: the page's title in the chosen language, something to read (a KPI,
a table, a chart, or a plain "this needs …" message), no raw canonical column name of cxkit where a person
reads, and a guard that the walk read text at all (a walk that reads nothing proves nothing)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from streamlit.testing.v1 import AppTest

import cxkit
from tests.conftest import ROOT
from tests.spanish_walk import english_numbers, english_words, number_texts, texts

PAGES = sorted(p.name for p in (ROOT / "views").glob("page_*.py"))

# Each page's title as a person reads it, by language (what the navigation promises).
TITLES: dict[str, dict[str, str]] = {
    "page_beyond.py": {"en": "Beyond the usual dashboards", "es": "Más allá de los cuadros de mando habituales",
                    "pt": "Além dos painéis de sempre"},
    "page_churn.py": {"en": "Churn & retention", "es": "Bajas y retención", "pt": "Cancelamentos e retenção"},
    "page_data.py": {"en": "Your data", "es": "Sus datos", "pt": "Seus dados"},
    "page_definitions.py": {"en": "Definitions", "es": "Definiciones", "pt": "Definições"},
    "page_drift.py": {"en": "Ticket-type drift", "es": "Cambio de tipos de ticket",
                    "pt": "Mudança nos tipos de ticket"},
    "page_forecast.py": {"en": "Forecast & staffing plan", "es": "Previsión y plantilla",
                         "pt": "Previsão e dimensionamento"},
    "page_nps.py": {"en": "NPS & satisfaction", "es": "NPS y satisfacción", "pt": "NPS e satisfação"},
    "page_overview.py": {"en": "Overview", "es": "Resumen", "pt": "Visão geral"},
    "page_roi.py": {"en": "ROI planner", "es": "Planificador de ROI", "pt": "Planejador de ROI"},
    "page_service.py": {"en": "Tickets & service", "es": "Tickets y servicio", "pt": "Tickets e atendimento"},
    "page_team.py": {"en": "Team & sales", "es": "Equipo y ventas", "pt": "Equipe e vendas"},
}

# cxkit's canonical column names: code, not words for a person (the interface names them by their meaning).
CANONICAL = frozenset(c for spec in cxkit.SCHEMAS.values() for c in spec if "_" in c)
_WORD = re.compile(r"(?<![\w`])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w`])")  # quoted names too: 'nps_score' is still code
# where the words are the app's own (not values from the user's file)
APP_WORDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "metric label",
             "table header", "chart title", "x title", "y title", "tooltip title", "color title",
             "selectbox label", "radio label", "multiselect label")


@dataclass
class PageReading:
    page: str
    title: str | None
    texts: list[tuple[str, str]] = field(default_factory=list)
    shows: int = 0  # KPIs + tables + charts
    messages: list[str] = field(default_factory=list)  # info and warning boxes
    numbers: list[tuple[str, str]] = field(default_factory=list)  # where the app writes numbers (cells, KPIs, inputs)


def read_page(at: AppTest, page: str) -> PageReading:
    at.switch_page(f"views/{page}").run()
    assert not at.exception, (page, [e.value for e in at.exception])
    found = list(texts(at))
    return PageReading(page=page, title=at.title[0].value if at.title else None, texts=found,
                       shows=len(at.metric) + len(at.dataframe) + len(at.get("vega_lite_chart")),
                       messages=[str(m.value) for m in [*at.info, *at.warning, *at.error]],
                       numbers=list(number_texts(at)))


def raw_names(reading: PageReading, own: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Canonical column names where the app speaks (the file's own headers are the user's words and may be
    shown as they are written)."""
    allowed = set(own)
    found = []
    for where, text in reading.texts:
        if where not in APP_WORDS and not where.endswith(" title"):
            continue
        for word in _WORD.findall(text.replace("\\", "")):
            if word in CANONICAL and word not in allowed:
                found.append((where, word))
    return found


def walk(at: AppTest, lang: str, *, own: Iterable[str] = (), strict_language: bool = False) -> dict[str, PageReading]:
    """Visit every page in ``lang`` and assert what each must show. ``strict_language`` also reads the app's own
    words for English words and English-formatted numbers (KPI values included) in a Spanish or Portuguese
    interface (on data whose texts the app writes itself)."""
    own = list(own)
    readings = {page: read_page(at, page) for page in PAGES}
    for page, reading in readings.items():
        assert reading.title == TITLES[page][lang], (page, lang, reading.title)
        assert reading.shows or reading.messages or page in ("page_definitions.py", "page_data.py"), \
            f"{page} ({lang}) shows no KPI, table, chart or message"
        assert raw_names(reading, own) == [], (page, lang, raw_names(reading, own))
        if lang != "en" and strict_language:
            english = sorted({(w, t[:80]) for w, t in reading.texts if w in APP_WORDS for _ in english_words(t)})
            assert english == [], (page, english)
        if lang != "en" and strict_language:  # numbers as the language writes them: "1.046", "10,8", "51,3 %"
            formats = sorted({(w, t[:120]) for w, t in reading.numbers if english_numbers(t, lang)})
            assert formats == [], (page, lang, formats)
    if lang != "en" and strict_language:
        assert sum(len(r.numbers) for r in readings.values()) >= 10 * len(PAGES), "the walk read too few numbers"
    read = sum(len(r.texts) for r in readings.values())
    assert read >= 5 * len(PAGES), f"the walk read only {read} texts over {len(PAGES)} pages"
    return readings
