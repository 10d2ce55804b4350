"""What the progress rules read of a module: its outline. Both the full Module (content/models.py) and its plain
outline (content/summary.py ModuleSummary) are such a module, so the rules (learning/progress.py) and the track
(learning/track.py) answer the same for either, and a face that has only the outline (a start before pydantic is
imported) asks the same rules. Protocols, checked by mypy: nothing here pretends to be a Module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol


class Identified(Protocol):
    """A module or its outline: the track needs only the id to order them."""

    @property
    def id(self) -> str: ...


class LessonLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


class ScenarioLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


class QuizLike(Protocol):
    @property
    def pass_mark(self) -> float: ...


class ModuleLike(Protocol):
    """A module as the progress rules and the learner's home see it: its id, title, summary, minutes, lessons, quiz,
    scenarios, content note, requires and the ids of its questions (review cards)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def summary(self) -> str: ...

    @property
    def minutes(self) -> int: ...

    @property
    def lessons(self) -> Sequence[LessonLike]: ...

    @property
    def quiz(self) -> QuizLike | None: ...

    @property
    def content_note(self) -> str | None: ...

    @property
    def requires(self) -> Sequence[str]: ...

    def lesson(self, lesson_id: str) -> LessonLike | None: ...

    def scenario(self, scenario_id: str) -> ScenarioLike | None: ...

    def question_ids(self) -> frozenset[str]: ...


if TYPE_CHECKING:
    from ..content.models import Module
    from ..content.summary import ModuleSummary

    def _both_fit(full: Module, outline: ModuleSummary) -> tuple[ModuleLike, ModuleLike]:
        return full, outline  # mypy holds both to the protocol
