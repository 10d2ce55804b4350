"""Spaced review: every quiz question and knowledge check a learner answered becomes a card, scheduled by FSRS
(the `fsrs` package, the scheduler Anki uses), and comes back for review when it is due.

The schedule is fsrs 6's own: no learning steps (its defaults would bring a card back ten minutes after a quiz),
no fuzzing (a schedule replays the same), a wrong answer rated Again and a right one Good. A card's state is
kept with the answer that moved it, in the same transaction (store/cards.py), never replayed at start.
"""

from __future__ import annotations

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
    if module.quiz is not None:
        for question in module.quiz.questions:
            if question.id == question_id:
                return question, None
    for lesson in module.lessons:
        for question in lesson.checks:
            if question.id == question_id:
                return question, lesson.id
    return None
