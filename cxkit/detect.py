"""Recognise which tool wrote an export, what kind of data it holds and which column is which.

Kept for older imports: the work is done by the import's stages, ``cxkit.ingest.candidates`` (scores from headers,
values and tools' signatures) and ``cxkit.ingest.decide`` (the kind and the mapping).
"""

from __future__ import annotations

from cxkit.ingest.candidates import detect_tool, normalise, register_tool, shared_prefix, value_fit
from cxkit.ingest.decide import Choice, Detection, detect, propose_mapping

__all__ = ["Choice", "Detection", "detect", "detect_tool", "normalise", "propose_mapping", "register_tool",
           "shared_prefix", "value_fit"]
