"""Seeded, realistic synthetic data at any size: tickets, survey answers and customers in the canonical model,
and a Spanish-Excel CSV export of the tickets (``;``, cp1252, dd/mm/yyyy hh:mm, decimal commas)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from cxkit.schema import SCHEMAS, Kind

CHANNELS = ["Mail", "Chat", "Teléfono", "WhatsApp", "Web"]
TYPES = ["Envío retrasado", "Devolución", "Pago", "Producto dañado", "Suscripción", "Consulta", "Punto de recogida"]
AGENTS = [f"Agente {i:02d}" for i in range(25)]
REGIONS = ["Madrid", "Cataluña", "Andalucía", "Norte", "Islas"]
PLANS = ["Básico", "Plus", "Premium"]
START = dt.datetime(2024, 1, 1)


def tickets(n: int, seed: int = 1, customers: int = 50_000) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    seconds = rng.integers(0, 730 * 86400, n)
    created = np.datetime64(START) + seconds.astype("timedelta64[s]")
    frt = rng.lognormal(np.log(120), 1.2, n)
    frt[rng.random(n) < 0.02] = np.nan
    resolution = frt + rng.lognormal(np.log(600), 1.0, n)
    solved = rng.random(n) < 0.97
    status = np.where(solved, np.where(rng.random(n) < 0.7, "closed", "solved"), rng.choice(["open", "pending"], n))
    late_types = rng.random(n) < np.clip((seconds / 86400 - 600) / 130, 0, 1) * 0.2
    types = np.where(late_types, "Punto de recogida", rng.choice(TYPES[:-1], n))
    satisfied = np.where(rng.random(n) < 0.4, np.where(rng.random(n) < 0.8, 1, 0), -1)
    return pl.DataFrame({
        "ticket_id": pl.Series(np.arange(1, n + 1)).cast(pl.String),
        "created_at": pl.Series(created).cast(pl.Datetime("us")),
        "solved_at": pl.Series(np.where(solved, created + (resolution * 60).astype("timedelta64[s]"),
                                        np.datetime64("NaT"))).cast(pl.Datetime("us")),
        "status": status,
        "channel": rng.choice(CHANNELS, n, p=[0.35, 0.25, 0.15, 0.1, 0.15]),
        "ticket_type": types,
        "agent": rng.choice(AGENTS, n),
        "customer_id": pl.Series(rng.integers(1, customers + 1, n)).cast(pl.String),
        "first_response_minutes": frt,
        "resolution_minutes": np.where(solved, resolution, np.nan),
        "agent_replies": rng.poisson(1.2, n) + 1,
        "reopens": (rng.random(n) < 0.08).astype(np.int64),
        "satisfied": pl.Series(satisfied).replace_strict({1: True, 0: False, -1: None}, return_dtype=pl.Boolean),
    }).with_columns(pl.col("first_response_minutes", "resolution_minutes").fill_nan(None))


def responses(n: int, seed: int = 2) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    seconds = rng.integers(0, 730 * 86400, n)
    region = rng.choice(REGIONS, n, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    mean = np.where(region == "Islas", 6.5, 8.0)
    scores = np.clip(np.round(rng.normal(mean, 2.0)), 0, 10).astype(np.int8)
    return pl.DataFrame({
        "response_id": pl.Series(np.arange(n)).cast(pl.String),
        "submitted_at": pl.Series(np.datetime64(START) + seconds.astype("timedelta64[s]")).cast(pl.Datetime("us")),
        "nps_score": scores,
        "region": region,
        "plan": rng.choice(PLANS, n, p=[0.5, 0.35, 0.15]),
    })


def customers(n: int, seed: int = 3) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    acquired = np.datetime64(START) + rng.integers(0, 700 * 86400, n).astype("timedelta64[s]")
    lifetime = rng.geometric(0.04, n) * 30 * 86400
    churned = acquired + lifetime.astype("timedelta64[s]")
    end = np.datetime64(START + dt.timedelta(days=730))
    return pl.DataFrame({
        "customer_id": pl.Series(np.arange(1, n + 1)).cast(pl.String),
        "acquired_at": pl.Series(acquired).cast(pl.Datetime("us")),
        "churned_at": pl.Series(np.where(churned < end, churned, np.datetime64("NaT"))).cast(pl.Datetime("us")),
        "mrr": rng.choice([19.0, 29.0, 49.0], n, p=[0.5, 0.35, 0.15]),
        "plan": rng.choice(PLANS, n, p=[0.5, 0.35, 0.15]),
    })


def as_loaded(frame: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """The frame with the column types ``cxkit.load`` gives (statuses as an Enum, labels as Categorical)."""
    specs = SCHEMAS[kind]
    return frame.with_columns(pl.col(c).cast(specs[c].dtype) for c in frame.columns if c in specs)


def spanish_excel_csv(frame: pl.DataFrame) -> bytes:
    """The tickets as a Spanish Excel saves them: ';', cp1252, dd/mm/yyyy hh:mm, decimal commas, Spanish headers."""
    out = frame.select(
        pl.col("ticket_id").alias("ID del ticket"),
        pl.col("created_at").dt.strftime("%d/%m/%Y %H:%M").alias("Hora de creación"),
        pl.col("solved_at").dt.strftime("%d/%m/%Y %H:%M").alias("Hora de resolución"),
        pl.col("status").replace({"closed": "Cerrado", "solved": "Resuelto", "open": "Abierto", "pending": "Pendiente"})
        .alias("Estado"),
        pl.col("channel").alias("Origen"), pl.col("ticket_type").alias("Tipo"), pl.col("agent").alias("Agente"),
        pl.col("customer_id").alias("ID del contacto"),
        (pl.col("first_response_minutes") / 60).round(2).cast(pl.String).str.replace(".", ",", literal=True)
        .alias("Tiempo de primera respuesta (en horas)"),
        pl.col("agent_replies").alias("Interacciones del agente"),
    )
    return out.write_csv(separator=";").encode("cp1252")
