"""How much one upload may cost, stated once: the caps every reader checks before it expands a file, and the
memory and time a bounded worker process (``cxkit.load_isolated``) gives one load.

The caps are checked against what a file *would* become (the real inflated size of an Excel file's parts, the
largest cell reference in a sheet, the rows a Parquet file declares), so a small hostile file is refused before
it takes the memory it asks for. The UI states them from ``DEFAULT_LIMITS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits", "active_limits", "limits_in_effect"]

MIB = 2**20
GIB = 2**30


@dataclass(frozen=True)
class Limits:
    """Caps on one upload.

    Attributes:
        max_file_bytes: The uploaded file itself.
        max_expanded_bytes: The parts of an Excel file once inflated, counted while inflating (the sizes a zip
            declares are not trusted).
        max_text_bytes: The text of one sheet's cells once its shared strings are copied into every cell that
            uses them (a long string used many times is small in the file and large in memory).
        max_rows: Data rows of one table (a Parquet file's declared rows, a text file's lines, a sheet's extent).
        max_columns: Columns of one table.
        max_cells: Rows × columns of one table (for a sheet: up to its largest cell reference).
        memory_bytes: Address space of the worker process of ``load_isolated``.
        seconds: Wall time of the worker process of ``load_isolated``.
    """

    max_file_bytes: int = 200 * MIB
    max_expanded_bytes: int = 512 * MIB
    max_text_bytes: int = 256 * MIB
    max_rows: int = 5_000_000
    max_columns: int = 2_000
    max_cells: int = 100_000_000  # a dense 1M-row × 100-column table
    memory_bytes: int = 6 * GIB
    seconds: float = 120.0


DEFAULT_LIMITS = Limits()

_ACTIVE: ContextVar[Limits] = ContextVar("cxkit_limits", default=DEFAULT_LIMITS)


def active_limits() -> Limits:
    """The caps the readers apply now: ``DEFAULT_LIMITS`` unless ``limits_in_effect`` says otherwise."""
    return _ACTIVE.get()


@contextmanager
def limits_in_effect(limits: Limits) -> Iterator[None]:
    """Apply ``limits`` to every load in this context (the worker process of ``load_isolated`` uses it, so that
    ``cxkit.load`` keeps its signature)."""
    token = _ACTIVE.set(limits)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
