"""Schema version 3: question_tally always holds what counting the answers of finished attempts gives.

The facilitator report reads the tally instead of joining every answer to its attempt; these
tests hold it to the join it replaces, after any mix of the changes the store and an import make,
and after upgrading a version 2 file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report import modules_for_test

from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.report import report_from
from mhcourse.progress.store import Store
from mhcourse.progress.store.schema import SCHEMA_VERSION, VERSION_1, VERSION_2
from mhcourse.progress.transfer import export_profile, import_profile

MODULES = ("anxiety", "stigma")
QUESTIONS = ("q1", "q2", "q3")
PLAN = QuizPlan(tuple(ShownQuestion(q, ()) for q in QUESTIONS))

COUNTED = (
    "SELECT a.module_id, q.question_id, COUNT(*), SUM(CASE WHEN q.correct = 0 THEN 1 ELSE 0 END) FROM attempts a "
    "JOIN answers q ON q.attempt_id = a.id WHERE a.finished IS NOT NULL GROUP BY a.module_id, q.question_id"
)


def counted(db: sqlite3.Connection) -> set[tuple]:
    return set(db.execute(COUNTED))


def tallied(db: sqlite3.Connection) -> set[tuple]:
    return set(db.execute("SELECT module_id, question_id, answered, wrong FROM question_tally WHERE answered > 0"))


step = st.one_of(
    st.tuples(st.just("learner"), st.integers(0, 2)),
    st.tuples(st.just("start"), st.integers(0, 2), st.sampled_from(MODULES)),
    st.tuples(st.just("answer"), st.integers(0, 9), st.sampled_from(QUESTIONS), st.booleans()),
    st.tuples(st.just("finish"), st.integers(0, 9)),
    st.tuples(st.just("delete learner"), st.integers(0, 2)),
    st.tuples(st.just("delete attempt"), st.integers(0, 9)),
    st.tuples(st.just("delete answer"), st.integers(0, 9), st.sampled_from(QUESTIONS)),
    st.tuples(st.just("copy learner"), st.integers(0, 2)),
)


def apply(store: Store, other: Store, action: tuple) -> None:
    """One change, as the course, `progress import` or any other writer of the record would make it."""
    kind, *args = action
    db = store.db
    attempts = [a for (a,) in db.execute("SELECT id FROM attempts ORDER BY id")]
    learners = store.profiles()

    def attempt(n: int) -> int | None:
        return attempts[n % len(attempts)] if attempts else None

    if kind == "learner":
        if store.profile(f"Learner {args[0]}") is None:
            store.create_profile(f"Learner {args[0]}")
    elif kind == "start" and learners:
        store.start_attempt(learners[args[0] % len(learners)].id, args[1], PLAN, 0.5)
    elif kind == "answer" and attempts:
        # an answer may arrive for a finished attempt (an import does that); the store keeps it
        store.record_answer(attempt(args[0]), args[1], "an answer", args[2])
    elif kind == "finish" and attempts:
        store.finish_attempt(attempt(args[0]), 1, 3, False)
    elif kind == "delete learner" and learners:
        store.delete_profile(learners[args[0] % len(learners)].id)
    elif kind == "delete attempt" and attempts:
        with store.transaction() as tx:
            tx.execute("DELETE FROM attempts WHERE id = ?", (attempt(args[0]),))
    elif kind == "delete answer" and attempts:
        with store.transaction() as tx:
            tx.execute("DELETE FROM answers WHERE attempt_id = ? AND question_id = ?", (attempt(args[0]), args[1]))
    elif kind == "copy learner" and learners:
        # the learner's record goes to the other machine and back, merged into what is there
        learner = learners[args[0] % len(learners)]
        there = other.profile(learner.name)
        import_profile(other, export_profile(store, learner.id), into=there.name if there else None)
        import_profile(store, export_profile(other, other.profile(learner.name).id), into=learner.name)


def prepare(store: Store) -> None:
    """Three learners with an attempt at each module, every question answered, the first module's finished."""
    for n in range(3):
        learner = store.create_profile(f"Learner {n}")
        for module_id in MODULES:
            attempt = store.start_attempt(learner.id, module_id, PLAN, 0.5)
            for i, question_id in enumerate(QUESTIONS):
                store.record_answer(attempt.id, question_id, "an answer", (n + i) % 2 == 0)
            if module_id == MODULES[0]:
                store.finish_attempt(attempt.id, 1, 3, False)


