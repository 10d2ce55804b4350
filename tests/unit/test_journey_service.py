"""The journey service both faces drive: the front desk (profiles, PINs, the guest) and the learner's way
through a module (the gate, continue, the quiz's label, questions and results, a practice walk).

Each rule once, through the core; the faces' own tests check that they show it.
"""

from __future__ import annotations

import pytest

from helpers import small_module
from mhcourse.errors import ProfileError
from mhcourse.learning.answers import correct_answer
from mhcourse.learning.progress import Place
from mhcourse.learning.quiz import Attempt, QuizPlan, ShownQuestion
from mhcourse.progress.access import Access, Kiosk
from mhcourse.progress.desk import NAME_LIMIT, Desk, check_new_pin, try_again_at
from mhcourse.progress.journey import Target
from mhcourse.progress.pins import PIN_TRIES
from mhcourse.progress.store import Store
from mhcourse.progress.store.profiles import MAX_NAME


class Clock:
    """Wall-clock seconds for PIN locks, moved on by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def a_desk(access: Access | None = None, clock: Clock | None = None) -> Desk:
    return Desk(Store.in_memory(now_seconds=clock or Clock()), access)


def hidden() -> Access:
    return Access(kiosk=Kiosk(hide_names=True, facilitator_pin_ok=lambda pin: pin == "9999"))


# -- the front desk ---------------------------------------------------------------------------------

def test_hidden_names_list_no_profiles():
    desk = a_desk(hidden())
    desk.store.create_profile("Robin")
    assert desk.profiles() == []
    assert [p.name for p in a_desk_with("Robin").profiles()] == ["Robin"]


def a_desk_with(*names: str) -> Desk:
    desk = a_desk()
    for name in names:
        desk.create(name)
    return desk


def test_find_matches_a_name_in_any_case_and_an_id():
    desk = a_desk_with("Robin")
    robin = desk.find("ROBIN")
    assert robin is not None and desk.find(robin.id) == robin and desk.find("Sam") is None


def test_the_name_limit_is_the_stores():
    assert NAME_LIMIT == MAX_NAME
    with pytest.raises(ProfileError):
        a_desk().create("x" * (NAME_LIMIT + 1))


def test_a_taken_name_is_refused_and_with_hidden_names_without_repeating_it():
    desk = a_desk_with("Robin")
    with pytest.raises(ProfileError, match="already a profile called 'robin'"):
        desk.free_name("robin")
    quiet = a_desk(hidden())
    quiet.create("Robin")
    with pytest.raises(ProfileError, match="already taken"):
        quiet.free_name("robin")


def test_where_pins_are_required_a_profile_is_made_only_with_its_pin():
    desk = a_desk(Access(require_pin=True))
    with pytest.raises(ProfileError, match="asks every profile for a PIN"):
        desk.create("Robin")
    assert desk.store.profiles() == []
    made = desk.create("Robin", "2468")
    assert made.ok and made.profile is not None and made.profile.has_pin


def test_a_pinless_profile_on_a_site_that_requires_pins_sets_one_first():
    desk = a_desk()
    desk.create("Robin")
    strict = Desk(desk.store, Access(require_pin=True))
    opening = strict.open("Robin")
    assert opening.ok and opening.set_pin and strict.offers_pin(opening)


def test_a_new_profile_is_offered_a_pin_on_a_shared_computer_only():
    assert a_desk(Access(shared=True)).offers_pin(a_desk(Access(shared=True)).create("Robin"), new=True)
    assert not a_desk().offers_pin(a_desk().create("Robin"), new=True)


def test_a_pin_profile_asks_for_its_pin_and_counts_wrong_ones_to_a_lock():
    clock = Clock()
    desk = a_desk(clock=clock)
    robin = desk.create("Robin").profile
    assert robin is not None
    desk.set_pin(robin, "2468")
    assert desk.open(robin.id).status == "pin"
    wrong = desk.open(robin.id, "1111")
    assert wrong.status == "refused" and wrong.tries_left == PIN_TRIES - 1
    assert desk.refusal(wrong) == "That is not the PIN. 4 more tries before a pause."
    for _ in range(PIN_TRIES - 1):
        last = desk.open(robin.id, "1111")
    assert last.status == "locked" and last.seconds_left == 60
    assert desk.refusal(last).startswith(f"That profile is paused after {PIN_TRIES} wrong PINs. "
                                         f"Try again after {try_again_at(clock.now + 60)}.")
    assert desk.open(robin.id, "2468").status == "locked"  # not even the right PIN while locked
    told = desk.lock(robin.id)
    assert told is not None and told.status == "locked"
    clock.now += 61
    assert desk.lock(robin.id) is None and desk.open(robin.id, "2468").ok


def test_with_hidden_names_an_unknown_name_reads_like_a_wrong_pin_and_is_never_made():
    desk = a_desk(hidden())
    robin = desk.create("Robin", "2468").profile
    assert robin is not None
    assert desk.open("Robin").status == desk.open("Robyn").status == "pin"
    answers = [desk.refusal(desk.open(name, "1111")) for name in ("Robin", "Robyn")]
    assert answers[0] == answers[1] == "Name or PIN not recognised. 4 more tries before a pause."
    assert desk.find("Robyn") is None


def test_a_profile_deleted_after_the_list_was_drawn_is_gone():
    desk = a_desk_with("Robin")
    robin = desk.find("Robin")
    assert robin is not None
    desk.store.delete_profile(robin.id)
    assert desk.open(robin.id).status == "gone"


def test_checking_ones_own_pin_counts_as_at_opening():
    desk = a_desk()
    robin = desk.create("Robin").profile
    assert robin is not None
    desk.set_pin(robin, "2468")
    assert desk.has_pin(robin)  # gained since it was opened
    assert desk.refusal(desk.check_own_pin(robin, "1111"), hidden=False).startswith("That is not the PIN. 4 more")
    assert desk.check_own_pin(robin, "2468").ok


def test_a_new_pin_is_checked_before_it_is_asked_again():
    with pytest.raises(ProfileError, match="at least 4"):
        check_new_pin("12")
    check_new_pin("2468")


def test_the_facilitator_pin_is_counted_and_locked():
    clock = Clock()
    desk = a_desk(hidden(), clock)
    assert desk.facilitator_refusal(desk.check_facilitator("0000")) == \
        "That is not the facilitator PIN. 4 more tries before a pause."
    for _ in range(PIN_TRIES - 1):
        desk.check_facilitator("0000")
    locked = desk.facilitator_lock()
    assert locked is not None
    assert desk.facilitator_refusal(locked) == f"Too many wrong PINs. Try again after {try_again_at(clock.now + 60)}."
    assert not desk.check_facilitator("9999").ok  # locked: not even checked


def test_a_guest_is_kept_nowhere():
    desk = a_desk()
    guest = desk.guest([small_module()])
    assert guest.is_guest and guest.store is not desk.store and desk.store.profiles() == []
    desk.leave(guest)


def test_going_in_touches_the_profile_and_a_learner_is_no_guest():
    desk = a_desk_with("Robin")
    robin = desk.find("Robin")
    assert robin is not None
    assert not desk.start(robin, [small_module()]).is_guest


def test_the_desk_tells_whether_the_store_still_reads():
    desk = a_desk()
    assert desk.still_reads()
    desk.store.db.close()
    assert not desk.still_reads()


# -- the learner's way through a module ----------------------------------------------------------------

def a_learner(*modules):
    desk = a_desk_with("Robin")
    robin = desk.find("Robin")
    assert robin is not None
    return desk.start(robin, list(modules))


def test_the_gate_asks_the_note_until_chosen_and_again_after_a_skip_which_can_be_taken_back():
    noted = small_module("Talks about hard things.")
    robin = a_learner(noted)
    assert robin.gate(noted).ask and robin.gate(noted).note == "Talks about hard things."
    robin.accept_content_note(noted)
    assert not robin.gate(noted).ask
    robin.skip_module(noted)
    assert robin.gate(noted).ask and robin.record(noted).skipped
    robin.take_back_skip(noted)
    assert not robin.record(noted).skipped
    plain = small_module()
    assert robin.gate(plain).note is None and not robin.gate(plain).ask


def test_continue_leads_to_the_saved_place_with_its_words():
    module = small_module()
    robin = a_learner(module)
    step = robin.next_step()
    assert step is not None and not step.started and step.lead == "Start here: "
    robin.open_lesson(module, "second")
    step = robin.next_step()
    assert step is not None and step.started and step.target == Target("lesson", 1)
    assert step.words == "Small module › Second lesson"
    assert step.lead == "Continue where you left off: " and step.hint == "Press Enter to pick up where you left off."
    robin.quiz_attempt(module)
    assert robin.place_words(Place(module.id, "quiz")).endswith(" › Quiz")
    assert robin.place_words(Place(module.id, "scenario", "talk")).endswith(" › Practice: A talk")
    assert robin.place_words(Place("gone", "quiz")) == "gone"


def test_after_a_lesson_comes_the_next_then_the_quiz():
    module = small_module()
    robin = a_learner(module)
    assert robin.after_lesson(module, 0) == Target("lesson", 1)
    assert robin.after_lesson(module, 1) == Target("quiz")


def test_the_quiz_label_says_its_state():
    module = small_module()
    robin = a_learner(module)
    count = len(module.quiz.questions)
    assert robin.quiz_label(module) == f"{count} questions; pass mark 50%"
    attempt = robin.quiz_attempt(module)
    first = robin.next_question(module, attempt)
    assert first is not None and first.number == 1 and first.heading == f"question 1 of {count}"
    robin.answer(attempt, first.question, correct_answer(first.question))
    if count > 1:
        assert robin.quiz_label(module).endswith(" · resume at question 2")
    while (next_one := robin.next_question(module, attempt)) is not None:
        robin.answer(attempt, next_one.question, correct_answer(next_one.question))
    robin.finish_attempt(module, attempt)
    assert robin.quiz_label(module) == f"passed, best {count}/{count}"


def test_removed_questions_are_passed_over_and_left_out_of_the_review():
    module = small_module()
    robin = a_learner(module)
    real = module.quiz.questions[0]
    attempt = Attempt(1, module.id, QuizPlan((ShownQuestion("removed"), ShownQuestion(real.id))))
    step = robin.next_question(module, attempt)
    assert step is not None and step.question.id == real.id and step.number == 2
    attempt.answers[real.id] = correct_answer(real)
    assert robin.next_question(module, attempt) is None
    from mhcourse.learning.quiz import score

    result = robin.results(module, attempt, score(module, attempt.answers, attempt.plan))
    assert [(row.number, row.question.id, row.right) for row in result.rows] == [(2, real.id, True)]
    assert result.score_words == "You scored 1 out of 1 (100%)." and result.verdict == "Passed. Well done."
    assert result.pass_mark_words == "The pass mark is 50%."
    assert result.row(real.id) is not None and result.row("removed") is None


def test_a_walk_saves_its_place_and_records_its_ending():
    module = small_module()
    robin = a_learner(module)
    scenario = module.scenario("talk")
    assert scenario is not None
    walk = robin.walk(module, scenario)
    assert robin.store.place(robin.profile.id) == Place(module.id, "scenario", "talk")
    assert not robin.record(module).scenarios_done
    [helpful] = walk.options()
    choice = walk.choose(helpful)
    assert walk.ended and choice.feedback == "Gentle and open."
    assert robin.record(module).scenarios_done == {"talk"}
    assert walk.summary().helpful == 1
    walk.again()
    assert not walk.ended and walk.summary().helpful == 0
