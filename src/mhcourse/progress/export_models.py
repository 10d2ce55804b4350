"""The export file's shape: one model per table, and the checks each value gets (progress/transfer.py reads
and writes the file; these say what it may hold).

Unknown keys are errors and types are as TOML wrote them; a bound on every number and every nesting
keeps a hand-edited file from stopping an import half-way.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..content.messages import describe
from ..errors import ProfileError
from .moments import time_problem
from .store.profiles import MAX_SETTING, clean_name, usable_setting

MAX_COUNT = 100_000
"""The bound of a question's position and of a score: more questions than a module file (at most 1 MiB) can hold.
Without a bound, a hand-edited number too big for SQLite's 64-bit INTEGER would stop the import half-way."""
MAX_DEPTH = 32
"""How deep an answer or a scenario step may nest lists and tables (a match answer is a table of text: 1).
Export writes values back recursively; a value nested hundreds deep would make it fail."""
INT64 = 2**63
_TOO_DEEP = f"lists and tables are nested more than {MAX_DEPTH} deep here; nothing mhcourse writes is"


def _stamp_in(value: Any) -> Any:
    """A TOML date-time typed without quotes is taken as the same time in ISO text."""
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _stamp_check(value: str) -> str:
    """A time without a time zone (hand-written) is taken as UTC, and kept with its zone, as mhcourse writes it."""
    problem = time_problem(value)
    if problem:
        raise ValueError(problem)
    moment = datetime.fromisoformat(value)
    return value if moment.tzinfo else moment.replace(tzinfo=UTC).isoformat()


def _free_check(value: Any) -> Any:
    """Answers and scenario steps are kept as JSON: anything TOML holds except dates and times."""
    _depth_check(value)
    _free_value(value)
    return value


def _free_value(value: Any) -> None:
    if isinstance(value, (datetime, date, time)):
        raise ValueError("a date or time is not allowed here; put it in quotes")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("nan and inf are not allowed here")
    if isinstance(value, int) and not -INT64 <= value < INT64:
        raise ValueError(f"a whole number here is between {-INT64:,} and {INT64 - 1:,}")
    if isinstance(value, list):
        for item in value:
            _free_value(item)
    elif isinstance(value, dict):
        for item in value.values():
            _free_value(item)
    elif not isinstance(value, (str, bool, int, float)):
        raise ValueError(f"{describe(value)} is not allowed here")


def _depth_check(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ValueError(_TOO_DEEP)
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        _depth_check(child, depth + 1)


def _json_value(text: str) -> Any:
    try:
        value = json.loads(text)
    except RecursionError:  # json.loads gives up on nesting deeper than Python's stack
        raise ValueError(_TOO_DEEP) from None
    except ValueError as err:
        raise ValueError(f"this is not valid JSON: {err}") from None
    _depth_check(value)
    return value


def _json_check(value: str) -> str:
    _json_value(value)
    return value


def _setting_json_check(value: str) -> str:
    if not usable_setting(_json_value(value)):
        raise ValueError(f"a setting is text (at most {MAX_SETTING} characters) or null")
    return value


def _card_check(value: str) -> str:
    from .review import card_problem

    problem = card_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _name_check(value: str) -> str:
    try:
        return clean_name(value)
    except ProfileError as err:
        raise ValueError(str(err)) from None


Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Uid = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
Stamp = Annotated[str, BeforeValidator(_stamp_in), AfterValidator(_stamp_check)]
Free = Annotated[Any, AfterValidator(_free_check)]
JsonText = Annotated[str, AfterValidator(_json_check)]
Setting = Annotated[str, StringConstraints(max_length=MAX_SETTING)]
"""Only text: a list or a table where a face expects a theme name or a country code would crash it."""
SettingJson = Annotated[str, AfterValidator(_setting_json_check)]
Name = Annotated[str, AfterValidator(_name_check)]
CardJson = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_card_check)]


