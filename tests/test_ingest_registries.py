"""Value types and header word files are registries (issue #26 item 3): a value type and a language registered
from the tests folder alone make a file load that cxkit could not read without them; each built-in type declares
its name, what it reads, how it recognises values and how well a column fits."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

import cxkit
from cxkit.ingest import lang, types
from cxkit.ingest.profile import profile_column
from cxkit.schema import SCHEMAS
from tests.plugins import iso_duration, words_nl

ROWS = 30


def _dutch_tickets() -> bytes:
    lines = ["Meldingsnummer;Aangemaakt op;Opgelost op;Toestand;Behandelaar;Afhandeltijd"]
    for i in range(1, ROWS + 1):
        hours = i % 5
        lines.append(f"M-{1000 + i};2024-03-{i % 28 + 1:02d} 09:{i % 60:02d};2024-03-{i % 28 + 1:02d} 1{hours}:00;"
                     f"{'Closed' if i % 3 else 'Open'};Agent {i % 4};PT{hours}H{i % 60}M")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def plugins() -> Iterator[None]:
    iso_duration.install()
    words_nl.install()
    try:
        yield
    finally:
        iso_duration.uninstall()
        words_nl.uninstall()


def test_without_the_plugins_the_dutch_file_is_not_read_as_tickets_with_its_times() -> None:
    assert "nl" not in lang.registered() and "iso_duration" not in {t.name for t in types.registered()}
    try:
        loaded = cxkit.load(_dutch_tickets(), name="meldingen.csv")
    except cxkit.LoadError as error:
        assert error.code in ("unknown_kind", "missing_required")
        return
    read_times = loaded.kind == "tickets" and {"created_at", "solved_at", "handle_minutes"} <= loaded.mapping.keys()
    assert not read_times or loaded.frame["handle_minutes"].null_count() == loaded.frame.height


def test_a_value_type_and_a_word_file_from_the_tests_folder_load_a_file_that_needs_them(plugins: None) -> None:
    loaded = cxkit.load(_dutch_tickets(), name="meldingen.csv")
    assert loaded.kind == "tickets"
    assert loaded.mapping["created_at"] == "Aangemaakt op"
    assert loaded.mapping["solved_at"] == "Opgelost op"
    assert loaded.mapping["agent"] == "Behandelaar"
    assert loaded.mapping["handle_minutes"] == "Afhandeltijd"
    assert loaded.rejected.height == 0
    expected = [float((i % 5) * 60 + i % 60) for i in range(1, ROWS + 1)]
    assert loaded.frame["handle_minutes"].to_list() == expected
    assert loaded.profiles["Afhandeltijd"].recognised["iso_duration"] == 1.0


def test_the_plugins_leave_no_trace_once_unregistered(plugins: None) -> None:
    iso_duration.uninstall()
    words_nl.uninstall()
    assert "nl" not in lang.registered()
    assert all(("aangemaakt*", 0.85) not in rules for rules in lang.COLUMN_WORDS["tickets"].values())
    iso_duration.install()
    words_nl.install()


def test_the_six_languages_have_their_word_files() -> None:
    assert set(lang.registered()) >= {"en", "es", "pt", "fr", "de", "it"}


BUILT_IN = {"integer", "decimal", "percent", "money", "scale_0_10", "rating", "labels", "boolean", "date",
            "time_of_day", "excel_serial", "duration", "duration_text", "status", "text", "id"}


def test_every_built_in_value_type_is_registered_and_every_column_type_is_read_by_one() -> None:
    names = {t.name for t in types.registered()}
    assert names >= BUILT_IN, f"missing value types: {BUILT_IN - names}"
    column_types = {spec.type for columns in SCHEMAS.values() for spec in columns.values()}
    unread = {c for c in column_types if not any(c in t.serves for t in types.registered())}
    assert not unread, f"column types no value type reads: {unread}"
    for t in types.registered():
        assert t.name and t.description and callable(t.parse) and callable(t.fit)


@pytest.mark.parametrize(("type_name", "cells", "expected"), [
    ("percent", ["15 %", "15,5%", "0.2", None], [0.15, 0.155, 0.2, None]),
    ("excel_serial", ["45366", "45366.5", "x"], ["2024-03-15 00:00:00", "2024-03-15 12:00:00", None]),
    ("time_of_day", ["9:05:10", "3:53:50 PM", "x"], ["09:05:10", "15:53:50", None]),
    ("duration_text", ["1h 30m", "45 min", "2 days"], [90.0, 45.0, 2880.0]),
])
def test_helper_types_parse_their_values(type_name: str, cells: list[str | None], expected: list[object]) -> None:
    value_type = types.get(type_name)
    spec = SCHEMAS["tickets"]["handle_minutes"]
    context = types.Context("handle_minutes", spec, "x", "tickets", cleaned=False)
    read = value_type.parse(pl.Series("x", cells, dtype=pl.String), context)
    values = read.stored[0][2].values
    got = [None if v is None else (str(v) if not isinstance(v, float) else round(v, 6)) for v in values.to_list()]
    assert got == expected
    recognised = pl.DataFrame({"cell": [c for c in cells if c]}).select(value_type.recognise).to_series()
    assert bool(recognised.any())


def test_a_column_of_currency_amounts_is_read_by_the_money_type() -> None:
    cells = pl.Series("Total", [f"$ {i},{i % 10}00.50" for i in range(1, 40)])
    profile = profile_column(cells)
    spec = SCHEMAS["orders"]["amount"]
    assert profile.recognised["money"] == 1.0
    assert types.reader(spec, profile, "amount").name == "money"
    plain = profile_column(pl.Series("Total", [f"{i}.5" for i in range(1, 40)]))
    assert types.reader(spec, plain, "amount").name == "decimal"


def test_the_word_file_alone_maps_the_columns_but_cannot_read_the_iso_durations() -> None:
    words_nl.install()
    try:
        loaded = cxkit.load(_dutch_tickets(), name="meldingen.csv", kind="tickets",
                            mapping={"handle_minutes": "Afhandeltijd"})
    finally:
        words_nl.uninstall()
    assert loaded.mapping["created_at"] == "Aangemaakt op"
    assert loaded.frame["handle_minutes"].null_count() == loaded.frame.height  # the value type is what reads them
