"""A language cxkit does not ship: Dutch header words for tickets (aangemaakt = created, opgelost = solved,
behandelaar = the agent who handled it, afhandeltijd = handling time)."""

from __future__ import annotations

from cxkit.ingest.lang import WordFile, register, unregister

DUTCH = WordFile(
    "nl",
    columns={
        "tickets": {
            "ticket_id": [("meldingsnummer", 0.95), ("melding*", 0.6)],
            "created_at": [("aangemaakt*", 0.85), ("gemeld*", 0.8)],
            "solved_at": [("opgelost*", 0.85), ("afgesloten*", 0.85)],
            "status": [("toestand", 0.85)],
            "agent": [("behandelaar*", 0.85)],
            "handle_minutes": [("afhandeltijd", 0.85), ("behandeltijd", 0.85)],
        },
    },
    kinds={"tickets": ("melding*", "storing*", "klacht*")},
    avoid={"created_at": ("verval*",)},
)


def install() -> None:
    register(DUTCH)


def uninstall() -> None:
    unregister("nl")
