"""The plain face (`mhcourse read`), driven in-process through text streams, as a learner would type."""

from __future__ import annotations

import io
import random
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import module_text, write_module
from mhcourse.cli import main
from mhcourse.content.catalog import Source, build_catalog
from mhcourse.content.helplines import built_in, first_country
from mhcourse.content.models import MatchQuestion, Module, MultipleQuestion, OrderQuestion, SingleQuestion
from mhcourse.learning.progress import Status
from mhcourse.plain import PlainSession
from mhcourse.plain.text import help_keys_as_words, pages, to_blocks
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk, try_again_at
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store

SEED = 7
BUNDLED = Path(__file__).resolve().parents[2] / "modules"
FORBIDDEN = re.compile(r"[\x1b\x9b\u2500-\u259f]")  # escape sequences, box drawing and block characters
EXTRA = '''
[[quiz.questions]]
id = "q3"
type = "multiple"
prompt = "Which of these help?"
explanation = "Both help."

[[quiz.questions.choices]]
text = "Listening"
correct = true
feedback = "Listening helps."

[[quiz.questions.choices]]
text = "Asking"
correct = true

[[quiz.questions.choices]]
text = "Mocking"
feedback = "Mocking hurts."

[[quiz.questions]]
id = "q4"
type = "match"
prompt = "Match each word to its meaning."
explanation = "Words matter."
pairs = [
  { term = "Stigma", meaning = "Shame put on people" },
  { term = "Recovery", meaning = "Living well again" },
  { term = "Peer", meaning = "Someone who has been there" },
]
'''


def rich_text(module_id: str = "small", note: str | None = None) -> str:
    """The test module with every question type in its quiz, and optionally a content note."""
    text = module_text(module_id) + EXTRA
    if note:
        text = text.replace("requires = []", f'requires = []\ncontent_note = "{note}"')
    return text


def load(folder: Path) -> list[Module]:
    catalog = build_catalog([Source("test", folder)])
    assert not catalog.notices, catalog.notices
    return catalog.modules


@pytest.fixture
def modules(tmp_path) -> list[Module]:
    write_module(tmp_path / "mods", "small", text=rich_text())
    return load(tmp_path / "mods")


class Typist:
    """Standard input that answers each prompt by reading what the session printed since the last one.

    `respond(screen)` returns the line to type, or None to end the input there.
    """

    def __init__(self, output: io.StringIO, respond) -> None:
        self.output = output
        self.respond = respond
        self.seen = 0
        self.typed: list[str] = []
        self.screens: list[str] = []

    def readline(self) -> str:
        screen = self.output.getvalue()[self.seen:]
        self.seen = len(self.output.getvalue())
        reply = self.respond(screen)
        if reply is None:
            return ""
        self.typed.append(reply)
        self.screens.append(screen)
        return reply + "\n"

    def isatty(self) -> bool:
        return False


def quiet(access: Access | None = None) -> Access:
    """A site's policy that asks neither the confidence question nor the pre-test, for tests about other things."""
    return replace(access or Access(), confidence=False, pretest=False)


def run(script, store: Store, modules: list[Module], *, profile=None, module_id=None, outcomes=False,
        **kw) -> tuple[int, str]:
    """Run a session on a list of typed lines (or a Typist's respond function); returns (status, output).
    The confidence question and the pre-test are asked only with `outcomes` (then, unless `access` says otherwise,
    as a site that asks for the pre-test)."""
    output = io.StringIO()
    stdin = Typist(output, script) if callable(script) else io.StringIO("".join(line + "\n" for line in script))
    access = kw.pop("access", None)
    desk = Desk(store, (access or Access(pretest=True)) if outcomes else quiet(access))
    session = PlainSession(stdin, output, desk, modules, rng=random.Random(SEED), **kw)
    status = session.run(profile=profile, module_id=module_id)
    return status, output.getvalue()


