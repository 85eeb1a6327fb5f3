"""How the mapping editor explains cxkit's choices and offers the meanings of a file's own words."""

from __future__ import annotations

from cxkit.detect import Choice
from ui.i18n import N_, _, fmt_number

_REASONS = {
    "synonym": N_("a header this kind of export uses"),
    "words": N_("words in its header"),
    "values": N_("its values (no header names it)"),
    "tool": N_("the tool's own layout"),
    "user": N_("your choice"),
}


def why(column: str, choices: dict[str, Choice], mapping: dict[str, str | None]) -> str:
    """Why a source column was taken, in the user's language: the evidence and its score as a percentage."""
    if column in mapping:
        return _(_REASONS["user"])
    choice = choices.get(column)
    if choice is None:
        return ""
    text = f"{_(_REASONS[choice.reason]) if choice.reason in _REASONS else choice.reason} · {fmt_number(100 * choice.score)} %"
    if choice.runner_up:
        text += " · " + _("also possible: ") + choice.runner_up  # a table cell: plain text
    return text


# The values a label column can take, for the user to say what a word of the file means.
LABEL_CHOICES: dict[str, dict[str, str]] = {
    "status": {"new": N_("new"), "open": N_("open"), "pending": N_("pending"),
               "on_hold": N_("on hold"), "solved": N_("solved"), "closed": N_("closed")},
    "outcome": {"answered": N_("answered"), "abandoned": N_("abandoned"),
                "voicemail": N_("voicemail"), "other": N_("other")},
    "emotion": {"positive": N_("positive"), "neutral": N_("neutral"),
                "negative": N_("negative")},
    "nps_group": {"promoter": N_("promoter"), "passive": N_("passive"),
                  "detractor": N_("detractor")},
    "kind": {"upsell": N_("upsell"), "cross_sell": N_("cross-sell"),
             "save_the_sale": N_("save the sale"), "other": N_("other")},
}


def move_reused(before: dict[str, str | None], chosen: dict[str, str | None]
                ) -> tuple[dict[str, str | None], list[tuple[str, str, str]]]:
    """A column of the file chosen for a meaning that another meaning already had moves to the new one: the
    other meaning is left without a column (one column of the file gives one meaning). Returns the mapping to
    read the file with and the moves as ``(file's column, meaning it left, meaning it went to)``."""
    out = dict(chosen)
    moves: list[tuple[str, str, str]] = []
    for meaning, header in chosen.items():
        if header is None or before.get(meaning) == header:
            continue  # not a new choice
        for other, other_header in out.items():
            if other != meaning and other_header == header:
                out[other] = None
                moves.append((header, other, meaning))
    return out, moves


def moved_message(moves: list[tuple[str, str, str]], meaning_of: dict[str, str]) -> str:
    """What moved, in the user's language (``meaning_of``: a canonical column's meaning as the editor shows it)."""
    return " ".join(_("'{column}' now gives “{new}” and no longer “{old}”, which has no column now: choose one for it "
                      "if the file has it.", column=header, new=meaning_of.get(to, to), old=meaning_of.get(left, left))
                    for header, left, to in moves)
