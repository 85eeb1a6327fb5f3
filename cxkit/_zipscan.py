"""What an Excel file (a zip of XML parts) would become in memory, measured before any reader expands it.

Every part is inflated here, in chunks, straight from its compressed bytes, so its real size is counted whatever
the zip's headers claim, and the count stops as soon as a cap is passed. While a worksheet part streams by, the
largest cell reference in it is found (a single ``<c r="XFD1048576">`` makes a reader allocate the whole
rectangle up to it), and the shared-strings part gives an upper bound on the length of any one string (a 1 MB
string used in a thousand cells is copied into each of them).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

_IN_CHUNK = 1 << 20
_OUT_CHUNK = 4 << 20
_WINDOW = 12  # bytes of a reference's value looked at: XFD1048576 and its closing quote fit
_TAIL = _WINDOW + 8  # bytes carried from one chunk to the next so that no reference is cut in two
_HUGE = 10**12  # stands for a row or column number beyond anything a spreadsheet holds
_DIMENSION = re.compile(rb'<dimension\s+ref="(?:[A-Za-z]+\d+:)?([A-Za-z]+)(\d+)"')


class ExpandedTooLarge(Exception):
    """The parts inflate to more than the cap (``expanded`` bytes counted when the count stopped)."""

    def __init__(self, expanded: int) -> None:
        super().__init__(expanded)
        self.expanded = expanded


class BadZip(Exception):
    """The zip cannot be inflated (damaged data, a method Excel does not use)."""


@dataclass
class SheetExtent:
    """What one worksheet part spans: its largest row and column numbers."""

    rows: int = 0
    columns: int = 0
    inflated: int = 0

    @property
    def cells(self) -> int:
        """Cells of the rectangle from A1 to the largest reference (what a reader allocates)."""
        return self.rows * self.columns


@dataclass
class ZipSummary:
    """The real inflated size of every part and what the worksheets and shared strings hold."""

    expanded: int = 0
    sheets: dict[str, SheetExtent] = field(default_factory=dict)  # part name → extent
    longest_string: int = 0  # upper bound on the length of any one shared string, in bytes of XML
    strings_part: str | None = None  # the shared-strings part's name
    parts: dict[str, int] = field(default_factory=dict)  # part name → inflated bytes


def scan(data: bytes, max_expanded: int) -> ZipSummary:
    """Inflate every part of the zip ``data`` once, in chunks, and summarise it.

    Raises:
        ExpandedTooLarge: The parts together inflate past ``max_expanded`` bytes (counting stops there).
        BadZip: The archive or one of its parts cannot be inflated.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise BadZip(str(exc) or type(exc).__name__) from None
    declared = sum(info.file_size for info in infos)
    if declared > max_expanded:  # an honest bomb: no need to inflate it to know
        raise ExpandedTooLarge(declared)
    summary = ZipSummary()
    # a worksheet's chunks are searched in a second thread while the next ones inflate (both release the GIL)
    with ThreadPoolExecutor(max_workers=1) as searcher:
        for info in infos:
            _scan_part(memoryview(data), info, summary, max_expanded, searcher)
    return summary


def _scan_part(view: memoryview, info: zipfile.ZipInfo, summary: ZipSummary, max_expanded: int,
               searcher: ThreadPoolExecutor) -> None:
    """Inflate one part, add its size to ``summary`` and, for a worksheet or the shared strings, what it holds."""
    name = info.filename
    sheet = SheetExtent() if _is_worksheet(name) else None
    strings = _StringBound() if name.lower() == "xl/sharedstrings.xml" else None
    if strings is not None:
        summary.strings_part = name
    refs = _RefScanner(sheet, searcher) if sheet is not None else None
    inflated = 0
    for chunk in _inflate(view, info):
        inflated += len(chunk)
        summary.expanded += len(chunk)
        if summary.expanded > max_expanded:
            raise ExpandedTooLarge(summary.expanded)
        if refs is not None:
            refs.feed(chunk)
        elif strings is not None:
            strings.feed(chunk)
    summary.parts[name] = inflated
    if refs is not None and sheet is not None:
        refs.close()
        sheet.inflated = inflated
        summary.sheets[name] = sheet
    if strings is not None:
        summary.longest_string = max(summary.longest_string, strings.close(inflated))


