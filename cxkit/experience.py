"""Why customers leave: churn by support experience (late replies, last survey score, repeat contacts,
unresolved tickets, no contact), with Kaplan–Meier retention, log-rank tests and a landmark analysis that
compares customers fairly over their exposure."""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import stats

from cxkit import expr as cx
from cxkit._common import DONE_STATUSES, DateLike, Frame, columns_of, get_engine, lazy, require, to_datetime
from cxkit.churn import _spells
from cxkit.errors import needs_columns
from cxkit.survival import DAYS_PER_MONTH, lifetimes, median_lifetime, survival

__all__ = ["EXPERIENCES", "FINDINGS", "LANDMARK_GROUPS", "ExperienceChurn", "churn_by_experience"]

EXPERIENCES: dict[str, str] = {
    "waited_past_target": "at least one first reply later than the target (compared with contacted customers "
    "whose replies were all on time)",
    "nps_detractor": "last survey score 0–6 (compared with the other respondents)",
    "nps_passive": "last survey score 7–8 (compared with the other respondents)",
    "nps_promoter": "last survey score 9–10 (compared with the other respondents)",
    "repeat_contact": "two or more contacts within the repeat window at least once (compared with contacted "
    "customers without)",
    "unresolved_ticket": "a ticket still not solved or closed (compared with contacted customers whose tickets were "
    "all solved)",
    "no_contact": "no ticket or call at all (compared with customers who contacted support)",
}
FINDINGS: dict[str, str] = {
    "churn_higher": "the group leaves faster than its comparison, beyond chance (log-rank p < alpha)",
    "churn_lower": "the group leaves more slowly than its comparison, beyond chance (log-rank p < alpha)",
    "no_clear_difference": "the difference could be chance (log-rank p ≥ alpha)",
    "too_few_customers": "fewer customers than min_customers in the group or its comparison, or nobody left",
}
NAIVE = "naive_split"
FIRST_LATE = "first_reply_late"
FIRST_ON_TIME = "first_reply_on_time"
LANDMARK_GROUPS: dict[str, str] = {
    FIRST_LATE: "customers whose first reply came later than the target, followed from that reply",
    FIRST_ON_TIME: "customers whose first reply came on time, followed from that reply (the comparison)",
}


@dataclass(frozen=True)
class ExperienceChurn:
    """Result of ``churn_by_experience``.

    Attributes:
        experiences: One row per experience (``EXPERIENCES``), naive split over tenure (``method`` =
            ``"naive_split"``).
        landmark: Two rows (``LANDMARK_GROUPS``: first reply late, first reply on time), time zero at each
            customer's first reply, each customer in one group (``method`` = ``"first_reply_landmark_<N>d"``).
        curves: Kaplan–Meier retention by tenure (months) of each experience's group and comparison.
        matching: How many customer ids of each file matched the customers table.
        method: A code of the fair comparison used: ``"first_reply_landmark_<N>d"``.
    """

    experiences: pl.DataFrame
    landmark: pl.DataFrame
    curves: pl.DataFrame
    matching: pl.DataFrame
    method: str


def _key(column: str = "customer_id") -> pl.Expr:
    return pl.col(column).cast(pl.String).str.strip_chars().str.to_lowercase()


def _customers(frame: pl.LazyFrame, as_of: dt.datetime | None) -> pl.DataFrame:
    """One row per customer: ``key``, ``tenure`` (months), ``event`` (left), ``acquired_at``, ``churned_at`` (when
    there are dates) and ``active_mrr`` (MRR of the subscriptions still running)."""
    names = columns_of(frame)
    frame = frame.with_columns(_key().alias("key")).filter(pl.col("key").is_not_null() & (pl.col("key") != ""))
    mrr = pl.col("mrr") if "mrr" in names else pl.lit(None, pl.Float64)
    if "acquired_at" in names and "churned_at" in names:
        spells = _spells(frame.drop("customer_id").rename({"key": "customer_id"}), []).rename({"customer_id": "key"})
        active_mrr = (frame.group_by("key").agg(mrr.filter(pl.col("churned_at").is_null()).sum().alias("active_mrr")))
        one = spells.join(active_mrr, on="key", how="left").collect(engine=get_engine())
        lives = lifetimes(one, as_of=as_of)
        return lives.with_columns(pl.when(pl.col("event")).then(0.0).otherwise(pl.col("active_mrr"))
                                  .alias("active_mrr")).select(
            "key", "tenure", "event", "acquired_at", "churned_at", "active_mrr")
    if "tenure_months" in names and "churned" in names:
        one = frame.group_by("key").agg(pl.col("tenure_months").max(), pl.col("churned").any(),
                                        mrr.sum().alias("_mrr")).collect(engine=get_engine())
        lives = lifetimes(one)
        return lives.with_columns(
            pl.lit(None, pl.Datetime("us")).alias("acquired_at"), pl.lit(None, pl.Datetime("us")).alias("churned_at"),
            pl.when(pl.col("event")).then(0.0).otherwise(pl.col("_mrr")).alias("active_mrr"),
        ).select("key", "tenure", "event", "acquired_at", "churned_at", "active_mrr")
    raise needs_columns("Churn by experience", ("acquired_at", "churned_at"), ("tenure_months", "churned"),
                        message="Churn by experience needs customers with 'acquired_at' and 'churned_at', or "
                                "'tenure_months' with a 'churned' flag.")


