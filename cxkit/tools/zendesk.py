"""Zendesk: the legacy CSV export (Summation column, Requester id) and Explore reports in English and Spanish."""

from cxkit.tools import Signature, Tool, register

register(Tool("zendesk", "tickets", signatures=(
    Signature(all_of=("summation column", "requester id")),
    Signature(all_of=("first reply time in minutes", "requester")),
    Signature(all_of=("ticket id",), any_of=("ticket created timestamp", "ticket created date",
                                             "ticket satisfaction rating", "ticket solved timestamp")),
    Signature(all_of=("id del ticket",), any_of=("estado del ticket", "ticket creado marca de tiempo",
                                                 "nombre del agente asignado")),
)))
