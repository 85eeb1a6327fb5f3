"""What a person reads on a page driven by AppTest: table headers, metric labels, chart titles, axis and
tooltip titles and legend entries (from the Vega-Lite specs and their data), headings and markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
from streamlit.testing.v1 import AppTest

SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def _datasets(proto: Any) -> dict[str, pa.Table]:
    """Every dataset of a chart, read as Arrow: one that cannot be read fails the walk (nothing is skipped)."""
    return {dataset.name: pa.ipc.open_stream(dataset.data.data).read_all() for dataset in proto.datasets}


def _layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield spec
    for key in ("layer", "concat", "hconcat", "vconcat"):
        for child in spec.get(key, []):
            yield from _layers(child)
    if isinstance(spec.get("spec"), dict):
        yield from _layers(spec["spec"])


def chart_texts(element: Any) -> Iterator[tuple[str, str]]:
    spec = json.loads(element.proto.spec)
    data = _datasets(element.proto)
    for layer in _layers(spec):
        title = layer.get("title")
        if isinstance(title, str):
            yield "chart title", title
        encoding = layer.get("encoding", {})
        for channel, enc in encoding.items():
            entries = enc if isinstance(enc, list) else [enc]
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                if isinstance(entry.get("title"), str):
                    yield f"{channel} title", entry["title"]
                elif "title" not in entry and entry.get("field") and channel in ("x", "y", "tooltip", "color"):
                    yield f"{channel} field shown as title", str(entry["field"])
                if channel in ("color", "x", "y") and entry.get("type") == "nominal" and entry.get("field"):
                    name = (layer.get("data") or {}).get("name")
                    table = data.get(name) if name else None
                    field = str(entry["field"]).replace("\\", "")
                    if table is not None and field in table.column_names:
                        for value in set(table.column(field).to_pylist()):
                            if isinstance(value, str):
                                yield f"{channel} value", value


def texts(at: AppTest) -> Iterator[tuple[str, str]]:
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            label = (config.get(str(column)) or {}).get("label")
            yield "table header", str(label if label else column)
    for metric in at.metric:
        yield "metric label", metric.label
        yield "metric value", str(metric.value)
    for element in at.get("vega_lite_chart"):
        yield from chart_texts(element)
    for kind in ("selectbox", "radio", "multiselect"):
        for widget in at.get(kind):
            yield f"{kind} label", str(widget.label)
            for option in widget.options:
                yield f"{kind} option", str(option)
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        for element in at.get(kind):
            yield kind, str(element.value)


# English words that are not Spanish words too: one of them in a Spanish sentence means the sentence (or part of it)
# was left in English. Names of works in italics, code in backticks and quoted names from the user's data are not
# read (they are shown as they are written).
ENGLISH_WORDS = frozenset({
    "the", "of", "and", "with", "from", "for", "not", "is", "are", "was", "were", "be", "been", "this", "that",
    "these", "those", "which", "what", "when", "where", "who", "how", "its", "they", "their", "there", "than",
    "then", "into", "over", "per", "by", "at", "on", "or", "to", "in", "an", "each", "every", "only", "all", "any",
    "more", "less", "after", "before", "between", "within", "without", "your", "you", "we", "our", "will", "would",
    "could", "should", "must", "got", "enter", "taken", "counts", "customers", "revenue", "agent", "agents", "month",
    "months", "hire", "training", "sales", "written", "replies", "likely", "worst", "best", "end",
    "cumulative", "label"
})
_SKIPPED = re.compile(r"`[^`]*`|(?<!\*)\*(?!\*)[^*]+(?<!\*)\*(?!\*)|'[^']*'|\"[^\"]*\"|«[^»]*»|“[^”]*”")


def english_words(text: str) -> list[str]:
    """The English words of ``text`` (see ``ENGLISH_WORDS``), lower-case and Capitalised; ALL-CAPS codes pass."""
    plain = _SKIPPED.sub(" ", text.replace("\\", ""))
    return [w for w in re.findall(r"[^\W\d_]+", plain) if not w.isupper() and w.lower() in ENGLISH_WORDS]


# Numbers written the English way, in a language that writes "1.046", "10,8" and (Spanish) "51,3 %": a group
# of three after a comma with a non-zero integer part ("1,046": "0,016" is a Spanish p-value), a decimal point
# before one, two or four and more digits ("10.8", "0.10"; Spanish thousands have exactly three), and in
# Spanish a percent sign glued to its number ("51.3%").
_ENGLISH_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])")
_ENGLISH_DECIMAL = re.compile(r"(?<![\d.,/])\d+\.(?:\d{1,2}|\d{4,})(?![\d/])")
_GLUED_PERCENT = re.compile(r"\d%")


def english_numbers(text: str, lang: str = "es") -> list[str]:
    """The numbers of ``text`` written in English format, in a Spanish or Portuguese interface."""
    text = _SKIPPED.sub(" ", text.replace("\\", ""))  # code and quoted names are the file's, not the app's
    found = _ENGLISH_THOUSANDS.findall(text) + _ENGLISH_DECIMAL.findall(text)
    if lang == "es":
        found += _GLUED_PERCENT.findall(text)
    return found


def number_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """Where the app writes numbers: table cells, KPI values and deltas, sentences, and what each number input
    shows (its printf format applied to its value, as the browser's sprintf does)."""
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            # a number left to the browser is written by its printf format (sprintf has no decimal comma) or, with
            # none, by Streamlit's own "10.8": only a whole number without a format reads the same in any language
            printf = ((config.get(str(column)) or {}).get("type_config") or {}).get("format")
            for value in frame.value[column].head(200).tolist():
                if isinstance(value, str):
                    yield f"cell {column}", value
                elif isinstance(value, float) and value == value:
                    if isinstance(printf, str) and printf.startswith("%"):
                        yield f"cell {column} ({printf})", printf % value if "%%" not in printf else printf
                    elif printf is None and not value.is_integer():
                        yield f"cell {column} (unformatted)", repr(value)
    for metric in at.metric:
        yield "metric value", str(metric.value)
        if metric.proto.delta:
            yield "metric delta", str(metric.proto.delta)
    for kind in ("markdown", "caption", "info", "warning", "error", "success"):
        for element in at.get(kind):
            yield kind, str(element.value)
    for widget in at.number_input:
        # Streamlit writes an input with sprintf, which has no decimal comma: a value with decimals can only be
        # shown with a point (a limit of Streamlit 1.67, left out here); a whole value must show no decimals.
        if widget.value is not None and widget.proto.format and float(widget.value).is_integer():
            yield f"number input {widget.label}", widget.proto.format % widget.value
