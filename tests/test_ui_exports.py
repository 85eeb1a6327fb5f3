"""Exports: formula cells neutralised, Excel files that open, the full report, charts as images, and
workspace files that restore what was loaded."""

from __future__ import annotations

import io
import zipfile

import fastexcel
import polars as pl
import pytest

import cxkit
from tests.conftest import DATA, SAMPLE
from ui import export, workspace
from ui.state import Upload


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


def test_workspace_round_trip() -> None:
    uploads = {}
    for path in (DATA / "typeform.csv", SAMPLE / "suscripciones_stripe.csv"):
        upload = Upload(name=path.name, data=path.read_bytes())
        upload.loaded = cxkit.load(path)
        uploads[path.name] = upload
    scenario = cxkit.roi.examples()["faq_bot"].to_json()
    data = workspace.build(uploads, scenario)
    restored, scenario_back = workspace.open_workspace(data)
    assert scenario_back == scenario
    assert [u.name for u in restored] == ["typeform.csv", "suscripciones_stripe.csv"]
    for upload, original in zip(restored, uploads.values(), strict=True):
        reloaded = cxkit.load(upload.data, kind=upload.kind, mapping=upload.mapping, name=upload.name + ".parquet")
        assert original.loaded is not None
        canonical = [c for c in cxkit.SCHEMAS[reloaded.kind] if c in original.loaded.frame.columns]
        assert reloaded.frame.select(canonical).equals(original.loaded.frame.select(canonical))
        assert reloaded.rejected.height == 0


def test_workspace_errors_are_plain() -> None:
    with pytest.raises(workspace.WorkspaceError, match="not a cxkit workspace"):
        workspace.open_workspace(b"not a zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", '{"version": 7, "files": []}')
    with pytest.raises(workspace.WorkspaceError, match="version"):
        workspace.open_workspace(buffer.getvalue())


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
    overview = fastexcel.read_excel(data).load_sheet("Overview").to_polars()
    assert "NPS" in overview["kpi"].to_list()
