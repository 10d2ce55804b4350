"""One profile's whole record as plain data: what a snapshot gives and a merge takes.

The export file's format (progress/transfer.py) turns this into TOML and back; the store knows
nothing of files. Answers, plans and scenario paths stay the JSON text the store keeps, so a
record read out and merged back is the same to the byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProfileRow:
    name: str
    created: str
    last_used: str | None
    settings: dict[str, Any] | None
    """None when what is kept is not a table (nothing in it can be read)."""


@dataclass(frozen=True)
class PlaceRow:
    module: str
    kind: str
    item: str | None
    updated: str


@dataclass(frozen=True)
class LessonRow:
    module: str
    lesson: str
    opened: str
    completed: str | None
    position: int = 0
    """The part of the lesson the learner was reading (content/parts.py); 0 is the top."""


@dataclass(frozen=True)
class SkippedRow:
    """A module skipped at its content note, and when."""

    module: str
    skipped: str


@dataclass(frozen=True)
class AnswerRow:
    question: str
    position: int
    given: str
    """JSON text."""
    correct: bool
    shown: str
    answered: str


@dataclass(frozen=True)
class AttemptRow:
    uid: str
    module: str
    started: str
    finished: str | None
    plan: str
    """JSON text: a list of {id, shown}."""
    pass_mark: float
    right: int | None
    total: int | None
    passed: bool | None
    answers: tuple[AnswerRow, ...] = ()
    language: str = "en"
    """The language the attempt began in."""


@dataclass(frozen=True)
class CheckRow:
    uid: str
    module: str
    lesson: str
    question: str
    given: str
    """JSON text."""
    correct: bool
    answered: str


@dataclass(frozen=True)
class RunRow:
    uid: str
    module: str
    scenario: str
    started: str
    finished: str | None
    path: str
    """JSON text: the steps taken."""
    ending: str | None


@dataclass(frozen=True)
class ConfidenceRow:
    module: str
    stage: str
    value: int | None
    answered: str


@dataclass(frozen=True)
class NoteReadRow:
    module: str
    read: str


@dataclass(frozen=True)
class CardRow:
    """A review card (schema version 7): fsrs's card as JSON text, and when it is due (UTC ISO)."""

    module: str
    question: str
    card: str
    due: str


@dataclass(frozen=True)
class ReviewRow:
    """An answer given in a review session."""

    uid: str
    module: str
    question: str
    given: str
    """JSON text."""
    correct: bool
    answered: str


@dataclass(frozen=True)
class PretestRow:
    """A module's pre-test score: right is None (and total 0) when the learner skipped it."""

    module: str
    right: int | None
    total: int
    answered: str


@dataclass(frozen=True)
class ProfileRecord:
    """Everything one profile holds, never its PIN."""

    profile: ProfileRow
    place: PlaceRow | None = None
    lessons: tuple[LessonRow, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()
    attempts: tuple[AttemptRow, ...] = ()
    checks: tuple[CheckRow, ...] = ()
    scenario_runs: tuple[RunRow, ...] = ()
    confidence: tuple[ConfidenceRow, ...] = ()
    notes_read: tuple[NoteReadRow, ...] = ()
    cards: tuple[CardRow, ...] = ()
    reviews: tuple[ReviewRow, ...] = ()
    pretests: tuple[PretestRow, ...] = ()