def _contacts(tickets: pl.LazyFrame | None, calls: pl.LazyFrame | None, sla_minutes: float,
              call_target_seconds: float) -> pl.DataFrame:
    """Every ticket and call with a customer: ``key, at`` (contact time), ``reply_at`` (first reply time, null
    when unknown), ``late`` (null when unknown), ``unresolved``."""
    parts = []
    schema: dict[str, pl.DataType] = {"key": pl.String(), "at": pl.Datetime("us"), "reply_at": pl.Datetime("us"),
                                      "late": pl.Boolean(), "unresolved": pl.Boolean()}
    if tickets is not None:
        names = columns_of(tickets)
        require(tickets, "customer_id", "created_at", metric="Churn by experience (tickets)")
        if "first_response_minutes" in names:
            minutes = pl.col("first_response_minutes").cast(pl.Float64)
        elif "first_response_at" in names:
            minutes = (pl.col("first_response_at") - pl.col("created_at")).dt.total_seconds() / 60
        else:
            minutes = pl.lit(None, pl.Float64)
        reply = (pl.col("first_response_at") if "first_response_at" in names
                 else pl.col("created_at") + pl.duration(seconds=minutes * 60))
        unresolved = (pl.col("status").is_not_null() & ~pl.col("status").cast(pl.String).is_in(DONE_STATUSES)
                      if "status" in names else pl.lit(False))
        parts.append(tickets.select(
            _key().alias("key"), pl.col("created_at").cast(pl.Datetime("us")).alias("at"),
            reply.cast(pl.Datetime("us")).alias("reply_at"), (minutes > sla_minutes).alias("late"),
            unresolved.alias("unresolved")))
    if calls is not None and "customer_id" in columns_of(calls):
        require(calls, "started_at", metric="Churn by experience (calls)")
        wait = pl.col("wait_seconds").cast(pl.Float64) if "wait_seconds" in columns_of(calls) else pl.lit(None,
                                                                                                        pl.Float64)
        parts.append(calls.select(
            _key().alias("key"), pl.col("started_at").cast(pl.Datetime("us")).alias("at"),
            (pl.col("started_at") + pl.duration(seconds=wait.fill_null(0))).cast(pl.Datetime("us")).alias("reply_at"),
            (wait > call_target_seconds).alias("late"), pl.lit(False).alias("unresolved")))
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat([p.select(list(schema)).cast(pl.Schema(schema)) for p in parts]).filter(
        pl.col("key").is_not_null() & pl.col("at").is_not_null()).collect(engine=get_engine())


def _matching(customers: pl.DataFrame, sources: dict[str, pl.LazyFrame | None]) -> pl.DataFrame:
    known = customers.select("key")
    rows = [{"source": "customers", "ids": known.height, "matched": known.height}]
    for name, frame in sources.items():
        if frame is None or "customer_id" not in columns_of(frame):
            continue
        ids = frame.select(_key().alias("key")).drop_nulls().unique().collect(engine=get_engine())
        rows.append({"source": name, "ids": ids.height, "matched": ids.join(known, on="key", how="semi").height})
    return pl.DataFrame(rows, schema={"source": pl.String, "ids": pl.Int64, "matched": pl.Int64}).with_columns(
        pl.when(pl.col("ids") > 0).then(pl.col("matched") / pl.col("ids")).otherwise(None).alias("matched_share"))