def numbered(screen: str) -> dict[str, str]:
    """The numbered lines of the last list on the screen: text -> number."""
    return {text: number for number, text in re.findall(r"^  (\d+)\. (.*)$", screen, re.M)}


class RightAnswers:
    """Answers every question of a module correctly, from what is on the screen."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.meanings: dict[str, str] = {}

    def __call__(self, screen: str) -> str | None:
        term = re.search(r"^Term \d+ of \d+: (.+)\. Type the number of its meaning\.$", screen, re.M)
        heading = re.search(r"^(?:Question \d+ of \d+|Knowledge check \d+ of \d+ \(not graded\)|"
                            r"Pre-test question \d+ of \d+|Review question \d+ of \d+, from .+)\n(.+)$", screen, re.M)
        if heading:
            checks = (c for lesson in self.module.lessons for c in lesson.checks)
            question = next(q for q in [*self.module.questions, *checks]
                            if q.prompt == heading.group(1))
            shown = numbered(screen[heading.end():])
            if isinstance(question, SingleQuestion):
                return shown[next(c.text for c in question.choices if c.correct)]
            if isinstance(question, MultipleQuestion):
                return ", ".join(shown[c.text] for c in question.choices if c.correct)
            if isinstance(question, OrderQuestion):
                return " ".join(shown[item] for item in question.items)
            if isinstance(question, MatchQuestion):
                self.meanings = {p.term: shown[p.meaning] for p in question.pairs}
            else:
                return "1" if question.answer else "2"
        if term:
            return self.meanings[term.group(1)]
        return None


def newcomer(screen: str) -> str | None:
    """A new learner's replies on the way in: make the profile "Robin", and read on at every page break."""
    if "Who is learning?" in screen:
        return "new"
    if "Type a name for your new profile" in screen:
        return "Robin"
    if "Press Enter for more" in screen:
        return ""
    return None


def journey(module: Module):
    """A learner who makes a profile, reads every lesson, passes the quiz and plays the scenario once."""
    answers = RightAnswers(module)
    state = {"quiz": False, "scenario": False}

    def respond(screen: str) -> str | None:
        if (reply := newcomer(screen)) is not None:
            return reply
        answer = answers(screen)
        if answer is not None:
            return answer
        if "Quiz results:" in screen:
            state["quiz"] = True
            assert "Passed. Well done." in screen
            return "2"
        if "What do you say or do?" in screen:
            return "1"
        if "The end of this practice." in screen:
            state["scenario"] = True
            return "2"
        if "End of lesson" in screen:
            return "next"
        if "Back to the main menu" in screen and "Lesson 1:" in screen:
            if not state["quiz"]:
                return "next"
            if not state["scenario"]:
                return numbered(screen)["Practice: A talk"]
            return "back"
        if "Main menu" in screen:
            return "quit"
        raise AssertionError(f"unexpected screen:\n{screen}")

    return respond


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


PIN = "4071 spring"


def protected(store: Store, name: str = "Sam") -> None:
    store.set_pin(store.create_profile(name).id, PIN)


