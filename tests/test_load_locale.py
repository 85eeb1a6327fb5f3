"""Separators, encodings, decimal commas, dates and durations as Spanish and other exports write them."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit
from cxkit import _parse as P

ROWS = [
    ("T-1", "05/03/2025 09:15", "Envío", "1.234,50", "José Núñez"),
    ("T-2", "18/03/2025 17:40", "Devolución", "12,5", "Begoña Ibáñez"),
    ("T-3", "02/04/2025 08:05", "Pago", "7", "Íñigo Peña"),
]
HEADERS = ("Número de ticket", "Fecha de creación", "Categoría", "Importe", "Cliente")


def spanish_csv(separator: str = ";", encoding: str = "cp1252", bom: bool = False) -> bytes:
    lines = [separator.join(HEADERS)] + [separator.join(row) for row in ROWS]
    if separator == ",":  # a comma-separated export must quote decimal commas
        lines = [",".join(HEADERS)] + [",".join(f'"{v}"' for v in row) for row in ROWS]
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_separators(separator: str) -> None:
    loaded = cxkit.load(spanish_csv(separator, "utf-8"), name="tickets.csv")
    assert loaded.kind == "tickets"
    assert loaded.frame["ticket_id"].to_list() == ["T-1", "T-2", "T-3"]
    assert loaded.frame["customer_id"].to_list()[0] == "José Núñez"
    assert loaded.frame["created_at"][1] == dt.datetime(2025, 3, 18, 17, 40)


@pytest.mark.parametrize(
    ("encoding", "bom", "warned"),
    [("utf-8", False, False), ("utf-8", True, False), ("cp1252", False, True), ("latin-1", False, True)],
)
def test_encodings(encoding: str, bom: bool, warned: bool) -> None:
    loaded = cxkit.load(spanish_csv(";", encoding, bom), name="tickets.csv")
    assert loaded.frame["customer_id"].to_list() == ["José Núñez", "Begoña Ibáñez", "Íñigo Peña"]
    assert loaded.frame["ticket_type"].to_list() == ["Envío", "Devolución", "Pago"]
    assert loaded.headers[0] == "Número de ticket"  # no BOM left in the first header
    assert any("UTF-8" in w for w in loaded.warnings) == warned


def test_mixed_encodings_in_one_file_are_read_and_reported() -> None:
    data = (
        "Fecha;Cliente;Puntuación\r\n".encode()
        + "05/03/2025;José;9\r\n".encode()
        + "06/03/2025;Begoña;7\r\n".encode("cp1252")
    )
    loaded = cxkit.load(data, name="encuesta.csv")
    assert loaded.frame["customer_id"].to_list() == ["José", "Begoña"]
    assert any("mixes text encodings" in w for w in loaded.warnings)


def test_decimal_comma_and_thousands_dot() -> None:
    data = b"Pedido;Fecha;Importe\n#1;01/02/2025;1.234,50\n#2;02/02/2025;12,5\n#3;03/02/2025;1.000\n"
    loaded = cxkit.load(data, name="pedidos.csv", kind="orders")
    assert loaded.frame["amount"].to_list() == [1234.5, 12.5, 1000.0]


def test_decimal_point_and_thousands_comma() -> None:
    data = b'Order,Date,Amount\n#1,2025-02-01,"1,234.50"\n#2,2025-02-02,12.5\n'
    loaded = cxkit.load(data, name="orders.csv", kind="orders")
    assert loaded.frame["amount"].to_list() == [1234.5, 12.5]


def test_number_parser_against_hand_written_values() -> None:
    cases = {"1.234,50": 1234.5, "-3,25": -3.25, "€ 30": 30.0, "1 234,5": 1234.5, "(5)": -5.0, "2.5e3": 2500.0}
    parsed = P.parse_number(pl.Series(list(cases)), decimal_comma=None).values.to_list()
    # the column has more comma decimals than point decimals, so it reads as a Spanish column
    assert parsed[:5] == [1234.5, -3.25, 30.0, 1234.5, -5.0]
    for bad in ["NaN", "Infinity", "-inf", "#N/A", "#¡VALOR!", "12abc"]:
        result = P.parse_number(pl.Series([bad, "1"]))
        assert result.values[0] is None and result.bad[0], bad


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["2025-03-05 14:30:00", "2025-12-31 23:59:59"], [dt.datetime(2025, 3, 5, 14, 30), dt.datetime(2025, 12, 31, 23, 59, 59)]),
        (["2025-03-05T14:30:00Z", "2025-03-06T08:00:00.123+01:00"], [dt.datetime(2025, 3, 5, 14, 30), dt.datetime(2025, 3, 6, 8)]),
        (["05/03/2025 14:30", "25/12/2025 08:00"], [dt.datetime(2025, 3, 5, 14, 30), dt.datetime(2025, 12, 25, 8)]),
        (["05-03-2025", "25-12-2025"], [dt.datetime(2025, 3, 5), dt.datetime(2025, 12, 25)]),
        (["05.03.2025", "25.12.2025"], [dt.datetime(2025, 3, 5), dt.datetime(2025, 12, 25)]),
        (["08-04-2023 20:52", "15-04-2023 09:00"], [dt.datetime(2023, 4, 8, 20, 52), dt.datetime(2023, 4, 15, 9)]),
        (["45658", "45658.75"], [dt.datetime(2025, 1, 1), dt.datetime(2025, 1, 1, 18)]),
        (["45854.79224537037"], [dt.datetime(2025, 7, 16, 19, 0, 50)]),
        (["1735689600"], [dt.datetime(2025, 1, 1)]),
        (["3/4/2025", "12/31/2025"], [dt.datetime(2025, 3, 4), dt.datetime(2025, 12, 31)]),
        (["03/04/2025 01:05:00 PM", "03/05/2025 12:10:00 AM"], [dt.datetime(2025, 3, 4, 13, 5), dt.datetime(2025, 3, 5, 0, 10)]),
        (["2025/03/05 10:00"], [dt.datetime(2025, 3, 5, 10)]),
        (["20250305"], [dt.datetime(2025, 3, 5)]),
    ],
)
def test_date_forms(cells: list[str], expected: list[dt.datetime]) -> None:
    parsed = P.parse_datetime(pl.Series(cells))
    values = parsed.values.to_list()
    assert values[0] == expected[0]
    for got, want in zip(values, expected, strict=True):
        assert abs((got - want).total_seconds()) < 1


def test_day_first_is_decided_by_the_column_not_swapped() -> None:
    day_first = P.parse_datetime(pl.Series(["01/02/2025", "13/02/2025"]))
    assert day_first.notes["order"] == "day_first" and "ambiguous" not in day_first.notes
    assert day_first.values[0] == dt.datetime(2025, 2, 1)
    month_first = P.parse_datetime(pl.Series(["01/02/2025", "02/13/2025"]))
    assert month_first.notes["order"] == "month_first"
    assert month_first.values[0] == dt.datetime(2025, 1, 2)
    # the asked-for order is ignored when the column proves otherwise
    forced = P.parse_datetime(pl.Series(["01/02/2025", "02/13/2025"]), day_first=True)
    assert forced.values[0] == dt.datetime(2025, 1, 2)


def test_ambiguous_dates_warn_and_assume_day_first() -> None:
    data = "Fecha;Puntuación\n01/02/2025;9\n03/04/2025;7\n".encode()
    loaded = cxkit.load(data, name="encuesta.csv")
    assert loaded.frame["submitted_at"].to_list() == [dt.datetime(2025, 2, 1), dt.datetime(2025, 4, 3)]
    assert any("Day and month could not be told apart in 'Fecha'" in w and "assumed day first" in w for w in loaded.warnings)
    month_first = cxkit.load(data, name="encuesta.csv", day_first=False)
    assert month_first.frame["submitted_at"][0] == dt.datetime(2025, 1, 2)
    spanish = cxkit.load(data, name="encuesta.csv", lang="es")
    assert any("No se pudo distinguir el día del mes en 'Fecha'" in w for w in spanish.warnings)


def test_conflicting_day_orders_reject_the_impossible_rows() -> None:
    data = b"Date,Score\n13/01/2025,9\n25/01/2025,8\n01/14/2025,3\n"
    loaded = cxkit.load(data, name="answers.csv")
    assert loaded.frame["nps_score"].to_list() == [9, 8]
    assert loaded.rejected["row"].to_list() == [3]
    assert "Date" in loaded.rejected["reason"][0]


def test_years_outside_range_are_not_dates() -> None:
    parsed = P.parse_datetime(pl.Series(["1900-01-01", "2100-01-01", "2025-01-01"]))
    assert parsed.values.to_list()[:2] == [None, None]
    assert parsed.bad.to_list() == [True, True, False]


def test_excel_date_cells_are_read_as_dates() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Fecha", "Puntuación"])
    sheet.write_datetime(1, 0, dt.datetime(2025, 2, 1), fmt)
    sheet.write_number(1, 1, 9)
    sheet.write_datetime(2, 0, dt.datetime(2025, 3, 4), fmt)
    sheet.write_number(2, 1, 10)
    book.close()
    loaded = cxkit.load(buffer.getvalue(), name="encuesta.xlsx")
    # real date cells carry no day/month ambiguity at all
    assert loaded.frame["submitted_at"].to_list() == [dt.datetime(2025, 2, 1), dt.datetime(2025, 3, 4)]
    assert not any("Day and month" in w for w in loaded.warnings)
    assert loaded.frame["nps_score"].to_list() == [9, 10]


@pytest.mark.parametrize(
    ("header", "cells", "minutes"),
    [
        ("First reply time in minutes", ["15", "90"], [15.0, 90.0]),
        ("First reply time (min)", ["1,5", "2"], [1.5, 2.0]),
        ("First response time (seconds)", ["150", "3600"], [2.5, 60.0]),
        ("First reply time (hrs)", ["1.5", "24"], [90.0, 1440.0]),
        ("First reply time (days)", ["1", "0.5"], [1440.0, 720.0]),
        ("Time to first agent reply (ms)", ["60000", "90000"], [1.0, 1.5]),
        ("First response time (in hrs)", ["01:30:00", "58:22:50"], [90.0, 58 * 60 + 22 + 50 / 60]),
        ("Time to first agent reply (HH:mm:ss)", ["00:20:00", "26:30:00"], [20.0, 1590.0]),
        ("Avg first response time", ["2 hours 5 minutes", "1 día 3 horas"], [125.0, 1620.0]),
        ("Avg first response time", ["--", "45 seconds"], [0.0, 0.75]),
        ("Tiempo de primera respuesta (en horas)", ["2", "0,5"], [120.0, 30.0]),
    ],
)
def test_duration_units(header: str, cells: list[str], minutes: list[float]) -> None:
    parsed = P.parse_duration(pl.Series(cells), unit_minutes=P.duration_unit(header))
    assert parsed.values.to_list() == pytest.approx(minutes)
    assert not parsed.bad.any()


def test_duration_computed_from_timestamps_when_no_column() -> None:
    data = (
        b"Ticket ID,Created at,First reply at,Solved at\n"
        b"1,2025-01-01 10:00,2025-01-01 10:30,2025-01-01 12:00\n"
        b"2,2025-01-02 10:00,,\n"
        b"3,2025-01-03 10:00,2025-01-03 09:00,\n"
    )
    loaded = cxkit.load(data, name="tickets.csv")
    assert loaded.frame["first_response_minutes"].to_list() == [30.0, None, None]  # a reply before creation is not a time
    assert loaded.frame["resolution_minutes"].to_list() == [120.0, None, None]
    assert any("minutes to first reply were computed as 'First reply at' − 'Created at'" in w for w in loaded.warnings), loaded.warnings


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ana", "José", "Peña", "", "x;y", "línea\nnueva", "dijo \"sí\"", "€ 5"]),
                          st.integers(0, 99)), min_size=1, max_size=60),
       st.integers(16, 400))
def test_a_code_page_file_read_in_pieces_is_the_file_read_whole(rows: list[tuple[str, int]], piece: int) -> None:
    """A cp1252 file is converted and read piece by piece; cut anywhere a line ends outside quotes (quoted
    separators, line breaks and doubled quotes included), the table is the same as one whole read."""
    from cxkit.ingest import read as R

    lines = ["Agente;Cantidad"] + ['"' + text.replace('"', '""') + f'";{n}' for text, n in rows]
    body = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    old = R._PIECE_BYTES
    R._PIECE_BYTES = piece
    try:
        bounds = R._piece_bounds(body)
        pieces = R._read_csv(body, "cp1252", ";")
    finally:
        R._PIECE_BYTES = old
    whole = R._read_piece(R.utf8(body, "cp1252"), ";", None)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(body)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert pieces is not None and whole is not None
    assert pieces.rows() == whole.rows()
    assert whole.rows()[1:] == [(text, str(n)) for text, n in rows]  # a quoted empty cell is "" until cleaned