EXAMPLES = {"sqlite": 200, "postgresql": 60}
"""PostgreSQL's tally is its own (PL/pgSQL triggers, pg_schema.VERSION_3): held to the same join, with
fewer examples (each change is a round trip to the server)."""


def emptied(store: Store) -> Store:
    """The shared database as new, between two examples (a database of its own each would cost ~80 ms)."""
    with store.transaction() as db:
        for table in ("profiles", "pin_locks", "question_tally", "certificates"):
            db.execute(f"DELETE FROM {table}")  # the rest goes with its profile
    return store


def test_the_tally_always_matches_the_answers_of_finished_attempts(engine, make_store):
    @settings(max_examples=EXAMPLES[engine], deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(step, min_size=1, max_size=30))
    def holds(steps):
        if make_store.postgres:
            store, other = emptied(shared[0]), emptied(shared[1])
        else:
            store, other = Store.in_memory(), Store.in_memory()
        try:
            prepare(store)
            for action in steps:
                apply(store, other, action)
                assert tallied(store.db) == counted(store.db), action
            assert tallied(other.db) == counted(other.db)
        finally:
            if not make_store.postgres:
                store.close()
                other.close()

    shared = (make_store("data"), make_store("other")) if make_store.postgres else ()  # closed by make_store
    holds()


def version_2_file(folder: Path) -> Path:
    """A progress file as schema version 2 left it: finished and unfinished attempts with answers."""
    folder.mkdir(parents=True)
    path = folder / "progress.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(VERSION_1 + ";" + VERSION_2)
    db.execute("PRAGMA user_version = 2")
    t = "2025-03-01T10:00:00+00:00"
    for p in (1, 2, 3, 4):  # three finished attempts a module: the report shows no figure about fewer
        db.execute("INSERT INTO profiles (id, name, name_key, created, last_used) VALUES (?, ?, ?, ?, ?)",
                   (p, f"L{p}", f"l{p}", t, t))
        for module_id in ("anxiety", "stigma"):
            cursor = db.execute(
                "INSERT INTO attempts (uid, profile_id, module_id, started, finished, plan, pass_mark, right_count, "
                "total, passed) VALUES (?, ?, ?, ?, ?, '[]', 0.5, 1, 2, 0)",
                (f"u{p}{module_id}", p, module_id, t, None if p == 4 else t))
            for n, question_id in enumerate(("anx-q1", "anx-q2")):
                db.execute("INSERT INTO answers VALUES (?, ?, ?, '\"x\"', ?, '', ?)",
                           (cursor.lastrowid, question_id, n, int(n == p % 2), t))
    db.close()
    return path


def test_upgrading_a_version_2_file_counts_what_it_holds(tmp_path):
    folder = tmp_path / "data"
    path = version_2_file(folder)
    modules = modules_for_test()
    read_as_it_was = report_from(path, modules)  # a version 2 file is read without the tally
    store = Store.open(folder)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert tallied(store.db) == counted(store.db)
        assert ("anxiety", "anx-q1", 3, 2) in tallied(store.db)  # the unfinished attempts do not count
    finally:
        store.close()
    anxiety = next(m for m in read_as_it_was.modules if m.id == "anxiety")
    assert {(q.id, q.wrong, q.answered) for q in anxiety.wrong} == {("anx-q1", 2, 3), ("anx-q2", 1, 3)}
    assert report_from(path, modules).modules == read_as_it_was.modules
