"""ServiceNow incident exports and audit logs."""

from cxkit.tools import Signature, Tool, register

register(Tool("servicenow", "tickets", signatures=(
    Signature(all_of=("number", "opened at"), any_of=("incident state", "state", "assigned to", "caller id")),
)))
