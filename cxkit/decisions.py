"""What the import decided, how sure it was and what came next (kept for older imports: ``cxkit.ingest.decide``)."""

from __future__ import annotations

from cxkit.ingest.decide import KIND_UNSURE, Decision, decisions, unsure

__all__ = ["KIND_UNSURE", "Decision", "decisions", "unsure"]