def read_part(data: bytes, name: str, max_bytes: int) -> bytes | None:
    """A small part's bytes (the workbook and its relationships), or ``None`` when it is absent or larger than
    ``max_bytes``; read from the real compressed stream like ``scan``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    pieces: list[bytes] = []
    size = 0
    try:
        for chunk in _inflate(memoryview(data), info):
            size += len(chunk)
            if size > max_bytes:
                return None
            pieces.append(chunk)
    except BadZip:
        return None
    return b"".join(pieces)


def _is_worksheet(name: str) -> bool:
    lower = name.lower()
    return lower.startswith("xl/worksheets/") and lower.endswith((".xml", ".bin")) and "/_rels/" not in lower


def _data_start(view: memoryview, info: zipfile.ZipInfo) -> int:
    """Where a part's compressed bytes start: after its local header, whose name and extra field lengths are
    read from the header itself (the central directory may disagree)."""
    offset = info.header_offset
    if offset < 0 or offset + 30 > len(view) or bytes(view[offset : offset + 4]) != b"PK\x03\x04":
        raise BadZip(f"no local header for {info.filename}")
    name_length = int.from_bytes(view[offset + 26 : offset + 28], "little")
    extra_length = int.from_bytes(view[offset + 28 : offset + 30], "little")
    return offset + 30 + name_length + extra_length


def _inflate(view: memoryview, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes as a reader would inflate them, at most ``_OUT_CHUNK`` at a time.

    A deflated part is inflated from its first compressed byte until its deflate stream ends, whatever sizes
    the headers declare; a stored part is as long as its compressed size allows within the file.
    """
    start = _data_start(view, info)
    if info.compress_type == zipfile.ZIP_STORED:
        stop = min(len(view), start + max(info.compress_size, info.file_size))
        for position in range(start, stop, _OUT_CHUNK):
            yield bytes(view[position : min(stop, position + _OUT_CHUNK)])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise BadZip(f"{info.filename} uses compression method {info.compress_type}, which Excel does not write")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = start
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                out = inflater.decompress(inflater.unconsumed_tail, _OUT_CHUNK)
            elif position < len(view):
                out = inflater.decompress(view[position : position + _IN_CHUNK], _OUT_CHUNK)
                position += _IN_CHUNK
            else:
                out = inflater.decompress(b"", _OUT_CHUNK)  # what is still held back; a cut stream ends here
                if not out:
                    return
            if out:
                yield out
    except zlib.error as exc:
        raise BadZip(f"{info.filename}: {exc}") from None


