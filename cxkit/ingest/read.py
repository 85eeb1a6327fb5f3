"""The read stage of the import: bytes in, a table of text cells out (``RawTable``), whatever the file format
and encoding, with the decision whether its first row is headers. No language: what it notes is ``Issue`` codes.

Everything here is about getting cells out of a file faithfully: encoding, separator, header rows,
Excel sheets. What the cells mean is decided later (``cxkit.ingest.candidates``, ``cxkit.ingest.decide``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

import polars as pl

from cxkit import _zipscan, tools
from cxkit._excel_time import clock_cells, is_clock_column
from cxkit._header_row import first_row_is_data, generated_headers
from cxkit.ingest.issues import Issue, fail, issue
from cxkit.limits import DEFAULT_LIMITS, Limits, active_limits
from cxkit.parallel import compute_all

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]

ROW = "__row"  # 1-based data row number in the source, kept beside the cells

# the default caps under their old names (the caps in force are ``cxkit.limits.active_limits()``)
MAX_COLUMNS = DEFAULT_LIMITS.max_columns
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_file_bytes
MAX_EXPANDED_BYTES = DEFAULT_LIMITS.max_expanded_bytes
MAX_SHEET_CELLS = DEFAULT_LIMITS.max_cells

_SEPARATORS = (";", "\t", ",", "|")
_PREAMBLE = re.compile(r"^\s*(reporting period|reportando el periodo)", re.IGNORECASE)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_NOT_SPACE = re.compile(rb"\S")
_REJECTED = "\x00__rejected__"  # placeholder of a rejected line, removed after numbering
# Excel on Western Windows writes cp1252 (latin-1 and iso8859-15 are near twins): guessing among DOS or Mac
# code pages too mislabels files with few accented letters, so the choice stays within this family.
_WESTERN_CODEPAGES = ["cp1252", "latin_1", "iso8859_15"]


@dataclass
class RawTable:
    """The cells of one table, all as text, plus what was learnt while reading it."""

    frame: pl.DataFrame  # String columns named by header, plus ROW
    headers: list[str]
    rejected: list[tuple[int, Issue, str]] = field(default_factory=list)  # (row, reason, raw line)
    typed: dict[str, pl.Series] = field(default_factory=dict)  # Excel/Parquet date and duration cells
    warnings: list[Issue] = field(default_factory=list)  # what was assumed while reading, as codes
    preamble: str = ""
    file_format: str = "csv"
    separator: str | None = None
    encoding: str | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    blank_rows: int = 0
    name: str = ""  # the file's name (for the messages of a later load)
    layout: str | None = None  # the tool whose positional layout named the columns of a file with no header row
    # what detection found in this table, per kind asked ("" for none), with the frame it looked at: a later load
    # of the same table with another mapping (the Data page's mapping change) re-runs only assemble and check
    detected: dict[str, tuple[pl.DataFrame, Any]] = field(default_factory=dict, repr=False, compare=False)


def read_table(
    data: bytes,
    name: str,
    *,
    sheet: str | int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RawTable:
    """Read ``data`` (the whole file) into a ``RawTable``.

    Before anything is expanded, what the file would become is checked against the caps in force
    (``cxkit.limits.active_limits()``): rows, columns and cells, an Excel file's real inflated size and its
    sheet's extent and repeated text, a Parquet file's declared rows and uncompressed size.

    Raises:
        LoadError: The file is empty, too large (or would become too large), of an unknown format or cannot be
            split into cells.
    """
    limits = active_limits()
    if not _has_content(data):
        raise fail("empty_file", name=name)
    if len(data) > max_bytes:
        raise fail("too_large", name=name, size_mb=len(data) / 2**20, limit_mb=max_bytes / 2**20)
    file_format = sniff_format(data)
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix in ("xlsx", "xlsm", "xls") and file_format not in ("xlsx", "xls"):
        held = {"parquet": "held_parquet", "zip": "held_zip"}.get(file_format, "held_text")
        if file_format == "csv" and _looks_binary(data):
            held = "held_binary"
        raise fail("fake_excel", name=name, actual=issue(held))
    if file_format in ("xlsx", "xls"):
        table = _read_excel(data, name, sheet=sheet, limits=limits)
    elif file_format == "parquet":
        table = _read_parquet(data, name, limits=limits)
    elif file_format == "zip":
        raise fail("not_text", name=name)
    else:
        table = _read_text(data, name, limits=limits)
    table.file_format = file_format
    table.name = name
    return _drop_blank_rows(table, name)


def _has_content(data: bytes) -> bool:
    """Whether the bytes hold anything but white space (without copying them as ``strip`` would)."""
    return _NOT_SPACE.search(data) is not None


def sniff_format(data: bytes) -> str:
    """Tell the file format from its first bytes: ``xlsx``, ``xls``, ``parquet``, ``zip`` or ``csv``."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"
        return "xlsx" if any(n.startswith("xl/") for n in names) else "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if data[:4] == b"PAR1":
        return "parquet"
    return "csv"


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control > len(sample) * 0.02


