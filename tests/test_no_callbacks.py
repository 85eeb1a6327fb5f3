"""No Python callbacks inside polars on any path the app runs (issue #21).

A Python function handed to polars (``map_elements``, ``map_batches``, ``map_groups``, ``map_rows``,
``rolling_map``, ``apply``, ``pl.fold``...) runs on polars' thread pool. In a served app another session's
script thread can hold the GIL while it waits for that pool (``DataFrame.to_pandas``, a ``collect``), and the
pool threads wait for the GIL to run the callback: the whole server wedges (seen with eight visitors;
pola-rs/polars#27396, #26821). The callback also runs without Streamlit's ScriptRunContext, so anything it
asks of the session (the language) is wrong and logs a "missing ScriptRunContext" warning per cell.

The test reads the source (ast) of ui/, views/, app.py and cxkit/ (the pages call cxkit): any attribute call
with one of those names fails, whatever the object, and so does ``to_pandas``. A table handed to Streamlit
goes as Arrow (``.to_arrow()``), since Streamlit 1.67 converts a polars frame with ``to_pandas``.
Nothing is allowed silently: an exception must be named in ``ALLOWED`` with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

CALLBACK_METHODS = {"map_elements", "map_batches", "map_groups", "map_rows", "rolling_map", "apply"}
CALLBACK_FUNCTIONS = {"fold", "reduce", "cum_fold", "cum_reduce", "map_batches", "map_groups"}  # as pl.NAME(...)
OTHER_METHODS = {"to_pandas": "Streamlit and Altair take Arrow/polars; to_pandas waits on polars' pool with the GIL"}
STREAMLIT_TABLES = {"dataframe", "data_editor", "table"}  # st.NAME(frame...): the frame goes as .to_arrow()

# (file relative to the project, method name) -> why it must stay. Empty today: keep it so, or say why.
ALLOWED: dict[tuple[str, str], str] = {}


def sources() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in ("ui", "views", "cxkit"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def polars_aliases(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.asname or a.name for a in node.names if a.name == "polars"}
    return names


def findings(source: str, path: str) -> list[str]:
    """Every forbidden call in ``source``, as ``path:line: what``."""
    tree = ast.parse(source)
    polars = polars_aliases(tree) | {"pl"}
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        owner = node.func.value
        where = f"{path}:{node.lineno}"
        if isinstance(owner, ast.Name) and owner.id in polars and name in CALLBACK_FUNCTIONS:
            found.append(f"{where}: {owner.id}.{name}(...) runs a Python function on polars' thread pool")
        elif name in CALLBACK_METHODS:
            found.append(f"{where}: .{name}(...) runs a Python function on polars' thread pool")
        elif name in OTHER_METHODS:
            found.append(f"{where}: .{name}(): {OTHER_METHODS[name]}")
        elif (isinstance(owner, ast.Name) and owner.id == "st" and name in STREAMLIT_TABLES and node.args
              and not _is_arrow(node.args[0])):
            found.append(f"{where}: st.{name}(...) is given a frame, not .to_arrow(): Streamlit would call "
                         "polars' to_pandas")
    return found


def _is_arrow(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "to_arrow"


def test_no_python_callback_inside_polars_on_any_app_path() -> None:
    found: list[str] = []
    used: set[tuple[str, str]] = set()
    for file in sources():
        relative = file.relative_to(ROOT).as_posix()
        for line in findings(file.read_text(encoding="utf-8"), relative):
            method = next((m for m in (*CALLBACK_METHODS, *CALLBACK_FUNCTIONS, *OTHER_METHODS, *STREAMLIT_TABLES)
                           if f".{m}(" in line), "")
            if (relative, method) in ALLOWED:
                used.add((relative, method))
                continue
            found.append(line)
    assert not found, "Python callbacks inside polars (or a to_pandas) on the app's paths; write the values " \
        "with polars expressions, or format the few rows shown after taking them out (to_list):\n" + "\n".join(found)
    assert used == set(ALLOWED), f"allowed but no longer used, remove: {set(ALLOWED) - used}"


def test_the_scan_covers_the_app_and_the_library() -> None:
    files = {f.relative_to(ROOT).as_posix() for f in sources()}
    assert {"app.py", "ui/widgets.py", "views/page_roi.py", "views/page_beyond.py", "cxkit/load.py"} <= files


@pytest.mark.parametrize("code", [
    "pl.col('x').map_elements(str, return_dtype=pl.String)",
    "frame.with_columns(pl.struct('a', 'b').map_elements(lambda r: r['a']))",
    "frame['x'].map_elements(f)",
    "frame.group_by('a').map_groups(f)",
    "lazy.map_batches(f)",
    "pl.col('x').map_batches(f)",
    "frame.map_rows(f)",
    "pl.col('x').rolling_map(f, window_size=3)",
    "series.apply(f)",
    "pl.fold(pl.lit(0), lambda a, b: a + b, pl.all())",
    "frame.to_pandas()",
    "st.dataframe(frame, hide_index=True)",
    "st.data_editor(rows)",
])
def test_the_scan_finds_each_deadlocking_pattern(code: str) -> None:
    assert findings(f"import polars as pl\nimport streamlit as st\n{code}\n", "x.py")


@pytest.mark.parametrize("code", [
    "pl.col('x').round(1).cast(pl.String)",
    "pl.Series('x', [f(v) for v in frame['x'].to_list()])",
    "st.dataframe(frame.to_arrow(), hide_index=True)",
    "sorted(names, key=lambda n: n)",
])
def test_the_scan_lets_plain_code_through(code: str) -> None:
    assert findings(f"import polars as pl\nimport streamlit as st\n{code}\n", "x.py") == []