class Clock:
    """Wall-clock seconds for PIN locks, moved on by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


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


# -- Get help now from the TUI's keys, and the words that name them --------------------------------------

HELP_KEYS = ["\x1bOP", "\x1b[11~", "\x1b[[A", "\x07", "\x1bOP\x1bOP", " \x1b[1;2P ", "\x1bO2P", "\x07\x07"]


@pytest.mark.parametrize("key", HELP_KEYS)
def test_f1_or_ctrl_g_alone_on_a_line_is_get_help_now_at_every_prompt(modules, key):
    emergency = built_in().emergency
    store = Store.in_memory()
    # the profile list, a new profile's name, the main menu, a knowledge check, the end of a lesson
    status, out = run([key, "new", key, "Robin", key, "1", key, "next", key, "quit"], store, modules)
    assert status == 0
    assert out.count(emergency) == 5
    assert out.count("> help\n") == 5  # the echo shows what the key meant
    assert "Please type" not in out and "not one of the choices" not in out and "control character" not in out
    assert not FORBIDDEN.search(out)
    protected(store)  # and at a PIN prompt, where nothing typed is echoed
    status, out = run([key, PIN, "quit"], store, modules, profile="Sam")
    assert out.count(emergency) == 1 and "That is not the PIN" not in out and "Hello, Sam." in out


def test_author_text_says_type_help_where_it_says_press_f1(tmp_path):
    text = rich_text().replace(
        "Mental health is part of health. People recover.",
        "Mental health is part of health. Press F1 (or Ctrl+G) at any time to open Get help now.",
    ).replace('explanation = "Most people do."',
              'explanation = "Most people do. Get help now (F1 or Ctrl+G) lists crisis lines; '
              'press F1 for Get help now."')
    write_module(tmp_path / "mods", "small", text=text)
    modules = load(tmp_path / "mods")
    status, out = run(["1", "Robin", "1", "1", "quit"], Store.in_memory(), modules, module_id="small")
    assert "Mental health is part of health. Type help at any time to open Get help now." in out
    assert ("Explanation: Most people do. Get help now (type help) lists crisis lines; "
            "type help for Get help now.") in out
    assert "F1" not in out and "Ctrl+G" not in out


def test_every_bundled_phrasing_of_the_keys_reads_type_help_and_nothing_else_changes():
    lines = [line for path in sorted(BUNDLED.glob("*.toml")) for line in path.read_text(encoding="utf-8").splitlines()
             if re.search(r"\bF1\b|Ctrl\+G", line)]
    assert len(lines) >= 20
    for line in lines:
        plain = help_keys_as_words(line)
        assert not re.search(r"\bF1\b|Ctrl\+G", plain), line
        assert "type help" in plain.lower(), line
    assert (help_keys_as_words("Press F1 (or Ctrl+G) at any time to open Get help now, which lists crisis lines.")
            == "Type help at any time to open Get help now, which lists crisis lines.")
    assert (help_keys_as_words("remind him that Get help now is a key press away (F1 or Ctrl+G).")
            == "remind him that Get help now is a word away (type help).")
    for literal in ("Press F10 to stop. Formula F1 racing. Ctrl+C copies.", "press 1 for the Veterans Crisis Line"):
        assert help_keys_as_words(literal) == literal


# -- the learner's country for Get help now ------------------------------------------------------------

def test_the_country_listed_first_is_the_learners_then_the_sites_then_the_locales():
    assert first_country("NZ", "IE") == "NZ"
    assert first_country(None, "IE") == "IE"
    assert first_country(None, None) == "GB"  # LANG is en_GB in every test


def test_read_lists_the_site_configs_country_first(tmp_path, monkeypatch, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[helplines]\ncountry = "IE"\n', encoding="utf-8")
    data = tmp_path / "data"
    monkeypatch.setattr(sys, "stdin", io.StringIO("help\n"))
    assert main(["read", "--config", str(config), "--data-dir", str(data)]) == 0
    shown = capsys.readouterr().out.split("> help\n")[1]
    assert shown.index("Ireland") < shown.index("United Kingdom")  # the site's country, not the locale's (GB)
    store = Store.open(data)
    store.set_setting(store.create_profile("Robin").id, "country", "NZ")
    store.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nhelp\n"))
    assert main(["read", "--config", str(config), "--data-dir", str(data)]) == 0
    shown = capsys.readouterr().out.split("> help\n")[1]
    assert shown.index("New Zealand") < shown.index("Ireland")  # the learner's own choice wins


@pytest.mark.parametrize("site, first", [("UK", "United Kingdom"), ("XX", "United Kingdom")])
def test_a_site_country_the_list_lacks_still_lists_a_country_first(tmp_path, monkeypatch, capsys, site, first):
    """Issue 13, round 2: "UK" put no country first; UK means GB, and a code matching nothing falls back
    to the locale's (GB in every test), as if the site had set none."""
    assert first_country(None, site) == "GB" and first_country(None, "uk") == "GB"
    config = tmp_path / "config.toml"
    config.write_text(f'[helplines]\ncountry = "{site}"\n', encoding="utf-8")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("help\n"))
    assert main(["read", "--config", str(config), "--data-dir", str(tmp_path / "data")]) == 0
    shown = capsys.readouterr().out.split("> help\n")[1]
    assert shown.index(first) < shown.index("United States")  # the built-in list begins with the US


