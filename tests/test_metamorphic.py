"""Metamorphic tests of the import (issue #26): from real files (tests/data and ../shared/realdata, a few hundred
rows each), variants that a person or another tool could have written must load to the same kind, mapping and
figures: headers translated (es, pt, fr, de, it) or abbreviated, a prefix on every header, columns reordered, an
unrelated column added, a few invalid cells in a key column, dates written in another order or as Excel serial
days (in a CSV and in a workbook), statuses abbreviated, and the header row removed where the tool declares a
layout (the synthetic Asterisk CDR, tests/asterisk_cdr.py). And no input bytes make ``load`` raise anything but
``LoadError``."""

from __future__ import annotations

import contextlib
import io
import random
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import cxkit
from cxkit._read import ROW, read_table
from cxkit.ingest.candidates import scored
from tests.conftest import DATA, ROOT

REALDATA = ROOT.parent / "shared" / "realdata"
ROWS = 300
# files whose rows map one to one to the loaded rows (no event log, no order lines), one of each kind's shapes
BASES = [DATA / "call_log.csv", DATA / "llamadas_es.csv", DATA / "telco_snapshot.csv", DATA / "handmade_en.csv",
         *(REALDATA / n for n in ("boston311_100.csv", "kaggle_customer_support_tickets.csv", "Churn_Modelling.csv",
                                  "kc311_potholes.csv", "codeflix_subscriptions.csv", "churn-bigml-80.csv",
                                  "freshdesk_export.csv", "vivoeasy_google_play_reviews_pt.csv"))]
BASES = [p for p in BASES if p.exists()]
FAST = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LANGS = ("es", "pt", "fr", "de", "it")

# a canonical column's header as exports in each language write it
TRANSLATED: dict[str, tuple[str, str, str, str, str]] = {
    "ticket_id": ("Número de ticket", "Número do chamado", "Numéro de ticket", "Ticketnummer", "Numero ticket"),
    "created_at": ("Fecha de creación", "Data de criação", "Date de création", "Erstellungsdatum",
                   "Data di creazione"),
    "solved_at": ("Fecha de cierre", "Data de fechamento", "Date de clôture", "Geschlossen am", "Data di chiusura"),
    "status": ("Estado", "Situação", "Statut", "Bearbeitungsstatus", "Stato"),
    "channel": ("Canal", "Canal de origem", "Canal", "Kanal", "Canale"),
    "agent": ("Agente", "Atendente", "Conseiller", "Bearbeiter", "Operatore"),
    "ticket_type": ("Categoría", "Categoria", "Catégorie", "Kategorie", "Categoria"),
    "customer_id": ("ID de cliente", "ID do cliente", "Identifiant client", "Kundennummer", "Codice cliente"),
    "started_at": ("Inicio de la llamada", "Início da chamada", "Début de l'appel", "Anrufbeginn",
                   "Inizio chiamata"),
    "call_id": ("ID de llamada", "ID da ligação", "ID appel", "Anruf-ID", "ID chiamata"),
    "queue": ("Cola", "Fila", "File d'attente", "Warteschlange", "Coda"),
    "outcome": ("Resultado", "Resultado", "Résultat", "Ergebnis", "Esito"),
    "wait_seconds": ("Tiempo de espera (segundos)", "Tempo de espera (segundos)", "Temps d'attente (secondes)",
                     "Wartezeit (Sekunden)", "Tempo di attesa (secondi)"),
    "talk_seconds": ("Tiempo de conversación (segundos)", "Tempo de conversa (segundos)",
                     "Durée de conversation (secondes)", "Gesprächsdauer (Sekunden)", "Durata conversazione (secondi)"),
    "churned": ("Abandono", "Churn do cliente", "Résilié", "Gekündigt", "Disdetta"),
    "mrr": ("Cuota mensual", "Mensalidade", "Abonnement mensuel", "Monatsbeitrag", "Canone mensile"),
    "acquired_at": ("Fecha de alta", "Data de adesão", "Date d'inscription", "Vertragsbeginn",
                    "Data di attivazione"),
    "churned_at": ("Fecha de baja", "Data de cancelamento", "Date de résiliation", "Kündigungsdatum",
                   "Data di disdetta"),
    "submitted_at": ("Fecha de respuesta", "Data da resposta", "Date de réponse", "Antwortdatum", "Data di invio"),
    "nps_score": ("Probabilidad de recomendarnos", "Probabilidade de nos recomendar",
                  "Probabilité de nous recommander", "Weiterempfehlung", "Probabilità di raccomandarci"),
    "csat_score": ("Satisfacción", "Satisfação", "Satisfaction", "Zufriedenheit", "Soddisfazione"),
    "comment": ("Comentario", "Comentário", "Commentaire", "Kommentar", "Commento"),
}
# an e-mail column is translated as one
EMAIL = ("Correo electrónico", "E-mail", "Adresse e-mail", "E-Mail-Adresse", "Indirizzo email")
ABBREVIATED = {"ticket_id": "Tkt No.", "customer_id": "Cust ID", "created_at": "Created Dt", "status": "Stat.",
               "solved_at": "Closed Dt", "agent": "Agt", "amount": "Amt", "quantity": "Qty"}


