"""Lesson module format, version 1, as pydantic models.

The models check the shape of a file: keys, types, bounds, and the rules that belong
to one object (a single-choice question has one right answer). Rules that reach across
a module (unique ids, scenario links) live in content/rules.py, so each can point at the
exact key that breaks it.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

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
    content never changes once loaded.

    The validators are built at the first validation (`defer_build`), not when the classes are made:
    building them all took some 50 ms of every start, and a start whose catalog comes from the cache
    validates nothing (content/cache.py), so the course is ready for its first key that much sooner.
    The docstrings under the fields are their descriptions (for the JSON schema), read once for the
    whole file at the end of it (_describe_fields), not by pydantic's use_attribute_docstrings."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Source(FormatModel):
    """Where the module's facts come from."""

    title: Text
    """The title of the source, as its publisher gives it."""
    publisher: Text
    """Who published it: an organisation, a journal, an author."""
    year: int = Field(ge=1800, le=2100)
    """The year it was published or last updated, a whole number: year = 2024."""
    url: Text | None = None
    """Where to read it, if it is online."""


class ModuleInfo(FormatModel):
    """The [module] table: what the catalog shows about a module."""

    id: Slug
    """The module's id: lower-case letters, digits and single hyphens; the file name without .toml."""
    title: Text
    """The module's title, as learners see it in the catalog (plain text)."""
    summary: Text
    """One or two sentences: what a learner takes away from the module."""
    minutes: int = Field(ge=1, le=600, description="Estimated minutes to complete, a whole number from 1 to 600.")
    language: LanguageTag = Field(default="en", description="The language of the text, a BCP 47 tag like en or pt-BR.")
    version: Text = Field(default="1.0.0", description="The author's version of this content.")
    translated_from: Text | None = Field(
        default=None, description="In a translation: the `version` of the original (the module with this id "
        "and no translated_from) it was made from. `mhcourse validate` warns when the original's version differs.")
    order: int = Field(default=1000, description="Sort key in the catalog: smaller comes first.")
    requires: list[Slug] = Field(default_factory=list, description="Recommended earlier modules (ids).")
    tags: list[Text] = Field(default_factory=list, description="Words that describe the module.")
    content_note: Text | None = Field(default=None, description="Shown before the module starts: name the "
                                      "distressing topics it covers (suicide, self-harm, abuse...).")
    authors: list[Text] = Field(default_factory=list, description="Who wrote the module.")
    license: Text | None = Field(default=None, description="The licence of the content, e.g. CC-BY-4.0.")
    sources: list[Source] = Field(default_factory=list, description="Where the facts come from; two or more.")


class Choice(FormatModel):
    """One choice of a single or multiple question."""

    text: Text
    """The choice as the learner sees it."""
    correct: bool = False
    """Whether this choice is right: true or false, without quotes."""
    feedback: Text | None = None
    """Shown when the learner picks this choice: why it is right or why it is not."""


class QuestionBase(FormatModel):
    """What every question has."""

    id: Slug
    """The question's id, unique among all the module's questions and checks."""
    prompt: Text
    """The question as the learner sees it."""
    explanation: Text = Field(description="Shown after the answer, right or wrong.")


class SingleQuestion(QuestionBase):
    """One right choice among 2 to 8."""

    type: Literal["single"] = Field(description="single: one right choice among 2 to 8.")
    choices: list[Choice] = Field(min_length=2, max_length=8, description="2 to 8 choices.")


class MultipleQuestion(QuestionBase):
    """Several right choices among 2 to 8; at least one right and one wrong."""

    type: Literal["multiple"] = Field(description="multiple: several right choices among 2 to 8.")
    choices: list[Choice] = Field(min_length=2, max_length=8, description="2 to 8 choices.")


class TrueFalseQuestion(QuestionBase):
    """A statement the learner decides is true or false."""

    type: Literal["true_false"] = Field(description="true_false: a statement that is true or false.")
    answer: bool = Field(description="Whether the statement is true: true or false, without quotes.")


class OrderQuestion(QuestionBase):
    """Items in their correct order, as written; shown shuffled."""

    type: Literal["order"] = Field(description="order: put 2 to 8 items in order.")
    items: list[Text] = Field(min_length=2, max_length=8, description="2 to 8 items, in the right order.")


class MatchPair(FormatModel):
    """A term and its meaning."""

    term: Text
    """The term; terms are unique."""
    meaning: Text
    """What it means; meanings are unique."""


class MatchQuestion(QuestionBase):
    """A meaning for each term; terms unique, meanings unique."""

    type: Literal["match"] = Field(description="match: a meaning for each term.")
    pairs: list[MatchPair] = Field(min_length=2, max_length=8, description="2 to 8 pairs of a term and its meaning.")


