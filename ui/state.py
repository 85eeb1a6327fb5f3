"""Session state, data loading (cached per session on the uploaded bytes) and the global period and
segment filters.

A visitor's files and everything parsed from them live in that visitor's ``st.session_state`` only: no
other session can reach them (or tell by timing whether a file was seen before), and they go when the
session goes. Only the bundled sample data, which belongs to nobody, is parsed once for every session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
import streamlit as st

import cxkit
import cxkit.isolated
from ui.i18n import N_

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLE_FILES = (
    "tickets_zendesk.csv",
    "encuestas_nps.csv",
    "suscripciones_stripe.csv",
    "pedidos.xlsx",
    "costes_equipo.csv",
)
DATE_COLUMNS = {"tickets": "created_at", "responses": "submitted_at", "orders": "ordered_at", "costs": "month",
                "calls": "started_at"}
GRANULARITIES = {"1d": N_("Day"), "1w": N_("Week"), "1mo": N_("Month"), "1q": N_("Quarter")}
SOURCE_FILE = "source_file"  # added when several files of one kind are combined

MEMORY_BUDGET_BYTES = 1536 * 2**20  # what one session's files and parsed tables may hold (1.5 GB)
PARSE_CACHE_ENTRIES = 8  # earlier readings of this session's files kept for quick switching back
# a file's cells as read are kept (and counted in the session's memory) when they take at most this much, so that
# a change of mapping, kind or language runs only the later stages of the import instead of reading it again
KEEP_TABLE_BYTES = 48 * 2**20
CACHE_KEY = "_parse_cache"
DERIVED_KEY = "_derived"  # what the pages draw from, worked out once per session for the same data and choices
T = TypeVar("T")
_PLAIN = (str, int, float, bool, type(None), dt.date)


_reader_warmed = False


def warm_reader() -> None:
    """Start the parse workers' fork server (``cxkit.isolated``) in the background when the first visitor arrives,
    so that the first upload does not wait the seconds it takes to start and import cxkit."""
    global _reader_warmed
    if _reader_warmed:
        return
    _reader_warmed = True
    import multiprocessing.forkserver
    import threading

    threading.Thread(target=multiprocessing.forkserver.ensure_running, name="cxkit reader warm-up", daemon=True).start()


def _browser_language(locale: str) -> str:
    """The UI language for the browser's locale (``es-AR`` → ``es``, ``pt-BR`` → ``pt``), English otherwise."""
    from ui.i18n import LANGS

    code = locale.lower()[:2]
    return code if code in LANGS else "en"


def init_state() -> None:
    """Set every shared key once per session (never overwritten by later runs)."""
    warm_reader()
    locale = ""
    try:
        locale = str(st.context.locale or "")
    except Exception:  # st.context.locale needs a browser session
        locale = ""
    st.session_state.setdefault("lang", _browser_language(locale))
    st.session_state.setdefault("use_sample", True)
    st.session_state.setdefault("uploads", {})  # file key -> Upload
    st.session_state.setdefault(CACHE_KEY, OrderedDict())
    st.session_state.setdefault("granularity", "1mo")
    st.session_state.setdefault("compare", True)
    st.session_state.setdefault("sla_minutes", 24 * 60)
    st.session_state.setdefault("large_fonts", False)


@dataclass
class Upload:
    """One uploaded file kept in the session (bytes in memory only), the user's choices for it and how it
    was read.

    ``kind`` and ``mapping`` are the user's choices (``None`` and ``{}``: let cxkit detect); they stay
    until the user changes them, and the file is only read again when they (or the language) change.
    """

    name: str
    data: bytes
    kind: str | None = None
    mapping: dict[str, str | None] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # what the file's own words mean, by column
    included: bool = True
    loaded: cxkit.Loaded | None = None
    error: str | None = None
    error_code: str | None = None
    error_rejected: pl.DataFrame | None = None
    read_as: tuple[Any, ...] | None = None  # the options of the last reading
    revision: int = 0  # counts the user's changes of kind, so that the kind box is drawn afresh after one
    _digest: str = field(default="", repr=False)

    @property
    def digest(self) -> str:
        if not self._digest:
            self._digest = hashlib.sha256(self.data).hexdigest()
        return self._digest

    def options(self, lang: str) -> tuple[Any, ...]:
        """What a reading depends on: the bytes, the name, the language and the user's choices."""
        labels = tuple(sorted((c, tuple(sorted(words.items()))) for c, words in self.labels.items()))
        return (self.digest, self.name, lang, self.kind, tuple(sorted(self.mapping.items())), labels)


