"""Spaced review: every quiz question and knowledge check a learner answered becomes a card, scheduled by FSRS
(the `fsrs` package, the scheduler Anki uses), and comes back for review when it is due.

The schedule is fsrs 6's own: no learning steps (its defaults would bring a card back ten minutes after a quiz),
no fuzzing (a schedule replays the same), a wrong answer rated Again and a right one Good. A card's state is
kept with the answer that moved it, in the same transaction (store/cards.py), never replayed at start.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Scheduler

    from ..content.models import Module, Question

REVIEW_SIZE = 10
"""Cards in one review session unless the site says otherwise ([course] review_size)."""


@cache
def scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def card_id(module_id: str, question_id: str) -> int:
    """A card's fsrs id: stable for a question (fsrs would otherwise sleep a millisecond to make one)."""
    return zlib.crc32(f"{module_id}\x1f{question_id}".encode()) + 1


def rate(card: str | None, module_id: str, question_id: str, correct: bool, when: datetime) -> tuple[str, str]:
    """The card after one more answer (a new card when `card` is None): its JSON and when it is next due,
    both as the store keeps them (the due time in UTC, to the second)."""
    from fsrs import Card, Rating

    current = Card(card_id=card_id(module_id, question_id)) if card is None else Card.from_json(card)
    moved, _log = scheduler().review_card(current, Rating.Good if correct else Rating.Again, when.astimezone(UTC))
    return moved.to_json(), stamp(moved.due)


def replay(module_id: str, question_id: str, answers: list[tuple[datetime, bool]]) -> tuple[str, str] | None:
    """The card that these answers (when, right), given in time order, make: its JSON and due time, as rate()
    gives them; None when there is no answer. With no fuzzing, the same answers always make the same card."""
    card = None
    for when, correct in sorted(answers, key=lambda answer: answer[0]):
        card = rate(None if card is None else card[0], module_id, question_id, correct, when)
    return card


def card_due(card: str) -> str:
    """When a card (fsrs JSON, as the store keeps it) is due, as the store keeps due times."""
    from fsrs import Card

    return stamp(Card.from_json(card).due)


def card_problem(card: str) -> str | None:
    """What is wrong with a card's JSON arriving in a file, in plain words (English, like every export
    problem), or None when the scheduler can take it: fsrs raises on a time without a zone."""
    import math

    from fsrs import Card

    try:
        raw = json.loads(card)
        moved = Card.from_json(card) if isinstance(raw, dict) else None
    except (ValueError, TypeError, KeyError, RecursionError):
        moved = None
    if moved is None:
        return "this is not a review card as mhcourse writes it (fsrs Card JSON)"
    if moved.due.tzinfo is None or (moved.last_review is not None and moved.last_review.tzinfo is None):
        return "a review card's times need a time zone"
    numbers = [n for n in (moved.stability, moved.difficulty) if n is not None]
    if any(not math.isfinite(n) or n < 0 for n in numbers) or not (moved.step is None or isinstance(moved.step, int)):
        return "this review card's numbers are out of range"
    return None


def stamp(when: datetime) -> str:
    """A time as the store keeps due times: UTC ISO text to the second, so text order is time order."""
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Card:
    """A card due for review, as a face shows it: the question as the module has it now."""

    module: Module
    question: Question
    due: str
    """When it fell due (UTC ISO)."""
    lesson_id: str | None = None
    """The lesson whose knowledge check it is; None for a quiz question."""


@dataclass(frozen=True)
class Due:
    """What home and `mhcourse progress` say about review: how many cards are due now, and when the next is."""

    count: int
    next_due: str | None
    """The earliest due time of a card not yet due (UTC ISO), or None when there is none."""


def find_question(module: Module, question_id: str) -> tuple[Question, str | None] | None:
    """The question with this id in the module now (a quiz question, or a lesson's check with its lesson);
    None when an author removed it, so its card drops out of review."""
    return questions_of(module).get(question_id)


def questions_of(module: Module) -> dict[str, tuple[Question, str | None]]:
    """Every question of the module by id, each with the lesson whose check it is (None for a quiz question);
    a quiz question wins over a check of the same id."""
    found: dict[str, tuple[Question, str | None]] = {}
    for lesson in reversed(module.lessons):
        for question in lesson.checks:
            found[question.id] = (question, lesson.id)
    if module.quiz is not None:
        for question in module.quiz.questions:
            found[question.id] = (question, None)
    return found
