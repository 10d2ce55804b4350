"""Driving the plain face (`mhcourse read`) in-process through text streams, as a learner would type: the
test module, the session runner, a typist that reads the screen, and answers that are always right."""

from __future__ import annotations

import io
import random
import re
from dataclasses import replace
from pathlib import Path

from helpers import module_text, write_module
from mhcourse.content.catalog import Source, build_catalog
from mhcourse.content.models import MatchQuestion, Module, MultipleQuestion, OrderQuestion, SingleQuestion
from mhcourse.plain import PlainSession
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store

SEED = 7
BUNDLED = Path(__file__).resolve().parents[1] / "modules"
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


def small_modules(folder: Path) -> list[Module]:
    """The test module with every kind of question (each test file's `modules` fixture)."""
    write_module(folder / "mods", "small", text=rich_text())
    return load(folder / "mods")


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


FACILITATOR = "4321"


def kiosk_access(**kw):
    from mhcourse.progress.access import Access, Kiosk

    return Access(kiosk=Kiosk(hide_names=kw.pop("hide_names", True),
                              facilitator_pin_ok=lambda pin: pin == FACILITATOR), **kw)


PIN = "4071 spring"


def protected(store: Store, name: str = "Sam") -> None:
    store.set_pin(store.create_profile(name).id, PIN)


class Clock:
    """Wall-clock seconds for PIN locks, moved on by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now