def session_cache() -> MutableMapping[tuple[Any, ...], Any]:
    """This session's readings (``OrderedDict`` in ``st.session_state``: freed with the session)."""
    cache: MutableMapping[tuple[Any, ...], Any] = st.session_state.setdefault(CACHE_KEY, OrderedDict())
    return cache


def read_upload(upload: Upload, lang: str, cache: MutableMapping[tuple[Any, ...], Any] | None = None,
                progress: cxkit.isolated.Progress | None = None) -> Upload:
    """(Re)load an upload with its kind and mapping; a LoadError becomes the upload's error message.

    Readings are kept in ``cache`` (by default this session's), keyed by the bytes' hash and the options,
    so that changing a choice back, or a rerun, never reads the file again.
    """
    cache = session_cache() if cache is None else cache
    key = upload.options(lang)
    if key in cache:
        result = cache[key]
        if isinstance(cache, OrderedDict):
            cache.move_to_end(key)
    else:
        table_key = (upload.digest, "table", upload.name)
        table = cache.get(table_key)
        try:
            if isinstance(table, cxkit.RawTable):
                if isinstance(cache, OrderedDict):
                    cache.move_to_end(table_key)
                # the cells were read before (another mapping, kind or language): only the later stages run,
                # in this process, on a table whose size was bounded by the worker that read it
                result = cxkit.load(table, kind=upload.kind, mapping=upload.mapping or None,  # type: ignore[arg-type]
                                    lang=lang, labels=upload.labels or None)  # type: ignore[arg-type]
            else:
                # a visitor's file is read in a worker process with bounded memory and time (cxkit.limits): a
                # hostile or huge file ends in a message, never in the server's memory or a crash for everyone
                result, table = cxkit.load_isolated_keeping_table(
                    upload.data, upload.name, kind=upload.kind,  # type: ignore[arg-type]
                    mapping=upload.mapping or None, lang=lang,  # type: ignore[arg-type]
                    labels=upload.labels or None, progress=progress, keep_bytes=KEEP_TABLE_BYTES)
                if table is not None:
                    cache[table_key] = table
        except cxkit.LoadError as error:
            result = error
        cache[key] = result
        while len(cache) > PARSE_CACHE_ENTRIES:
            cache.pop(next(iter(cache)))
    if isinstance(result, cxkit.LoadError):
        upload.loaded = None
        upload.error = str(result)
        upload.error_code = result.code
        upload.error_rejected = getattr(result, "rejected", None)
    else:
        upload.loaded = result
        upload.error = upload.error_code = None
        upload.error_rejected = None
    upload.read_as = key
    return upload


def ensure_read(upload: Upload, lang: str, cache: MutableMapping[tuple[Any, ...], Any] | None = None) -> Upload:
    """Read the upload again only if its choices or the language changed since the last reading."""
    if upload.read_as != upload.options(lang):
        read_upload(upload, lang, cache)
    return upload


def forget(uploads: dict[str, Upload], cache: MutableMapping[tuple[Any, ...], Any] | None = None) -> None:
    """Drop the cached readings of files that are no longer uploaded."""
    cache = session_cache() if cache is None else cache
    kept = {u.digest for u in uploads.values()}
    for key in [k for k in cache if k[0] not in kept]:
        del cache[key]


def _frame_bytes(value: object) -> int:
    if isinstance(value, cxkit.RawTable):
        return int(value.frame.estimated_size()) + sum(int(s.estimated_size()) for s in value.typed.values())
    if isinstance(value, cxkit.Loaded):
        parts = [value.frame, value.rejected, value.cell_issues, value.events]
        return sum(int(p.estimated_size()) for p in parts if isinstance(p, pl.DataFrame))
    rejected = getattr(value, "rejected", None)
    return int(rejected.estimated_size()) if isinstance(rejected, pl.DataFrame) else 0


def session_bytes(uploads: dict[str, Upload], cache: MutableMapping[tuple[Any, ...], Any] | None = None) -> int:
    """What this session's data holds in memory: the uploaded bytes plus ``estimated_size()`` of every
    table read from them (current readings and the cached ones, each counted once)."""
    cache = session_cache() if cache is None else cache
    seen: set[int] = set()
    total = sum(len(u.data) for u in uploads.values())
    for value in [*(u.loaded for u in uploads.values()), *cache.values()]:
        if value is not None and id(value) not in seen:
            seen.add(id(value))
            total += _frame_bytes(value)
    return total


