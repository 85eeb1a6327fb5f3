"""Ticket status words in six languages, matched by stem and common abbreviation.

The label table in ``cxkit._parse`` knows whole status texts. Exports also write a status in a language that
table does not hold (``Geschlossen``, ``Risolto``, ``Fermé``) or shortened by the tool (``RESOL``, ``CLSD``,
``Fech.``): such a text is read by its words. A word matches a stem (``resol*``), or is an abbreviation of a
known status word: its first letters (four or more: ``resol``, ``fech``, ``comp``) or its consonants
(``clsd``, ``rslvd``). A text is read as a status only when all its matched words agree; otherwise it stays
its own text and is listed, as before.
"""

from __future__ import annotations

import re
from functools import cache

from cxkit._parse import STATUS_LABELS

__all__ = ["STATUS_STEMS", "status_by_stem"]

# status → words, grouped by language; ``*`` ends a stem
STATUS_STEMS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"new": ("new", "unassigned"), "open": ("open*", "progress*", "assigned", "active", "reopen*", "wip"),
           "pending": ("pend*", "wait*", "await*"), "on_hold": ("hold", "suspend*", "paused", "deferred"),
           "solved": ("solv*", "resolv*", "resol", "fixed", "complet*", "done", "finished"),
           "closed": ("clos*", "clsd", "cancel*", "archiv*", "spam")},
    "es": {"new": ("nuev*",), "open": ("abiert*", "asignad*", "curso", "progreso", "proceso", "reabiert*"),
           "pending": ("pendient*", "esperando"), "on_hold": ("suspendid*", "pausad*"),
           "solved": ("resuelt*", "solucionad*", "terminad*", "finalizad*", "completad*"),
           "closed": ("cerrad*", "cancelad*", "archivad*", "anulad*")},
    "pt": {"new": ("novo", "nova"), "open": ("abert*", "andamento", "atendimento", "reabert*"),
           "pending": ("pendent*", "aguard*"), "on_hold": ("suspens*", "pausad*"),
           "solved": ("resolvid*", "concluid*", "finalizad*", "atendid*", "solucionad*"),
           "closed": ("fech*", "encerr*", "cancelad*", "arquivad*")},
    "fr": {"new": ("nouve*",), "open": ("ouvert*", "cours", "assigne*", "attribue*", "rouvert*"),
           "pending": ("attente",), "on_hold": ("suspendu*",),
           "solved": ("resolu*", "regle*", "termine*"),
           "closed": ("ferme*", "clotur*", "clos", "annule*", "archive*")},
    "de": {"new": ("neu",), "open": ("offen", "bearbeitung", "zugewiesen", "eroffnet", "eroeffnet"),
           "pending": ("wartend", "ausstehend"), "on_hold": ("zuruckgestellt", "zurueckgestellt", "angehalten",
                                                            "pausiert"),
           "solved": ("gelost", "geloest", "erledigt", "behoben"),
           "closed": ("geschlossen", "abgeschlossen", "storniert", "archiviert")},
    "it": {"new": ("nuov*",), "open": ("apert*", "lavorazione", "assegnat*", "riapert*"),
           "pending": ("attesa",), "on_hold": ("sospes*",),
           "solved": ("risolt*", "evas*", "completat*"),
           "closed": ("chius*", "annullat*", "archiviat*")},
}

_VOWELS = re.compile(r"(?<=.)[aeiou]")


def _skeleton(word: str) -> str:
    """A word's consonants after its first letter, doubled ones once: ``closed`` → ``clsd``."""
    return re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", word))


@cache
def _entries() -> tuple[tuple[str, str, bool], ...]:
    """(word or stem, status, is a stem) for every language, and the one-word statuses of the label table."""
    stems = [(word.rstrip("*"), status, word.endswith("*"))
             for words in STATUS_STEMS.values() for status, stems in words.items() for word in stems]
    whole = [(key, str(status), False) for key, status in STATUS_LABELS.items()
             if isinstance(status, str) and key.isalpha()]
    return tuple(stems + whole)


def _word_status(token: str) -> set[str]:
    found: set[str] = set()
    for word, status, stem in _entries():
        exact = token == word or (stem and token.startswith(word))
        shortened = len(token) >= 4 and word.startswith(token)  # the first letters: resol, fech., comp
        if exact or shortened:
            found.add(status)
        elif len(token) >= 3 and len(word) >= 5 and token == _skeleton(word) and not _VOWELS.search(token):
            found.add(status)  # the consonants: clsd, rslvd
    return found


@cache
def status_by_stem(folded: str) -> str | None:
    """The status a folded cell names by its words' stems or abbreviations, or ``None`` (none, or disagreeing)."""
    found: set[str] = set()
    for token in re.split(r"[^a-z0-9]+", folded):
        if len(token) >= 3 and not token.isdigit():
            found |= _word_status(token)
    return found.pop() if len(found) == 1 else None
