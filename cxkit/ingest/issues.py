"""What the import's stages say: problems and notes as codes with values (``Issue``), never sentences.

Only ``cxkit.ingest.words`` turns an ``Issue`` into a sentence, in the user's language, at the edge (``load``'s
messages). A value that itself needs words (a kind's name, a canonical column's name, a value type, a date
order, a unit) is a ``Term``; an ``Issue`` may hold another ``Issue`` as a value (a reason inside a message).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from cxkit.errors import LoadError

__all__ = ["CellIssues", "Issue", "RowReason", "Term", "fail", "issue"]


@dataclass(frozen=True)
class Term:
    """A word the words module names in the user's language: ``Term("kind", "responses")``.

    Tables: ``kind``, ``column`` (canonical column), ``type`` (value type), ``order`` (date order), ``unit``,
    ``outcome`` (a call's outcome), ``held`` (what a file named like Excel holds)."""

    table: str
    key: str


@dataclass(frozen=True)
class Issue:
    """A problem or a note: a stable ``code`` (the key of its sentence) and the values its sentence needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


def issue(code: str, /, **params: Any) -> Issue:
    """``Issue(code, params)`` with the values as keywords."""
    return Issue(code, dict(params))


def fail(code: str, /, *, error_code: str | None = None, **params: Any) -> LoadError:
    """The error of a stage that cannot go on. Its message is in English until ``load`` words it in the user's
    language (``LoadError.issue`` keeps the code and values). ``error_code``: the error's code when several
    messages share one (``bad_mapping``)."""
    from cxkit.ingest.words import render  # the words module is the one place sentences are made

    found = issue(code, **params)
    return LoadError(render(found, "en"), code=error_code or code, issue=found)


@dataclass(frozen=True)
class RowReason:
    """Why rows are rejected: ``mask`` marks them; ``cells`` (the cells as written), when given, fills the
    reason's ``{value}``."""

    reason: Issue
    mask: pl.Series
    cells: pl.Series | None = None


@dataclass(frozen=True)
class CellIssues:
    """Cells of optional columns that could not be read (``row``, ``column``, ``value``), all for one reason."""

    cells: pl.DataFrame
    reason: Issue
