"""The hostile and broken inputs: each a function returning (bytes, file name, load options)."""

from __future__ import annotations

import io
import os
import struct
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


_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                  b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                  b'"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                  b'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
                  b'formats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
                  b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                  b'</Types>')
_ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
              b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
              b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             b'<sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                  b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
                  b'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main">')


def xlsx(sheet_body: bytes, shared: list[bytes] | None = None) -> bytes:
    """A minimal workbook written by hand: one sheet whose XML is ``sheet_body`` (inside <worksheet>), and the
    shared strings ``shared``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", _SHEET_HEAD + sheet_body + b"</worksheet>")
        strings = b"".join(b"<si><t>" + text + b"</t></si>" for text in shared or [])
        archive.writestr("xl/sharedStrings.xml", b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                         b'openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (
                             len(shared or []), len(shared or [])) + strings + b"</sst>")
    return buffer.getvalue()


_HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Fecha</t></is></c><c r="B1" t="inlineStr"><is><t>Puntuaci\xc3\xb3n</t></is></c></row>'
_LAST_CELL = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def far_cell_no_dimension() -> tuple[bytes, str, dict[str, Any]]:
    """One cell at XFD1048576 and no <dimension>: a reader allocates 17 billion cells up to it."""
    return xlsx(b"<sheetData>" + _LAST_CELL + b"</sheetData>"), "celda_lejana.xlsx", {}


def far_cell_late_dimension() -> tuple[bytes, str, dict[str, Any]]:
    """The same cell, with the <dimension> saying so only after the first 4,096 bytes."""
    padding = b"<sheetPr><!--" + b" " * 5000 + b"--></sheetPr>"
    body = padding + b'<dimension ref="A1:XFD1048576"/><sheetData>' + _HEADER_ROW + _LAST_CELL + b"</sheetData>"
    return xlsx(body), "dimension_tardia.xlsx", {}


def far_cell_without_references() -> tuple[bytes, str, dict[str, Any]]:
    """The far cell reached without a single reference: a million empty rows, then a row of 16,384 empty cells
    (each row and cell without r="" comes right after the one before)."""
    body = b"<sheetData>" + _HEADER_ROW + b"<row/>" * 1_048_574 + b"<row>" + b"<c/>" * 16_383 + \
        b'<c t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return xlsx(body), "sin_referencias.xlsx", {}


def repeated_shared_string() -> tuple[bytes, str, dict[str, Any]]:
    """One 1 MB shared string used by 1,000 cells: 10 KB of file, a gigabyte of text once copied into each."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (i, i) for i in range(1, 1001))
    return xlsx(b"<sheetData>" + rows + b"</sheetData>", [b"x" * 2**20]), "texto_repetido.xlsx", {}


def patch_sizes(data: bytes, part: str, size: int) -> bytes:
    """``data`` (a zip) with the uncompressed size of ``part`` declared as ``size`` in its local header and in the
    central directory (the compressed bytes are left as they are)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(part).header_offset
    struct.pack_into("<I", out, offset + 22, size)  # local header: uncompressed size
    at = out.find(b"PK\x01\x02")
    while at != -1:  # central directory records
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + name_length]) == part.encode():
            struct.pack_into("<I", out, at + 24, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def big_sheet_xml(rows: int) -> bytes:
    """A sheet's XML of ``rows`` rows of one number each, deflated piece by piece (returns the zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part, content in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                              ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)):
            archive.writestr(part, content)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_HEAD + b"<sheetData>")
            row = b'<row><c><v>1</v></c></row>'
            block = row * 40_000
            for _ in range(rows // 40_000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def lying_zip() -> tuple[bytes, str, dict[str, Any]]:
    """A worksheet that inflates to ~660 MB whose zip headers say it is 1 KB (the sum of declared sizes passes)."""
    return patch_sizes(big_sheet_xml(24_000_000), "xl/worksheets/sheet1.xml", 1024), "tamanos_falsos.xlsx", {}


def parquet_rows() -> tuple[bytes, str, dict[str, Any]]:
    """20 million rows of one constant column: a few hundred KB of Parquet, gigabytes once read."""
    import polars as pl

    frame = pl.DataFrame({"Puntuación": pl.repeat(9, 20_000_000, dtype=pl.Int8, eager=True)})
    buffer = io.BytesIO()
    frame.write_parquet(buffer, row_group_size=10_000_000)
    return buffer.getvalue(), "filas.parquet", {}


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
    scores_out_of_range, duplicate_ids, planted_formulas, over_the_limit, far_cell_no_dimension,
    far_cell_late_dimension, far_cell_without_references, repeated_shared_string, lying_zip, parquet_rows,
)}
