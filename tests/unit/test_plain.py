"""The plain face (`mhcourse read`), driven in-process through text streams, as a learner would type."""

from __future__ import annotations

import io
import random
import re
import sys

import pytest

from helpers import write_module
from mhcourse.content.helplines import built_in
from mhcourse.content.models import Module
from mhcourse.learning.progress import Status
from mhcourse.plain import PlainSession
from mhcourse.progress.desk import Desk, try_again_at
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from plain_driver import (
    FORBIDDEN,
    PIN,
    SEED,
    Clock,
    Typist,
    journey,
    load,
    numbered,
    protected,
    quiet,
    rich_text,
    run,
    small_modules,
)


@pytest.fixture
def modules(tmp_path) -> list[Module]:
    return small_modules(tmp_path)


# -- a whole journey -----------------------------------------------------------------------------

def test_a_learner_reads_the_lessons_passes_the_quiz_and_practises(tmp_path, modules):
    store = Store.open(tmp_path / "data")
    status, out = run(journey(modules[0]), store, modules, module_id="small")
    assert status == 0
    assert "Lesson 1 of 2: First lesson" in out and "Lesson 2 of 2: Second lesson" in out
    assert "Key points:\n\n- People recover." in out
    assert "Quiz results: Small module" in out and "You scored 4 out of 4 (100%). The pass mark is 50%." in out
    assert "You made 1 choice: 1 helpful, 0 neutral, 0 unhelpful." in out
    assert "Your helpful choices:\n- You seem quiet lately. How are you really?" in out
    assert out.rstrip().endswith("Your progress is saved. Goodbye.")
    assert not FORBIDDEN.search(out)
    profile = store.profile("Robin")
    learner = Learner(store, profile, modules)
    assert learner.state(modules[0]).status is Status.PASSED
    assert store.scenario_runs(profile.id, "small")[0]["ending"] == "end"


def test_a_knowledge_check_gives_feedback_and_can_be_skipped(modules):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", "", "1", "next", "next", "quit"], store, modules, module_id="small")
    assert "Knowledge check 1 of 1 (not graded)\nPeople can recover.\n  1. True\n  2. False" in out
    assert "> 1\nRight.\nExplanation: Most people do." in out
    assert "End of lesson 1: First lesson. It is marked as done." in out
    assert "Lesson 2 of 2: Second lesson" in out
    profile = store.profile("Robin")
    assert Learner(store, profile, modules).record(modules[0]).lessons_completed == {"first", "second"}
    [(given, correct)] = store.db.execute("SELECT given, correct FROM checks").fetchall()
    assert (given, correct) == ("true", 1)


def test_a_wrong_quiz_can_be_tried_again_as_a_new_attempt(tmp_path, modules):
    tries = []

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            return "1"
        if "new profile" in screen:
            return "Robin"
        if "Quiz results:" in screen:
            tries.append(screen)
            return "1" if len(tries) == 1 else "2"
        if "Back to the main menu" in screen and "Lesson 1:" in screen:
            return "3" if not tries else "quit"
        if re.search(r"^Question \d", screen, re.M):
            shown = numbered(screen)
            if "Which helps?" in screen:
                return shown["Ignoring"]
            if "Order these." in screen:
                return " ".join(shown[i] for i in ("three", "two", "one"))
            if "Which of these help?" in screen:
                return shown["Mocking"]
            return "1"
        if "Each meaning fits one term" in screen:
            return "2"  # check the answer as it is: every term was given the first meaning
        if "Type the number of its meaning" in screen:
            return "1"
        return None

    store = Store.in_memory()
    status, out = run(respond, store, modules, module_id="small")
    assert status == 0
    assert "Not passed this time" in tries[0]
    assert "Not quite.\nYou chose: Ignoring.\nNo.\nThe right answer: Listening" in out
    assert re.search(r"You chose: Mocking\.\nMocking hurts\.\n"
                     r"Right, but you missed them: (Listening; Asking|Asking; Listening)\.\n"
                     r"You chose it, but it is not right: Mocking\.\n", out)
    assert "Not quite: " in out and "The right order:\n  1. one\n  2. two\n  3. three" in out
    assert "Order these.\n  1." in out  # the prompt asks for the order: no second "Put these in the right order:"
    assert re.search(r"^- Question \d, wrong: Which helps\?$", tries[0], re.M)
    assert len(tries) == 2  # the second attempt ran to its results too
    profile = store.profile("Robin")
    assert len(store.attempts(profile.id, "small")) == 2


