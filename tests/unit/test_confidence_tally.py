"""Schema version 8: confidence_tally always holds what grouping the confidence answers gives.

The facilitator report's all-time confidence figures read one row per module instead of pairing every
learner's two answers; these tests hold the table to the pairing it replaces after any mix of the changes
the course (an 'after' answered again), `progress import`, `store copy` and a profile's deletion make (and
raw changes of many rows at once, which no writer makes today), on both engines, and after upgrading a
version 7 file.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mhcourse.progress.store import Store
from mhcourse.progress.store.schema import MIGRATIONS, SCHEMA_VERSION
from mhcourse.progress.store_copy import copy_store, plan_copy
from mhcourse.progress.transfer import export_profile, import_profile

MODULES = ("anxiety", "stigma")
EVER = datetime(2000, 1, 1, tzinfo=UTC)
"""A window that holds every answer: confidence_summary(EVER) pairs the answers themselves."""


def grouped(store: Store) -> dict[str, tuple[int, int, int, int, int, int]]:
    """Per module, from the answers themselves: the sums and counts of before, after and the change."""
    pairs: dict[tuple[int, str], dict[str, int | None]] = {}
    for profile_id, module_id, stage, value in store.db.execute(
            "SELECT profile_id, module_id, stage, value FROM confidence"):
        pairs.setdefault((profile_id, module_id), {})[stage] = value
    found: dict[str, list[int]] = {}
    for (_, module_id), stages in pairs.items():
        totals = found.setdefault(module_id, [0] * 6)
        before, after = stages.get("before"), stages.get("after")
        for at, value in ((0, before), (2, after), (4, None if before is None or after is None else after - before)):
            if value is not None:
                totals[at] += value
                totals[at + 1] += 1
    return {m: tuple(t) for m, t in found.items() if t[1] or t[3] or t[5]}  # type: ignore[misc]


def kept(store: Store) -> dict[str, tuple[int, int, int, int, int, int]]:
    """The tally, leaving out modules with no value counted (the report shows those as no answers)."""
    rows = store.db.execute("SELECT module_id, before_sum, before_n, after_sum, after_n, change_sum, change_n "
                            "FROM confidence_tally")
    return {m: tuple(int(x) for x in rest) for m, *rest in rows if rest[1] or rest[3] or rest[5]}


def same_summary(store: Store) -> None:
    """The report's figures from the tally are those of pairing the answers."""
    def summary(since):
        return {row[0]: row[1:] for row in store.confidence_summary(since) if row[2] or row[4] or row[6]}

    tallied, paired = summary(None), summary(EVER)
    assert tallied.keys() == paired.keys()
    for module_id, row in tallied.items():
        assert row == pytest.approx(paired[module_id]), module_id


value = st.one_of(st.none(), st.integers(1, 5))
step = st.one_of(
    st.tuples(st.just("learner"), st.integers(0, 2)),
    st.tuples(st.just("before"), st.integers(0, 2), st.sampled_from(MODULES), value),
    st.tuples(st.just("after"), st.integers(0, 2), st.sampled_from(MODULES), value),
    st.tuples(st.just("delete learner"), st.integers(0, 2)),
    st.tuples(st.just("copy learner"), st.integers(0, 2)),
    st.tuples(st.just("delete module"), st.integers(0, 2), st.sampled_from(MODULES)),
    st.tuples(st.just("set module"), st.sampled_from(MODULES), value),
    st.tuples(st.just("pair at once"), st.integers(0, 2), st.sampled_from(MODULES), value, value),
)


