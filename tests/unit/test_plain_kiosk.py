"""The plain face in kiosk mode at a terminal: an idle session locks, Ctrl+C and Ctrl+D end one learner's
session and never the course, and the screen is cleared for the next person.

The terminal is a stand-in: its lines are typed in order, and "<idle>" is a prompt nobody answered in time
(the session's `wait` says no line came), so no test waits for real.
"""

from __future__ import annotations

import io
import random
import signal

import pytest

from helpers import write_module
from mhcourse.content.catalog import Source, build_catalog
from mhcourse.plain import PlainSession
from mhcourse.plain.kiosk import CLEAR
from mhcourse.progress.access import Access, Kiosk
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store

FACILITATOR = "4321"
LOCKED = "The session was locked after a while without activity. Progress is saved."
ONLY_FACILITATOR = "Only a facilitator can close the course: type quit, then the facilitator PIN."


class Terminal:
    """A learner at a terminal: "<idle>" times out, "<ctrl-c>" interrupts, "<ctrl-d>" is end of input there."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.waits: list[float] = []

    def wait(self, stream: Terminal, seconds: float) -> bool:
        assert stream is self
        self.waits.append(seconds)
        if self.lines and self.lines[0] == "<idle>":
            self.lines.pop(0)
            return False
        return True

    def readline(self) -> str:
        assert self.lines, "the session kept asking after the last line: only the facilitator PIN ends a kiosk"
        line = self.lines.pop(0)
        if line == "<ctrl-c>":
            raise KeyboardInterrupt
        return "" if line == "<ctrl-d>" else line + "\n"

    def isatty(self) -> bool:
        return True


@pytest.fixture
def modules(tmp_path):
    write_module(tmp_path / "mods", "small")
    catalog = build_catalog([Source("test", tmp_path / "mods")])
    return catalog.modules


def kiosk(hide_names: bool = False) -> Access:
    return Access(kiosk=Kiosk(idle_minutes=1, hide_names=hide_names, facilitator_pin_ok=lambda pin: pin == FACILITATOR))


def at_terminal(lines: list[str], store: Store, modules, access: Access | None = None) -> tuple[int, str, Terminal]:
    terminal = Terminal(lines)
    output = io.StringIO()
    session = PlainSession(terminal, output, Desk(store, access or kiosk()), modules, rng=random.Random(7), echo=True,
                           terminal=True, wait=terminal.wait)
    return session.run(), output.getvalue(), terminal


def test_an_idle_kiosk_session_locks_clears_the_screen_and_asks_who_is_learning(modules):
    store = Store.in_memory()
    store.create_profile("Finn")
    status, out, terminal = at_terminal(["1", "<idle>", "quit", FACILITATOR], store, modules)
    assert status == 0
    assert set(terminal.waits) == {60}  # idle_minutes = 1, at every prompt
    assert "Finn: 0 of 1 modules passed." in out
    before, after = out.split(CLEAR, 1)
    assert "Finn" in before and "Finn: 0" not in after.split("Who is learning?")[0]
    assert after.startswith(f"\n{LOCKED}\n\nWho is learning?")
    assert "Facilitators only" in after


@pytest.mark.parametrize("key", ["<ctrl-c>", "<ctrl-d>"])
def test_ctrl_c_and_ctrl_d_at_a_kiosk_end_the_learners_session_not_the_course(modules, key):
    store = Store.in_memory()
    store.create_profile("Finn")
    status, out, _ = at_terminal(["1", key, key, "quit", FACILITATOR], store, modules)
    assert status == 0
    before, after = out.split(CLEAR, 1)
    assert "Finn: 0 of 1 modules passed." in before
    assert after.startswith("\nYour progress is saved. The next person can start here.\n\nWho is learning?")
    assert ONLY_FACILITATOR in after  # the second key, at "Who is learning?"
    assert after.count("Who is learning?") == 2 and out.count(CLEAR) == 1
    assert "Stopped" not in out and "End of input" not in out


class BusyScreen(io.StringIO):
    """The terminal's screen; a real Ctrl+C (SIGINT) arrives while the main menu is still being written."""

    def write(self, text: str) -> int:
        if "Main menu" in text and "Main menu" not in self.getvalue():
            signal.raise_signal(signal.SIGINT)
        return super().write(text)


def test_ctrl_c_while_the_course_is_busy_waits_for_the_prompt_then_ends_the_session(modules):
    store = Store.in_memory()
    store.create_profile("Finn")
    terminal = Terminal(["1", "quit", FACILITATOR])
    output = BusyScreen()
    session = PlainSession(terminal, output, Desk(store, kiosk()), modules, rng=random.Random(7), echo=True,
                           terminal=True, wait=terminal.wait)
    assert session.run() == 0
    out = output.getvalue()
    before, after = out.split(CLEAR, 1)
    assert "Main menu" in before and "Main menu" not in after
    assert after.startswith("\nYour progress is saved. The next person can start here.\n\nWho is learning?")
    assert terminal.lines == []  # "quit" then the PIN were read at "Who is learning?": the course stayed open
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back as it was


def test_quit_at_the_kiosk_clears_the_screen_for_the_next_person(modules):
    store = Store.in_memory()
    store.create_profile("Finn")
    status, out, _ = at_terminal(["1", "Finn", "quit", "quit", FACILITATOR], store, modules, kiosk(hide_names=True))
    assert out.count(CLEAR) == 1
    before, after = out.split(CLEAR, 1)
    assert "Hello, Finn." in before and "Finn" not in after


def test_quit_again_at_the_facilitator_pin_keeps_the_kiosk_open(modules):
    status, out, _ = at_terminal(["quit", "quit", "<ctrl-c>", "quit", FACILITATOR], Store.in_memory(), modules)
    assert status == 0
    assert out.count("Facilitators only") == 2
    assert ONLY_FACILITATOR in out


def test_a_pin_at_a_kiosk_terminal_is_read_in_time_too(modules):
    store = Store.in_memory()
    finn = store.create_profile("Finn")
    store.set_pin(finn.id, "2468")
    status, out, _ = at_terminal(["1", "<idle>", "1", "2468", "quit", "quit", FACILITATOR], store, modules)
    assert status == 0
    assert "Hello, Finn." in out
    assert "2468" not in out


def test_piped_input_at_a_kiosk_has_no_time_limit_and_no_escape_sequences(modules):
    """A script (input not a terminal) runs as before: no waits, no clearing, end of input ends it."""
    store = Store.in_memory()
    store.create_profile("Finn")
    waits: list[float] = []
    output = io.StringIO()
    session = PlainSession(io.StringIO("1\nquit\n"), output, Desk(store, kiosk()), modules,
                           wait=lambda stream, seconds: waits.append(seconds) or False)
    assert session.run() == 0
    out = output.getvalue()
    assert waits == [] and "\x1b" not in out
    assert "Your progress is saved. The next person can start here." in out
    assert out.rstrip().endswith("End of input. Goodbye.")


def test_quit_typed_at_the_facilitator_pin_prompt_does_not_close_a_kiosk(modules):
    """Piped input too: quit at "Facilitators only" goes back to "Who is learning?" (it closed the course)."""
    output = io.StringIO()
    session = PlainSession(io.StringIO("quit\nquit\n1\nRobin\n\n"), output, Desk.in_memory(kiosk()), modules)
    assert session.run() == 0
    out = output.getvalue()
    assert out.count("Who is learning?") == 2
    assert "Hello, Robin." in out