@cache
def _base(path: Path) -> pl.DataFrame:
    """The file's first rows, every cell as the text it holds."""
    raw = read_table(path.read_bytes(), path.name)
    return raw.frame.drop(ROW).head(ROWS)


def _bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


@cache
def _reference(path: Path) -> cxkit.Loaded:
    return cxkit.load(_bytes(_base(path)), name=path.stem + ".csv")


def _figures(loaded: cxkit.Loaded) -> dict[str, Any]:
    """What a manager reads off a load: the kind, the rows, and per canonical column its gaps and totals."""
    frame = loaded.frame
    out: dict[str, Any] = {"kind": loaded.kind, "rows": frame.height, "rejected": loaded.rejected.height}
    for column in cxkit.SCHEMAS[loaded.kind]:
        if column not in frame.columns:
            continue
        values = frame[column]
        if values.dtype.is_numeric():
            summary: object = round(float(values.cast(pl.Float64).sum()), 4)
        elif isinstance(values.dtype, pl.Datetime) or values.dtype == pl.Date:
            summary = (str(values.min()), str(values.max()))
        else:
            summary = values.cast(pl.String).n_unique()
        out[column] = (values.null_count(), summary)
    return out


def _same(variant: cxkit.Loaded, reference: cxkit.Loaded, renamed: dict[str, str]) -> None:
    expected = {column: renamed.get(header, header) for column, header in reference.mapping.items()}
    assert variant.kind == reference.kind
    assert variant.mapping == expected
    assert _figures(variant) == _figures(reference)


def _load(frame: pl.DataFrame, path: Path) -> cxkit.Loaded:
    return cxkit.load(_bytes(frame), name=path.stem + ".csv")


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
@FAST
@given(data=st.data())
def test_columns_reordered(path: Path, data: st.DataObject) -> None:
    frame = _base(path)
    order = data.draw(st.permutations(frame.columns))
    _same(_load(frame.select(order), path), _reference(path), {})


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
@FAST
@given(prefix=st.sampled_from(["exp_", "x_", "Export - ", "tbl."]))
def test_a_prefix_on_every_header(path: Path, prefix: str) -> None:
    frame = _base(path)
    renamed = {h: prefix + h for h in frame.columns}
    _same(_load(frame.rename(renamed), path), _reference(path), renamed)


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
@FAST
@given(seed=st.integers(0, 2**16), position=st.integers(0, 100),
       header=st.sampled_from(["Colour", "Farbe", "Couleur", "Región del almacén", "Lucky number"]))
def test_an_unrelated_column_added(path: Path, seed: int, position: int, header: str) -> None:
    frame = _base(path).clone()  # insert_column changes the frame it is given
    rng = random.Random(seed)
    values = [rng.choice(["red", "green", "blue", "7", None]) for _ in range(frame.height)]
    added = frame.insert_column(position % (frame.width + 1), pl.Series(header, values, dtype=pl.String))
    _same(_load(added, path), _reference(path), {})


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
@FAST
@given(lang=st.sampled_from(LANGS))
def test_headers_translated(path: Path, lang: str) -> None:
    reference = _reference(path)
    renamed = {header: (EMAIL if "mail" in header.lower() else TRANSLATED[column])[LANGS.index(lang)]
               for column, header in reference.mapping.items() if column in TRANSLATED}
    frame = _base(path)
    assume(len(set(renamed.values()) | (set(frame.columns) - set(renamed))) == frame.width)
    _same(_load(frame.rename(renamed), path), reference, renamed)


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
def test_headers_abbreviated(path: Path) -> None:
    reference = _reference(path)
    renamed = {header: ABBREVIATED[column] for column, header in reference.mapping.items() if column in ABBREVIATED}
    frame = _base(path)
    if not renamed or set(renamed.values()) & (set(frame.columns) - set(renamed)):
        pytest.skip(f"{path.name}: no mapped column has a common abbreviation")
    _same(_load(frame.rename(renamed), path), reference, renamed)


