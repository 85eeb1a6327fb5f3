"""What the import decided, how sure it was and what came next: the kind of data and each mapped column.

A decision is a value (no state): ``Loaded.decisions`` maps ``"kind"`` and each canonical column to one. The
confidence is 0..1: for the kind, how much more evidence it has than the next kind (``Detection.confidence``);
for a column, its score (header evidence × value fit) less the next candidate's. A choice the user made is
sure (1.0). ``unsure`` says when a decision should be put to the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cxkit.detect import Choice, Detection

__all__ = ["KIND_UNSURE", "Decision", "decisions", "unsure"]

KIND_UNSURE = 0.3  # below this confidence the kind is put to the user
_WEAK_KIND = 3.0  # a kind whose whole evidence is this little (a few weak header words) is unsure too


@dataclass(frozen=True)
class Decision:
    """One decision of the import.

    Attributes:
        subject: ``"kind"`` or a canonical column.
        choice: The kind, or the source header taken for the column.
        confidence: 0..1 (see the module).
        runner_up: The next best kind or source header (``None``: nothing else fitted).
        evidence: Why: ``user``, ``tool``, ``evidence`` (kind); ``synonym``, ``words``, ``values``, ``tool``,
            ``user`` (column).
        score: The evidence behind the choice (the kind's score, the column's score).
    """

    subject: str
    choice: str
    confidence: float
    runner_up: str | None
    evidence: str
    score: float


def _kind(found: Detection, user_kind: bool) -> Decision:
    assert found.kind is not None
    others = sorted(((v, k) for k, v in found.scores.items() if k != found.kind and v > 0), reverse=True)
    runner_up = others[0][1] if others else None
    confidence = 1.0 if user_kind else found.confidence
    return Decision("kind", found.kind, confidence, runner_up, "user" if user_kind else found.reason,
                    found.scores.get(found.kind, 0.0))


def _column(column: str, header: str, choice: Choice | None, confirmed: bool) -> Decision:
    if confirmed or choice is None or choice.header != header:
        return Decision(column, header, 1.0, None, "user", 1.0)
    confidence = choice.score - choice.alternative_score if choice.alternative else choice.score
    return Decision(column, header, round(max(0.0, min(1.0, confidence)), 3), choice.alternative, choice.reason,
                    choice.score)


def decisions(found: Detection, used: Mapping[str, str], confirmed: set[str], *, user_kind: bool) -> dict[
    str, Decision
]:
    """The kind's decision and each mapped column's, in the mapping's order."""
    made = {"kind": _kind(found, user_kind)}
    for column, header in used.items():
        made[column] = _column(column, header, found.choices.get(column), column in confirmed)
    return made


def unsure(decision: Decision) -> bool:
    """Whether the kind was decided from weak or close evidence (the user should be asked)."""
    if decision.evidence in ("user", "tool"):
        return False
    return decision.confidence < KIND_UNSURE or decision.score < _WEAK_KIND
