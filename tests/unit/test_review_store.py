"""Review cards in the store: schema version 7's migration gives learners' earlier answers their cards, and
the store's card calls work the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import datetime, timedelta

import pytest

from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.review import replay, stamp
from mhcourse.progress.store import Store
from mhcourse.progress.store.schema import MIGRATIONS, SCHEMA_VERSION, statements
from mhcourse.progress.transfer import export_profile, import_profile

T = "2025-01-0{day}T10:00:00+00:00"


def when(day: int) -> datetime:
    return datetime.fromisoformat(T.format(day=day))


def test_a_version_6_file_gains_review_cards_for_its_answers_and_checks_due_from_their_times(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db = sqlite3.connect(folder / "progress.db", isolation_level=None)
    for script in MIGRATIONS[:6]:
        for statement in statements(script):
            db.execute(statement)
    db.execute("PRAGMA user_version = 6")
    for pid, name in ((1, "Robin"), (2, "Sam")):
        db.execute("INSERT INTO profiles (id, name, name_key, created, last_used) VALUES (?, ?, ?, 't', 't')",
                   (pid, name, name.lower()))
    for attempt, pid, day in ((1, 1, 1), (2, 1, 3), (3, 2, 2)):
        db.execute("INSERT INTO attempts (id, uid, profile_id, module_id, started, plan, pass_mark) "
                   "VALUES (?, ?, ?, 'small', ?, '[]', 0.8)", (attempt, f"a{attempt}", pid, T.format(day=day)))
    db.executemany("INSERT INTO answers (attempt_id, question_id, position, given, correct, answered) "
                   "VALUES (?, ?, 0, '\"x\"', ?, ?)",
                   [(1, "q1", 0, T.format(day=1)), (2, "q1", 1, T.format(day=3)), (3, "q1", 1, T.format(day=2)),
                    (1, "q2", 1, "not a time")])
    db.execute("INSERT INTO checks (uid, profile_id, module_id, lesson_id, question_id, given, correct, answered) "
               "VALUES ('c1', 1, 'small', 'first', 'check-1', 'true', 1, ?)", (T.format(day=4),))
    db.close()

    store = Store.open(folder)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        robin = {(m, q): due for m, q, due in store.due_cards(1)}
        sam = {(m, q): due for m, q, due in store.due_cards(2)}
        assert set(robin) == {("small", "q1"), ("small", "check-1")}  # an answer with no readable time moves none
        # Robin's q1: wrong on day 1, right on day 3, replayed in time order; the check from its own time.
        assert robin[("small", "q1")] == replay("small", "q1", [(when(3), True), (when(1), False)])[1]
        assert robin[("small", "check-1")] == replay("small", "check-1", [(when(4), True)])[1]
        assert sam == {("small", "q1"): replay("small", "q1", [(when(2), True)])[1]}
        assert robin[("small", "check-1")] > stamp(when(4))
    finally:
        store.close()


def days():
    """A store clock that moves on a day per change."""
    ticks = itertools.count()
    return lambda: (when(1) + timedelta(days=next(ticks))).isoformat(timespec="seconds")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_store(request, tmp_path):
    if request.param == "sqlite":
        store = Store.open(tmp_path / "data", clock=days())
    else:
        store = Store.connect(request.getfixturevalue("pg_url"), clock=days())
    yield store
    store.close()


def test_the_card_calls_work_on_both_engines(engine_store):
    store = engine_store
    p = store.create_profile("Robin")
    attempt = store.start_attempt(p.id, "small", QuizPlan((ShownQuestion("q1", ()), ShownQuestion("q2", ()))), 0.5)
    store.record_answer(attempt.id, "q1", "Listening", True)
    store.record_answer(attempt.id, "q2", "Ignoring", False)
    store.record_check(p.id, "small", "first", "check-1", True, True)
    cards = store.due_cards(p.id)
    assert {q for _, q, _ in cards} == {"q1", "q2", "check-1"}
    assert [due for _, _, due in cards] == sorted(due for _, _, due in cards)
    q2_due = {q: d for _, q, d in cards}["q2"]

    store.record_review(p.id, "small", "q2", "Listening", True)
    assert {q: d for _, q, d in store.due_cards(p.id)}["q2"] > q2_due
    assert [(m, q, right) for _, m, q, right, _ in store.review_answers(p.id)] == [("small", "q2", True)]
    assert [a[0] for a in store.review_answers()] == [p.id]

    assert store.pretest(p.id, "small") is None
    store.record_pretest(p.id, "small", 2, 3)
    store.record_pretest(p.id, "small", 0, 3)  # the first one is kept
    store.record_pretest(p.id, "other", None, 0)
    assert store.pretest(p.id, "small") == (2, 3) and store.pretest(p.id, "other") == (None, 0)

    record = store.snapshot(p.id)
    assert len(record.cards) == 3 and len(record.reviews) == 1 and len(record.pretests) == 2
    document = export_profile(store, p.id)
    store.delete_profile(p.id)
    assert import_profile(store, document).cards == 3
    back = store.profile("Robin")
    assert store.snapshot(back.id).cards == record.cards
    assert store.pretest(back.id, "small") == (2, 3)

    older = {k: v for k, v in document.items() if k != "cards"}  # a file without cards: replayed from answers
    store.delete_profile(back.id)
    assert import_profile(store, older).cards == 3
    assert store.snapshot(store.profile("Robin").id).cards == record.cards


def test_the_due_list_follows_the_clock_and_drops_removed_questions_and_modules_not_offered(tmp_path, monkeypatch):
    from helpers import small_module
    from mhcourse.progress.learner import Learner

    module = small_module()
    store = Store.open(tmp_path / "data", clock=lambda: T.format(day=1))
    p = store.create_profile("Robin")
    quiz = [q.id for q in module.questions]
    attempt = store.start_attempt(p.id, "small", QuizPlan(tuple(ShownQuestion(q, ()) for q in quiz)), 0.5)
    for qid in quiz:
        store.record_answer(attempt.id, qid, None, False)
    store.record_answer(store.start_attempt(p.id, "gone", QuizPlan(()), 0.5).id, "q1", None, False)
    with store.transaction() as db:
        db.execute("INSERT INTO review_cards SELECT profile_id, module_id, 'removed', card, due FROM review_cards "
                   "WHERE question_id = ?", (quiz[0],))
    learner = Learner(store, p, [module], review_size=1)

    monkeypatch.setenv("MHCOURSE_TODAY", "2025-01-01")
    assert learner.due().count == 0 and learner.due().next_due is not None
    assert learner.review_cards() == []
    monkeypatch.setenv("MHCOURSE_TODAY", "2025-01-09")
    due = learner.due()
    assert (due.count, due.next_due) == (len(quiz), None)
    cards = learner.review_cards()
    assert len(cards) == 1 and cards[0].module is module and cards[0].question.id in quiz
    assert {c.question.id for c in learner.review_cards(limit=10)} == set(quiz)
    store.close()
