"""Value types, registered like pandera registers its dtypes: one module each, and a test.

A value type (``TypeDef``) declares:

- its ``name``;
- the canonical column types it can read (``serves``: the ``ColumnSpec.type`` values, such as ``"duration"``);
- how to recognise its values (``recognise``: a polars expression over the cleaned text cells, true where a cell
  looks like this type); the profile stage measures the share of each column's cells each registered type
  recognises (``ColumnProfile.recognised``);
- how well a profiled column fits it (``fit``: 0..1, the value evidence of the candidates stage);
- its parser (``parse``: cells and a ``Context`` in, a ``ColumnRead`` out), built from polars expressions only (no
  Python function runs inside polars; label tables are looked up once per distinct value, outside polars).

Several types may serve one column type: the column is read by the one whose fit is best on its profile (ties go
to the lower ``order``). Adding a type, or a date shape, is one module that calls ``register`` (built-in ones are
found here; a plugin, such as a test's, calls ``register`` itself) and a test.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from cxkit import _parse as P
from cxkit.ingest.issues import Issue
from cxkit.ingest.profile import ColumnProfile
from cxkit.schema import ColumnSpec, Kind

__all__ = ["ColumnRead", "Context", "TypeDef", "fit", "get", "reader", "recognisers", "register", "registered",
           "unregister"]


@dataclass(frozen=True)
class Context:
    """What a parser may need besides the cells: the column, its source header and the evidence around it."""

    column: str
    spec: ColumnSpec
    header: str
    kind: Kind
    typed: pl.Series | None = None  # the cells as the spreadsheet typed them (dates, durations), if it did
    cleaned: bool = True  # the cells went through ``P.clean`` (labels are cleaned per distinct value instead)
    hint: bool = False  # the file writes decimal commas (it is separated by semicolons)
    day_first: bool | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # the user's words for this column (folded)
    profile: ColumnProfile | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ColumnRead:
    """What reading one column gives: values to store (with their rejects), columns set as they are, notes."""

    stored: list[tuple[str, ColumnSpec, P.Parsed]] = field(default_factory=list)
    columns: dict[str, pl.Series] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    distinct: int | None = None  # distinct values of the table's id column, counted in the column's thread


Parser = Callable[[pl.Series, Context], ColumnRead]
Fit = Callable[[ColumnProfile, str, str], float]  # (profile, canonical column, column type) -> 0..1


@dataclass(frozen=True)
class TypeDef:
    """One value type (see the module)."""

    name: str
    serves: tuple[str, ...]
    parse: Parser
    fit: Fit
    recognise: pl.Expr | None = None  # over ``pl.col("cell")``, the cleaned text cells
    raw_for: tuple[str, ...] = ()  # column types for which it cleans each distinct value itself: gets raw cells
    order: int = 100
    description: str = ""


_REGISTRY: dict[str, TypeDef] = {}
_ORDERED: list[TypeDef] = []  # the registry by order, kept beside it (detection asks for it thousands of times)
_loaded = False


def register(value_type: TypeDef) -> TypeDef:
    """Add (or replace) a value type."""
    _REGISTRY[value_type.name] = value_type
    _ORDERED[:] = sorted(_REGISTRY.values(), key=lambda t: (t.order, t.name))
    return value_type


def unregister(name: str) -> None:
    """Remove a value type (a plugin's, in a test's teardown)."""
    _REGISTRY.pop(name, None)
    _ORDERED[:] = sorted(_REGISTRY.values(), key=lambda t: (t.order, t.name))


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def registered() -> list[TypeDef]:
    """Every registered type, by order then name."""
    _load_builtins()
    return list(_ORDERED)


def get(name: str) -> TypeDef:
    _load_builtins()
    return _REGISTRY[name]


def recognisers() -> dict[str, pl.Expr]:
    """The recognising expression of each type that declares one, by name (for the profile stage)."""
    return {t.name: t.recognise for t in registered() if t.recognise is not None}


def fit(spec: ColumnSpec, profile: ColumnProfile, column: str) -> float:
    """The best fit of a profiled column among the types that serve the column's type (0.5 when none does)."""
    _load_builtins()
    return max((t.fit(profile, column, spec.type) for t in _ORDERED if spec.type in t.serves), default=0.5)


def reader(spec: ColumnSpec, profile: ColumnProfile | None, column: str) -> TypeDef:
    """The type that reads a column: of those serving its type, the best fit on its profile (ties: lower order)."""
    serving = [t for t in registered() if spec.type in t.serves]
    if not serving:
        raise KeyError(f"no value type reads '{spec.type}' columns")
    if profile is None or profile.empty or len(serving) == 1:
        return serving[0]
    return max(serving, key=lambda t: (t.fit(profile, column, spec.type), -t.order))
