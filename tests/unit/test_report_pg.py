"""The facilitator report on PostgreSQL: the same generated centre as tests/unit/test_report.py, the same
counts worked out independently, over all time (one row per shape of record, counted in SQL:
Reading.record_shapes), with --since and with names (each learner's record read one by one)."""

from __future__ import annotations

import random

from test_report import PROFILES, SEED, SINCE, approx, as_found, expected, generate, modules_for_test, write

from mhcourse.learning.progress import Status
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.report import build_report
from mhcourse.progress.store import Store


def test_the_report_on_postgresql_matches_the_counts_worked_out_independently(pg_url):
    modules = modules_for_test()
    data = generate(modules, random.Random(SEED))
    store = Store.connect(pg_url)
    try:
        write(store, modules, data)
        assert store.sql.name == "postgresql"
        assert as_found(build_report(store, modules)) == approx(expected(modules, data))
        assert as_found(build_report(store, modules, since=SINCE)) == approx(expected(modules, data, since=SINCE))
        named = build_report(store, modules, names=True)
        assert named.people is not None and len(named.people) == PROFILES
        assert as_found(named) == approx(expected(modules, data))
        for module in named.modules:
            states = [person.states[module.id] for person in named.people]
            assert sum(s.status is Status.PASSED for s in states) == module.passed, module.id
    finally:
        store.close()


def test_shapes_count_every_learner_once(pg_url, tmp_path):
    """A learner with only an attempt, or only a skip, is counted with those who have lessons, on both engines."""
    for store in (Store.connect(pg_url), Store.open(tmp_path / "data")):
        try:
            ids = [store.create_profile(f"Learner {i}").id for i in range(4)]
            store.lesson_opened(ids[0], "m", "one")
            store.lesson_completed(ids[0], "m", "one")
            store.lesson_opened(ids[1], "m", "one")
            store.lesson_opened(ids[1], "m", "two")
            store.set_skipped(ids[1], "m", True)
            store.set_skipped(ids[2], "m", True)
            plan = QuizPlan((ShownQuestion("q1", ()),))
            attempt = store.start_attempt(ids[3], "m", plan, 0.7)
            store.finish_attempt(attempt.id, 1, 2, False)
            with store.reading():
                shapes = sorted(store.record_shapes({"m"}), key=repr)
            assert shapes == sorted([
                ("m", frozenset({"one"}), frozenset({"one"}), None, False, False, 1),
                ("m", frozenset({"one", "two"}), frozenset(), None, False, True, 1),
                ("m", frozenset(), frozenset(), None, False, True, 1),
                ("m", frozenset(), frozenset(), 0.5, True, False, 1),
            ], key=repr), store.sql.name
        finally:
            store.close()
