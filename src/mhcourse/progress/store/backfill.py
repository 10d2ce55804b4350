"""Schema version 7's step beyond its tables: cards for the answers learners gave before review existed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..moments import moment


def backfill(db: Any) -> None:
    """Cards for the answers learners gave before review existed, oldest answer first (schema version 7)."""
    from ..review import rate

    rows = db.execute(
        "SELECT a.profile_id, a.module_id, q.question_id, q.correct, q.answered FROM answers q "
        "JOIN attempts a ON a.id = q.attempt_id UNION ALL "
        "SELECT profile_id, module_id, question_id, correct, answered FROM checks").fetchall()
    timed = []
    for profile_id, module_id, question_id, correct, answered in rows:
        with_time = _time(answered)
        if with_time is not None:
            timed.append((with_time, profile_id, module_id, question_id, bool(correct)))
    cards: dict[tuple[int, str, str], tuple[str, str]] = {}
    for when, profile_id, module_id, question_id, correct in sorted(timed, key=lambda row: row[0]):
        key = (profile_id, module_id, question_id)
        previous = cards.get(key)
        cards[key] = rate(previous[0] if previous else None, module_id, question_id, correct, when)
    db.executemany("INSERT INTO review_cards (profile_id, module_id, question_id, card, due) VALUES (?, ?, ?, ?, ?)",
                   [(*key, card, due) for key, (card, due) in cards.items()])


def _time(stamp: str | None) -> datetime | None:
    try:
        return moment(stamp) if stamp else None
    except (TypeError, ValueError):
        return None
