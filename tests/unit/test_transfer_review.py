"""Spaced review travels: export and import (and `store copy`, which merges the same record) carry the review
cards, the answers given in review and the pre-tests. A merge adds review answers once, keeps the first
pre-test, and rebuilds a card from both sides' answers, so merging either way gives the same card and merging
twice changes nothing; a file from before review imports and gets its cards from its answers."""

from __future__ import annotations

import tomllib

import pytest
from test_transfer import FILE, everything, new_store

from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.review import replay
from mhcourse.progress.store import Store
from mhcourse.progress.transfer import TransferError, export_text, import_profile, read_export


def learner(store: Store, name: str = "Robin") -> int:
    """A learner who took a quiz, answered a check, reviewed, took one pre-test and skipped another."""
    p = store.create_profile(name)
    plan = QuizPlan((ShownQuestion("q1", ()), ShownQuestion("q2", ())))
    attempt = store.start_attempt(p.id, "small", plan, 0.5)
    store.record_answer(attempt.id, "q1", "Listening", True)
    store.record_answer(attempt.id, "q2", ["a"], False)
    store.finish_attempt(attempt.id, 1, 2, True)
    store.record_check(p.id, "small", "first", "check-1", True, True)
    store.record_review(p.id, "small", "q2", ["b"], True)
    store.record_pretest(p.id, "small", 2, 3)
    store.record_pretest(p.id, "other", None, 0)
    return p.id


def review_state(store: Store, name: str) -> dict:
    profile = store.profile(name)
    assert profile is not None
    record = store.snapshot(profile.id)
    return {"cards": record.cards, "reviews": sorted(record.reviews, key=repr), "pretests": record.pretests}


def moved_into(source: Store, target: Store, name: str = "Robin"):
    """Export the learner from `source` and merge it into the profile of the same name in `target`."""
    text = export_text(source, source.profile(name).id)
    return import_profile(target, read_export(text.encode(), FILE), into=name)


def test_the_export_carries_cards_review_answers_and_pretests_and_they_come_back_the_same(tmp_path):
    store = new_store(tmp_path)
    robin = learner(store)
    before = review_state(store, "Robin")
    assert {(c.module, c.question) for c in before["cards"]} == {("small", "q1"), ("small", "q2"),
                                                                 ("small", "check-1")}
    text = export_text(store, robin)
    document = tomllib.loads(text)
    assert {"cards", "reviews", "pretests"} <= document.keys()
    assert document["pretests"][0] == {"module": "other", "total": 0, "answered": document["pretests"][0]["answered"]}

    store.delete_profile(robin)
    summary = import_profile(store, read_export(text.encode(), FILE))

    assert (summary.cards, summary.reviews, summary.pretests) == (3, 1, 2)
    assert "1 review answer" in summary.describe() and "2 pre-tests" in summary.describe()
    assert review_state(store, "Robin") == before


def test_merging_either_way_gives_the_same_cards_and_merging_twice_changes_nothing(tmp_path):
    home, centre = new_store(tmp_path, "home"), new_store(tmp_path, "centre", start="2025-03-01T12:00:00+00:00")
    learner(home)
    import_profile(centre, read_export(export_text(home, home.profile("Robin").id).encode(), FILE))
    # Each machine goes on: a wrong review at home, a right one later at the centre, a later pre-test there.
    home.record_review(home.profile("Robin").id, "small", "q1", "Ignoring", False)
    centre.record_review(centre.profile("Robin").id, "small", "q1", "Listening", True)
    centre.record_check(centre.profile("Robin").id, "small", "first", "check-1", False, False)

    into_centre = moved_into(home, centre)
    into_home = moved_into(centre, home)

    assert into_centre.reviews == 1 and into_home.reviews == 1 and into_home.checks == 1
    assert review_state(home, "Robin") == review_state(centre, "Robin")
    card = {c.question: c for c in review_state(home, "Robin")["cards"]}["q1"]
    answers = home.db.execute(
        "SELECT q.answered, q.correct FROM answers q JOIN attempts a ON a.id = q.attempt_id WHERE q.question_id = 'q1' "
        "UNION ALL SELECT answered, correct FROM reviews WHERE question_id = 'q1'").fetchall()
    from mhcourse.progress.moments import moment

    assert len(answers) == 3
    assert (card.card, card.due) == replay("small", "q1", [(moment(a), bool(ok)) for a, ok in answers])
    after = everything(centre), everything(home)

    assert not moved_into(home, centre).changed and not moved_into(centre, home).changed
    assert (everything(centre), everything(home)) == after


def test_the_first_pretest_is_kept_whichever_way_the_merge_goes(tmp_path):
    early, late = new_store(tmp_path, "early"), new_store(tmp_path, "late", start="2025-06-01T10:00:00+00:00")
    for store, right in ((early, 1), (late, 3)):
        p = store.create_profile("Robin")
        store.record_pretest(p.id, "small", right, 3)
    early_first = review_state(early, "Robin")["pretests"]

    assert not moved_into(late, early).pretests
    assert moved_into(early, late).pretests == 1
    assert review_state(late, "Robin")["pretests"] == review_state(early, "Robin")["pretests"] == early_first


def test_an_export_from_before_review_imports_and_its_answers_make_the_cards(tmp_path):
    store = new_store(tmp_path)
    p = store.create_profile("Robin")
    attempt = store.start_attempt(p.id, "small", QuizPlan((ShownQuestion("q1", ()),)), 0.5)
    store.record_answer(attempt.id, "q1", "Listening", True)
    store.finish_attempt(attempt.id, 1, 1, True)
    store.record_check(p.id, "small", "first", "check-1", False, False)
    before = review_state(store, "Robin")["cards"]
    text = export_text(store, p.id)
    assert "[[cards]]" in text
    older = text[:text.index("\n[[cards]]")] + "\n"  # what an mhcourse from before review wrote
    assert "cards" not in tomllib.loads(older) and "reviews" not in tomllib.loads(older)

    target = new_store(tmp_path, "other")
    summary = import_profile(target, read_export(older.encode(), FILE))

    assert summary.cards == 2
    assert review_state(target, "Robin")["cards"] == before


@pytest.mark.parametrize(("card", "message"), [
    ("not json", "not a review card"),
    ('{"card_id": 1}', "not a review card"),
    ('{"card_id": 1, "state": 2, "step": null, "stability": 3.0, "difficulty": 5.0, '
     '"due": "2025-03-04T10:00:00", "last_review": "2025-03-01T10:00:00+00:00"}', "time zone"),
])
def test_a_hand_edited_card_is_refused_with_its_place(tmp_path, card, message):
    store = new_store(tmp_path)
    text = export_text(store, learner(store))
    start = text.index("card = ", text.index("[[cards]]"))
    edited = text[:start] + "card = " + repr(card).replace("\\'", "'") + text[text.index("\n", start):]

    with pytest.raises(TransferError) as raised:
        read_export(edited.encode(), FILE)

    assert message in str(raised.value) and "cards[0].card" in str(raised.value)
