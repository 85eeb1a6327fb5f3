"""Exports with several rows per record, collapsed to one (part of the assemble stage): a ticket event log (one
row per change of a ticket) and an order export with one row per line item. Each function returns a new frame.
"""

from __future__ import annotations

import polars as pl

__all__ = ["collapse_events", "collapse_lines", "is_event_log", "is_line_items"]


def is_line_items(frame: pl.DataFrame) -> bool:
    """Several rows per order id: an invoice-line or Shopify line-item export."""
    if "order_id" not in frame.columns or frame.height < 2:
        return False
    ids = frame["order_id"].drop_nulls()
    return len(ids) > ids.n_unique() and ("quantity" in frame.columns or "unit_price" in frame.columns
                                          or len(ids) >= 1.2 * ids.n_unique())


def collapse_lines(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per order: the order's first time and customer, the sum of its line amounts (quantity × unit
    price where the export has no order total on every line), the number of lines and whether it was cancelled.

    Shopify repeats the order's total on its first line only (the other lines leave it empty): the total is then
    the order's largest stated amount, not a sum.
    """
    first_values = [pl.col(c).drop_nulls().first() for c in frame.columns
                    if c not in ("order_id", "amount", "quantity", "cancelled", "discount_amount")]
    line_total = frame["amount"] if "amount" in frame.columns else None
    repeated_total = line_total is not None and line_total.null_count() > 0 and "unit_price" in frame.columns
    aggregations = [*first_values, pl.len().alias("lines")]
    if "amount" in frame.columns:
        aggregations.append(pl.col("amount").max() if repeated_total else pl.col("amount").sum())
    if "quantity" in frame.columns:
        aggregations.append(pl.col("quantity").sum())
    if "discount_amount" in frame.columns:
        aggregations.append(pl.col("discount_amount").max())
    if "cancelled" in frame.columns:
        aggregations.append(pl.col("cancelled").any())
    collapsed = (
        frame.filter(pl.col("order_id").is_not_null())
        .group_by("order_id", maintain_order=True)
        .agg(*aggregations)
    )
    no_id = frame.filter(pl.col("order_id").is_null()).with_columns(pl.lit(1, dtype=pl.UInt32).alias("lines"))
    if no_id.height:
        collapsed = pl.concat([collapsed, no_id.select(collapsed.columns)], how="vertical_relaxed")
    order = [c for c in frame.columns if c in collapsed.columns] + ["lines"]
    return collapsed.select(order)


_LAST = ("solved_at", "updated_at")
_FIRST = ("created_at", "first_response_at")
_MOST = ("reopens", "agent_replies", "customer_messages")


def is_event_log(frame: pl.DataFrame) -> bool:
    """Several rows per ticket id with an update time: one row per change of a ticket (ServiceNow, audit logs)."""
    if "ticket_id" not in frame.columns or "updated_at" not in frame.columns or frame.height < 2:
        return False
    ids = frame["ticket_id"].drop_nulls()
    return len(ids) >= 2 and len(ids) >= 1.2 * ids.n_unique()


def collapse_events(frame: pl.DataFrame, *, derived: bool) -> pl.DataFrame:
    """One row per ticket: first opened, first response, last resolved, the latest value of everything else,
    the most reopens and replies, and the number of events."""
    aggregations = []
    for column in frame.columns:
        if column == "ticket_id":
            continue
        if column in _FIRST:
            aggregations.append(pl.col(column).min())
        elif column in _LAST or column in _MOST:
            aggregations.append(pl.col(column).max())
        else:
            aggregations.append(pl.col(column).drop_nulls().last())
    collapsed = (
        frame.filter(pl.col("ticket_id").is_not_null())
        .sort("ticket_id", "updated_at", nulls_last=False)
        .group_by("ticket_id", maintain_order=True)
        .agg(*aggregations, pl.len().alias("events"))
    )
    if derived and {"created_at", "solved_at"} <= set(collapsed.columns):
        minutes = (pl.col("solved_at") - pl.col("created_at")).dt.total_seconds() / 60
        collapsed = collapsed.with_columns(pl.when(minutes >= 0).then(minutes).alias("resolution_minutes"))
    return collapsed
