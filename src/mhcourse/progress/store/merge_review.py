"""Merging the review part of an arriving record (schema version 7), inside merge.py's transaction.

Review answers are added once, by uid; a pre-test keeps the first one taken. A card is rebuilt, not picked:
when the merge brought any answer for its question (a quiz answer, a knowledge check or a review answer),
the card is replayed from all of the profile's answers to that question in time order (progress/review.py
replay()). That is the card one machine would have made had every answer been given on it; neither side's
answers are lost, as they would be by keeping the card with the later last review. Merging the same record
twice brings no answer the second time, and the other way round replays the same answers. A question the
merge brought nothing for keeps the card it has here. A card arriving for a question that has none here is
taken as it is: every answer to that question came with it, so a new profile (an import, `store copy`)
keeps its cards exactly as they were. A file from before review has no cards: they are replayed.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from ..moments import moment
from .uids import add_once

if TYPE_CHECKING:
    from . import rows
    from .merge import Merged

Question = tuple[str, str]
"""(module id, question id)"""


def merge_reviews(db: sqlite3.Connection, profile_id: int, key: str, record: rows.ProfileRecord,
                  merged: Merged, touched: set[Question]) -> None:
    """Add the record's review answers (once, by uid), pre-tests (the first kept) and settle the cards."""
    for x in record.reviews:
        if add_once(db, "reviews", x.uid, profile_id, key, "module_id, question_id, given, correct, answered",
                     (x.module, x.question, x.given, int(x.correct), x.answered)):
            merged.reviews += 1
            touched.add((x.module, x.question))
    for pretest in record.pretests:
        merged.pretests += _merge_pretest(db, profile_id, pretest)
    _settle_cards(db, profile_id, record.cards, merged, touched)


def _merge_pretest(db: sqlite3.Connection, profile_id: int, pretest: rows.PretestRow) -> int:
    """The first pre-test taken is the one kept (a tie in time: the higher score, the same either way)."""
    row = db.execute("SELECT right_count, total, answered FROM pretests WHERE profile_id = ? AND module_id = ?",
                     (profile_id, pretest.module)).fetchone()
    if row is not None and _first(row[2], row[0], row[1]) <= _first(pretest.answered, pretest.right, pretest.total):
        return 0
    db.execute("INSERT INTO pretests (profile_id, module_id, right_count, total, answered) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (profile_id, module_id) DO UPDATE SET right_count = excluded.right_count, "
               "total = excluded.total, answered = excluded.answered",
               (profile_id, pretest.module, pretest.right, pretest.total, pretest.answered))
    return 1


def _first(answered: str, right: int | None, total: int) -> tuple[object, ...]:
    return (moment(answered), right is None, -(right or 0), -total)


def _settle_cards(db: sqlite3.Connection, profile_id: int, arriving: tuple[rows.CardRow, ...], merged: Merged,
                  touched: set[Question]) -> None:
    from ..review import replay

    here = {(m, q): (card, due) for m, q, card, due in db.execute(
        "SELECT module_id, question_id, card, due FROM review_cards WHERE profile_id = ?", (profile_id,))}
    settled: dict[Question, tuple[str, str] | None] = {}
    for card in arriving:
        if (card.module, card.question) not in here:
            settled[(card.module, card.question)] = (card.card, card.due)  # all its answers came with it
    for module_id, question_id in sorted(touched):
        if (module_id, question_id) not in settled:
            settled[(module_id, question_id)] = replay(module_id, question_id,
                                                       _answers(db, profile_id, module_id, question_id))
    for (module_id, question_id), new in settled.items():
        if new is None or here.get((module_id, question_id)) == new:
            continue
        db.execute("INSERT INTO review_cards (profile_id, module_id, question_id, card, due) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (profile_id, module_id, question_id) DO UPDATE SET card = excluded.card, "
                   "due = excluded.due", (profile_id, module_id, question_id, *new))
        merged.cards += 1


def _answers(db: sqlite3.Connection, profile_id: int, module_id: str, question_id: str) -> list[tuple[datetime, bool]]:
    """Every answer the profile has to the question (quiz, knowledge check, review), as (when, right)."""
    found = db.execute(
        "SELECT q.answered, q.correct FROM answers q JOIN attempts a ON a.id = q.attempt_id "
        "WHERE a.profile_id = ? AND a.module_id = ? AND q.question_id = ? UNION ALL "
        "SELECT answered, correct FROM checks WHERE profile_id = ? AND module_id = ? AND question_id = ? UNION ALL "
        "SELECT answered, correct FROM reviews WHERE profile_id = ? AND module_id = ? AND question_id = ?",
        (profile_id, module_id, question_id) * 3).fetchall()
    timed = []
    for answered, correct in found:
        try:
            timed.append((moment(answered), bool(correct)))
        except (TypeError, ValueError):
            continue  # an answer without a readable time moves no card, as when it was given
    return timed
