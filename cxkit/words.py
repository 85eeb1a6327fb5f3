"""How header words are matched, and the merged tables of header words of every registered language.

The words themselves live in one word file per language, registered in ``cxkit.ingest.lang`` (en, es, pt, fr, de,
it; a plugin adds another with ``cxkit.ingest.lang.register``). Headers are matched as words, not as whole texts:
``'case_status'``, ``'Ticket Status'`` and ``'Estado do chamado'`` all hold a status word. A rule is a few words
that must all be in the header (``*`` ends a word prefix: ``recomend*`` matches recomendar, recomendaría,
recomendação folded), with a weight 0..1 for how strongly it names the column. Exact whole-header synonyms in
``cxkit.schema`` weigh 1.0; these rules weigh less, and the values must agree (``cxkit.ingest.candidates``).
"""

from __future__ import annotations

from cxkit.ingest.lang import AVOID, COLUMN_WORDS, CONTACT_WORDS, KIND_WORDS, Rule

__all__ = ["AVOID", "COLUMN_WORDS", "CONTACT_WORDS", "DATE_WORDS", "KIND_WORDS", "Rule", "match_rule", "mentions",
           "rule_weight"]

DATE_WORDS = ("date", "fecha", "data", "dt", "time", "timestamp", "hora", "when", "dia", "day", "datetime",
              "stamp", "momento", "horario", "at", "on")


def _word_matches(word: str, tokens: list[str]) -> bool:
    if word.endswith("*"):
        stem = word[:-1]
        return any(t.startswith(stem) for t in tokens)
    return word in tokens


_STOP = frozenset({"de", "do", "da", "dos", "das", "del", "la", "el", "of", "the", "to", "a", "en", "em", "in",
                   "para", "por", "no", "na", "by", "for", "e", "y", "and"})


def match_rule(rule: str, tokens: list[str]) -> bool:
    """Whether ``rule`` is in the header's ``tokens``: one word anywhere, or several words in a row (small words
    such as de/of/the between them are skipped); ``*`` ends a prefix."""
    words = rule.split()
    if len(words) == 1:
        word = words[0]
        if "*" in word[:-1]:  # a pattern across words, like open*type
            joined = "".join(tokens)
            head, tail = word.split("*", 1)
            index = joined.find(head)
            return index >= 0 and tail.rstrip("*") in joined[index + len(head):]
        return _word_matches(word, tokens)
    content = [t for t in tokens if t not in _STOP] if not any(w in _STOP for w in words) else tokens
    for start in range(len(content) - len(words) + 1):
        if all(_word_matches(w, [content[start + i]]) for i, w in enumerate(words)):
            return True
    return False


def rule_weight(rules: list[Rule], tokens: list[str]) -> float:
    """The largest weight of the rules that match the header's tokens (0 when none)."""
    return max((weight for rule, weight in rules if match_rule(rule, tokens)), default=0.0)


def mentions(words: tuple[str, ...], tokens: list[str]) -> bool:
    """Whether any of ``words`` (``*`` prefixes allowed) is among ``tokens``."""
    return any(match_rule(word, tokens) for word in words)
