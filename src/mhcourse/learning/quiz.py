"""A quiz attempt: the order the learner sees, and the score against the pass mark."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .answers import Answer, mark

if TYPE_CHECKING:
    from ..content.models import Module, Question


@dataclass(frozen=True)
class ShownQuestion:
    """One question as the learner saw it: its id and the order of its choices, items or meanings."""

    id: str
    shown: tuple[str, ...] = ()
    """single/multiple: choice texts in the shown order; order: items as first shown;
    match: meanings in the shown order."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "shown": list(self.shown)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ShownQuestion:
        return cls(str(raw["id"]), tuple(str(s) for s in raw.get("shown", ())))


@dataclass(frozen=True)
class QuizPlan:
    """The questions of one attempt, in the order shown. Kept with the attempt so it can resume as it was."""

    questions: tuple[ShownQuestion, ...]

    def to_list(self) -> list[dict[str, Any]]:
        return [q.to_dict() for q in self.questions]

    @classmethod
    def from_list(cls, raw: list[dict[str, Any]]) -> QuizPlan:
        """The plan as kept; a question listed twice (a hand-edited import of old) is shown once, where it came
        first."""
        shown: dict[str, ShownQuestion] = {}
        for item in raw:
            question = ShownQuestion.from_dict(item)
            shown.setdefault(question.id, question)
        return cls(tuple(shown.values()))


def still_in(attempt: Attempt, module: Module) -> Attempt:
    """The attempt with only the questions the module's quiz still has, in the order shown.

    A plan is kept as it was (an author may remove a question, a hand-edited import may name one
    the module never had), but a resumed attempt numbers, counts and scores only these: never
    "question 2 of 2" first, or a total that counts a question nobody can be asked.
    """
    have = {q.id for q in module.quiz.questions} if module.quiz else set()
    kept = tuple(q for q in attempt.plan.questions if q.id in have)
    if len(kept) == len(attempt.plan.questions):
        return attempt
    return replace(attempt, plan=QuizPlan(kept))


def plan_quiz(module: Module, rng: random.Random | None = None) -> QuizPlan:
    """The order of a new attempt: shuffled when the module says so, as written otherwise.

    An order question's items are always shown shuffled (never already in the right order).
    """
    rng = rng or random.Random()
    quiz = module.quiz
    if quiz is None:
        return QuizPlan(())
    questions = list(quiz.questions)
    if quiz.shuffle:
        rng.shuffle(questions)
    return QuizPlan(tuple(ShownQuestion(q.id, shown_order(q, rng, quiz.shuffle)) for q in questions))


def shown_order(question: Question, rng: random.Random, shuffle: bool = True) -> tuple[str, ...]:
    """The order to show a question's choices, items or meanings in (quiz questions and knowledge checks alike)."""
    if question.type in ("single", "multiple"):
        texts = [c.text for c in question.choices]
        if shuffle:
            rng.shuffle(texts)
        return tuple(texts)
    if question.type == "order":
        items = list(question.items)
        for _ in range(10):
            rng.shuffle(items)
            if items != list(question.items):
                break
        return tuple(items)
    if question.type == "match":
        meanings = [p.meaning for p in question.pairs]
        rng.shuffle(meanings)
        return tuple(meanings)
    return ()


def shown_choices(question: Question, shown: ShownQuestion | None) -> list[str]:
    """The texts to show, in the attempt's order; texts an author has since changed fall back to the module's order."""
    current = _current_texts(question)
    if shown and sorted(shown.shown) == sorted(current):
        return list(shown.shown)
    return current


def _current_texts(question: Question) -> list[str]:
    if question.type in ("single", "multiple"):
        return [c.text for c in question.choices]
    if question.type == "order":
        return list(question.items)
    if question.type == "match":
        return [p.meaning for p in question.pairs]
    return []


def reaches(fraction: float, pass_mark: float) -> bool:
    """The pass rule, the one place it is written: a score's fraction reaches the pass mark.

    A hair of tolerance, since 2/3 as a float falls just short of a pass mark written as 0.6666666666666666.
    """
    return fraction + 1e-9 >= pass_mark


def passed(right: int, total: int, pass_mark: float) -> bool:
    """Whether `right` of `total` passes at `pass_mark`; a quiz of no questions is never passed."""
    return total > 0 and reaches(right / total, pass_mark)


@dataclass(frozen=True)
class Score:
    right: int
    total: int
    pass_mark: float

    @property
    def fraction(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return passed(self.right, self.total, self.pass_mark)

    def __str__(self) -> str:
        return f"{self.right}/{self.total}"


def score(module: Module, answers: dict[str, Answer], plan: QuizPlan | None = None) -> Score:
    """Score an attempt: one point per question answered fully right.

    Questions the module no longer has are left out of the total (an author's edit never
    turns a recorded answer into a crash).
    """
    quiz = module.quiz
    if quiz is None:
        return Score(0, 0, 1.0)
    ids = [q.id for q in plan.questions] if plan else [q.id for q in quiz.questions]
    questions = [q for q in (module.question(i) for i in ids) if q is not None and q in quiz.questions]
    right = sum(1 for q in questions if q.id in answers and mark(q, answers[q.id]).correct)
    return Score(right, len(questions), quiz.pass_mark)


@dataclass
class Attempt:
    """An attempt in progress or finished, as the store keeps it."""

    id: int
    module_id: str
    plan: QuizPlan
    answers: dict[str, Answer] = field(default_factory=dict)
    finished: bool = False
    score: float | None = None
    passed: bool | None = None
    language: str = "en"
    """The language it began in: it resumes in that language, whatever the learner reads in now."""

    def next_question(self) -> int:
        """Index in the plan of the first question not yet answered (len(plan) when all are)."""
        for i, q in enumerate(self.plan.questions):
            if q.id not in self.answers:
                return i
        return len(self.plan.questions)
