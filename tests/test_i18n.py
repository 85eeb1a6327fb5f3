"""The UI's texts go through gettext catalogs made with Babel (#22): the template is current, every catalog
translates every msgid (Spanish and Brazilian Portuguese), translations keep their placeholders, no text is
written in two languages inline any more, and nothing hides the ``_`` function."""

from __future__ import annotations

import ast
import io
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from ui import i18n
from ui.i18n import LANGS, N_, NP_, _, language, pgettext

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
UI_FILES = sorted([ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "views").rglob("*.py")])


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {_key(m) for m in catalog if m.id}


def _extract_command(output: Path) -> list[str]:
    """The extraction of ``make i18n``, read from the Makefile (so the test follows the target)."""
    makefile = (ROOT / "Makefile").read_text()
    line = re.search(r"pybabel extract (.*?)-o locales/messages\.pot \.", makefile.replace("\\\n", " "), re.S)
    assert line, "the Makefile's i18n target runs pybabel extract ... -o locales/messages.pot ."
    pybabel = Path(sys.executable).with_name("pybabel")
    return [str(pybabel), "extract", *line.group(1).split(), "-o", str(output), "."]


def test_the_template_holds_exactly_the_msgids_of_the_code(tmp_path: Path) -> None:
    """A new _() text without ``make i18n`` fails here (and a text removed from the code too)."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(_extract_command(fresh), cwd=ROOT, check=True, capture_output=True, timeout=300)
    extracted, stored = _keys(_catalog(fresh)), _keys(_catalog(LOCALES / "messages.pot"))
    assert extracted == stored, ("run `make i18n`", sorted(extracted - stored, key=str)[:20],
                                 sorted(stored - extracted, key=str)[:20])


def test_every_marked_literal_of_the_code_is_in_the_template() -> None:
    """Babel's extractor can miss a call (on Python 3.11 it reads none inside an f-string): every ``_``, ``N_``,
    ``NP_`` and ``pgettext`` call with literal text, found by the parser, must be in the template."""
    stored = _keys(_catalog(LOCALES / "messages.pot"))
    missed = []
    for path in UI_FILES:
        for call in (c for name in ("_", "N_", "NP_", "pgettext") for c in _calls(ast.parse(path.read_text()), name)):
            texts = call.args[:2] if call.func.id in ("NP_", "pgettext") else call.args[:1]  # type: ignore[attr-defined]
            if texts and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in texts):
                key = (texts[0].value, texts[1].value) if len(texts) == 2 else (None, texts[0].value)  # type: ignore[attr-defined]
                if key[1] and key not in stored:
                    missed.append(f"{path.relative_to(ROOT)}:{call.lineno} {key}")
    assert missed == [], missed


def _language_catalog(code: str) -> Catalog:
    return _catalog(LOCALES / code / "LC_MESSAGES" / "messages.po")


@pytest.mark.parametrize("code", ["es", "pt"])
def test_every_msgid_is_translated(code: str) -> None:
    template = _keys(_catalog(LOCALES / "messages.pot"))
    catalog = _language_catalog(code)
    assert _keys(catalog) >= template, sorted(template - _keys(catalog), key=str)[:20]
    missing = [_key(m) for m in catalog if m.id and _key(m) in template and (not m.string or m.fuzzy)]
    assert missing == [], (len(missing), missing[:20])
    # every plural form too: es and pt have three (one, millions, other); an empty one shows English for n = 2
    plurals = [_key(m) for m in catalog if m.id and isinstance(m.string, tuple | list) and not all(m.string)]
    assert plurals == [], ("plural forms left empty", plurals)


def test_every_language_of_the_picker_has_a_catalog_with_every_msgid() -> None:
    template = _keys(_catalog(LOCALES / "messages.pot"))
    for code in LANGS:
        if code != "en":
            assert _keys(_language_catalog(code)) >= template, code


def _fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("code", sorted(c for c in LANGS if c != "en"))
def test_translations_keep_the_placeholders_of_their_msgid(code: str) -> None:
    """A translation must not break ``.format``: the same ``{name}`` fields (one may be left out only where the
    code's ``TRANSLATORS:`` comment says so), and the text must parse."""
    wrong = []
    for message in _language_catalog(code):
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in strings:
            if not text:
                continue
            may_leave_out = set(re.findall(r"may leave out \{(\w+)\}", " ".join(message.auto_comments)))
            try:
                expected = [_fields(i) for i in ids]
                if not any(_fields(text) <= e and e - _fields(text) <= may_leave_out for e in expected):
                    wrong.append((ids[0], text))
            except ValueError as error:  # an unbalanced brace
                wrong.append((ids[0], f"{text} ({error})"))
    assert wrong == [], wrong[:10]


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


def test_no_text_is_written_in_two_languages_inline() -> None:
    """No ``L(en, es)`` call and no ``== "es"`` branch left in the app: texts come from the catalogs, numbers and
    dates from Babel by locale."""
    found = []
    for path in UI_FILES:
        source = path.read_text()
        tree = ast.parse(source)
        found += [f"{path.relative_to(ROOT)}:{c.lineno} L(...)" for c in _calls(tree, "L")]
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(
                    isinstance(side, ast.Constant) and side.value == "es" for side in [node.left, *node.comparators]):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    assert found == []
    assert not hasattr(i18n, "L"), "the two-language helper L is gone"


def _assigned_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names bound in the function (targets, loops, with, except, walrus, comprehensions, imports but the
    import of ``_`` itself, arguments); comprehensions count too: a throwaway ``_`` there reads as the function."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.alias) and (node.asname or node.name) != "_":  # importing _ itself is fine
            names.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def test_no_function_that_translates_binds_the_name_underscore() -> None:
    """``for _ in ...`` or ``_, x = ...`` in a function that also calls ``_()`` makes ``_`` local to it: the
    call then fails (UnboundLocalError) or calls a tuple's item. Throwaways get another name there."""
    found = []
    for path in UI_FILES:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and _calls(node, "_")
                    and "_" in _assigned_names(node)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if _calls(tree, "_"):  # a module that translates must not rebind _ at its top level either
            for statement in tree.body:
                if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import,
                                              ast.ImportFrom)) and any(
                        isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                        for n in ast.walk(statement)):
                    found.append(f"{path.relative_to(ROOT)}:{statement.lineno} (module level)")
    assert found == []


