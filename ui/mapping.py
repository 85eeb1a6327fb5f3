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
