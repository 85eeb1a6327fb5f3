"""Exceptions raised by cxkit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxkit.ingest.issues import Issue

__all__ = ["CxkitError", "LoadError", "MetricError"]


class CxkitError(Exception):
    """Base class of every error cxkit raises on purpose."""


class LoadError(CxkitError, ValueError):
    """An input file could not be used.

    The message says what is wrong and what to do, in the language asked for.

    Attributes:
        code: A stable identifier of the problem (e.g. ``"empty_file"``), for programs and tests.
        issue: The code with the values its message was made from (``cxkit.ingest.issues.Issue``), when the
            import raised it: an interface can word it again in another language.
    """

    def __init__(self, message: str, *, code: str = "unreadable", issue: Issue | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.issue = issue


class MetricError(CxkitError, ValueError):
    """A metric was asked for with data or options it cannot work with.

    The message names the missing column or the bad option (in English, for a notebook). An interface words
    the problem from its code instead:

    Attributes:
        code: ``"needs_columns"`` when the data lacks columns the metric cannot do without (``needs`` says
            which), ``"bad_option"`` for an option out of its range.
        needs: The alternatives that would do, each a tuple of canonical columns that must all be there
            (``(("nps_score",), ("nps_group",))``: scores or groups); empty for ``"bad_option"``.
        metric: The metric's name, in English (``"Growth accounting"``), or ``""``.
    """

    def __init__(self, message: str, *, needs: tuple[tuple[str, ...], ...] = (), metric: str = "") -> None:
        super().__init__(message)
        self.needs = needs
        self.metric = metric
        self.code = "needs_columns" if needs else "bad_option"


def needs_columns(metric: str, *alternatives: tuple[str, ...], message: str) -> MetricError:
    """The error of a metric whose data lacks columns: ``alternatives`` are the sets of columns that would do."""
    return MetricError(message, needs=tuple(alternatives), metric=metric)