def _logrank(time: np.ndarray, event: np.ndarray, group: np.ndarray) -> tuple[float | None, float | None]:
    """Log-rank z statistic and two-sided p (scipy.stats.logrank); nulls without events or a group."""
    x, y = group, ~group
    if x.sum() == 0 or y.sum() == 0 or event.sum() == 0:
        return None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = stats.logrank(stats.CensoredData(uncensored=time[x & event], right=time[x & ~event]),
                               stats.CensoredData(uncensored=time[y & event], right=time[y & ~event]))
    z, p = float(result.statistic), float(result.pvalue)
    return (None, None) if np.isnan(p) else (z, p)


def _km_at(curve: pl.DataFrame, horizon: float) -> float:
    """Kaplan–Meier retention at ``horizon`` from a step curve (1 before the first exit)."""
    before = curve.filter(pl.col("tenure") <= horizon)
    return float(before["retention"][-1]) if before.height else 1.0


def _empty_curves() -> pl.DataFrame:
    """The curves table with no customers: the columns of a Kaplan–Meier curve, by experience and side."""
    empty = survival(pl.DataFrame(schema={"customer_id": pl.String, "tenure_months": pl.Float64,
                                          "churned": pl.Boolean}))
    return empty.select(pl.lit(None, pl.String).alias("experience"), pl.lit(None, pl.String).alias("side"),
                        pl.all())


def _compare(lives: pl.DataFrame, in_group: pl.Expr, comparison: pl.Expr, *, horizon: float, alpha: float,
             min_customers: int) -> tuple[dict[str, object], pl.DataFrame]:
    """One experience: the group against its comparison (``lives`` has key, tenure, event, active_mrr)."""
    frame = lives.with_columns(in_group.fill_null(False).alias("_in"), comparison.fill_null(False).alias("_cmp"))
    frame = frame.filter(pl.col("_in") | pl.col("_cmp")).with_columns(
        pl.when(pl.col("_in")).then(pl.lit("group")).otherwise(pl.lit("comparison")).alias("side"))
    sides = {}
    curves = []
    for side in ("group", "comparison"):
        part = frame.filter(pl.col("side") == side)
        snapshot = part.select(pl.col("key").alias("customer_id"), pl.col("tenure").alias("tenure_months"),
                               pl.col("event").alias("churned"))
        curve = survival(snapshot)  # an empty side gives an empty curve with the same columns
        median = median_lifetime(snapshot)["median_months"][0] if part.height else None
        curves.append(curve.with_columns(pl.lit(side).alias("side")))
        sides[side] = {
            "customers": part.height,
            "churned": int(part["event"].sum()),
            "churn_share": float(part["event"].mean()) if part.height else None,  # type: ignore[arg-type]
            "retention": _km_at(curve, horizon) if part.height else None,
            "median_months": median,
            "revenue_at_risk": float(part["active_mrr"].fill_null(0).sum()),
        }
    z, p = _logrank(frame["tenure"].to_numpy().astype(float), frame["event"].to_numpy().astype(bool),
                    (frame["side"] == "group").to_numpy())
    g, c = sides["group"], sides["comparison"]
    row: dict[str, object] = {
        "customers": g["customers"], "churned": g["churned"], "churn_share": g["churn_share"],
        "retention_at_horizon": g["retention"], "median_months": g["median_months"],
        "revenue_at_risk": g["revenue_at_risk"],
        "comparison_customers": c["customers"], "comparison_churn_share": c["churn_share"],
        "comparison_retention_at_horizon": c["retention"], "comparison_median_months": c["median_months"],
        "logrank_z": z, "p_value": p,
    }
    row |= _finding(row, z, p, alpha=alpha, min_customers=min_customers)
    return row, pl.concat(curves, how="diagonal_relaxed") if curves else pl.DataFrame()


def _finding(row: dict[str, object], z: float | None, p: float | None, *, alpha: float,
             min_customers: int) -> dict[str, object]:
    n, m = int(row["customers"]), int(row["comparison_customers"])  # type: ignore[call-overload]
    if n < min_customers or m < min_customers or p is None or z is None:
        code = "too_few_customers"
    elif p >= alpha:
        code = "no_clear_difference"
    else:  # scipy's z is (observed − expected exits) of the group ÷ SD: positive = the group leaves faster
        code = "churn_higher" if z > 0 else "churn_lower"
    return {"finding": code, "finding_n": n, "finding_p": p}


