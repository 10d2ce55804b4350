"""Answers: quiz attempts (their order, answers and score), knowledge checks and scenario runs.

An attempt keeps its plan (the order shown) so it resumes as it was; `passed` is written when the
attempt is finished, as the pass rule (learning/quiz.py) decided it, and never decided again here.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from ..faults import change
from .cards import rate_card
from .core import StoreCore, inserted_id, loads
from .record import save_place

if TYPE_CHECKING:
    from ...content.models import Module
    from ...learning.quiz import Attempt, QuizPlan

# The learning rules are imported where an attempt is made or read: every start opens the store before
# its first screen (Who is learning?), which needs none of them.


class Attempts(StoreCore):
    """Quiz attempts, knowledge checks and scenario runs."""

    @change
    def start_attempt(self, profile_id: int, module_id: str, plan: QuizPlan, pass_mark: float,
                      language: str = "en") -> Attempt:
        from ...learning.progress import Place
        from ...learning.quiz import Attempt

        now = self.clock()
        with self.transaction() as db:
            attempt_id = inserted_id(db.execute(
                "INSERT INTO attempts (uid, profile_id, module_id, started, plan, pass_mark, language) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (uuid.uuid4().hex, profile_id, module_id, now, json.dumps(plan.to_list()), pass_mark, language),
            ))
            save_place(db, profile_id, Place(module_id, "quiz"), now)
        return Attempt(attempt_id, module_id, plan, language=language)

    @change
    def record_answer(self, attempt_id: int, question_id: str, answer: Any, correct: bool, shown: str = "") -> None:
        """Keep one answer; answering the same question of the same attempt again replaces it.

        `shown` is the prompt as the learner saw it; `answer` holds the texts they chose.
        """
        now = self.clock()
        with self.transaction() as db:
            position = db.execute("SELECT COUNT(*) FROM answers WHERE attempt_id = ?", (attempt_id,)).fetchone()[0]
            db.execute(
                "INSERT INTO answers (attempt_id, question_id, position, given, correct, shown, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, question_id) DO UPDATE SET "
                "given = excluded.given, correct = excluded.correct, shown = excluded.shown, "
                "answered = excluded.answered",
                (attempt_id, question_id, position, json.dumps(answer), int(correct), shown, now),
            )
            owner = db.execute("SELECT profile_id, module_id FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            if owner is not None:
                rate_card(db, owner[0], owner[1], question_id, correct, now)

    @change
    def finish_attempt(self, attempt_id: int, right: int, total: int, passed: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET finished = ?, right_count = ?, total = ?, passed = ? "
                "WHERE id = ? AND finished IS NULL",
                (self.clock(), right, total, int(passed), attempt_id),
            )

    def unfinished_attempt(self, profile_id: int, module_id: str) -> Attempt | None:
        """The newest attempt not yet finished, with its order and answers, so it resumes as it was."""
        row = self.db.execute(
            "SELECT id, plan, language FROM attempts WHERE profile_id = ? AND module_id = ? AND finished IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (profile_id, module_id),
        ).fetchone()
        if row is None:
            return None
        from ...learning.quiz import Attempt, QuizPlan

        plan = QuizPlan.from_list(loads(row[1], []))
        return Attempt(row[0], module_id, plan, self.attempt_answers(row[0]), language=row[2])

    def last_finished_attempt(self, profile_id: int, module_id: str) -> Attempt | None:
        """The newest finished attempt, with its order and answers (for its results page, shown again)."""
        row = self.db.execute(
            "SELECT id, plan, right_count, total, passed FROM attempts WHERE profile_id = ? AND module_id = ? "
            "AND finished IS NOT NULL ORDER BY id DESC LIMIT 1",
            (profile_id, module_id),
        ).fetchone()
        if row is None:
            return None
        from ...learning.quiz import Attempt, QuizPlan

        plan = QuizPlan.from_list(loads(row[1], []))
        fraction = row[2] / row[3] if row[2] is not None and row[3] else None
        return Attempt(row[0], module_id, plan, self.attempt_answers(row[0]), finished=True, score=fraction,
                       passed=None if row[4] is None else bool(row[4]))

    def attempt_answers(self, attempt_id: int) -> dict[str, Any]:
        rows = self.db.execute("SELECT question_id, given FROM answers WHERE attempt_id = ? ORDER BY position",
                               (attempt_id,))
        return {q: loads(g, None) for q, g in rows}

    def attempts(self, profile_id: int, module_id: str) -> list[dict[str, Any]]:
        """Finished attempts, oldest first: started, finished, right, total, passed."""
        rows = self.db.execute(
            "SELECT id, started, finished, right_count, total, passed FROM attempts "
            "WHERE profile_id = ? AND module_id = ? AND finished IS NOT NULL ORDER BY id",
            (profile_id, module_id),
        )
        keys = ("id", "started", "finished", "right", "total", "passed")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def achieved_on(self, profile_id: int, module: Module) -> str | None:
        """When the module was passed as the rules judge it now: the first finished attempt at its
        current pass mark or, for a module without a quiz, the last of its lessons completed."""
        if module.quiz is None:
            ids = [lesson.id for lesson in module.lessons]
            row = self.db.execute(
                f"SELECT MAX(completed) FROM lessons WHERE profile_id = ? AND module_id = ? "
                f"AND lesson_id IN ({', '.join('?' * len(ids))})",
                (profile_id, module.id, *ids),
            ).fetchone()
            return row[0] if row else None
        from ...learning.quiz import passed

        rows = self.db.execute(
            "SELECT finished, right_count, total FROM attempts WHERE profile_id = ? AND module_id = ? "
            "AND finished IS NOT NULL ORDER BY id", (profile_id, module.id),
        )
        pass_mark = module.quiz.pass_mark
        return next((finished for finished, right, total in rows
                     if right is not None and total is not None and passed(right, total, pass_mark)), None)

    # -- knowledge checks and scenarios ------------------------------------------------------

    @change
    def record_check(self, profile_id: int, module_id: str, lesson_id: str, question_id: str, answer: Any,
                     correct: bool) -> None:
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO checks (uid, profile_id, module_id, lesson_id, question_id, given, correct, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, profile_id, module_id, lesson_id, question_id, json.dumps(answer), int(correct),
                 now),
            )
            rate_card(db, profile_id, module_id, question_id, correct, now)

    @change
    def record_scenario_run(self, profile_id: int, module_id: str, scenario_id: str, path: list[dict[str, Any]],
                            ending: str | None, started: str | None = None) -> None:
        """Keep a finished run of a scenario: the path taken and the ending reached."""
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO scenario_runs (uid, profile_id, module_id, scenario_id, started, finished, path, ending) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, profile_id, module_id, scenario_id, started or now, now, json.dumps(path), ending),
            )

    def scenario_runs(self, profile_id: int, module_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT scenario_id, finished, path, ending FROM scenario_runs WHERE profile_id = ? AND module_id = ? "
            "ORDER BY id",
            (profile_id, module_id),
        )
        return [{"scenario": s, "finished": f, "path": loads(p, []), "ending": e} for s, f, p, e in rows]
