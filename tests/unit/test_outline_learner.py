"""A learner who went in on the course's outline (progress/learner.py Outline: a TUI start before pydantic is
imported) is told what home shows exactly as a learner on the full modules is, and the full modules are loaded only
when something asks for them (issue 21)."""

from __future__ import annotations

import random

import pytest

from helpers import bundled_course
from mhcourse.content.summary import outline
from mhcourse.learning.progress import Place
from mhcourse.learning.track import Track
from mhcourse.progress.learner import Learner, Outline
from mhcourse.progress.store import Store


def record(store: Store, course) -> int:
    """A learner partway: lessons read, a place in a scenario, a module skipped, a passed quiz long ago (a refresher
    due), review cards due and not due, a card of a removed question."""
    first, second, third = course[0], course[1], course[2]
    robin = store.create_profile("Robin").id
    for lesson in first.lessons[:2]:
        store.lesson_opened(robin, first.id, lesson.id)
        store.lesson_completed(robin, first.id, lesson.id)
    for lesson in third.lessons:
        store.lesson_completed(robin, third.id, lesson.id)
    assert third.quiz is not None
    plan = Learner(store, store.profile_by_id(robin), course, random.Random(1)).new_attempt(third).plan
    attempt = store.start_attempt(robin, third.id, plan, third.quiz.pass_mark, third.module.language)
    store.finish_attempt(attempt.id, len(plan.questions), len(plan.questions), True)
    store.set_skipped(robin, second.id, True)
    if first.scenarios:
        store.save_place(robin, Place(first.id, "scenario", first.scenarios[0].id))
    checks = [(lesson.id, q.id) for lesson in first.lessons for q in lesson.checks]
    for lesson_id, question_id in checks[:3]:
        store.record_check(robin, first.id, lesson_id, question_id, "x", False)
    store.record_check(robin, first.id, first.lessons[0].id, "a-removed-question", "x", False)
    return robin


@pytest.mark.parametrize("language", ["en", "es"])
def test_home_reads_the_same_from_the_outline_and_loads_nothing(language):
    course = bundled_course()
    store = Store.in_memory(clock=lambda: "2026-01-10T10:00:00+00:00")  # long ago: cards and a refresher due
    robin = store.profile_by_id(record(store, course))
    loads: list[int] = []

    def load():
        loads.append(1)
        return course

    rules = {"refresher_months": 1}
    full = Learner(store, robin, course, language=language, **rules)
    outlined = Learner(store, robin, Outline([outline(m) for m in course], load), language=language, **rules)
    tracks = [Track(), Track(required=(course[2].id,)), Track(required=(course[1].id, course[2].id)),
              Track(required=(course[1].id,), no_skipping=(course[1].id,)), Track(offered=(course[2].id,))]
    assert outlined.overview() == full.overview()
    step = full.next_step()
    assert step is not None and outlined.next_words() is not None
    assert (outlined.next_words().lead, outlined.next_words().words) == (step.lead, step.words)
    assert outlined.due() == full.due() and full.due().count == 3
    assert [outlined.certificate_ready(t) for t in tracks] == [full.certificate_check(t).ready for t in tracks]
    assert [full.certificate_check(t).ready for t in tracks] == [False, True, True, False, True]
    for shown, module in zip(outlined.outline, full.modules, strict=True):
        assert (shown.id, shown.title, shown.summary, shown.minutes) == (module.id, module.title,
                                                                        module.module.summary, module.module.minutes)
        assert outlined.state(shown) == full.state(module)
        assert outlined.refresher_due(shown) == full.refresher_due(module)
        assert outlined.gate(shown) == full.gate(module)
        assert [m.id for m in outlined.missing_recommended(shown)] == [m.id for m in full.missing_recommended(module)]
    assert any(full.refresher_due(m) for m in full.modules)
    assert loads == [], "home's questions load nothing"
    assert outlined.modules == full.modules and loads == [1]
    assert outlined.outline is outlined.modules
    assert outlined.module(course[0].id) is outlined.modules[0] and loads == [1], "loaded once"