def upload_key(name: str, data: bytes, digest: str | None = None) -> str:
    """The upload's key in the session: its name and its bytes' SHA-256 (``digest``, when already known)."""
    return f"{name}:{(digest or hashlib.sha256(data).hexdigest())[:16]}"


@st.cache_resource(show_spinner=False)
def _sample(name: str, lang: str) -> cxkit.Loaded:
    """One bundled sample file, parsed once for every session (it is nobody's data)."""
    return cxkit.load(SAMPLE_DIR / name, lang=lang)  # type: ignore[arg-type]


def sample_datasets(lang: str) -> list[cxkit.Loaded]:
    """The bundled sample files, parsed (shared cache)."""
    return [_sample(name, lang) for name in SAMPLE_FILES]


def active_datasets() -> list[tuple[str, cxkit.Loaded]]:
    """The datasets the pages work on, with their file names: the sample, or the user's files that loaded
    and are not left out."""
    lang = st.session_state.get("lang", "en")
    if st.session_state.get("use_sample", True):
        return [(loaded.name, loaded) for loaded in sample_datasets(lang)]
    return [(u.name, u.loaded) for u in st.session_state.get("uploads", {}).values()
            if u.loaded is not None and u.included]


def combine(datasets: list[tuple[str, cxkit.Loaded]]) -> dict[str, pl.DataFrame]:
    """One frame per kind. Several files of one kind are stacked, with a ``source_file`` column naming
    the file each row came from."""
    by_kind: dict[str, list[tuple[str, pl.DataFrame]]] = {}
    for name, loaded in datasets:
        by_kind.setdefault(loaded.kind, []).append((name, loaded.frame))
    out: dict[str, pl.DataFrame] = {}
    for kind, parts in by_kind.items():
        if len(parts) == 1:
            out[kind] = parts[0][1]
            continue
        names: list[str] = []
        for name, _ in parts:  # two files may share a name
            label, n = name, 2
            while label in names:
                label, n = f"{name} ({n})", n + 1
            names.append(label)
        out[kind] = pl.concat([frame.drop(SOURCE_FILE, strict=False).with_columns(pl.lit(label).alias(SOURCE_FILE))
                               for label, (_, frame) in zip(names, parts, strict=True)], how="diagonal_relaxed")
    return out


def _same(a: object, b: object) -> bool:
    """Plain values (text, numbers, dates, and tuples of them) are the same when equal; anything else (a frame,
    a reading, a view) only when it is the very same object."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, _PLAIN) and isinstance(b, _PLAIN):
        return type(a) is type(b) and a == b
    return a is b


def memo(name: str, inputs: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept in this session's state (never shared with another session) and reused while
    ``inputs`` stay the same (see ``_same``): a rerun, a page change or a widget elsewhere does not work out the
    combined frames, the filters, the view or the Overview's numbers again. Outside a session it just computes.
    The kept inputs hold their objects, so an identity is never reused by another object while its entry lives."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:  # not in a session (a script, a thread): nothing to keep
        return compute()
    store: dict[str, tuple[tuple[Any, ...], Any]] = st.session_state.setdefault(DERIVED_KEY, {})
    hit = store.get(name)
    if hit is not None and _same(hit[0], inputs):
        value: T = hit[1]
        return value
    store.pop(name, None)  # the old value goes before the new one is built
    value = compute()
    store[name] = (inputs, value)
    return value


def _data_key(data: dict[str, pl.DataFrame]) -> tuple[Any, ...]:
    return tuple(sorted(data.items(), key=lambda item: item[0]))


def frames() -> dict[str, pl.DataFrame]:
    """All loaded data, one frame per kind (files of the same kind combined, see ``combine``); combined once
    per session for the same readings."""
    datasets = active_datasets()
    return memo("frames", tuple(datasets), lambda: combine(datasets))


def data_range(data: dict[str, pl.DataFrame]) -> tuple[dt.date, dt.date] | None:
    """First and last day over the dated kinds."""
    lows: list[Any] = []
    highs: list[Any] = []
    for kind, column in DATE_COLUMNS.items():
        if kind in data and column in data[kind].columns and data[kind].height:
            series = data[kind][column]
            low, high = series.min(), series.max()
            if low is not None and high is not None:
                lows.append(low.date() if isinstance(low, dt.datetime) else low)
                highs.append(high.date() if isinstance(high, dt.datetime) else high)
    customers = data.get("customers")
    if customers is not None and customers.height and "acquired_at" in customers.columns:
        # customers have no date of their own for the period filter, but their joining and leaving dates
        # bound the data (a file of customers alone still gets a period and a churn figure)
        moments = [customers[c] for c in ("acquired_at", "churned_at") if c in customers.columns]
        low = min((m.min() for m in moments if m.min() is not None), default=None)  # type: ignore[type-var]
        high = max((m.max() for m in moments if m.max() is not None), default=None)  # type: ignore[type-var]
        if low is not None and high is not None:
            lows.append(low.date() if isinstance(low, dt.datetime) else low)
            highs.append(high.date() if isinstance(high, dt.datetime) else high)
    if not lows:
        return None
    return min(lows), max(highs)  # dates: every entry went through .date() or was a date


def default_period(bounds: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The last three calendar months of the data (so there is a previous period to compare with), or
    everything when the data is shorter than six months."""
    first, last = bounds
    month, year = last.month - 2, last.year
    if month < 1:
        month, year = month + 12, year - 1
    start = dt.date(year, month, 1)
    if (start - first).days < 80:
        return bounds
    return start, last


