"""The plain face in kiosk mode at a terminal: reading a line with a time limit, and clearing the screen;
and, at any terminal, reading a line without control keys echoed (no_echoctl).

Only for a learner at a real terminal: piped input (scripts, tests, a screen reader's transcript) is read
as it always was, with no time limit and no escape sequences written.
"""

from __future__ import annotations

import selectors
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import IO

try:
    import termios
except ImportError:  # pragma: no cover - not on Windows: there, a PIN is read with echo
    termios = None  # type: ignore[assignment]

CLEAR = "\x1b[H\x1b[2J\x1b[3J"
"""Cursor home, clear the screen, clear the scrollback: the next person cannot scroll back to read it."""


class HeldCtrlC:
    """Ctrl+C at a kiosk's terminal ends the learner's session, and is acted on only while a line is awaited.

    Pressed while the course is busy (saving an answer, writing a screen) it is held until the next prompt:
    it never cuts a step in half, and never lands where only the whole course could stop.
    """

    def __init__(self) -> None:
        self.pressed = False
        self.awaiting = False

    def _on_ctrl_c(self, _signal: int, _frame: FrameType | None) -> None:
        if self.awaiting:
            raise KeyboardInterrupt
        self.pressed = True

    @contextmanager
    def held(self) -> Iterator[None]:
        """While the block runs, Ctrl+C waits for a prompt (the main thread only: signals go nowhere else)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        before = signal.signal(signal.SIGINT, self._on_ctrl_c)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, before)

    @contextmanager
    def awaited(self) -> Iterator[None]:
        """A line is awaited: a Ctrl+C held since the last prompt, or pressed now, raises KeyboardInterrupt."""
        try:
            self.awaiting = True  # first, so a Ctrl+C pressed between these two lines is not missed
            if self.pressed:
                self.pressed = False
                raise KeyboardInterrupt
            yield
        finally:
            self.awaiting = False


def input_within(stream: IO[str], seconds: float) -> bool:
    """Whether a line is ready to read from the terminal within `seconds` (False: nobody typed one).

    The process's own input is read by lines.TypedLines, which says so itself. Any other stream is watched
    as it is: a terminal in its usual line mode is readable only once Enter is pressed, and hands over one
    line per read, so nothing waits unseen in Python's buffer. A stream that cannot be watched is read
    without a limit.
    """
    line_within = getattr(stream, "line_within", None)
    if line_within is not None:
        return bool(line_within(seconds))
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            return bool(selector.select(seconds))
    except (OSError, ValueError):
        return True


@contextmanager
def no_echo(stream: IO[str]) -> Iterator[None]:
    """The terminal does not show what is typed (a PIN), as getpass does, while the line is read with a limit."""
    with _local_mode_off(stream, "ECHO", flush=True):
        yield


@contextmanager
def no_echoctl(stream: IO[str]) -> Iterator[None]:
    """At a terminal, control keys are not echoed as ^[OP while a line is read (F1 counts as help, and its
    escape sequence on the line reads as noise); the terminal is set back as it was after. Never on a pipe."""
    with _local_mode_off(stream, "ECHOCTL", flush=False):
        yield


@contextmanager
def _local_mode_off(stream: IO[str], flag: str, *, flush: bool) -> Iterator[None]:
    """The terminal's local-mode `flag` (termios.ECHO, ECHOCTL) off while the block runs, and as it was after;
    nothing on a pipe or where the system has no such flag. `flush` drops typed-ahead input as it changes."""
    bit = getattr(termios, flag, None) if termios is not None else None
    if bit is None:  # pragma: no cover - Windows, or a system without ECHOCTL
        yield
        return
    try:
        fd = stream.fileno()
        old = termios.tcgetattr(fd)
    except (AttributeError, OSError, ValueError, termios.error):
        yield
        return
    when = termios.TCSAFLUSH if flush else termios.TCSANOW
    changed = list(old)
    changed[3] &= ~bit
    termios.tcsetattr(fd, when, changed)
    try:
        yield
    finally:
        termios.tcsetattr(fd, when, old)