def test_the_country_command_chooses_the_country_get_help_now_lists_first(modules):
    store = Store.in_memory()
    robin = store.create_profile("Robin")
    countries = [c.name for c in built_in().country if not c.local]
    script = ["?", "country", "1", "country", "back", "country", str(countries.index("New Zealand") + 1), "help",
              "country", "ie", "quit"]
    status, out = run(script, store, modules)
    assert re.search(r"^  country +choose your country", out, re.M)
    assert "Choose or make your profile first; then type country to choose your country." in out
    assert "Your country is as it was." in out
    assert "Get help now will list New Zealand first." in out
    shown = out.split("> help\n")[1]
    assert shown.index("New Zealand") < shown.index("United Kingdom")
    assert "  6. New Zealand (listed first now)" in out.split("> country\n")[-1]
    assert "Get help now will list Ireland first." in out
    assert store.setting(robin.id, "country") == "IE"
    assert out.count("Main menu") == 5  # shown again after each use of country (3) and of help


# -- profiles by name, and a first start ------------------------------------------------------------

def test_a_profile_is_chosen_by_its_name_in_any_case_as_well_as_its_number(modules):
    store = Store.in_memory()
    store.create_profile("Sam")
    store.create_profile("Robin")
    protected(store, "Zoë")
    status, out = run(["kai", "SAM", "quit"], store, modules)
    assert "Type the number or the name of your profile, new to make one, or guest to learn without saving." in out
    assert "There is no profile called 'kai'." in out
    assert "Hello, Sam." in out
    status, out = run(["zoe\u0308", PIN, "quit"], store, modules)  # the same name typed another way
    assert "Zoë is protected with a PIN." in out and "Hello, Zoë." in out
    status, out = run(["new", "Kai", "back", "ROBIN", "quit"], store, modules)
    assert "Hello, Kai." in out and "Hello, Robin." in out


def test_a_new_learner_is_offered_start_here_and_continue_once_started(modules):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", "back", "back", "quit"], store, modules)
    first, *_, last = out.split("Main menu")
    assert "  1. Start here: Small module, First lesson" in out.split("Main menu")[1]
    assert "Continue where you left off" not in out.split("Main menu")[1]
    assert "  1. Continue where you left off: Small module, First lesson" in last


# -- feedback, true or false, matching ------------------------------------------------------------------

def test_feedback_puts_each_choice_and_its_feedback_on_lines_of_their_own_and_says_right_once(tmp_path):
    text = rich_text().replace('text = "Listening"\ncorrect = true\nfeedback = "Yes."',
                               'text = \'Say: "Let us breathe together."\'\ncorrect = true\n'
                               'feedback = "Right. Slow breathing helps."', 1)
    write_module(tmp_path / "mods", "small", text=text)
    modules = load(tmp_path / "mods")
    status, out = run(journey(modules[0]), Store.in_memory(), modules, module_id="small")
    assert 'You chose: Say: "Let us breathe together."\nRight. Slow breathing helps.\nExplanation:' in out
    assert '."."' not in out and '.".' not in out
    assert "Right.\nYou chose: Say:" not in out  # the author's "Right." is the verdict, said once
    several = out.split("Which of these help?")[1].split("Explanation: Both help.")[0]
    assert "\nRight.\nYou chose: " in several  # several choices: the verdict first, then each one
    assert "\nYou chose: Listening.\nListening helps.\n" in several and "\nYou chose: Asking.\n" in several