def test_the_catalog_translates_in_the_language_of_the_thread() -> None:
    """The text comes from the catalog in the language asked for, with its values; contexts choose between two
    translations of one English word; an unknown text and the empty text pass through."""
    with language("es"):
        assert _("Definitions") == "Definiciones"
        assert _("{name}: {rows} rows", name="a.csv", rows="3") == "a.csv: 3 filas"
        assert pgettext("verb", "Open") == "Abrir"
        assert _(NP_("status", "New")) == "Nuevo" and _("New") == "Nuevos"
        assert _(N_("Survey answers")) == "Respuestas de encuesta"
        assert _("a text no catalog has") == "a text no catalog has"
        assert _("") == ""
    with language("en"):
        assert _("Definitions") == "Definitions"
        assert _(NP_("status", "New")) == "New"
        assert pgettext("verb", "Open") == "Open"


def test_an_untranslated_or_fuzzy_entry_shows_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="es_ES", domain="messages")
    catalog.add("Definitions", "Definiciones")
    catalog.add("Churn", "")
    catalog.add("Cover", "Portada", flags=["fuzzy"])
    (tmp_path / "es" / "LC_MESSAGES").mkdir(parents=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    (tmp_path / "es" / "LC_MESSAGES" / "messages.po").write_bytes(buffer.getvalue())
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        with language("es"):
            assert (_("Definitions"), _("Churn"), _("Cover")) == ("Definiciones", "Churn", "Cover")
    finally:
        i18n.translations.cache_clear()


@pytest.mark.slow
def test_every_page_runs_in_brazilian_portuguese() -> None:
    """The sample walk in Portuguese, as strict as the Spanish one: every page titled in Portuguese, showing its
    content, with no English word, no raw column or category name of cxkit and no English-formatted number where
    the app writes (KPI values included: ``walk``'s strict reading); Brazilian numbers (6.347)."""
    from tests.page_walk import PAGES, walk
    from tests.test_app import raw_words, start

    at = start()
    at.sidebar.radio(key="lang").set_value("pt").run()
    assert "6.347" in " ".join(c.value for c in at.sidebar.caption)
    readings = walk(at, "pt", strict_language=True)
    assert all(readings[p].shows for p in PAGES if p not in ("page_data.py", "page_definitions.py")), \
        "on the sample data every analysis page shows KPIs, tables or charts in Portuguese"
    untranslated = sorted({(r.page, where, word) for r in readings.values() for where, text in r.texts
                           for word in raw_words(where, text, "pt")})
    assert untranslated == [], untranslated
    values = [text for r in readings.values() for where, text in r.texts if where == "metric value"]
    assert any(re.search(r"\d,\d", v) for v in values), values  # the number check read Brazilian decimals


REALDATA = ROOT.parent / "shared" / "realdata"
REAL_FILES = sorted(p for p in REALDATA.glob("*") if p.suffix in {".csv", ".xlsx"})


@pytest.mark.slow
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_every_page_in_portuguese_after_uploading_each_real_export(path: Path) -> None:
    """As the Spanish walk of each real export (titles, content or a message, no raw canonical name), and no
    result column shown by its code name (``new_revenue``, ``aht_seconds``): headers of the file are its own."""
    from tests.page_walk import walk
    from tests.spanish_walk import SNAKE
    from tests.test_app import headers_of, start

    at = start()
    at.sidebar.radio(key="lang").set_value("pt").run()
    at.switch_page("views/page_data.py").run()
    data = path.read_bytes()
    at.file_uploader(key="uploader").set_value([(path.name, data, "application/octet-stream")]).run()
    assert not at.exception, [e.value for e in at.exception]
    own = headers_of(data, path.name)
    readings = walk(at, "pt", own=own)
    coded = sorted({(r.page, text) for r in readings.values() for where, text in r.texts
                    if where == "table header" and SNAKE.match(text.strip()) and text not in own})
    assert coded == [], coded


@pytest.mark.parametrize("code", ["es", "pt"])
def test_the_excel_report_speaks_the_language(code: str) -> None:
    """The report in Spanish or Portuguese: sheets and headers in the language (no code names such as
    ``benefit_retention`` or ``title_en``), cxkit's category words translated ('likely'), and the Definitions
    sheet in the language's own catalog texts."""
    import fastexcel
    from streamlit.testing.v1 import AppTest

    import cxkit
    from tests.spanish_walk import SNAKE, english_words
    from ui import report

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    data = report.build(at.session_state["_view"], 1440.0, cxkit.roi.examples(code)["faq_bot"].to_json(), code)
    book = fastexcel.read_excel(data)
    with language(code):
        assert _("Definitions") in book.sheet_names and _("ROI cases") in book.sheet_names
        likely = _("Likely")
    wrong = []
    for name in book.sheet_names:
        sheet = book.load_sheet(name).to_polars()
        wrong += [(name, c) for c in sheet.columns if SNAKE.match(c) or english_words(c)]
    assert wrong == []
    with language(code):
        cases = book.load_sheet(_("ROI cases")).to_polars()
        definitions = book.load_sheet(_("Definitions")).to_polars()
        assert likely in cases[_("Case")].to_list()
        catalog = cxkit.metric_catalog()
        assert definitions[_("Name")].to_list() == catalog[f"title_{code}"].to_list()
        assert definitions[_("Formula")].to_list() == catalog[f"formula_{code}"].to_list()


def test_the_number_check_of_the_walks_catches_english_numbers_only() -> None:
    from tests.spanish_walk import english_numbers

    assert sorted(english_numbers("de 0.0 a 10.0 · 51.3% · (20,000 linhas) · 1,046 · 1,234.5", "pt")) == sorted([
        "0.0", "10.0", "51.3", "20,000", "1,046", "1,234"])
    assert english_numbers("1.234,5 · 6.347 · 23,2% · p < 0,001 · 12.345 € · 1..24 · E.500 · `x 1.5`", "pt") == []


def test_cxkit_is_asked_for_the_session_language_where_it_writes_it() -> None:
    """Portuguese reaches cxkit's own texts (ROI examples, catalog columns); every language cxkit is asked for is
    one it writes."""
    import cxkit
    from cxkit import roi

    assert set(i18n.CXKIT_LANGS) <= set(roi.LANGUAGES) and set(i18n.CXKIT_LANGS) <= set(LANGS)
    catalog = cxkit.metric_catalog()
    for code in LANGS:
        with language(code):
            asked = i18n.cxkit_lang()
            assert asked == code
            assert roi.examples(asked)  # no ScenarioError for the language
            assert f"title_{asked}" in catalog.columns


def test_every_language_has_its_locale_and_date_patterns() -> None:
    assert set(LANGS) == set(i18n.BABEL_LOCALES) == set(i18n.DATE_FORMATS)
    for code in LANGS:
        assert (LOCALES / code / "LC_MESSAGES" / "messages.po").exists() or code == "en", code


def test_plural_texts_follow_the_number_and_the_locale() -> None:
    with language("en"):
        assert i18n.ngettext("{n} file", "{n} files", 1) == "1 file"
        assert i18n.ngettext("{n} file", "{n} files", 1234) == "1,234 files"
    with language("pt"):  # no Portuguese text for it yet: English words, Brazilian number
        assert i18n.ngettext("{n} file", "{n} files", 1234) == "1.234 files"


def test_ui_modules_translate_when_they_draw_not_when_they_are_imported() -> None:
    """A ``_()`` run at import time (a module-level constant, a default argument) would freeze the language of
    whichever session imported ``ui`` first: ui/ marks module-level texts with ``N_`` and translates them later.
    (``app.py`` and ``views/`` are scripts run for each session, so their top level is drawing time.)"""
    frozen = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text())
        at_import = [s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        at_import += [s for c in tree.body if isinstance(c, ast.ClassDef) for s in c.body
                      if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            at_import += [d for d in [*function.args.defaults, *function.args.kw_defaults] if d is not None]
        for node in at_import:
            frozen += [f"{path.relative_to(ROOT)}:{c.lineno}" for name in ("_", "pgettext", "ngettext")
                       for c in _calls(node, name)]
    assert frozen == []


@pytest.mark.parametrize("code", sorted(c for c in LANGS if c != "en"))
def test_translations_keep_the_spaces_around_their_msgid(code: str) -> None:
    """Texts joined to others (``" or "``, ``"also possible: "``, ``". Only {n} customers..."``) keep the spaces
    at their ends, or the words run together."""
    def ends(text: str) -> tuple[str, str]:
        return text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]

    wrong = [(m.id, m.string) for m in _language_catalog(code)
             if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
             and ends(m.id) != ends(m.string)]
    assert wrong == [], wrong[:10]


def test_the_file_uploader_speaks_the_session_language() -> None:
    """Streamlit writes its uploader's button and limits in English only: ui.uploader hides those words and says
    them from the catalog (the browser walk in Portuguese checks that none of Streamlit's are left on screen)."""
    from ui import builtin_words as uploader

    with language("pt"):
        assert uploader.limits(["csv", "xlsx"]) == "Até 200 MB por arquivo · CSV, XLSX"
        style = uploader.style()
    assert 'content: "Enviar"' in style and '[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}' in style
    assert '[data-testid="stFileChipName"] + div {display: none;}' in style  # Streamlit's '300.7KB'
    assert 'input[placeholder="Choose an option"]::placeholder {color: transparent;}' in style
    with language("es"):
        assert uploader.limits(["zip"]) == "Hasta 200 MB por archivo · ZIP" and 'content: "Subir"' in uploader.style()
