"""The tools whose exports cxkit knows by their signature, one module each, all registered in one table.

A tool module says which headers its exports always have (``Signature``), the kind of data they hold, and
how it writes dates when a column cannot tell (Google Forms' English ``Timestamp`` is month first). Adding a
tool is one module here that calls ``register`` (and a sample file and a test); a tool added from outside
cxkit (a notebook, a plugin) calls the same ``register``. Detection only uses a signature as evidence for the
kind: the columns are still matched by their words and values (``cxkit.detect``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from cxkit.schema import Kind

__all__ = ["Export", "Signature", "Tool", "match", "register", "registered"]


@dataclass(frozen=True)
class Export:
    """What a tool's signature is matched against: the headers (as written and normalised), a report title
    above them and a sample of the cells."""

    headers: Sequence[str]
    names: frozenset[str]
    preamble: str = ""
    sample: pl.DataFrame | None = None


@dataclass(frozen=True)
class Signature:
    """Normalised headers an export always has: all of ``all_of`` and, when given, one of ``any_of``."""

    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    kind: Kind | None = None  # the kind this layout holds, when it differs from the tool's

    def matches(self, names: frozenset[str]) -> bool:
        return all(n in names for n in self.all_of) and (not self.any_of or any(n in names for n in self.any_of))


@dataclass(frozen=True)
class Tool:
    """One tool: its name, the kind its exports hold, its signatures, the date order of headers it always writes
    the same way (normalised header → day first?), and an optional check of its own, tried before the
    signatures (``check(export)`` returns the kind, ``None`` for "this tool, kind unknown", or ``False`` for
    "the check does not tell")."""

    name: str
    kind: Kind | None
    signatures: tuple[Signature, ...] = ()
    day_first: dict[str, bool] = field(default_factory=dict)
    check: Callable[[Export], Kind | bool | None] | None = None
    order: int = 100  # tools with a check of their own that must run before the others use a lower number


_REGISTRY: dict[str, Tool] = {}


def register(tool: Tool) -> Tool:
    """Add (or replace) a tool in the one table detection reads."""
    _REGISTRY[tool.name] = tool
    return tool


def registered() -> list[Tool]:
    """Every registered tool, in the order detection tries them."""
    _load_builtins()
    return sorted(_REGISTRY.values(), key=lambda tool: tool.order)


def match(export: Export) -> tuple[str | None, Kind | None]:
    """The first registered tool whose check or signature fits the export, and the kind it implies."""
    for tool in registered():
        if tool.check is not None:
            found = tool.check(export)
            if found is not False:
                return tool.name, found if isinstance(found, str) else None
        for signature in tool.signatures:
            if signature.matches(export.names):
                return tool.name, signature.kind or tool.kind
    return None, None


_loaded = False


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
