"""Exceptions raised by cxkit."""

from __future__ import annotations

__all__ = ["CxkitError", "LoadError", "MetricError"]


class CxkitError(Exception):
    """Base class of every error cxkit raises on purpose."""


class LoadError(CxkitError, ValueError):
    """An input file could not be used.

    The message says what is wrong and what to do, in the language asked for.

    Attributes:
        code: A stable identifier of the problem (e.g. ``"empty_file"``), for programs and tests.
    """

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code


class MetricError(CxkitError, ValueError):
    """A metric was asked for with data or options it cannot work with.

    The message names the missing column or the bad option.
    """
