"""Freshdesk ticket exports, English and Spanish."""

from cxkit.tools import Signature, Tool, register

register(Tool("freshdesk", "tickets", signatures=(
    Signature(all_of=("agent interactions", "customer interactions")),
    Signature(all_of=("interacciones del agente", "interacciones del cliente")),
    Signature(all_of=("first response time", "resolution status", "created time")),
    Signature(all_of=("hora de creacion", "estado de resolucion")),
)))
