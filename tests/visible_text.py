"""What a Spanish or Brazilian visitor must not read: English words, cxkit's raw column names and numbers written
the English way, found in the text a browser shows (``visible(page)``) by ``findings(text, lang)``.

English is recognised by a dictionary made from the catalog itself: the words of the English msgids (plus a few
stop words) that no Spanish or Portuguese translation uses. Words the app shows as they are in every language
(NPS, CSAT, SLA, Excel…) appear in the translations too, so they are not flagged."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent.parent / "locales"
STOP_WORDS = {"the", "and", "of", "to", "in", "for", "with", "is", "are", "this", "that", "from", "per", "by", "on",
              "your", "you", "file", "files", "here", "drag", "drop", "browse", "upload", "limit", "skip", "main",
              "content", "each", "which", "what", "when", "show", "shows", "rows", "more", "less", "than", "only",
              "not", "none", "all", "any", "will", "can", "must", "should", "have", "has", "been", "were", "was"}
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][a-z]+)?")
# snake_case names as cxkit writes its columns (first_response_minutes, nps_score …)
RAW_NAME = re.compile(r"(?<![\w./\\-])[a-z]+(?:_[a-z0-9]+)+(?![\w.-])")
# numbers written the English way: 1,046 (thousands comma), 10.8 / 0.36 (decimal point), 2025-12 (ISO month)
ENGLISH_NUMBER = re.compile(
    r"(?<![\d.,])(?:[1-9]\d{0,2}(?:,\d{3})+(?![\d,])"   # 1,046 · 12,345,678
    r"|\d+\.\d{1,2}(?![\d.])"                          # 10.8 · 0.36 · 24.00
    r"|\d+\.\d{4,}(?![\d.])"                           # 0.3612
    r"|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?!-?\d))"      # 2025-12 (not a full ISO date)
)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


@functools.cache
def english_words() -> frozenset[str]:
    """Words of the catalog's English msgids (and common stop words) that no translation uses."""
    english: set[str] = set(STOP_WORDS)
    translated: set[str] = set()
    for code in ("es", "pt"):
        with (LOCALES / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strs = message.string if isinstance(message.string, tuple) else (message.string,)
            for msgid in ids:
                english |= _words(re.sub(r"\{[^}]*\}", " ", msgid))
            for msgstr in strs:
                translated |= _words(msgstr or "")
    return frozenset(w for w in english - translated if len(w) >= 3 or w in STOP_WORDS)


def findings(text: str, allowed: set[str] = frozenset()) -> dict[str, list[str]]:  # type: ignore[assignment]
    """``{"english": [...], "raw_names": [...], "numbers": [...]}``: each finding with its line for context.
    ``allowed`` holds words a file's own values bring (a name, a category written in English in the data)."""
    out: dict[str, list[str]] = {"english": [], "raw_names": [], "numbers": []}
    vocabulary = english_words()
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        for word in _WORD.findall(line):
            if word.lower() in vocabulary and word not in allowed:
                out["english"].append(f"{word} ← {line[:160]}")
        for name in RAW_NAME.findall(line):
            if name not in allowed:
                out["raw_names"].append(f"{name} ← {line[:160]}")
        for number in ENGLISH_NUMBER.findall(line):
            out["numbers"].append(f"{number} ← {line[:160]}")
    return out


VISIBLE_JS = """() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (el.closest('[data-testid="stSkipLink"]') || el.tagName === 'IFRAME') continue;
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v) parts.push(v);
    }
  }
  for (const t of document.querySelectorAll('svg text')) parts.push(t.textContent || '');
  return parts.join('\\n');
}"""
