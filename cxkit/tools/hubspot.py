"""HubSpot ticket exports."""

from cxkit.tools import Signature, Tool, register

register(Tool("hubspot", "tickets", signatures=(
    Signature(all_of=("ticket name", "pipeline")),
    Signature(all_of=("ticket name", "ticket owner")),
)))
