"""Service metrics from tickets: volume and backlog, first response and SLA, resolution, handle time,
first-contact resolution, repeat contacts and channel mix."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

import polars as pl

from cxkit import expr as cx
from cxkit._common import (
    DONE_STATUSES,
    PERIOD,
    By,
    DateLike,
    Frame,
    _interval,
    aggregate,
    bounded,
    checks_by,
    columns_of,
    exact_quantiles,
    get_engine,
    group_keys,
    keys,
    lazy,
    period_start,
    period_starts,
    require,
    safe_div,
    to_datetime,
    within,
)
from cxkit.errors import MetricError, needs_columns

__all__ = [
    "channel_mix",
    "fcr",
    "first_response",
    "handle_time",
    "repeat_contacts",
    "resolution",
    "ticket_volume",
]

FcrDefinition = Literal["one_touch", "no_repeat"]

# no-repeat FCR on the bounded path sorts the tickets of about this many rows' worth of customers at a time
ROWS_PER_PART = 2_000_000


def _prepare(frame: Frame, metric: str, every: str | None, start: DateLike | None, end: DateLike | None,
             *needed: str) -> pl.LazyFrame:
    data = lazy(frame)
    require(data, "created_at", *needed, metric=metric)
    data = within(data, "created_at", every=every, start=start, end=end)
    return data


def _is_done(names: list[str]) -> pl.Expr:
    """Solved or closed: by status when there is one, else by having a solve time."""
    if "status" in names:
        return pl.col("status").is_in(DONE_STATUSES).fill_null(False)
    if "solved_at" in names:
        return pl.col("solved_at").is_not_null()
    raise needs_columns("Solved tickets", ("status",), ("solved_at",), message="this metric needs to know which "
                        "tickets are solved: a 'status' or 'solved_at' column.")


_QUANTILES = {"median_minutes": 0.5, "p90_minutes": 0.9}


def _stats(column: str, stream: bool = False) -> list[pl.Expr]:
    """Median, mean and 90th percentile (linear interpolation) of a duration in minutes. With ``stream`` the
    median and percentile are left null here and filled by ``_exact_stats`` in bounded memory."""
    values = pl.col(column).drop_nulls()
    if stream:
        return [pl.lit(None, pl.Float64).alias("median_minutes"), values.mean().alias("mean_minutes"),
                pl.lit(None, pl.Float64).alias("p90_minutes")]
    return [
        values.median().alias("median_minutes"),
        values.mean().alias("mean_minutes"),
        values.quantile(0.9, interpolation="linear").alias("p90_minutes"),
    ]


def _exact_stats(result: pl.DataFrame, data: pl.LazyFrame, keys_: list[str], column: str,
                 quantiles: dict[str, float]) -> pl.DataFrame:
    """``result`` with its ``quantiles`` columns computed by ``exact_quantiles`` (same numbers as polars' median
    and quantile, in memory that does not grow with the rows) and put in their places."""
    exact = exact_quantiles(data, keys_, column, quantiles)
    if keys_:
        filled = result.drop(list(quantiles)).join(exact, on=keys_, how="left", nulls_equal=True)
    else:
        row = exact.row(0, named=True) if exact.height else dict.fromkeys(quantiles)
        filled = result.with_columns(pl.lit(row[name], pl.Float64).alias(name) for name in quantiles)
    return filled.select(result.columns)


@checks_by
def ticket_volume(
    tickets: Frame,
    *,
    every: str = "1d",
    by: By = (),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Tickets created and solved per period, and the backlog left open at each period's end.

    ``created``: tickets created in the period. ``solved``: tickets whose ``solved_at`` falls in the
    period. ``backlog``: tickets created before the period's end and not solved by then, i.e. the
    running sum of created − solved; a ticket marked solved/closed without a solve time is taken
    as solved when it was created. Without ``solved_at`` and ``status`` the backlog is null.
    ``unknown_status`` (when there is a ``status`` column): tickets created in the period whose status is
    empty or a word the loader does not know (kept in ``status_text``) and that have no solve time: they are
    neither open nor solved, so the backlog leaves them out rather than guess.
    ``incoming_messages``/``outgoing_messages`` add up ``customer_messages``/``agent_replies`` of
    the tickets created in the period, where the export has them. Every period between the first
    and the last ticket is listed, with zeros where nothing happened.

    Raises:
        MetricError: No ``created_at`` column, or a bad period.
    """
    data = lazy(tickets)
    require(data, "created_at", metric="Ticket volume")
    names = columns_of(data)
    by_ = keys(by)
    interval = _interval(every)
    truncate = period_start(pl.col("created_at"), interval)
    has_solved_at = "solved_at" in names
    has_status = "status" in names
    if has_solved_at:
        solved_moment = pl.col("solved_at")
        if has_status:
            done = pl.col("status").is_in(DONE_STATUSES).fill_null(False)
            solved_moment = pl.when(pl.col("solved_at").is_null() & done).then(pl.col("created_at")).otherwise(
                pl.col("solved_at"))
    elif has_status:
        done = pl.col("status").is_in(DONE_STATUSES).fill_null(False)
        solved_moment = pl.when(done).then(pl.col("created_at")).otherwise(None)
    else:
        solved_moment = pl.lit(None, dtype=pl.Datetime("us"))
    data = data.with_columns(truncate.alias(PERIOD), period_start(solved_moment, interval).alias("_solved"))
    # the first and last moments are enough: period_starts truncates them (a scan of one column, not of the periods)
    bounds = (data.select(pl.col("created_at").min().alias("a"), pl.col("created_at").max().alias("b"))
        .collect(engine=get_engine()))
    first, last = (value.date() if isinstance(value, dt.datetime) else value for value in bounds.row(0))
    message_sums = []
    if "customer_messages" in names:
        message_sums.append(pl.col("customer_messages").sum().alias("incoming_messages"))
    if "agent_replies" in names:
        message_sums.append(pl.col("agent_replies").sum().alias("outgoing_messages"))
    if first is None:  # no tickets: the same columns as a table with tickets, and no rows
        schema = {**{k: pl.String for k in by_}, PERIOD: pl.Date, "created": pl.Int64, "solved": pl.Int64,
                  "backlog": pl.Int64, **({"unknown_status": pl.Int64} if has_status else {}),
                  **{e.meta.output_name(): pl.Int64 for e in message_sums}}
        return pl.DataFrame(schema=schema)
    periods = pl.DataFrame({PERIOD: period_starts(first, last, every)}).lazy()
    grid = data.select(by_).unique().join(periods, how="cross") if by_ else periods
    unknown_sums = []
    if has_status:
        unknown = pl.col("status").is_null() & (pl.col("solved_at").is_null() if has_solved_at else pl.lit(True))
        unknown_sums.append(unknown.sum().cast(pl.Int64).alias("unknown_status"))
    created = data.group_by([*by_, PERIOD]).agg(pl.len().alias("created"), *unknown_sums, *message_sums)
    solved = (
        data.filter(pl.col("_solved").is_not_null())
        .group_by([*by_, "_solved"]).agg(pl.len().alias("solved")).rename({"_solved": PERIOD})
    )
    if bounded(tickets):
        # two scans, each kept to its small per-period table: in one plan polars caches the shared scan whole
        # (common subplan elimination), which grows with the rows
        created = created.collect(engine=get_engine()).lazy()
        solved = solved.collect(engine=get_engine()).lazy()
    change = pl.col("created") - pl.col("solved") - (pl.col("unknown_status") if has_status else pl.lit(0))
    backlog = change.cum_sum().over(by_) if by_ else change.cum_sum()
    table = (
        grid.join(created, on=[*by_, PERIOD], how="left", nulls_equal=True)
        .join(solved, on=[*by_, PERIOD], how="left", nulls_equal=True)
        .with_columns(pl.col("created", "solved", *(["unknown_status"] if has_status else [])).fill_null(0)
                      .cast(pl.Int64))
        .sort([*by_, PERIOD])
        .with_columns(backlog.alias("backlog") if (has_solved_at or has_status) else pl.lit(None, pl.Int64)
                      .alias("backlog"))
    )
    if message_sums:
        table = table.with_columns(pl.col([e.meta.output_name() for e in message_sums]).fill_null(0))
    if not (has_solved_at or has_status):
        table = table.with_columns(pl.lit(None, pl.Int64).alias("solved"))
    ordered = [*by_, PERIOD, "created", "solved", "backlog", *(["unknown_status"] if has_status else []),
               *[e.meta.output_name() for e in message_sums]]
    result = table.select(ordered).collect(engine=get_engine())
    if start is not None:
        result = result.filter(pl.col(PERIOD) >= to_datetime(start).date())
    if end is not None:
        result = result.filter(pl.col(PERIOD) < to_datetime(end).date())
    return result


