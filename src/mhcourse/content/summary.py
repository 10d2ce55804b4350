"""A module's outline as plain data: what the catalog says about a module before anyone opens it.

The full Module is a tree of pydantic models, and importing pydantic with the format's classes cost
some 60 ms of every start, before the first key could be answered (docs/performance.md). An outline
needs neither: it is made from a validated Module when the catalog cache is written (content/cache.py,
`outline`), kept there as JSON, and read back with the standard library alone, so a start whose
cache is warm knows the course (its modules in order, their titles, lessons, quiz and language) with
no pydantic imported. The full modules are made afterwards, at the first idle moment (tui/app.py).

An explicit type, not a stand-in for Module: code that needs a lesson's body or a question's choices
asks for the Module. tests/unit/test_summary.py checks that every bundled module's outline says what
the module says, in every language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Module


@dataclass(frozen=True)
class LessonOutline:
    id: str
    title: str
    check_ids: tuple[str, ...] = ()
    """The ids of the lesson's knowledge checks, in order."""


@dataclass(frozen=True)
class QuizOutline:
    pass_mark: float
    shuffle: bool
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class ScenarioOutline:
    id: str
    title: str


@dataclass(frozen=True)
class ModuleSummary:
    """What a module's [module] table says, and the ids and titles of its parts, in their order."""

    id: str
    title: str
    summary: str
    minutes: int
    language: str
    version: str
    translated_from: str | None
    order: int
    requires: tuple[str, ...]
    content_note: str | None
    lessons: tuple[LessonOutline, ...]
    quiz: QuizOutline | None
    scenarios: tuple[ScenarioOutline, ...]
    translations: dict[str, ModuleSummary] = field(default_factory=dict, compare=False)
    """An original's translations by language, as the catalog linked them (content/translations.py)."""

    def lesson(self, lesson_id: str) -> LessonOutline | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def scenario(self, scenario_id: str) -> ScenarioOutline | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def question_ids(self) -> frozenset[str]:
        """The ids of every question the module has (Module.question_ids)."""
        quiz = () if self.quiz is None else self.quiz.question_ids
        return frozenset(i for lesson in self.lessons for i in lesson.check_ids) | frozenset(quiz)

    def in_language(self, language: str) -> ModuleSummary:
        """The outline a learner of `language` sees: its translation's, or this one (content/translations.py
        in_language, for outlines)."""
        if self.language == language:
            return self
        return self.translations.get(language, self)


def outline(module: Module) -> ModuleSummary:
    """The outline of a validated module (with its translations, when the catalog linked them)."""
    info = module.module
    quiz = module.quiz
    return ModuleSummary(
        id=info.id,
        title=info.title,
        summary=info.summary,
        minutes=info.minutes,
        language=info.language,
        version=info.version,
        translated_from=info.translated_from,
        order=info.order,
        requires=tuple(info.requires),
        content_note=info.content_note,
        lessons=tuple(LessonOutline(lesson.id, lesson.title, tuple(check.id for check in lesson.checks))
                      for lesson in module.lessons),
        quiz=None if quiz is None else QuizOutline(float(quiz.pass_mark), quiz.shuffle,
                                                   tuple(q.id for q in quiz.questions)),
        scenarios=tuple(ScenarioOutline(s.id, s.title) for s in module.scenarios),
        translations={language: outline(t) for language, t in module._translations.items()},
    )


def catalog_outline(modules: Iterable[Module]) -> list[ModuleSummary]:
    """The outlines of a catalog's entries (in catalog order): the originals, each with its translations, by
    content/translations.py attach's rule, without linking the modules themselves (the catalog does that when
    its `modules` are asked for)."""
    made = [replace(outline(module), translations={}) for module in modules]
    originals: dict[str, ModuleSummary] = {}
    for summary in made:
        if summary.translated_from is None and summary.id not in originals:
            originals[summary.id] = summary
    for summary in made:
        original = originals.setdefault(summary.id, summary)
        if summary is not original:
            original.translations[summary.language] = summary
    return [s for s in made if originals[s.id] is s]


def to_json(summary: ModuleSummary) -> dict[str, Any]:
    """The outline as JSON data (from_json reads it back)."""
    return {
        "id": summary.id, "title": summary.title, "summary": summary.summary, "minutes": summary.minutes,
        "language": summary.language, "version": summary.version, "translated_from": summary.translated_from,
        "order": summary.order, "requires": list(summary.requires), "content_note": summary.content_note,
        "lessons": [[lesson.id, lesson.title, list(lesson.check_ids)] for lesson in summary.lessons],
        "quiz": None if summary.quiz is None else [summary.quiz.pass_mark, summary.quiz.shuffle,
                                                   list(summary.quiz.question_ids)],
        "scenarios": [[s.id, s.title] for s in summary.scenarios],
        "translations": {language: to_json(t) for language, t in summary.translations.items()},
    }


def from_json(data: Any) -> ModuleSummary:
    """An outline from to_json's data; raises ValueError (or TypeError, KeyError) when it is not that shape,
    so a hand-edited cache file cannot hand a face a number where it expects words."""
    quiz = data["quiz"]
    made = ModuleSummary(
        id=_text(data["id"]),
        title=_text(data["title"]),
        summary=_text(data["summary"]),
        minutes=_int(data["minutes"]),
        language=_text(data["language"]),
        version=_text(data["version"]),
        translated_from=_maybe_text(data["translated_from"]),
        order=_int(data["order"]),
        requires=_texts(data["requires"]),
        content_note=_maybe_text(data["content_note"]),
        lessons=tuple(LessonOutline(_text(i), _text(t), _texts(c)) for i, t, c in _list(data["lessons"])),
        quiz=None if quiz is None else QuizOutline(_number(quiz[0]), _bool(quiz[1]), _texts(quiz[2])),
        scenarios=tuple(ScenarioOutline(_text(i), _text(t)) for i, t in _list(data["scenarios"])),
        translations={_text(language): from_json(t) for language, t in _dict(data["translations"]).items()},
    )
    if len(data) != 14:
        raise ValueError("an outline has 14 keys")
    return made


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not a whole number")
    return value


def _number(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError("not a number")
    return float(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not true or false")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _dict(value: Any) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise TypeError("not a table")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(_text(v) for v in _list(value))
