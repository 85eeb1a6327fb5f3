"""cxkit's metric catalog speaks both languages: every formula, unit and source has a Spanish text."""

from __future__ import annotations

import cxkit
from tests.spanish_walk import english_words

# Texts written the same in both languages: a unit that is a loanword, sources that are only names.
NAMES = ("Call Centre Helper; Genesys",)


def test_every_entry_has_spanish_formula_unit_and_source() -> None:
    catalog = cxkit.metric_catalog()
    for row in catalog.iter_rows(named=True):
        for field in ("formula", "unit", "source", "title", "definition"):
            english = row.get(field, row.get(f"{field}_en"))
            spanish = row[f"{field}_es"]
            assert isinstance(spanish, str) and spanish.strip(), (row["name"], field)
            if english_words(english) or field in ("formula", "definition") or english not in ("tickets", *NAMES):
                assert spanish != english, (row["name"], field, spanish)


def test_the_spanish_texts_have_no_english_sentences() -> None:
    catalog = cxkit.metric_catalog()
    found = {(row["name"], field): english_words(row[f"{field}_es"])
             for row in catalog.iter_rows(named=True) for field in ("formula", "unit", "source", "definition")}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_english_words_check_catches_an_english_formula() -> None:
    """The check above could fail: the English formulas it would catch."""
    catalog = cxkit.metric_catalog()
    caught = [row["name"] for row in catalog.iter_rows(named=True) if english_words(row["formula"])]
    assert len(caught) > catalog.height / 2
