"""Export and import one learner's whole record as TOML, so a learner can carry it to another machine.

An export holds the profile (name, created, settings: never the PIN), the lessons opened and
completed, the saved place, skipped modules, every quiz attempt with its order and answers,
every knowledge check, every scenario run and the confidence answers. Certificates stay in the
register of the machine that issued them (that is where `certificate verify` looks). Attempts, checks and runs carry a stable uid,
so a merge never duplicates: merging the same file twice changes nothing. Where an import goes (a new
profile, or a merge asked for on purpose) is the rule of progress/arrival.py.

An import is checked whole before anything is written (every problem located as
FILE:LINE: key.path: message, like a module file), then merged in one transaction.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal

import tomli_w
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..content.checked_toml import Checked, FileKind, check_document, read_bytes
from ..content.locate import KeyLines
from ..content.messages import describe, fields_at, shape_message, suggest
from ..content.problems import KeyPath
from ..errors import TransferError
from ..i18n import _
from .arrival import Arrival, arrival, check_arrival_pin
from .moments import time_problem
from .store import MAX_SETTING, ProfileError, Store, clean_name, name_key, usable_setting

EXPORT_FORMAT = 1
"""The value of `mhcourse_export` in files this version writes and reads."""
MAX_EXPORT_BYTES = 64 * 1024 * 1024
_UID_NAMESPACE = uuid.UUID("6f1d3c52-5a53-4c1e-9d0e-7b0e3f6f4a11")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_COUNT = 100_000
"""The bound of a question's position and of a score: more questions than a module file (at most 1 MiB) can hold.
Without a bound, a hand-edited number too big for SQLite's 64-bit INTEGER would stop the import half-way."""
MAX_DEPTH = 32
"""How deep an answer or a scenario step may nest lists and tables (a match answer is a table of text: 1).
Export writes values back recursively; a value nested hundreds deep would make it fail."""
INT64 = 2**63
_TOO_DEEP = f"lists and tables are nested more than {MAX_DEPTH} deep here; nothing mhcourse writes is"


# -- the file's shape ------------------------------------------------------------------------


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


def _name_check(value: str) -> str:
    try:
        return clean_name(value)
    except ProfileError as err:
        raise ValueError(str(err)) from None


Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Uid = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Stamp = Annotated[str, BeforeValidator(_stamp_in), AfterValidator(_stamp_check)]
Free = Annotated[Any, AfterValidator(_free_check)]
JsonText = Annotated[str, AfterValidator(_json_check)]
Setting = Annotated[str, StringConstraints(max_length=MAX_SETTING)]
"""Only text: a list or a table where a face expects a theme name or a country code would crash it."""
SettingJson = Annotated[str, AfterValidator(_setting_json_check)]
Name = Annotated[str, AfterValidator(_name_check)]


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


class WaiverIn(ExportModel):
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


class ExportDocument(ExportModel):
    """A whole export file (format 1)."""

    mhcourse_export: Literal[1]
    mhcourse_version: str | None = None
    exported: Stamp | None = None
    profile: ProfileIn
    place: PlaceIn | None = None
    lessons: list[LessonIn] = Field(default_factory=list)
    waivers: list[WaiverIn] = Field(default_factory=list)
    attempts: list[AttemptIn] = Field(default_factory=list)
    checks: list[CheckIn] = Field(default_factory=list)
    scenario_runs: list[RunIn] = Field(default_factory=list)
    confidence: list[ConfidenceIn] = Field(default_factory=list)
    notes_read: list[NoteReadIn] = Field(default_factory=list)


# -- export ----------------------------------------------------------------------------------


