"""Kept for older imports: the profile stage now lives in ``cxkit.ingest.profile``."""

from cxkit.ingest.profile import ColumnProfile, looks_like_question, profile_column, profile_table

__all__ = ["ColumnProfile", "looks_like_question", "profile_column", "profile_table"]