class ExportModel(BaseModel):
    """Every table of an export: unknown keys are errors, types are as TOML wrote them."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ProfileIn(ExportModel):
    name: Name
    created: Stamp
    last_used: Stamp | None = None
    settings: dict[str, Setting] = Field(default_factory=dict)
    settings_json: dict[str, SettingJson] = Field(default_factory=dict)
    """Settings whose value TOML cannot hold (an empty value), as JSON text."""


class PlaceIn(ExportModel):
    module: Id
    kind: Literal["lesson", "quiz", "scenario", "module"]
    item: Id | None = None
    updated: Stamp


class LessonIn(ExportModel):
    module: Id
    lesson: Id
    opened: Stamp
    completed: Stamp | None = None
    position: int = Field(default=0, ge=0, le=MAX_COUNT)
    """The part of the lesson the learner was reading (content/parts.py); absent in older files: the top."""


class SkippedIn(ExportModel):
    """A module skipped at its content note. The file calls it a waiver (`waivers`, `waived`), as it always
    has: files of every earlier version must still import."""

    module: Id
    waived: Stamp


class NoteReadIn(ExportModel):
    """The learner read the module's content note and chose to go on."""

    module: Id
    read: Stamp


class ShownIn(ExportModel):
    id: Id
    shown: list[str] = Field(default_factory=list)


class AnswerIn(ExportModel):
    question: Id
    position: int = Field(ge=0, le=MAX_COUNT)
    given: Free = None
    given_json: JsonText | None = None
    correct: bool
    shown: str = ""
    answered: Stamp


class AttemptIn(ExportModel):
    uid: Uid
    module: Id
    started: Stamp
    finished: Stamp | None = None
    pass_mark: float = Field(ge=0, le=1)
    right: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    total: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    passed: bool | None = None
    language: Language = "en"
    """The language the attempt began in (files before version 9 of the store: English)."""
    plan: list[ShownIn] = Field(default_factory=list)
    answers: list[AnswerIn] = Field(default_factory=list)


class CheckIn(ExportModel):
    uid: Uid
    module: Id
    lesson: Id
    question: Id
    given: Free = None
    given_json: JsonText | None = None
    correct: bool
    answered: Stamp


class RunIn(ExportModel):
    uid: Uid
    module: Id
    scenario: Id
    started: Stamp
    finished: Stamp | None = None
    ending: str | None = None
    path: list[dict[str, Free]] = Field(default_factory=list)
    path_json: JsonText | None = None


class ConfidenceIn(ExportModel):
    module: Id
    stage: Literal["before", "after"]
    value: int | None = Field(default=None, ge=1, le=5)
    """1-5; absent when the learner chose not to answer."""
    answered: Stamp


class CardIn(ExportModel):
    """A review card (absent in older files: the import rebuilds it from the answers)."""

    module: Id
    question: Id
    card: CardJson
    """fsrs's Card as JSON text, as the store keeps it; the due time is read from it."""


class ReviewIn(ExportModel):
    """An answer given in a review session."""

    uid: Uid
    module: Id
    question: Id
    given: Free = None
    given_json: JsonText | None = None
    correct: bool
    answered: Stamp


class PretestIn(ExportModel):
    """A module's pre-test score; `right` is absent (and total 0) when the learner skipped it."""

    module: Id
    right: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    total: int = Field(ge=0, le=MAX_COUNT)
    answered: Stamp


class ExportDocument(ExportModel):
    """A whole export file (format 1)."""

    mhcourse_export: Literal[1]
    mhcourse_version: str | None = None
    exported: Stamp | None = None
    profile: ProfileIn
    place: PlaceIn | None = None
    lessons: list[LessonIn] = Field(default_factory=list)
    waivers: list[SkippedIn] = Field(default_factory=list)
    attempts: list[AttemptIn] = Field(default_factory=list)
    checks: list[CheckIn] = Field(default_factory=list)
    scenario_runs: list[RunIn] = Field(default_factory=list)
    confidence: list[ConfidenceIn] = Field(default_factory=list)
    notes_read: list[NoteReadIn] = Field(default_factory=list)
    cards: list[CardIn] = Field(default_factory=list)
    reviews: list[ReviewIn] = Field(default_factory=list)
    pretests: list[PretestIn] = Field(default_factory=list)