# Columns that are never segments: ids, free text, dates, and cxkit's internal classifications (shown on
# their own pages: status, emotion, NPS group, order kind, cost item, call outcome).
NOT_SEGMENT_MEANINGS = {"ticket id", "response id", "order id", "customer id", "comment", "discount code", "month",
                        "call id", "status", "emotion", "nps group", "kind", "item", "outcome", "order status",
                        "id", "subject", "requester", "customer name", "email", "e mail"}
SEGMENT_MAX_VALUES = 30  # more distinct values than this is not a label to filter on
SEGMENT_MAX_LENGTH = 40  # a longer average value is free text
# The same meaning under the names exports give it (after ``meaning``'s normalisation)
SYNONYMS = {"canal": "channel", "channel": "channel", "channels": "channel", "medio": "channel",
            "region": "region", "regiones": "region", "zona": "region", "area": "region", "provincia": "region",
            "plan": "plan", "plano": "plan", "tarifa": "plan", "subscription plan": "plan",
            "agent": "agent", "agente": "agent", "assignee": "agent", "asignado": "agent",
            "ticket type": "ticket type", "tipo": "ticket type", "tipo de ticket": "ticket type",
            "queue": "queue", "cola": "queue", "source file": "source file", "pais": "country", "country": "country",
            "idioma": "language", "language": "language", "segmento": "segment", "segment": "segment"}
MEANING_LABELS = {"region": N_("Region"), "channel": N_("Channel"), "plan": N_("Plan"),
                  "agent": N_("Agent"), "ticket type": N_("Kind of request"),
                  "queue": N_("Queue"), "source file": N_("Source file"),
                  "country": N_("Country"), "language": N_("Language"),
                  "segment": N_("Segment")}


