"""What the facilitator report reads: every learner's record at once, counted where SQLite counts faster.

Read-only: the report opens the store with Store.open_read_only, so a file of an older schema is read
as it is (a table it lacks reads as empty). Call these inside `Store.reading()`, so the counts agree.
With `since`, each query keeps the activity on or after that time; the rules (what counts as passed,
which figures are too few to show) are the report's, never here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from datetime import UTC, datetime

from .core import StoreCore

Lessons = frozenset[str]


def since_text(since: datetime | None) -> str | None:
    """The cut-off as SQLite's datetime() writes UTC times, to compare with a column as Dialect.at reads it."""
    if since is None:
        return None
    if since.tzinfo is None:
        since = since.astimezone()  # a naive time is this computer's local time
    return since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def lesson_sets() -> Callable[[str | None], Lessons]:
    """Lesson ids joined with the unit separator, as a set: most learners have the same few sets of lessons,
    so each set is built once."""
    sets: dict[str, Lessons] = {}

    def lesson_set(joined: str | None) -> Lessons:
        if not joined:
            return frozenset()
        found = sets.get(joined)
        if found is None:
            found = sets[joined] = frozenset(joined.split("\x1f"))
        return found

    return lesson_set


class Reading(StoreCore):
    """The report's queries over every profile."""

    def _recent(self, since: datetime | None, *columns: str) -> str:
        """1 for a row with any of `columns` on or after :since (every row when there is no window), else 0."""
        if since is None:
            return "1"
        return f"CASE WHEN {' OR '.join(f'{self.sql.at(c)} >= :since' for c in columns)} THEN 1 ELSE 0 END"

    def for_the_report(self) -> None:
        """Inside `reading()`: settings for the report's few large aggregates, for this transaction only.

        On PostgreSQL, memory enough to group every learner's lessons without spilling to temporary files
        (the default work_mem, 4 MB, does not hold 10,000 learners' records), and no JIT compilation (it
        cost about 0.25 s a report here, more than it saved). Nothing to do on SQLite.
        """
        if self.sql.name == "postgresql" and self.db.in_transaction:
            self.db.execute("SET LOCAL work_mem = '64MB'")
            self.db.execute("SET LOCAL jit = off")

    def lessons_by_learner(self, modules: Container[str], since: datetime | None
                           ) -> Iterator[tuple[int, str, Lessons, Lessons, bool]]:
        """Per learner and module: the lessons opened, those completed, and whether any was in the window."""
        recent = self._recent(since, "opened", "completed")
        lesson_set = lesson_sets()

        # One row per learner and module (lesson ids are slugs, so the unit separator cannot occur in them).
        for profile_id, module_id, seen, done, fresh in self.db.execute(
            f"SELECT profile_id, module_id, {self.sql.join('lesson_id')}, "
            f"{self.sql.join('CASE WHEN completed IS NOT NULL THEN lesson_id END')}, "
            f"MAX({recent}) FROM lessons GROUP BY profile_id, module_id", {"since": since_text(since)}
        ):
            if module_id in modules:
                yield profile_id, module_id, lesson_set(seen), lesson_set(done), bool(fresh)

    def best_by_learner(self, since: datetime | None) -> Iterator[tuple[int, str, float | None, bool]]:
        """Per learner and module with an attempt: the best finished attempt's fraction (None when none is
        finished), and whether an attempt was started or finished in the window."""
        recent = self._recent(since, "started", "finished")
        for profile_id, module_id, fraction, fresh in self.db.execute(
            "SELECT profile_id, module_id, MAX(CASE WHEN finished IS NULL THEN NULL WHEN total > 0 "
            f"THEN CAST(right_count AS DOUBLE PRECISION) / total ELSE 0.0 END), MAX({recent}) "
            "FROM attempts GROUP BY profile_id, module_id", {"since": since_text(since)}
        ):
            yield profile_id, module_id, fraction, bool(fresh)

    def record_shapes(self, modules: Container[str]
                      ) -> Iterator[tuple[str, Lessons, Lessons, float | None, bool, bool, int]]:
        """Every learner's record at once, counted by shape: per module, each distinct (lessons opened, lessons
        completed, best finished attempt's fraction, any attempt, skipped) and how many learners have it.

        Over all time only (a window needs each learner's activity: lessons_by_learner and the rest). SQL only
        groups and counts here; what a shape means (completed, passed) is judged by the report, once a shape.
        """
        lesson_set = lesson_sets()

        for module_id, seen, done, fraction, attempted, skipped, learners in self._shapes():
            if module_id in modules:
                yield (module_id, lesson_set(seen), lesson_set(done), fraction, bool(attempted), bool(skipped),
                       int(learners))

    def _shapes(self) -> Iterable[tuple[str, str | None, str | None, float | None, int, int, int]]:
        """The rows of record_shapes: (module, lessons opened, completed, best, attempted, skipped, learners).

        The learners with a lesson, with their best attempt and skip; then those with none (only an attempt or
        a skip). The store keeps each learner's lessons of a module as one row (schema.VERSION_8); a file of an
        older schema, read as it is, groups the lessons themselves.
        """
        fraction = ("CASE WHEN finished IS NULL THEN NULL WHEN total > 0 "
                    "THEN CAST(right_count AS DOUBLE PRECISION) / total ELSE 0.0 END")
        kept = self.has_table("lesson_sets")
        with_lessons = "lesson_sets" if kept else "lessons"
        without_lessons = (
            "SELECT module_id, NULL, NULL, best, attempted, skipped, COUNT(*) FROM ("
            "SELECT profile_id, module_id, MAX(fraction) AS best, MAX(attempt) AS attempted, MAX(skip) AS skipped "
            "FROM ("
            f"SELECT profile_id, module_id, {fraction} AS fraction, 1 AS attempt, 0 AS skip FROM attempts "
            "UNION ALL SELECT profile_id, module_id, NULL, 0, 1 FROM waivers) x "
            f"WHERE NOT EXISTS (SELECT 1 FROM {with_lessons} s "
            "WHERE s.profile_id = x.profile_id AND s.module_id = x.module_id) "
            "GROUP BY profile_id, module_id) y GROUP BY module_id, best, attempted, skipped")
        if kept and self.sql.name == "sqlite":
            # SQLite would sort 126,000 rows by their text to group them (0.2 - 0.4 s of the report at 10,000
            # learners); each learner's row, its attempts and skip looked up through their keys, then counted
            # in a dict, takes half that. The shapes are the same; only where they are counted differs. One
            # look-up of the attempts answers both questions: -1 when none is finished, NULL when there is none.
            unfinished = ("CASE WHEN finished IS NULL THEN -1.0 WHEN total > 0 "
                          "THEN CAST(right_count AS DOUBLE PRECISION) / total ELSE 0.0 END")
            shapes = Counter(self.db.execute(
                "SELECT l.module_id, l.seen, l.done, "
                f"(SELECT MAX({unfinished}) FROM attempts a WHERE a.profile_id = l.profile_id "
                "AND a.module_id = l.module_id), "
                "EXISTS (SELECT 1 FROM waivers w WHERE w.profile_id = l.profile_id AND w.module_id = l.module_id) "
                "FROM lesson_sets l"))
            return [(module_id, seen, done, None if best is None or best < 0 else best, int(best is not None),
                     skipped, learners) for (module_id, seen, done, best, skipped), learners in shapes.items()
                    ] + self.db.execute(without_lessons).fetchall()
        sets_of_lessons = "SELECT profile_id, module_id, seen, done FROM lesson_sets" if kept else (
            f"SELECT profile_id, module_id, {self.sql.join('lesson_id')} AS seen, "
            f"{self.sql.join('CASE WHEN completed IS NOT NULL THEN lesson_id END')} AS done "
            "FROM lessons GROUP BY profile_id, module_id")
        # PostgreSQL groups them by hashing, faster than handing 126,000 rows over to be counted here.
        return self.db.execute(
            f"WITH l AS ({sets_of_lessons}), "
            f"a AS (SELECT profile_id, module_id, MAX({fraction}) AS best FROM attempts "
            "GROUP BY profile_id, module_id) "
            "SELECT l.module_id, l.seen, l.done, a.best, CASE WHEN a.module_id IS NULL THEN 0 ELSE 1 END, "
            "CASE WHEN w.module_id IS NULL THEN 0 ELSE 1 END, COUNT(*) FROM l "
            "LEFT JOIN a ON a.profile_id = l.profile_id AND a.module_id = l.module_id "
            "LEFT JOIN waivers w ON w.profile_id = l.profile_id AND w.module_id = l.module_id "
            "GROUP BY l.module_id, l.seen, l.done, a.best, CASE WHEN a.module_id IS NULL THEN 0 ELSE 1 END, "
            "CASE WHEN w.module_id IS NULL THEN 0 ELSE 1 END "
            f"UNION ALL {without_lessons}")

    def skipped_by_learner(self, since: datetime | None) -> Iterator[tuple[int, str, bool]]:
        """Every module a learner skipped at its content note, and whether the skip was in the window."""
        recent = self._recent(since, "waived")
        for profile_id, module_id, fresh in self.db.execute(f"SELECT profile_id, module_id, {recent} FROM waivers",
                                                            {"since": since_text(since)}):
            yield profile_id, module_id, bool(fresh)

    def confidence_answered(self, since: datetime) -> Iterator[tuple[int, str]]:
        """Learners and modules with a confidence answer (or a skipped one) in the window."""
        if not self.has_table("confidence"):
            return
        yield from self.db.execute(
            f"SELECT profile_id, module_id FROM confidence WHERE {self.sql.at('answered')} >= :since",
            {"since": since_text(since)})

    def confidence_summary(self, since: datetime | None
                           ) -> Iterator[tuple[str, float | None, int, float | None, int, float | None, int]]:
        """Per module: the average 'before' answer and how many gave one, the same 'after', and the average change
        (after - before) over learners who answered both and how many did; only averages ever leave here.

        Over all time the store keeps the sums and counts (confidence_tally, schema.VERSION_8); a window of
        time, or a file of an older schema read as it is, makes one pass over the answers, a learner's two in
        one row (only answers in the window count).
        """
        if not self.has_table("confidence"):
            return
        if since is None and self.has_table("confidence_tally"):
            for module_id, before_sum, befores, after_sum, afters, change_sum, pairs in self.db.execute(
                    "SELECT module_id, before_sum, before_n, after_sum, after_n, change_sum, change_n "
                    "FROM confidence_tally"):
                yield (module_id, before_sum / befores if befores else None, befores,
                       after_sum / afters if afters else None, afters, change_sum / pairs if pairs else None, pairs)
            return
        fresh = "" if since is None else f"AND {self.sql.at('answered')} >= :since"

        def value(stage: str) -> str:
            return f"MAX(CASE WHEN stage = '{stage}' {fresh} THEN value END)"

        yield from self.db.execute(
            "SELECT module_id, AVG(CAST(b AS DOUBLE PRECISION)), COUNT(b), AVG(CAST(a AS DOUBLE PRECISION)), "
            "COUNT(a), AVG(CAST(a - b AS DOUBLE PRECISION)), COUNT(a - b) FROM ("
            f"SELECT profile_id, module_id, {value('before')} AS b, {value('after')} AS a FROM confidence "
            "GROUP BY profile_id, module_id) pairs GROUP BY module_id", {"since": since_text(since)}
        )

    def question_tally(self, since: datetime | None) -> Iterator[tuple[str, str, int, int]]:
        """Answers and wrong answers in finished attempts, per module and question.

        Over all time the store keeps the counts (schema.VERSION_3); a window of time, or a file of
        an older schema read as it is, counts the answers themselves.
        """
        if since is None and self.has_table("question_tally"):
            yield from self.db.execute("SELECT module_id, question_id, answered, wrong FROM question_tally")
            return
        finished_recent = "" if since is None else f"AND {self.sql.at('a.finished')} >= :since"
        yield from self.db.execute(
            "SELECT a.module_id, q.question_id, COUNT(*), SUM(CASE WHEN q.correct = 0 THEN 1 ELSE 0 END) "
            f"FROM attempts a JOIN answers q ON q.attempt_id = a.id WHERE a.finished IS NOT NULL {finished_recent} "
            "GROUP BY a.module_id, q.question_id", {"since": since_text(since)}
        )

    def learners_finishing(self, since: datetime | None) -> Iterator[tuple[str, int]]:
        """Per module: the learners with a finished attempt (in the window)."""
        finished = "" if since is None else f"AND {self.sql.at('finished')} >= :since"
        yield from self.db.execute("SELECT module_id, COUNT(DISTINCT profile_id) FROM attempts "
                                   f"WHERE finished IS NOT NULL {finished} GROUP BY module_id",
                                   {"since": since_text(since)})

    def profile_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM profiles").fetchone()[0])

    def profiles_used_since(self, since: datetime) -> set[int]:
        """The profiles last used on or after `since`."""
        rows = self.db.execute(f"SELECT id FROM profiles WHERE {self.sql.at('last_used')} >= :since",
                               {"since": since_text(since)})
        return {profile_id for (profile_id,) in rows}

    def names_and_last_used(self) -> list[tuple[int, str, str]]:
        """Every profile's id, name and last use, by name: only for a report asked to name learners."""
        return self.db.execute("SELECT id, name, last_used FROM profiles ORDER BY name_key").fetchall()
