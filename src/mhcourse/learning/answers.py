"""Grading one answer to one question.

Answers are kept as the texts the learner chose (not positions), so the record still
reads true after an author reorders choices, and a later edit never rewrites history.
  single      -> str            the text of the chosen choice
  multiple    -> list[str]      the texts of the chosen choices
  true_false  -> bool
  order       -> list[str]      the items in the learner's order
  match       -> dict[str, str] term -> the meaning the learner gave it
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the rules read the models; only the loader needs pydantic itself
    from ..content.models import MultipleQuestion, Question, SingleQuestion

Answer = Any


@dataclass(frozen=True)
class Marked:
    """An answer after grading."""

    correct: bool
    right_count: int
    """For order and match: how many items or pairs were in the right place; else 1 or 0."""
    total: int


def is_complete(question: Question, answer: Answer) -> bool:
    """True when the answer is of the right kind and the learner has given enough to grade it."""
    if question.type == "single":
        return isinstance(answer, str) and answer in {c.text for c in question.choices}
    if question.type == "multiple":
        return isinstance(answer, list) and len(answer) > 0
    if question.type == "true_false":
        return isinstance(answer, bool)
    if question.type == "order":
        return isinstance(answer, list) and sorted(answer) == sorted(question.items)
    if question.type == "match":
        return isinstance(answer, dict) and set(answer) == {p.term for p in question.pairs}
    return False


def mark(question: Question, answer: Answer) -> Marked:
    """Grade an answer. An answer of the wrong kind is simply wrong, never an error."""
    if question.type == "single":
        right = next(c.text for c in question.choices if c.correct)
        return _all_or_nothing(answer == right)
    if question.type == "multiple":
        chosen = set(answer) if isinstance(answer, list) else set()
        return _all_or_nothing(chosen == {c.text for c in question.choices if c.correct})
    if question.type == "true_false":
        return _all_or_nothing(answer is question.answer)
    if question.type == "order":
        given = list(answer) if isinstance(answer, list) else []
        placed = sum(1 for a, b in zip(given, question.items, strict=False) if a == b)  # a short answer places fewer
        return Marked(placed == len(question.items) and len(given) == len(question.items), placed, len(question.items))
    if question.type == "match":
        matched = answer if isinstance(answer, dict) else {}
        placed = sum(1 for p in question.pairs if matched.get(p.term) == p.meaning)
        return Marked(placed == len(question.pairs), placed, len(question.pairs))
    return _all_or_nothing(False)


def right_choices(question: Question, answer: Answer) -> tuple[int, int] | None:
    """A partly right multiple-choice answer: (right choices chosen, right choices in all); else None."""
    if question.type != "multiple" or not isinstance(answer, list):
        return None
    right = {c.text for c in question.choices if c.correct}
    chosen = len(right & set(answer))
    return (chosen, len(right)) if chosen > 0 and set(answer) != right else None


@dataclass(frozen=True)
class Ticked:
    """A multiple-choice answer sorted as every face tells it: the right choices the learner ticked, the
    right ones they missed, and the ones they ticked that are not right, each in the order given."""

    right: tuple[str, ...]
    missed: tuple[str, ...]
    wrong: tuple[str, ...]


def ticked(question: SingleQuestion | MultipleQuestion, answer: Answer, order: list[str] | None = None) -> Ticked:
    """What was right, missed and wrong in a multiple-choice answer, in `order` (the order the learner saw
    the choices; the module's order when it is not given or no longer matches the module)."""
    texts = [c.text for c in question.choices]
    if order is None or sorted(order) != sorted(texts):
        order = texts
    correct = {c.text for c in question.choices if c.correct}
    chosen = set(answer) if isinstance(answer, list) else {answer} if isinstance(answer, str) else set()
    return Ticked(right=tuple(t for t in order if t in correct and t in chosen),
                  missed=tuple(t for t in order if t in correct and t not in chosen),
                  wrong=tuple(t for t in order if t not in correct and t in chosen))


def twice_given(question: Question, answer: Answer) -> list[str]:
    """In a match answer, the meanings given to more than one term (each once, in the order first given)."""
    if question.type != "match" or not isinstance(answer, dict):
        return []
    seen: set[str] = set()
    twice: list[str] = []
    for meaning in answer.values():
        if meaning in seen and meaning not in twice:
            twice.append(meaning)
        seen.add(meaning)
    return twice


def _all_or_nothing(correct: bool) -> Marked:
    return Marked(correct, int(correct), 1)


def correct_answer(question: Question) -> Answer:
    """The right answer, in the same shape as a learner's."""
    if question.type == "single":
        return next(c.text for c in question.choices if c.correct)
    if question.type == "multiple":
        return [c.text for c in question.choices if c.correct]
    if question.type == "true_false":
        return question.answer
    if question.type == "order":
        return list(question.items)
    return {p.term: p.meaning for p in question.pairs}


def describe(answer: Answer) -> str:
    """An answer as one line of plain text, for review screens and reports."""
    if isinstance(answer, bool):
        return "True" if answer else "False"
    if isinstance(answer, list):
        return "; ".join(str(a) for a in answer) or "(nothing chosen)"
    if isinstance(answer, dict):
        return "; ".join(f"{k} = {v}" for k, v in answer.items())
    return str(answer) if answer is not None else "(no answer)"
