"""What "completed", "passed" and "what comes next" mean (module-format.md), in one place.

The store keeps only events (lessons completed, attempts, modules skipped); a module's state is
always derived here from those events and the module as it is now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from ..i18n import _, ngettext
from .outlined import LessonLike, ModuleLike
from .quiz import reaches

M = TypeVar("M", bound=ModuleLike)
"""A full Module or its outline (content/summary.py): the rules read only what both say (learning/outlined.py)."""


class Status(str, Enum):  # noqa: UP042 (str() of a StrEnum member is its value, not Status.NAME: kept as it was)
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    COMPLETED = "completed"
    PASSED = "passed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ModuleRecord:
    """A learner's events for one module, as the store read them."""

    lessons_opened: frozenset[str] = frozenset()
    lessons_completed: frozenset[str] = frozenset()
    best_fraction: float | None = None
    best_score: str | None = None
    """The best finished attempt as 'right/total', as it was shown to the learner."""
    passed_on: str | None = None
    """When an attempt first reached the pass mark (ISO time)."""
    attempts: int = 0
    skipped: bool = False
    """The learner skipped the module at its content note."""
    note_read: bool = False
    """The learner read the module's content note and chose to go on."""
    scenarios_done: frozenset[str] = frozenset()
    """Practice conversations played to an ending."""


@dataclass(frozen=True)
class ModuleState:
    status: Status
    lessons_done: int
    lessons_total: int
    best_score: str | None = None
    best_fraction: float | None = None

    def describe(self) -> str:
        """Short words for a list of modules, in the learner's language: 'not started', '2 of 5 lessons',
        'passed 9/10'."""
        if self.status is Status.PASSED:
            return _("passed {score}").format(score=self.best_score) if self.best_score else _("completed")
        if self.status is Status.COMPLETED:
            return (_("lessons done · quiz best {score}").format(score=self.best_score) if self.best_score
                    else _("lessons done · quiz next"))
        if self.status is Status.IN_PROGRESS:
            return ngettext("{done} of {total} lesson", "{done} of {total} lessons", self.lessons_total).format(
                done=self.lessons_done, total=self.lessons_total)
        return _("skipped") if self.status is Status.SKIPPED else _("not started")


def lessons_done(module: ModuleLike, record: ModuleRecord) -> int:
    """Completed lessons that the module still has (progress on a removed lesson is ignored)."""
    return sum(1 for lesson in module.lessons if lesson.id in record.lessons_completed)


def is_completed(module: ModuleLike, record: ModuleRecord) -> bool:
    return lessons_done(module, record) == len(module.lessons)


def is_passed(module: ModuleLike, record: ModuleRecord) -> bool:
    """Passed: the best attempt reaches the pass mark; a module without a quiz is passed when completed."""
    if module.quiz is None:
        return is_completed(module, record)
    return record.best_fraction is not None and reaches(record.best_fraction, module.quiz.pass_mark)


def module_state(module: ModuleLike, record: ModuleRecord | None) -> ModuleState:
    record = record or ModuleRecord()
    done = lessons_done(module, record)
    total = len(module.lessons)
    if is_passed(module, record):
        status = Status.PASSED
    elif done == total:
        status = Status.COMPLETED
    elif record.skipped:
        status = Status.SKIPPED
    elif done or record.lessons_opened or record.attempts or record.scenarios_done:
        status = Status.IN_PROGRESS
    else:
        status = Status.NOT_STARTED
    best = record.best_score if module.quiz else None
    return ModuleState(status, done, total, best, record.best_fraction if module.quiz else None)


def needs_content_note(module: ModuleLike, record: ModuleRecord | None) -> bool:
    """Whether the module's content note must be shown, with its choice, before the learner goes in.

    Every path into a module asks this (continue, the list, a module named at the start, a preview):
    the note is asked until the learner chooses to go on, and again after they skipped the module.
    """
    record = record or ModuleRecord()
    return bool(module.content_note) and (record.skipped or not record.note_read)


