"""What a learner did outside quizzes: lessons opened and completed, the place to continue from, modules
skipped at their content note, notes read, confidence answers; and every module's record read back.

A learner skips a module: in code that is "skipped". The table keeps its first name, `waivers`
(column `waived`), since files of every earlier version hold it.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from ..faults import change
from .core import StoreCore

if TYPE_CHECKING:
    from ...learning.progress import ModuleRecord, Place

# The learning rules' Place and ModuleRecord are imported where they are made: every start opens the store
# before its first screen (Who is learning?), which needs neither.


def save_place(db: sqlite3.Connection, profile_id: int, place: Place, now: str) -> None:
    """Make `place` the one to continue from; the profile was used just now."""
    db.execute(
        "INSERT INTO places (profile_id, module_id, kind, item_id, updated) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET module_id = excluded.module_id, kind = excluded.kind, "
        "item_id = excluded.item_id, updated = excluded.updated",
        (profile_id, place.module_id, place.kind, place.item_id, now),
    )
    db.execute("UPDATE profiles SET last_used = ? WHERE id = ?", (now, profile_id))


class Record(StoreCore):
    """Lessons, the saved place, skipped modules, content notes read, confidence answers."""

    @change
    def lesson_opened(self, profile_id: int, module_id: str, lesson_id: str) -> None:
        """Record that a lesson was opened, and make it the place to continue from."""
        from ...learning.progress import Place

        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO lessons (profile_id, module_id, lesson_id, opened) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (profile_id, module_id, lesson_id) DO NOTHING",
                (profile_id, module_id, lesson_id, now),
            )
            save_place(db, profile_id, Place(module_id, "lesson", lesson_id), now)

    @change
    def lesson_completed(self, profile_id: int, module_id: str, lesson_id: str) -> None:
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO lessons (profile_id, module_id, lesson_id, opened, completed) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (profile_id, module_id, lesson_id) "
                "DO UPDATE SET completed = COALESCE(lessons.completed, excluded.completed)",
                (profile_id, module_id, lesson_id, now, now),
            )

    def reading_position(self, profile_id: int, module_id: str, lesson_id: str) -> int:
        """The part of the lesson the learner was reading (schema.VERSION_6): 0, the top, when none is kept."""
        row = self.db.execute("SELECT position FROM lessons WHERE profile_id = ? AND module_id = ? AND lesson_id = ?",
                              (profile_id, module_id, lesson_id)).fetchone()
        return int(row[0]) if row and row[0] else 0

    @change
    def keep_reading_position(self, profile_id: int, module_id: str, lesson_id: str, position: int) -> bool:
        """Keep where the learner is reading; written only when it changed (True), so a face may call it often."""
        position = max(int(position), 0)
        if self.reading_position(profile_id, module_id, lesson_id) == position:
            return False
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO lessons (profile_id, module_id, lesson_id, opened, position) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (profile_id, module_id, lesson_id) DO UPDATE SET position = excluded.position",
                (profile_id, module_id, lesson_id, now, position),
            )
        return True

    @change
    def save_place(self, profile_id: int, place: Place) -> None:
        with self.transaction() as db:
            save_place(db, profile_id, place, self.clock())

    def place(self, profile_id: int) -> Place | None:
        row = self.db.execute("SELECT module_id, kind, item_id FROM places WHERE profile_id = ?",
                              (profile_id,)).fetchone()
        if row is None:
            return None
        from ...learning.progress import Place

        return Place(*row)

    @change
    def set_skipped(self, profile_id: int, module_id: str, skipped: bool) -> None:
        """Skip a module at its content note, or take the skip back."""
        with self.transaction() as db:
            if skipped:
                db.execute(
                    "INSERT INTO waivers (profile_id, module_id, waived) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (profile_id, module_id, self.clock()),
                )
            else:
                db.execute("DELETE FROM waivers WHERE profile_id = ? AND module_id = ?", (profile_id, module_id))

    def skipped_on(self, profile_id: int, module_id: str) -> str | None:
        """When the learner skipped the module at its content note (ISO time), or None."""
        row = self.db.execute("SELECT waived FROM waivers WHERE profile_id = ? AND module_id = ?",
                              (profile_id, module_id)).fetchone()
        return row[0] if row else None

    @change
    def note_read(self, profile_id: int, module_id: str) -> None:
        """The learner read the module's content note and chose to go on: kept, and any skip taken back."""
        with self.transaction() as db:
            db.execute("INSERT INTO notes_read (profile_id, module_id, read) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       (profile_id, module_id, self.clock()))
            db.execute("DELETE FROM waivers WHERE profile_id = ? AND module_id = ?", (profile_id, module_id))

    # -- confidence checks -------------------------------------------------------------------

    @change
    def record_confidence(self, profile_id: int, module_id: str, stage: str, value: int | None) -> None:
        """Keep a one-question confidence answer: 1-5, or None when the learner skipped it.

        'before' (asked before a module's first lesson) keeps the first answer, so the baseline
        is never taken after some learning; 'after' (asked after the quiz) keeps the latest.
        """
        if stage not in ("before", "after"):
            raise ValueError(f"stage must be 'before' or 'after', not {stage!r}")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5):
            raise ValueError(f"a confidence answer is 1 to 5 or None, not {value!r}")
        keep = ("DO NOTHING" if stage == "before"
                else "DO UPDATE SET value = excluded.value, answered = excluded.answered")
        with self.transaction() as db:
            db.execute(
                "INSERT INTO confidence (profile_id, module_id, stage, value, answered) VALUES (?, ?, ?, ?, ?) "
                f"ON CONFLICT (profile_id, module_id, stage) {keep}",
                (profile_id, module_id, stage, value, self.clock()),
            )

    def confidence(self, profile_id: int, module_id: str) -> dict[str, int | None]:
        """The stages answered (or skipped: None) for one module, e.g. {'before': 2}."""
        rows = self.db.execute("SELECT stage, value FROM confidence WHERE profile_id = ? AND module_id = ?",
                               (profile_id, module_id))
        return dict(rows.fetchall())

    # -- what the learning rules read --------------------------------------------------------

    def records(self, profile_id: int) -> dict[str, ModuleRecord]:
        """Every module's events for one learner, read in a few queries."""
        from ...learning.progress import ModuleRecord

        opened: dict[str, set[str]] = {}
        completed: dict[str, set[str]] = {}
        for module_id, lesson_id, done in self.db.execute(
            "SELECT module_id, lesson_id, completed FROM lessons WHERE profile_id = ?", (profile_id,)
        ):
            opened.setdefault(module_id, set()).add(lesson_id)
            if done:
                completed.setdefault(module_id, set()).add(lesson_id)
        best = self._best_attempts(profile_id)
        started = {m for (m,) in self.db.execute(
            "SELECT DISTINCT module_id FROM attempts WHERE profile_id = ?", (profile_id,))}
        skipped = {m for (m,) in self.db.execute("SELECT module_id FROM waivers WHERE profile_id = ?", (profile_id,))}
        noted = {m for (m,) in self.db.execute("SELECT module_id FROM notes_read WHERE profile_id = ?", (profile_id,))}
        played: dict[str, set[str]] = {}
        for module_id, scenario_id in self.db.execute(
            "SELECT DISTINCT module_id, scenario_id FROM scenario_runs WHERE profile_id = ?", (profile_id,)
        ):
            played.setdefault(module_id, set()).add(scenario_id)
        records = {}
        for module_id in set(opened) | set(best) | skipped | started | noted | set(played):
            b = best.get(module_id)
            records[module_id] = ModuleRecord(
                lessons_opened=frozenset(opened.get(module_id, ())),
                lessons_completed=frozenset(completed.get(module_id, ())),
                best_fraction=b[0] if b else None,
                best_score=b[1] if b else None,
                passed_on=b[2] if b else None,
                attempts=b[3] if b else (1 if module_id in started else 0),
                skipped=module_id in skipped,
                note_read=module_id in noted,
                scenarios_done=frozenset(played.get(module_id, ())),
            )
        return records

    def _best_attempts(self, profile_id: int) -> dict[str, tuple[float, str, str | None, int]]:
        """Per module: the best finished attempt's fraction and score, when it was first passed, how many."""
        best: dict[str, tuple[float, str, str | None, int]] = {}
        for module_id, right, total, passed, finished in self.db.execute(
            "SELECT module_id, right_count, total, passed, finished FROM attempts "
            "WHERE profile_id = ? AND finished IS NOT NULL ORDER BY id", (profile_id,)
        ):
            fraction = right / total if total else 0.0
            old = best.get(module_id)
            passed_on = old[2] if old and old[2] else (finished if passed else None)
            count = (old[3] if old else 0) + 1
            if old is None or fraction > old[0]:
                best[module_id] = (fraction, f"{right}/{total}", passed_on, count)
            else:
                best[module_id] = (old[0], old[1], passed_on, count)
        return best