# ---------------------------------------------------------------------------------------------- text


def utf8(text: bytes | memoryview, codec: str | None) -> bytes:
    """Bytes in ``codec`` (a one-byte-a-character Western code page) as UTF-8; ``None``: they are UTF-8 already."""
    return bytes(text) if codec is None else str(text, codec, "replace").encode("utf-8")


def text_encoding(data: bytes) -> tuple[bytes, str | None, str, list[tuple[str, dict[str, Any]]]]:
    """How to read text bytes: (the bytes, the one-byte code page to turn them into UTF-8 with ``utf8`` or
    ``None`` when they are UTF-8, the encoding to report, warnings as (key, values)).

    UTF-8 files are passed on as they are; UTF-16 and files of mixed encodings are re-encoded here; a
    Western code page is left for ``utf8``, which can then convert the text piece by piece.
    """
    notes: list[tuple[str, dict[str, Any]]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8"), None, "utf-16", notes
    if data.isascii() or _is_utf8(data):
        return data, None, "utf-8", notes
    if _has_utf8_sequences(data):
        decoded: list[str] = []
        n_utf8 = n_other = 0
        for line in data.split(b"\n"):
            try:
                decoded.append(line.decode("utf-8"))
                if not line.isascii():
                    n_utf8 += 1
            except UnicodeDecodeError:
                decoded.append(line.decode("cp1252", errors="replace"))
                n_other += 1
        notes.append(("w_mixed_encoding", {"n_utf8": n_utf8, "n_other": n_other}))
        return "\n".join(decoded).encode("utf-8"), None, "mixed", notes
    encoding = _guess_western_encoding(data)
    notes.append(("w_encoding", {"encoding": encoding}))
    return data, encoding, encoding, notes


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8. The first megabyte settles most files at once (a failed Python
    decode of a big buffer is slow); the rest is checked by polars' validator."""
    head = data[: 1 << 20]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if len(head) == len(data) or error.start < len(head) - 3:  # not a character cut at the edge
            return False
    if len(head) == len(data):
        return True
    as_text = pl.Series([data], dtype=pl.Binary).cast(pl.String, strict=False)
    return as_text.null_count() == 0


def _has_utf8_sequences(data: bytes) -> bool:
    """Whether non-UTF-8 bytes also hold well-formed UTF-8 multi-byte letters (a file of mixed encodings).

    UTF-8 accented letters start with the bytes that cp1252 reads as 'Ã' or 'Â', followed by another high
    byte, which Spanish text never contains; ``bytes.find`` looks for them much faster than a regex.
    """
    for marker in (b"\xc3", b"\xc2"):
        start = data.find(marker)
        while start != -1:
            if _UTF8_MULTIBYTE.match(data, start):
                return True
            start = data.find(marker, start + 1)
    return False


def _guess_western_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    best = from_bytes(sample, cp_isolation=_WESTERN_CODEPAGES).best()
    guess = best.encoding if best is not None else "cp1252"
    # Excel on Western Windows writes cp1252; latin-1 and iso8859-15 differ from it only in rarely
    # used positions, so cp1252 is the faithful reading of all three.
    return "cp1252" if guess in ("latin_1", "iso8859_15", "cp1252", "ascii") else guess


def sniff_separator(lines: list[str]) -> str | None:
    """Pick the separator used consistently on the sample lines (``None``: a single column)."""
    stripped = [re.sub(r'"[^"]*"', "", line) for line in lines if line.strip()]
    if not stripped:
        return None
    best: tuple[float, int, int] | None = None
    best_sep: str | None = None
    for rank, sep in enumerate(_SEPARATORS):
        counts = [line.count(sep) for line in stripped]
        header = counts[0]
        if header == 0:
            continue
        consistency = sum(1 for c in counts if c == header) / len(counts)
        key = (round(consistency, 1), header, -rank)
        if best is None or key > best:
            best, best_sep = key, sep
    return best_sep


def _split_preamble(text: bytes, codec: str | None = None) -> tuple[bytes, str, str]:
    """Separate report-title lines before the headers and after the data (Chatwoot), without splitting
    the whole text into lines or copying it when there is nothing to cut."""
    preamble: list[str] = []
    start = 0
    while start < len(text):
        end = text.find(b"\n", start)
        line = (text[start:] if end == -1 else text[start:end]).decode(codec or "utf-8", errors="replace")
        if line.strip() and not _PREAMBLE.match(line):
            break
        if line.strip():
            preamble.append(line.strip())
        start = len(text) if end == -1 else end + 1
    stop = len(text)
    while stop > start and text[stop - 1] in b" \t\r\n\x0b\x0c":
        stop -= 1
    trailer = ""
    last_break = text.rfind(b"\n", start, stop)
    last_line = text[last_break + 1 : stop].decode(codec or "utf-8", errors="replace") if last_break != -1 else ""
    if last_line and _PREAMBLE.match(last_line):
        trailer = last_line.strip()
        stop = last_break
        while stop > start and text[stop - 1] in b"\r\n":
            stop -= 1
    ending = text[stop:]
    if start == 0 and ending in (b"", b"\n", b"\r\n"):
        return text, "\n".join(preamble), trailer  # nothing to cut: no copy of a big buffer
    return text[start:stop], "\n".join(preamble), trailer


def _read_text(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> RawTable:
    if _looks_binary(data):
        raise fail("not_text", name=name)
    text, codec, encoding, notes = text_encoding(data)  # a one-byte code page stays as it is until read
    if b"\r" in text[:200_000] and b"\n" not in text[:200_000]:
        text = text.replace(b"\r", b"\n")  # classic Mac line endings (old Excel for Mac)
    body, preamble, trailer = _split_preamble(text, codec)
    if not _has_content(body):
        raise fail("empty_file", name=name)
    head = body[:200_000].decode(codec or "utf-8", errors="replace").splitlines()[:50]
    separator = sniff_separator(head)
    first_break = body.find(b"\n")
    header_line = (body if first_break == -1 else body[:first_break]).decode(codec or "utf-8", errors="replace")
    header_fields = _parse_line(header_line, separator or ",")
    _check_size(name, _line_count(body, len(header_fields), limits), len(header_fields), limits)
    frame: pl.DataFrame | None = None
    rejected: list[tuple[int, Issue, str]] = []
    if body.count(b'"') % 2 == 0:
        frame = _read_csv(body, codec, separator or "\x1f")
    unclosed = 0
    if frame is None:
        lines = body.decode(codec or "utf-8", errors="replace").splitlines()
        frame, rejected = _read_text_line_by_line(lines, separator or "\x1f", name)
        unclosed = sum(1 for line in lines[1:] if line.count('"') % 2)
    frame, headers, layout, no_header = _name_columns(frame, header_fields, bool(rejected))
    frame = frame.with_row_index(ROW, offset=1)
    if rejected:
        frame = frame.filter(pl.col(headers[0]).is_null() | (pl.col(headers[0]) != _REJECTED))
    table = RawTable(
        frame=frame,
        headers=headers,
        rejected=rejected,
        preamble=preamble,
        separator=separator,
        encoding=encoding,
    )
    table.warnings.extend(issue(key, **values) for key, values in notes)
    if layout is not None:
        table.layout = layout
        table.warnings.append(issue("w_tool_layout", n=len(headers), tool=layout))
    elif no_header:
        table.warnings.append(issue("w_no_header_row", n=len(headers)))
    if unclosed:
        table.warnings.append(issue("w_unclosed_quotes", n=unclosed))
    if preamble:
        table.warnings.append(
            issue("w_preamble", n=preamble.count("\n") + 1, example=preamble.splitlines()[0])
        )
    if trailer:
        table.warnings.append(issue("w_trailer", example=trailer))
        table.preamble = (table.preamble + "\n" + trailer).strip()
    return table


def _name_columns(frame: pl.DataFrame, header_fields: list[str], rejected: bool) -> tuple[
    pl.DataFrame, list[str], str | None, bool
]:
    """The table with its columns named, the names, the tool whose layout named them and whether the file has no
    header row: a first line that is a record of a tool's declared layout has its fields name the columns; another
    record gets generated names (the columns are told by their values); else the first line is the headers."""
    layout = None if rejected else tools.layout_of(frame)
    no_header = layout is not None or (not rejected and first_row_is_data(frame))
    if layout is not None:
        headers = list(layout[1].fields[: frame.width])
    elif no_header:
        headers = generated_headers(frame.width)
    else:
        headers = _unique_headers([_cell(v) for v in frame.row(0)] if frame.height else header_fields)
        frame = frame.slice(1)
    frame.columns = headers
    return frame, headers, layout[0] if layout else None, no_header


def _line_count(body: bytes, columns: int, limits: Limits) -> int:
    """Lines of ``body`` after its header line (an upper bound on its rows: a quoted cell may hold line breaks);
    counted only when the text is long enough to hold more lines than the caps on rows and cells allow."""
    if len(body) <= 2 * min(limits.max_rows, limits.max_cells // max(columns, 1)):
        return 0
    return body.count(b"\n") + (0 if body.endswith(b"\n") else 1) - 1


def _check_size(name: str, rows: int, columns: int, limits: Limits) -> None:
    """Refuse a table over the caps on columns, rows or cells, before it is read."""
    if columns > limits.max_columns:
        raise fail("too_many_columns", name=name, n=columns, limit=limits.max_columns)
    if rows > limits.max_rows:
        raise fail("too_many_rows", name=name, n=rows, limit=limits.max_rows)
    if rows * columns > limits.max_cells:
        raise fail("too_many_cells", name=name, cells=rows * columns, rows=rows, columns=columns,
                                limit=limits.max_cells)


_PIECE_BYTES = 16 * 2**20


def _read_csv(body: bytes, codec: str | None, separator: str) -> pl.DataFrame | None:
    """Read well-quoted text with polars (``None`` if it cannot). A file in a one-byte code page is converted
    to UTF-8 piece by piece: while polars reads one piece (outside the GIL), Python converts the next."""
    if codec is None or len(bounds := _piece_bounds(body)) == 1:
        return _read_piece(utf8(body, codec), separator, None)
    header = body[: body.find(b"\n")].decode(codec, errors="replace")
    width = len(_parse_line(header, separator))  # every piece gets the header's columns
    view = memoryview(body)
    with ThreadPoolExecutor(max_workers=1) as reader:
        futures = [reader.submit(_read_piece, utf8(view[start:stop], codec), separator, width)
                   for start, stop in bounds]
        pieces = [future.result() for future in futures]
    if any(piece is None for piece in pieces):
        return _read_piece(utf8(body, codec), separator, None)  # let one whole read decide
    return pl.concat(cast(list[pl.DataFrame], pieces), how="vertical")


def _piece_bounds(body: bytes) -> list[tuple[int, int]]:
    """Cut points at line ends outside quotes (an even number of quotes before them), about 16 MB apart."""
    bounds: list[tuple[int, int]] = []
    start, quotes = 0, 0
    while len(body) - start > 2 * _PIECE_BYTES:
        cut = body.find(b"\n", start + _PIECE_BYTES)
        quotes += body.count(b'"', start, cut)
        while cut != -1 and quotes % 2:  # inside a quoted cell: the next line end
            following = body.find(b"\n", cut + 1)
            quotes += body.count(b'"', cut, following if following != -1 else len(body))
            cut = following
        if cut == -1:
            break
        bounds.append((start, cut + 1))
        start = cut + 1
    bounds.append((start, len(body)))
    return bounds


def _read_piece(data: bytes, separator: str, width: int | None) -> pl.DataFrame | None:
    try:
        return pl.read_csv(
            data,
            has_header=False,
            separator=separator,
            infer_schema=False,
            quote_char='"',
            missing_columns="insert",
            raise_if_empty=False,
            schema=None if width is None else {f"column_{i + 1}": pl.String for i in range(width)},
        )
    except (pl.exceptions.PolarsError, OSError, ValueError, OverflowError):
        return None


def _parse_line(line: str, separator: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=separator, strict=False))
    except (csv.Error, StopIteration):
        return line.split(separator)


def _read_text_line_by_line(
    lines: list[str], separator: str, name: str
) -> tuple[pl.DataFrame, list[tuple[int, Issue, str]]]:
    """Tolerant reader for broken quoting: one physical line is one record."""
    header = _parse_line(lines[0], separator) if lines else []
    width = len(header)
    if width == 0:
        raise fail("bad_csv", name=name, detail="no column headers")
    good: list[list[str | None]] = [list(header)]
    rejected: list[tuple[int, Issue, str]] = []
    data_row = 0
    for line in lines[1:]:
        if not line.strip():
            good.append([None] * width)
            data_row += 1
            continue
        data_row += 1
        fields = _parse_line(line, separator)
        if len(fields) == width:
            good.append(list(fields))
        else:
            reason = issue("r_fields", got=len(fields), expected=width)
            rejected.append((data_row, reason, line))
            good.append([_REJECTED] + [None] * (width - 1))
    columns = {f"column_{i}": [row[i] if row[i] != "" else None for row in good] for i in range(width)}
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)), rejected


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _unique_headers(raw: list[str]) -> list[str]:
    headers: list[str] = []
    seen: dict[str, int] = {}
    for i, header in enumerate(raw):
        base = header.strip().lstrip("\ufeff") or f"column {i + 1}"
        if base == "*" or (base.startswith("^") and base.endswith("$")) or base == ROW:
            base = f"[{base}]"  # polars reads these names as a wildcard or a regex
        count = seen.get(base, 0)
        seen[base] = count + 1
        headers.append(base if count == 0 else f"{base} ({count + 1})")
    return headers