def next_lesson(module: ModuleLike, record: ModuleRecord | None) -> LessonLike | None:
    """The first lesson not yet completed, or None when all are."""
    record = record or ModuleRecord()
    return next((lesson for lesson in module.lessons if lesson.id not in record.lessons_completed), None)


@dataclass(frozen=True)
class Place:
    """Where a learner is, or should go next: a lesson, the quiz or a scenario of a module."""

    module_id: str
    kind: str = "lesson"  # lesson | quiz | scenario | module
    item_id: str | None = None


def place_exists(modules: Sequence[ModuleLike], place: Place) -> bool:
    """A saved place still names something the course has (authors edit modules)."""
    module = next((m for m in modules if m.id == place.module_id), None)
    if module is None:
        return False
    if place.kind == "lesson":
        return place.item_id is not None and module.lesson(place.item_id) is not None
    if place.kind == "quiz":
        return module.quiz is not None
    if place.kind == "scenario":
        return place.item_id is not None and module.scenario(place.item_id) is not None
    return place.kind == "module"


def suggested_next(modules: Sequence[ModuleLike], records: dict[str, ModuleRecord]) -> Place | None:
    """The next thing to do when there is no saved place: the first module, in order, not passed or skipped."""
    for module in modules:
        record = records.get(module.id, ModuleRecord())
        state = module_state(module, record)
        if state.status in (Status.PASSED, Status.SKIPPED):
            continue
        lesson = next_lesson(module, record)
        if lesson is not None:
            return Place(module.id, "lesson", lesson.id)
        return Place(module.id, "quiz")
    return None


def continue_place(modules: Sequence[ModuleLike], records: dict[str, ModuleRecord],
                   saved: Place | None) -> Place | None:
    """'Continue where you left off'.

    The saved place while it is unfinished: a lesson not yet read to its end, a quiz not yet
    passed, a practice conversation not yet played to an ending. A finished lesson or a
    finished conversation leads on to that module's next unfinished step, else to the suggested
    next step, as do a passed quiz and a place the course no longer has.
    """
    if saved is None or not place_exists(modules, saved):
        return suggested_next(modules, records)
    module = next(m for m in modules if m.id == saved.module_id)
    record = records.get(module.id, ModuleRecord())
    if saved.kind == "quiz" and is_passed(module, record):
        return suggested_next(modules, records)
    finished = (saved.kind == "lesson" and saved.item_id in record.lessons_completed) or (
        saved.kind == "scenario" and saved.item_id in record.scenarios_done)
    if not finished:
        return saved
    return next_in_module(module, record) or suggested_next(modules, records)


def next_in_module(module: ModuleLike, record: ModuleRecord) -> Place | None:
    """The module's next unfinished step: its next lesson, else its quiz until passed; None when neither is left."""
    lesson = next_lesson(module, record)
    if lesson is not None:
        return Place(module.id, "lesson", lesson.id)
    if module.quiz is not None and not is_passed(module, record):
        return Place(module.id, "quiz")
    return None


def missing_recommended(module: ModuleLike, modules: Sequence[M], records: dict[str, ModuleRecord]) -> list[M]:
    """Recommended earlier modules the learner has not completed: shown, never enforced."""
    by_id = {m.id: m for m in modules}
    missing = []
    for required in module.requires:
        other = by_id.get(required)
        if other is None:
            continue
        if module_state(other, records.get(required)).status not in (Status.PASSED, Status.COMPLETED):
            missing.append(other)
    return missing


@dataclass(frozen=True)
class Overview:
    passed: int
    total: int
    states: dict[str, ModuleState] = field(default_factory=dict)


def overview(modules: Sequence[ModuleLike], records: dict[str, ModuleRecord]) -> Overview:
    """Every module's state, and how many are passed ('4 of 14 modules')."""
    states = {m.id: module_state(m, records.get(m.id)) for m in modules}
    return Overview(sum(s.status is Status.PASSED for s in states.values()), len(modules), states)
