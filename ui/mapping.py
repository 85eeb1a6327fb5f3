"""How the mapping editor explains cxkit's choices and offers the meanings of a file's own words."""

from __future__ import annotations

from cxkit.detect import Choice
from ui.i18n import L, fmt_number

_REASONS = {
    "synonym": ("a header this kind of export uses", "una cabecera que usa este tipo de exportación"),
    "words": ("words in its header", "palabras de su cabecera"),
    "values": ("its values (no header names it)", "sus valores (ninguna cabecera lo nombra)"),
    "tool": ("the tool's own layout", "el formato propio de la herramienta"),
    "user": ("your choice", "su elección"),
}


def why(column: str, choices: dict[str, Choice], mapping: dict[str, str | None]) -> str:
    """Why a source column was taken, in the user's language: the evidence and its score as a percentage."""
    if column in mapping:
        return L(*_REASONS["user"])
    choice = choices.get(column)
    if choice is None:
        return ""
    text = f"{L(*_REASONS.get(choice.reason, (choice.reason, choice.reason)))} · {fmt_number(100 * choice.score)} %"
    if choice.runner_up:
        text += " · " + L("also possible: ", "también posible: ") + choice.runner_up  # a table cell: plain text
    return text


# The values a label column can take, for the user to say what a word of the file means.
LABEL_CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "status": {"new": ("new", "nuevo"), "open": ("open", "abierto"), "pending": ("pending", "pendiente"),
               "on_hold": ("on hold", "en espera"), "solved": ("solved", "resuelto"), "closed": ("closed", "cerrado")},
    "outcome": {"answered": ("answered", "atendida"), "abandoned": ("abandoned", "abandonada"),
                "voicemail": ("voicemail", "buzón de voz"), "other": ("other", "otro")},
    "emotion": {"positive": ("positive", "positiva"), "neutral": ("neutral", "neutra"),
                "negative": ("negative", "negativa")},
    "nps_group": {"promoter": ("promoter", "promotor"), "passive": ("passive", "pasivo"),
                  "detractor": ("detractor", "detractor")},
    "kind": {"upsell": ("upsell", "venta adicional"), "cross_sell": ("cross-sell", "venta cruzada"),
             "save_the_sale": ("save the sale", "retención"), "other": ("other", "otro")},
}