@checks_by
def first_response(
    tickets: Frame,
    *,
    every: str | None = None,
    by: By = (),
    sla_minutes: float | None = None,
    now: DateLike | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """First response times and SLA breaches per group.

    ``tickets``: tickets in the group; ``answered``: those with a first response time.
    ``median_minutes``, ``mean_minutes``, ``p90_minutes`` (linear interpolation) over answered
    tickets. With ``sla_minutes``: ``sla_breaches`` counts answered tickets whose first response took
    longer than the target, ``sla_breach_rate`` = breaches ÷ answered (0..1), and
    ``unanswered_overdue`` counts tickets with no reply yet, not solved or closed, created more than
    the target before ``now`` (default: the latest timestamp in the data, so results do not change
    with the day they are computed). Without a target, the export's own ``sla_breached`` flag is
    used when it has one (breach rate over tickets with a flag); otherwise the SLA columns are null.
    Per agent and per day (``by="agent", every="1d"``) this is the view of times a reply missed the
    recommended time.

    Raises:
        MetricError: No ``created_at`` or ``first_response_minutes`` column.
    """
    data = _prepare(tickets, "First response time", every, start, end, "first_response_minutes")
    names = columns_of(data)
    by_ = keys(by)
    stream = bounded(tickets)
    frt = pl.col("first_response_minutes")
    exprs = [pl.len().alias("tickets"), frt.is_not_null().sum().alias("answered"),
             *_stats("first_response_minutes", stream)]
    if sla_minutes is not None:
        if sla_minutes <= 0:
            raise MetricError(f"the SLA target must be a positive number of minutes, got {sla_minutes}")
        moment = to_datetime(now) if now is not None else _latest(data, names)
        if "status" in names:  # an empty or unknown status is not taken for open
            open_ = pl.col("status").is_not_null() & ~_is_done(names)
        else:
            open_ = ~_is_done(names) if "solved_at" in names else pl.lit(True)
        overdue_since = moment - dt.timedelta(minutes=sla_minutes)  # older than the target: one comparison a row
        exprs += [
            (frt > sla_minutes).sum().alias("sla_breaches"),
            (frt.is_null() & open_ & (pl.col("created_at") < overdue_since)).sum().alias("unanswered_overdue"),
        ]
        result = aggregate(data, group_keys(by_, every), exprs).with_columns(
            safe_div(pl.col("sla_breaches").cast(pl.Float64), pl.col("answered")).alias("sla_breach_rate"))
    elif "sla_breached" in names:
        flag = pl.col("sla_breached")
        exprs += [flag.fill_null(False).sum().alias("sla_breaches"), flag.is_not_null().sum().alias("_flagged"),
                  pl.lit(None, pl.UInt32).alias("unanswered_overdue")]
        result = aggregate(data, group_keys(by_, every), exprs).with_columns(
            safe_div(pl.col("sla_breaches").cast(pl.Float64), pl.col("_flagged")).alias("sla_breach_rate")
        ).drop("_flagged")
    else:
        result = aggregate(data, group_keys(by_, every), exprs).with_columns(
            pl.lit(None, pl.UInt32).alias("sla_breaches"), pl.lit(None, pl.Float64).alias("sla_breach_rate"),
            pl.lit(None, pl.UInt32).alias("unanswered_overdue"))
    columns = [*group_keys(by_, every), "tickets", "answered", "median_minutes", "mean_minutes", "p90_minutes",
               "sla_breaches", "sla_breach_rate", "unanswered_overdue"]
    table = result.select(columns).collect(engine=get_engine())
    if stream:
        table = _exact_stats(table, data, group_keys(by_, every), "first_response_minutes", _QUANTILES)
    return table


def _latest(data: pl.LazyFrame, names: list[str]) -> dt.datetime:
    candidates = [c for c in ("created_at", "solved_at", "first_response_at") if c in names]
    latest = data.select(pl.max_horizontal(pl.col(c).max() for c in candidates)).collect(engine=get_engine()).item()
    return latest if isinstance(latest, dt.datetime) else dt.datetime.now()


@checks_by
def resolution(
    tickets: Frame,
    *,
    every: str | None = None,
    by: By = (),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Resolution times and reopen rate per group.

    ``solved``: solved or closed tickets; ``resolved_with_time``: those with a resolution time;
    ``median_minutes``, ``mean_minutes``, ``p90_minutes`` of ``resolution_minutes``;
    ``reopened``: solved tickets reopened at least once; ``reopen_rate`` = reopened ÷ solved (null
    without a ``reopens`` column or solved tickets).

    Raises:
        MetricError: No ``created_at`` or ``resolution_minutes`` column.
    """
    data = _prepare(tickets, "Resolution time", every, start, end, "resolution_minutes")
    names = columns_of(data)
    knows_done = "status" in names or "solved_at" in names
    done = _is_done(names) if knows_done else pl.col("resolution_minutes").is_not_null()
    reopens = (pl.col("reopens") > 0).fill_null(False) if "reopens" in names else None
    reopened = (done & reopens).sum() if reopens is not None else pl.lit(None, pl.UInt32)
    exprs = [
        pl.len().alias("tickets"),
        done.sum().alias("solved"),
        pl.col("resolution_minutes").is_not_null().sum().alias("resolved_with_time"),
        *_stats("resolution_minutes", bounded(tickets)),
        reopened.alias("reopened"),
    ]
    by_ = keys(by)
    table = aggregate(data, group_keys(by_, every), exprs).with_columns(
        safe_div(pl.col("reopened").cast(pl.Float64), pl.col("solved")).alias("reopen_rate")
    ).collect(engine=get_engine())
    if bounded(tickets):
        table = _exact_stats(table, data, group_keys(by_, every), "resolution_minutes", _QUANTILES)
    return table


@checks_by
def handle_time(
    tickets: Frame,
    *,
    every: str | None = None,
    by: By = (),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Handle time (time agents spent) per group, from ``handle_minutes``.

    ``handled``: tickets with a handle time; ``total_minutes``; ``aht_minutes`` = total ÷ handled
    (average handle time); ``median_minutes``.

    Raises:
        MetricError: The export has no handle or talk time (``handle_minutes``).
    """
    data = _prepare(tickets, "Handle time", every, start, end, "handle_minutes")
    column = pl.col("handle_minutes")
    by_ = keys(by)
    stream = bounded(tickets)
    table = aggregate(data, group_keys(by_, every), [
        column.is_not_null().sum().alias("handled"),
        column.sum().alias("total_minutes"),
        (pl.lit(None, pl.Float64) if stream else column.median()).alias("median_minutes"),
    ]).with_columns(safe_div(pl.col("total_minutes"), pl.col("handled")).alias("aht_minutes")).collect(
        engine=get_engine())
    if stream:
        table = _exact_stats(table, data, group_keys(by_, every), "handle_minutes", {"median_minutes": 0.5})
    return table


def _next_contact(data: pl.LazyFrame) -> pl.LazyFrame:
    """For each ticket, when the same customer opened their next ticket (null if never)."""
    return data.sort("customer_id", "created_at").with_columns(
        pl.col("created_at").shift(-1).over("customer_id").alias("_next_created"),
        pl.col("created_at").shift(1).over("customer_id").alias("_previous_created"),
    )


@checks_by
def fcr(
    tickets: Frame,
    *,
    definition: FcrDefinition = "one_touch",
    window_days: float = 7,
    every: str | None = None,
    by: By = (),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """First-contact resolution per group, as a fraction 0..1.

    - ``definition="one_touch"``: solved/closed tickets with exactly one agent reply and no reopen ÷
      solved/closed tickets (needs ``agent_replies``; ``reopens`` when present).
    - ``definition="no_repeat"``: solved tickets whose customer opened no new ticket within
      ``window_days`` after the ticket was solved (or created, without a solve time) ÷ solved
      tickets (needs ``customer_id``). Tickets solved less than ``window_days`` before the end of the
      data cannot be judged yet and are left out (``pending``).

    Returns:
        ``solved, resolved_first_contact, fcr`` (and ``pending`` for ``no_repeat``).

    Raises:
        MetricError: A column the chosen definition needs is missing, or an unknown definition.
    """
    data = _prepare(tickets, "First-contact resolution", every, start, end)
    names = columns_of(data)
    done = _is_done(names)
    by_ = keys(by)
    if definition == "one_touch":
        require(data, "agent_replies", metric="First-contact resolution (one touch)")
        no_reopen = (pl.col("reopens").fill_null(0) == 0) if "reopens" in names else pl.lit(True)
        first_touch = done & (pl.col("agent_replies") == 1).fill_null(False) & no_reopen
        exprs = [done.sum().alias("solved"), first_touch.sum().alias("resolved_first_contact")]
        return aggregate(data, group_keys(by_, every), exprs).with_columns(
            safe_div(pl.col("resolved_first_contact").cast(pl.Float64), pl.col("solved")).alias("fcr")
        ).collect(engine=get_engine())
    if definition != "no_repeat":
        raise MetricError(f"definition must be 'one_touch' or 'no_repeat', got {definition!r}")
    require(data, "customer_id", metric="First-contact resolution (no repeat contact)")
    if window_days <= 0:
        raise MetricError(f"window_days must be positive, got {window_days}")
    full = lazy(tickets)  # the next contact may fall outside start/end
    anchor = pl.col("solved_at") if "solved_at" in names else pl.col("created_at")
    anchor = anchor.fill_null(pl.col("created_at"))
    window = dt.timedelta(days=window_days)
    data_end = _latest(full, columns_of(full))
    next_contacts = _next_contact(full.filter(pl.col("customer_id").is_not_null())).select(
        "customer_id", "created_at", "_next_created")
    joined = data.join(next_contacts.unique(["customer_id", "created_at"]), on=["customer_id", "created_at"],
                       how="left")
    judged = anchor + window <= data_end
    repeated = pl.col("_next_created").is_not_null() & (pl.col("_next_created") <= anchor + window)
    exprs = [
        (done & judged & pl.col("customer_id").is_not_null()).sum().alias("solved"),
        (done & judged & pl.col("customer_id").is_not_null() & ~repeated).sum().alias("resolved_first_contact"),
        (done & ~judged).sum().alias("pending"),
    ]
    rate = safe_div(pl.col("resolved_first_contact").cast(pl.Float64), pl.col("solved")).alias("fcr")
    keys_ = group_keys(by_, every)
    parts = _customer_parts(tickets)
    if parts == 1:
        return aggregate(joined, keys_, exprs).with_columns(rate).collect(engine=get_engine())
    # Each customer's tickets must be sorted together, and a sort holds its rows: customers are split by a hash
    # into parts of about ROWS_PER_PART tickets, each part counted on its own, and the counts added up (exact:
    # every ticket and its customer's next ticket fall in the same part).
    pieces = []
    for part in range(parts):
        mine = _in_part(part, parts)
        following = _next_contact(full.filter(pl.col("customer_id").is_not_null() & mine)).select(
            "customer_id", "created_at", "_next_created").unique(["customer_id", "created_at"])
        piece = data.filter(mine).join(following, on=["customer_id", "created_at"], how="left")
        pieces.append(aggregate(piece, keys_, exprs).collect(engine=get_engine()))
    sums = [pl.col(c).sum() for c in ("solved", "resolved_first_contact", "pending")]
    combined = pl.concat(pieces)
    totals = combined.group_by(keys_).agg(sums).sort(keys_, nulls_last=True) if keys_ else combined.select(sums)
    return totals.with_columns(rate)


def _customer_parts(tickets: Frame) -> int:
    """How many parts of customers a metric that sorts each customer's tickets works in: 1 in memory, else
    enough for about ``ROWS_PER_PART`` tickets a part (a sort holds every row it sorts)."""
    if not bounded(tickets):
        return 1
    rows = int(lazy(tickets).select(pl.len()).collect(engine=get_engine()).item())
    return max(1, math.ceil(rows / ROWS_PER_PART))


def _in_part(part: int, parts: int) -> pl.Expr:
    """Tickets of the customers in ``part`` (of ``parts``): a customer's tickets all fall in the same part, and
    tickets without a customer in part 0. The hash is of the text (a categorical's codes could differ between
    the scans of different parts)."""
    return (pl.col("customer_id").cast(pl.String).hash(seed=0).fill_null(0) % parts) == part


@checks_by
def repeat_contacts(
    tickets: Frame,
    *,
    window_days: float = 7,
    every: str | None = None,
    by: By = (),
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Customers coming back within ``window_days`` of a previous contact.

    ``repeat_tickets``: tickets opened by a customer who had opened another ticket in the previous
    ``window_days``; ``repeat_rate`` = repeat_tickets ÷ tickets with a customer. ``same_type_repeats``
    / ``same_type_rate``: repeats about the same ``ticket_type`` as the previous contact (the "same
    complaint again" signal). ``customers`` and ``repeating_customers`` count people.

    Raises:
        MetricError: No ``customer_id`` or ``created_at`` column.
    """
    data = lazy(tickets)
    require(data, "created_at", "customer_id", metric="Repeat contacts")
    names = columns_of(data)
    window = dt.timedelta(days=window_days)
    if window_days <= 0:
        raise MetricError(f"window_days must be positive, got {window_days}")
    def ordered_of(frame: pl.LazyFrame) -> pl.LazyFrame:
        ordered = frame.filter(pl.col("customer_id").is_not_null()).sort("customer_id", "created_at").with_columns(
            pl.col("created_at").shift(1).over("customer_id").alias("_previous_created"),
            (pl.col("ticket_type").shift(1).over("customer_id") if "ticket_type" in names
             else pl.lit(None, pl.String)).alias("_previous_type"),
        )
        return within(ordered, "created_at", every=every, start=start, end=end)

    repeat = pl.col("_previous_created").is_not_null() & (pl.col("created_at") - pl.col("_previous_created") <= window)
    if "ticket_type" in names:
        same_type = repeat & (pl.col("_previous_type") == pl.col("ticket_type")).fill_null(False)
    else:
        same_type = pl.lit(False)
    by_ = keys(by)
    exprs = [
        pl.len().alias("tickets"),
        pl.col("customer_id").n_unique().alias("customers"),
        repeat.sum().alias("repeat_tickets"),
        pl.col("customer_id").filter(repeat).n_unique().alias("repeating_customers"),
        same_type.sum().alias("same_type_repeats"),
    ]
    rates = [safe_div(pl.col("repeat_tickets").cast(pl.Float64), pl.col("tickets")).alias("repeat_rate"),
             safe_div(pl.col("same_type_repeats").cast(pl.Float64), pl.col("tickets")).alias("same_type_rate")]
    keys_ = group_keys(by_, every)
    parts = _customer_parts(tickets)
    if parts == 1:
        return aggregate(ordered_of(data), keys_, exprs).with_columns(rates).collect(engine=get_engine())
    # in bounded memory: parts of customers counted apart and added up (each customer is in one part, so the
    # distinct customers of the parts add up too)
    pieces = [aggregate(ordered_of(data.filter(_in_part(part, parts))), keys_, exprs).collect(engine=get_engine())
              for part in range(parts)]
    sums = [pl.col(c).sum() for c in ("tickets", "customers", "repeat_tickets", "repeating_customers",
                                      "same_type_repeats")]
    combined = pl.concat(pieces)
    totals = combined.group_by(keys_).agg(sums).sort(keys_, nulls_last=True) if keys_ else combined.select(sums)
    return totals.with_columns(rates)


def channel_mix(
    tickets: Frame,
    *,
    every: str | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pl.DataFrame:
    """Volume and share of each channel, with its first response, FCR and CSAT.

    ``tickets``; ``share`` of the period's (or all) tickets, 0..1; ``median_first_response_minutes``;
    ``fcr`` (one-touch, where agent replies exist); ``csat`` (satisfied ÷ rated). Metrics the export
    cannot support are null.

    Raises:
        MetricError: No ``channel`` or ``created_at`` column.
    """
    rated_frame = lazy(tickets)
    if {"satisfied", "csat_score"} & set(columns_of(rated_frame)):  # one definition, before any filter
        rated_frame = rated_frame.with_columns(cx.satisfied(columns_of(rated_frame)))
    data = _prepare(rated_frame, "Channel mix", every, start, end, "channel")
    names = columns_of(data)
    keys_ = group_keys(["channel"], every)
    exprs: list[pl.Expr] = [pl.len().alias("tickets")]
    stream = bounded(tickets) and "first_response_minutes" in names
    if stream:
        frt = pl.lit(None, pl.Float64)  # filled below in bounded memory
    elif "first_response_minutes" in names:
        frt = pl.col("first_response_minutes").drop_nulls().median()  # drop_nulls first: twice as fast in groups
    else:
        frt = pl.lit(None, pl.Float64)
    exprs.append(frt.alias("median_first_response_minutes"))
    if "agent_replies" in names and ("status" in names or "solved_at" in names):
        done = _is_done(names)
        no_reopen = (pl.col("reopens").fill_null(0) == 0) if "reopens" in names else pl.lit(True)
        one_touch = done & (pl.col("agent_replies") == 1).fill_null(False) & no_reopen
        exprs.append(pl.when(done.sum() > 0).then(one_touch.sum() / done.sum()).otherwise(None).alias("fcr"))
    else:
        exprs.append(pl.lit(None, pl.Float64).alias("fcr"))
    if "satisfied" in names:
        rated = pl.col("satisfied").is_not_null().sum()
        exprs.append(pl.when(rated > 0).then(pl.col("satisfied").fill_null(False).sum() / rated).otherwise(None)
                     .alias("csat"))
    else:
        exprs.append(pl.lit(None, pl.Float64).alias("csat"))
    total = pl.col("tickets").sum().over(PERIOD) if every else pl.col("tickets").sum()
    result = data.group_by(keys_).agg(exprs).with_columns(
        (pl.col("tickets") / total).alias("share")
    )
    order = [PERIOD, "tickets"] if every else ["tickets"]
    table = result.sort(order, descending=[False, True] if every else [True]).select(
        [*keys_, "tickets", "share", "median_first_response_minutes", "fcr", "csat"]).collect(engine=get_engine())
    if stream:
        table = _exact_stats(table, data, keys_, "first_response_minutes", {"median_first_response_minutes": 0.5})
    return table
