"""Shopify customers (Total Spent, Total Orders) and orders (Financial Status, one row per line item)."""

from cxkit.tools import Signature, Tool, register

register(Tool("shopify", "orders", signatures=(
    Signature(all_of=("total spent", "total orders"), kind="customers"),
    Signature(all_of=("financial status",), any_of=("lineitem name", "total", "name")),
)))
