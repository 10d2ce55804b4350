"""One pass rule (learning.quiz.passed): the score, a module's state, the store's date of passing and an
import's check all ask it, so they agree at the edge, where float rounding would split them (2 of 3 at a
pass mark of 2/3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import module_text
from mhcourse.content.loader import load_text
from mhcourse.learning.progress import ModuleRecord, is_passed
from mhcourse.learning.quiz import QuizPlan, Score, ShownQuestion, passed
from mhcourse.progress.store import Store
from mhcourse.progress.transfer import export_profile, parse_document

TWO_THIRDS = 0.6666666666666666


@pytest.mark.parametrize(("right", "total", "pass_mark", "expected"), [
    (2, 3, TWO_THIRDS, True), (1, 3, TWO_THIRDS, False), (7, 10, 0.7, True), (6, 10, 0.7, False),
    (3, 3, 1.0, True), (0, 0, 0.0, False),
])
def test_the_rule(right, total, pass_mark, expected):
    assert passed(right, total, pass_mark) is expected
    assert Score(right, total, pass_mark).passed is expected


def test_every_place_that_judges_a_pass_agrees_at_the_edge():
    loaded = load_text(module_text().replace("pass_mark = 0.5", f"pass_mark = {TWO_THIRDS}"), Path("small.toml"))
    module = loaded.module
    assert module is not None and module.quiz is not None
    store = Store.in_memory()
    learner = store.create_profile("Robin")
    plan = QuizPlan(tuple(ShownQuestion(q) for q in ("q1", "q2", "q3")))
    attempt = store.start_attempt(learner.id, module.id, plan, module.quiz.pass_mark)
    store.finish_attempt(attempt.id, 2, 3, passed(2, 3, module.quiz.pass_mark))

    record = store.records(learner.id)[module.id]
    assert record.passed_on is not None
    assert is_passed(module, record) and is_passed(module, ModuleRecord(best_fraction=2 / 3))
    assert store.achieved_on(learner.id, module) == record.passed_on
    parse_document(export_profile(store, learner.id))  # an import finds the kept pass where the score puts it
