"""Writing an arriving record (rows.py) into a profile, in one transaction: a new profile, or a merge.

Attempts, checks, scenario runs and review answers are matched by uid, lessons by (module, lesson) keeping
the earliest times and the further reading position, so merging the same record twice adds nothing. Review
cards are rebuilt from both sides' answers (merge_review.py says why).
Where a record may go (a new profile, or a merge asked for on purpose, with its PIN) is decided
before, in progress/arrival.py.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import ProfileError
from ...i18n import _
from ..faults import change
from ..moments import moment
from .core import StoreCore, inserted_id, loads
from .merge_review import merge_reviews
from .profiles import name_key
from .uids import add_once, own_uid

if TYPE_CHECKING:
    # The rows' dataclasses only in annotations: the store opens before the first frame without them.
    from . import rows


@dataclass
class Merged:
    """What a merge added to a profile."""

    profile: str
    created: bool = False
    lessons: int = 0
    skipped: int = 0
    attempts: int = 0
    answers: int = 0
    checks: int = 0
    scenario_runs: int = 0
    confidence: int = 0
    notes_read: int = 0
    reviews: int = 0
    pretests: int = 0
    cards: int = 0
    """Review cards added or rebuilt."""
    place: bool = False
    settings: int = 0
    profile_changed: bool = False
    profile_id: int | None = None
    """The profile the record went into (a dry run's new profile has an id that was never kept)."""

    @property
    def changed(self) -> bool:
        return self.created or self.profile_changed or self.place or any(
            (self.lessons, self.skipped, self.attempts, self.answers, self.checks, self.scenario_runs, self.settings,
             self.confidence, self.notes_read, self.reviews, self.pretests, self.cards)
        )


class Merge(StoreCore):
    @change
    def merge_record(self, record: rows.ProfileRecord, name: str, into: int | None = None, *,
                     pin_hash: str | None = None, dry_run: bool = False) -> Merged:
        """Add `record` as a new profile called `name`, or merge it into the profile with id `into`. All or nothing.

        A new profile has no PIN (on a site that requires one, it is set at first opening), unless `pin_hash`
        is given: the hash the same profile keeps in another store (`mhcourse store copy` moves a whole
        record; an export file never carries one). `dry_run` says what the merge would add and writes nothing.
        """
        try:
            return self._merge(record, name, into, pin_hash, dry_run)
        except _NotWritten as would:
            return would.merged

    def _merge(self, record: rows.ProfileRecord, name: str, into: int | None, pin_hash: str | None,
               dry_run: bool) -> Merged:
        with self.transaction() as db:
            merged = Merged(name)
            profile_id = _target_profile(db, record, name, into, merged)
            if pin_hash is not None and merged.created:
                db.execute("UPDATE profiles SET pin_hash = ? WHERE id = ?", (pin_hash, profile_id))
            key = name_key(name)
            _merge_place(db, profile_id, record.place, merged)
            _merge_lessons(db, profile_id, record.lessons, merged)
            _merge_skipped(db, profile_id, record.skipped, merged)
            touched: set[tuple[str, str]] = set()
            _merge_attempts(db, profile_id, key, record.attempts, merged, touched)
            _merge_checks(db, profile_id, key, record.checks, merged, touched)
            _merge_runs(db, profile_id, key, record.scenario_runs, merged)
            _merge_confidence(db, profile_id, record.confidence, merged)
            _merge_notes_read(db, profile_id, record.notes_read, merged)
            merge_reviews(db, profile_id, key, record, merged, touched)
            merged.profile_id = profile_id
            if dry_run:
                raise _NotWritten(merged)  # the transaction is rolled back
        return merged


class _NotWritten(Exception):
    """A dry run's way out of its transaction, which rolls everything back."""

    def __init__(self, merged: Merged) -> None:
        super().__init__("dry run")
        self.merged = merged


def _earliest(*stamps: str | None) -> str | None:
    present = [s for s in stamps if s]
    return min(present, key=moment) if present else None


def _latest(*stamps: str | None) -> str | None:
    present = [s for s in stamps if s]
    return max(present, key=moment) if present else None


def _target_profile(db: sqlite3.Connection, record: rows.ProfileRecord, name: str, into: int | None,
                    merged: Merged) -> int:
    arriving = record.profile
    settings = arriving.settings or {}
    if into is None:
        cursor = db.execute(
            "INSERT INTO profiles (name, name_key, created, last_used, settings) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (name, name_key(name), arriving.created, arriving.last_used or arriving.created, json.dumps(settings)),
        )
        merged.created = True
        merged.settings = len(settings)
        return inserted_id(cursor)
    row = db.execute("SELECT id, name, created, last_used, settings FROM profiles WHERE id = ?", (into,)).fetchone()
    if row is None:
        raise ProfileError(_("The profile '{name}' was deleted a moment ago; nothing was imported.").format(name=name))
    profile_id, merged.profile, created, last_used, raw = row
    mine = loads(raw, {})
    mine = mine if isinstance(mine, dict) else {}
    added = {k: v for k, v in settings.items() if k not in mine}  # this machine's own choices win
    new_created = _earliest(created, arriving.created)
    new_last_used = _latest(last_used, arriving.last_used)
    if added or new_created != created or new_last_used != last_used:
        db.execute("UPDATE profiles SET created = ?, last_used = ?, settings = ? WHERE id = ?",
                   (new_created, new_last_used, json.dumps({**mine, **added}), profile_id))
        merged.settings = len(added)
        merged.profile_changed = True
    return int(profile_id)


def _merge_place(db: sqlite3.Connection, profile_id: int, place: rows.PlaceRow | None, merged: Merged) -> None:
    if place is None:
        return
    row = db.execute("SELECT updated FROM places WHERE profile_id = ?", (profile_id,)).fetchone()
    if row is not None and moment(row[0]) >= moment(place.updated):
        return
    db.execute(
        "INSERT INTO places (profile_id, module_id, kind, item_id, updated) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET module_id = excluded.module_id, kind = excluded.kind, "
        "item_id = excluded.item_id, updated = excluded.updated",
        (profile_id, place.module, place.kind, place.item, place.updated),
    )
    merged.place = True


def _merge_lessons(db: sqlite3.Connection, profile_id: int, lessons: tuple[rows.LessonRow, ...],
                   merged: Merged) -> None:
    """Lessons by (module, lesson): the earlier times, and the further reading position (schema.VERSION_6)."""
    for lesson in lessons:
        row = db.execute(
            "SELECT opened, completed, position FROM lessons WHERE profile_id = ? AND module_id = ? AND lesson_id = ?",
            (profile_id, lesson.module, lesson.lesson),
        ).fetchone()
        if row is None:
            db.execute("INSERT INTO lessons (profile_id, module_id, lesson_id, opened, completed, position) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (profile_id, lesson.module, lesson.lesson, lesson.opened, lesson.completed,
                        lesson.position or None))
            merged.lessons += 1
            continue
        opened, completed = _earliest(row[0], lesson.opened), _earliest(row[1], lesson.completed)
        position = max(row[2] or 0, lesson.position or 0)
        if (opened, completed, position) != (row[0], row[1], row[2] or 0):
            db.execute("UPDATE lessons SET opened = ?, completed = ?, position = ? "
                       "WHERE profile_id = ? AND module_id = ? AND lesson_id = ?",
                       (opened, completed, position or None, profile_id, lesson.module, lesson.lesson))
            merged.lessons += 1