# -- end of input ----------------------------------------------------------------------------------

def test_end_of_input_at_every_prompt_ends_cleanly_and_keeps_progress(tmp_path, modules):
    first = Store.open(tmp_path / "full")
    output = io.StringIO()
    typist = Typist(output, journey(modules[0]))
    PlainSession(typist, output, Desk(first, quiet()), modules, rng=random.Random(SEED)).run(module_id="small")
    script = typist.typed
    assert len(script) > 15
    for cut in range(len(script) + 1):
        store = Store.open(tmp_path / f"cut-{cut}")
        status, out = run(script[:cut], store, modules, module_id="small")
        assert status == 0, out
        ending = out.rstrip().splitlines()[-1]
        assert ending in ("End of input. Your progress is saved. Goodbye.", "End of input. Goodbye.",
                          "Your progress is saved. Goodbye."), (cut, out[-400:])
        assert out.count("Traceback") == 0 and not FORBIDDEN.search(out)
        store.close()
    # What was done before the input ended is kept: the prefix ending inside the quiz left an attempt to resume.
    second = next(i for i, screen in enumerate(typist.screens) if "Question 2 of 4" in screen)
    store = Store.open(tmp_path / "resume")
    run(script[:second], store, modules, module_id="small")
    profile = store.profile("Robin")
    attempt = store.unfinished_attempt(profile.id, "small")
    assert attempt is not None and len(attempt.answers) == 1
    records = Learner(store, profile, modules).record(modules[0])
    assert records.lessons_completed == {"first", "second"}
    status, out = run(["1", "1"], store, modules)  # choose Robin, then Continue where you left off
    assert "Continue where you left off: Small module, Quiz" in out
    assert f"Welcome back: {len(attempt.answers)} of 4 questions answered." in out


def test_end_of_input_before_any_profile_says_goodbye(modules):
    status, out = run([], Store.in_memory(), modules)
    assert status == 0
    assert out.rstrip().endswith("End of input. Goodbye.")


# -- bad input, help and commands ----------------------------------------------------------------------

def test_bad_input_re_asks_with_a_short_hint(modules):
    store = Store.in_memory()
    store.create_profile("Sam")
    script = ["", "banana", "0", "99", "next", "2", "Robin", "x", "-1", "3.5", "6", "quit"]
    status, out = run(script, store, modules)
    assert status == 0
    profiles, menu = out.split("Hello, Robin.")
    # every re-ask repeats the prompt's own instruction: what can be typed here
    assert profiles.count("Type the number or the name of your profile, new to make one, or guest to learn without "
                          "saving. Type ? for the list of commands.") == 4
    assert "There is no profile called 'banana'." in profiles
    assert profiles.count("There is no next step here.") == 1
    assert menu.count("That is not one of the choices. Type a number from 1 to 5, then press Enter. "
                      "Type ? for the list of commands.") == 4
    assert menu.count("Main menu") == 1  # re-asked at the same prompt, not shown again


def test_bad_answers_re_ask_for_each_kind_of_question(modules):
    store = Store.in_memory()
    learner = Learner(store, store.create_profile("Robin"), modules, random.Random(SEED))
    attempt = learner.quiz_attempt(modules[0])
    order = [q.id for q in attempt.plan.questions]
    junk = {"q1": ["", "0", "1 2", "yes"], "q2": ["1 1 2", "1 2", "4 1 2", "a b c"], "q3": ["", "9", "1 x"],
            "q4": ["0", "4", "one"]}
    hints = {"q1": "Please type one number from 1 to 2.", "q2": "Please type each number from 1 to 3 once",
             "q3": "Please type one or more numbers from 1 to 3",
             "q4": "Please type one number from 1 to 3: the meaning of Stigma."}
    script = ["1", "3"]
    for question_id in order:
        right = {"q4": ["1", "1", "1", "2"], "q2": ["1 2 3"]}.get(question_id, ["1"])  # 2: check it as it is
        script += junk[question_id] + right
    status, out = run(script, store, modules, module_id="small")
    assert status == 0
    for question_id in order:
        assert out.count(hints[question_id]) == len(junk[question_id]), question_id
    re_asks = [line for line in out.splitlines() if line.startswith("Please ")]
    assert len(re_asks) == sum(map(len, junk.values()))
    for line in re_asks:  # the way out of the quiz is repeated with every hint
        assert line.endswith(" Type back to leave; your answers so far are kept."), line
    assert "Quiz results: Small module" in out


