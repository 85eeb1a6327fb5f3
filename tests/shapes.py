"""Seeded, realistic exports of the shapes that are not one row per ticket, written in memory."""

from __future__ import annotations

import datetime as dt

import numpy as np


def call_log(calls: int = 3000, seed: int = 7) -> bytes:
    """A contact centre's call log: several queues, busy hours, abandons that grow with the wait, H:MM:SS times."""
    rng = np.random.default_rng(seed)
    queues = ["Pedidos", "Devoluciones", "Facturación"]
    agents = ["Ana", "Luis", "Marta", "Pablo", "Elena"]
    lines = ["ID llamada;Fecha;Hora entrada;Cola;Agente;Resultado;Tiempo en cola;Tiempo de conversación;"
             "Tiempo en espera;Tiempo de cierre"]
    start = dt.datetime(2025, 3, 3)
    for i in range(calls):
        day = start + dt.timedelta(days=int(rng.integers(0, 28)))
        hour = int(rng.choice([9, 10, 11, 12, 13, 16, 17, 18], p=[0.1, 0.18, 0.17, 0.12, 0.08, 0.12, 0.13, 0.1]))
        moment = day.replace(hour=hour, minute=int(rng.integers(0, 60)), second=int(rng.integers(0, 60)))
        wait = int(rng.exponential(35))
        abandoned = rng.random() < min(0.6, wait / 240)
        talk = 0 if abandoned else int(rng.lognormal(np.log(200), 0.5))
        hold = 0 if abandoned else int(rng.exponential(20))
        wrap = 0 if abandoned else int(rng.exponential(40))

        def clock(seconds: int) -> str:
            return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"

        lines.append(";".join([
            f"L{i:05d}", moment.strftime("%d/%m/%Y"), moment.strftime("%H:%M:%S"), str(rng.choice(queues)),
            "" if abandoned else str(rng.choice(agents)), "Abandonada" if abandoned else "Atendida",
            clock(wait), clock(talk), clock(hold), clock(wrap),
        ]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")