def _merge_skipped(db: sqlite3.Connection, profile_id: int, skipped: tuple[rows.SkippedRow, ...],
                   merged: Merged) -> None:
    for module in skipped:
        cursor = db.execute("INSERT INTO waivers (profile_id, module_id, waived) VALUES (?, ?, ?) "
                            "ON CONFLICT DO NOTHING", (profile_id, module.module, module.skipped))
        merged.skipped += cursor.rowcount


def _merge_attempts(db: sqlite3.Connection, profile_id: int, key: str, attempts: tuple[rows.AttemptRow, ...],
                    merged: Merged, touched: set[tuple[str, str]]) -> None:
    for attempt in attempts:
        uid, attempt_id = own_uid(db, "attempts", attempt.uid, profile_id, key)
        passed = None if attempt.passed is None else int(attempt.passed)
        if attempt_id is None:
            cursor = db.execute(
                "INSERT INTO attempts (uid, profile_id, module_id, started, finished, plan, pass_mark, right_count, "
                "total, passed, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (uid, profile_id, attempt.module, attempt.started, attempt.finished, attempt.plan, attempt.pass_mark,
                 attempt.right, attempt.total, passed, attempt.language),
            )
            attempt_id = inserted_id(cursor)
            merged.attempts += 1
        elif attempt.finished is not None:
            # Finished on the other machine after this one last saw it.
            cursor = db.execute(
                "UPDATE attempts SET finished = ?, right_count = ?, total = ?, passed = ? "
                "WHERE id = ? AND finished IS NULL",
                (attempt.finished, attempt.right, attempt.total, passed, attempt_id),
            )
            merged.attempts += cursor.rowcount
        for answer in attempt.answers:
            # An answer this machine already has for the question is kept as it is.
            cursor = db.execute(
                "INSERT INTO answers (attempt_id, question_id, position, given, correct, shown, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, question_id) DO NOTHING",
                (attempt_id, answer.question, answer.position, answer.given, int(answer.correct), answer.shown,
                 answer.answered),
            )
            merged.answers += cursor.rowcount
            if cursor.rowcount:
                touched.add((attempt.module, answer.question))


