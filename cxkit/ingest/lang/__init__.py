"""Header word files, one per language (en, es, pt, fr, de, it), registered like the value types and the tools.

A word file (``WordFile``) says, in one language, which words in a header name each canonical column (rules: a few
words that must all be in the header, ``*`` ending a prefix, with a weight 0..1), which words say a file holds a
kind of data, which words say a header is about something else than a column (a due date is not a creation time),
and which words describe how a contact was handled. The candidates stage reads the merged tables (``COLUMN_WORDS``,
``KIND_WORDS``, ``AVOID``, ``CONTACT_WORDS``); ``register`` and ``unregister`` rebuild them in place. A new language
is one module that calls ``register`` (built-in ones are found here; a plugin calls ``register`` itself).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from cxkit.schema import KINDS, Kind

__all__ = ["AVOID", "COLUMN_WORDS", "CONTACT_WORDS", "KIND_WORDS", "Rule", "WordFile", "register", "registered",
           "unregister"]

Rule = tuple[str, float]


@dataclass(frozen=True)
class WordFile:
    """The header words of one language (see the module)."""

    language: str
    columns: Mapping[str, Mapping[str, list[Rule]]] = field(default_factory=dict)  # kind → column → rules
    kinds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind → words
    avoid: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # column → words
    contact: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # evidence group → words


COLUMN_WORDS: dict[Kind, dict[str, list[Rule]]] = {}
KIND_WORDS: dict[Kind, tuple[str, ...]] = {}
AVOID: dict[str, tuple[str, ...]] = {}
CONTACT_WORDS: dict[str, tuple[str, ...]] = {}
_REGISTRY: dict[str, WordFile] = {}


def _rebuild() -> None:
    """The merged tables from every registered word file, rebuilt in place (their users hold the same dicts)."""
    COLUMN_WORDS.clear()
    KIND_WORDS.clear()
    AVOID.clear()
    CONTACT_WORDS.clear()
    for kind in KINDS:
        COLUMN_WORDS[kind] = {}
        KIND_WORDS[kind] = ()
    for words in _REGISTRY.values():
        for kind_name, columns in words.columns.items():
            for column, rules in columns.items():
                COLUMN_WORDS.setdefault(cast(Kind, kind_name), {}).setdefault(column, []).extend(rules)
        for kind_name, found in words.kinds.items():
            KIND_WORDS[cast(Kind, kind_name)] = (*KIND_WORDS.get(cast(Kind, kind_name), ()), *found)
        for column, found in words.avoid.items():
            AVOID[column] = (*AVOID.get(column, ()), *found)
        for group, found in words.contact.items():
            CONTACT_WORDS[group] = (*CONTACT_WORDS.get(group, ()), *found)


def register(words: WordFile) -> WordFile:
    """Add (or replace) a language's word file."""
    _REGISTRY[words.language] = words
    _rebuild()
    return words


def unregister(language: str) -> None:
    """Remove a language's word file (a plugin's, in a test's teardown)."""
    _REGISTRY.pop(language, None)
    _rebuild()


def registered() -> list[str]:
    """The languages whose word files are registered."""
    return list(_REGISTRY)


def _load_builtins() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_rebuild()
_load_builtins()