def _time_column(reference: cxkit.Loaded, *, required: bool = True) -> str | None:
    """The kind's (required) time column when it was read as it is (not joined with a time column)."""
    column = next((c for c, spec in cxkit.SCHEMAS[reference.kind].items() if spec.type == "datetime"
                   and (spec.required or not required) and c in reference.mapping), None)
    if column is None:
        return None
    header = reference.mapping[column]
    joined = any(header in w and "joined" in w for w in reference.warnings)
    return None if joined else column


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
def test_a_few_invalid_cells_in_a_key_column(path: Path) -> None:
    """Up to 5 % of the time column unreadable: the same kind and mapping, those rows rejected and listed."""
    reference = _reference(path)
    column = _time_column(reference) or ("churned" if "churned" in reference.mapping else None)
    if column is None or reference.rejected.height:
        pytest.skip(f"{path.name}: no required time column read as it is, nor a churn flag")
    required = cxkit.SCHEMAS[reference.kind][column].required
    frame = _base(path)
    header = reference.mapping[column]
    filled = frame.with_row_index("i").filter(pl.col(header).is_not_null())["i"].to_list()

    @FAST
    @given(bad=st.lists(st.sampled_from(filled), min_size=1, max_size=max(1, frame.height // 20), unique=True))
    def damaged_rows_are_rejected(bad: list[int]) -> None:
        damaged = frame.with_columns(pl.when(pl.int_range(pl.len()).is_in(bad)).then(pl.lit("zzz"))
                                     .otherwise(pl.col(header)).alias(header))
        loaded = _load(damaged, path)
        assert loaded.kind == reference.kind and loaded.mapping == reference.mapping
        if required:  # the rows are rejected and listed
            assert loaded.rejected.height == len(bad) and loaded.frame.height == reference.frame.height - len(bad)
            listed = loaded.rejected["row"].to_list()
        else:  # the cells are left empty and listed
            assert loaded.frame.height == reference.frame.height
            listed = loaded.cell_issues.filter(pl.col("column") == header)["row"].to_list()
            before = reference.cell_issues.filter(pl.col("column") == header)["row"].to_list()
            bad = sorted({*bad, *(row - 1 for row in before)})  # the file's own unreadable cells stay listed
        assert sorted(listed) == sorted(i + 1 for i in bad)

    damaged_rows_are_rejected()


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
def test_dates_written_in_another_order(path: Path) -> None:
    reference = _reference(path)
    column = _time_column(reference, required=False)
    if column is None or reference.rejected.height or reference.frame.height != _base(path).height:
        pytest.skip(f"{path.name}: no time column read row for row")
    values = reference.frame[column]
    header = reference.mapping[column]
    if values.null_count() < values.len() and _base(path)[header].null_count() != values.null_count():
        pytest.skip(f"{path.name}: '{header}' has cells that were not read as dates")
    patterns = ["%d/%m/%Y %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%d.%m.%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
    if bool((values.dt.day() > 12).any()):  # else month-first cannot be told from the values
        patterns.append("%m/%d/%Y %H:%M:%S")

    @FAST
    @given(pattern=st.sampled_from(patterns))
    def same_figures(pattern: str) -> None:
        rewritten = _base(path).with_columns(values.dt.strftime(pattern).alias(header))
        _same(_load(rewritten, path), reference, {})

    same_figures()


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=600))
def test_no_bytes_raise_anything_but_a_load_error(data: bytes) -> None:
    for name in ("x.csv", "x.xlsx", "x.txt"):
        with contextlib.suppress(cxkit.LoadError):
            cxkit.load(data, name=name)


@pytest.mark.skipif(not BASES, reason="no base files")
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_damaged_real_bytes_raise_nothing_but_a_load_error(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(BASES))
    original = bytearray(_bytes(_base(path).head(40)))
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(original) - 1))
        original[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(original)))
    with contextlib.suppress(cxkit.LoadError):
        cxkit.load(bytes(original[:cut]), name=path.name)


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
@FAST
@given(style=st.sampled_from(["upper5", "consonants", "dotted4"]))
def test_statuses_abbreviated(path: Path, style: str) -> None:
    """One-word statuses shortened as tools do (RESOL, CLSD, Fech.): the same statuses are counted."""
    reference = _reference(path)
    if "status" not in reference.mapping:
        pytest.skip(f"{path.name}: no status column")
    header = reference.mapping["status"]
    words = [w for w in _base(path)[header].drop_nulls().unique().to_list()
             if w.isalpha() and len(w) >= 6 and (w[1:].islower() or w.isupper())]  # one word, not OpenPending

    def short(word: str) -> str:
        if style == "upper5":
            return word[:5].upper()
        if style == "dotted4":
            return word[:4] + "."
        return word[0] + "".join(c for c in word[1:] if c.lower() not in "aeiou")

    renamed = {w: short(w) for w in words}
    if not renamed:
        pytest.skip(f"{path.name}: no one-word status of six letters or more")
    rewritten = _base(path).with_columns(pl.col(header).replace(renamed))
    variant = _load(rewritten, path)
    assert variant.kind == reference.kind and variant.mapping == reference.mapping
    counts = variant.frame["status"].value_counts().sort("status").rows()
    assert counts == reference.frame["status"].value_counts().sort("status").rows()


