"""Unusable input ends in a LoadError with a message a person can act on, and nothing else escapes."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxkit


def expect_error(data: bytes | str, name: str = "file.csv", **options: object) -> cxkit.LoadError:
    with pytest.raises(cxkit.LoadError) as error:
        cxkit.load(data if isinstance(data, bytes) else data.encode(), name=name, **options)  # type: ignore[arg-type]
    assert isinstance(error.value, ValueError)
    assert error.value.code != "internal", str(error.value)
    return error.value


def test_empty_file() -> None:
    error = expect_error(b"", "vacio.csv")
    assert error.code == "empty_file" and "vacio.csv is empty" in str(error)
    assert "está vacío" in str(expect_error(b"   \n\n", "vacio.csv", lang="es"))


def test_header_only() -> None:
    error = expect_error("Ticket ID,Created at,Status\n")
    assert error.code == "header_only" and "no data rows" in str(error)


def test_random_bytes_named_csv() -> None:
    error = expect_error(os.urandom(4096), "export.csv")
    assert error.code == "not_text"
    assert "Export it as CSV or XLSX" in str(error)


def test_text_named_xlsx() -> None:
    error = expect_error("Ticket ID,Created at\n1,2025-01-01\n", "tickets.xlsx")
    assert error.code == "fake_excel" and "not one (it holds text)" in str(error)
    with pytest.raises(cxkit.LoadError) as spanish:
        cxkit.load(b"Ticket ID,Created at\n1,2025-01-01\n", name="tickets.xlsx", lang="es")
    assert "(contiene texto)" in str(spanish.value)  # no English word inside the Spanish sentence


def test_broken_zip_named_xlsx() -> None:
    error = expect_error(b"PK\x03\x04" + os.urandom(300), "tickets.xlsx")
    assert error.code in ("fake_excel", "bad_excel")


def test_huge_expansion_xlsx_is_refused_before_reading() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (1100 * 1024 * 1024 // 8) * 8)
    error = expect_error(buffer.getvalue(), "bomb.xlsx")
    assert error.code == "zip_bomb" and "would expand" in str(error)


def test_file_over_the_size_limit() -> None:
    error = expect_error(b"Date,Score\n" + b"2025-01-01,9\n" * 1000, "big.csv", max_bytes=1000)
    assert error.code == "too_large" and "over the limit" in str(error)


def test_unknown_kind_lists_the_columns() -> None:
    error = expect_error("Foo,Bar\n1,2\n")
    assert error.code == "unknown_kind" and "'Foo', 'Bar'" in str(error)
    assert "Elija el tipo de datos" in str(expect_error("Foo,Bar\n1,2\n", lang="es"))


def test_missing_required_column_for_a_forced_kind() -> None:
    error = expect_error("Cliente,Importe\nana,10\n", kind="orders")
    assert error.code == "missing_required" and "ordered_at" in str(error)


def test_every_row_unreadable() -> None:
    error = expect_error("Date,Score\nnope,9\nnada,8\n")
    assert error.code == "all_rejected" and "None of the 2 rows" in str(error)
    assert error.rejected.height == 2  # type: ignore[attr-defined]


def test_missing_path_and_wrong_source_type() -> None:
    with pytest.raises(cxkit.LoadError) as error:
        cxkit.load("/no/such/file.csv")
    assert error.value.code == "file_not_found"
    with pytest.raises(cxkit.LoadError) as error:
        cxkit.load(12345)  # type: ignore[arg-type]
    assert error.value.code == "bad_source"


def test_unknown_kind_name() -> None:
    assert expect_error("Date,Score\n2025-01-01,9\n", kind="sales").code == "bad_kind"


def test_excel_sheet_choice() -> None:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Vacía")
    data = book.add_worksheet("Respuestas")
    data.write_row(0, 0, ["Fecha", "Puntuación"])
    data.write_row(1, 0, ["2025-01-13", 9])
    book.close()
    loaded = cxkit.load(buffer.getvalue(), name="libro.xlsx")
    assert loaded.sheet == "Respuestas" and loaded.sheets == ["Vacía", "Respuestas"]
    assert any("'Respuestas' was read" in w for w in loaded.warnings)
    assert expect_error(buffer.getvalue(), "libro.xlsx", sheet="Otra").code == "no_sheet"


def _check(data: bytes, name: str) -> None:
    try:
        loaded = cxkit.load(data, name=name)
    except cxkit.LoadError as error:
        assert error.code != "internal", str(error)
        assert str(error)
        return
    rows = loaded.events.height if loaded.events is not None else loaded.frame.height
    assert rows + loaded.rejected.height == loaded.data_rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.xlsx", "x.parquet", "x.txt", "x"]))
def test_fuzz_any_bytes(data: bytes, name: str) -> None:
    _check(data, name)


CELLS = st.one_of(
    st.sampled_from(["", "2025-01-01", "13/02/2025 10:00", "9", "11", "-1", "abc", "Good", "Offered", "1.234,5",
                     '"', '""', "NaN", "#N/A", "#¡VALOR!", "=1+1", "Resuelto", "ñ", "\t", "02/13/2025"]),
    st.text(max_size=12),
)
HEADERS = st.sampled_from(["Date", "Fecha", "Score", "Puntuación", "Ticket ID", "Created at", "Status",
                           "Satisfaction Score", "Amount", "Customer ID", "Foo", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(HEADERS, min_size=1, max_size=5),
    st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=8),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]),
)
def test_fuzz_csv_like_text(headers: list[str], rows: list[list[str]], sep: str, encoding: str) -> None:
    text = "\n".join(sep.join(r) for r in [headers, *rows])
    _check(text.encode(encoding, errors="replace"), "fuzz.csv")


def test_headers_that_look_like_polars_patterns_are_plain_columns() -> None:
    loaded = cxkit.load(b"Date,Score,*,^x$,__row\n2025-01-01,9,a,b,c\n", name="a.csv")
    assert loaded.frame.columns[-3:] == ["[*]", "[^x$]", "[__row]"]
    assert loaded.frame.row(0)[-3:] == ("a", "b", "c")
