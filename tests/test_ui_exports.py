"""Exports: formula cells and headers neutralised, CSV quoting, Excel files that open, the full report, charts as
images (also for headers Vega-Lite would misread), and text from files made inert for markdown."""

from __future__ import annotations

import io

import fastexcel
import polars as pl

import cxkit
from ui import export


def test_formula_like_cells_are_neutralised_in_every_format() -> None:
    frame = pl.DataFrame({"comment": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "fine", None], "n": [1] * 6})
    clean = export.neutralise(frame)
    assert clean["comment"].to_list() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "fine", None]
    assert clean["n"].to_list() == [1] * 6
    csv = export.to_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n=HYPERLINK" not in csv
    book = fastexcel.read_excel(export.to_excel({"comments": frame}))
    values = book.load_sheet(0).to_polars()["comment"].to_list()
    assert values[0].startswith("'=") and values[3] == "'@SUM(A1)"


def test_label_columns_are_neutralised_too() -> None:
    """Loaded label columns are Categorical (agents, channels) and statuses an Enum: a planted formula in an
    agent's name is as dangerous there as in free text."""
    frame = pl.DataFrame({"agent": ["=cmd|' /C calc'!A0", "Ana"], "status": ["open", "solved"]}).with_columns(
        pl.col("agent").cast(pl.Categorical), pl.col("status").cast(cxkit.SCHEMAS["tickets"]["status"].dtype))
    clean = export.neutralise(frame)
    assert clean["agent"].to_list() == ["'=cmd|' /C calc'!A0", "Ana"]
    assert clean["status"].to_list() == ["open", "solved"]
    book = fastexcel.read_excel(export.to_excel({"tickets": frame}))
    assert book.load_sheet(0).to_polars()["agent"].to_list()[0].startswith("'=")


def test_excel_sheet_names_are_made_valid_and_unique() -> None:
    frame = pl.DataFrame({"a": [1]})
    data = export.to_excel({"First response by channel/agent [x]": frame, "First response by channel/agent [y]": frame})
    names = fastexcel.read_excel(data).sheet_names
    assert len(names) == 2 and all(len(n) <= 31 and "/" not in n for n in names)


def test_charts_export_as_png_and_svg() -> None:
    import altair as alt

    chart = alt.Chart(pl.DataFrame({"x": ["a", "b"], "y": [1234.5, 2.0]})).mark_bar().encode(x="x:N", y="y:Q")
    png = export.chart_png(chart, "es")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
    svg = export.chart_svg(chart, "es").decode()
    assert svg.lstrip().startswith("<svg") and "1.200" in svg  # Spanish thousands separator on the axis


def test_headers_are_neutralised_and_every_text_field_quoted() -> None:
    frame = pl.DataFrame({"=HYPERLINK(\"http://x\")": ["Mail;=1+1", "a\tb"], "@SUM(1)": [1, 2],
                          "+cmd|' /C calc'!A0": ["x\"y", "line\nbreak"], "segment": ["-1", "ok"]})
    csv = export.to_csv(frame).decode("utf-8-sig")
    header, first = csv.splitlines()[:2]
    assert header == '"\'=HYPERLINK(""http://x"")","\'@SUM(1)","\'+cmd|\' /C calc\'!A0","segment"'
    assert first.startswith('"Mail;=1+1",1,"x""y"')  # one quoted cell for a ';' spreadsheet too
    for separator in (",", ";", "\t"):  # whatever a spreadsheet splits on, no cell starts a formula
        cells = [c.strip('"') for line in csv.splitlines() for c in _split(line, separator)]
        assert not any(c[:1] in "=+@" for c in cells if c), separator
    import csv as csv_module

    rows = list(csv_module.reader(io.StringIO(csv)))  # how a spreadsheet reads it back
    assert rows[0][0] == "'=HYPERLINK(\"http://x\")" and [r[2] for r in rows[1:]] == ["x\"y", "line\nbreak"]
    book = fastexcel.read_excel(export.to_excel({"t": frame})).load_sheet(0).to_polars()
    assert book.columns[:2] == ["'=HYPERLINK(\"http://x\")", "'@SUM(1)"]