def _merge_checks(db: sqlite3.Connection, profile_id: int, key: str, checks: tuple[rows.CheckRow, ...],
                  merged: Merged, touched: set[tuple[str, str]]) -> None:
    for x in checks:
        if add_once(db, "checks", x.uid, profile_id, key,
                     "module_id, lesson_id, question_id, given, correct, answered",
                     (x.module, x.lesson, x.question, x.given, int(x.correct), x.answered)):
            merged.checks += 1
            touched.add((x.module, x.question))


def _merge_runs(db: sqlite3.Connection, profile_id: int, key: str, runs: tuple[rows.RunRow, ...],
                merged: Merged) -> None:
    for x in runs:
        merged.scenario_runs += add_once(db, "scenario_runs", x.uid, profile_id, key,
                                          "module_id, scenario_id, started, finished, path, ending",
                                          (x.module, x.scenario, x.started, x.finished, x.path, x.ending))


def _merge_confidence(db: sqlite3.Connection, profile_id: int, answers: tuple[rows.ConfidenceRow, ...],
                      merged: Merged) -> None:
    """One answer per module and stage: an answer this machine has already is kept."""
    for answer in answers:
        cursor = db.execute(
            "INSERT INTO confidence (profile_id, module_id, stage, value, answered) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (profile_id, module_id, stage) DO NOTHING",
            (profile_id, answer.module, answer.stage, answer.value, answer.answered),
        )
        merged.confidence += cursor.rowcount


def _merge_notes_read(db: sqlite3.Connection, profile_id: int, notes: tuple[rows.NoteReadRow, ...],
                      merged: Merged) -> None:
    """A content note read on either machine is not asked again (a skip kept here still asks it)."""
    for note in notes:
        cursor = db.execute("INSERT INTO notes_read (profile_id, module_id, read) VALUES (?, ?, ?) "
                            "ON CONFLICT DO NOTHING", (profile_id, note.module, note.read))
        merged.notes_read += cursor.rowcount
