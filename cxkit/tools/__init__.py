"""The tools whose exports cxkit knows by their signature, one module each, all registered in one table.

A tool module says which headers its exports always have (``Signature``), the kind of data they hold, and
how it writes dates when a column cannot tell (Google Forms' English ``Timestamp`` is month first). Adding a
tool is one module here that calls ``register`` (and a sample file and a test); a tool added from outside
cxkit (a notebook, a plugin) calls the same ``register``. Detection only uses a signature as evidence for the
kind: the columns are still matched by their words and values (``cxkit.detect``), except those a layout declares.

A tool that writes exports with no header row (phone systems) declares their positional layout (``Layout``): the
tool's name for each position, the canonical column each one holds, the column counts it is written with and the
shapes or words a few positions always hold. The read stage names such a file's columns by the layout it fits
(``layout_of``) instead of ``column 1``, ``column 2``...; the same names in a header row are read the same way:
the decide stage takes the columns the layout declares first, with ``tool`` as their evidence.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from cxkit._header_row import SHAPES
from cxkit.schema import Kind

__all__ = ["Export", "Layout", "Signature", "Tool", "layout_columns", "layout_differences", "layout_of", "match",
           "register", "registered"]


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
class Layout:
    """The positional columns of an export a tool writes with no header row.

    Attributes:
        fields: The tool's name for each position, in order (they become the headers).
        columns: ``{field: canonical column}``: what a position holds in the tool's kind.
        widths: The column counts the layout is written with (trailing fields are optional).
        shapes: ``{field: shape}``: positions whose filled cells always have a value shape of
            ``cxkit._header_row`` (``number``, ``date``, ``time``, ``email``).
        words: ``{field: words}``: positions whose cells always hold one of these words (any case).
        differences: ``{canonical column: (field, field)}``: a column the export holds as the difference of two
            fields, in the same unit (Asterisk's wait is ``duration`` − ``billsec``).
    """

    fields: tuple[str, ...]
    columns: dict[str, str]
    widths: tuple[int, ...]
    shapes: dict[str, str] = field(default_factory=dict)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    differences: dict[str, tuple[str, str]] = field(default_factory=dict)

    def named(self, headers: Sequence[str]) -> bool:
        """Whether these headers are the layout's fields in order (a header-less export the read stage named by
        this layout, or the same fields written as headers)."""
        return len(headers) in self.widths and [h.strip().lower() for h in headers] == list(
            self.fields[: len(headers)])

    def fits(self, frame: pl.DataFrame, sample_rows: int = 200, share: float = 0.95) -> bool:
        """Whether a table read with no header row (String cells) is written in this layout: its width is one of
        ``widths``; its first row is a record (each declared position it fills has the declared shape or word,
        two at least: a header row has words there) and, in its first ``sample_rows`` rows, at least ``share`` of
        the filled cells of each declared position do too."""
        if frame.width not in self.widths or frame.height == 0:
            return False
        sample = frame.head(sample_rows)
        checks = [*((name, SHAPES[shape]) for name, shape in self.shapes.items()),
                  *((name, "(?i)^(" + "|".join(re.escape(w) for w in words) + ")$")
                    for name, words in self.words.items())]
        first_fits = 0
        for name, pattern in checks:
            if self.fields.index(name) >= frame.width:
                continue  # an optional trailing field this file was written without
            cells = sample.to_series(self.fields.index(name)).cast(pl.String).str.strip_chars()
            filled = cells.is_not_null() & (cells != "")
            fit = cells.str.contains(pattern).fill_null(False) & filled
            if bool(filled[0]):
                if not bool(fit[0]):
                    return False
                first_fits += 1
            if int(filled.sum()) == 0 or int(fit.sum()) < share * int(filled.sum()):
                return False
        return first_fits >= 2


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
    layouts: tuple[Layout, ...] = ()  # the positional layouts of its exports with no header row


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
        if any(layout.named(export.headers) for layout in tool.layouts):
            return tool.name, tool.kind
    return None, None


def layout_of(frame: pl.DataFrame) -> tuple[str, Layout] | None:
    """The first registered tool whose positional layout a table with no header row fits, and that layout."""
    for tool in registered():
        for layout in tool.layouts:
            if layout.fits(frame):
                return tool.name, layout
    return None


def layout_columns(tool: str | None, names: Sequence[str]) -> dict[str, str]:
    """``{canonical column: name}`` for the names (normalised headers) a tool's layout gives a meaning to: the
    positions of a header-less export, or the same field names written as headers."""
    found: dict[str, str] = {}
    for known in registered():
        if known.name != tool:
            continue
        for layout in known.layouts:
            for name in names:
                column = layout.columns.get(name)
                if column is not None and column not in found:
                    found[column] = name
    return found


def layout_differences(tool: str | None, names: Sequence[str]) -> dict[str, tuple[str, str]]:
    """``{canonical column: (name, name)}`` for the columns a tool's layout computes as the difference of two of
    these names (normalised headers)."""
    present = set(names)
    found: dict[str, tuple[str, str]] = {}
    for known in registered():
        if known.name == tool:
            for layout in known.layouts:
                for column, (first, second) in layout.differences.items():
                    if first in present and second in present:
                        found.setdefault(column, (first, second))
    return found


_loaded = False


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
