"""The plain face as a screen-reader or braille user reads it: the same course as the TUI (Local support),
lines wrapped at word boundaries on a terminal, repeat and again, pages that keep a list with the line
that introduces it, feedback that says which choices were right, missed and wrong, and scores read aloud
as "8 of 10"."""

from __future__ import annotations

import io
import os
import random
import re
from pathlib import Path

import pytest

from helpers import module_text, write_module
from mhcourse.commands.course import READ_EPILOG
from mhcourse.content.catalog import Source, build_catalog
from mhcourse.content.models import Module
from mhcourse.learning.answers import ticked, twice_given
from mhcourse.plain import PlainSession
from mhcourse.plain.kiosk import no_echoctl
from mhcourse.plain.text import Block, page_numbers, pages, plain_punctuation, to_blocks, wrap
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from mhcourse.site.schema import SupportSettings
from plain_driver import quiet

SEED = 7
MULTIPLE_AND_MATCH = '''
[[quiz.questions]]
id = "q3"
type = "multiple"
prompt = "Which of these help?"
explanation = "Both help."

[[quiz.questions.choices]]
text = "Listening"
correct = true

[[quiz.questions.choices]]
text = "Asking"
correct = true

[[quiz.questions.choices]]
text = "Mocking"

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
LONG = ("Mental health is part of health, and a person who is struggling deserves the same patience and care as "
        "anyone with a broken arm or a bad cough; recovery is common, and support from people nearby helps.")
SUPPORT = SupportSettings.model_validate({
    "intro": "Groups that meet in the library.",
    "groups": [{"name": "Peer circle", "what": "A group for carers.", "when": "Tuesdays 6pm to 8pm",
                "where": "Room 2", "how_to_reach": "Just come along"}],
    "services": [{"name": "Drop-in advice", "how_to_reach": "01234 567890"}],
})


def load(folder: Path) -> list[Module]:
    catalog = build_catalog([Source("test", folder)])
    assert not catalog.notices, catalog.notices
    return catalog.modules


@pytest.fixture
def modules(tmp_path) -> list[Module]:
    write_module(tmp_path / "mods", "small", text=module_text("small") + MULTIPLE_AND_MATCH)
    return load(tmp_path / "mods")


class Typist:
    """Standard input that answers each prompt from what the session printed since the last one."""

    def __init__(self, output: io.StringIO, respond) -> None:
        self.output, self.respond, self.seen = output, respond, 0

    def readline(self) -> str:
        screen = self.output.getvalue()[self.seen:]
        self.seen = len(self.output.getvalue())
        reply = self.respond(screen)
        return "" if reply is None else reply + "\n"

    def isatty(self) -> bool:
        return False


def run(script, modules: list[Module], store: Store | None = None, **kw) -> str:
    """A session on typed lines (or a respond function), opened at the module "small"; its whole output."""
    output = io.StringIO()
    stdin = Typist(output, script) if callable(script) else io.StringIO("".join(line + "\n" for line in script))
    session = PlainSession(stdin, output, Desk(store or Store.in_memory(), quiet()), modules, rng=random.Random(SEED),
                           **kw)
    assert session.run(module_id=kw.pop("module_id", "small")) == 0
    return output.getvalue()


def numbered(screen: str) -> dict[str, str]:
    return {text: number for number, text in re.findall(r"^  (\d+)\. (.*)$", screen, re.M)}


def quiz_answers(answers: dict[str, object]):
    """A learner who makes a profile, takes the quiz and answers each question as `answers` says (a function
    of the screen, or a fixed reply); then quits at the results."""

    def respond(screen: str) -> str | None:
        if "Who is learning?" in screen:
            return "new"
        if "Type a name for your new profile" in screen:
            return "Robin"
        if "Quiz results:" in screen:
            return "quit"
        for needle, reply in answers.items():
            if needle in screen:
                return reply(screen) if callable(reply) else str(reply)
        if "Each meaning fits one term" in screen:
            return "2"  # check the answer as it is
        if "Quiz results:" in screen:
            return "quit"
        if "Take the quiz" in screen or ("Quiz" in screen and "Lesson 1:" in screen):
            return numbered(screen).get("Take the quiz") or next(n for t, n in numbered(screen).items()
                                                                 if t.startswith("Quiz"))
        if "Order these." in screen:
            return "1 2 3"
        if re.search(r"^Question \d", screen, re.M) or "Term " in screen:
            return "1"
        return "quit"

    return respond


# -- 1. Local support -------------------------------------------------------------------------------

def test_local_support_is_on_the_main_menu_and_a_command_when_the_site_lists_it(modules):
    out = run(["1", "Robin", "back", "support", "?", "4", "quit"], modules, support=SUPPORT)
    menu = out.split("Main menu", 1)[1]
    assert "  4. Local support\n  5. Get help now\n  6. Quit" in menu
    page = ("Local support\nGroups that meet in the library.\n\nSupport groups\n- Peer circle\n  A group for carers.\n"
            "  When: Tuesdays 6pm to 8pm\n  Where: Room 2\n  How to reach: Just come along\n\nServices\n"
            "- Drop-in advice\n  How to reach: 01234 567890\n\nIf you or someone else is in immediate danger, call "
            "your local emergency number. Type help for Get help now.")
    assert out.count(page) == 2  # the command, then the menu item
    assert "  support   Local support: groups and services near here" in out


def test_get_help_now_points_to_local_support_only_where_there_is_some(modules):
    with_support = run(["1", "Robin", "help", "quit"], modules, support=SUPPORT)
    assert "For support groups and services near here, type support." in with_support
    without = run(["1", "Robin", "back", "support", "?", "help", "quit"], modules)
    assert "Local support" not in without.split("Main menu", 1)[1].split("Type a number")[0]
    assert "No local support is listed on this computer. Type help for Get help now." in without
    assert "  support " not in without and "type support" not in without


# -- 2. Wrapping at word boundaries -----------------------------------------------------------------

def test_on_a_terminal_lines_wrap_at_word_boundaries_to_its_width(tmp_path):
    text = module_text("small").replace("Mental health is part of health. People recover.",
                                        f"{LONG}\n\n- {LONG}\n\n1. {LONG}")
    write_module(tmp_path / "mods", "small", text=text)
    modules = load(tmp_path / "mods")
    out = run(["1", "Robin", "1", "", "quit"], modules, width=40)
    lines = out.splitlines()
    assert max(len(line) for line in lines if not line.startswith("> ")) <= 40
    assert " ".join(" ".join(lines).split()).count(LONG) == 3  # every word whole, in order
    item = next(i for i, line in enumerate(lines) if line.startswith("- Mental"))
    assert lines[item + 1].startswith("  ") and not lines[item + 1].startswith("   ")  # hangs under the text
    numbered_item = next(i for i, line in enumerate(lines) if line.startswith("1. Mental"))
    assert lines[numbered_item + 1].startswith("   ") and lines[numbered_item + 1][3] != " "


def test_piped_output_is_never_wrapped(tmp_path):
    text = module_text("small").replace("Mental health is part of health. People recover.", LONG)
    write_module(tmp_path / "mods", "small", text=text)
    out = run(["1", "Robin", "1", "quit"], load(tmp_path / "mods"))
    assert f"\n{LONG}\n" in out


def test_a_word_longer_than_the_line_is_never_split():
    address = "https://example.org/" + "a" * 60
    wrapped = wrap(f"See {address} for more.", 30)
    assert address in wrapped and all(len(line) <= 30 for line in wrapped if line != address)
    assert wrap("  3. " + "word " * 12, 20)[1].startswith("     w")


# -- 3. repeat and again ----------------------------------------------------------------------------

def test_repeat_says_the_question_and_its_choices_again_and_again_the_last_feedback(modules):
    out = run(["1", "Robin", "1", "repeat", "1", "again", "quit"], modules)
    question = "Knowledge check 1 of 1 (not graded)\nPeople can recover.\n  1. True\n  2. False\n"
    assert out.count(question) == 2
    feedback = "Right.\nExplanation: Most people do.\n"
    assert out.count(feedback) == 2
    assert "?" in READ_EPILOG and "repeat" in READ_EPILOG and "again" in READ_EPILOG


def test_again_before_any_feedback_says_there_is_none_yet(modules):
    out = run(["1", "Robin", "again", "quit"], modules)
    assert "There is no feedback to hear again yet: it comes after you answer a question." in out


def test_the_next_learner_never_hears_the_last_ones_feedback(modules):
    """A shared computer: again after switching profiles says nothing of the learner before."""
    out = run(["1", "Robin", "1", "1", "2", "back", "back", "again", "quit"], modules)
    assert "Who is learning?" in out.split("Explanation: Most people do.")[-1]
    assert out.count("Explanation: Most people do.") == 1
    assert "There is no feedback to hear again yet" in out


def test_the_list_of_commands_names_repeat_and_again(modules):
    out = run(["1", "Robin", "?", "quit"], modules)
    assert "  repeat    hear the question and its choices again" in out
    assert "  again     hear the last feedback again" in out


def test_in_a_match_question_repeat_lists_the_meanings_again(modules):
    seen: list[str] = []

    def match(screen: str) -> str:
        seen.append(screen)
        return "repeat" if len(seen) == 1 else "quit"

    out = run(quiz_answers({"Term 1 of 3: Stigma": match}), modules)
    assert "type repeat to list the meanings again" in out
    assert len(seen) == 2 and "The meanings:" in seen[1] and "Term 1 of 3: Stigma" in seen[1]
    assert len(numbered(seen[1])) == 3


# -- 4. A page never ends on a line that introduces a list ------------------------------------------

def test_a_page_never_ends_on_the_line_that_introduces_a_list():
    filler = [Block((f"Paragraph {n} with some words.",)) for n in range(8)]
    intro = Block(("Support is a state where someone can:",))
    items = Block(tuple(f"- do thing {n}" for n in range(6)))
    parts = pages([*filler, intro, items, Block(("After.",))], max_lines=20)
    for page in parts[:-1]:
        assert not page[-1].endswith(":")
    together = next(page for page in parts if "Support is a state where someone can:" in page)
    assert "- do thing 0" in together


def test_each_block_is_numbered_with_the_page_it_is_shown_on():
    """A reading place is kept by page: the numbers agree with the pages, where a break moved before a list's
    introduction too."""
    blocks = [*(Block((f"Paragraph {n} with some words.",)) for n in range(8)),
              Block(("Someone can:",)), Block(tuple(f"- thing {n}" for n in range(6))), Block(("After.",))]
    shown = pages(blocks, max_lines=20)
    for block, number in zip(blocks, page_numbers(blocks, max_lines=20), strict=True):
        assert block.lines[0] in shown[number]


def test_a_lesson_read_page_by_page_keeps_its_list_with_its_introduction(tmp_path):
    paragraphs = "\n\n".join(f"Paragraph {n}: talking about how you feel can help." for n in range(8))
    body = f"{paragraphs}\n\nWellbeing is a state where someone can:\n\n" + "\n".join(
        f"- cope with stress number {n}" for n in range(6))
    text = module_text("small").replace("Mental health is part of health. People recover.", body)
    write_module(tmp_path / "mods", "small", text=text)
    out = run(["1", "Robin", "1", "", "", "quit"], load(tmp_path / "mods"))
    assert "Press Enter for more" in out
    before_each_break = [chunk.rstrip("\n").splitlines()[-1] for chunk in out.split("\nPress Enter for more")[:-1]]
    assert all(not line.endswith(":") for line in before_each_break)
    assert "Wellbeing is a state where someone can:\n\n- cope with stress number 0" in out


# -- 5. Which choices were right, missed and wrong; a meaning given twice ---------------------------

def test_a_partly_right_multiple_answer_says_which_were_right_missed_and_wrong(modules):
    def several(screen: str) -> str:
        shown = numbered(screen)
        return f"{shown['Listening']} {shown['Mocking']}"

    out = run(quiz_answers({"Which of these help?": several}), modules)
    assert ("Not quite: you chose 1 of the 2 right answers.\nYou chose: Listening.\nYou chose: Mocking.\n"
            "Right, and you chose it: Listening.\nRight, but you missed it: Asking.\n"
            "You chose it, but it is not right: Mocking.\nExplanation: Both help.") in out.replace(
        "You chose: Mocking.\nYou chose: Listening.", "You chose: Listening.\nYou chose: Mocking.")
    assert "Wrong" not in out


def test_the_rule_of_right_missed_and_wrong_lives_in_the_core(modules):
    question = next(q for q in modules[0].questions if q.id == "q3")
    sorted_ = ticked(question, ["Mocking", "Asking"], ["Mocking", "Asking", "Listening"])
    assert (sorted_.right, sorted_.missed, sorted_.wrong) == (("Asking",), ("Listening",), ("Mocking",))
    match = next(q for q in modules[0].questions if q.id == "q4")
    assert twice_given(match, {"Stigma": "x", "Recovery": "x", "Peer": "y"}) == ["x"]


def test_a_meaning_given_to_two_terms_is_pointed_out_and_can_be_changed(modules):
    meanings: dict[str, str] = {}
    terms_asked: list[str] = []

    def term(screen: str) -> str:
        if "The meanings:" in screen:
            meanings.update(numbered(screen))
        asked = re.findall(r"Term \d of 3: (\w+)\.", screen)[-1]
        terms_asked.append(asked)
        if len(terms_asked) <= 3:  # first time round: Stigma and Peer both get "Shame put on people"
            return meanings["Living well again" if asked == "Recovery" else "Shame put on people"]
        return meanings["Shame put on people" if asked == "Stigma" else "Someone who has been there"]

    out = run(quiz_answers({"Each meaning fits one term": "1", "Term ": term}), modules)
    assert ('You gave "Shame put on people" to more than one term: Stigma, Peer. Each meaning fits one term.\n'
            "  1. Change those terms\n  2. Check my answer as it is") in out
    assert terms_asked == ["Stigma", "Recovery", "Peer", "Stigma", "Peer"]  # only the two that share it
    assert "Right.\nExplanation: Words matter." in out  # graded only once changed


# -- 6. Scores read as words; F1 not echoed ---------------------------------------------------------

def test_a_score_reads_as_8_of_10():
    assert plain_punctuation("passed 8/10") == "passed 8 of 10"
    assert plain_punctuation("lessons done \u00b7 quiz best 3/4") == "lessons done, quiz best 3 of 4"


def test_the_main_menu_and_progress_say_of_not_a_slash(modules):
    from helpers import pass_module
    from mhcourse.progress.learner import Learner

    store = Store.in_memory()
    learner = Learner(store, store.create_profile("Robin"), modules, random.Random(SEED))
    pass_module(learner, modules[0])
    output = io.StringIO()
    session = PlainSession(io.StringIO("1\n" + "\n" * 0 + "quit\n"), output, Desk(store), modules,
                           rng=random.Random(SEED))
    session.run(profile="Robin")
    assert "Small module (passed 4 of 4)" in output.getvalue() and "/4" not in output.getvalue()


def test_control_keys_are_not_echoed_while_a_line_is_read_at_a_terminal():
    termios = pytest.importorskip("termios")
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        with os.fdopen(follower, "r", closefd=False) as stream:
            before = termios.tcgetattr(follower)[3]
            assert before & termios.ECHOCTL
            with no_echoctl(stream):
                assert not termios.tcgetattr(follower)[3] & termios.ECHOCTL
            assert termios.tcgetattr(follower)[3] == before  # set back as it was
    finally:
        os.close(leader)
        os.close(follower)


def test_a_pipe_is_left_alone():
    reader, writer = os.pipe()
    try:
        with os.fdopen(reader, "r", closefd=False) as stream, no_echoctl(stream):
            pass  # no terminal settings to change: nothing raised
        with no_echoctl(io.StringIO()):
            pass
    finally:
        os.close(reader)
        os.close(writer)


def test_markdown_lists_become_blocks_a_page_keeps_together():
    blocks = to_blocks("Someone can:\n\n- rest\n- talk")
    assert blocks[0].lines == ("Someone can:",) and blocks[1].lines == ("- rest", "- talk")
