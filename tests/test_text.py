"""Distinguishing terms: the Fightin' Words statistic against a hand computation, tokens, stop words and
accents, the helpers on surveys and tickets, edges and properties."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxkit.errors import MetricError
from cxkit.text import (
    fold,
    period_terms,
    stop_words,
    term_contrast,
    terms_by_nps,
    terms_by_satisfaction,
    terms_by_type,
    tokenise,
)


def test_hand_computed_log_odds() -> None:
    # focus: bad ×2, delay, refund (n = 4); other: happy ×2, delay (n' = 3); prior = pooled counts, α₀ = 7
    texts = ["bad delay", "bad refund", "happy delay", "happy"]
    table = term_contrast(texts, [True, True, False, False], ngrams=(1,), min_count=1, languages=("en",))
    rows = {r["term"]: r for r in table.iter_rows(named=True)}
    bad = math.log((2 + 2) / (4 + 7 - 2 - 2)) - math.log((0 + 2) / (3 + 7 - 0 - 2))
    assert bad == pytest.approx(math.log(16 / 7))
    assert rows["bad"]["log_odds_ratio"] == pytest.approx(bad)
    assert rows["bad"]["z"] == pytest.approx(bad / math.sqrt(1 / 4 + 1 / 2))
    delay = math.log(3 / 8) - math.log(3 / 7)
    assert rows["delay"]["log_odds_ratio"] == pytest.approx(delay)
    assert rows["delay"]["z"] == pytest.approx(delay / math.sqrt(2 / 3))
    assert rows["delay"]["side"] == "other" and (rows["delay"]["count_focus"], rows["delay"]["count_other"]) == (1, 1)
    happy = math.log((0 + 2) / (4 + 7 - 0 - 2)) - math.log((2 + 2) / (3 + 7 - 2 - 2))
    assert rows["happy"]["z"] == pytest.approx(happy / math.sqrt(1 / 2 + 1 / 4))
    assert rows["bad"]["example_1"] == "bad delay" and rows["bad"]["example_2"] == "bad refund"
    assert rows["happy"]["example_1"] == "happy delay"
    # a weaker prior pulls less: the same order, a larger |δ|
    weak = term_contrast(texts, [True, True, False, False], ngrams=(1,), min_count=1, languages=("en",),
                         prior_weight=0.1)
    assert weak.filter(pl.col("term") == "bad")["log_odds_ratio"].item() > bad


def test_tokens_stop_words_accents_and_phrases() -> None:
    assert fold("Envío TARDÍO, ñandú; Atenção") == "envio tardio, nandu; atencao"
    words = stop_words(("es", "en", "pt"))
    assert {"de", "muy", "the", "nao", "voce"} <= words  # accent-folded ("não", "você")
    tokens = tokenise(["El paquete roto MUY tarde", "Atenção péssima não resolveram", None, ""])
    terms = set(tokens["term"])
    assert {"paquete", "roto", "tarde", "atencao", "pessima", "resolveram", "paquete roto", "atencao pessima"} <= terms
    assert "muy" not in terms and "roto tarde" not in terms and "el paquete" not in terms  # "muy" sits between
    assert tokens.filter(pl.col("term") == "paquete roto")["words"].item() == 2


def test_helpers_on_surveys_and_tickets() -> None:
    responses = pl.DataFrame({
        "nps_score": pl.Series([0, 2, 3, 10, 9, 10, 8], dtype=pl.Int8),
        "comment": ["Envío tardío otra vez", "envio tardio y caro", "Caro", "Atención excelente", "excelente",
                    "Atención rápida", "envío tardío"],  # the passive's comment is left out
        "satisfied": [False, False, False, True, True, True, None],
        "submitted_at": [dt.datetime(2025, 1, d) for d in (2, 3, 4, 5, 6, 7, 8)],
    })
    nps = terms_by_nps(responses, min_count=2)
    focus = nps.filter(pl.col("side") == "focus")
    assert {"envio", "tardio", "envio tardio", "caro"} <= set(focus["term"])
    assert focus.filter(pl.col("term") == "envio tardio")["count_focus"].item() == 2
    assert set(nps.filter(pl.col("side") == "other")["term"]) >= {"excelente", "atencion"}
    unhappy = terms_by_satisfaction(responses, min_count=2)
    assert set(unhappy.filter(pl.col("side") == "focus")["term"]) >= {"caro", "envio"}
    tickets = pl.DataFrame({"ticket_type": ["Envío", "Envío", "Pago", "Pago", None],
                            "subject": ["Paquete perdido", "paquete retrasado", "Cobro doble", "cobro duplicado", "x"]})
    by_type = terms_by_type(tickets, min_count=2)
    assert set(by_type["ticket_type"]) == {"Envío", "Pago"}
    assert by_type.filter((pl.col("ticket_type") == "Pago") & (pl.col("side") == "focus"))["term"].to_list() == ["cobro"]
    rising = period_terms(responses, before=("2025-01-01", "2025-01-05"), after=("2025-01-05", "2025-02-01"),
                          min_count=2)
    assert "excelente" in set(rising.filter(pl.col("side") == "focus")["term"])


def test_edges() -> None:
    empty = term_contrast([], [])
    assert empty.height == 0 and "z" in empty.columns
    assert term_contrast(["only one side"], [True]).height == 0
    assert term_contrast(["a b", None], [True, False]).height == 0
    assert term_contrast(["envio", "envio envio"], [True, False], ngrams=(1,), min_count=1).height == 0  # one term: no odds
    with pytest.raises(MetricError, match="focus flags"):
        term_contrast(["x"], [True, False])
    with pytest.raises(MetricError, match="prior_weight"):
        term_contrast(["x"], [True], prior_weight=0)
    with pytest.raises(MetricError, match="language"):
        stop_words(("xx",))
    with pytest.raises(MetricError, match="comment"):
        terms_by_nps(pl.DataFrame({"nps_score": [1]}))
    with pytest.raises(MetricError, match="nps_score"):
        terms_by_nps(pl.DataFrame({"comment": ["x"]}))
    with pytest.raises(MetricError, match="satisfied"):
        terms_by_satisfaction(pl.DataFrame({"comment": ["x"]}))
    assert terms_by_type(pl.DataFrame({"ticket_type": [None], "subject": ["x"]}, schema_overrides={
        "ticket_type": pl.String})).height == 0


vocabulary = st.sampled_from(["envio", "retraso", "cobro", "caja", "atencion", "rapida", "precio", "talla"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(vocabulary, min_size=1, max_size=5), st.booleans()), min_size=2, max_size=30))
def test_properties(docs: list[tuple[list[str], bool]]) -> None:
    texts, flags = [" ".join(words) for words, _ in docs], [f for _, f in docs]
    table = term_contrast(texts, flags, ngrams=(1,), min_count=1, top=100)
    if all(flags) or not any(flags):
        assert table.height == 0
        return
    flipped = term_contrast(texts, [not f for f in flags], ngrams=(1,), min_count=1, top=100)
    z = dict(zip(table["term"], table["z"], strict=True))
    assert dict(zip(flipped["term"], flipped["z"], strict=True)) == pytest.approx({k: -v for k, v in z.items()})
    for row in table.iter_rows(named=True):
        focus = sum(t.split().count(row["term"]) for t, f in zip(texts, flags, strict=True) if f)
        other = sum(t.split().count(row["term"]) for t, f in zip(texts, flags, strict=True) if not f)
        assert (row["count_focus"], row["count_other"]) == (focus, other)
        assert (row["z"] > 0) == (row["side"] == "focus")
        assert row["example_1"] is not None and row["term"] in row["example_1"]
