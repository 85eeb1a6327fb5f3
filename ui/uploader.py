"""``st.file_uploader`` in the session's language.

Streamlit 1.67 writes its uploader's words itself, in English, with no parameter or config option to change
them: the button's "Upload", the instructions "200MB per file • CSV, XLSX", each uploaded file's size
("300.7KB") and the "+" button's hidden "add icon" (its aria-label names it already). This module hides those
(CSS rules scoped to the uploader's own test ids), writes the button's word from the catalog (CSS generated
content) and says the limit and the accepted types in a caption under the uploader."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import streamlit as st

from ui.i18n import _, fmt_bytes

_BUTTON = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]'


def style() -> str:
    """The ``<style>`` that puts the session's word on every uploader's button and hides Streamlit's English
    instructions (the caption of ``file_uploader`` says the same), file sizes and icon name."""
    word = json.dumps(_("Upload"))  # a CSS string is written like a JSON one (quotes and backslashes escaped)
    return ("<style>"
            '[data-testid="stFileUploaderDropzoneInstructions"] {display: none;} '
            f"{_BUTTON} [data-testid='stMarkdownContainer'] {{display: none;}} "
            f"{_BUTTON} span[data-has-shortcut]::after {{content: {word};}} "
            '[data-testid="stFileChipName"] + div {display: none;} '
            '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-borderlessIcon"] '
            "span[data-has-shortcut] > span:not(:has(*)) {display: none;}"
            "</style>")


def limits(types: Sequence[str]) -> str:
    """"Up to 200 MB per file · CSV, XLSX" in the session's language (the server's upload limit)."""
    size = fmt_bytes(int(st.get_option("server.maxUploadSize")) * 2**20)
    return _("Up to {size} per file · {types}", size=size, types=", ".join(t.upper() for t in types))


def file_uploader(label: str, *, types: Sequence[str], key: str, **options: Any) -> Any:
    """``st.file_uploader(label, type=types, key=key, **options)`` with its words in the session's language."""
    st.html(style())
    value = st.file_uploader(label, type=list(types), key=key, **options)
    st.caption(limits(types))
    return value
