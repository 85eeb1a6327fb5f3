"""What people talk about: the words and two-word phrases that most distinguish one group of comments from
another (detractors from promoters, unhappy from happy, one ticket type from the rest, this period from the
last), by the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

import polars as pl

from cxkit import expr as cx
from cxkit._common import Frame, Window, columns_of, get_engine, lazy, require, window_filter
from cxkit.errors import MetricError

__all__ = [
    "LANGUAGES",
    "fold",
    "period_terms",
    "stop_words",
    "term_contrast",
    "terms_by_nps",
    "terms_by_satisfaction",
    "terms_by_type",
    "tokenise",
]

LANGUAGES = ("es", "en", "pt")
_SCHEMA: dict[str, pl.DataType] = {
    "term": pl.String(), "words": pl.Int8(), "side": pl.String(), "count_focus": pl.Int64(),
    "count_other": pl.Int64(), "log_odds_ratio": pl.Float64(), "z": pl.Float64(), "example_1": pl.String(),
    "example_2": pl.String(),
}


def fold(text: str) -> str:
    """Lower case without accents (``"Envío"`` → ``"envio"``): NFKD, combining marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@functools.cache
def stop_words(languages: tuple[str, ...] = LANGUAGES) -> frozenset[str]:
    """Stop words of ``languages`` from the maintained ``stop-words`` package, accent-folded.

    Raises:
        MetricError: A language the package does not have.
    """
    from stop_words import StopWordError, get_stop_words  # type: ignore[import-untyped]

    words: set[str] = set()
    for language in languages:
        try:
            words |= {fold(w) for w in get_stop_words(language)}
        except StopWordError:
            raise MetricError(f"no stop words for language '{language}'") from None
    return frozenset(words)


def _folded(column: pl.Expr) -> pl.Expr:
    return column.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()


def tokenise(texts: pl.Series | Sequence[str | None], *, languages: Sequence[str] = LANGUAGES,
             min_length: int = 2) -> pl.DataFrame:
    """Terms of each text: ``doc`` (row position), ``term`` and ``words`` (1 or 2).

    Texts are accent-folded and lower-cased; words are runs of letters. Single words: not a stop word and at
    least ``min_length`` letters. Two-word phrases: two words next to each other in the text, neither a stop word.
    """
    series = texts if isinstance(texts, pl.Series) else pl.Series(list(texts), dtype=pl.String)
    stops = pl.Series(sorted(stop_words(tuple(languages))), dtype=pl.String)
    tokens = (
        pl.DataFrame({"text": series.cast(pl.String)}).with_row_index("doc")
        .select("doc", _folded(pl.col("text")).str.extract_all(r"\p{L}+").alias("word"))
        .explode("word").filter(pl.col("word").is_not_null())
        .with_columns((pl.col("word").is_in(stops.implode()) | (pl.col("word").str.len_chars() < min_length))
                      .alias("_stop"))
        .with_columns(pl.col("word").shift(-1).over("doc").alias("_next"),
                      pl.col("_stop").shift(-1).over("doc").alias("_next_stop"))
    )
    single = tokens.filter(~pl.col("_stop")).select("doc", pl.col("word").alias("term"), pl.lit(1, pl.Int8).alias(
        "words"))
    pairs = tokens.filter(~pl.col("_stop") & pl.col("_next_stop").eq(False)).select(
        "doc", (pl.col("word") + " " + pl.col("_next")).alias("term"), pl.lit(2, pl.Int8).alias("words"))
    return pl.concat([single, pairs]).with_columns(pl.col("doc").cast(pl.Int64))