def churn_by_experience(
    customers: Frame,
    *,
    tickets: Frame | None = None,
    calls: Frame | None = None,
    responses: Frame | None = None,
    sla_minutes: float = 60.0,
    call_target_seconds: float = 60.0,
    repeat_days: float = 7.0,
    landmark_days: int = 90,
    horizon_months: float = 12.0,
    alpha: float = 0.05,
    min_customers: int = 20,
    as_of: DateLike | None = None,
) -> ExperienceChurn:
    """Churn by support experience, joining tickets, calls and survey answers to customers by ``customer_id``
    (compared trimmed and case-folded; ``matching`` says how many ids of each file matched).

    **Naive split** (``experiences``, ``method`` = ``"naive_split"``): for each experience in ``EXPERIENCES``
    the customers who had it against a comparison group: ``customers``, ``churned``, ``churn_share`` = churned ÷
    customers (0..1), Kaplan–Meier ``retention_at_horizon`` (share still a customer ``horizon_months`` after
    joining, ``cxkit.survival``), ``median_months`` (Kaplan–Meier median lifetime, null when not reached),
    ``revenue_at_risk`` (MRR of the group's active customers), the same for the comparison, the log-rank test
    over tenure (``logrank_z`` > 0 when the group leaves faster; ``p_value``, ``scipy.stats.logrank``) and a
    ``finding`` code (``FINDINGS``) with ``finding_n`` and ``finding_p``. A late reply is a ticket's first reply
    after ``sla_minutes`` or a call waiting more than ``call_target_seconds``; a repeat contact is two contacts
    (tickets or calls) within ``repeat_days``.

    This split is biased over exposure: customers who stay longer open more tickets, so they are more likely
    to have waited at least once, which makes waiting look protective. **First-reply landmark analysis**
    (``landmark``, ``method`` = ``"first_reply_landmark_<N>d"``), among customers with a reply whose lateness is
    known: the landmark is each customer's FIRST reply (replies at the same moment count as late when one was);
    customers whose first reply was late (``first_reply_late``) against those whose first reply was on time
    (``first_reply_on_time``), both followed for ``landmark_days`` from that reply. The group is fixed at the
    landmark, so every customer is in exactly one group and the log-rank test's independent groups hold: a
    customer answered on time who waits later stays in the on-time group (what happens after the landmark is
    the outcome, not the group). This answers "does a late first reply change who leaves?"; it dilutes the
    effect of later late replies rather than double-counting customers (the earlier design moved them from one
    group to the other, so they were counted twice and the p-value was too small). A landmark per calendar
    date or a Cox model with a time-varying covariate would use the later replies too, at the cost of a model
    the page could not explain in a sentence. Customers who had already left at their first reply are not at
    risk. ``churned_within`` counts exits in the window, ``churn_share`` = churned_within ÷ customers,
    ``km_churn`` = 1 − Kaplan–Meier retention at ``landmark_days`` (censoring at the end of the data handled),
    with the log-rank test and a finding. Needs dates (``acquired_at``/``churned_at``); with a snapshot the
    landmark table is empty.

    Customers still active are censored at ``as_of`` (default: the last date in the customers table). Empty
    inputs give empty tables.

    Raises:
        MetricError: No ``customer_id``; customers without dates or tenure and churn flag; tickets without
            ``created_at``.
    """
    frame = lazy(customers)
    require(frame, "customer_id", metric="Churn by experience")
    moment = to_datetime(as_of) if as_of is not None else None
    lives = _customers(frame, moment)
    tickets_ = lazy(tickets) if tickets is not None else None
    calls_ = lazy(calls) if calls is not None else None
    responses_ = lazy(responses) if responses is not None else None
    if tickets_ is not None:
        require(tickets_, "customer_id", metric="Churn by experience (tickets)")
    if responses_ is not None:
        require(responses_, "customer_id", metric="Churn by experience (survey answers)")
        if "nps_group" not in columns_of(responses_):
            require(responses_, "nps_score", metric="Churn by experience (survey answers)")
    matching = _matching(lives, {"tickets": tickets_, "calls": calls_, "responses": responses_})
    contacts = _contacts(tickets_, calls_, sla_minutes, call_target_seconds).join(
        lives.select("key"), on="key", how="semi")
    per_customer = _per_customer(contacts, repeat_days)
    lives = lives.join(per_customer, on="key", how="left").with_columns(
        pl.col("contacts").fill_null(0), pl.col("late", "repeat", "unresolved").fill_null(False))
    if responses_ is not None:
        last = (responses_.with_columns(cx.nps_group(columns_of(responses_)).alias("_group"))
                .filter(pl.col("_group").is_not_null())
                .with_columns(_key().alias("key"))
                .sort("submitted_at" if "submitted_at" in columns_of(responses_) else "key", nulls_last=False)
                .group_by("key").agg(pl.col("_group").last().alias("last_group")).collect(engine=get_engine()))
        lives = lives.join(last, on="key", how="left")
    else:
        lives = lives.with_columns(pl.lit(None, pl.String).alias("last_group"))
    contacted = pl.col("contacts") > 0
    answered = pl.col("last_group").is_not_null()
    group_ = pl.col("last_group")
    definitions: dict[str, tuple[pl.Expr, pl.Expr]] = {
        "waited_past_target": (contacted & pl.col("late"), contacted & pl.col("any_reply_known") & ~pl.col("late")),
        "nps_detractor": (answered & (group_ == "detractor"), answered & (group_ != "detractor")),
        "nps_passive": (answered & (group_ == "passive"), answered & (group_ != "passive")),
        "nps_promoter": (answered & (group_ == "promoter"), answered & (group_ != "promoter")),
        "repeat_contact": (contacted & pl.col("repeat"), contacted & ~pl.col("repeat")),
        "unresolved_ticket": (contacted & pl.col("unresolved"), contacted & ~pl.col("unresolved")),
        "no_contact": (~contacted, contacted),
    }
    if "any_reply_known" not in lives.columns:
        lives = lives.with_columns(pl.lit(False).alias("any_reply_known"))
    lives = lives.with_columns(pl.col("any_reply_known").fill_null(False))
    rows, curves = [], []
    for code, (group, comparison) in definitions.items():
        row, curve = _compare(lives, group, comparison, horizon=horizon_months, alpha=alpha,
                              min_customers=min_customers)
        rows.append({"experience": code, "method": NAIVE, **row})
        if curve.height:
            curves.append(curve.with_columns(pl.lit(code).alias("experience")))
    experiences = pl.DataFrame(rows, schema=_ROW_SCHEMA) if rows else pl.DataFrame(schema=_ROW_SCHEMA)
    method = f"first_reply_landmark_{landmark_days}d"
    landmark = _landmark(lives, contacts, landmark_days, moment, alpha=alpha, min_customers=min_customers,
                         method=method)
    curve_table = (pl.concat(curves, how="diagonal_relaxed").select("experience", "side", pl.exclude("experience",
                                                                                                     "side"))
                   if curves else _empty_curves())
    return ExperienceChurn(experiences=experiences, landmark=landmark, curves=curve_table, matching=matching,
                           method=method)


