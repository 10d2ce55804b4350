"""Review cards (schema version 7): each learner's FSRS card per question answered, the answers given in review
sessions, and the optional pre-test's score. The schedule itself is progress/review.py's."""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..faults import change
from .core import StoreCore, parse_time


def rate_card(db: Any, profile_id: int, module_id: str, question_id: str, correct: bool, answered: str) -> None:
    """Move the learner's card for this question by one answer, inside the caller's transaction."""
    from ..review import rate

    when = parse_time(answered)
    if when is None:
        return
    row = db.execute("SELECT card FROM review_cards WHERE profile_id = ? AND module_id = ? AND question_id = ?",
                     (profile_id, module_id, question_id)).fetchone()
    card, due = rate(row[0] if row else None, module_id, question_id, correct, when)
    db.execute("INSERT INTO review_cards (profile_id, module_id, question_id, card, due) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (profile_id, module_id, question_id) DO UPDATE SET card = excluded.card, "
               "due = excluded.due", (profile_id, module_id, question_id, card, due))


class Cards(StoreCore):
    """Review cards, review answers and pre-tests."""

    def due_cards(self, profile_id: int) -> list[tuple[str, str, str]]:
        """Every card of the learner as (module id, question id, due), soonest due first."""
        rows = self.db.execute("SELECT module_id, question_id, due FROM review_cards WHERE profile_id = ? "
                               "ORDER BY due, module_id, question_id", (profile_id,))
        return [(m, q, d) for m, q, d in rows]

    @change
    def record_review(self, profile_id: int, module_id: str, question_id: str, answer: Any, correct: bool) -> None:
        """Keep an answer given in review and move the question's card, in one transaction."""
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO reviews (uid, profile_id, module_id, question_id, given, correct, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, profile_id, module_id, question_id, json.dumps(answer), int(correct), now))
            rate_card(db, profile_id, module_id, question_id, correct, now)

    def review_answers(self, profile_id: int | None = None) -> list[tuple[int, str, str, bool, str]]:
        """Answers given in review: (profile id, module id, question id, right, when), oldest first."""
        if not self.has_table("reviews"):
            return []
        where, args = ("WHERE profile_id = ?", (profile_id,)) if profile_id is not None else ("", ())
        rows = self.db.execute(f"SELECT profile_id, module_id, question_id, correct, answered FROM reviews {where} "
                               "ORDER BY id", args)
        return [(p, m, q, bool(c), a) for p, m, q, c, a in rows]

    # -- the pre-test --------------------------------------------------------------------------

    @change
    def record_pretest(self, profile_id: int, module_id: str, right: int | None, total: int) -> None:
        """Keep a pre-test's score (right is None and total 0 when skipped); the first one is kept."""
        with self.transaction() as db:
            db.execute("INSERT INTO pretests (profile_id, module_id, right_count, total, answered) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_id, module_id) DO NOTHING",
                       (profile_id, module_id, right, total, self.clock()))

    def pretest(self, profile_id: int, module_id: str) -> tuple[int | None, int] | None:
        """(right, total) of the module's pre-test, (None, 0) when skipped, None when not offered yet."""
        row = self.db.execute("SELECT right_count, total FROM pretests WHERE profile_id = ? AND module_id = ?",
                              (profile_id, module_id)).fetchone()
        return None if row is None else (row[0], int(row[1]))


