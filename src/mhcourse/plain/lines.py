"""Lines typed at the process's own input, read so that a Ctrl+C is never missed.

Python acts on a signal between two steps of its own code. A Ctrl+C that arrives just before a blocking read
begins is noted, but the read goes on waiting, so the learner's Ctrl+C did nothing until they pressed Enter
or Ctrl+C again. Here the wait is a select() on the input and on a wake-up pipe that the signal itself writes
to (signal.set_wakeup_fd), so the wait ends at once and the Ctrl+C is acted on. The lines are kept in this
reader's own buffer, so a select() never waits on input that was already read.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
from typing import IO, cast

CHUNK = 65536


class TypedLines:
    """The lines of a stream with a file descriptor (a terminal or a pipe), read one at a time."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"
        self._fd = stream.fileno()
        self._pending = b""
        self._ended = False
        self._wakeup: tuple[int, int] | None = None

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def readline(self) -> str:
        """The next line with its newline; "" at the end of input (at a terminal: Ctrl+D on an empty line)."""
        while not self._has_line():
            self._fill(None)
        return self._take()

    def line_within(self, seconds: float) -> bool:
        """Whether a whole line (or the end of input) is there to read within `seconds`."""
        deadline = time.monotonic() + seconds
        while not self._has_line():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._fill(remaining)
        return True

    def _has_line(self) -> bool:
        return self._ended or b"\n" in self._pending

    def _take(self) -> str:
        end = self._pending.find(b"\n") + 1 or len(self._pending)
        line, self._pending = self._pending[:end], self._pending[end:]
        if not line:
            self._ended = False  # a terminal reads on after Ctrl+D (a kiosk's next learner); a pipe ends again
        return line.decode(self.encoding, errors="replace").replace("\r\n", "\n")

    def _fill(self, timeout: float | None) -> None:
        """Wait for input (at most `timeout` seconds) and read what came; a signal ends the wait at once."""
        wakeup = self._wakeup_pipe()
        if wakeup is None:
            ready, _, _ = select.select([self._fd], [], [], timeout)
        else:
            before = signal.set_wakeup_fd(wakeup[1], warn_on_full_buffer=False)
            try:
                ready, _, _ = select.select([self._fd, wakeup[0]], [], [], timeout)
            finally:
                signal.set_wakeup_fd(before)
        if wakeup is not None and wakeup[0] in ready:
            _drain(wakeup[0])
        if self._fd in ready:
            chunk = os.read(self._fd, CHUNK)
            self._pending += chunk
            self._ended = not chunk

    def _wakeup_pipe(self) -> tuple[int, int] | None:
        """The pipe a signal writes to; None off the main thread, where no signal is handled."""
        if threading.current_thread() is not threading.main_thread():
            return None
        if self._wakeup is None:
            self._wakeup = os.pipe()
            for end in self._wakeup:
                os.set_blocking(end, False)
        return self._wakeup


def _drain(fd: int) -> None:
    try:
        while os.read(fd, CHUNK):
            pass
    except BlockingIOError:
        pass


def typed_lines(stream: IO[str]) -> IO[str]:
    """The process's input as the plain face reads it: TypedLines where select() works on it (a terminal or a
    pipe, not on Windows), else the stream itself. (The face reads its input by readline, fileno and isatty
    only, which TypedLines has.)"""
    if sys.platform == "win32":
        return stream
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):
        return stream
    return cast(IO[str], TypedLines(stream))
