"""Builders of small canonical frames for metric tests."""

from __future__ import annotations

import datetime as dt

import polars as pl

FRAME_KINDS = ["eager", "lazy"]


def as_kind(frame: pl.DataFrame, kind: str) -> pl.DataFrame | pl.LazyFrame:
    return frame.lazy() if kind == "lazy" else frame


def answers(promoters: int, passives: int, detractors: int, *, when: dt.datetime = dt.datetime(2024, 1, 15),
            **segments: str) -> pl.DataFrame:
    scores = [10] * promoters + [7] * passives + [3] * detractors
    frame = pl.DataFrame({"nps_score": pl.Series(scores, dtype=pl.Int8),
                          "submitted_at": pl.Series([when] * len(scores), dtype=pl.Datetime("us"))})
    return frame.with_columns(pl.lit(v).alias(k) for k, v in segments.items())
