"""Kept for older imports: the import's sentences now live in ``cxkit.ingest.words``."""

from cxkit.ingest.words import Lang, column_name, kind_name, message, order_name, render, type_name

__all__ = ["Lang", "column_name", "kind_name", "message", "order_name", "render", "type_name"]
