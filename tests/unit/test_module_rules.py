"""The core's rules that every face asks: when a content note comes first, and where Continue leads."""

from __future__ import annotations

from helpers import small_module
from mhcourse.learning.answers import correct_answer
from mhcourse.learning.progress import Place, Status
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store


def learner(*modules) -> Learner:
    store = Store.in_memory()
    return Learner(store, store.create_profile("Robin"), list(modules))


def test_the_note_is_asked_until_chosen_and_again_after_a_skip():
    noted = small_module("Talks about hard things.")
    robin = learner(noted)
    assert robin.needs_content_note(noted)
    robin.accept_content_note(noted)
    assert not robin.needs_content_note(noted)
    assert robin.state(noted).status is Status.NOT_STARTED  # reading the note is not progress

    robin.skip_module(noted)
    assert robin.needs_content_note(noted) and robin.state(noted).status is Status.SKIPPED
    robin.accept_content_note(noted)  # going on takes the skip back
    assert not robin.needs_content_note(noted) and not robin.record(noted).skipped


def test_progress_without_a_chosen_note_still_asks_it():
    """A learner who got in without the note (as the TUI's continue row once allowed) is asked it next time."""
    noted = small_module("Talks about hard things.")
    robin = learner(noted)
    robin.open_lesson(noted, "first")
    assert robin.needs_content_note(noted)


def test_a_module_without_a_note_never_asks_one():
    plain = small_module()
    assert not learner(plain).needs_content_note(plain)


def test_a_finished_practice_conversation_is_progress_and_continue_leads_past_it():
    small = small_module()
    robin = learner(small)
    store, me = robin.store, robin.profile.id
    store.save_place(me, Place("small", "scenario", "talk"))
    assert robin.continue_place() == Place("small", "scenario", "talk")  # not finished yet: go back to it

    store.record_scenario_run(me, "small", "talk", [], "end")
    assert robin.state(small).status is Status.IN_PROGRESS
    assert robin.record(small).scenarios_done == {"talk"}
    assert robin.continue_place() == Place("small", "lesson", "first")

    for lesson in small.lessons:
        robin.finish_lesson(small, lesson.id)
    assert robin.continue_place() == Place("small", "quiz")
    attempt = robin.new_attempt(small)
    for question in attempt.plan.questions:
        robin.answer(attempt, small.question(question.id), correct_answer(small.question(question.id)))
    robin.finish_attempt(small, attempt)
    store.save_place(me, Place("small", "scenario", "talk"))
    assert robin.continue_place() is None  # all done: nothing left, never the finished conversation

