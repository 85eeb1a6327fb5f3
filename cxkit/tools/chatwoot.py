"""Chatwoot CSAT reports: a "Reporting period" line above the headers (English or Spanish)."""

import re

from cxkit.schema import Kind
from cxkit.tools import Export, Signature, Tool, register


def _report_title(export: Export) -> Kind | bool | None:
    if not re.search(r"reporting period|reportando el periodo", export.preamble, re.IGNORECASE):
        return False
    return "responses" if {"rating", "calificacion"} & export.names else None


register(Tool("chatwoot", "responses", order=10, check=_report_title, signatures=(
    Signature(all_of=("agent name", "rating", "feedback comment")),
    Signature(all_of=("nombre del agente", "calificacion", "comentario de opinion")),
)))