class _RefScanner:
    """Finds how far a worksheet's XML reaches, as it streams by, chunk by chunk.

    A reference is an attribute ``r="AB12"`` (a cell) or ``r="12"`` (a row); it is searched with numpy over
    each chunk (a regex over every cell of a 100k-row sheet costs more than the read). ``<dimension>`` is read
    too, wherever it is. A row or cell without a reference comes right after the one before it, so the rows
    without one are counted, and so are the cells without one in each row: the extent is at most the largest
    reference plus those.
    """

    def __init__(self, extent: SheetExtent, searcher: ThreadPoolExecutor | None = None) -> None:
        self.extent = extent
        self.tail = b""
        self.searcher = searcher
        self.pending: deque[Future[None]] = deque()
        self.rows = self.columns = 0  # the largest references
        self.loose_rows = 0  # <row> elements without a reference
        self.loose_cells = 0  # cells without a reference in the row being read
        self.most_loose_cells = 0  # the most cells without a reference in one row

    def feed(self, chunk: bytes) -> None:
        buffer = self.tail + chunk
        # the next buffer starts at the last tag, so that each tag is seen whole, with its attributes, once
        cut = buffer.rfind(b"<", max(0, len(buffer) - (1 << 20)))
        if cut <= 0:  # no tag starts in the last megabyte (a long text): cut where no reference can straddle
            cut = max(0, len(buffer) - _TAIL)
        self.tail = buffer[cut:]
        if self.searcher is None:
            self._scan(buffer, cut)
            return
        while len(self.pending) >= 2:  # at most two chunks wait in memory
            self.pending.popleft().result()
        self.pending.append(self.searcher.submit(self._scan, buffer, cut))

    def close(self) -> None:
        while self.pending:
            self.pending.popleft().result()
        self._scan(self.tail + b" " * _TAIL, len(self.tail))
        self.most_loose_cells = max(self.most_loose_cells, self.loose_cells)
        self.extent.rows = max(self.extent.rows, min(_HUGE, self.rows + self.loose_rows))
        self.extent.columns = max(self.extent.columns, min(_HUGE, self.columns + self.most_loose_cells))

    def _scan(self, buffer: bytes, stop: int) -> None:
        """The tags and references that start in ``buffer[:stop]`` (the rest come again with the tail)."""
        for match in _DIMENSION.finditer(buffer, 0, stop) if b"<dimension" in buffer else ():
            self._take(_column_number(match[1]), int(match[2]) if len(match[2]) < 12 else _HUGE)
        if stop < 2:
            return
        a = np.frombuffer(buffer + b" " * 16, dtype=np.uint8)  # room to look a few bytes past any tag
        cells, rows = _cell_and_row_tags(a, stop)
        # writers put the reference first (<c r="A1", <row r="1"): read at once; any other tag is looked into
        cell_first = _reference_first(a, cells + 1)
        row_first = _reference_first(a, rows + 3)
        starts = [cells[cell_first] + 5, rows[row_first] + 7]
        quotes = [np.full(len(starts[0]) + len(starts[1]), 0x22, dtype=np.uint8)]
        loose: list[np.ndarray] = []
        for others in (cells[~cell_first], rows[~row_first]):
            if others.size:
                found, at, quote = _references_in(a, stop, others)
                starts.append(at)
                quotes.append(quote)
                others = others[~found]
            loose.append(others)
        self._take_references(a, np.concatenate(starts), np.concatenate(quotes))
        self._count_loose(rows, loose[0], len(loose[1]))

    def _take_references(self, a: np.ndarray, starts: np.ndarray, quotes: np.ndarray) -> None:
        """The largest row and column among the references whose values start at ``starts``."""
        if starts.size == 0:
            return
        length = np.full(len(starts), _WINDOW, dtype=np.int64)
        open_ = np.arange(len(starts))
        for k in range(_WINDOW):  # the first closing quote ends the value
            closing = a[starts[open_] + k] == quotes[open_]
            length[open_[closing]] = k
            open_ = open_[~closing]
            if open_.size == 0:
                break
        if open_.size:  # no closing quote soon enough: longer than any real reference
            self._take(_HUGE, _HUGE)
        short = length < _WINDOW
        starts, length = starts[short], length[short]
        letters = np.zeros(len(starts), dtype=np.int64)
        run = np.ones(len(starts), dtype=bool)
        for k in range(5):  # letters before the number (five or more: beyond any sheet)
            byte = a[starts + k] & 0xDF
            run &= (byte >= 0x41) & (byte <= 0x5A) & (k < length)
            letters += run
        digits = length - letters
        if digits.size == 0 or digits.max() <= 0:
            return
        self._take(self._largest_column(a, starts, letters), self._largest_row(a, starts, letters, digits))

    def _count_loose(self, rows: np.ndarray, loose_cells: np.ndarray, loose_rows: int) -> None:
        """Count the ``<row>`` elements without a reference, and the most ``<c>`` elements without one in a row."""
        self.loose_rows += loose_rows
        which = np.searchsorted(rows, loose_cells, side="right")  # 0: the row carried from the last buffer
        counts = np.bincount(which, minlength=len(rows) + 1)
        if rows.size == 0:
            self.loose_cells += int(counts[0])
            return
        self.most_loose_cells = max(self.most_loose_cells, self.loose_cells + int(counts[0]), int(counts[1:].max()))
        self.loose_cells = int(counts[-1])

    def _take(self, column: int, row: int) -> None:
        self.columns = max(self.columns, column)
        self.rows = max(self.rows, row)

    @staticmethod
    def _largest_row(a: np.ndarray, starts: np.ndarray, letters: np.ndarray, digits: np.ndarray) -> int:
        """The largest number after the letters; only the references with the most digits can hold it, and any
        byte there that is not a digit counts as a 9."""
        most = int(digits.max())
        if most > 11:
            return _HUGE
        first = (starts + letters)[digits == most]
        row = np.zeros(len(first), dtype=np.int64)
        for k in range(most):
            byte = a[first + k].astype(np.int64) - 0x30
            row = row * 10 + np.where((byte >= 0) & (byte <= 9), byte, 9)
        return int(row.max())

    @staticmethod
    def _largest_column(a: np.ndarray, starts: np.ndarray, letters: np.ndarray) -> int:
        """The largest column name (A = 1 ... XFD = 16384); only the longest names can hold it."""
        most = int(letters.max())
        if most == 0:
            return 0
        if most > 4:
            return _HUGE
        first = starts[letters == most]
        column = np.zeros(len(first), dtype=np.int64)
        for k in range(most):
            column = column * 26 + ((a[first + k] & 0xDF).astype(np.int64) - 0x40)
        return int(column.max())


