"""Intercom conversation exports (time-zone suffixed headers) and its conversation ratings."""

from cxkit.tools import Signature, Tool, register

register(Tool("intercom", "tickets", signatures=(
    Signature(all_of=("conversation id", "conversation rating"), kind="responses"),
    Signature(all_of=("conversation id",), any_of=("conversation started at", "conversation created at",
                                                   "teammate currently assigned")),
)))
