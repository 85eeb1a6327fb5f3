"""The import reads as its stages (issue #26): cxkit/ingest holds one module per stage, each a function from values
to values; no function is over 60 lines, no stage takes a language, detection runs once per load, no stage changes
what it was given, and a table read once loads again (another kind, another mapping) without reading the file."""

from __future__ import annotations

import ast
import copy
import importlib
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import cxkit
from cxkit.ingest import pipeline
from cxkit.ingest import read as read_stage
from cxkit.ingest.columns import Plan
from cxkit.schema import required_columns
from tests.conftest import ROOT, SAMPLE

INGEST = ROOT / "cxkit" / "ingest"
MAX_LINES = 60
STAGES = ("read", "profile", "candidates", "decide", "assemble", "check", "words")


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_every_stage_has_its_module() -> None:
    for stage in STAGES:
        assert (INGEST / f"{stage}.py").is_file(), f"cxkit/ingest/{stage}.py (the {stage} stage) is missing"


def test_no_function_of_the_import_package_is_over_60_lines() -> None:
    too_long = [f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
                for path in sorted(INGEST.rglob("*.py")) for fn in _functions(path)
                if fn.end_lineno is not None and fn.end_lineno - fn.lineno + 1 > MAX_LINES]
    assert not too_long, "functions over 60 lines in cxkit/ingest: " + "; ".join(too_long)


def test_no_stage_takes_a_language() -> None:
    """Only the words module (and ``cxkit.load``, the public edge) may take ``lang``."""
    taking = []
    for path in sorted(INGEST.rglob("*.py")):
        if path.name == "words.py":
            continue
        for fn in _functions(path):
            names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
            if "lang" in names:
                taking.append(f"{path.relative_to(ROOT)}:{fn.name}")
    assert not taking, f"stages that take a language: {taking}"


