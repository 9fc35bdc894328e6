"""Answers read as a person says them, for comparisons: ``5 production models for 8 models in
development`` rather than ``0.625 production models per model in development``.

A ratio means little as a number; the two counts it comes from say it plainly, so a ratio is
read back from its inputs (answered in the same audit). Everything else is the answer's own
wording (:meth:`auditor.answers.Answer.show`): the option's label, a number with its unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from auditor.scoring import QuestionScore
from auditor.units import with_unit

_UNKNOWN_WORDS = {"not-asked": "not asked", "did-not-know": "did not know"}
# Words after which a unit's head noun has ended: "model in development" -> "models in ...".
_PREPOSITIONS = frozenset(
    ["in", "on", "of", "at", "for", "from", "to", "with", "by", "under", "over", "per"]
)


def answer_text(item: QuestionScore, answers: Mapping[str, QuestionScore]) -> str:
    """What ``item`` was answered, in words; ``answers`` are the same audit's, by question id
    (a ratio's counts are looked up there)."""
    if item.status == "not-applicable":
        return f"not applicable ({item.na_reason})" if item.na_reason else "not applicable"
    if item.status != "answered":
        return f"unknown ({_UNKNOWN_WORDS.get(item.status, item.status)})"
    answer = item.question.answer
    ratio = not answer.asked and (answer.formula or "ratio") == "ratio"
    if ratio:
        counts = [answers.get(i) for i in answer.inputs]
        values = [c.value if c is not None else None for c in counts]
        if len(values) == 2 and all(isinstance(v, float) for v in values):
            a, b = (float(v) for v in values if v is not None)
            return ratio_text(a, b, answer.unit)

    def show(value: str | float) -> str:
        if ratio and isinstance(value, float) and math.isfinite(value):
            # Respondents gave different counts: each one's ratio, still read as counts.
            if 0 < value < 1:
                return ratio_text(1, float(f"{1 / value:.2g}"), answer.unit)
            return ratio_text(value, 1, answer.unit)
        return answer.show(value)

    if item.value is not None:
        return show(item.value)
    said = [show(v.value) for v in item.voices if v.value is not None]
    return " / ".join(said) or "answered"


def ratio_text(a: float, b: float, unit: str | None) -> str:
    """``a`` over ``b`` as counts, from a unit written ``X per Y`` (X plural, Y singular):
    ``1 production model for 7 models in development``."""
    top, _, bottom = (unit or "").partition(" per ")
    if not bottom:
        return f"{_count(a)} for {_count(b)}"
    return f"{with_unit(_round(a), top)} for {_count(b)} {_plural(bottom) if b != 1 else bottom}"


def _round(value: float) -> float:
    return float(f"{value:.3g}")


def _count(value: float) -> str:
    return f"{_round(value):g}"


def _plural(phrase: str) -> str:
    """``model in development`` -> ``models in development``: the head noun is the word before
    the first preposition (or the last word)."""
    words = phrase.split()
    head = next((i - 1 for i, w in enumerate(words) if i and w in _PREPOSITIONS), len(words) - 1)
    word = words[head]
    if word.endswith("s"):
        return phrase
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        words[head] = word[:-1] + "ies"
    elif word.endswith(("x", "ch", "sh")):
        words[head] = word + "es"
    else:
        words[head] = word + "s"
    return " ".join(words)
