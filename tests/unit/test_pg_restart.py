"""The shared database's server stops in the middle of a session and starts again (issue 16), at the store:
the next change raises Unreachable in plain words naming the database and its host, never the password;
trying again works once the server is back, on the same Store, without opening it again; nothing that was
acknowledged is lost, and a change the server never committed is not half there.

(The faces' Retry, which keeps the unsaved step in memory, is tested with the faces.)
"""

from __future__ import annotations

import pytest

from mhcourse.errors import SaveFailed
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.store import Store
from mhcourse.progress.store.engine import Unreachable

PASSWORD = "never-shown-8c1e"  # noqa: S105 (the cluster trusts every local connection: a test value)
PLAN = QuizPlan(tuple(ShownQuestion(q, ()) for q in ("q1", "q2", "q3")))


def with_password(url: str) -> str:
    """The test URL with a password in it, as MHCOURSE_STORE_URL may hold one (the cluster ignores it)."""
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{PASSWORD}@", 1)


def plain(error: BaseException, database: str, cluster) -> str:
    """The error's words, checked to be a learner's: the database and the host, no password, no internals."""
    text = str(error)
    assert PASSWORD not in text and PASSWORD not in repr(error.args)
    assert "Traceback" not in text and "psycopg" not in text
    assert database in text and str(cluster.folder) in text
    return text


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_a_stopped_server_is_named_plainly_and_the_same_store_carries_on_once_it_is_back(pg_cluster, pg_url, mode):
    database = pg_url.split("/")[3].split("?")[0]
    store = Store.connect(with_password(pg_url))
    try:
        robin = store.create_profile("Robin")
        attempt = store.start_attempt(robin.id, "anxiety", PLAN, 0.5)
        store.record_answer(attempt.id, "q1", "first", True)
        store.record_answer(attempt.id, "q2", "second", False)  # acknowledged: must outlive the stop

        pg_cluster.stop(mode)  # "immediate" is a crash: nothing written to the data files since the checkpoint

        with pytest.raises(Unreachable) as caught:
            store.record_answer(attempt.id, "q3", "third", True)
        words = plain(caught.value, database, pg_cluster)
        assert "cannot be reached" in words
        assert isinstance(caught.value, SaveFailed)  # what every face already catches and words for the learner
        assert database in caught.value.where and PASSWORD not in caught.value.why
        with pytest.raises(Unreachable) as again:  # Retry while the server is still down: the same words
            store.record_answer(attempt.id, "q3", "third", True)
        plain(again.value, database, pg_cluster)
        with pytest.raises(Unreachable):
            store.profile("Robin")  # reading fails the same way, never with a traceback

        pg_cluster.start()

        store.record_answer(attempt.id, "q3", "third", True)  # the same Store, not opened again
        store.finish_attempt(attempt.id, 2, 3, True)
        assert store.attempt_answers(attempt.id) == {"q1": "first", "q2": "second", "q3": "third"}
        back = store.profile("Robin")  # its last use moved on with the attempt just finished: the rest is the same
        assert back is not None and (back.id, back.name, back.has_pin) == (robin.id, robin.name, robin.has_pin)
        with store.reading():
            assert sorted(store.question_tally(None)) == [("anxiety", "q1", 1, 0), ("anxiety", "q2", 1, 1),
                                                          ("anxiety", "q3", 1, 0)]
    finally:
        store.close()


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_a_change_cut_off_by_the_stop_is_not_half_saved_and_can_be_made_again(pg_cluster, pg_url, mode):
    store = Store.connect(pg_url)
    try:
        robin = store.create_profile("Robin")
        with pytest.raises(Unreachable), store.transaction() as db:
            db.execute("UPDATE profiles SET name = 'Changed' WHERE id = ?", (robin.id,))
            db.execute("INSERT INTO waivers (profile_id, module_id, waived) VALUES (?, 'anxiety', '2025-01-01')",
                       (robin.id,))
            pg_cluster.stop(mode)  # before COMMIT: the server never acknowledged the change
            db.execute("INSERT INTO notes_read (profile_id, module_id, read) VALUES (?, 'anxiety', '2025-01-01')",
                       (robin.id,))
        pg_cluster.start()

        assert store.profile_by_id(robin.id).name == "Robin"  # none of the three: all or nothing
        assert store.skipped_on(robin.id, "anxiety") is None
        store.set_skipped(robin.id, "anxiety", True)  # made again, it is kept
        assert store.skipped_on(robin.id, "anxiety") is not None
    finally:
        store.close()


def test_a_store_cannot_be_opened_while_the_server_is_down_and_says_where(pg_cluster, pg_url):
    from mhcourse.errors import StoreError

    database = pg_url.split("/")[3].split("?")[0]
    pg_cluster.stop()
    try:
        with pytest.raises(StoreError) as caught:
            Store.connect(with_password(pg_url))
        words = plain(caught.value, database, pg_cluster)
        assert "cannot be reached" in words and "MHCOURSE_STORE_URL" in words
    finally:
        pg_cluster.start()
