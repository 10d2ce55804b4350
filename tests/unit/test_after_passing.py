"""What a results page offers after a pass (Learner.after_passing): the core's next step in another module.

The terminal's results (Next module) and the web page's (Next module: ...) both ask it.
"""

from __future__ import annotations

from helpers import bundled_course
from mhcourse.learning.answers import correct_answer
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store


def take_quiz(learner, module, right: bool) -> None:
    attempt = learner.quiz_attempt(module)
    for shown in attempt.plan.questions:
        question = module.question(shown.id)
        wanted = correct_answer(question)
        learner.answer(attempt, question, wanted if right else None)
    learner.finish_attempt(module, attempt)


def a_learner(modules):
    desk = Desk(Store.in_memory())
    desk.create("Robin")
    robin = desk.find("Robin")
    assert robin is not None
    return desk.start(robin, modules)


def test_after_a_pass_the_next_module_is_offered_and_before_it_nothing():
    course = bundled_course()[:3]
    learner = a_learner(course)
    first, second, third = course
    assert learner.after_passing(first) is None  # not passed yet
    take_quiz(learner, first, right=False)
    assert learner.after_passing(first) is None  # failed: try again, not on
    take_quiz(learner, first, right=True)
    step = learner.after_passing(first)
    assert step is not None and step.module is second and step.words.startswith(second.title)
    take_quiz(learner, third, right=True)  # out of order: the next step is still the module left undone
    step = learner.after_passing(third)
    assert step is not None and step.module is second


def test_after_the_last_pass_there_is_nothing_left_to_offer():
    course = bundled_course()[:2]
    learner = a_learner(course)
    for module in course:
        take_quiz(learner, module, right=True)
    assert learner.after_passing(course[-1]) is None
