"""The words stage speaks English, Spanish and Brazilian Portuguese (issue #26 item 4): every code a stage can
raise or note has a sentence in the three languages, with the same values in each, and a load words its warnings,
its rejected rows' reasons and its errors in the language asked for."""

from __future__ import annotations

import re
import string

import pytest

import cxkit
from cxkit.ingest import words as W
from tests.conftest import ROOT, SAMPLE

LANGS = ("en", "es", "pt")
CODE_CALL = re.compile(r"""\b(?:issue|fail|Issue)\(\s*["']([a-z0-9_]+)["']""")


def _codes_used() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "cxkit").rglob("*.py"):
        found |= set(CODE_CALL.findall(path.read_text(encoding="utf-8")))
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_code_a_stage_uses_has_a_sentence_in_each_language() -> None:
    used = _codes_used()
    assert len(used) > 40, f"the scan found only {len(used)} codes: it is not looking in the right place"
    missing = {(code, lang) for code in used for lang in LANGS
               if not W.has_message(code) or lang not in W._MESSAGES[code]}
    assert not missing, f"codes without a sentence: {sorted(missing)}"


def test_each_sentence_takes_the_same_values_in_every_language() -> None:
    for code, texts in W._MESSAGES.items():
        fields = {lang: _fields(texts[lang]) for lang in LANGS}
        assert fields["es"] == fields["en"] == fields["pt"], f"{code}: {fields}"


def test_names_of_kinds_columns_types_and_orders_exist_in_portuguese() -> None:
    for table in (W.COLUMN_NAMES, W._KIND_NAMES, W._TYPE_NAMES, W._ORDER_NAMES):
        assert all("pt" in names for names in table.values())
    assert W.kind_name("responses", "pt") == "respostas de pesquisa"
    assert W.column_name("created_at", "pt") == "data de criação"


def test_a_load_words_its_warnings_in_portuguese() -> None:
    english = cxkit.load(SAMPLE / "tickets_zendesk.csv")
    portuguese = cxkit.load(SAMPLE / "tickets_zendesk.csv", lang="pt")
    assert [i.code for i in english.issues] == [i.code for i in portuguese.issues]
    assert portuguese.warnings and portuguese.warnings != english.warnings
    assert portuguese.warnings == [W.render(i, "pt") for i in portuguese.issues]


def test_rejected_rows_and_errors_are_worded_in_portuguese() -> None:
    data = b"ticket id,created at,status\n1,2024-01-02 10:00,open\n2,not a date,closed\n3,2024-01-03 09:00,open\n"
    loaded = cxkit.load(data, name="t.csv", kind="tickets", lang="pt")
    assert "não é" in loaded.rejected["reason"][0] and "not a date" in loaded.rejected["reason"][0]
    assert any("linha(s) não puderam ser carregadas" in w for w in loaded.warnings)
    with pytest.raises(cxkit.LoadError) as error:
        cxkit.load(b"", name="vazio.csv", lang="pt")
    assert error.value.code == "empty_file" and "está vazio" in str(error.value)


@pytest.mark.parametrize(("lang", "rows", "limit", "mb"), [("en", "20,000", "1,000,000", "250"),
                                                          ("es", "20.000", "1.000.000", "250"),
                                                          ("pt", "20.000", "1.000.000", "250")])
def test_numbers_in_import_messages_are_written_as_the_language_writes_them(lang: str, rows: str, limit: str,
                                                                             mb: str) -> None:
    """#22: a Spanish or Portuguese sentence never carries English's '20,000' or '10.5' (Babel, CLDR)."""
    from cxkit.ingest.words import message

    text = message("too_many_rows", lang, name="a.csv", n=20_000, limit=1_000_000)
    assert rows in text and limit in text
    assert f" {mb} MB" in message("too_large", lang, name="a.csv", size_mb=250.4, limit_mb=200)
    seconds = message("worker_timeout", lang, name="a.csv", seconds=2.5)
    assert ("2.5" if lang == "en" else "2,5") in seconds
