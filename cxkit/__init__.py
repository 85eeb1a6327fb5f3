"""cxkit: customer-experience metrics and ROI from the spreadsheets support, survey and billing
tools export.

>>> import cxkit
>>> loaded = cxkit.load("sample_data/tickets_zendesk.csv")
>>> loaded.kind
'tickets'
"""

from __future__ import annotations

from cxkit.detect import detect, normalise
from cxkit.errors import CxkitError, LoadError, MetricError
from cxkit.load import Loaded, load, load_bytes
from cxkit.schema import KINDS, SCHEMAS, ColumnSpec, Kind, canonical_columns, required_columns

__all__ = [
    "KINDS",
    "SCHEMAS",
    "ColumnSpec",
    "CxkitError",
    "Kind",
    "LoadError",
    "Loaded",
    "MetricError",
    "canonical_columns",
    "detect",
    "load",
    "load_bytes",
    "normalise",
    "required_columns",
]

__version__ = "0.1.0"