Question = Annotated[
    SingleQuestion | MultipleQuestion | TrueFalseQuestion | OrderQuestion | MatchQuestion,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single", "multiple", "true_false", "order", "match")


class Lesson(FormatModel):
    """One lesson, in reading order."""

    id: Slug
    """The lesson's id, unique among the module's lessons."""
    title: Text
    """The lesson's title (plain text)."""
    body: Text = Field(description="The lesson text, in Markdown.")
    key_points: list[Text] = Field(default_factory=list, description="The lesson's summary, shown at its end.")
    checks: list[Question] = Field(default_factory=list, description="Ungraded knowledge checks inside the lesson.")


class Quiz(FormatModel):
    """The graded end-of-module quiz."""

    pass_mark: float = Field(default=0.7, ge=0, le=1, description="The fraction of answers to get right, 0 to 1.")
    shuffle: bool = Field(default=True, description="Shuffle questions and choices: true or false, without quotes.")
    questions: list[Question] = Field(min_length=1, description="The quiz questions; at least one.")


class Option(FormatModel):
    """A reply the learner can choose at a step."""

    text: Text
    """The reply as the learner sees it."""
    next: Slug
    """The id of the step this reply leads to."""
    tone: Tone
    """How the reply lands: helpful, neutral or unhelpful."""
    feedback: Text | None = None
    """Shown after the learner picks this reply."""


class Step(FormatModel):
    """A step with no options ends the scenario."""

    id: Slug
    """The step's id, unique in its scenario."""
    text: Text
    """What happens or is said at this step."""
    options: list[Option] = Field(default_factory=list, description="The replies; none ends the scenario.")

    @property
    def is_ending(self) -> bool:
        return not self.options


class Scenario(FormatModel):
    """A branching practice conversation."""

    id: Slug
    """The scenario's id, unique in the module."""
    title: Text
    """The scenario's title (plain text)."""
    intro: Text | None = None
    """Sets the scene before the first step."""
    start: Slug
    """The id of the first step."""
    steps: list[Step] = Field(min_length=1, description="The steps of the conversation.")

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class Module(FormatModel):
    """One lesson module: one TOML file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        defer_build=True,
        title="mhcourse lesson module (format 1)",
    )

    format: Literal[1] = Field(description="The format version this file is written for: format = 1.")
    module: ModuleInfo
    """What the catalog shows about the module."""
    lessons: list[Lesson] = Field(min_length=1, description="The lessons, in reading order; at least one.")
    quiz: Quiz | None = None
    """The graded end-of-module quiz."""
    scenarios: list[Scenario] = Field(default_factory=list, description="Branching practice conversations.")
    _translations: dict[str, Module] = PrivateAttr(default_factory=dict)
    """This original's translations by language, set when the catalog is built (content/translations.py)."""
    _original: Module | None = PrivateAttr(default=None)
    """In a translation: its original, set when the catalog is built."""

    def __eq__(self, other: object) -> bool:
        # What a module says, not which translations the catalog linked to it (they link back: a cycle).
        return isinstance(other, Module) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.module.id, self.module.language, self.module.version))

    @property
    def id(self) -> str:
        return self.module.id

    @property
    def title(self) -> str:
        return self.module.title

    @property
    def content_note(self) -> str | None:
        return self.module.content_note

    @property
    def requires(self) -> list[str]:
        return self.module.requires

    @property
    def summary(self) -> str:
        return self.module.summary

    @property
    def minutes(self) -> int:
        return self.module.minutes

    def question_ids(self) -> frozenset[str]:
        """The ids of every question the module has: its lessons' checks and its quiz's (review cards name them)."""
        return frozenset(q.id for lesson in self.lessons for q in lesson.checks) | {q.id for q in self.questions}

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


def _describe_fields(models: list[type[BaseModel]]) -> None:
    """Each field's docstring as its description, exactly as pydantic's use_attribute_docstrings gives it:
    the string right under the field's annotation in the class that annotates it, unless Field() gave one.

    pydantic finds each class's source by walking the stack and asking inspect for every frame's module:
    some 25 ms at start-up, where the catalog is loaded from deep inside the app's event loop. Here this
    file is parsed once. It runs before any validator is built (defer_build), and the schema is made from
    these descriptions (tests/unit/test_module_schema.py compares it with the published one).
    """
    try:
        tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    except OSError:  # no source (a frozen build): pydantic could not have read the docstrings either
        return
    said: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            docs = said[node.name] = {}
            for before, after in zip(node.body, node.body[1:], strict=False):
                if (isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name)
                        and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                        and isinstance(after.value.value, str)):
                    docs[before.target.id] = inspect.cleandoc(after.value.value)
    for model in models:
        for name, info in model.__pydantic_fields__.items():
            owner = next(c for c in model.__mro__ if name in c.__dict__.get("__annotations__", {}))
            if info.description is None and name in said.get(owner.__name__, {}):
                info.description = said[owner.__name__][name]


_describe_fields([m for m in list(globals().values())
                  if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == __name__])