_ROW_SCHEMA: dict[str, pl.DataType] = {
    "experience": pl.String(), "method": pl.String(), "customers": pl.Int64(), "churned": pl.Int64(),
    "churn_share": pl.Float64(), "retention_at_horizon": pl.Float64(), "median_months": pl.Float64(),
    "revenue_at_risk": pl.Float64(), "comparison_customers": pl.Int64(), "comparison_churn_share": pl.Float64(),
    "comparison_retention_at_horizon": pl.Float64(), "comparison_median_months": pl.Float64(),
    "logrank_z": pl.Float64(), "p_value": pl.Float64(), "finding": pl.String(), "finding_n": pl.Int64(),
    "finding_p": pl.Float64(),
}


def _per_customer(contacts: pl.DataFrame, repeat_days: float) -> pl.DataFrame:
    window = dt.timedelta(days=repeat_days)
    return (contacts.sort("key", "at")
            .with_columns((pl.col("at") - pl.col("at").shift(1).over("key") <= window).fill_null(False)
                          .alias("_repeat"))
            .group_by("key").agg(
                pl.len().alias("contacts"),
                pl.col("late").fill_null(False).any().alias("late"),
                pl.col("late").is_not_null().any().alias("any_reply_known"),
                pl.col("_repeat").any().alias("repeat"),
                pl.col("unresolved").any().alias("unresolved")))