def apply(store: Store, other: Store, action: tuple) -> None:
    """One change, as the course, `progress import` or any other writer of the record would make it."""
    kind, *args = action
    learners = store.profiles()
    if kind == "learner":
        if store.profile(f"Learner {args[0]}") is None:
            store.create_profile(f"Learner {args[0]}")
        return
    if kind == "set module":  # no writer does this today: every answer of a module changed by one statement
        with store.transaction() as tx:
            tx.execute("UPDATE confidence SET value = ? WHERE module_id = ?", (args[1], args[0]))
        return
    if not learners:
        return
    learner = learners[args[0] % len(learners)].id
    if kind in ("before", "after"):
        store.record_confidence(learner, args[1], kind, args[2])
    elif kind == "delete learner":
        store.delete_profile(learner)
    elif kind == "delete module":  # a learner's two answers of a module deleted by one statement
        with store.transaction() as tx:
            tx.execute("DELETE FROM confidence WHERE profile_id = ? AND module_id = ?", (learner, args[1]))
    elif kind == "pair at once":  # no writer does this today: a learner's two answers written by one statement
        with store.transaction() as tx:
            tx.execute("DELETE FROM confidence WHERE profile_id = ? AND module_id = ?", (learner, args[1]))
            tx.execute("INSERT INTO confidence VALUES (?, ?, 'before', ?, ?), (?, ?, 'after', ?, ?)",
                       (learner, args[1], args[2], "2026-01-01T00:00:00+00:00",
                        learner, args[1], args[3], "2026-01-01T00:00:00+00:00"))
    elif kind == "copy learner":
        # the learner's record goes to the other machine and back, merged into what is there
        name = learners[args[0] % len(learners)].name
        there = other.profile(name)
        import_profile(other, export_profile(store, learner), into=there.name if there else None)
        import_profile(store, export_profile(other, other.profile(name).id), into=name)


def prepare(store: Store) -> None:
    """Three learners: one answered both, one only before, one skipped before and answered after."""
    for n, (before, after) in enumerate(((2, 4), (3, None), (None, 5))):
        learner = store.create_profile(f"Learner {n}")
        for module_id in MODULES:
            store.record_confidence(learner.id, module_id, "before", before)
            if after is not None:
                store.record_confidence(learner.id, module_id, "after", after)


EXAMPLES = {"sqlite": 200, "postgresql": 50}
"""PostgreSQL's triggers are PL/pgSQL (pg_schema.VERSION_8), held to the same pairing with fewer examples."""


def emptied(store: Store) -> Store:
    """The shared database as new, between two examples."""
    with store.transaction() as db:
        for table in ("profiles", "pin_locks", "question_tally", "certificates", "confidence_tally"):
            db.execute(f"DELETE FROM {table}")  # the rest goes with its profile
    return store


def test_confidence_tally_always_matches_the_answers(engine, make_store):
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
            assert kept(store) == grouped(store)
            for action in steps:
                apply(store, other, action)
                assert kept(store) == grouped(store), action
            assert kept(other) == grouped(other)
            same_summary(store)
            # `store copy` into an empty record writes every answer through the same triggers
            copy_store(store, copied, plan_copy(store, copied))
            assert kept(copied) == grouped(copied) == grouped(store)
        finally:
            if not make_store.postgres:
                for s in (store, other, copied):
                    s.close()

    shared = (make_store("data"), make_store("other"), make_store("copied")) if make_store.postgres else ()
    holds()


def version_7_file(folder: Path) -> Path:
    """A progress file as schema version 7 left it: three learners' confidence answers, one skip."""
    folder.mkdir(parents=True)
    path = folder / "progress.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(";".join(MIGRATIONS[:7]))
    db.execute("PRAGMA user_version = 7")
    t = "2025-03-01T10:00:00+00:00"
    for p, before, after in ((1, 2, 4), (2, 3, None), (3, None, 5)):
        db.execute("INSERT INTO profiles (id, name, name_key, created, last_used) VALUES (?, ?, ?, ?, ?)",
                   (p, f"L{p}", f"l{p}", t, t))
        db.execute("INSERT INTO confidence VALUES (?, 'anxiety', 'before', ?, ?)", (p, before, t))
        if after is not None:
            db.execute("INSERT INTO confidence VALUES (?, 'anxiety', 'after', ?, ?)", (p, after, t))
    db.close()
    return path


def test_upgrading_a_version_7_file_fills_confidence_tally(tmp_path):
    version_7_file(tmp_path / "data")
    store = Store.open(tmp_path / "data")
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert kept(store) == grouped(store) == {"anxiety": (5, 2, 9, 2, 2, 1)}
        assert list(store.confidence_summary(None)) == [("anxiety", 2.5, 2, 4.5, 2, 2.0, 1)]
    finally:
        store.close()
