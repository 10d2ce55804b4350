"""The plain face and issue 18: spaced review from the main menu, the confidence question, the pre-test and
refreshers, as a person typing (or a screen reader listening) meets them."""

from __future__ import annotations

import random
import re

import pytest

from helpers import pass_module, write_module
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from plain_driver import SEED, RightAnswers, load, newcomer, rich_text, run

TODAY = "MHCOURSE_TODAY"


@pytest.fixture
def modules(tmp_path):
    """The module "small": two lessons, and a quiz of four questions, one of each kind."""
    write_module(tmp_path / "mods", "small", text=rich_text())
    return load(tmp_path / "mods")


def passed_on(store: Store, modules, day: str, monkeypatch, access: Access | None = None):
    """Robin reads every lesson and passes the quiz of "small" (4 questions, all right) on `day`, through the core."""
    monkeypatch.setenv(TODAY, day)
    learner = Desk(store, access).start(store.create_profile("Robin"), modules, random.Random(SEED))
    pass_module(learner, modules[0])
    return learner


class Reviewer:
    """Types review at the main menu, answers review questions right, and (with `leave_at`) types back at that
    review question; quits at the main menu after the review."""

    def __init__(self, module, leave_at: int | None = None) -> None:
        self.right = RightAnswers(module)
        self.leave_at = leave_at
        self.menus: list[str] = []

    def __call__(self, screen: str) -> str | None:
        if self.leave_at is not None and f"Review question {self.leave_at} of" in screen:
            return "back"
        answer = self.right(screen)
        if answer is not None:
            return answer
        if "Main menu" in screen:
            self.menus.append(screen)
            return "review" if len(self.menus) == 1 else "quit"
        return None


def test_home_says_what_is_due_and_the_review_command_answers_and_reschedules_it(modules, monkeypatch):
    store = Store.in_memory()
    learner = passed_on(store, modules, "2027-01-10", monkeypatch)
    assert learner.due().count == 0
    monkeypatch.setenv(TODAY, "2027-02-10")  # a month on: every quiz question is due again
    assert learner.due().count == 4
    reviewer = Reviewer(modules[0])
    status, out = run(reviewer, store, modules, profile="Robin")
    assert status == 0
    assert "Main menu\nRobin: 1 of 1 modules passed.\nReview: 4 questions due.\n" in reviewer.menus[0]
    assert "  1. Review (4 questions due)\n" in reviewer.menus[0]
    for number in range(1, 5):
        assert f"Review question {number} of 4, from Small module\n" in out
    assert "Review done: 4 of 4 right.\nNext review: " in out
    assert "Explanation: " in out  # the quiz's feedback and why
    assert "Review:" not in reviewer.menus[1]  # nothing due now: nothing said
    assert learner.due().count == 0 and learner.due().next_due > "2027-02-11"
    assert len(store.review_answers(learner.profile.id)) == 4


def test_leaving_a_review_midway_keeps_the_answers_given(modules, monkeypatch):
    store = Store.in_memory()
    learner = passed_on(store, modules, "2027-01-10", monkeypatch)
    monkeypatch.setenv(TODAY, "2027-02-10")
    reviewer = Reviewer(modules[0], leave_at=2)
    status, out = run(reviewer, store, modules, profile="Robin")
    assert status == 0
    assert "Review left: 1 answer kept.\n3 more questions are due now: type review to go on.\n" in out
    assert "Review: 3 questions due.\n" in reviewer.menus[1]
    assert [row[3] for row in store.review_answers(learner.profile.id)] == [True]
    assert learner.due().count == 3


def test_with_nothing_due_home_says_nothing_and_review_says_when_the_next_is(modules, monkeypatch):
    store = Store.in_memory()
    passed_on(store, modules, "2027-01-10", monkeypatch)
    status, out = run(["review", "?", "quit"], store, modules, profile="Robin")
    assert status == 0
    assert "Review:" not in out.split("> review")[0]
    assert "Nothing is due for review now.\nNext review: " in out
    assert "  review    at the main menu: review the questions that are due again\n" in out


def test_review_and_progress_say_so_before_any_answer(modules):
    status, out = run(["new", "Robin", "review", "3", "", "quit"], Store.in_memory(), modules)
    assert status == 0
    assert "Nothing is due for review now.\nNo question is waiting for review yet" in out
    assert "- Small module: not started\nReview: nothing due.\n" in out  # Your progress