def term_contrast(
    texts: pl.Series | Sequence[str | None],
    focus: pl.Series | Sequence[bool | None],
    *,
    languages: Sequence[str] = LANGUAGES,
    prior_weight: float = 1.0,
    min_count: int = 3,
    top: int = 15,
    examples: int = 2,
    ngrams: Sequence[int] = (1, 2),
) -> pl.DataFrame:
    """Terms that most distinguish the ``focus`` texts (True) from the others (False; null rows are left out).

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", weighted log-odds ratio with an informative Dirichlet
    prior. With y_w the count of term w in the focus texts, n the count of all their terms, y'_w and n' the
    same in the other texts, and the prior α_w = ``prior_weight`` × (y_w + y'_w), α_0 = Σ α_w (the pooled
    counts as background):

        δ_w = log((y_w + α_w) ÷ (n + α_0 − y_w − α_w)) − log((y'_w + α_w) ÷ (n' + α_0 − y'_w − α_w))
        σ²_w ≈ 1 ÷ (y_w + α_w) + 1 ÷ (y'_w + α_w);  z_w = δ_w ÷ σ_w

    z > 0: the term belongs to the focus texts; z < 0: to the others. Terms seen fewer than ``min_count``
    times in all are left out. Returns the ``top`` terms of each side by |z|: ``term, words, side`` (``"focus"``
    or ``"other"``), ``count_focus``, ``count_other``, ``log_odds_ratio`` (δ), ``z``, and up to two different
    texts of that side containing the term (``example_1``, ``example_2``); strongest first. Empty when either
    side has no terms. A term whose odds cannot be formed (the one term of all the texts) is left out.

    Raises:
        MetricError: Texts and focus flags of different lengths, or a non-positive prior weight.
    """
    text_series = texts if isinstance(texts, pl.Series) else pl.Series(list(texts), dtype=pl.String)
    flags = focus if isinstance(focus, pl.Series) else pl.Series(list(focus), dtype=pl.Boolean)
    if text_series.len() != flags.len():
        raise MetricError(f"{text_series.len()} texts but {flags.len()} focus flags")
    if prior_weight <= 0:
        raise MetricError(f"prior_weight must be > 0, got {prior_weight}")
    docs = pl.DataFrame({"text": text_series.cast(pl.String), "focus": flags.cast(pl.Boolean)}).with_row_index(
        "doc").with_columns(pl.col("doc").cast(pl.Int64))
    terms = tokenise(text_series, languages=languages).filter(pl.col("words").is_in(list(ngrams))).join(
        docs.select("doc", "focus"), on="doc").filter(pl.col("focus").is_not_null())
    counts = terms.group_by("term", "words").agg(
        pl.col("focus").sum().cast(pl.Int64).alias("count_focus"),
        (~pl.col("focus")).sum().cast(pl.Int64).alias("count_other"))
    n_focus, n_other = int(counts["count_focus"].sum()), int(counts["count_other"].sum())
    if n_focus == 0 or n_other == 0:
        return pl.DataFrame(schema=_SCHEMA)
    alpha = (pl.col("count_focus") + pl.col("count_other")) * prior_weight
    alpha_0 = (n_focus + n_other) * prior_weight
    y, y2 = pl.col("count_focus"), pl.col("count_other")
    delta = (((y + alpha) / (n_focus + alpha_0 - y - alpha)).log()
             - ((y2 + alpha) / (n_other + alpha_0 - y2 - alpha)).log())
    scored = (counts.with_columns(delta.alias("log_odds_ratio"))
              .with_columns((pl.col("log_odds_ratio") / (1 / (y + alpha) + 1 / (y2 + alpha)).sqrt()).alias("z"))
              .filter(((y + y2) >= min_count) & pl.col("z").is_finite())  # the only term: its odds are x ÷ 0
              .with_columns(pl.when(pl.col("z") > 0).then(pl.lit("focus")).otherwise(pl.lit("other")).alias("side")))
    best = pl.concat([
        scored.filter(pl.col("z") > 0).sort(["z", "term"], descending=[True, False]).head(top),
        scored.filter(pl.col("z") < 0).sort(["z", "term"]).head(top),
    ])
    quotes = (terms.join(best.select("term", "side"), on="term")
              .filter((pl.col("side") == "focus") == pl.col("focus"))
              .select("term", "doc").unique()
              .join(docs.select("doc", "text"), on="doc")
              .sort("term", "doc").unique(subset=["term", "text"], keep="first", maintain_order=True)
              .group_by("term", maintain_order=True).agg(pl.col("text").head(examples).alias("_quotes")))
    return (best.join(quotes, on="term", how="left")
            .with_columns(pl.col("_quotes").list.get(0, null_on_oob=True).alias("example_1"),
                          pl.col("_quotes").list.get(1, null_on_oob=True).alias("example_2"))
            .select(list(_SCHEMA)).cast(pl.Schema(_SCHEMA))
            .sort([pl.col("side"), pl.col("z").abs(), pl.col("term")], descending=[False, True, False]))


def _text_column(frame: pl.LazyFrame, text: str | None, candidates: Sequence[str], metric: str) -> str:
    names = columns_of(frame)
    if text is not None:
        require(frame, text, metric=metric)
        return text
    found = next((c for c in candidates if c in names), None)
    if found is None:
        require(frame, candidates[0], metric=metric)
    assert found is not None
    return found


