"""Four machines, one shared record (issue 16): four processes, each with its own data folder and the same
PostgreSQL database, record 2,000 answers each and finish their attempts at the same moment.

Nothing acknowledged is lost or counted twice, no machine ever sees a deadlock or a serialization failure
(the store tries such a change again, faults.change), and the report and the per-question tally (kept by
the database's own triggers) count every answer.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import queue
import random
import traceback
from typing import Any

import pytest

from helpers import bundled_course
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.report import build_report
from mhcourse.progress.store import Store

MACHINES = 4
LEARNERS = 20  # on each machine
ATTEMPTS = 200  # on each machine: 200 attempts x 10 questions = 2,000 answers
MODULE = "anxiety"
BARRIER_SECONDS = 120


def questions() -> list[str]:
    module = next(m for m in bundled_course() if m.id == MODULE)
    assert module.quiz is not None and len(module.quiz.questions) == 10
    return [q.id for q in module.quiz.questions]


def right(machine: int, attempt: int, question: int) -> bool:
    """Whether an answer is right: a mix that differs per machine, attempt and question."""
    return (machine + 3 * attempt + question) % 4 != 0 and (attempt + question) % 7 != 0


class Counting:
    """faults.change's random module, counting the changes tried again (one wait before each new try)."""

    def __init__(self) -> None:
        self.retries = 0
        self.most = 0
        """The most tries one change took (faults.TRIES is the limit)."""

    def uniform(self, low: float, high: float) -> float:
        self.retries += 1
        self.most = max(self.most, round(math.log2(high / 0.01)) + 2)  # high is 0.01 * 2 ** (tries - 1)
        return random.uniform(low, high)  # noqa: S311 (spreading retries, not secrets)


def machine(url: str, folder: str, index: int, barrier: Any, results: Any) -> None:
    """One machine: its own learners, 200 attempts of one module, each finished together with the others'."""
    from mhcourse.progress import faults

    os.environ["MHCOURSE_DATA_DIR"] = folder  # a machine of its own; the record is the shared one
    counting = Counting()
    faults.random = counting  # type: ignore[assignment]
    acknowledged: list[tuple[int, str, bool]] = []
    finished: list[int] = []
    try:
        ids = questions()
        plan = QuizPlan(tuple(ShownQuestion(q, ()) for q in ids))
        store = Store.connect(url)
        profiles = [store.create_profile(f"Machine {index} learner {n}").id for n in range(LEARNERS)]
        for n in range(ATTEMPTS):
            attempt = store.start_attempt(profiles[n % LEARNERS], MODULE, plan, 0.7)
            for i, question in enumerate(ids):
                ok = right(index, n, i)
                store.record_answer(attempt.id, question, "an answer", ok)
                acknowledged.append((attempt.id, question, ok))
            score = sum(right(index, n, i) for i in range(len(ids)))
            barrier.wait(BARRIER_SECONDS)  # every machine finishes its attempt at the same moment
            store.finish_attempt(attempt.id, score, len(ids), score >= 7)
            finished.append(attempt.id)
        store.close()
        results.put((index, acknowledged, finished, (counting.retries, counting.most), None))
    except BaseException:
        barrier.abort()
        results.put((index, acknowledged, finished, (counting.retries, counting.most), traceback.format_exc()))


@pytest.mark.slow
def test_four_machines_finishing_attempts_at_once_lose_nothing_and_count_everything(pg_url, tmp_path):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(MACHINES)
    results = context.Queue()
    processes = [context.Process(target=machine, args=(pg_url, str(tmp_path / f"machine-{n}"), n, barrier, results))
                 for n in range(MACHINES)]
    for process in processes:
        process.start()
    found = {}
    try:
        for _ in range(MACHINES):
            index, acknowledged, finished, retries, error = results.get(timeout=240)
            found[index] = (acknowledged, finished, retries, error)
    except queue.Empty:
        pytest.fail(f"only machines {sorted(found)} reported")
    finally:
        for process in processes:
            process.join(30)
            if process.is_alive():
                process.kill()

    errors = {index: error for index, (*_, error) in found.items() if error}
    assert errors == {}, "\n".join(errors.values())
    acknowledged = [answer for index in sorted(found) for answer in found[index][0]]
    finished = [attempt for index in sorted(found) for attempt in found[index][1]]
    assert len(acknowledged) == MACHINES * ATTEMPTS * 10 and len(finished) == MACHINES * ATTEMPTS
    tried = [found[i][2] for i in sorted(found)]
    print(f"changes tried again after a clash, and the most tries one change took, per machine: {tried}")

    store = Store.connect(pg_url)
    try:
        kept = store.db.execute("SELECT attempt_id, question_id, correct FROM answers").fetchall()
        assert len(kept) == len(acknowledged), "no answer lost, none doubled"
        assert sorted((a, q, bool(c)) for a, q, c in kept) == sorted(acknowledged)
        assert sorted(a for (a,) in store.db.execute(
            "SELECT id FROM attempts WHERE finished IS NOT NULL")) == sorted(finished)
        assert store.profile_count() == MACHINES * LEARNERS

        wrong: dict[str, int] = {}
        for _, question, ok in acknowledged:
            wrong[question] = wrong.get(question, 0) + (not ok)
        expected = {(MODULE, q, MACHINES * ATTEMPTS, wrong[q]) for q in questions()}
        with store.reading():
            assert set(store.question_tally(None)) == expected  # the triggers' counts
            assert set(store.question_tally(_long_ago())) == expected  # the answers counted

        modules = bundled_course()
        report = build_report(store, modules)
        anxiety = next(m for m in report.modules if m.id == MODULE)
        assert report.learners == MACHINES * LEARNERS
        assert anxiety.started == MACHINES * LEARNERS
        assert anxiety.scored == MACHINES * LEARNERS
        assert anxiety.passed == _passing(found)
        most_wrong = sorted(wrong.items(), key=lambda item: (-item[1], item[0]))[:3]
        assert [(q.id, q.wrong, q.answered) for q in anxiety.wrong] == [
            (q, n, MACHINES * ATTEMPTS) for q, n in most_wrong]
    finally:
        store.close()


def _long_ago():
    from datetime import UTC, datetime

    return datetime(2000, 1, 1, tzinfo=UTC)


def _passing(found: dict[int, Any]) -> int:
    """The learners whose best attempt reached the pass mark (7 of 10), from the answers acknowledged."""
    best: dict[tuple[int, int], int] = {}
    for index in found:
        for n in range(ATTEMPTS):
            learner = (index, n % LEARNERS)
            best[learner] = max(best.get(learner, 0), sum(right(index, n, i) for i in range(10)))
    return sum(score >= 7 for score in best.values())