# --------------------------------------------------------------------------------------------- excel


def _check_workbook(data: bytes, name: str, limits: Limits) -> _zipscan.ZipSummary:
    """Inflate the workbook's parts once, in chunks, counting their real size (refused past the cap, without
    inflating the rest) and finding each worksheet's extent."""
    try:
        return _zipscan.scan(data, limits.max_expanded_bytes)
    except _zipscan.ExpandedTooLarge as over:
        raise fail("zip_bomb", name=name, expanded_mb=over.expanded / 2**20,
                                limit_mb=limits.max_expanded_bytes / 2**20) from None
    except _zipscan.BadZip as exc:
        raise fail("bad_excel", name=name, detail=str(exc)[:200]) from None


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SMALL_PART = 8 * 2**20


def _sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → its worksheet part (``xl/worksheets/sheet1.xml``), from the workbook and its relationships;
    empty when they cannot be read (then every worksheet is checked)."""
    import html

    workbook = _zipscan.read_part(data, "xl/workbook.xml", _SMALL_PART)
    relations = _zipscan.read_part(data, "xl/_rels/workbook.xml.rels", _SMALL_PART)
    if workbook is None or relations is None:
        return {}
    targets: dict[bytes, str] = {}
    for tag in _RELATIONSHIP_TAG.findall(relations):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        targets[attributes.get(b"Id", b"")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts: dict[str, str] = {}
    for tag in _SHEET_TAG.findall(workbook):
        pairs = _ATTRIBUTE.findall(tag)
        sheet_name = next((value for key, value in pairs if key == b"name"), None)
        relation = next((value for key, value in pairs if key.endswith(b":id")), None)
        if sheet_name is not None and relation in targets:
            parts[html.unescape(sheet_name.decode("utf-8", "replace"))] = targets[relation]
    return parts


def _sheet_extent(summary: _zipscan.ZipSummary, parts: dict[str, str], sheet_name: str) -> tuple[str | None,
                                                                                                   _zipscan.SheetExtent]:
    """The part and extent of one sheet; when the workbook does not say which part it is, the largest extent of
    all the worksheets (what cannot be told apart is bounded by the worst of them)."""
    part = parts.get(sheet_name)
    if part is not None and part in summary.sheets:
        return part, summary.sheets[part]
    worst = _zipscan.SheetExtent()
    for extent in summary.sheets.values():
        worst = _zipscan.SheetExtent(max(worst.rows, extent.rows), max(worst.columns, extent.columns),
                                     max(worst.inflated, extent.inflated))
    return None, worst


def _check_sheet(data: bytes, summary: _zipscan.ZipSummary, part: str | None, extent: _zipscan.SheetExtent,
                 name: str, sheet_name: str, limits: Limits) -> int:
    """Refuse a sheet whose extent (A1 to its largest cell reference) or whose text, once its shared strings are
    copied into every cell that uses them, is over the caps. Returns the text's estimate in bytes."""
    if extent.cells > limits.max_cells:
        raise fail("sheet_too_large", name=name, sheet=sheet_name, cells=extent.cells,
                                limit=limits.max_cells)
    _check_size(name, extent.rows, extent.columns, limits)
    text = summary.longest_string * extent.cells  # quick bound: every cell holds the longest string
    if text > limits.max_text_bytes and summary.strings_part is not None:  # the exact count, rarely needed
        text = max(_zipscan.shared_text(data, summary.strings_part, sheet_part, limits.max_text_bytes)
                   for sheet_part in ([part] if part is not None else list(summary.sheets)))
    if text > limits.max_text_bytes:
        raise fail("too_much_text", name=name, sheet=sheet_name, text_mb=text / 2**20,
                                limit_mb=limits.max_text_bytes / 2**20)
    return text


