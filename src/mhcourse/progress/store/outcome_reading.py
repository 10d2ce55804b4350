"""What the report's outcomes read (progress/outcomes.py): knowledge before and after, and the review answers
counted by day for retention. Only counts and averages leave here; which figures are shown, and what counts as
a pass, are decided in progress/outcomes.py.

Read-only, inside `Store.reading()`; a file of an older schema (no pre-tests, no reviews) reads as empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from .core import StoreCore
from .reading import since_text


class OutcomeReading(StoreCore):
    """The report's outcome queries over every profile."""

    def _day(self, column: str) -> str:
        """An ISO time column as its UTC date (text on SQLite, a date on PostgreSQL)."""
        if self.sql.name == "postgresql":
            return f"CAST(CAST({column} AS timestamptz) AT TIME ZONE 'UTC' AS date)"
        return f"date({column})"

    def knowledge_means(self, since: datetime | None) -> Iterator[tuple[str, float, float, int]]:
        """Per module: the average pre-test fraction, the average fraction of the first finished quiz attempt, and
        how many learners have both. With `since`, both must have been done on or after it."""
        if not self.has_table("pretests"):
            return
        fresh = "" if since is None else (f"AND {self.sql.at('p.answered')} >= :since "
                                          f"AND {self.sql.at('a.finished')} >= :since")
        # The first finished attempt looked up per pre-test (by attempts_by_profile): a window function over
        # every attempt took seven times as long on SQLite.
        yield from self.db.execute(
            "SELECT p.module_id, AVG(CAST(p.right_count AS DOUBLE PRECISION) / p.total), "
            "AVG(CAST(a.right_count AS DOUBLE PRECISION) / a.total), COUNT(*) FROM pretests p "
            "JOIN attempts a ON a.id = (SELECT b.id FROM attempts b WHERE b.profile_id = p.profile_id "
            "AND b.module_id = p.module_id AND b.finished IS NOT NULL AND b.total > 0 AND b.right_count IS NOT NULL "
            "ORDER BY b.finished, b.id LIMIT 1) "
            f"WHERE p.total > 0 AND p.right_count IS NOT NULL {fresh} GROUP BY p.module_id",
            {"since": since_text(since)})

    def review_days(self, since: datetime | None) -> Iterator[tuple[int, str, str, int, int]]:
        """Review answers per learner, module and UTC day: (profile id, module id, day YYYY-MM-DD, answers,
        right). With `since`, the answers given on or after it."""
        if not self.has_table("reviews"):
            return
        fresh = "" if since is None else f"WHERE {self.sql.at('answered')} >= :since"
        day = self._day("answered")
        for profile_id, module_id, on, answers, right in self.db.execute(
            f"SELECT profile_id, module_id, {day}, COUNT(*), SUM(correct) FROM reviews {fresh} "
            f"GROUP BY profile_id, module_id, {day}", {"since": since_text(since)}
        ):
            yield profile_id, module_id, str(on)[:10], int(answers), int(right or 0)

    def finished_by_day(self) -> Iterator[tuple[int, str, str, int, int]]:
        """Finished quiz attempts of the learners and modules with review answers, per UTC day and score:
        (profile id, module id, day YYYY-MM-DD, right, total). Whether a score passes is the caller's rule."""
        if not self.has_table("reviews"):
            return
        day = self._day("a.finished")
        for profile_id, module_id, on, right, total in self.db.execute(
            f"SELECT a.profile_id, a.module_id, {day}, a.right_count, a.total "
            "FROM (SELECT DISTINCT profile_id, module_id FROM reviews) r JOIN attempts a "
            "ON a.profile_id = r.profile_id AND a.module_id = r.module_id "
            "WHERE a.finished IS NOT NULL AND a.total > 0 AND a.right_count IS NOT NULL "
            f"GROUP BY a.profile_id, a.module_id, {day}, a.right_count, a.total"
        ):
            yield profile_id, module_id, str(on)[:10], int(right), int(total)