def export_profile(store: Store, profile_id: int) -> dict[str, Any]:
    """The profile's whole record as a dict ready for TOML (no None anywhere; never the PIN hash).

    Read in one snapshot, so a learner answering at the same moment never yields half an attempt.
    """
    from .. import __version__

    with _snapshot(store.db) as db:
        row = db.execute("SELECT name, created, last_used, settings FROM profiles WHERE id = ?", (profile_id,)).fetchone()
        if row is None:
            raise ProfileError(f"There is no profile with id {profile_id}.")
        name, created, last_used, raw_settings = row
        settings = _loads(raw_settings, {})
        profile: dict[str, Any] = {"name": name, "created": created, "last_used": last_used}
        if isinstance(settings, dict):
            settings = {k: v for k, v in settings.items() if usable_setting(v)}  # what import accepts
            profile["settings"] = {k: v for k, v in settings.items() if _tomlable(v)}
            odd = {k: json.dumps(v) for k, v in settings.items() if not _tomlable(v)}
            if odd:
                profile["settings_json"] = odd
        document: dict[str, Any] = {
            "mhcourse_export": EXPORT_FORMAT,
            "mhcourse_version": __version__,
            "exported": store.clock(),
            "profile": profile,
        }
        place = db.execute("SELECT module_id, kind, item_id, updated FROM places WHERE profile_id = ?", (profile_id,)).fetchone()
        if place:
            document["place"] = _no_none({"module": place[0], "kind": place[1], "item": place[2], "updated": place[3]})
        document["lessons"] = [
            _no_none({"module": m, "lesson": lesson, "opened": o, "completed": c})
            for m, lesson, o, c in db.execute(
                "SELECT module_id, lesson_id, opened, completed FROM lessons WHERE profile_id = ? ORDER BY opened, module_id, lesson_id",
                (profile_id,),
            )
        ]
        document["waivers"] = [
            {"module": m, "waived": w}
            for m, w in db.execute("SELECT module_id, waived FROM waivers WHERE profile_id = ? ORDER BY module_id", (profile_id,))
        ]
        attempts = []
        for (attempt_id, uid, module_id, started, finished, plan, pass_mark, right, total, passed) in db.execute(
            "SELECT id, uid, module_id, started, finished, plan, pass_mark, right_count, total, passed "
            "FROM attempts WHERE profile_id = ? ORDER BY id", (profile_id,)
        ).fetchall():
            answers = [
                _no_none({"question": q, "position": pos, **_free("given", _loads(g, None)), "correct": bool(ok),
                          "shown": shown, "answered": at})
                for q, pos, g, ok, shown, at in db.execute(
                    "SELECT question_id, position, given, correct, shown, answered FROM answers "
                    "WHERE attempt_id = ? ORDER BY position, question_id", (attempt_id,)
                )
            ]
            attempts.append(_no_none({
                "uid": uid, "module": module_id, "started": started, "finished": finished, "pass_mark": pass_mark,
                "right": right, "total": total, "passed": None if passed is None else bool(passed),
                "plan": [_plan_item(item) for item in _loads(plan, []) if isinstance(item, dict)],
                "answers": answers,
            }))
        document["attempts"] = attempts
        document["checks"] = [
            {"uid": uid, "module": m, "lesson": lesson, "question": q, **_free("given", _loads(g, None)),
             "correct": bool(ok), "answered": at}
            for uid, m, lesson, q, g, ok, at in db.execute(
                "SELECT uid, module_id, lesson_id, question_id, given, correct, answered FROM checks "
                "WHERE profile_id = ? ORDER BY id", (profile_id,)
            )
        ]
        document["scenario_runs"] = [
            _no_none({"uid": uid, "module": m, "scenario": s, "started": st, "finished": fin, "ending": end,
                      **_free("path", _loads(path, []))})
            for uid, m, s, st, fin, path, end in db.execute(
                "SELECT uid, module_id, scenario_id, started, finished, path, ending FROM scenario_runs "
                "WHERE profile_id = ? ORDER BY id", (profile_id,)
            )
        ]
        if _has_table(db, "confidence"):
            document["confidence"] = [
                _no_none({"module": m, "stage": stage, "value": value, "answered": at})
                for m, stage, value, at in db.execute(
                    "SELECT module_id, stage, value, answered FROM confidence WHERE profile_id = ? ORDER BY module_id, stage",
                    (profile_id,),
                )
            ]
        document["notes_read"] = _notes_read(db, profile_id)
    return document


def _notes_read(db: sqlite3.Connection, profile_id: int) -> list[dict[str, str]]:
    if not _has_table(db, "notes_read"):
        return []
    rows = db.execute("SELECT module_id, read FROM notes_read WHERE profile_id = ? ORDER BY module_id", (profile_id,))
    return [{"module": m, "read": read} for m, read in rows]


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def export_text(store: Store, profile_id: int) -> str:
    """The export as TOML text, with a short note for whoever opens the file."""
    document = export_profile(store, profile_id)
    header = (
        f"# The learning record of {document['profile']['name']}, exported from mhcourse on {document['exported']}.\n"
        "# It holds this learner's answers: keep it private. Bring it back with: mhcourse import FILE\n\n"
    )
    return header + dumps(document)


