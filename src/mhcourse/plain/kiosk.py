"""The plain face in kiosk mode at a terminal: reading a line with a time limit, and clearing the screen;
and, at any terminal, reading a line without control keys echoed (no_echoctl).

Only for a learner at a real terminal: piped input (scripts, tests, a screen reader's transcript) is read
as it always was, with no time limit and no escape sequences written.
"""

from __future__ import annotations

import selectors
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

try:
    import termios
except ImportError:  # pragma: no cover - not on Windows: there, a PIN is read with echo
    termios = None  # type: ignore[assignment]

CLEAR = "\x1b[H\x1b[2J\x1b[3J"
"""Cursor home, clear the screen, clear the scrollback: the next person cannot scroll back to read it."""


def input_within(stream: IO[str], seconds: float) -> bool:
    """Whether a line is ready to read from the terminal within `seconds` (False: nobody typed one).

    A terminal in its usual line mode is readable only once Enter is pressed, and hands over one line per
    read, so nothing waits unseen in Python's buffer. A stream that cannot be watched is read without a limit.
    """
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            return bool(selector.select(seconds))
    except (OSError, ValueError):
        return True


@contextmanager
def no_echo(stream: IO[str]) -> Iterator[None]:
    """The terminal does not show what is typed (a PIN), as getpass does, while the line is read with a limit."""
    if termios is None:  # pragma: no cover
        yield
        return
    try:
        fd = stream.fileno()
        old = termios.tcgetattr(fd)
    except (AttributeError, OSError, ValueError, termios.error):
        yield
        return
    quiet = list(old)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSAFLUSH, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, old)


@contextmanager
def no_echoctl(stream: IO[str]) -> Iterator[None]:
    """At a terminal, control keys are not echoed as ^[OP while a line is read (F1 counts as help, and its
    escape sequence on the line reads as noise); the terminal is set back as it was after. Never on a pipe."""
    if termios is None or not hasattr(termios, "ECHOCTL"):  # pragma: no cover
        yield
        return
    try:
        if not stream.isatty():
            yield
            return
        fd = stream.fileno()
        old = termios.tcgetattr(fd)
    except (AttributeError, OSError, ValueError, termios.error):
        yield
        return
    quiet = list(old)
    quiet[3] &= ~termios.ECHOCTL
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, old)