def _serial_column(path: Path) -> tuple[cxkit.Loaded, str, pl.Series]:
    """The reference, the header of a time column read row for row as it is, and its values (skips the test when
    there is none, or when the header's words also name an amount or a duration of the kind: a column of plain
    numbers under it is rightly read as that)."""
    reference = _reference(path)
    column = _time_column(reference, required=False)
    if column is None or reference.rejected.height or reference.frame.height != _base(path).height:
        pytest.skip(f"{path.name}: no time column read row for row")
    header = reference.mapping[column]
    values = reference.frame[column]
    if values.null_count() < values.len() and _base(path)[header].null_count() != values.null_count():
        pytest.skip(f"{path.name}: '{header}' has cells that were not read as dates")
    numeric = {c for *_, c, _h, _f, _r in scored(reference.kind, [header], {})
               if cxkit.SCHEMAS[reference.kind][c].type not in ("datetime", "month", "id", "text", "category")}
    if numeric:
        pytest.skip(f"{path.name}: '{header}' also names {sorted(numeric)}: plain numbers under it are read so")
    return reference, header, values


def _serials(values: pl.Series, digits: int) -> pl.Series:
    """Timestamps as Excel serial days (days since 1899-12-30, the time of day as the fraction)."""
    days = values.cast(pl.Datetime("us")).dt.epoch("s").cast(pl.Float64) / 86_400 + 25_569
    return days.round(digits)


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
@FAST
@given(digits=st.sampled_from([5, 6, 8, 10]))
def test_dates_written_as_excel_serials_in_a_csv(path: Path, digits: int) -> None:
    """A date column as a sheet exported to CSV writes it (``45366.59375``): the same kind, mapping and figures."""
    reference, header, values = _serial_column(path)
    rewritten = _base(path).with_columns(_serials(values, digits).cast(pl.String).alias(header))
    _same(_load(rewritten, path), reference, {})


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.name)
@FAST
@given(digits=st.sampled_from([5, 6, 8, 10]), position=st.integers(0, 100))
def test_dates_written_as_excel_serials_in_a_workbook(path: Path, digits: int, position: int) -> None:
    """A workbook (polars' ``write_excel``) whose date column holds serial numbers, not date cells: the same."""
    reference, header, values = _serial_column(path)
    frame = _base(path).drop(header)
    frame = frame.insert_column(position % (frame.width + 1), _serials(values, digits).alias(header))
    buffer = io.BytesIO()
    frame.write_excel(buffer, autofit=False)
    _same(cxkit.load(buffer.getvalue(), name=path.stem + ".xlsx"), reference, {})


LAYOUT_BASES = [DATA / "asterisk_master.csv"]  # exports a tool writes with no header row (tests/asterisk_cdr.py)


@pytest.mark.parametrize("path", LAYOUT_BASES, ids=lambda p: p.name)
@FAST
@given(rows=st.integers(20, 60), quote=st.sampled_from(["necessary", "always", "non_numeric"]))
def test_the_header_row_removed_where_the_tool_declares_a_layout(path: Path, rows: int, quote: str) -> None:
    """The export with its fields' names as a header row, and without it: the same kind, mapping and figures."""
    frame = _base(path).head(rows)
    reference = cxkit.load(_bytes(frame), name=path.name)
    assert reference.source is not None and reference.kind == "calls"
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, quote_style=quote)  # type: ignore[arg-type]
    variant = cxkit.load(buffer.getvalue(), name=path.name)
    assert variant.source == reference.source
    _same(variant, reference, {})