def _cell_and_row_tags(a: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the names of the ``<c>`` and ``<row>`` tags starting before ``stop`` start (after a namespace
    prefix of up to three letters, ``<x:c``, when the sheet uses one)."""
    tags = np.flatnonzero(a[:stop] == 0x3C) + 1
    first = a[tags]
    prefixed = np.zeros(len(tags), dtype=bool)
    for length in (1, 2, 3):
        prefixed |= a[tags + length] == 0x3A
    if prefixed.any():
        tags = tags[(first != 0x2F) & (first != 0x3F) & (first != 0x21)]  # not closing tags, <?...?>, <!...>
        for length in (1, 2, 3):
            tags[a[tags + length] == 0x3A] += length + 1
        first = a[tags]
    tags = tags[(first == 0x63) | (first == 0x72)]  # c... or r...
    first, second, third, fourth = a[tags], a[tags + 1], a[tags + 2], a[tags + 3]
    cells = tags[(first == 0x63) & ((second <= 0x20) | (second == 0x3E) | (second == 0x2F))]
    rows = tags[(first == 0x72) & (second == 0x6F) & (third == 0x77)
                & ((fourth <= 0x20) | (fourth == 0x3E) | (fourth == 0x2F))]
    return cells, rows


def _reference_first(a: np.ndarray, after_name: np.ndarray) -> np.ndarray:
    """Whether the tag goes on with `` r="`` right after its name."""
    first: np.ndarray = ((a[after_name] <= 0x20) & (a[after_name + 1] == 0x72) & (a[after_name + 2] == 0x3D)
                         & (a[after_name + 3] == 0x22))
    return first


def _references_in(a: np.ndarray, stop: int, tags: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of ``tags`` (sorted), whether an ``r`` attribute lies inside it, where its value starts and its
    quote character. Any ``r`` after white space, then ``=`` and a quote, white space allowed around the ``=``."""
    r_at = np.flatnonzero(a[1:stop] == 0x72) + 1
    r_at = r_at[a[r_at - 1] <= 0x20]
    at = r_at + 1
    for _ in range(4):  # white space before the =
        at = np.where(a[at] <= 0x20, at + 1, at)
    keep = a[at] == 0x3D
    r_at, at = r_at[keep], at[keep] + 1
    for _ in range(4):  # and after it
        at = np.where(a[at] <= 0x20, at + 1, at)
    keep = (a[at] == 0x22) | (a[at] == 0x27)
    r_at, at = r_at[keep], at[keep]
    if r_at.size == 0:
        return np.zeros(len(tags), dtype=bool), at, a[at]
    ends = _tag_ends(a, tags)
    nearest = np.minimum(np.searchsorted(r_at, tags), len(r_at) - 1)
    found: np.ndarray = (r_at[nearest] > tags) & (r_at[nearest] < ends)
    value_at = at[nearest[found]]
    return found, value_at + 1, a[value_at]


def _tag_ends(a: np.ndarray, tags: np.ndarray) -> np.ndarray:
    """Where each tag ends: its first ``>`` (the end of the buffer when there is none)."""
    closing = np.flatnonzero(a == 0x3E)
    if closing.size == 0:
        return np.full(len(tags), len(a), dtype=np.int64)
    at = np.searchsorted(closing, tags)
    ends: np.ndarray = np.where(at < len(closing), closing[np.minimum(at, len(closing) - 1)], len(a)).astype(np.int64)
    return ends


def _column_number(letters: bytes) -> int:
    """``A`` → 1, ``XFD`` → 16384 (names longer than four letters count as beyond any sheet)."""
    if len(letters) > 4:
        return _HUGE
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number


class _StringBound:
    """An upper bound on the length of every shared string: the stretch from its ``<si`` to the next one (or to
    the end of the part). ``keep`` keeps each length, in order, for ``shared_text``."""

    def __init__(self, *, keep: bool = False) -> None:
        self.position = 0  # bytes seen before the current chunk
        self.last = -1  # where the last <si started (-1: none yet)
        self.longest = 0
        self.tail = b""
        self.lengths: list[np.ndarray] | None = [] if keep else None

    def feed(self, chunk: bytes) -> None:
        buffer = self.tail + chunk
        starts = _string_starts(buffer) + (self.position - len(self.tail))
        starts = starts[starts > self.last]  # those in the previous buffer's tail were seen
        if starts.size:
            if self.last >= 0:
                starts = np.concatenate(([self.last], starts))
            gaps = np.diff(starts)
            if gaps.size:
                self.longest = max(self.longest, int(gaps.max()))
                if self.lengths is not None:
                    self.lengths.append(gaps)
            self.last = int(starts[-1])
        self.position += len(chunk)
        self.tail = buffer[-4:]

    def close(self, size: int) -> int:
        if self.last >= 0:
            self.longest = max(self.longest, size - self.last)
            if self.lengths is not None:
                self.lengths.append(np.array([size - self.last], dtype=np.int64))
        return self.longest


def _string_starts(buffer: bytes) -> np.ndarray:
    """Where each ``<si>`` (or ``<si `` with attributes) starts in ``buffer``."""
    a = np.frombuffer(buffer, dtype=np.uint8)
    if len(a) < 4:
        return np.zeros(0, dtype=np.int64)
    at = np.flatnonzero(a[:-3] == 0x3C)
    at = at[(a[at + 1] == 0x73) & (a[at + 2] == 0x69)]
    follow = a[at + 3]
    starts: np.ndarray = at[(follow == 0x3E) | (follow == 0x2F) | (follow <= 0x20)].astype(np.int64)
    return starts


_STRING_CELL = re.compile(rb'<c\b[^>]*?\bt="s"[^>]*>\s*<v>\s*(\d{1,12})\s*</v>')


def shared_text(data: bytes, strings_part: str, sheet_part: str, cap: int) -> int:
    """The bytes of shared-string XML a sheet's cells copy (each string cell counts its string's length), counted
    until ``cap`` is passed. The slow, exact count, for when the quick bound (longest string × cells) is over."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings_info, sheet_info = archive.getinfo(strings_part), archive.getinfo(sheet_part)
    view = memoryview(data)
    bound = _StringBound(keep=True)
    size = 0
    for chunk in _inflate(view, strings_info):
        bound.feed(chunk)
        size += len(chunk)
    bound.close(size)
    lengths = np.concatenate(bound.lengths) if bound.lengths else np.zeros(0, dtype=np.int64)
    total = 0
    carry = b""
    for chunk in _inflate(view, sheet_info):
        buffer = carry + chunk
        cut = buffer.rfind(b"<c", max(0, len(buffer) - (1 << 20)))  # a cell cut in two is read whole next time
        cut = len(buffer) if cut == -1 else cut
        total += _text_of(buffer[:cut], lengths)
        if total > cap:
            return total
        carry = buffer[cut:]
    return total + _text_of(carry, lengths)


def _text_of(buffer: bytes, lengths: np.ndarray) -> int:
    indexes = np.array([int(m[1]) for m in _STRING_CELL.finditer(buffer)], dtype=np.int64)
    indexes = indexes[indexes < len(lengths)]
    return int(lengths[indexes].sum()) if indexes.size else 0
