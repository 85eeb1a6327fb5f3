"""The hostile and broken inputs: each a function returning (bytes, file name, load options)."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from typing import Any

import xlsxwriter

Case = Callable[[], tuple[bytes, str, dict[str, Any]]]
HEADER = "Fecha;Cliente;Puntuación;Comentario\r\n"


def _csv(rows: list[str], header: str = HEADER, encoding: str = "cp1252") -> bytes:
    return (header + "".join(r + "\r\n" for r in rows)).encode(encoding)


def empty() -> tuple[bytes, str, dict[str, Any]]:
    return b"", "vacio.csv", {}


def header_only() -> tuple[bytes, str, dict[str, Any]]:
    return _csv([]), "solo_cabecera.csv", {}


def random_bytes() -> tuple[bytes, str, dict[str, Any]]:
    return os.urandom(64 * 1024), "export.csv", {}


def text_named_xlsx() -> tuple[bytes, str, dict[str, Any]]:
    return _csv(["01/02/2025;ana@x.es;9;bien"]), "encuesta.xlsx", {}


def zip_bomb() -> tuple[bytes, str, dict[str, Any]]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (700 * 1024 * 1024) + b"</a>")
    return buffer.getvalue(), "bomba.xlsx", {}


def huge_sheet_range() -> tuple[bytes, str, dict[str, Any]]:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Fecha", "Puntuación"])
    sheet.write_row(1, 0, ["2025-01-13", 9])
    sheet.write(1_048_575, 16_383, "x")  # XFD1048576: a dense range of 17 billion cells
    book.close()
    return buffer.getvalue(), "rango_enorme.xlsx", {}


def unbalanced_quotes() -> tuple[bytes, str, dict[str, Any]]:
    rows = [f'0{d}/02/2025;c{d}@x.es;9;"bien' if d == 3 else f"0{d}/02/2025;c{d}@x.es;{d};ok" for d in range(1, 10)]
    return _csv(rows), "comillas.csv", {}


def mixed_encodings() -> tuple[bytes, str, dict[str, Any]]:
    data = HEADER.encode() + "01/02/2025;josé@x.es;9;Muy bien, gracias\r\n".encode()
    data += "13/02/2025;begoña@x.es;3;Fatal, no llegó\r\n".encode("cp1252")
    return data, "mezcla.csv", {}


def giant_cell() -> tuple[bytes, str, dict[str, Any]]:
    return _csv(["01/02/2025;ana@x.es;9;" + "a" * 200_000, "13/02/2025;bob@x.es;3;corto"]), "celda.csv", {}


def million_empty_columns() -> tuple[bytes, str, dict[str, Any]]:
    header = "Fecha;Puntuación" + ";" * 1_000_000 + "\r\n"
    return _csv(["01/02/2025;9" + ";" * 1_000_000], header=header), "columnas.csv", {}


def million_empty_rows() -> tuple[bytes, str, dict[str, Any]]:
    data = HEADER + "01/02/2025;ana@x.es;9;bien\r\n" + ";;;\r\n" * 1_000_000 + "13/02/2025;bob@x.es;3;mal\r\n"
    return data.encode("cp1252"), "filas.csv", {}


def error_values() -> tuple[bytes, str, dict[str, Any]]:
    rows = ["01/02/2025;a@x.es;NaN;x", "02/02/2025;b@x.es;Infinity;x", "03/02/2025;c@x.es;#N/A;x",
            "04/02/2025;d@x.es;#¡VALOR!;x", "13/02/2025;e@x.es;9;x", "#N/A;f@x.es;8;x"]
    return _csv(rows), "errores.csv", {}


def extreme_dates() -> tuple[bytes, str, dict[str, Any]]:
    header = "Submitted at,Score\n"
    rows = ["1900-01-01 10:00,9", "2100-06-01 10:00,8", "2025-03-01T10:00:00+01:00,7", "2025-03-02T10:00:00Z,6",
            "2025-03-03 10:00,10"]
    return (header + "\n".join(rows) + "\n").encode(), "fechas.csv", {}


def scores_out_of_range() -> tuple[bytes, str, dict[str, Any]]:
    return _csv(["01/02/2025;a@x.es;11;x", "02/02/2025;b@x.es;-1;x", "13/02/2025;c@x.es;10;x", "03/02/2025;d@x.es;7,5;x"]), \
        "rango.csv", {}


def duplicate_ids() -> tuple[bytes, str, dict[str, Any]]:
    data = "Ticket ID,Created at\n1,2025-01-01 10:00\n1,2025-01-02 10:00\n2,2025-01-03 10:00\n"
    return data.encode(), "duplicados.csv", {}


def planted_formulas() -> tuple[bytes, str, dict[str, Any]]:
    rows = ['01/02/2025;a@x.es;9;"=HYPERLINK(""http://malo.example"";""clic"")"', "13/02/2025;b@x.es;3;@SUM(1+1)*cmd|' /C calc'!A0"]
    return _csv(rows), "formulas.csv", {}


def over_the_limit() -> tuple[bytes, str, dict[str, Any]]:
    return _csv(["01/02/2025;a@x.es;9;x"] * 10_000), "grande.csv", {"max_bytes": 100_000}


CASES: dict[str, Case] = {f.__name__: f for f in (
    empty, header_only, random_bytes, text_named_xlsx, zip_bomb, huge_sheet_range, unbalanced_quotes,
    mixed_encodings, giant_cell, million_empty_columns, million_empty_rows, error_values, extreme_dates,
    scores_out_of_range, duplicate_ids, planted_formulas, over_the_limit,
)}