# -- the confidence question -----------------------------------------------------------------------------

def learner_in(store: Store):
    """The one profile's learner, to read what was kept."""
    [profile] = store.profiles()
    return profile


def first_lesson(replies: dict[str, str]):
    """A new learner opens lesson 1 of "small", answers the questions met on the way with `replies` (text on
    screen -> line typed), reads the lesson's first page and stops."""

    def respond(screen: str) -> str | None:
        for seen, reply in replies.items():
            if seen in screen:
                return reply
        if "Lesson 1 of" in screen:
            return None
        return newcomer(screen) or ("1" if "Lesson 1: " in screen else None)

    return respond


def test_confidence_is_asked_before_the_first_lesson_and_after_the_passed_quiz(modules):
    store = Store.in_memory()
    status, out = run(first_lesson({"How confident do you feel": "4", "short pre-test": "2"}), store, modules,
                      module_id="small", outcomes=True)
    assert status == 0
    assert "Before you start Small module:\nHow confident do you feel to talk about this topic" in out
    assert "  5. Very confident\n  6. Skip this question\n" in out
    profile = learner_in(store)
    assert store.confidence(profile.id, "small") == {"before": 4}

    answers = RightAnswers(modules[0])
    seen: list[str] = []

    def quiz(screen: str) -> str | None:
        seen.append(screen)
        if "How confident do you feel" in screen:
            return "next"  # skipped
        if "Quiz results:" in screen:
            return None
        if "Back to the main menu" in screen:
            return option(screen, "Quiz (")
        return answers(screen)

    status, out = run(quiz, store, modules, profile="Robin", module_id="small", outcomes=True)
    assert status == 0
    assert "Now that you have finished Small module:\nHow confident do you feel" in out
    assert store.confidence(profile.id, "small") == {"before": 4, "after": None}
    assert out.count("How confident do you feel") == 1  # not again before lesson 1: asked once


def numbered_lines(screen: str) -> list[tuple[str, str]]:
    return re.findall(r"^  (\d+)\. (.*)$", screen, re.M)


def test_confidence_is_not_asked_when_the_site_turns_it_off_nor_of_a_guest(modules):
    store = Store.in_memory()
    status, out = run(first_lesson({"short pre-test": "2"}), store, modules, module_id="small", outcomes=True,
                      access=Access(confidence=False))
    assert status == 0 and "Lesson 1 of" in out
    assert "How confident" not in out
    status, out = run(first_lesson({"short pre-test": "2"}), Store.in_memory(), modules, module_id="small",
                      outcomes=True, guest=True)
    assert status == 0 and "Lesson 1 of" in out
    assert "How confident" not in out and "pre-test" not in out  # a guest's record is not kept: nothing to compare


# -- the pre-test --------------------------------------------------------------------------------------

def test_the_pre_test_is_asked_without_feedback_then_its_score_and_never_again(modules):
    store = Store.in_memory()
    right = RightAnswers(modules[0])

    def respond(screen: str) -> str | None:
        if "You got" in screen:
            return None
        return first_lesson({"How confident": "6", "short pre-test": "1"})(screen) or right(screen)

    status, out = run(respond, store, modules, module_id="small", outcomes=True)
    assert status == 0
    assert "Before you start Small module: a short pre-test.\n3 questions from the module's quiz" in out
    assert "Pre-test question 3 of 3\n" in out
    pretest = out.split("Pre-test question 1 of 3")[1].split("You got")[0]
    assert "Explanation:" not in pretest and "You chose" not in pretest  # no feedback on the way
    assert "You got 3 of 3 right. Now the lesson.\n\nLesson 1 of 2" in out
    profile = learner_in(store)
    assert store.pretest(profile.id, "small") == (3, 3)
    assert store.attempts(profile.id, "small") == []  # not a quiz attempt
    assert store.due_cards(profile.id) == []  # and no review cards

    status, out = run(["2", "quit"], store, modules, profile="Robin", module_id="small", outcomes=True)
    assert "Lesson 2 of 2" in out and "pre-test" not in out


