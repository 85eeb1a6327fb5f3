"""Streamlit's own words in the session's language, in one place.

Streamlit 1.67 writes some words itself, in English, with no config option to change them. A select box left
empty while the user types shows "Choose an option" (its ``placeholder`` parameter would need every call to
pass it): ``style()`` hides that default placeholder, whose box has its label above it anyway. The uploader
writes, with no parameter either, the button's "Upload", the instructions "200MB per file • CSV, XLSX", each
uploaded file's size ("300.7KB") and the "+" button's hidden "add icon" (its aria-label names it already):
``style()`` hides those (rules scoped to the uploader's own test ids) and writes the button's word from the
catalog (CSS generated content); ``file_uploader`` says the limit and the accepted types in a caption."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import streamlit as st

from ui.i18n import _, fmt_bytes

_DEFAULT_PLACEHOLDER = "Choose an option"  # Streamlit's, for a select box given no placeholder
_BUTTON = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]'


def style() -> str:
    """The ``<style>`` (drawn once per run by app.py, for every page) that puts the session's word on
    every uploader's button, hides the uploader's English instructions (the caption of ``file_uploader`` says
    the same), file sizes and icon name, and the select boxes' English default placeholder."""
    # a CSS string is written like a JSON one (quotes and backslashes escaped); "<" as CSS's own escape, so that no
    # translation can close the style sheet
    word = json.dumps(_("Upload")).replace("<", "\\3c ")
    return ("<style>"
            '[data-testid="stFileUploaderDropzoneInstructions"] {display: none;} '
            f"{_BUTTON} [data-testid='stMarkdownContainer'] {{display: none;}} "
            f"{_BUTTON} span[data-has-shortcut]::after {{content: {word};}} "
            '[data-testid="stFileChipName"] + div {display: none;} '
            '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-borderlessIcon"] '
            "span[data-has-shortcut] > span:not(:has(*)) {display: none;} "
            f"input[placeholder={json.dumps(_DEFAULT_PLACEHOLDER)}]::placeholder {{color: transparent;}}"
            "</style>")


def limits(types: Sequence[str]) -> str:
    """"Up to 200 MB per file · CSV, XLSX" in the session's language (the server's upload limit)."""
    size = fmt_bytes(int(st.get_option("server.maxUploadSize")) * 2**20)
    return _("Up to {size} per file · {types}", size=size, types=", ".join(t.upper() for t in types))


def file_uploader(label: str, *, types: Sequence[str], key: str, **options: Any) -> Any:
    """``st.file_uploader(label, type=types, key=key, **options)`` with its words in the session's language
    (its button's word and hidden English come from ``style()``, drawn by app.py)."""
    value = st.file_uploader(label, type=list(types), key=key, **options)
    st.caption(limits(types))
    return value