def _split(line: str, separator: str) -> list[str]:
    """How a spreadsheet splits a CSV line on ``separator``, honouring quotes."""
    import csv

    return next(csv.reader([line], delimiter=separator, quotechar='"'))


def test_a_neutralised_header_never_collides_with_another() -> None:
    frame = pl.DataFrame({"=a": [1], "'=a": [2]})
    assert export.neutralise(frame).columns == ["''=a", "'=a"] or len(set(export.neutralise(frame).columns)) == 2


def test_esc_makes_file_text_inert() -> None:
    from ui.i18n import esc

    text = esc("![x](http://evil.example/a.png) **bold** [link](http://x) <img src=x> www.evil.example "
               "https://evil.example/p :red[x] &amp; a\n# Title\n===")
    import re

    assert "\n" not in text and "http://" not in text and "www." not in text
    assert re.search(r"(?<!\\)[\[\]()*<>!:#=&.]", text) is None  # every markdown character escaped
    assert text.replace("\\", "").replace("\u2060", "").startswith("![x](http://evil.example/a.png) **bold**")


def test_charts_draw_headers_with_colons_dots_and_brackets() -> None:
    import vl_convert as vlc

    from ui import charts

    for header in ("P3: Región", "Plan v1.2", "Canal [web]"):
        frame = pl.DataFrame({header: ["Norte", "Sur", "Este"], "nps": [10.0, 20.0, -5.0],
                              "nps_low": [0.0, 5.0, -20.0], "nps_high": [20.0, 35.0, 10.0]})
        for chart in (charts.interval_bars(frame, category=header, value="nps", low="nps_low", high="nps_high",
                                           x_title="NPS"),
                      charts.bars(frame, x=header, y="nps", color=header)):
            svg = vlc.vegalite_to_svg(chart.to_dict())
            assert all(label in svg for label in ("Norte", "Sur", "Este")), header
            assert "undefined" not in svg, header


def test_the_config_hides_error_details_from_browsers() -> None:
    import tomllib

    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_full_report_has_a_sheet_per_page() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    from ui import report

    view = at.session_state["_view"]
    data = report.build(view, 1440.0, cxkit.roi.examples()["faq_bot"].to_json())
    names = fastexcel.read_excel(data).sheet_names
    for expected in ("Overview", "NPS by period", "Churn", "Cohorts", "Ticket volume", "Ticket-type drift",
                     "Agent sales", "Discount codes", "ROI cases", "Definitions"):
        assert expected in names
    assert names[0] == "Cover"
    overview = fastexcel.read_excel(data).load_sheet("Overview").to_polars()
    assert "NPS" in overview["KPI"].to_list()


def test_the_report_in_spanish_has_a_cover_and_numbers_as_numbers() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from ui import report

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.sidebar.multiselect(key="flt::region").set_value(["Islas"]).run()
    view = at.session_state["_view"]
    data = report.build(view, 1440.0, None, "es", ["tickets_zendesk.csv", "pedidos.xlsx"])
    book = fastexcel.read_excel(data)
    assert book.sheet_names[:2] == ["Portada", "Resumen"]
    assert "Volumen de tickets" in book.sheet_names and "Overview" not in book.sheet_names
    cover = book.load_sheet("Portada").to_polars()
    text = " ".join(str(x) for row in cover.rows() for x in row)
    assert "01/10/2025 – 31/12/2025" in text and "Región" in text and "Islas" in text
    assert "tickets_zendesk.csv" in text and "pedidos.xlsx" in text
    overview = book.load_sheet("Resumen").to_polars()
    assert overview.schema["Valor"] == pl.Float64  # numbers, not text
    csat = overview.filter(pl.col("KPI") == "CSAT").row(0, named=True)
    assert 1 < csat["Valor"] <= 100 and csat["Unidad"] == "%"  # a rate as a percentage, not a fraction
    volume = book.load_sheet("Volumen de tickets").to_polars()
    assert {"Periodo", "Creados", "Resueltos", "Pendientes"} <= set(volume.columns)