def meaning(column: str) -> str:
    """What a column means, as a key: lower case, no accents, no ``[list]``/``(metadata)`` notes, words
    separated by one space, and the usual synonyms folded (``Canal``, ``channel`` → ``channel``;
    ``Región``, ``Region [list]``, ``region (metadata)`` → ``region``)."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", column).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[\[(].*?[\])]", " ", text)
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return SYNONYMS.get(text, text)


@dataclass(frozen=True)
class Segment:
    """One filter: a meaning, its name for people, its values, and the column holding it in each kind."""

    key: str
    label: str  # msgid, translated where shown
    values: list[str]
    columns: dict[str, str]  # kind -> column


def _is_label_column(series: pl.Series) -> bool:
    """Few distinct, short, non-date text values."""
    values = series.drop_nulls().cast(pl.String).unique()
    if not 1 < len(values) <= SEGMENT_MAX_VALUES:
        return False
    if values.str.len_chars().mean() > SEGMENT_MAX_LENGTH:  # type: ignore[operator]
        return False
    dated = values.str.contains(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
    return not dated.mean() > 0.5  # type: ignore[operator]


def _exit_only(customers: pl.DataFrame) -> list[str]:
    """Columns only departing customers fill (cxkit.exit_only_columns); none when churn is not known."""
    try:
        return cxkit.exit_only_columns(customers)
    except cxkit.MetricError:
        return []


def segments(data: dict[str, pl.DataFrame]) -> dict[str, Segment]:
    """``find_segments``, once per session for the same frames."""
    return memo("segments", _data_key(data), lambda: find_segments(data))


def find_segments(data: dict[str, pl.DataFrame]) -> dict[str, Segment]:
    """The filters worth offering: one per meaning over every kind (``Canal``/``channel`` are one filter),
    label columns only (few short values; no ids, free text, dates, cxkit's internal classifications or columns
    that only departing customers fill, such as a cancellation reason).
    Within one kind, cxkit's own column wins over the file's column of the same meaning or the same values."""
    from ui.i18n import COLUMN_LABELS

    found: dict[str, dict[str, str]] = {}
    values: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for kind, frame in data.items():
        canonical = set(cxkit.canonical_columns(kind)) if kind in cxkit.KINDS else set()  # type: ignore[arg-type,unused-ignore]
        ordered = sorted(frame.columns, key=lambda c: (c not in canonical and c != SOURCE_FILE, c))
        exit_only = set(_exit_only(frame)) if kind == "customers" else set()
        kept: list[str] = []
        for column in ordered:
            key = meaning(column)
            if (key in NOT_SEGMENT_MEANINGS or key.endswith(" id") or kind in found.get(key, {})
                    or column in exit_only):  # a cancellation reason: filtering by it would show 100 % churn
                continue
            dtype = frame.schema[column]
            if not cxkit.is_text(dtype) or not _is_label_column(frame[column]):
                continue
            text = frame[column].cast(pl.String)
            if any(text.equals(frame[other].cast(pl.String)) for other in kept):
                continue  # the same values under another name (Zendesk's Subject mapped as the request type)
            kept.append(column)
            found.setdefault(key, {})[kind] = column
            values.setdefault(key, set()).update(text.drop_nulls().unique().to_list())
            if column in canonical or column == SOURCE_FILE or key not in names:
                names[key] = column
    out: dict[str, Segment] = {}
    for key in sorted(found, key=lambda k: (k not in MEANING_LABELS, k)):
        if len(values[key]) > SEGMENT_MAX_VALUES:
            continue
        column = names[key]
        label = MEANING_LABELS.get(key) or COLUMN_LABELS.get(column)
        if label is None:
            import re
            plain = re.sub(r"\s*[\[(].*?[\])]\s*", " ", column).strip() or column
            label = plain  # the file's own header, shown as written
        out[key] = Segment(key, label, sorted(values[key]), found[key])
    return out


def segment_options(data: dict[str, pl.DataFrame]) -> dict[str, list[str]]:
    """``{filter key: values}`` of ``segments``."""
    return {key: segment.values for key, segment in segments(data).items()}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def end_exclusive(self) -> dt.date:
        return self.end + dt.timedelta(days=1)

    def previous(self) -> Period:
        length = self.end_exclusive - self.start
        return Period(self.start - length, self.start - dt.timedelta(days=1))


def selected_period(data: dict[str, pl.DataFrame]) -> Period | None:
    bounds = data_range(data)
    if bounds is None:
        return None
    value = st.session_state.get("period")
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, dt.date) for v in value):
        start, end = value
        return Period(max(start, bounds[0]) if start <= bounds[1] else bounds[0], end)
    return Period(*bounds)


def segment_filters() -> dict[str, list[str]]:
    return {key.removeprefix("flt::"): value for key, value in st.session_state.items()
            if isinstance(key, str) and key.startswith("flt::") and value}


def _customer_attribute(frame: pl.DataFrame, column: str) -> bool:
    """Each customer has one value of ``column`` in ``frame`` (a region or a plan, not a ticket's channel)."""
    if "customer_id" not in frame.columns or column not in frame.columns:
        return False
    most = frame.drop_nulls("customer_id").group_by("customer_id").agg(pl.col(column).n_unique())[column].max()
    return most is not None and int(most) <= 1  # type: ignore[arg-type]


def apply_segments(frame: pl.DataFrame, filters: dict[str, list[str]], kind: str | None = None,
                   data: dict[str, pl.DataFrame] | None = None,
                   found: dict[str, Segment] | None = None) -> tuple[pl.DataFrame, list[str]]:
    """The rows of ``frame`` in every chosen segment, and the filters that cannot apply to it.

    A filter applies through the kind's own column of that meaning; a kind without one but with
    ``customer_id`` is filtered through its customers' segment in another kind (tickets of customers in
    Islas); otherwise the filter is named in the second value, for the page to say so."""
    found = found if found is not None else (segments(data) if data else {})
    skipped: list[str] = []
    for key, chosen in filters.items():
        segment = found.get(key)
        column = segment.columns.get(kind or "") if segment else (key if key in frame.columns else None)
        if column is not None and column in frame.columns:
            frame = frame.filter(pl.col(column).cast(pl.String).is_in(chosen))
            continue
        linked = None
        if segment is not None and data and "customer_id" in frame.columns:
            ids = [data[k].filter(pl.col(c).cast(pl.String).is_in(chosen))["customer_id"].cast(pl.String)
                   for k, c in segment.columns.items() if k in data and _customer_attribute(data[k], c)]
            if ids:
                linked = pl.concat(ids).drop_nulls().unique()
        if linked is not None:
            frame = frame.filter(pl.col("customer_id").cast(pl.String).is_in(linked.implode()))
        else:
            skipped.append(key)
    return frame, skipped


def in_period(kind: str, frame: pl.DataFrame, period: Period | None) -> pl.DataFrame:
    column = DATE_COLUMNS.get(kind)
    if period is None or column is None or column not in frame.columns:
        return frame
    start = dt.datetime.combine(period.start, dt.time())
    end = dt.datetime.combine(period.end_exclusive, dt.time())
    if frame.schema[column] == pl.Date:
        return frame.filter((pl.col(column) >= period.start) & (pl.col(column) < period.end_exclusive))
    return frame.filter((pl.col(column) >= start) & (pl.col(column) < end))


@dataclass
class View:
    """What the pages draw: every kind filtered by segment, in the period and in the one before."""

    all: dict[str, pl.DataFrame]  # segment-filtered, every date
    current: dict[str, pl.DataFrame]  # segment-filtered, in the selected period
    previous: dict[str, pl.DataFrame]  # segment-filtered, in the period before
    period: Period | None
    every: str
    compare: bool
    filters: dict[str, list[str]]
    segments: dict[str, Segment] = field(default_factory=dict)
    unfiltered: dict[str, list[str]] = field(default_factory=dict)  # kind -> filters that cannot apply to it
    first_dates: dict[str, dt.date] = field(default_factory=dict)  # kind -> first day of its data

    def has(self, kind: str) -> bool:
        return kind in self.all and self.all[kind].height > 0

    def covers_previous(self, kind: str) -> bool:
        """The previous period lies within this kind's data (never compare with days before it begins)."""
        if self.period is None:
            return False
        first = self.first_dates.get(kind)
        return first is not None and first <= self.period.previous().start

    def comparable(self, kind: str) -> bool:
        """A comparison is asked for and the previous period lies within this kind's data."""
        return self.compare and self.covers_previous(kind)

    def filter_label(self, key: str) -> str:
        segment = self.segments.get(key)
        return segment.label if segment else key


def first_dates(data: dict[str, pl.DataFrame]) -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    for kind, frame in data.items():
        column = DATE_COLUMNS.get(kind) or ("acquired_at" if kind == "customers" else None)
        if column in frame.columns and frame.height:
            low = frame[column].min()
            if isinstance(low, dt.datetime):
                out[kind] = low.date()
            elif isinstance(low, dt.date):
                out[kind] = low
    return out


def view() -> View:
    """The view of this run: built once per session for the same data, filters, period, granularity and
    comparison (a page change reuses it, and so do the numbers cached on it)."""
    data = frames()
    filters = segment_filters()
    period = st.session_state.get("period")
    inputs = (_data_key(data), tuple(sorted((k, tuple(v)) for k, v in filters.items())),
              tuple(period) if isinstance(period, (tuple, list)) else period,
              st.session_state.get("granularity", "1mo"), bool(st.session_state.get("compare", True)))
    return memo("view", inputs, lambda: _build_view(data, filters))


def _build_view(data: dict[str, pl.DataFrame], filters: dict[str, list[str]]) -> View:
    found = segments(data)
    filtered: dict[str, pl.DataFrame] = {}
    unfiltered: dict[str, list[str]] = {}
    for kind, frame in data.items():
        filtered[kind], skipped = apply_segments(frame, filters, kind, data, found)
        if skipped:
            unfiltered[kind] = skipped
    period = selected_period(data)
    current = {kind: in_period(kind, frame, period) for kind, frame in filtered.items()}
    previous = {kind: in_period(kind, frame, period.previous()) for kind, frame in filtered.items()} if period else {}
    return View(filtered, current, previous, period, st.session_state.get("granularity", "1mo"),
                bool(st.session_state.get("compare", True)), filters, found, unfiltered, first_dates(data))