def test_a_bad_answer_to_a_knowledge_check_repeats_that_next_skips_it(modules):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", "", "maybe", "next", "quit"], store, modules, module_id="small")
    hint = "Please type 1 for True or 2 for False (or yes or no). Type next to skip this check."
    assert out.count(hint) == 2
    assert "Skipped." in out


def test_help_prints_the_emergency_line_first_then_returns_to_the_same_prompt(modules):
    script = ["help", "1", "Robin", "1", "help"]
    status, out = run(script, Store.in_memory(), modules, module_id="small", country="GB")
    helplines = built_in()
    for shown in out.split("> help\n")[1:]:
        first = next(line for line in shown.splitlines() if line.strip())
        assert first == helplines.emergency
        assert shown.index("United Kingdom") < shown.index("United States")
        assert "Get help now: crisis lines by country; United Kingdom is listed first." in shown
        assert helplines.directory in shown and f"List checked: {helplines.checked_words}" in shown
    after = out.split("> help\n")[2]
    # back at the same prompt: the lesson's knowledge check is shown again
    assert after.split("To list another country first, type country.")[1].lstrip().startswith("Knowledge check 1 of 1")


def test_help_puts_the_learners_country_first(modules, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_NZ.UTF-8")
    store = Store.in_memory()
    status, out = run(["help"], store, modules)
    assert out.index("New Zealand") < out.index("United States")
    robin = store.create_profile("Robin")
    store.set_setting(robin.id, "country", "IE")
    status, out = run(["1", "help"], store, modules)
    shown = out.split("> help\n")[1]
    assert shown.index("Ireland") < shown.index("United States") < shown.index("New Zealand")


def test_question_mark_lists_the_commands(modules):
    status, out = run(["?"], Store.in_memory(), modules)
    listed = out.split("> ?\n")[1]
    for command in ("next", "back", "help", "?", "quit"):
        assert re.search(rf"^  {re.escape(command)} +\S", listed, re.M)


def test_back_goes_up_one_level_and_leaves_a_lesson_unfinished(modules):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", "back", "back", "quit"], store, modules, module_id="small")
    assert status == 0
    assert out.count("Mental health is part of health") == 1
    assert "Main menu" in out
    record = Learner(store, store.profile("Robin"), modules).record(modules[0])
    assert record.lessons_opened == {"first"} and not record.lessons_completed


# -- profiles, guests and modules ----------------------------------------------------------------------

def test_profile_names_are_checked_plainly(modules):
    store = Store.in_memory()
    store.create_profile("Sam")
    status, out = run(["new", "   ", "sam", "x" * 41, "Robin", "quit"], store, modules)
    assert "A name needs at least one letter or number." in out
    assert "There is already a profile called 'sam'." in out
    assert "Please keep the name to 40 characters or fewer." in out
    assert "Hello, Robin." in out
    assert {p.name for p in store.profiles()} == {"Sam", "Robin"}


def test_an_existing_profile_is_chosen_by_number_and_back_switches(modules):
    store = Store.in_memory()
    store.create_profile("Sam")
    status, out = run(["1", "back", "2", "Robin", "quit"], store, modules)
    assert "Hello, Sam." in out and "Hello, Robin." in out
    assert out.count("Who is learning?") == 2


def test_profile_option_uses_or_makes_the_profile(modules):
    store = Store.in_memory()
    status, out = run(["quit"], store, modules, profile="Robin")
    assert "Made a new profile called Robin." in out and "Who is learning?" not in out
    status, out = run(["quit"], store, modules, profile="robin")
    assert "Hello, Robin." in out and "Made a new" not in out
    assert len(store.profiles()) == 1


def test_a_protected_profile_opens_with_its_pin_which_is_never_printed(modules):
    store = Store.in_memory()
    protected(store)
    status, out = run(["1", PIN, "quit"], store, modules)
    assert status == 0
    assert "Sam (protected with a PIN)" in out
    assert "Sam is protected with a PIN. Type the PIN and press Enter" in out
    assert "Hello, Sam." in out and "Main menu" in out
    assert PIN not in out and "4071" not in out
    status, out = run([PIN, "quit"], store, modules, profile="sam")
    assert "Who is learning?" not in out and "Hello, Sam." in out
    assert "4071" not in out


def test_back_at_the_pin_goes_to_the_profile_list_and_end_of_input_ends_cleanly(modules):
    store = Store.in_memory()
    protected(store)
    status, out = run(["1", "back", "2", "Robin", "back", "2", PIN, "quit"], store, modules)  # Robin is now first
    assert "Hello, Robin." in out and "Hello, Sam." in out
    assert out.count("Who is learning?") == 3
    status, out = run(["back", "new", "Kai", "quit"], store, modules, profile="Sam")
    assert "Who is learning?" in out and "Hello, Kai." in out and "Hello, Sam." not in out
    status, out = run([], store, modules, profile="Sam")  # the input ends at the PIN prompt
    assert status == 0
    assert out.rstrip().endswith("> \nEnd of input. Goodbye.")


def test_five_wrong_pins_pause_the_profile_even_in_a_new_session_until_the_minute_is_over(tmp_path, modules):
    clock = Clock()
    store = Store.open(tmp_path / "data", now_seconds=clock)
    protected(store)
    status, out = run(["1", *["0000 wrong"] * 5, PIN, "quit"], store, modules)
    for tries in (4, 3, 2):
        assert f"That is not the PIN. {tries} more tries before a pause." in out
    assert "That is not the PIN. 1 more try before a pause." in out
    until = try_again_at(clock.now + 60)  # the minute by which it is surely over, e.g. 14:05
    paused = f"That profile is paused after 5 wrong PINs. Try again after {until}."
    assert out.count(paused) == 2  # the fifth wrong PIN, then the right one, which is not even checked now
    assert "The facilitator's command: mhcourse profile reset-pin Sam" in out
    assert "Hello, Sam." not in out
    assert PIN not in out and "0000" not in out
    store.close()

    clock.now += 30
    store = Store.open(tmp_path / "data", now_seconds=clock)
    status, out = run(["1", PIN, "quit"], store, modules)
    assert out.count("That profile is paused after 5 wrong PINs") == 2  # when chosen, and after the PIN
    assert f"Try again after {until}." in out
    assert "Hello, Sam." not in out and PIN not in out
    store.close()

    clock.now += 31
    store = Store.open(tmp_path / "data", now_seconds=clock)
    status, out = run(["1", PIN, "quit"], store, modules)
    assert "paused" not in out
    assert "Hello, Sam." in out and PIN not in out
    store.close()


def test_a_pin_is_not_echoed_and_a_blank_line_is_not_a_try(modules):
    store = Store.in_memory()
    protected(store)
    status, out = run(["1", "", "nope nope", PIN, "quit"], store, modules, echo=True)
    assert "Please type the PIN, then press Enter." in out
    assert "That is not the PIN. 4 more tries" in out  # the blank line did not count
    assert "Hello, Sam." in out
    assert "nope nope" not in out and PIN not in out
    assert "> 1\n" in out  # other lines are still echoed


def test_on_a_terminal_the_pin_is_read_with_getpass(modules, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal("1\nquit\n")
    prompts: list[str] = []

    def fake_getpass(prompt: str = "Password: ", stream=None) -> str:
        prompts.append(prompt)
        return PIN

    monkeypatch.setattr(sys, "stdin", terminal)
    monkeypatch.setattr("mhcourse.plain.prompts.getpass.getpass", fake_getpass)
    store = Store.in_memory()
    protected(store)
    output = io.StringIO()
    status = PlainSession(sys.stdin, output, Desk(store), modules, rng=random.Random(SEED)).run()
    assert status == 0
    assert prompts == ["> "]
    assert "Hello, Sam." in output.getvalue() and PIN not in output.getvalue()


def test_guest_says_nothing_will_be_saved(tmp_path, modules):
    status, out = run(["1", "quit"], Store.in_memory(), modules, guest=True)
    assert "nothing you do here will be saved" in out
    assert "Who is learning?" not in out
    assert out.rstrip().endswith("Guest session ended: nothing was saved. Goodbye.")


def test_content_note_comes_first_and_a_skip_skips_the_module(tmp_path):
    write_module(tmp_path / "mods", "noted", text=rich_text("noted", note="Mentions hard times."))
    modules = load(tmp_path / "mods")
    store = Store.in_memory()
    status, out = run(["1", "Robin", "2", "quit"], store, modules, module_id="noted")
    assert "Content note for Small module:\nMentions hard times." in out
    assert out.index("Content note") < out.index("Main menu")
    learner = Learner(store, store.profile("Robin"), modules)
    assert learner.state(modules[0]).status is Status.SKIPPED
    assert "Small module (skipped)" in out
    assert "  1. Your certificate is ready" in out.split("Main menu")[-1]  # a skipped module does not block it
    status, out = run(["1", "2", "1", "1", "back", "quit"], store, modules)  # Robin, the module, continue, lesson 1
    assert learner.state(modules[0]).status is Status.IN_PROGRESS
    assert "Lesson 1 of 2" in out


def test_a_content_note_that_names_get_help_now_says_it_once(tmp_path):
    note = "Mentions hard times. If it gets heavy, press F1 for Get help now."
    write_module(tmp_path / "mods", "noted", text=rich_text("noted", note=note))
    status, out = run(["1", "Robin", "2", "quit"], Store.in_memory(), load(tmp_path / "mods"), module_id="noted")
    block = out.split("Content note for Small module:\n")[1].split("  1. Continue")[0]
    assert block.lower().count("type help") == 1, block


def test_continue_asks_the_content_note_once_and_keeps_the_choice(tmp_path):
    """A learner already in a module whose note they never chose on (as the TUI's continue row once allowed)."""
    write_module(tmp_path / "mods", "noted", text=rich_text("noted", note="Mentions hard times."))
    modules = load(tmp_path / "mods")
    store = Store.in_memory()
    robin = store.create_profile("Robin")
    store.lesson_opened(robin.id, "noted", "second")

    status, out = run(["1", "1", "back", "back", "quit"], store, modules, profile="Robin")  # continue, continue

    assert "Continue where you left off: Small module, Second lesson" in out
    assert "Content note for Small module:\nMentions hard times." in out
    assert out.index("Content note for") < out.index("Lesson 2 of 2: Second lesson")
    assert store.records(robin.id)["noted"].note_read
    status, out = run(["1", "back", "back", "quit"], store, modules, profile="Robin")
    assert "Content note for" not in out  # chosen once: shown again, not asked
    assert "Content note: Mentions hard times." in out


def test_a_finished_practice_conversation_counts_and_continue_leads_on(tmp_path):
    write_module(tmp_path / "mods", "noted", text=rich_text("noted", note="Mentions hard times."))
    modules = load(tmp_path / "mods")
    store = Store.in_memory()
    # New profile, continue at the note, the practice, its one choice, back to the module, back to the menu.
    status, out = run(["1", "Robin", "1", "4", "1", "2", "back", "2", "back", "quit"], store, modules,
                      module_id="noted")

    menu = out[out.index("Main menu"):]
    assert "Continue where you left off: Small module, First lesson" in menu
    assert "Small module (not started)" not in menu and "Continue where you left off: Small module, Practice" not in out
    assert menu.count("Content note for") == 0  # chosen once, before the practice
    assert Learner(store, store.profile("Robin"), modules).state(modules[0]).status is Status.IN_PROGRESS


def test_the_main_menu_shows_each_module_state_and_progress(tmp_path, modules):
    store = Store.in_memory()
    robin = store.create_profile("Robin")
    store.lesson_opened(robin.id, "small", "first")
    store.lesson_completed(robin.id, "small", "first")
    status, out = run(["1", "3", "", "quit"], store, modules)
    assert "  2. Small module (1 of 2 lessons)" in out
    assert "Continue where you left off: Small module, Second lesson" in out
    assert "Your progress\nRobin: 0 of 1 modules passed.\n- Small module: 1 of 2 lessons" in out


def test_continue_opens_the_saved_place(modules):
    store = Store.in_memory()
    robin = store.create_profile("Robin")
    store.lesson_opened(robin.id, "small", "second")
    status, out = run(["1", "next", "quit"], store, modules)
    assert "Lesson 2 of 2: Second lesson" in out
    assert "Talking helps. Listening helps too." in out


def test_a_scenario_shows_tone_feedback_and_a_summary(modules):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "4", "1", "1", "1", "2", "quit"], store, modules, module_id="small")
    assert "Practice: A talk\nThis is practice: nothing here is graded.\nA friend seems low." in out
    assert "Helpful. Gentle and open." in out
    assert "The end of this practice. You made 1 choice: 1 helpful, 0 neutral, 0 unhelpful." in out
    assert out.count("Practice: A talk\nThis is practice") == 2  # played again
    assert "  4. Practice: A talk (done)" in out


def test_author_text_is_printed_literally_without_control_characters(tmp_path):
    text = rich_text().replace('title = "Small module"', 'title = "[bold red]Small\\u001b[31m module"')
    write_module(tmp_path / "mods", "small", text=text)
    modules = load(tmp_path / "mods")
    status, out = run(["1", "Robin", "quit"], Store.in_memory(), modules)
    assert "[bold red]Small[31m module (not started)" in out
    assert not FORBIDDEN.search(out)
