"""Session state, data loading (cached on the uploaded bytes) and the global period and segment filters."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import streamlit as st

import cxkit

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
GRANULARITIES = {"1d": ("Day", "Día"), "1w": ("Week", "Semana"), "1mo": ("Month", "Mes"), "1q": ("Quarter", "Trimestre")}
NOT_SEGMENTS = {"ticket_id", "response_id", "order_id", "customer_id", "comment", "discount_code", "month", "call_id"}
MAX_SEGMENT_VALUES = 60


def init_state() -> None:
    """Set every shared key once per session (never overwritten by later runs)."""
    locale = ""
    try:
        locale = str(st.context.locale or "")
    except Exception:  # st.context.locale needs a browser session
        locale = ""
    st.session_state.setdefault("lang", "es" if locale.lower().startswith("es") else "en")
    st.session_state.setdefault("use_sample", True)
    st.session_state.setdefault("uploads", {})  # file key -> Upload
    st.session_state.setdefault("granularity", "1mo")
    st.session_state.setdefault("compare", True)
    st.session_state.setdefault("sla_minutes", 24 * 60)
    st.session_state.setdefault("large_fonts", False)


@dataclass
class Upload:
    """One uploaded file kept in the session (bytes in memory only) and how it was read."""

    name: str
    data: bytes
    kind: str | None = None
    mapping: dict[str, str | None] = field(default_factory=dict)
    loaded: cxkit.Loaded | None = None
    error: str | None = None
    error_rejected: pl.DataFrame | None = None


@st.cache_data(show_spinner=False, max_entries=64)
def parse_bytes(data: bytes, name: str, lang: str, kind: str | None = None,
                mapping: tuple[tuple[str, str | None], ...] = ()) -> cxkit.Loaded:
    """Parse one file; cached on its bytes and options so that widgets never re-read it."""
    return cxkit.load(data, kind=kind, mapping=dict(mapping) or None, name=name, lang=lang)  # type: ignore[arg-type]


def read_upload(upload: Upload, lang: str) -> Upload:
    """(Re)load an upload with its kind and mapping; a LoadError becomes the upload's error message."""
    try:
        upload.loaded = parse_bytes(upload.data, upload.name, lang, upload.kind,
                                    tuple(sorted(upload.mapping.items())))
        upload.error = None
        upload.error_rejected = None
    except cxkit.LoadError as error:
        upload.loaded = None
        upload.error = str(error)
        upload.error_rejected = getattr(error, "rejected", None)
    return upload


def upload_key(name: str, data: bytes) -> str:
    return f"{name}:{hashlib.sha1(data).hexdigest()[:12]}"


def sample_datasets(lang: str) -> list[cxkit.Loaded]:
    """The bundled sample files, parsed (cached)."""
    return [parse_bytes((SAMPLE_DIR / name).read_bytes(), name, lang) for name in SAMPLE_FILES]


def active_datasets() -> list[cxkit.Loaded]:
    """The datasets the pages work on: the sample, or the user's files that loaded."""
    lang = st.session_state.get("lang", "en")
    if st.session_state.get("use_sample", True):
        return sample_datasets(lang)
    return [u.loaded for u in st.session_state.get("uploads", {}).values() if u.loaded is not None]


def frames() -> dict[str, pl.DataFrame]:
    """All loaded data, one frame per kind (files of the same kind stacked)."""
    by_kind: dict[str, list[pl.DataFrame]] = {}
    for loaded in active_datasets():
        by_kind.setdefault(loaded.kind, []).append(loaded.frame)
    return {kind: parts[0] if len(parts) == 1 else pl.concat(parts, how="diagonal_relaxed")
            for kind, parts in by_kind.items()}


def data_range(data: dict[str, pl.DataFrame]) -> tuple[dt.date, dt.date] | None:
    """First and last day over the dated kinds."""
    lows, highs = [], []
    for kind, column in DATE_COLUMNS.items():
        if kind in data and column in data[kind].columns and data[kind].height:
            series = data[kind][column]
            low, high = series.min(), series.max()
            if low is not None and high is not None:
                lows.append(low.date() if isinstance(low, dt.datetime) else low)
                highs.append(high.date() if isinstance(high, dt.datetime) else high)
    if not lows:
        return None
    return min(lows), max(highs)  # type: ignore[type-var]


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


def segment_options(data: dict[str, pl.DataFrame]) -> dict[str, list[str]]:
    """Columns worth filtering on (few distinct text values), with their values."""
    options: dict[str, set[str]] = {}
    for frame in data.values():
        for column, dtype in frame.schema.items():
            if column in NOT_SEGMENTS or not cxkit.is_text(dtype):
                continue
            values = frame[column].drop_nulls().unique()
            if 1 < len(values) <= MAX_SEGMENT_VALUES:
                options.setdefault(column, set()).update(values.to_list())
    return {k: sorted(v) for k, v in sorted(options.items()) if len(v) <= MAX_SEGMENT_VALUES}


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


def apply_segments(frame: pl.DataFrame, filters: dict[str, list[str]]) -> pl.DataFrame:
    for column, values in filters.items():
        if column in frame.columns:
            frame = frame.filter(pl.col(column).is_in(values))
    return frame


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

    def has(self, kind: str) -> bool:
        return kind in self.all and self.all[kind].height > 0


def view() -> View:
    data = frames()
    filters = segment_filters()
    filtered = {kind: apply_segments(frame, filters) for kind, frame in data.items()}
    period = selected_period(data)
    current = {kind: in_period(kind, frame, period) for kind, frame in filtered.items()}
    previous = {kind: in_period(kind, frame, period.previous()) for kind, frame in filtered.items()} if period else {}
    return View(filtered, current, previous, period, st.session_state.get("granularity", "1mo"),
                bool(st.session_state.get("compare", True)), filters)
