"""Lesson module format, version 1, as pydantic models.

The models check the shape of a file: keys, types, bounds, and the rules that belong
to one object (a single-choice question has one right answer). Rules that reach across
a module (unique ids, scenario links) live in content/rules.py, so each can point at the
exact key that breaks it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

FORMAT_VERSION = 1
MAX_TEXT = 100_000
MAX_FILE_BYTES = 1024 * 1024
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
Tone = Literal["helpful", "neutral", "unhelpful"]


class FormatModel(BaseModel):
    """Every format-1 table: unknown keys are errors, values have the TOML type the format says (strict:
    `minutes = "20"` is refused, not coerced; an integer is still a number, `pass_mark = 1`), and the
    content never changes once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(FormatModel):
    """Where the module's facts come from."""

    title: Text
    publisher: Text
    year: int = Field(ge=1800, le=2100)
    url: Text | None = None


class ModuleInfo(FormatModel):
    """The [module] table: what the catalog shows about a module."""

    id: Slug
    title: Text
    summary: Text
    minutes: int = Field(ge=1, le=600, description="Estimated minutes to complete.")
    language: LanguageTag = "en"
    version: Text = "1.0.0"
    order: int = Field(default=1000, description="Sort key in the catalog.")
    requires: list[Slug] = Field(default_factory=list, description="Recommended earlier modules (ids).")
    tags: list[Text] = Field(default_factory=list)
    content_note: Text | None = Field(default=None, description="Shown before the module starts.")
    authors: list[Text] = Field(default_factory=list)
    license: Text | None = None
    sources: list[Source] = Field(default_factory=list)


class Choice(FormatModel):
    text: Text
    correct: bool = False
    feedback: Text | None = None


class QuestionBase(FormatModel):
    id: Slug
    prompt: Text
    explanation: Text = Field(description="Shown after the answer, right or wrong.")


class SingleQuestion(QuestionBase):
    """One right choice among 2 to 8."""

    type: Literal["single"]
    choices: list[Choice] = Field(min_length=2, max_length=8)


class MultipleQuestion(QuestionBase):
    """Several right choices among 2 to 8; at least one right and one wrong."""

    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2, max_length=8)


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool


class OrderQuestion(QuestionBase):
    """Items in their correct order, as written; shown shuffled."""

    type: Literal["order"]
    items: list[Text] = Field(min_length=2, max_length=8)


class MatchPair(FormatModel):
    term: Text
    meaning: Text


class MatchQuestion(QuestionBase):
    """A meaning for each term; terms unique, meanings unique."""

    type: Literal["match"]
    pairs: list[MatchPair] = Field(min_length=2, max_length=8)


Question = Annotated[
    SingleQuestion | MultipleQuestion | TrueFalseQuestion | OrderQuestion | MatchQuestion,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single", "multiple", "true_false", "order", "match")


class Lesson(FormatModel):
    id: Slug
    title: Text
    body: Text = Field(description="Markdown.")
    key_points: list[Text] = Field(default_factory=list)
    checks: list[Question] = Field(default_factory=list, description="Ungraded knowledge checks.")


class Quiz(FormatModel):
    pass_mark: float = Field(default=0.7, ge=0, le=1)
    shuffle: bool = True
    questions: list[Question] = Field(min_length=1)


class Option(FormatModel):
    text: Text
    next: Slug
    tone: Tone
    feedback: Text | None = None


class Step(FormatModel):
    """A step with no options ends the scenario."""

    id: Slug
    text: Text
    options: list[Option] = Field(default_factory=list)

    @property
    def is_ending(self) -> bool:
        return not self.options


class Scenario(FormatModel):
    id: Slug
    title: Text
    intro: Text | None = None
    start: Slug
    steps: list[Step] = Field(min_length=1)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class Module(FormatModel):
    """One lesson module: one TOML file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        title="mhcourse lesson module (format 1)",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    format: Literal[1] = Field(description="The format version this file is written for.")
    module: ModuleInfo
    lessons: list[Lesson] = Field(min_length=1)
    quiz: Quiz | None = None
    scenarios: list[Scenario] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return self.module.id

    @property
    def title(self) -> str:
        return self.module.title

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    @property
    def questions(self) -> list[Question]:
        return list(self.quiz.questions) if self.quiz else []

    def question(self, question_id: str) -> Question | None:
        every = [q for lesson in self.lessons for q in lesson.checks] + self.questions
        return next((q for q in every if q.id == question_id), None)