def _read_excel(data: bytes, name: str, *, sheet: str | int | None,
                limits: Limits = DEFAULT_LIMITS) -> RawTable:
    import fastexcel

    summary = _check_workbook(data, name, limits) if data[:2] == b"PK" else None
    try:
        reader = fastexcel.read_excel(data)
        sheet_names = list(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own hierarchy and Rust panics as BaseException subclasses
        raise fail("bad_excel", name=name, detail=_short(exc)) from None
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheet_names):
            raise fail("no_sheet", name=name, sheet=sheet, sheets=", ".join(sheet_names))
        candidates = [sheet_names[sheet]]
    elif sheet is not None:
        if sheet not in sheet_names:
            raise fail("no_sheet", name=name, sheet=sheet, sheets=", ".join(sheet_names))
        candidates = [sheet]
    else:
        candidates = sheet_names
    parts = _sheet_parts(data) if summary is not None else {}
    for sheet_name in candidates:
        side_by_side = True
        if summary is not None:  # every cap is checked before either read of the sheet starts
            part, extent = _sheet_extent(summary, parts, sheet_name)
            text = _check_sheet(data, summary, part, extent, name, sheet_name, limits)
            # both reads at once hold two copies: only when two still fit in what one read may take
            side_by_side = 2 * (extent.inflated + text) <= limits.max_expanded_bytes
        text_frame, typed = _read_sheet(data, sheet_name, side_by_side, name)
        if text_frame.height == 0 or text_frame.width == 0:
            continue
        table = _excel_table(text_frame, typed, name, limits)
        table.sheets = sheet_names
        table.sheet = sheet_name
        if len(sheet_names) > 1:
            table.warnings.append(
                issue("w_sheets", n=len(sheet_names), sheets=", ".join(sheet_names), sheet=sheet_name)
            )
        return table
    raise fail("all_sheets_empty", error_code="empty_file", name=name,
               sheets=", ".join(sheet_names))


