"""What `next` opens on a module's own page: the first lesson not done, else the quiz until it is passed.

Beside journey.py (the journey engineer's), as a small addition of the plain face's port: the plain
face's module menu answers `next` with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..learning.progress import ModuleRecord, ModuleState, Status, next_lesson
from .journey import Target

if TYPE_CHECKING:
    from ..content.models import Module


def next_in_module(module: Module, record: ModuleRecord, state: ModuleState) -> Target | None:
    """The lesson, or the quiz, a learner on the module's page goes on to; None when nothing is left to do."""
    upcoming = next_lesson(module, record)
    if upcoming is not None:
        return Target("lesson", [lesson.id for lesson in module.lessons].index(upcoming.id))
    if module.quiz is not None and state.status is not Status.PASSED:
        return Target("quiz")
    return None