@pytest.mark.parametrize("typed, right",
                         [("yes", True), ("Y", True), ("t", True), ("no", False), ("n", False), ("F", False)])
def test_true_or_false_takes_yes_and_no(modules, typed, right):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", typed, "quit"], store, modules, module_id="small")
    assert "Type 1 for True or 2 for False (yes and no work too)." in out
    assert f"> {typed}\n{'Right.' if right else 'Not quite.'}\n" in out
    [(given,)] = store.db.execute("SELECT given FROM checks").fetchall()
    assert given == ("true" if right else "false")


def test_a_match_question_says_which_term_of_how_many(modules):
    status, out = run(journey(modules[0]), Store.in_memory(), modules, module_id="small")
    for number, term in enumerate(("Stigma", "Recovery", "Peer"), 1):
        assert f"\nTerm {number} of 3: {term}. Type the number of its meaning.\n" in out


# -- the command ------------------------------------------------------------------------------------

def test_read_an_unknown_module_exits_1_with_the_module_ids(tmp_path, capsys):
    write_module(tmp_path / "mods", "small")
    assert main(["read", "nope", "--modules", str(tmp_path / "mods")]) == 1
    err = capsys.readouterr().err
    assert "'nope' is not a module of this course" in err
    assert "  small" in err and "  mental-health-basics" in err