def terms_by_nps(responses: Frame, *, text: str | None = None, **options: object) -> pl.DataFrame:
    """Terms that distinguish detractors from promoters in survey comments (``cxkit.expr.nps_group``: scores
    0–6 against 9–10, or the exported groups where there is no score); passives are left out. ``options`` go to
    ``term_contrast``; focus = detractors.

    Raises:
        MetricError: Neither ``nps_score`` nor ``nps_group``, or no ``comment`` (or the ``text`` column).
    """
    frame = lazy(responses)
    names = columns_of(frame)
    if not {"nps_score", "nps_group"} & set(names):
        require(frame, "nps_score", metric="Terms by NPS group")
    column = _text_column(frame, text, ("comment",), "Terms by NPS group")
    group = cx.nps_group(names)
    data = frame.select(pl.col(column).alias("t"), pl.when(group == "detractor").then(True)
                        .when(group == "promoter").then(False).otherwise(None).alias("f")).collect(engine=get_engine())
    return term_contrast(data["t"], data["f"], **options)  # type: ignore[arg-type]


def terms_by_satisfaction(frame: Frame, *, text: str | None = None, **options: object) -> pl.DataFrame:
    """Terms that distinguish unhappy from satisfied answers in comments or ticket subjects; focus = unhappy.
    Both as ``cxkit.expr`` defines them, whichever of ``satisfied`` and ``csat_score`` the frame has: satisfied
    is the top box (Good, or 4–5 of 5), unhappy every other rating (Bad, or 1–3 of 5); unrated answers are left
    out. ``options`` go to ``term_contrast``.

    Raises:
        MetricError: Neither ``satisfied`` nor ``csat_score``, or no text column.
    """
    data = lazy(frame)
    names = columns_of(data)
    if not {"satisfied", "csat_score"} & set(names):
        require(data, "satisfied", metric="Terms by satisfaction")
    column = _text_column(data, text, ("comment", "subject"), "Terms by satisfaction")
    rows = data.select(pl.col(column).alias("t"), cx.unhappy(names).alias("f")).collect(engine=get_engine())
    return term_contrast(rows["t"], rows["f"], **options)  # type: ignore[arg-type]


def terms_by_type(tickets: Frame, *, text: str | None = None, type_column: str = "ticket_type",
                  **options: object) -> pl.DataFrame:
    """For each ticket type, the terms of its subjects (or ``text``) that distinguish it from all other types:
    ``term_contrast`` with focus = that type, with a ``ticket_type`` column first.

    Raises:
        MetricError: No type column or no ``subject`` (or ``text``) column.
    """
    data = lazy(tickets)
    require(data, type_column, metric="Terms by ticket type")
    column = _text_column(data, text, ("subject", "Subject", "comment"), "Terms by ticket type")
    rows = data.select(pl.col(column).cast(pl.String).alias("t"), pl.col(type_column).cast(pl.String).alias("k")
                       ).collect(engine=get_engine())
    parts = []
    for kind in sorted(rows["k"].drop_nulls().unique().to_list()):
        table = term_contrast(rows["t"], rows["k"] == kind, **options)  # type: ignore[arg-type]
        parts.append(table.select(pl.lit(kind).alias(type_column), pl.all()))
    if not parts:
        return pl.DataFrame(schema={type_column: pl.String(), **_SCHEMA})
    return pl.concat(parts)


def period_terms(
    frame: Frame,
    *,
    before: Window,
    after: Window,
    time_column: str | None = None,
    text: str | None = None,
    **options: object,
) -> pl.DataFrame:
    """Themes that rise or fall between two periods: ``term_contrast`` of the texts dated in ``after`` (focus:
    rising terms, side ``"focus"``) against those in ``before`` (falling terms, side ``"other"``). Each period is
    a (start, end) pair, end exclusive.

    Raises:
        MetricError: No date column (``submitted_at`` or ``created_at``, or ``time_column``), no text column, or
            a bad period.
    """
    data = lazy(frame)
    names = columns_of(data)
    when = time_column or next((c for c in ("submitted_at", "created_at") if c in names), "submitted_at")
    require(data, when, metric="Rising and falling terms")
    column = _text_column(data, text, ("comment", "subject", "Subject"), "Rising and falling terms")
    rows = data.select(pl.col(column).cast(pl.String).alias("t"),
                       pl.when(window_filter(when, after)).then(True).when(window_filter(when, before)).then(False)
                       .otherwise(None).alias("f")).collect(engine=get_engine())
    return term_contrast(rows["t"], rows["f"], **options)  # type: ignore[arg-type]


