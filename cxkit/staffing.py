"""Staffing: how many agents an interval needs for a service-level target (Erlang C, and Erlang A when callers
abandon), what each staffing level gives, and what the plan costs a month.

Units: traffic in Erlangs (calls per second × handle seconds), times in seconds, service level, occupancy,
probability of waiting and abandon rate as fractions 0..1. Every model function is vectorised over numpy
arrays; Erlang B is computed by its recursion, so large traffic never overflows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl
from numpy.typing import ArrayLike, NDArray
from scipy import special

from cxkit._common import Frame, columns_of, get_engine, lazy, require
from cxkit.errors import MetricError, needs_columns

__all__ = [
    "MODEL_REASONS",
    "Patience",
    "agents_needed",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "patience_estimate",
    "patience_seconds",
    "staffing",
    "staffing_cost",
    "staffing_levels",
]

Floats = NDArray[np.float64]
Model = Literal["auto", "erlang_c", "erlang_a"]
_MAX_AGENTS = 100_000
# Why ``staffing`` used the model it did (the ``model_reason`` column; the app words each code).
MODEL_REASONS: dict[str, str] = {
    "patience_given": "Erlang A with the mean patience given (patience=)",
    "patience_estimated": "Erlang A with the mean patience estimated from the calls (maximum likelihood)",
    "erlang_c_chosen": "Erlang C, as asked (model='erlang_c')",
    "no_abandoned_calls": "Erlang C: no call with a known wait was abandoned, so there is no patience to estimate",
    "abandoned_waits_missing": "Erlang C: the abandoned calls carry no wait, so the callers' patience cannot be "
    "estimated; give patience= to plan with Erlang A",
    "answered_waits_missing": "Erlang C: the answered calls carry no wait, so the callers' patience cannot be "
    "estimated; give patience= to use Erlang A",
    "zero_waits": "Erlang C: every known wait is 0 seconds, so the callers' patience cannot be estimated",
    "no_wait_data": "Erlang C: no waits and outcomes of calls ('wait_seconds', 'outcome') to estimate patience",
}


def _arrays(*values: ArrayLike) -> list[Floats]:
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in values))
    return [np.atleast_1d(np.array(a, dtype=np.float64)) for a in arrays]


def erlang_b(agents: ArrayLike, traffic: ArrayLike) -> Floats:
    """Erlang B blocking probability B(n, A) by the recursion B(0) = 1, B(k) = A·B(k−1) ÷ (k + A·B(k−1)).

    Stable for any traffic (no factorials or powers). ``agents`` are whole numbers ≥ 0 (broadcast with
    ``traffic``, in Erlangs ≥ 0). Returns fractions 0..1.
    """
    n, a = _arrays(agents, traffic)
    if np.any(n < 0) or np.any(a < 0) or np.any(n != np.round(n)):
        raise MetricError("agents must be whole numbers ≥ 0 and traffic ≥ 0")
    out = np.ones_like(a)
    top = int(n.max()) if n.size else 0
    if top > _MAX_AGENTS:
        raise MetricError(f"at most {_MAX_AGENTS:,} agents are modelled, got {top:,}")
    b = np.ones_like(a)
    for k in range(1, top + 1):
        b = a * b / (k + a * b)
        out = np.where(n == k, b, out)
    return out


def _erlang_c_from_b(n: Floats, a: Floats, b: Floats) -> Floats:
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1 - b))
    return np.where(n > a, c, 1.0)


def erlang_c(
    agents: ArrayLike,
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    handle_seconds: ArrayLike,
    target_seconds: float = 20.0,
) -> pl.DataFrame:
    """Erlang C (M/M/n, callers never hang up) for ``calls`` arriving in ``interval_seconds``, each handled in
    ``handle_seconds`` on average, with ``agents`` on the phone (all broadcast together).

    With traffic A = calls × handle ÷ interval (Erlangs) and n agents:

    - ``p_wait`` = C(n, A) = n·B ÷ (n − A(1 − B)), B the Erlang B of (n, A); 1 when n ≤ A (the queue grows);
    - ``service_level`` = 1 − C·e^{−(n − A)·t ÷ handle}, the share answered within ``target_seconds`` t (0 when
      n ≤ A);
    - ``asa_seconds`` = C·handle ÷ (n − A), the average speed of answer over all calls (null when n ≤ A);
    - ``occupancy`` = A ÷ n (capped at 1).

    Returns one row per broadcast element: ``agents, calls, interval_seconds, handle_seconds, traffic, p_wait,
    service_level, asa_seconds, occupancy``. Empty arrays give an empty frame.

    Raises:
        MetricError: Negative or fractional agents, negative calls, or non-positive interval or handle time.
    """
    n, calls_, interval, handle = _arrays(agents, calls, interval_seconds, handle_seconds)
    _check(calls_, interval, handle)
    a = calls_ * handle / interval
    b = erlang_b(n, a)
    c = _erlang_c_from_b(n, a, b)
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        level = np.where(stable, 1 - c * np.exp(-(n - a) * target_seconds / handle), 0.0)
        level = np.where(calls_ > 0, level, 1.0)  # no calls: nobody waits
        c = np.where(calls_ > 0, c, 0.0)
        asa = np.where(stable, c * handle / (n - a), np.nan)
        occupancy = np.where(n > 0, np.minimum(a / n, 1.0), np.nan)
    return pl.DataFrame({
        "agents": n.astype(np.int64), "calls": calls_, "interval_seconds": interval, "handle_seconds": handle,
        "traffic": a, "p_wait": c, "service_level": level, "asa_seconds": asa, "occupancy": occupancy,
    }).with_columns(pl.col("asa_seconds", "occupancy").fill_nan(None))


def _check(calls: Floats, interval: Floats, handle: Floats) -> None:
    if np.any(calls < 0) or np.any(~np.isfinite(calls)):
        raise MetricError("calls must be finite and ≥ 0")
    if np.any(interval <= 0) or np.any(handle <= 0):
        raise MetricError("interval_seconds and handle_seconds must be > 0")


def _log_a(x: Floats, y: Floats) -> Floats:
    """log A(x, y), A(x, y) = x·e^y·y^(−x)·γ(x, y) = 1 + Σ_{j≥1} y^j ÷ Π_{k=1..j}(x + k) (Mandelbaum & Zeltyn).

    The closed form through the regularised lower incomplete gamma when y > x, the series otherwise (it then
    converges geometrically and the incomplete gamma may underflow)."""
    return np.log1p(_a_minus_1(x, y))


def _a_minus_1(x: Floats, y: Floats) -> Floats:
    """A(x, y) − 1, accurately also when it is tiny; ``inf`` where it overflows."""
    out = np.empty_like(x)
    big = y > x
    if big.any():
        xb, yb = x[big], y[big]
        with np.errstate(divide="ignore", over="ignore"):
            log_a = np.log(xb) + yb - xb * np.log(yb) + special.gammaln(xb) + np.log(special.gammainc(xb, yb))
            out[big] = np.expm1(log_a)
    small = ~big
    if small.any():
        xs, ys = x[small], y[small]
        term = np.ones_like(xs)
        total = np.zeros_like(xs)
        for j in range(1, 1_000_000):
            term = term * ys / (xs + j)
            total += term
            if not np.any(term > 1e-17 * np.maximum(total, 1e-300)):
                break
        out[small] = total
    return out


def erlang_a(
    agents: ArrayLike,
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    handle_seconds: ArrayLike,
    patience_seconds: ArrayLike,
    target_seconds: float = 20.0,
) -> pl.DataFrame:
    """Erlang A (Palm's M/M/n+M: callers hang up after an exponential patience with mean ``patience_seconds``).

    With λ = calls ÷ interval, μ = 1 ÷ handle, θ = 1 ÷ patience, x = nμ/θ, y = λ/θ, B the Erlang B of
    (n, λ/μ) and A(x, y) = 1 + Σ_{j≥1} y^j ÷ Π_{k=1..j}(x + k) (Mandelbaum & Zeltyn 2005):

    - π_n = B ÷ (1 + (A(x, y) − 1)·B); ``p_wait`` = P(W > 0) = A(x, y)·π_n;
    - ``abandon_rate`` = P(Ab) = π_n·(A(x, y) − (x/y)(A(x, y) − 1)), the share of calls that hang up;
    - the share answered after waiting longer than t, with z = y·e^{−θt}:
      π_n·e^{−(θ + nμ)t}·e^{y(1 − e^{−θt})}·(x/z)·(A(x, z) − 1);
    - ``service_level`` = 1 − P(Ab) − that share: answered within ``target_seconds`` ÷ all calls (abandoned
      calls count as missed, as ``call_service(abandon_rule="as_missed")``);
    - ``avg_wait_seconds`` = P(Ab) ÷ θ, the mean time in queue over all calls, answered or not (Little's law
      for the queue: λ·P(Ab) = θ·E[queue]);
    - ``asa_seconds``, the average speed of answer of answered calls: a caller who finds i others waiting is
      answered with probability x ÷ (x + i + 1) and then waited on average (x ÷ (θ(x + i + 1)))·(ψ(x + i + 2) −
      ψ(x + 1)) ÷ that probability (ψ the digamma function); averaged over i with the stationary weights
      y^i ÷ Π_{k=1..i}(x + k) and divided by P(answered);
    - ``occupancy`` = λ(1 − P(Ab)) ÷ (nμ), the busy share of agents (only answered calls need an agent).

    As the patience grows without bound the results tend to Erlang C's. Unlike Erlang C the queue is always
    stable, so there is an answer for any staffing level, even fewer agents than the traffic.

    Returns: ``agents, calls, interval_seconds, handle_seconds, patience_seconds, traffic, p_wait, abandon_rate,
    service_level, avg_wait_seconds, asa_seconds, occupancy``.

    Raises:
        MetricError: Negative or fractional agents, negative calls, or non-positive interval, handle time or
            patience.
    """
    n, calls_, interval, handle, patience = _arrays(agents, calls, interval_seconds, handle_seconds,
                                                    patience_seconds)
    _check(calls_, interval, handle)
    if np.any(patience <= 0):
        raise MetricError("patience_seconds must be > 0")
    lam, mu, theta = calls_ / interval, 1 / handle, 1 / patience
    traffic = lam / mu
    b = erlang_b(n, traffic)
    x = n * mu / theta
    y = lam / theta
    p_wait, p_ab, answered_after = (np.zeros_like(x) for _ in range(3))
    live = (lam > 0) & (n > 0)
    none = (lam > 0) & (n == 0)  # nobody to answer: every caller waits and hangs up
    p_wait[none], p_ab[none] = 1.0, 1.0
    if live.any():
        xl, yl, bl, tl, nl, mul = x[live], y[live], b[live], theta[live], n[live], mu[live]
        am1 = _a_minus_1(xl, yl)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            inv_a = 1 / (1 + am1)  # 1/A, 0 where A overflows
            # P(W>0) = A·B ÷ (1 + (A − 1)B) = 1 ÷ (1/(A·B) + 1 − 1/A)
            pw = 1 / (inv_a / bl + 1 - inv_a)
            pi_n = pw * inv_a
            served_given_wait = (xl / yl) * am1 * inv_a  # (x/y)(A − 1)/A
            pab = pw * (1 - served_given_wait)
            t = target_seconds
            z = yl * np.exp(-tl * t)
            after_log = (np.log(pi_n) - (tl + nl * mul) * t + yl * (-np.expm1(-tl * t)) + np.log(xl / z)
                         + np.log(_a_minus_1(xl, z)))
            after = np.where(pi_n > 0, np.exp(after_log), 0.0)
        p_wait[live] = np.nan_to_num(pw, nan=1.0)
        p_ab[live] = np.clip(np.nan_to_num(pab, nan=1.0), 0, 1)
        answered_after[live] = np.nan_to_num(after, nan=0.0)
    level = np.clip(1 - p_ab - answered_after, 0, 1)
    level = np.where(lam > 0, level, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        occupancy = np.where(n > 0, lam * (1 - p_ab) / (n * mu), np.nan)
    return pl.DataFrame({
        "agents": n.astype(np.int64), "calls": calls_, "interval_seconds": interval, "handle_seconds": handle,
        "patience_seconds": patience, "traffic": traffic, "p_wait": p_wait, "abandon_rate": p_ab,
        "service_level": level, "avg_wait_seconds": p_ab * patience,
        "asa_seconds": _answered_wait(x, y, theta, p_wait, p_ab, live), "occupancy": occupancy,
    }).with_columns(pl.col("asa_seconds", "occupancy").fill_nan(None))


def _answered_wait(x: Floats, y: Floats, theta: Floats, p_wait: Floats, p_ab: Floats, live: NDArray[np.bool_]
                   ) -> Floats:
    """Mean wait of answered calls in Erlang A: E[wait · 1{answered}] ÷ P(answered), the first term as
    P(W > 0) × the mean over the queue found on arrival (weights y^i ÷ (x + 1)_i, normalised in logs) of
    (x ÷ (θ(x + i + 1)))·(ψ(x + i + 2) − ψ(x + 1))."""
    out = np.full_like(x, np.nan)
    for k in np.flatnonzero(live):
        xk, yk = float(x[k]), float(y[k])
        size = int(max(yk - xk, 0) + 12 * np.sqrt(max(xk, yk)) + 50)
        i = np.arange(size, dtype=np.float64)
        log_w = i * np.log(yk) - (special.gammaln(xk + 1 + i) - special.gammaln(xk + 1))
        w = np.exp(log_w - log_w.max())
        g = xk / (theta[k] * (xk + i + 1)) * (special.digamma(xk + i + 2) - special.digamma(xk + 1))
        served = 1 - p_ab[k]
        out[k] = p_wait[k] * float((w * g).sum() / w.sum()) / served if served > 0 else np.nan
    out[~live] = np.where(p_wait[~live] == 0, 0.0, np.nan)
    return out


def agents_needed(
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    handle_seconds: ArrayLike,
    target_level: float = 0.8,
    target_seconds: float = 20.0,
    patience_seconds: ArrayLike | None = None,
    max_occupancy: float | None = None,
) -> NDArray[np.int64]:
    """The fewest agents whose service level (share answered within ``target_seconds``) reaches
    ``target_level`` (0..1), per broadcast element; Erlang C, or Erlang A when ``patience_seconds`` is given.

    With Erlang C the agents always exceed the traffic (otherwise the queue grows without end). With
    ``max_occupancy`` (0..1) the agents also keep occupancy at or under it. No calls need 0 agents.

    Raises:
        MetricError: A target outside 0..1 (1 itself cannot be reached), or bad inputs (see ``erlang_c``).
    """
    if not 0 < target_level < 1:
        raise MetricError(f"target_level is a fraction between 0 and 1 (exclusive), got {target_level}")
    if max_occupancy is not None and not 0 < max_occupancy <= 1:
        raise MetricError(f"max_occupancy is a fraction between 0 and 1, got {max_occupancy}")
    if patience_seconds is None:
        calls_, interval, handle = _arrays(calls, interval_seconds, handle_seconds)
        patience = np.full_like(calls_, np.inf)
    else:
        calls_, interval, handle, patience = _arrays(calls, interval_seconds, handle_seconds, patience_seconds)
        if np.any(patience <= 0):
            raise MetricError("patience_seconds must be > 0")
    _check(calls_, interval, handle)
    a = calls_ * handle / interval
    # start near the answer: Erlang C needs more than A agents; with Erlang A the answered share is at most
    # n ÷ A, so fewer than A × target agents cannot meet the target
    start = np.where(np.isinf(patience), np.floor(a) + 1, np.maximum(np.ceil(a * target_level), 1))
    if max_occupancy is not None:
        start = np.maximum(start, np.ceil(a / max_occupancy))
    # bisection per element: `low` never meets the target (or is 0 with no calls), `high` always does
    low = np.where(calls_ > 0, start - 1, 0.0)
    high = np.where(calls_ > 0, start, 0.0)
    args = (calls_, interval, handle, patience, target_seconds)
    unmet = (_level(high, *args) < target_level - 1e-12) & (calls_ > 0)
    while unmet.any():
        low = np.where(unmet, high, low)
        high = np.where(unmet, np.maximum(high * 2, high + 1), high)
        if high.max() > _MAX_AGENTS:
            raise MetricError(f"more than {_MAX_AGENTS:,} agents would be needed")
        unmet = (_level(high, *args) < target_level - 1e-12) & (calls_ > 0)
    while True:
        gap = high - low > 1
        if not gap.any():
            break
        mid = np.where(gap, np.floor((low + high) / 2), high)
        met = _level(mid, *args) >= target_level - 1e-12
        high = np.where(gap & met, mid, high)
        low = np.where(gap & ~met, mid, low)
    return high.astype(np.int64)


def _level(n: Floats, calls: Floats, interval: Floats, handle: Floats, patience: Floats, target: float) -> Floats:
    out = np.empty_like(n)
    c = np.isinf(patience)
    if c.any():
        out[c] = erlang_c(n[c], calls=calls[c], interval_seconds=interval[c], handle_seconds=handle[c],
                          target_seconds=target)["service_level"].to_numpy()
    if (~c).any():
        out[~c] = erlang_a(n[~c], calls=calls[~c], interval_seconds=interval[~c], handle_seconds=handle[~c],
                           patience_seconds=patience[~c], target_seconds=target)["service_level"].to_numpy()
    return out


def staffing_levels(
    *,
    calls: float,
    interval_seconds: float,
    handle_seconds: float,
    target_seconds: float = 20.0,
    agents: ArrayLike | None = None,
    patience_seconds: float | None = None,
) -> pl.DataFrame:
    """What each staffing level gives for one interval: Erlang C (or Erlang A with ``patience_seconds``) for
    ``agents`` (default: from just above the traffic to where 99 % are answered in time).

    Returns the rows of ``erlang_c`` or ``erlang_a``, one per staffing level.
    """
    if agents is None:
        traffic = calls * handle_seconds / interval_seconds
        first = max(1, math.floor(traffic) + 1 if patience_seconds is None else math.floor(traffic * 0.5))
        last = int(agents_needed(calls=calls, interval_seconds=interval_seconds, handle_seconds=handle_seconds,
                                 target_level=0.99, target_seconds=target_seconds,
                                 patience_seconds=patience_seconds)[0])
        agents = np.arange(first, max(first, last) + 1)
    if patience_seconds is None:
        return erlang_c(agents, calls=calls, interval_seconds=interval_seconds, handle_seconds=handle_seconds,
                        target_seconds=target_seconds)
    return erlang_a(agents, calls=calls, interval_seconds=interval_seconds, handle_seconds=handle_seconds,
                    patience_seconds=patience_seconds, target_seconds=target_seconds)


@dataclass(frozen=True)
class Patience:
    """Result of ``patience_estimate``.

    Attributes:
        seconds: Mean patience 1 ÷ θ̂ in seconds, or None (see ``reason``).
        reason: None when estimated; else a ``MODEL_REASONS`` code: ``"no_abandoned_calls"``,
            ``"abandoned_waits_missing"``, ``"answered_waits_missing"`` or ``"zero_waits"``.
        abandoned: Abandoned calls (the events), with or without a wait.
        answered: Answered calls (censored patience), with or without a wait.
        waited_seconds: The exposure Σ waits, missing waits counted at their outcome's mean known wait.
        abandoned_without_wait: Abandoned calls whose wait is missing.
        answered_without_wait: Answered calls whose wait is missing.
    """

    seconds: float | None
    reason: str | None
    abandoned: int
    answered: int
    waited_seconds: float
    abandoned_without_wait: int
    answered_without_wait: int


def patience_estimate(calls: Frame) -> Patience:
    """Callers' patience by maximum likelihood with censoring, patience being exponential with rate θ: an
    abandoned call's wait is its caller's patience (an event), an answered call's wait is a lower bound of it
    (censored). The likelihood Π θe^(−θw) over abandoned × Π e^(−θw) over answered is largest at

        θ̂ = abandoned ÷ (Σ waits of abandoned + Σ waits of answered),   mean patience = 1 ÷ θ̂

    (Mandelbaum & Zeltyn: θ̂ = P(Ab) ÷ E[W]). A wait that is null or NaN is missing: such a call still counts
    (an abandoned one is still an event) and its wait is taken as the mean known wait of its outcome (missing
    at random within abandoned and within answered calls; with every wait known this is the plain MLE). Dividing
    by the abandoned calls that have a wait only would understate patience when waits are missing for
    abandoned calls alone, as exports often do. No estimate, with a reason code, when no abandoned call has a
    known wait (``"abandoned_waits_missing"`` if some were abandoned, ``"no_abandoned_calls"`` if none), when
    answered calls have no known wait at all (``"answered_waits_missing"``) or when every known wait is 0
    (``"zero_waits"``). Other outcomes (e.g. voicemail) are left out.

    Raises:
        MetricError: No ``wait_seconds`` or no ``outcome`` column, or a negative wait.
    """
    data = lazy(calls)
    require(data, "wait_seconds", "outcome", metric="Caller patience")
    wait = pl.col("wait_seconds").cast(pl.Float64).fill_nan(None)
    outcome = pl.col("outcome").cast(pl.String)
    abandoned, answered = outcome == "abandoned", outcome == "answered"
    row = data.select(
        wait.filter(abandoned).sum().alias("abandoned_waits"),
        wait.filter(answered).sum().alias("answered_waits"),
        wait.filter(abandoned | answered).min().alias("lowest"),
        (abandoned & wait.is_not_null()).sum().alias("abandoned_known"),
        (answered & wait.is_not_null()).sum().alias("answered_known"),
        (abandoned & wait.is_null()).sum().alias("abandoned_missing"),
        (answered & wait.is_null()).sum().alias("answered_missing"),
    ).collect(engine=get_engine()).row(0, named=True)
    if row["lowest"] is not None and row["lowest"] < 0:
        raise MetricError(f"Caller patience needs waits of 0 seconds or more; the lowest is {row['lowest']:g}.")
    known_ab, known_an = int(row["abandoned_known"] or 0), int(row["answered_known"] or 0)
    missing_ab, missing_an = int(row["abandoned_missing"] or 0), int(row["answered_missing"] or 0)
    events, censored = known_ab + missing_ab, known_an + missing_an
    waited = 0.0
    reason = None
    if known_ab == 0:
        reason = "abandoned_waits_missing" if missing_ab else "no_abandoned_calls"
    elif known_an == 0 and missing_an:
        reason = "answered_waits_missing"
    else:
        waited = float(row["abandoned_waits"] or 0.0) * events / known_ab
        waited += float(row["answered_waits"] or 0.0) * censored / known_an if known_an else 0.0
        if waited <= 0:
            reason = "zero_waits"
    return Patience(seconds=None if reason else waited / events, reason=reason, abandoned=events,
                    answered=censored, waited_seconds=waited, abandoned_without_wait=missing_ab,
                    answered_without_wait=missing_an)


def patience_seconds(calls: Frame) -> float | None:
    """Mean caller patience in seconds: ``patience_estimate(calls).seconds`` (maximum likelihood, answered
    waits censored); None without an estimate.

    Raises:
        MetricError: No ``wait_seconds`` or no ``outcome`` column, or a negative wait.
    """
    return patience_estimate(calls).seconds


def staffing(
    contacts: Frame,
    *,
    target_level: float = 0.8,
    target_seconds: float = 20.0,
    handle_seconds: float | None = None,
    model: Model = "auto",
    patience: float | None = None,
    max_occupancy: float | None = None,
    time_column: str | None = None,
    interval_minutes: int = 60,
) -> pl.DataFrame:
    """Agents needed per weekday (1 = Monday) and interval of the day (``interval_minutes``: 15, 20, 30 or 60)
    to answer ``target_level`` of contacts within ``target_seconds`` (e.g. 80 % in 20 s), from calls or tickets.

    Contacts per interval are the average over the days of that weekday in the data's date range (days without
    contacts count as 0); ``contacts_per_hour`` is the same rate per hour. The handle time is
    ``handle_seconds`` or, from the data, the mean of talk + hold + after-call work over answered calls, or the
    mean ``handle_minutes`` of tickets. ``model``: ``"erlang_c"``;
    ``"erlang_a"`` with the mean ``patience`` in seconds, estimated from the calls (``patience_estimate``) when
    not given; ``"auto"`` uses Erlang A with ``patience`` when given, else with the estimate, and Erlang C when
    there is no estimate (no abandoned calls, or abandoned calls without waits: never a made-up patience).

    Returns ``weekday, hour, minute`` (the interval's start), ``interval_minutes, days, contacts,
    contacts_per_interval, contacts_per_hour, handle_seconds, traffic, agents, service_level,
    occupancy, p_wait`` plus ``asa_seconds`` (and with Erlang A ``abandon_rate, avg_wait_seconds``), ``model``,
    ``model_reason`` (a ``MODEL_REASONS`` code: why that model) and ``patience_seconds`` (the mean patience
    used, null with Erlang C). An empty table gives an empty result.

    Raises:
        MetricError: No time column, no handle time in the data or options, an unknown model or interval.
    """
    if interval_minutes not in (15, 20, 30, 60):
        raise MetricError(f"interval_minutes must be 15, 20, 30 or 60, got {interval_minutes}")
    if model not in ("auto", "erlang_c", "erlang_a"):
        raise MetricError(f"model must be 'auto', 'erlang_c' or 'erlang_a', got {model!r}")
    data = lazy(contacts)
    names = columns_of(data)
    column = time_column or next((c for c in ("started_at", "created_at") if c in names), "started_at")
    require(data, column, metric="Staffing")
    handle = handle_seconds if handle_seconds is not None else _handle_from(data, names)
    if handle is None or not handle > 0:
        raise needs_columns("Staffing", ("talk_seconds",), ("handle_minutes",),
                            message="Staffing needs a handle time: talk/hold/wrap seconds of calls, 'handle_minutes' "
                                    "of tickets, or handle_seconds=.")
    mean_patience, reason = _patience_for(data, names, model, patience)
    use_a = mean_patience is not None
    times = data.select(pl.col(column)).filter(pl.col(column).is_not_null())
    minute = (pl.col(column).dt.minute() // interval_minutes * interval_minutes).cast(pl.Int8)
    counts = (times.group_by(pl.col(column).dt.weekday().cast(pl.Int8).alias("weekday"),
                             pl.col(column).dt.hour().cast(pl.Int8).alias("hour"), minute.alias("minute"))
              .agg(pl.len().alias("contacts")).collect(engine=get_engine()))
    span = (times.select(pl.col(column).min().dt.date().alias("a"), pl.col(column).max().dt.date().alias("b"))
        .collect(engine=get_engine()))
    if counts.height == 0:
        return _empty_staffing(use_a)
    first, last = span.row(0)
    days = pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)}).group_by(
        pl.col("day").dt.weekday().cast(pl.Int8).alias("weekday")).agg(pl.len().alias("days"))
    slots = pl.DataFrame({"hour": [h for h in range(24) for _ in range(0, 60, interval_minutes)],
                          "minute": [m for _ in range(24) for m in range(0, 60, interval_minutes)]},
                         schema={"hour": pl.Int8, "minute": pl.Int8})
    table = (days.join(slots, how="cross")
             .join(counts, on=["weekday", "hour", "minute"], how="left")
             .with_columns(pl.col("contacts").fill_null(0).cast(pl.Int64), pl.col("days").cast(pl.Int64),
                           pl.lit(interval_minutes, pl.Int64).alias("interval_minutes"))
             .with_columns((pl.col("contacts") / pl.col("days")).alias("contacts_per_interval"))
             .with_columns((pl.col("contacts_per_interval") * 60 / interval_minutes).alias("contacts_per_hour"))
             .sort("weekday", "hour", "minute"))
    per_interval = table["contacts_per_interval"].to_numpy().astype(np.float64)
    seconds = interval_minutes * 60.0
    agents = agents_needed(calls=per_interval, interval_seconds=seconds, handle_seconds=handle,
                           target_level=target_level, target_seconds=target_seconds, patience_seconds=mean_patience,
                           max_occupancy=max_occupancy)
    if use_a:
        assert mean_patience is not None
        model_rows = erlang_a(agents, calls=per_interval, interval_seconds=seconds, handle_seconds=handle,
                              patience_seconds=mean_patience, target_seconds=target_seconds)
        extra = ["abandon_rate", "avg_wait_seconds", "asa_seconds"]
    else:
        model_rows = erlang_c(agents, calls=per_interval, interval_seconds=seconds, handle_seconds=handle,
                              target_seconds=target_seconds)
        extra = ["asa_seconds"]
    model_rows = model_rows.with_columns(
        pl.when(pl.col("agents") == 0).then(None).otherwise(pl.col(c)).alias(c) for c in ("occupancy", "p_wait"))
    return pl.concat([
        table.select("weekday", "hour", "minute", "interval_minutes", "days", "contacts", "contacts_per_interval",
                     "contacts_per_hour"),
        model_rows.select("handle_seconds", "traffic", "agents", "service_level", "occupancy", "p_wait", *extra),
    ], how="horizontal").with_columns(pl.lit("erlang_a" if use_a else "erlang_c").alias("model"),
                                      pl.lit(reason).alias("model_reason"),
                                      pl.lit(mean_patience, pl.Float64).alias("patience_seconds"))


def _patience_for(data: pl.LazyFrame, names: list[str], model: Model,
                  patience: float | None) -> tuple[float | None, str]:
    """The mean patience Erlang A uses (None: Erlang C) and the ``MODEL_REASONS`` code of the choice."""
    if patience is not None and not (math.isfinite(patience) and patience > 0):
        raise MetricError(f"patience must be a number of seconds > 0, got {patience}")
    if model == "erlang_c":
        return None, "erlang_c_chosen"
    if patience is not None:
        return float(patience), "patience_given"
    if {"wait_seconds", "outcome"} <= set(names):
        estimate = patience_estimate(data)
        if estimate.seconds is not None:
            return estimate.seconds, "patience_estimated"
        reason = str(estimate.reason)
    else:
        reason = "no_wait_data"
    if model == "erlang_a":
        raise MetricError("Erlang A needs the callers' patience: abandoned calls with 'wait_seconds' and "
                          f"'outcome', or patience= ({MODEL_REASONS[reason]}).")
    return None, reason


def _handle_from(data: pl.LazyFrame, names: list[str]) -> float | None:
    parts = [c for c in ("talk_seconds", "hold_seconds", "wrap_seconds") if c in names]
    if parts:
        answered = (pl.col("outcome") == "answered") if "outcome" in names else (pl.col("talk_seconds") > 0)
        total = pl.sum_horizontal(pl.col(c).fill_null(0) for c in parts)
        value = data.select(total.filter(answered.fill_null(False)).mean()).collect(engine=get_engine()).item()
        return float(value) if value is not None else None
    if "handle_minutes" in names:
        value = data.select(pl.col("handle_minutes").mean()).collect(engine=get_engine()).item()
        return float(value) * 60 if value is not None else None
    return None


def _empty_staffing(erlang_a_: bool) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {
        "weekday": pl.Int8(), "hour": pl.Int8(), "minute": pl.Int8(), "interval_minutes": pl.Int64(),
        "days": pl.Int64(), "contacts": pl.Int64(), "contacts_per_interval": pl.Float64(),
        "contacts_per_hour": pl.Float64(), "handle_seconds": pl.Float64(), "traffic": pl.Float64(),
        "agents": pl.Int64(), "service_level": pl.Float64(), "occupancy": pl.Float64(), "p_wait": pl.Float64()}
    schema |= ({"abandon_rate": pl.Float64(), "avg_wait_seconds": pl.Float64(), "asa_seconds": pl.Float64()}
               if erlang_a_
               else {"asa_seconds": pl.Float64()})
    schema |= {"model": pl.String(), "model_reason": pl.String(), "patience_seconds": pl.Float64()}
    return pl.DataFrame(schema=schema)


def staffing_cost(
    plan: pl.DataFrame,
    *,
    agent_cost_month: float,
    shrinkage: float = 0.3,
    hours_per_agent_week: float = 40.0,
    agents_today: int | None = None,
) -> dict[str, float]:
    """Monthly cost of a ``staffing`` plan (one row per weekday and interval with ``agents``).

    ``agent_hours_week`` = Σ agents × interval length (hours; ``interval_minutes`` of the plan, else 1 hour)
    over the week (on the phone); ``scheduled_hours_week`` = that ÷
    (1 − ``shrinkage``), shrinkage being the share of paid time not available for contacts (breaks, training,
    absence; 0..1); ``fte`` = scheduled hours ÷ ``hours_per_agent_week``; ``monthly_cost`` = fte ×
    ``agent_cost_month`` (fully loaded cost of one full-time agent a month). An empty plan costs 0.
    With ``agents_today`` (the full-time agents the team has now), also ``gap_fte`` = fte − agents_today (full-time
    agents short of the target; negative: more than the target needs) and ``gap_cost`` = gap_fte ×
    ``agent_cost_month``.

    Raises:
        MetricError: No ``agents`` column, shrinkage outside 0..1 (1 excluded), non-positive hours or a negative
            ``agents_today``.
    """
    if "agents" not in plan.columns:
        raise MetricError("staffing_cost needs the 'agents' column of a staffing plan")
    if not 0 <= shrinkage < 1:
        raise MetricError(f"shrinkage is a fraction from 0 to 1 (exclusive), got {shrinkage}")
    if hours_per_agent_week <= 0:
        raise MetricError("hours_per_agent_week must be > 0")
    if agents_today is not None and agents_today < 0:
        raise MetricError(f"agents_today must be >= 0, got {agents_today}")
    hours = (plan["interval_minutes"].fill_null(60) / 60 if "interval_minutes" in plan.columns
             else pl.Series([1.0] * plan.height))
    on_phone = float((plan["agents"].fill_null(0) * hours).sum())
    scheduled = on_phone / (1 - shrinkage)
    fte = scheduled / hours_per_agent_week
    out = {"agent_hours_week": on_phone, "scheduled_hours_week": scheduled, "fte": fte,
           "monthly_cost": fte * agent_cost_month}
    if agents_today is not None:
        out |= {"agents_today": float(agents_today), "gap_fte": fte - agents_today,
                "gap_cost": (fte - agents_today) * agent_cost_month}
    return out