def _plan_item(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(item.get("id", "")), "shown": [str(s) for s in item.get("shown", [])]}


def _free(name: str, value: Any) -> dict[str, Any]:
    """A JSON value as TOML when TOML can hold it, else as JSON text under NAME_json."""
    return {name: value} if _tomlable(value) else {f"{name}_json": json.dumps(value)}


def _tomlable(value: Any) -> bool:
    if isinstance(value, (bool, int, str)):
        return not (isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value))
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_tomlable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _tomlable(k) and _tomlable(v) for k, v in value.items())
    return False


def _no_none(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v is not None}


def _loads(raw: str | None, default: Any) -> Any:
    try:
        return json.loads(raw) if raw else default
    except (ValueError, TypeError):
        return default


@contextmanager
def _snapshot(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees the database as it was at the first one."""
    db.execute("BEGIN")
    try:
        yield db
    finally:
        if db.in_transaction:
            db.execute("COMMIT")


# -- writing TOML ----------------------------------------------------------------------------


def dumps(document: dict[str, Any]) -> str:
    """TOML in which every list of tables is written as [[...]] sections, one per item.

    tomli_w writes short tables inline, all on the line of their list; a learner (or a
    problem message) then cannot point at one attempt. Values inside answers stay inline.
    """
    out: list[str] = []
    _table(out, (), document, array=False)
    return "".join(out).lstrip("\n")


def _table(out: list[str], name: tuple[str, ...], table: dict[str, Any], array: bool) -> None:
    values = {k: v for k, v in table.items() if not _is_table(v) and not _is_tables(v)}
    if name:
        header = ".".join(_key(part) for part in name)
        out.append(f"\n[[{header}]]\n" if array else f"\n[{header}]\n")
    for key, value in values.items():
        out.append(f"{_key(key)} = {_inline(value)}\n")
    for key, value in table.items():
        if _is_table(value):
            _table(out, (*name, key), value, array=False)
    for key, value in table.items():
        if _is_tables(value):
            for item in value:
                _table(out, (*name, key), item, array=True)


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _inline(key)  # fullmatch: "$" lets a final newline through


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, (str, bool, int, float)):
        # tomli_w knows TOML's escapes and number forms; it writes a scalar on one line.
        return tomli_w.dumps({"v": value})[len("v = "):].rstrip("\n")
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


# -- reading and checking ----------------------------------------------------------------------


def read_export(data: bytes, path: Path) -> ExportDocument:
    """Check an export file's bytes; raises TransferError with every located problem."""
    return _checked(read_bytes(data, path, EXPORT_FILE))


def parse_document(raw: Any, path: Path | None = None, lines: KeyLines | None = None) -> ExportDocument:
    """Check an export already read from TOML; raises TransferError with every problem found."""
    return _checked(check_document(raw, EXPORT_FILE, path=path, lines=lines))


def _checked(checked: Checked[ExportDocument]) -> ExportDocument:
    if checked.model is None:
        raise TransferError(checked.problems)
    return checked.model


def _export_marker(raw: Any) -> tuple[KeyPath, str] | None:
    """A file that is no export, or an export of another format, is told so before anything else."""
    if not isinstance(raw, dict):
        return (), _("an export is a TOML table of keys")
    marker = raw.get("mhcourse_export")
    if marker is None and "module" in raw:
        return (), _("this is not an mhcourse export: it has no `mhcourse_export = {format}` line (it looks like a "
                     "lesson module: check it with `mhcourse validate`)").format(format=EXPORT_FORMAT)
    if marker is None:
        return (), _("this is not an mhcourse export: it has no `mhcourse_export = {format}` line").format(
            format=EXPORT_FORMAT)
    if isinstance(marker, int) and not isinstance(marker, bool) and marker > EXPORT_FORMAT:
        return ("mhcourse_export",), _("this export was written by a newer mhcourse (export format {format}); "
                                       "update mhcourse to import it").format(format=marker)
    if marker != EXPORT_FORMAT or isinstance(marker, bool):
        return ("mhcourse_export",), _("mhcourse_export must be {format}").format(format=EXPORT_FORMAT)
    return None


def _document_rules(doc: ExportDocument) -> Iterator[tuple[KeyPath, str]]:
    """What one table's model cannot see: ids used twice, scores that do not add up."""
    yield from _duplicates("lessons", [(x.module, x.lesson) for x in doc.lessons], "lesson", lambda k: f"{k[0]} / {k[1]}")
    yield from _duplicates("waivers", [x.module for x in doc.waivers], "module", str)
    yield from _duplicates("attempts", [x.uid for x in doc.attempts], "uid", str)
    yield from _duplicates("checks", [x.uid for x in doc.checks], "uid", str)
    yield from _duplicates("scenario_runs", [x.uid for x in doc.scenario_runs], "uid", str)
    yield from _duplicates("confidence", [(x.module, x.stage) for x in doc.confidence], "stage", lambda k: f"{k[0]} / {k[1]}")
    for i, attempt in enumerate(doc.attempts):
        yield from _duplicates_in_plan(i, attempt)
        seen: set[str] = set()
        for j, answer in enumerate(attempt.answers):
            if answer.question in seen:
                yield ("attempts", i, "answers", j, "question"), f"question '{answer.question}' is answered twice in this attempt"
            seen.add(answer.question)
            if answer.given is not None and answer.given_json is not None:
                yield ("attempts", i, "answers", j, "given_json"), "give either given or given_json, not both"
        yield from _finished_before_started(("attempts", i), attempt)
        if attempt.finished is not None:
            for key in ("right", "total", "passed"):
                if getattr(attempt, key) is None:
                    yield ("attempts", i), f"a finished attempt needs '{key}'"
        if attempt.right is not None and attempt.total is not None and attempt.right > attempt.total:
            yield ("attempts", i, "right"), f"right ({attempt.right}) is more than total ({attempt.total})"
        yield from _score_rules(i, attempt)
    for i, check in enumerate(doc.checks):
        if check.given is not None and check.given_json is not None:
            yield ("checks", i, "given_json"), "give either given or given_json, not both"
    for i, run in enumerate(doc.scenario_runs):
        yield from _finished_before_started(("scenario_runs", i), run)
        if run.path and run.path_json is not None:
            yield ("scenario_runs", i, "path_json"), "give either path or path_json, not both"
    both = set(doc.profile.settings) & set(doc.profile.settings_json)
    for key in sorted(both):
        yield ("profile", "settings_json", key), f"setting '{key}' is given twice"


def _score_rules(i: int, attempt: AttemptIn) -> Iterator[tuple[KeyPath, str]]:
    """A finished score must fit the attempt's own plan and pass mark, so a hand-edited file cannot
    claim a pass (and a certificate) for questions that were never asked."""
    if attempt.finished is None or attempt.right is None or attempt.total is None or attempt.right > attempt.total:
        return
    if attempt.total > len(attempt.plan):
        yield ("attempts", i, "total"), f"total ({attempt.total}) is more than the {len(attempt.plan)} question(s) in its plan"
    reached = attempt.total > 0 and attempt.right / attempt.total + 1e-9 >= attempt.pass_mark
    if attempt.passed is not None and attempt.passed != reached:
        yield ("attempts", i, "passed"), (f"passed = {str(attempt.passed).lower()} does not follow from "
                                          f"{attempt.right} of {attempt.total} at a pass mark of {attempt.pass_mark}")


def _finished_before_started(where: KeyPath, item) -> Iterator[tuple[KeyPath, str]]:
    if item.finished is not None and _when(item.finished) < _when(item.started):
        yield (*where, "finished"), f"finished ({item.finished}) is before started ({item.started})"


def _duplicates_in_plan(i: int, attempt: AttemptIn) -> Iterator[tuple[KeyPath, str]]:
    """An attempt shows each question once: a plan listing one twice cannot be resumed."""
    first: dict[str, int] = {}
    for j, item in enumerate(attempt.plan):
        if item.id in first:
            yield (("attempts", i, "plan", j, "id"),
                   f"question '{item.id}' is already in this attempt's plan (plan[{first[item.id]}]); a quiz shows each question once")
        else:
            first[item.id] = j


def _duplicates(table: str, keys: list[Any], field_name: str, show) -> Iterator[tuple[KeyPath, str]]:
    first: dict[Any, int] = {}
    for i, key in enumerate(keys):
        if key in first:
            yield (table, i, field_name), f"{show(key)} is already in {table}[{first[key]}]"
        else:
            first[key] = i


def _message(error: Any) -> str:
    """The shared words, with the list of allowed keys when an unknown one has no near miss."""
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        allowed = fields_at(ExportDocument, loc[:-1])
        hint = suggest(str(loc[-1]), allowed) or (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "string_pattern_mismatch":
        return f"'{str(error.get('input'))[:40]}' is not a valid id: use letters, digits, '-' and '_' (at most 64)"
    if kind == "string_too_long":
        return f"this text is longer than {error.get('ctx', {}).get('max_length')} characters"
    return shape_message(error, ExportDocument, loc)


EXPORT_FILE = FileKind(
    model=ExportDocument,
    limit=MAX_EXPORT_BYTES,
    too_big=lambda size: _("the file is {size:.0f} MiB; an export is never this big").format(size=size / 1024 / 1024),
    not_a_file=lambda kind: _("this is {kind}, not an export file").format(kind=kind),
    not_utf8=lambda: _("this is not an mhcourse export"),
    message=_message,
    empty=lambda: _("the file is empty; make an export with `mhcourse export --profile NAME -o FILE`"),
    first_check=_export_marker,
    rules=lambda raw, document: _document_rules(document) if document is not None else (),
)
"""An export file, as `mhcourse import` reads it."""


# -- import ----------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """What an import added to a profile."""

    profile: str
    created: bool = False
    lessons: int = 0
    waivers: int = 0
    attempts: int = 0
    answers: int = 0
    checks: int = 0
    scenario_runs: int = 0
    confidence: int = 0
    notes_read: int = 0
    place: bool = False
    settings: int = 0
    profile_changed: bool = False

    @property
    def changed(self) -> bool:
        return self.created or self.profile_changed or self.place or any(
            (self.lessons, self.waivers, self.attempts, self.answers, self.checks, self.scenario_runs, self.settings,
             self.confidence, self.notes_read)
        )

    def describe(self) -> str:
        if not self.changed:
            return f"Nothing new to import: '{self.profile}' already has everything in this file."
        parts = [
            _count(self.lessons, "lesson"), _count(self.attempts, "quiz attempt"), _count(self.answers, "quiz answer"),
            _count(self.checks, "knowledge check"), _count(self.scenario_runs, "scenario run"),
            _count(self.waivers, "skipped module"), _count(self.confidence, "confidence answer"),
            _count(self.settings, "setting"),
        ]
        said = ", ".join(p for p in parts if p) or "profile details"
        where = f"the new profile '{self.profile}'" if self.created else f"'{self.profile}'"
        return f"Imported into {where}: {said}."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}" if n else ""


def import_profile(store: Store, document: ExportDocument | dict[str, Any], as_name: str | None = None,
                   into: str | None = None, pin: str | None = None) -> ImportSummary:
    """Add an export as a new profile (its own name, or `as_name`), or merge it into the profile `into`.

    Where it goes follows the one rule of progress/arrival.py: a name taken here is refused, never
    merged by chance; a merge `into` a profile with a PIN needs `pin`. All in one transaction: on
    any error nothing is changed. Attempts, checks and scenario runs are matched by uid, lessons by
    (module, lesson) keeping the earliest times, so merging the same file twice adds nothing.
    Raises TransferError for a bad document, ArrivalRefused (a ProfileError) when the record
    cannot go where asked, and ProfileError for a bad name. No PIN ever arrives with a record.
    """
    doc = document if isinstance(document, ExportDocument) else parse_document(document)
    place = arrival(store, doc.profile.name, as_name, into)
    check_arrival_pin(store, place, pin)
    with store.transaction() as db:
        summary = ImportSummary(place.name)
        profile_id, key = _target_profile(db, doc.profile, place, summary)
        _merge_place(db, profile_id, doc.place, summary)
        _merge_lessons(db, profile_id, doc.lessons, summary)
        _merge_waivers(db, profile_id, doc.waivers, summary)
        _merge_attempts(db, profile_id, key, doc.attempts, summary)
        _merge_checks(db, profile_id, key, doc.checks, summary)
        _merge_runs(db, profile_id, key, doc.scenario_runs, summary)
        _merge_confidence(db, profile_id, doc.confidence, summary)
        _merge_notes_read(db, profile_id, doc.notes_read, summary)
    return summary


def _when(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _earliest(*stamps: str | None) -> str | None:
    present = [s for s in stamps if s]
    return min(present, key=_when) if present else None


def _latest(*stamps: str | None) -> str | None:
    present = [s for s in stamps if s]
    return max(present, key=_when) if present else None


def _settings_of(profile: ProfileIn) -> dict[str, Any]:
    settings = dict(profile.settings)
    settings.update({k: json.loads(v) for k, v in profile.settings_json.items()})
    return settings


def _target_profile(db: sqlite3.Connection, profile: ProfileIn, place: Arrival, summary: ImportSummary) -> tuple[int, str]:
    key = name_key(place.name)
    settings = _settings_of(profile)
    if place.into is None:  # a new profile, never with a PIN: on a site that requires one, it is set at first opening
        cursor = db.execute(
            "INSERT INTO profiles (name, name_key, created, last_used, settings) VALUES (?, ?, ?, ?, ?)",
            (place.name, key, profile.created, profile.last_used or profile.created, json.dumps(settings)),
        )
        summary.created = True
        summary.settings = len(settings)
        return int(cursor.lastrowid), key
    row = db.execute("SELECT id, name, created, last_used, settings FROM profiles WHERE id = ?",
                     (place.into.id,)).fetchone()
    if row is None:
        raise ProfileError(f"The profile '{place.name}' was deleted a moment ago; nothing was imported.")
    profile_id, summary.profile, created, last_used, raw = row
    mine = _loads(raw, {})
    mine = mine if isinstance(mine, dict) else {}
    added = {k: v for k, v in settings.items() if k not in mine}  # this machine's own choices win
    new_created = _earliest(created, profile.created)
    new_last_used = _latest(last_used, profile.last_used)
    if added or new_created != created or new_last_used != last_used:
        db.execute("UPDATE profiles SET created = ?, last_used = ?, settings = ? WHERE id = ?",
                   (new_created, new_last_used, json.dumps({**mine, **added}), profile_id))
        summary.settings = len(added)
        summary.profile_changed = True
    return profile_id, key


def _merge_place(db: sqlite3.Connection, profile_id: int, place: PlaceIn | None, summary: ImportSummary) -> None:
    if place is None:
        return
    row = db.execute("SELECT updated FROM places WHERE profile_id = ?", (profile_id,)).fetchone()
    if row is not None and _when(row[0]) >= _when(place.updated):
        return
    db.execute(
        "INSERT INTO places (profile_id, module_id, kind, item_id, updated) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET module_id = excluded.module_id, kind = excluded.kind, "
        "item_id = excluded.item_id, updated = excluded.updated",
        (profile_id, place.module, place.kind, place.item, place.updated),
    )
    summary.place = True


def _merge_lessons(db: sqlite3.Connection, profile_id: int, lessons: list[LessonIn], summary: ImportSummary) -> None:
    for lesson in lessons:
        row = db.execute(
            "SELECT opened, completed FROM lessons WHERE profile_id = ? AND module_id = ? AND lesson_id = ?",
            (profile_id, lesson.module, lesson.lesson),
        ).fetchone()
        if row is None:
            db.execute("INSERT INTO lessons (profile_id, module_id, lesson_id, opened, completed) VALUES (?, ?, ?, ?, ?)",
                       (profile_id, lesson.module, lesson.lesson, lesson.opened, lesson.completed))
            summary.lessons += 1
            continue
        opened, completed = _earliest(row[0], lesson.opened), _earliest(row[1], lesson.completed)
        if (opened, completed) != tuple(row):
            db.execute("UPDATE lessons SET opened = ?, completed = ? WHERE profile_id = ? AND module_id = ? AND lesson_id = ?",
                       (opened, completed, profile_id, lesson.module, lesson.lesson))
            summary.lessons += 1


def _merge_waivers(db: sqlite3.Connection, profile_id: int, waivers: list[WaiverIn], summary: ImportSummary) -> None:
    for waiver in waivers:
        cursor = db.execute("INSERT INTO waivers (profile_id, module_id, waived) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            (profile_id, waiver.module, waiver.waived))
        summary.waivers += cursor.rowcount


def _own_uid(db: sqlite3.Connection, table: str, uid: str, profile_id: int, key: str) -> tuple[str, int | None]:
    """The uid this profile keeps the row under, and the row's id when the profile has it already.

    Uids are unique across the store. When another profile holds the same uid (an export imported
    here under another name with --as), this profile's copy gets a uid derived from the original and
    the profile's name, the same every time, so a second import still adds nothing.
    """
    candidate = uid
    for n in range(100):
        row = db.execute(f"SELECT id, profile_id FROM {table} WHERE uid = ?", (candidate,)).fetchone()  # noqa: S608
        if row is None:
            return candidate, None
        if row[1] == profile_id:
            return candidate, row[0]
        candidate = uuid.uuid5(_UID_NAMESPACE, f"{key}\x00{uid}\x00{n}").hex
    raise sqlite3.IntegrityError(f"cannot find a free uid for {uid}")


def _given(given: Any, given_json: str | None) -> str:
    return given_json if given_json is not None else json.dumps(given)


def _merge_attempts(db: sqlite3.Connection, profile_id: int, key: str, attempts: list[AttemptIn], summary: ImportSummary) -> None:
    for attempt in attempts:
        uid, attempt_id = _own_uid(db, "attempts", attempt.uid, profile_id, key)
        passed = None if attempt.passed is None else int(attempt.passed)
        if attempt_id is None:
            cursor = db.execute(
                "INSERT INTO attempts (uid, profile_id, module_id, started, finished, plan, pass_mark, right_count, total, passed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, profile_id, attempt.module, attempt.started, attempt.finished,
                 json.dumps([item.model_dump() for item in attempt.plan]), attempt.pass_mark,
                 attempt.right, attempt.total, passed),
            )
            attempt_id = int(cursor.lastrowid)
            summary.attempts += 1
        elif attempt.finished is not None:
            # Finished on the other machine after this one last saw it.
            cursor = db.execute(
                "UPDATE attempts SET finished = ?, right_count = ?, total = ?, passed = ? WHERE id = ? AND finished IS NULL",
                (attempt.finished, attempt.right, attempt.total, passed, attempt_id),
            )
            summary.attempts += cursor.rowcount
        for answer in attempt.answers:
            # An answer this machine already has for the question is kept as it is.
            cursor = db.execute(
                "INSERT INTO answers (attempt_id, question_id, position, given, correct, shown, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, question_id) DO NOTHING",
                (attempt_id, answer.question, answer.position, _given(answer.given, answer.given_json),
                 int(answer.correct), answer.shown, answer.answered),
            )
            summary.answers += cursor.rowcount


def _merge_checks(db: sqlite3.Connection, profile_id: int, key: str, checks: list[CheckIn], summary: ImportSummary) -> None:
    for check in checks:
        uid, existing = _own_uid(db, "checks", check.uid, profile_id, key)
        if existing is None:
            db.execute(
                "INSERT INTO checks (uid, profile_id, module_id, lesson_id, question_id, given, correct, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, profile_id, check.module, check.lesson, check.question, _given(check.given, check.given_json),
                 int(check.correct), check.answered),
            )
            summary.checks += 1


def _merge_runs(db: sqlite3.Connection, profile_id: int, key: str, runs: list[RunIn], summary: ImportSummary) -> None:
    for run in runs:
        uid, existing = _own_uid(db, "scenario_runs", run.uid, profile_id, key)
        if existing is None:
            path = run.path_json if run.path_json is not None else json.dumps(run.path)
            db.execute(
                "INSERT INTO scenario_runs (uid, profile_id, module_id, scenario_id, started, finished, path, ending) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, profile_id, run.module, run.scenario, run.started, run.finished, path, run.ending),
            )
            summary.scenario_runs += 1


def _merge_confidence(db: sqlite3.Connection, profile_id: int, answers: list[ConfidenceIn], summary: ImportSummary) -> None:
    """One answer per module and stage: an answer this machine has already is kept."""
    if not answers:
        return
    if not _has_table(db, "confidence"):
        raise sqlite3.OperationalError("this store has no confidence table")
    for answer in answers:
        cursor = db.execute(
            "INSERT INTO confidence (profile_id, module_id, stage, value, answered) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (profile_id, module_id, stage) DO NOTHING",
            (profile_id, answer.module, answer.stage, answer.value, answer.answered),
        )
        summary.confidence += cursor.rowcount


def _merge_notes_read(db: sqlite3.Connection, profile_id: int, notes: list[NoteReadIn], summary: ImportSummary) -> None:
    """A content note read on either machine is not asked again (a skip kept here still asks it)."""
    for note in notes:
        cursor = db.execute("INSERT INTO notes_read (profile_id, module_id, read) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            (profile_id, note.module, note.read))
        summary.notes_read += cursor.rowcount