def test_read_ctrl_c_exits_130_quietly(tmp_path, monkeypatch, capsys):
    class Interrupted(io.StringIO):
        def readline(self, *args):
            raise KeyboardInterrupt

    monkeypatch.setattr(sys, "stdin", Interrupted())
    assert main(["read", "--data-dir", str(tmp_path / "data")]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_read_a_bad_seed_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MHCOURSE_SEED", "abc")
    assert main(["read", "--data-dir", str(tmp_path / "data")]) == 2
    assert "MHCOURSE_SEED" in capsys.readouterr().err


# -- lesson text ----------------------------------------------------------------------------------

def test_markdown_becomes_plain_text():
    text = "\n\n".join("\n".join(block.lines) for block in to_blocks(
        "# A *big* title\n\nSome **bold**, _soft_ and `code_x` words with [a link](https://example.org/a_b).\n"
        "Second line of the paragraph.\n\n- one\n- **two**\n  - nested\n\n3. three\n4. four\n\n> a quote\n\n"
        "| Word | Meaning |\n|---|---|\n| stigma | shame |\n\n---\n\nsnake_case stays, 2 * 3 * 4 stays, \\*escaped\\*."
    ))
    assert text == (
        "A big title\n\n"
        "Some bold, soft and code_x words with a link (https://example.org/a_b). Second line of the paragraph.\n\n"
        "- one\n- two\n  - nested\n\n3. three\n4. four\n\nQuote: a quote\n\nWord: stigma; Meaning: shame\n\n"
        "snake_case stays, 2 * 3 * 4 stays, *escaped*."
    )


def test_long_lessons_come_in_pages_that_never_end_on_a_heading():
    body = "\n\n".join(f"## Part {n}\n\n" + "A sentence of a lesson. " * 12 for n in range(12))
    parts = pages(to_blocks(body), max_lines=20)
    assert len(parts) > 3
    for page in parts:
        assert not page[-1].startswith("Part ")
        assert page[0] and page[-1]
    assert sum(line.startswith("Part ") for page in parts for line in page) == 12


# -- who may open what (progress/access.py), through the plain face -----------------------------------

FACILITATOR = "4321"


def kiosk_access(**kw):
    from mhcourse.progress.access import Access, Kiosk

    return Access(kiosk=Kiosk(hide_names=kw.pop("hide_names", True),
                              facilitator_pin_ok=lambda pin: pin == FACILITATOR), **kw)


def test_a_profile_that_gains_a_pin_after_the_list_was_shown_asks_for_it(modules):
    store = Store.in_memory()
    sam = store.create_profile("Sam")

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            store.set_pin(sam.id, PIN)  # meanwhile, in another session, Sam protects the profile
            return "1"
        if "Sam is protected with a PIN" in screen:
            return PIN
        return "quit" if "Main menu" in screen else None

    status, out = run(respond, store, modules)
    assert "  1. Sam\n" in out  # the list was drawn before the PIN was set
    assert "Sam is protected with a PIN" in out and "Hello, Sam." in out


def test_a_profile_that_gains_a_pin_is_not_opened_without_it(modules):
    store = Store.in_memory()
    sam = store.create_profile("Sam")

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            store.set_pin(sam.id, PIN)
            return "sam"
        return None

    status, out = run(respond, store, modules)
    assert "Sam is protected with a PIN" in out and "Hello, Sam." not in out


def test_kiosk_hides_names_and_quit_returns_to_who_is_learning(modules):
    store = Store.in_memory()
    store.create_profile("Robin")
    status, out = run(["2", "Kai", "", "quit", "1", "Kai", "quit", "quit", "back"], store, modules,
                      access=kiosk_access())
    assert status == 0
    assert "Robin" not in out
    assert "I have a profile" in out and "I'm new" in out
    assert out.count("Your progress is saved. The next person can start here.") == 2
    assert out.count("Hello, Kai.") == 2  # made, then opened again by name (it has no PIN)
    assert "Facilitators only: type the facilitator PIN" in out
    assert out.rstrip().endswith("End of input. Goodbye.")  # a script still ends at the end of its input


def test_in_kiosk_mode_only_the_facilitator_pin_ends_the_plain_face(modules):
    store = Store.in_memory()
    status, out = run(["quit", "0000", "quit", FACILITATOR, "1"], store, modules, access=kiosk_access())
    assert "That is not the facilitator PIN. 4 more tries before a pause." in out
    assert out.count("Facilitators only") == 2
    assert out.rstrip().endswith("Goodbye.") and "End of input" not in out
    assert FACILITATOR not in out


def test_the_facilitator_pin_locks_after_five_wrong_tries_even_in_a_new_session(tmp_path, modules):
    clock = Clock()
    store = Store.open(tmp_path / "data", now_seconds=clock)
    run([*(["quit", "0000"] * 5)], store, modules, access=kiosk_access())
    store.close()
    store = Store.open(tmp_path / "data", now_seconds=clock)
    status, out = run(["quit", FACILITATOR], store, modules, access=kiosk_access())
    assert f"Too many wrong PINs. Try again after {try_again_at(clock.now + 60)}." in out
    assert "Facilitators only" not in out  # said at quit, before any PIN is asked
    assert out.rstrip().endswith("End of input. Goodbye.")  # the right PIN was not even checked
    store.close()


def test_hidden_names_a_paused_name_is_told_before_a_pin_is_asked(tmp_path, modules):
    clock = Clock()
    store = Store.open(tmp_path / "data", now_seconds=clock)
    protected(store, "Sam")
    for name in ("Sam", "Alex"):  # a profile, and a name that is none, paused alike
        run(["1", name, "wrong pin"] * 5, store, modules, access=kiosk_access())
        status, out = run(["1", name, "quit"], store, modules, access=kiosk_access())
        assert f"Name or PIN not recognised. Too many tries: please try again after {try_again_at(clock.now + 60)}" \
            in out
        assert "Type your PIN" not in out, name
    store.close()


def test_hidden_names_an_unknown_name_and_a_wrong_pin_get_the_same_answer(modules):
    store = Store.in_memory()
    protected(store, "Sam")
    status, out = run(["1", "Sam", "wrong pin", "1", "Alex", "wrong pin", "1", "Sam", PIN, "quit"], store, modules,
                      access=kiosk_access())
    assert out.count("Name or PIN not recognised. 4 more tries before a pause.") == 2
    assert "Sam is protected" not in out and "PIN for" not in out
    assert store.profile("Alex") is None  # a typo never makes a profile
    assert "Hello, Sam." in out and PIN not in out


def test_hidden_names_a_locked_unknown_name_reads_like_a_locked_profile(modules):
    store = Store.in_memory(now_seconds=lambda: 1_800_000_000.0)  # a still clock: both locks end in one minute
    protected(store, "Sam")
    tries = []
    for name in ("Sam", "Alex"):
        tries += ["1", name, "wrong pin"] * 5
    status, out = run([*tries, "1", "Alex", "x x x x"], store, modules, access=kiosk_access())
    locked = [line for line in out.splitlines() if "Too many tries" in line]
    assert len(locked) == 3 and len(set(locked)) == 1  # Sam's lock, Alex's lock, Alex still locked: one message
    assert store.profile("Alex") is None


def test_hidden_names_new_refuses_a_taken_name(modules):
    store = Store.in_memory()
    protected(store, "Sam")
    status, out = run(["2", "sam", "Sam B", "", "quit"], store, modules, access=kiosk_access())
    assert "That name is already taken. Please choose another." in out
    assert "Hello, Sam B." in out


def test_require_pin_a_new_profile_sets_one_before_the_course_starts(modules):
    from mhcourse.progress.access import Access

    store = Store.in_memory()
    status, out = run(["new", "Kai", "", "12", "abcd", "abce", "abcd", "abcd", "quit"], store, modules,
                      access=Access(require_pin=True))
    assert "This computer asks every profile for a PIN. Please choose one now." in out
    assert "Please type a PIN." in out and "at least 4 characters" in out and "not the same" in out
    assert out.index("Your PIN is set.") < out.index("Hello, Kai.")
    assert store.profile("Kai").has_pin


@pytest.mark.parametrize("leave", [["back"], ["1234", "back"], []], ids=["back", "back-at-second", "end-of-input"])
def test_require_pin_no_profile_is_made_until_its_pin_is_set(modules, leave):
    """Hidden names and required PINs: leaving at the PIN (back, or the end of the input) leaves no
    profile behind, so the name stays free and nobody can open it and set the PIN."""
    store = Store.in_memory()
    run(["2", "Kai", *leave], store, modules, access=kiosk_access(require_pin=True))
    assert store.profiles() == []
    status, out = run(["1", "Kai", "0000", "2", "Kai", "abcd", "abcd", "quit"], store, modules,
                      access=kiosk_access(require_pin=True))
    assert "Name or PIN not recognised." in out and "already taken" not in out
    assert out.index("Your PIN is set.") < out.index("Hello, Kai.")
    assert [(p.name, p.has_pin) for p in store.profiles()] == [("Kai", True)]


def test_require_pin_profile_option_makes_the_profile_only_with_its_pin(modules):
    from mhcourse.progress.access import Access

    store = Store.in_memory()
    run(["back", "quit"], store, modules, profile="Zoe", access=Access(require_pin=True))
    assert store.profiles() == []
    status, out = run(["abcd", "abcd", "quit"], store, modules, profile="Zoe", access=Access(require_pin=True))
    assert out.index("Made a new profile called Zoe.") < out.index("Your PIN is set.") < out.index("Hello, Zoe.")
    assert store.profile("Zoe").has_pin


def test_require_pin_a_profile_without_one_sets_it_at_its_first_opening(modules):
    from mhcourse.progress.access import Access

    store = Store.in_memory()
    store.create_profile("Imported")  # an import, or a profile made before require_pin: no PIN
    status, out = run(["1", "back", "1", "abcd", "abcd", "quit"], store, modules, access=Access(require_pin=True))
    assert out.count("This computer asks every profile for a PIN, and yours has none yet.") == 2
    assert out.count("Hello, Imported.") == 1  # not before the PIN was set
    assert store.profile("Imported").has_pin


def test_a_shared_machine_offers_a_pin_that_can_be_skipped(modules):
    from mhcourse.progress.access import Access

    store = Store.in_memory()
    status, out = run(["new", "Kai", "", "quit"], store, modules, access=Access(shared=True))
    assert "A PIN stops them from opening your profile" in out and "No PIN for now." in out
    assert "Hello, Kai." in out and not store.profile("Kai").has_pin
    status, out = run(["new", "Robin", "quit"], store, modules)  # one's own computer: no offer
    assert "A PIN stops them" not in out


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2067", "\u200f",
                                       "\u034f", "\ufe0f", "\u3164", "\uffa0", "\u2800", "\U000e0100"])
