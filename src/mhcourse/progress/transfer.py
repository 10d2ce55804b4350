"""The export file: one learner's whole record as TOML, so a learner can carry it to another machine.

Only the file's format lives here: the store reads a profile's record as plain data (its snapshot)
and merges a record it is handed (progress/store/merge.py); this module turns the one into TOML and
checks a file back into the other. The file's shape is progress/export_models.py.

An export holds the profile (name, created, settings: never the PIN), the lessons opened and
completed (with where the learner was reading each), the saved place, skipped modules, every quiz
attempt with its order and answers, every knowledge check, every scenario run and the confidence
answers, and for spaced review the cards, the answers given in review and the pre-test scores (optional
keys: files from before review import as ever, and their cards are rebuilt from their answers; an older
mhcourse refuses a file that has them, as an unknown key). Certificates stay in the register of the
machine that issued them (that is where `certificate verify` looks). Attempts, checks, runs and review
answers carry a stable uid, so a merge never
duplicates: merging the same file twice changes nothing. Where an import goes (a new profile, or a
merge asked for on purpose) is the rule of progress/arrival.py.

An import is checked whole before anything is written (every problem located as
FILE:LINE: key.path: message, like a module file), then merged in one transaction.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import tomli_w

from ..content.checked_toml import Checked, FileKind, check_document, read_bytes
from ..content.locate import KeyLines
from ..content.messages import fields_at, shape_message, suggest
from ..content.problems import KeyPath
from ..errors import TransferError
from ..i18n import _, ngettext
from ..learning.quiz import passed
from .arrival import arrival, check_arrival_pin
from .export_models import AttemptIn, ExportDocument
from .moments import moment
from .review import card_due
from .store import Store, rows
from .store.merge import Merged
from .store.profiles import usable_setting

EXPORT_FORMAT = 1
"""The value of `mhcourse_export` in files this version writes and reads."""
MAX_EXPORT_BYTES = 64 * 1024 * 1024
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# -- export ----------------------------------------------------------------------------------


def export_profile(store: Store, profile_id: int) -> dict[str, Any]:
    """The profile's whole record as a dict ready for TOML (no None anywhere; never the PIN hash).

    The store reads it in one snapshot, so a learner answering at the same moment never yields half an attempt.
    """
    from .. import __version__

    record = store.snapshot(profile_id)
    document: dict[str, Any] = {
        "mhcourse_export": EXPORT_FORMAT,
        "mhcourse_version": __version__,
        "exported": store.clock(),
        "profile": _profile_out(record.profile),
    }
    if record.place:
        place = record.place
        document["place"] = _no_none({"module": place.module, "kind": place.kind, "item": place.item,
                                      "updated": place.updated})
    document["lessons"] = [
        _no_none({"module": x.module, "lesson": x.lesson, "opened": x.opened, "completed": x.completed,
                  "position": x.position or None})
        for x in record.lessons
    ]
    # The file keeps the first name of a skipped module, a waiver: files of every version must still import.
    document["waivers"] = [{"module": x.module, "waived": x.skipped} for x in record.skipped]
    document["attempts"] = [_attempt_out(attempt) for attempt in record.attempts]
    document["checks"] = [
        {"uid": x.uid, "module": x.module, "lesson": x.lesson, "question": x.question,
         **_free("given", _loads(x.given, None)), "correct": x.correct, "answered": x.answered}
        for x in record.checks
    ]
    document["scenario_runs"] = [
        _no_none({"uid": x.uid, "module": x.module, "scenario": x.scenario, "started": x.started,
                  "finished": x.finished, "ending": x.ending, **_free("path", _loads(x.path, []))})
        for x in record.scenario_runs
    ]
    document["confidence"] = [_no_none({"module": x.module, "stage": x.stage, "value": x.value, "answered": x.answered})
                              for x in record.confidence]
    document["notes_read"] = [{"module": x.module, "read": x.read} for x in record.notes_read]
    # Review (optional keys, written only when there is something: a file without them imports anywhere).
    if record.cards:
        document["cards"] = [{"module": x.module, "question": x.question, "card": x.card} for x in record.cards]
    if record.reviews:
        document["reviews"] = [
            {"uid": x.uid, "module": x.module, "question": x.question, **_free("given", _loads(x.given, None)),
             "correct": x.correct, "answered": x.answered}
            for x in record.reviews
        ]
    if record.pretests:
        document["pretests"] = [_no_none({"module": x.module, "right": x.right, "total": x.total,
                                          "answered": x.answered}) for x in record.pretests]
    return document


def _profile_out(row: rows.ProfileRow) -> dict[str, Any]:
    profile: dict[str, Any] = {"name": row.name, "created": row.created, "last_used": row.last_used}
    if row.settings is not None:
        settings = {k: v for k, v in row.settings.items() if usable_setting(v)}  # what import accepts
        profile["settings"] = {k: v for k, v in settings.items() if _tomlable(v)}
        odd = {k: json.dumps(v) for k, v in settings.items() if not _tomlable(v)}
        if odd:
            profile["settings_json"] = odd
    return profile


def _attempt_out(attempt: rows.AttemptRow) -> dict[str, Any]:
    answers = [
        _no_none({"question": x.question, "position": x.position, **_free("given", _loads(x.given, None)),
                  "correct": x.correct, "shown": x.shown, "answered": x.answered})
        for x in attempt.answers
    ]
    return _no_none({
        "uid": attempt.uid, "module": attempt.module, "started": attempt.started, "finished": attempt.finished,
        "pass_mark": attempt.pass_mark, "right": attempt.right, "total": attempt.total, "passed": attempt.passed,
        "language": attempt.language,
        "plan": [_plan_item(item) for item in _loads(attempt.plan, []) if isinstance(item, dict)],
        "answers": answers,
    })


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
    pair = lambda k: f"{k[0]} / {k[1]}"  # noqa: E731
    yield from _duplicates("lessons", [(x.module, x.lesson) for x in doc.lessons], "lesson", pair)
    yield from _duplicates("waivers", [x.module for x in doc.waivers], "module", str)
    yield from _duplicates("attempts", [x.uid for x in doc.attempts], "uid", str)
    yield from _duplicates("checks", [x.uid for x in doc.checks], "uid", str)
    yield from _duplicates("scenario_runs", [x.uid for x in doc.scenario_runs], "uid", str)
    yield from _duplicates("confidence", [(x.module, x.stage) for x in doc.confidence], "stage", pair)
    yield from _duplicates("cards", [(x.module, x.question) for x in doc.cards], "question", pair)
    yield from _duplicates("reviews", [x.uid for x in doc.reviews], "uid", str)
    yield from _duplicates("pretests", [x.module for x in doc.pretests], "module", str)
    for i, review in enumerate(doc.reviews):
        if review.given is not None and review.given_json is not None:
            yield ("reviews", i, "given_json"), "give either given or given_json, not both"
    for i, pretest in enumerate(doc.pretests):
        if pretest.right is not None and pretest.right > pretest.total:
            yield ("pretests", i, "right"), f"right ({pretest.right}) is more than total ({pretest.total})"
    for i, attempt in enumerate(doc.attempts):
        yield from _duplicates_in_plan(i, attempt)
        seen: set[str] = set()
        for j, answer in enumerate(attempt.answers):
            if answer.question in seen:
                yield (("attempts", i, "answers", j, "question"),
                       f"question '{answer.question}' is answered twice in this attempt")
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
        yield (("attempts", i, "total"),
               f"total ({attempt.total}) is more than the {len(attempt.plan)} question(s) in its plan")
    reached = passed(attempt.right, attempt.total, attempt.pass_mark)
    if attempt.passed is not None and attempt.passed != reached:
        yield ("attempts", i, "passed"), (f"passed = {str(attempt.passed).lower()} does not follow from "
                                          f"{attempt.right} of {attempt.total} at a pass mark of {attempt.pass_mark}")


def _finished_before_started(where: KeyPath, item) -> Iterator[tuple[KeyPath, str]]:
    if item.finished is not None and moment(item.finished) < moment(item.started):
        yield (*where, "finished"), f"finished ({item.finished}) is before started ({item.started})"


def _duplicates_in_plan(i: int, attempt: AttemptIn) -> Iterator[tuple[KeyPath, str]]:
    """An attempt shows each question once: a plan listing one twice cannot be resumed."""
    first: dict[str, int] = {}
    for j, item in enumerate(attempt.plan):
        if item.id in first:
            yield (("attempts", i, "plan", j, "id"),
                   f"question '{item.id}' is already in this attempt's plan (plan[{first[item.id]}]); "
                   "a quiz shows each question once")
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


class ImportSummary(Merged):
    """What an import added to a profile, in words for whoever imported it."""

    def describe(self) -> str:
        if not self.changed:
            return _("Nothing new to import: '{name}' already has everything in this file.").format(name=self.profile)
        counted = [
            (self.lessons, ngettext("{n} lesson", "{n} lessons", self.lessons)),
            (self.attempts, ngettext("{n} quiz attempt", "{n} quiz attempts", self.attempts)),
            (self.answers, ngettext("{n} quiz answer", "{n} quiz answers", self.answers)),
            (self.checks, ngettext("{n} knowledge check", "{n} knowledge checks", self.checks)),
            (self.scenario_runs, ngettext("{n} scenario run", "{n} scenario runs", self.scenario_runs)),
            (self.skipped, ngettext("{n} skipped module", "{n} skipped modules", self.skipped)),
            (self.confidence, ngettext("{n} confidence answer", "{n} confidence answers", self.confidence)),
            (self.reviews, ngettext("{n} review answer", "{n} review answers", self.reviews)),
            (self.pretests, ngettext("{n} pre-test", "{n} pre-tests", self.pretests)),
            (self.cards, ngettext("{n} review card", "{n} review cards", self.cards)),
            (self.settings, ngettext("{n} setting", "{n} settings", self.settings)),
        ]
        said = ", ".join(words.format(n=n) for n, words in counted if n) or _("profile details")
        if self.created:
            return _("Imported into the new profile '{name}': {what}.").format(name=self.profile, what=said)
        return _("Imported into '{name}': {what}.").format(name=self.profile, what=said)


def import_profile(store: Store, document: ExportDocument | dict[str, Any], as_name: str | None = None,
                   into: str | None = None, pin: str | None = None) -> ImportSummary:
    """Add an export as a new profile (its own name, or `as_name`), or merge it into the profile `into`.

    Where it goes follows the one rule of progress/arrival.py: a name taken here is refused, never
    merged by chance; a merge `into` a profile with a PIN needs `pin`. The store writes it in one
    transaction: on any error nothing is changed. Attempts, checks and scenario runs are matched by
    uid, lessons by (module, lesson) keeping the earliest times and the further reading position, so
    merging the same file twice adds nothing. Raises TransferError for a bad document, ArrivalRefused
    (a ProfileError) when the record cannot go where asked, and ProfileError for a bad name. No PIN
    ever arrives with a record.
    """
    doc = document if isinstance(document, ExportDocument) else parse_document(document)
    place = arrival(store, doc.profile.name, as_name, into)
    check_arrival_pin(store, place, pin)
    merged = store.merge_record(record_of(doc), place.name, None if place.into is None else place.into.id)
    return ImportSummary(**asdict(merged))


def record_of(doc: ExportDocument) -> rows.ProfileRecord:
    """The checked file as the plain-data record the store merges (answers, plans and paths as JSON text)."""
    profile = doc.profile
    settings = dict(profile.settings)
    settings.update({k: json.loads(v) for k, v in profile.settings_json.items()})
    place = doc.place
    return rows.ProfileRecord(
        profile=rows.ProfileRow(profile.name, profile.created, profile.last_used, settings),
        place=rows.PlaceRow(place.module, place.kind, place.item, place.updated) if place else None,
        lessons=tuple(rows.LessonRow(x.module, x.lesson, x.opened, x.completed, x.position) for x in doc.lessons),
        skipped=tuple(rows.SkippedRow(x.module, x.waived) for x in doc.waivers),
        attempts=tuple(_attempt_in(x) for x in doc.attempts),
        checks=tuple(rows.CheckRow(x.uid, x.module, x.lesson, x.question, _given(x.given, x.given_json),
                                   x.correct, x.answered) for x in doc.checks),
        scenario_runs=tuple(rows.RunRow(x.uid, x.module, x.scenario, x.started, x.finished,
                                        x.path_json if x.path_json is not None else json.dumps(x.path), x.ending)
                            for x in doc.scenario_runs),
        confidence=tuple(rows.ConfidenceRow(x.module, x.stage, x.value, x.answered) for x in doc.confidence),
        notes_read=tuple(rows.NoteReadRow(x.module, x.read) for x in doc.notes_read),
        cards=tuple(rows.CardRow(x.module, x.question, x.card, card_due(x.card)) for x in doc.cards),
        reviews=tuple(rows.ReviewRow(x.uid, x.module, x.question, _given(x.given, x.given_json), x.correct,
                                     x.answered) for x in doc.reviews),
        pretests=tuple(rows.PretestRow(x.module, x.right, x.total, x.answered) for x in doc.pretests),
    )


def _attempt_in(attempt: AttemptIn) -> rows.AttemptRow:
    answers = tuple(rows.AnswerRow(x.question, x.position, _given(x.given, x.given_json), x.correct, x.shown,
                                   x.answered) for x in attempt.answers)
    plan = json.dumps([item.model_dump() for item in attempt.plan])
    return rows.AttemptRow(attempt.uid, attempt.module, attempt.started, attempt.finished, plan, attempt.pass_mark,
                           attempt.right, attempt.total, attempt.passed, answers, attempt.language)


def _given(given: Any, given_json: str | None) -> str:
    return given_json if given_json is not None else json.dumps(given)
