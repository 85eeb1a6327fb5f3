"""The ROI scenario as an editable table and back."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from cxkit import roi


def to_table(scenario: roi.Scenario) -> pl.DataFrame:
    """``owner, input, low, likely, high, distribution`` for every estimate of the scenario."""
    table = roi.inputs(scenario).with_columns(
        pl.col("input").str.extract(r"^(.*)\.[^.]+$").alias("owner"),
        pl.col("input").str.extract(r"\.([^.]+)$").alias("field"),
    )
    return table.select("owner", "field", "low", "likely", "high", "distribution", "kind")


def from_table(scenario: roi.Scenario, table: pl.DataFrame) -> roi.Scenario:
    """A new scenario with the edited values.

    Raises:
        roi.ScenarioError: An edited value is invalid (the message names it).
    """
    data: dict[str, Any] = json.loads(scenario.to_json())
    initiatives = {item["name"]: item for item in data["initiatives"]}
    for row in table.iter_rows(named=True):
        owner, name = row["owner"], row["field"]
        values = [row["low"], row["likely"], row["high"]]
        if any(v is None for v in values):
            raise roi.ScenarioError(f"{owner}.{name}: fill in low, likely and high")
        estimate: dict[str, Any] = {"low": float(values[0]), "likely": float(values[1]), "high": float(values[2])}
        if row.get("distribution") and row["distribution"] != "pert":
            estimate["distribution"] = row["distribution"]
        if owner == "baseline":
            data["baseline"][name] = estimate
        elif owner == "word_of_mouth":
            data.setdefault("word_of_mouth", {})[name] = estimate
        elif owner in initiatives:
            initiatives[owner][name] = estimate
    return roi.Scenario.from_dict(data)


def with_initiative(scenario: roi.Scenario, name: str) -> roi.Scenario:
    data = json.loads(scenario.to_json())
    data["initiatives"].append({"name": name})
    return roi.Scenario.from_dict(data)


def without_initiative(scenario: roi.Scenario, name: str) -> roi.Scenario:
    data = json.loads(scenario.to_json())
    data["initiatives"] = [i for i in data["initiatives"] if i["name"] != name]
    return roi.Scenario.from_dict(data)


def with_settings(scenario: roi.Scenario, *, horizon: int, rate: float) -> roi.Scenario:
    data = json.loads(scenario.to_json())
    data["horizon_months"], data["discount_rate"] = horizon, rate
    return roi.Scenario.from_dict(data)