def test_a_name_with_an_invisible_character_is_refused(modules, invisible):
    store = Store.in_memory()
    store.create_profile("Sam")
    status, out = run(["new", f"Sa{invisible}m", "Kai", "quit"], store, modules)
    assert "The name has an invisible character in it" in out
    assert [p.name for p in store.profiles()] == ["Kai", "Sam"] or {p.name for p in store.profiles()} == {"Kai", "Sam"}


def test_kiosk_guest_learns_without_saving_and_the_next_person_starts_afresh(modules):
    store = Store.in_memory()
    status, out = run(["3", "2", "quit", "1", "Guest"], store, modules, access=kiosk_access())
    assert "Guest session: nothing you do here will be saved" in out
    assert "Guest session ended: nothing was saved." in out
    assert out.count("Who is learning?") == 2
    assert store.profiles() == []  # nothing reached the store
    assert "Type your PIN and press Enter" in out  # "Guest" is no profile: asked for a PIN, like any name


def test_a_partly_right_choice_of_several_says_not_quite_and_how_many(modules):
    """The TUI's words ("Not quite."), never "Wrong.", and how many of the right choices were chosen."""

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            return "1"
        if "new profile" in screen:
            return "Robin"
        if "Quiz results:" in screen:
            return None
        if "Back to the main menu" in screen and "Lesson 1:" in screen:
            return "3"
        if re.search(r"^Question \d", screen, re.M):
            shown = numbered(screen)
            if "Which of these help?" in screen:
                return f"{shown['Listening']} {shown['Mocking']}"
            if "Order these." in screen:
                return " ".join(shown[i] for i in ("one", "two", "three"))
            return "1"
        if "Each meaning fits one term" in screen:
            return "2"  # check the answer as it is: every term was given the first meaning
        if "Type the number of its meaning" in screen:
            return "1"
        return None

    status, out = run(respond, Store.in_memory(), modules, module_id="small")
    assert status == 0
    assert "Not quite: you chose 1 of the 2 right answers.\nYou chose: Listening." in out
    assert "Wrong" not in out


@pytest.mark.parametrize("kiosk", [False, True])
def test_a_guest_can_learn_from_the_list_of_names_and_nothing_is_saved(modules, kiosk):
    """Names listed (not kiosk, or a kiosk that shows names): "Learn as a guest" after "New profile"."""
    store = Store.in_memory()
    store.create_profile("risk1")
    access = kiosk_access(hide_names=False) if kiosk else None
    status, out = run(["3", "1", "", "1", "quit"], store, modules, module_id=None, access=access)
    assert "  1. risk1\n  2. New profile\n  3. Learn as a guest (nothing is saved)\n" in out
    assert "Guest session: nothing you do here will be saved" in out
    assert "Lesson 1 of 2" in out
    assert [p.name for p in store.profiles()] == ["risk1"]
    assert store.db.execute("SELECT COUNT(*) FROM lessons").fetchone() == (0,)
    assert store.db.execute("SELECT COUNT(*) FROM places").fetchone() == (0,)
    if not kiosk:
        assert "Guest session ended: nothing was saved. Goodbye." in out
