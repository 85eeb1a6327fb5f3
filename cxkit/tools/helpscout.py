"""Help Scout: conversations with a happiness rating (Great / Okay / Not Good)."""

import polars as pl

from cxkit._parse import fold
from cxkit.schema import Kind
from cxkit.tools import Export, Signature, Tool, register

_RATINGS = {"great", "okay", "not good"}


def _ratings(export: Export) -> Kind | bool | None:
    """A column of nothing but Help Scout's three ratings names the tool, whatever the headers."""
    if export.sample is None or any(s.matches(export.names) for s in _SIGNATURES):
        return False
    head = export.sample.head(500)
    for header in export.headers:
        if header in head.columns and head[header].dtype == pl.String:
            distinct = head[header].drop_nulls().unique()
            if 0 < len(distinct) <= 3 and {fold(v) for v in distinct.to_list()} <= _RATINGS:
                return None
    return False


_SIGNATURES = (Signature(all_of=("conversation number",), any_of=("rating", "happiness rating")),)

register(Tool("helpscout", "tickets", order=200, signatures=_SIGNATURES, check=_ratings))
