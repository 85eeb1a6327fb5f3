"""Stripe subscriptions and customers: headers carry "(UTC)" or "(metadata)"."""

import re

from cxkit.schema import Kind
from cxkit.tools import Export, Signature, Tool, register

_SIGNATURES = (
    Signature(all_of=("customer id",), any_of=("canceled at", "ended at", "current period end")),
    Signature(all_of=("id", "created"), any_of=("email", "delinquent")),
)


def _stripe(export: Export) -> Kind | bool | None:
    if not any(re.search(r"\((utc|metadata)\)", h, re.I) for h in export.headers):
        return False
    return "customers" if any(s.matches(export.names) for s in _SIGNATURES) else False


register(Tool("stripe", "customers", check=_stripe))