def _read_sheet(data: bytes, sheet_name: str, side_by_side: bool,
                name: str) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The sheet's cells as text and as Excel typed them; read side by side (the reader releases the GIL) when
    ``side_by_side``, else one after the other so that only one copy is being built at a time."""
    jobs: dict[str, Callable[[], pl.DataFrame | None]] = {
        "text": partial(_sheet_as_text, data, sheet_name), "typed": partial(_sheet_typed, data, sheet_name)}
    try:
        both = compute_all(jobs, workers=None if side_by_side else 1)
    except Exception as exc:  # fastexcel's own errors and Rust panics
        raise fail("bad_excel", name=name, detail=_short(exc)) from None
    text = both["text"]
    assert text is not None
    return text, both["typed"]


def _sheet_as_text(data: bytes, sheet_name: str) -> pl.DataFrame:
    return pl.read_excel(
        data,
        sheet_name=sheet_name,
        has_header=False,
        read_options={"dtypes": "string"},
        drop_empty_rows=False,
        drop_empty_cols=False,
        raise_if_empty=False,
    )


def _sheet_typed(data: bytes, sheet_name: str) -> pl.DataFrame | None:
    try:
        return pl.read_excel(
            data, sheet_name=sheet_name, drop_empty_rows=False, drop_empty_cols=False, raise_if_empty=False
        )
    except Exception:  # the typed cells only add date and duration types: without them the text is read
        return None


def _excel_table(text: pl.DataFrame, typed_frame: pl.DataFrame | None, name: str,
                 limits: Limits = DEFAULT_LIMITS) -> RawTable:
    _check_size(name, text.height, text.width, limits)  # an .xls file is only checked here
    headers = _unique_headers([_cell(v) for v in text.row(0)])
    frame = text.slice(1)
    frame.columns = headers
    frame = frame.with_columns(pl.col(h).str.strip_chars().replace("", None) for h in headers)
    frame = frame.with_row_index(ROW, offset=1)
    typed: dict[str, pl.Series] = {}
    if typed_frame is not None and typed_frame.height == frame.height and typed_frame.width == len(headers):
        clocks: dict[str, pl.Series] = {}
        for header, series in zip(headers, typed_frame.iter_columns(), strict=True):
            if is_clock_column(series):  # time-of-day or duration cells: Excel's day zero is no date
                typed[header], clocks[header] = clock_cells(series)
            elif series.dtype in (pl.Date, pl.Duration) or isinstance(series.dtype, (pl.Datetime, pl.Duration)):
                typed[header] = series
        if clocks:
            frame = frame.with_columns(clocks[h].alias(h) for h in clocks)
    return RawTable(frame=frame, headers=headers, typed=typed)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


# ------------------------------------------------------------------------------------------- parquet


def _check_parquet(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a Parquet file whose footer declares more rows, columns, cells or uncompressed bytes than the caps
    (a few hundred KB of a constant column can declare millions of rows)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        metadata = pq.ParquetFile(io.BytesIO(data)).metadata
        rows, columns = int(metadata.num_rows), int(metadata.num_columns)
        uncompressed = sum(int(metadata.row_group(g).total_byte_size) for g in range(metadata.num_row_groups))
    except Exception as exc:  # pyarrow raises its own errors for a damaged footer
        raise fail("bad_parquet", name=name, detail=_short(exc)) from None
    _check_size(name, rows, columns, limits)
    if uncompressed > limits.max_expanded_bytes:
        raise fail("parquet_too_large", name=name, expanded_mb=uncompressed / 2**20,
                                limit_mb=limits.max_expanded_bytes / 2**20)


def _read_parquet(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> RawTable:
    _check_parquet(data, name, limits)
    try:
        typed_frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:
        raise fail("bad_parquet", name=name, detail=_short(exc)) from None
    headers = _unique_headers(typed_frame.columns)
    typed_frame.columns = headers
    # every typed column is kept: numbers, booleans and dates need no re-reading (a saved workspace)
    typed = dict(zip(headers, typed_frame.iter_columns(), strict=True))
    frame = typed_frame.select(
        pl.col(h).cast(pl.String, strict=False).str.strip_chars().replace("", None) for h in headers
    ).with_row_index(ROW, offset=1)
    return RawTable(frame=frame, headers=headers, typed=typed)


# ------------------------------------------------------------------------------------------ common


def _drop_blank_rows(table: RawTable, name: str) -> RawTable:
    cells = list(table.headers)
    if not cells:
        raise fail("empty_file", name=name)
    first = pl.col(cells[0])
    # a blank row has a blank first cell: look at those rows only
    candidates = table.frame.filter(first.is_null() | (first.str.strip_chars() == ""))
    blank = pl.all_horizontal(pl.col(h).is_null() | (pl.col(h).str.strip_chars() == "") for h in cells)
    blank_rows = candidates.filter(blank)[ROW] if candidates.height else pl.Series(ROW, [], dtype=pl.UInt32)
    if len(blank_rows):
        keep = ~table.frame[ROW].is_in(blank_rows.implode())
        for header, series in list(table.typed.items()):
            table.typed[header] = series.filter(keep)
        table.frame = table.frame.filter(keep)
        table.blank_rows = len(blank_rows)
        table.warnings.append(issue("w_blank_rows", n=len(blank_rows)))
    if table.frame.height == 0 and not table.rejected:
        raise fail("header_only", name=name)
    return table


# ------------------------------------------------------------------------------------------ the stage


def source_bytes(source: Source, name: str | None = None) -> tuple[bytes, str]:
    """The whole file and its name, from a path, bytes or a binary file-like object (a Streamlit upload)."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise fail("file_not_found", name=str(path))
        return path.read_bytes(), name or path.name
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "upload"
    read_method = getattr(source, "read", None)
    if callable(read_method):
        if hasattr(source, "seek"):
            with contextlib.suppress(OSError, ValueError):
                source.seek(0)
        data = read_method()
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray)):
            raise fail("bad_source", type=type(data).__name__)
        return bytes(data), name or Path(str(getattr(source, "name", "upload"))).name
    raise fail("bad_source", type=type(source).__name__)