def _landmark_spans(lives: pl.DataFrame, contacts: pl.DataFrame, days: int,
                    moment: dt.datetime | None) -> pl.DataFrame:
    """One row per customer at risk at the landmark (their first reply whose lateness is known): ``key``,
    ``group`` (``FIRST_LATE`` or ``FIRST_ON_TIME``, fixed at the landmark), ``days`` followed (at most the
    window, censored at the end of the data) and ``event`` (left within it). Each customer is in one group only."""
    schema: dict[str, pl.DataType] = {"key": pl.String(), "group": pl.String(), "days": pl.Float64(),
                                      "event": pl.Boolean()}
    dated = lives.filter(pl.col("acquired_at").is_not_null())
    replies = contacts.filter(pl.col("late").is_not_null() & pl.col("reply_at").is_not_null())
    if dated.height == 0 or replies.height == 0:
        return pl.DataFrame(schema=schema)
    end = moment or max(d for d in (dated["acquired_at"].max(), dated["churned_at"].max()) if d is not None)
    # the first reply; replies at the same moment count as late when one of them was
    firsts = replies.sort("key", "reply_at", "late", descending=[False, False, True]).group_by("key").agg(
        pl.col("reply_at").first().alias("t0"), pl.col("late").first().alias("first_was_late"))
    return (firsts.join(dated.select("key", "churned_at"), on="key", how="inner")
            .filter(pl.col("churned_at").is_null() | (pl.col("churned_at") > pl.col("t0")))  # still a customer
            .filter(pl.col("t0") < pl.lit(end))
            .with_columns(pl.min_horizontal(pl.col("t0") + pl.duration(days=days), pl.lit(end)).alias("_stop"),
                          pl.when(pl.col("first_was_late")).then(pl.lit(FIRST_LATE)).otherwise(pl.lit(FIRST_ON_TIME))
                          .alias("group"))
            .with_columns((pl.col("churned_at").is_not_null() & (pl.col("churned_at") <= pl.col("_stop")))
                          .alias("event"))
            .with_columns((pl.when(pl.col("event")).then(pl.col("churned_at")).otherwise(pl.col("_stop"))
                           - pl.col("t0")).dt.total_seconds().truediv(86400).clip(lower_bound=0).alias("days"))
            .select(list(schema)).sort("key"))


def _landmark(lives: pl.DataFrame, contacts: pl.DataFrame, days: int, moment: dt.datetime | None, *,
              alpha: float, min_customers: int, method: str) -> pl.DataFrame:
    schema = {"group": pl.String, "method": pl.String, "customers": pl.Int64, "churned_within": pl.Int64,
              "churn_share": pl.Float64, "km_churn": pl.Float64, "logrank_z": pl.Float64, "p_value": pl.Float64,
              "finding": pl.String, "finding_n": pl.Int64, "finding_p": pl.Float64}
    spans = _landmark_spans(lives, contacts, days, moment)
    if spans.height == 0:
        return pl.DataFrame(schema=schema)
    rows: list[dict[str, object]] = []
    group_mask = (spans["group"] == FIRST_LATE).to_numpy()
    z, p = _logrank(spans["days"].to_numpy().astype(float), spans["event"].to_numpy().astype(bool), group_mask)
    counts = {}
    for name in (FIRST_LATE, FIRST_ON_TIME):
        part = spans.filter(pl.col("group") == name)
        snapshot = part.select(pl.col("key").alias("customer_id"),
                               (pl.col("days") / DAYS_PER_MONTH).alias("tenure_months"),
                               pl.col("event").alias("churned"))
        curve = survival(snapshot)  # an empty side gives an empty curve with the same columns
        km = 1 - _km_at(curve, days / DAYS_PER_MONTH) if part.height else None
        counts[name] = part.height
        rows.append({"group": name, "method": method, "customers": part.height,
                     "churned_within": int(part["event"].sum()),
                     "churn_share": float(part["event"].mean()) if part.height else None,  # type: ignore[arg-type]
                     "km_churn": km})
    finding = _finding({"customers": counts[FIRST_LATE], "comparison_customers": counts[FIRST_ON_TIME]},
                       z, p, alpha=alpha, min_customers=min_customers)
    for row in rows:
        row |= {"logrank_z": z, "p_value": p}
        row |= finding if row["group"] == FIRST_LATE else {
            "finding": None, "finding_n": row["customers"], "finding_p": p}
    return pl.DataFrame(rows, schema=schema)
