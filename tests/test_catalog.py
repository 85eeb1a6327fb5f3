"""cxkit's metric catalog speaks the app's three languages: every title, definition, formula, unit and source has
a Spanish and a Brazilian Portuguese text."""

from __future__ import annotations

import pytest

import cxkit
from tests.spanish_walk import english_words

# Texts written the same in every language: a unit that is a loanword, sources that are only names.
NAMES = ("Call Centre Helper; Genesys",)
FIELDS = ("formula", "unit", "source", "title", "definition")


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_entry_has_a_formula_unit_and_source_in_the_language(lang: str) -> None:
    catalog = cxkit.metric_catalog()
    for row in catalog.iter_rows(named=True):
        for field in FIELDS:
            english = row.get(field, row.get(f"{field}_en"))
            text = row[f"{field}_{lang}"]
            assert isinstance(text, str) and text.strip(), (row["name"], field)
            if english_words(english) or field in ("formula", "definition") or english not in ("tickets", *NAMES):
                assert text != english, (row["name"], field, text)


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_translated_texts_have_no_english_sentences(lang: str) -> None:
    catalog = cxkit.metric_catalog()
    found = {(row["name"], field): english_words(row[f"{field}_{lang}"])
             for row in catalog.iter_rows(named=True) for field in FIELDS}
    assert {k: v for k, v in found.items() if v} == {}


def test_portuguese_is_not_spanish() -> None:
    """The Portuguese texts are their own, not the Spanish copied (a formula may read the same in both)."""
    catalog = cxkit.metric_catalog()
    same = [row["name"] for row in catalog.iter_rows(named=True) if row["definition_pt"] == row["definition_es"]]
    assert same == []


def test_every_entry_has_every_language() -> None:
    """An entry added in English only (or in one translation only) fails here: the catalog is checked both ways."""
    from cxkit._catalog_pt import PORTUGUESE
    from cxkit.catalog import _SPANISH

    names = set(cxkit.metric_catalog()["name"])
    assert names == set(PORTUGUESE) == set(_SPANISH)


def test_the_english_words_check_catches_an_english_formula() -> None:
    """The check above could fail: the English formulas it would catch."""
    catalog = cxkit.metric_catalog()
    caught = [row["name"] for row in catalog.iter_rows(named=True) if english_words(row["formula"])]
    assert len(caught) > catalog.height / 2