def test_the_builder_class_is_gone_and_no_ingest_class_has_methods_beyond_properties() -> None:
    load_source = (ROOT / "cxkit" / "load.py").read_text(encoding="utf-8")
    assert "class _Builder" not in load_source
    stateful = []
    for path in sorted(INGEST.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = [f for f in node.body if isinstance(f, ast.FunctionDef)
                           and not any(isinstance(d, ast.Name) and d.id in ("property", "staticmethod")
                                       for d in f.decorator_list) and f.name not in ("cell", "matches")]
                if methods:
                    stateful.append(f"{path.name}:{node.name}({', '.join(m.name for m in methods)})")
    assert not stateful, f"classes holding behaviour across stages: {stateful}"


def test_detection_runs_once_per_load(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = pipeline.profile_table

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "profile_table", counting)
    loaded = cxkit.load(SAMPLE / "tickets_zendesk.csv")
    assert loaded.kind == "tickets"
    assert len(calls) == 1, f"every column was profiled {len(calls)} times in one load"


def _equal_loads(a: cxkit.Loaded, b: cxkit.Loaded) -> None:
    assert (a.kind, a.mapping, a.warnings, a.source, a.data_rows, a.name) == (
        b.kind, b.mapping, b.warnings, b.source, b.data_rows, b.name)
    assert_frame_equal(a.frame, b.frame)
    assert_frame_equal(a.rejected, b.rejected)
    assert_frame_equal(a.cell_issues, b.cell_issues)


@pytest.mark.parametrize("name", ["tickets_zendesk.csv", "encuestas_nps.csv", "pedidos.xlsx"])
def test_a_table_read_once_loads_like_the_file_and_is_not_read_again(name: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = SAMPLE / name
    if not path.is_file():
        pytest.skip(f"{name} is not in sample_data")
    from_bytes = cxkit.load(path.read_bytes(), name=name, lang="es")
    table = cxkit.read(path)
    reads: list[str] = []
    original = read_stage.read_table

    def counting(*args: object, **kwargs: object) -> object:
        reads.append("read")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    load_module = importlib.import_module("cxkit.load")
    monkeypatch.setattr(read_stage, "read_table", counting)
    monkeypatch.setattr(load_module, "read_table", counting)
    original_bytes = load_module.source_bytes

    def counting_bytes(*args: object, **kwargs: object) -> object:
        reads.append("bytes")
        return original_bytes(*args, **kwargs)

    monkeypatch.setattr(load_module, "source_bytes", counting_bytes)
    from_table = cxkit.load(table, lang="es")
    _equal_loads(from_bytes, from_table)
    assert reads == [], "loading a table already read read the file again"
    cxkit.load(path.read_bytes(), name=name)
    assert reads, "the reader's counter does not see a load from bytes: the check above proves nothing"


def test_a_table_read_once_takes_another_mapping_without_changing() -> None:
    table = cxkit.read(SAMPLE / "tickets_zendesk.csv")
    before = (table.frame.clone(), list(table.headers), copy.copy(table.warnings), dict(table.typed))
    first = cxkit.load(table)
    column, header = next((c, h) for c, h in first.mapping.items() if c not in ("ticket_id", "created_at"))
    second = cxkit.load(table, mapping={column: None})
    assert column not in second.mapping and column in first.mapping
    again = cxkit.load(table)
    _equal_loads(first, again)
    assert_frame_equal(table.frame, before[0])
    assert (table.headers, table.warnings, table.typed.keys()) == (before[1], before[2], before[3].keys())
    assert header in table.headers


@pytest.mark.parametrize("name", ["tickets_zendesk.csv", "encuestas_nps.csv", "suscripciones_stripe.csv",
                                  "pedidos.xlsx", "costes_equipo.csv"])
def test_a_kept_table_is_detected_once_and_every_mapping_gives_what_a_fresh_table_gives(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Data page's mapping change: the table kept from the first load keeps what detection found, so a load
    with another mapping (or back again, or with the kind given) runs only assemble and check, and answers exactly
    as a load of a table read afresh does."""
    from cxkit.ingest import pipeline

    table = cxkit.read(SAMPLE / name)
    first = cxkit.load(table)
    detections: list[object] = []
    original = pipeline.detection

    def counting(*args: object, **kwargs: object) -> object:
        detections.append(args)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    dropped = next(c for c in first.mapping if c not in required_columns(first.kind))
    asks: list[tuple[str | None, dict[str, str | None] | None]] = [
        (None, {dropped: None}), (None, None), (first.kind, None), (first.kind, {dropped: None}), (None, None)]
    monkeypatch.setattr(pipeline, "detection", counting)
    kept = [cxkit.load(table, kind=kind, mapping=mapping) for kind, mapping in asks]  # type: ignore[arg-type]
    assert len(detections) == 1, "the kind given was detected once, then kept; nothing else was detected again"
    monkeypatch.undo()
    for (kind, mapping), load in zip(asks, kept, strict=True):
        _equal_loads(load, cxkit.load(cxkit.read(SAMPLE / name), kind=kind, mapping=mapping))  # type: ignore[arg-type]
    assert dropped not in kept[0].mapping and kept[1].mapping == first.mapping


def test_a_table_whose_cells_changed_is_detected_again() -> None:
    """The kept detection belongs to the cells it looked at: a table given other cells is detected anew."""
    import dataclasses

    table = cxkit.read(SAMPLE / "tickets_zendesk.csv")
    cxkit.load(table)
    other = dataclasses.replace(table, frame=table.frame.head(50))  # shares the kept detections' dict
    assert cxkit.load(other).frame.height == 50
    assert table.detected[""][0] is other.frame  # detected anew, on the new cells


def test_assemble_returns_a_new_mapping_and_leaves_its_plan_alone() -> None:
    """A survey's 1–5 column detected as NPS is read as a rating: the mapping changes in what assemble returns,
    never in the plan it was given."""
    rows = "\n".join(f"r{i},2024-03-{i % 28 + 1:02d},{i % 5 + 1}" for i in range(40))
    data = f"response id,submitted at,nps score\n{rows}\n".encode()
    table = cxkit.read(data, name="answers.csv")
    mapping = {"response_id": "response id", "submitted_at": "submitted at", "nps_score": "nps score"}
    plan = Plan("responses", dict(mapping))
    from cxkit.ingest.assemble import assemble

    assembled = assemble(table, plan)
    assert dict(plan.mapping) == mapping, "assemble changed the mapping it was given"
    assert "nps_score" not in assembled.mapping and assembled.mapping["csat_score"] == "nps score"
    assert "csat_score" in assembled.frame.columns


def test_stage_errors_are_codes_worded_at_the_edge() -> None:
    with pytest.raises(cxkit.LoadError) as english:
        cxkit.load(b"", name="empty.csv")
    with pytest.raises(cxkit.LoadError) as spanish:
        cxkit.load(b"", name="empty.csv", lang="es")
    assert english.value.code == spanish.value.code == "empty_file"
    assert english.value.issue is not None and english.value.issue.params["name"] == "empty.csv"
    assert str(english.value) != str(spanish.value) and "vacío" in str(spanish.value)


def test_loaded_carries_its_warnings_as_codes_in_the_same_order() -> None:
    loaded = cxkit.load(SAMPLE / "tickets_zendesk.csv", lang="es")
    from cxkit.ingest.words import render

    assert [render(i, "es") for i in loaded.issues] == loaded.warnings
    assert all(isinstance(i.code, str) for i in loaded.issues)


def test_rejected_reasons_are_worded_in_the_users_language() -> None:
    data = b"ticket id,created at,status\n1,2024-01-02 10:00,open\n2,not a date,closed\n3,2024-01-03 09:00,open\n"
    english = cxkit.load(data, name="t.csv", kind="tickets")
    spanish = cxkit.load(data, name="t.csv", kind="tickets", lang="es")
    assert english.rejected["row"].to_list() == spanish.rejected["row"].to_list() == [2]
    assert "not a date" in english.rejected["reason"][0] and "not a date" in spanish.rejected["reason"][0]
    assert english.rejected["reason"][0] != spanish.rejected["reason"][0]
    assert pl.Series(english.warnings).str.contains("row 2").any()


def test_only_the_words_module_makes_sentences() -> None:
    """No stage calls the words module's renderers (``issues.fail`` gives an error its English default, which
    ``load`` words again in the user's language)."""
    calling = []
    for path in sorted(INGEST.rglob("*.py")):
        if path.name in ("words.py", "issues.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ("render", "render_all", "message", "row_reasons", "cell_reasons"):
                    calling.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not calling, f"stages that make sentences: {calling}"
