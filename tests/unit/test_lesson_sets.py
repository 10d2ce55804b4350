"""Schema version 8: lesson_sets always holds what grouping the lessons per learner and module gives.

The facilitator report reads each learner's lessons of a module as one row of lesson_sets instead of
grouping every lesson row; these tests hold the table to the grouping it replaces after any mix of the
changes the course, `progress import` and `store copy` make (and raw ones no writer makes today), on both
engines, and after upgrading a version 7 file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mhcourse.progress.store import Store
from mhcourse.progress.store.schema import MIGRATIONS, SCHEMA_VERSION
from mhcourse.progress.store_copy import copy_store, plan_copy
from mhcourse.progress.transfer import export_profile, import_profile

MODULES = ("anxiety", "stigma")
LESSONS = ("intro", "b-signs", "c-help", "a-talk")


def grouped(store: Store) -> set[tuple]:
    """Each learner's lessons per module, from the lessons themselves: (learner, module, opened, completed)."""
    found: dict[tuple[int, str], tuple[set[str], set[str]]] = {}
    for profile_id, module_id, lesson_id, completed in store.db.execute(
            "SELECT profile_id, module_id, lesson_id, completed FROM lessons"):
        seen, done = found.setdefault((profile_id, module_id), (set(), set()))
        seen.add(lesson_id)
        if completed is not None:
            done.add(lesson_id)
    return {(p, m, "\x1f".join(sorted(seen)), "\x1f".join(sorted(done))) for (p, m), (seen, done) in found.items()}


def kept(store: Store) -> set[tuple]:
    return set(store.db.execute("SELECT profile_id, module_id, seen, done FROM lesson_sets"))


step = st.one_of(
    st.tuples(st.just("learner"), st.integers(0, 2)),
    st.tuples(st.just("open"), st.integers(0, 2), st.sampled_from(MODULES), st.sampled_from(LESSONS)),
    st.tuples(st.just("complete"), st.integers(0, 2), st.sampled_from(MODULES), st.sampled_from(LESSONS)),
    st.tuples(st.just("read on"), st.integers(0, 2), st.sampled_from(MODULES), st.sampled_from(LESSONS)),
    st.tuples(st.just("uncomplete"), st.integers(0, 2), st.sampled_from(MODULES), st.sampled_from(LESSONS)),
    st.tuples(st.just("delete lesson"), st.integers(0, 2), st.sampled_from(MODULES), st.sampled_from(LESSONS)),
    st.tuples(st.just("delete module"), st.integers(0, 2), st.sampled_from(MODULES)),
    st.tuples(st.just("delete learner"), st.integers(0, 2)),
    st.tuples(st.just("copy learner"), st.integers(0, 2)),
)


def apply(store: Store, other: Store, action: tuple) -> None:
    """One change, as the course, `progress import` or any other writer of the record would make it."""
    kind, *args = action
    learners = store.profiles()
    if kind == "learner":
        if store.profile(f"Learner {args[0]}") is None:
            store.create_profile(f"Learner {args[0]}")
        return
    if not learners:
        return
    learner = learners[args[0] % len(learners)].id
    if kind == "open":
        store.lesson_opened(learner, args[1], args[2])
    elif kind == "complete":
        store.lesson_completed(learner, args[1], args[2])
    elif kind == "read on":
        store.keep_reading_position(learner, args[1], args[2], 3)
    elif kind == "uncomplete":  # no writer does this today; the table follows anyway
        with store.transaction() as tx:
            tx.execute("UPDATE lessons SET completed = NULL WHERE profile_id = ? AND module_id = ? AND lesson_id = ?",
                       (learner, args[1], args[2]))
    elif kind == "delete lesson":
        with store.transaction() as tx:
            tx.execute("DELETE FROM lessons WHERE profile_id = ? AND module_id = ? AND lesson_id = ?",
                       (learner, args[1], args[2]))
    elif kind == "delete module":
        with store.transaction() as tx:
            tx.execute("DELETE FROM lessons WHERE profile_id = ? AND module_id = ?", (learner, args[1]))
    elif kind == "delete learner":
        store.delete_profile(learner)
    elif kind == "copy learner":
        # the learner's record goes to the other machine and back, merged into what is there
        name = learners[args[0] % len(learners)].name
        there = other.profile(name)
        import_profile(other, export_profile(store, learner), into=there.name if there else None)
        import_profile(store, export_profile(other, other.profile(name).id), into=name)


def prepare(store: Store) -> None:
    """Two learners part way through both modules."""
    for n in range(2):
        learner = store.create_profile(f"Learner {n}")
        for module_id in MODULES:
            for lesson_id in LESSONS[: 2 + n]:
                store.lesson_opened(learner.id, module_id, lesson_id)
            store.lesson_completed(learner.id, module_id, LESSONS[n])


EXAMPLES = {"sqlite": 200, "postgresql": 50}
"""PostgreSQL's triggers are its own (PL/pgSQL, pg_schema.VERSION_8): held to the same grouping, with fewer
examples (each change is a round trip to the server)."""


def emptied(store: Store) -> Store:
    """The shared database as new, between two examples (a database of its own each would cost ~80 ms)."""
    with store.transaction() as db:
        for table in ("profiles", "pin_locks", "question_tally", "certificates"):
            db.execute(f"DELETE FROM {table}")  # the rest goes with its profile
    return store


def test_lesson_sets_always_match_the_lessons(engine, make_store):
    @settings(max_examples=EXAMPLES[engine], deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(step, min_size=1, max_size=30))
    def holds(steps):
        if make_store.postgres:
            store, other, copied = (emptied(s) for s in shared)
        else:
            store, other, copied = Store.in_memory(), Store.in_memory(), Store.in_memory()
        try:
            prepare(store)
            for action in steps:
                apply(store, other, action)
                assert kept(store) == grouped(store), action
            assert kept(other) == grouped(other)
            # `store copy` into an empty record writes every lesson through the same table
            copy_store(store, copied, plan_copy(store, copied))
            assert kept(copied) == grouped(copied)
            assert {row[1:] for row in kept(copied)} == {row[1:] for row in kept(store)}
        finally:
            if not make_store.postgres:
                for s in (store, other, copied):
                    s.close()

    shared = (make_store("data"), make_store("other"), make_store("copied")) if make_store.postgres else ()
    holds()


def version_7_file(folder: Path) -> Path:
    """A progress file as schema version 7 left it: two learners' lessons, some completed."""
    folder.mkdir(parents=True)
    path = folder / "progress.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(";".join(MIGRATIONS[:7]))
    db.execute("PRAGMA user_version = 7")
    t = "2025-03-01T10:00:00+00:00"
    for p in (1, 2):
        db.execute("INSERT INTO profiles (id, name, name_key, created, last_used) VALUES (?, ?, ?, ?, ?)",
                   (p, f"L{p}", f"l{p}", t, t))
        for lesson_id in LESSONS[: 2 + p]:
            db.execute("INSERT INTO lessons (profile_id, module_id, lesson_id, opened, completed) "
                       "VALUES (?, 'anxiety', ?, ?, ?)", (p, lesson_id, t, t if lesson_id != "intro" else None))
    db.close()
    return path


def test_upgrading_a_version_7_file_fills_lesson_sets(tmp_path):
    folder = tmp_path / "data"
    version_7_file(folder)
    store = Store.open(folder)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert kept(store) == grouped(store)
        assert (1, "anxiety", "b-signs\x1fc-help\x1fintro", "b-signs\x1fc-help") in kept(store)
    finally:
        store.close()