def read(source: Source, *, name: str | None = None, sheet: str | int | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES) -> RawTable:
    """Read one export into a ``RawTable`` (text cells, header-row decision, what was noted as codes).

    The table can be loaded again and again (``cxkit.load(table, kind=..., mapping=...)``) without reading the
    file again: no later stage changes it.
    """
    data, file_name = source_bytes(source, name)
    return read_table(data, file_name, sheet=sheet, max_bytes=max_bytes)


def skip_rows(raw: RawTable, n: int) -> RawTable:
    """The table without its first ``n`` data rows (a new table; ``raw`` is unchanged)."""
    return replace(
        raw,
        frame=raw.frame.slice(n).with_columns(pl.col(ROW) - n),
        typed={k: v.slice(n) for k, v in raw.typed.items()},
        rejected=[(row - n, reason, line) for row, reason, line in raw.rejected if row > n],
    )


def _has_import_id(rows: pl.DataFrame) -> bool:
    return any(
        isinstance(v, str) and v.startswith('{"ImportId"') for i in range(rows.height) for v in rows.row(i)
    )


def _merge_sub_headers(raw: RawTable, sub: dict[str, Any]) -> RawTable:
    """SurveyMonkey's second header row names the answers of a question's extra columns."""
    renamed: list[str] = []
    previous = ""
    for header in raw.headers:
        value = sub.get(header)
        if header.startswith("column ") and previous:
            header_name = f"{previous} - {value}" if value else header
        else:
            previous = header
            header_name = header
        renamed.append(header_name)
    skipped = skip_rows(raw, 1)
    return replace(skipped, frame=skipped.frame.rename(dict(zip(raw.headers, renamed, strict=True))),
                   typed={renamed[raw.headers.index(k)]: v for k, v in skipped.typed.items()}, headers=renamed)


def drop_extra_header_rows(raw: RawTable, tool: str | None) -> tuple[RawTable, int]:
    """Qualtrics writes two more header rows, SurveyMonkey one; merge or drop them (a new table)."""
    frame = raw.frame
    if frame.height == 0:
        return raw, 0
    first_rows = frame.head(3)
    if tool == "qualtrics" or _has_import_id(first_rows):
        for i in range(min(2, first_rows.height)):
            if any(str(v).startswith('{"ImportId"') for v in first_rows.row(i) if v is not None):
                return skip_rows(raw, i + 1), i + 1
    if tool == "surveymonkey":
        sub = first_rows.row(0, named=True)
        markers = {"Response", "Open-Ended Response", "Respuesta", "Respuesta abierta"}
        if any(sub.get(h) in markers for h in raw.headers):
            return _merge_sub_headers(raw, sub), 1
    return raw, 0