def test_the_pre_test_is_offered_only_where_the_site_asks_for_it(modules):
    store = Store.in_memory()
    status, out = run(first_lesson({"How confident": "6"}), store, modules, module_id="small", outcomes=True,
                      access=Access())  # [course] pretest is off unless a site turns it on
    assert "Lesson 1 of 2" in out and "pre-test" not in out
    assert store.pretest(learner_in(store).id, "small") is None


def test_the_pre_test_can_be_skipped_and_is_not_offered_again(modules):
    store = Store.in_memory()
    status, out = run(first_lesson({"How confident": "6", "short pre-test": "2"}), store, modules, module_id="small",
                      outcomes=True)
    assert "Pre-test skipped.\n\nLesson 1 of 2" in out
    assert store.pretest(learner_in(store).id, "small") == (None, 0)
    status, out = run(["1", "quit"], store, modules, profile="Robin", module_id="small", outcomes=True)
    assert "Lesson 1 of 2" in out and "pre-test" not in out and "How confident" not in out


def test_leaving_the_pre_test_midway_keeps_the_answers_given(modules):
    store = Store.in_memory()
    right = RightAnswers(modules[0])
    given: list[str] = []

    def respond(screen: str) -> str | None:
        if "Pre-test question 2 of 3" in screen:
            given.append(screen)
            return "back"
        if given:
            return None  # back at the module's menu
        return first_lesson({"How confident": "6", "short pre-test": "1"})(screen) or right(screen)

    run(respond, store, modules, module_id="small", outcomes=True)
    assert store.pretest(learner_in(store).id, "small") == (1, 1)


# -- refreshers ------------------------------------------------------------------------------------------

def test_a_module_passed_long_ago_says_refresher_due_in_the_list_and_its_own_text(modules, monkeypatch):
    store = Store.in_memory()
    yearly = Access(refresher_months=12)

    def module_menu(screen: str) -> str | None:
        if "Main menu" in screen:
            return option(screen, "Small module")
        return None

    passed_on(store, modules, "2027-01-10", monkeypatch, yearly)
    monkeypatch.setenv(TODAY, "2027-06-10")
    status, out = run(module_menu, store, modules, profile="Robin", access=yearly)
    assert "Small module (passed 4 of 4)\n" in out and "refresher due" not in out.lower()
    monkeypatch.setenv(TODAY, "2028-02-10")
    status, out = run(module_menu, store, modules, profile="Robin", access=yearly)
    assert status == 0
    assert "Small module (passed 4 of 4, refresher due)\n" in out
    assert "Your progress: passed 4 of 4.\nRefresher due: " in out  # the module's own text: it stays passed
    status, out = run(module_menu, store, modules, profile="Robin")  # a site without refreshers
    assert "refresher due" not in out.lower()


def option(screen: str, text: str) -> str:
    """The number of the option on the screen that starts with `text`."""
    return next(n for n, shown in numbered_lines(screen) if shown.startswith(text))


def test_the_pre_test_is_not_offered_once_the_quiz_was_taken_first(modules):
    from mhcourse.learning.answers import correct_answer

    store = Store.in_memory()
    learner = Desk(store).start(store.create_profile("Robin"), modules, random.Random(SEED))
    module = modules[0]
    attempt = learner.quiz_attempt(module)
    for question in module.questions:
        learner.answer(attempt, question, correct_answer(question))
    learner.finish_attempt(module, attempt)
    assert not learner.pretest_offered(module)
    status, out = run(first_lesson({"How confident": "6"}), store, modules, profile="Robin", module_id="small",
                      outcomes=True)
    assert "Lesson 1 of 2" in out and "pre-test" not in out


def test_a_question_its_author_removed_drops_out_of_review(modules, tmp_path, monkeypatch):
    store = Store.in_memory()
    passed_on(store, modules, "2027-01-10", monkeypatch)
    monkeypatch.setenv(TODAY, "2027-02-10")
    write_module(tmp_path / "edited", "small", text=rich_text().split('[[quiz.questions]]\nid = "q4"')[0])
    edited = load(tmp_path / "edited")
    status, out = run(["review", "back", "quit"], store, edited, profile="Robin")
    assert "Review: 3 questions due.\n" in out and "Review question 1 of 3, from Small module" in out
    assert "Match each word" not in out
