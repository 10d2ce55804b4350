"""The snapshot of one profile's whole record, read in one read transaction, as plain data (rows.py)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from ...errors import ProfileError
from ...i18n import _
from .core import StoreCore, loads

if TYPE_CHECKING:
    from .rows import AttemptRow, CardRow, PretestRow, ProfileRecord, ReviewRow


class Snapshot(StoreCore):
    def snapshot(self, profile_id: int) -> ProfileRecord:
        """The profile's whole record (never the PIN hash), as it was at one moment: a learner answering
        at the same time never yields half an attempt. Raises ProfileError for an unknown profile."""
        with self.reading() as db:
            row = db.execute("SELECT name, created, last_used, settings FROM profiles WHERE id = ?",
                             (profile_id,)).fetchone()
            if row is None:
                raise ProfileError(_("There is no profile with id {id}.").format(id=profile_id))
            # Here, not at the top: the store opens before the first frame, and a snapshot (an export, a
            # copy) is what reads these dataclasses.
            from .rows import (
                CheckRow,
                ConfidenceRow,
                LessonRow,
                NoteReadRow,
                PlaceRow,
                ProfileRecord,
                ProfileRow,
                RunRow,
                SkippedRow,
            )

            settings = loads(row[3], {})
            place = db.execute("SELECT module_id, kind, item_id, updated FROM places WHERE profile_id = ?",
                               (profile_id,)).fetchone()
            cards, reviews, pretests = self._review_record(db, profile_id)
            return ProfileRecord(
                profile=ProfileRow(row[0], row[1], row[2], settings if isinstance(settings, dict) else None),
                place=PlaceRow(*place) if place else None,
                lessons=tuple(LessonRow(m, lesson, opened, done, position or 0) for m, lesson, opened, done, position
                              in db.execute(
                    "SELECT module_id, lesson_id, opened, completed, position FROM lessons WHERE profile_id = ? "
                    "ORDER BY opened, module_id, lesson_id", (profile_id,))),
                skipped=tuple(SkippedRow(*r) for r in db.execute(
                    "SELECT module_id, waived FROM waivers WHERE profile_id = ? ORDER BY module_id", (profile_id,))),
                attempts=_attempts(db, profile_id),
                checks=tuple(CheckRow(uid, m, lesson, q, g, bool(ok), at)
                             for uid, m, lesson, q, g, ok, at in db.execute(
                                 "SELECT uid, module_id, lesson_id, question_id, given, correct, answered FROM checks "
                                 "WHERE profile_id = ? ORDER BY id", (profile_id,))),
                scenario_runs=tuple(RunRow(*r) for r in db.execute(
                    "SELECT uid, module_id, scenario_id, started, finished, path, ending FROM scenario_runs "
                    "WHERE profile_id = ? ORDER BY id", (profile_id,))),
                confidence=tuple(ConfidenceRow(*r) for r in db.execute(
                    "SELECT module_id, stage, value, answered FROM confidence WHERE profile_id = ? "
                    "ORDER BY module_id, stage", (profile_id,))),
                notes_read=tuple(NoteReadRow(*r) for r in db.execute(
                    "SELECT module_id, read FROM notes_read WHERE profile_id = ? ORDER BY module_id", (profile_id,))),
                cards=cards, reviews=reviews, pretests=pretests,
            )

    def _review_record(self, db: sqlite3.Connection, profile_id: int
                       ) -> tuple[tuple[CardRow, ...], tuple[ReviewRow, ...], tuple[PretestRow, ...]]:
        """Review cards, review answers and pre-tests (schema version 7; a file read as it is may be older)."""
        if not self.has_table("review_cards"):
            return (), (), ()
        from .rows import CardRow, PretestRow, ReviewRow

        return (
            tuple(CardRow(*r) for r in db.execute(
                "SELECT module_id, question_id, card, due FROM review_cards WHERE profile_id = ? "
                "ORDER BY module_id, question_id", (profile_id,))),
            tuple(ReviewRow(uid, m, q, g, bool(ok), at) for uid, m, q, g, ok, at in db.execute(
                "SELECT uid, module_id, question_id, given, correct, answered FROM reviews WHERE profile_id = ? "
                "ORDER BY id", (profile_id,))),
            tuple(PretestRow(m, right, int(total), at) for m, right, total, at in db.execute(
                "SELECT module_id, right_count, total, answered FROM pretests WHERE profile_id = ? "
                "ORDER BY module_id", (profile_id,))),
        )


def _attempts(db: sqlite3.Connection, profile_id: int) -> tuple[AttemptRow, ...]:
    from .rows import AnswerRow, AttemptRow

    attempts = []
    for (attempt_id, uid, module_id, started, finished, plan, pass_mark, right, total, passed,
         language) in db.execute(
        "SELECT id, uid, module_id, started, finished, plan, pass_mark, right_count, total, passed, language "
        "FROM attempts WHERE profile_id = ? ORDER BY id", (profile_id,)
    ).fetchall():
        answers = tuple(
            AnswerRow(q, pos, g, bool(ok), shown, at)
            for q, pos, g, ok, shown, at in db.execute(
                "SELECT question_id, position, given, correct, shown, answered FROM answers "
                "WHERE attempt_id = ? ORDER BY position, question_id", (attempt_id,)
            )
        )
        attempts.append(AttemptRow(uid, module_id, started, finished, plan, pass_mark, right, total,
                                   None if passed is None else bool(passed), answers, language))
    return tuple(attempts)
