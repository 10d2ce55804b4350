"""The plain face reads the process's input so that a Ctrl+C is never missed (plain/lines.py)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable

import pytest

from mhcourse.plain.lines import TypedLines, typed_lines

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="select() on pipes and SIGINT: POSIX only")


class CtrlC(Exception):
    pass


class Pipe:
    """A pipe read as text, as `mhcourse read` reads its input."""

    def __init__(self) -> None:
        read_end, self.write_end = os.pipe()
        self.stream = os.fdopen(read_end, encoding="utf-8")

    def write(self, data: bytes) -> None:
        os.write(self.write_end, data)

    def close_writer(self) -> None:
        if self.write_end >= 0:
            os.close(self.write_end)
            self.write_end = -1


@pytest.fixture
def pipe():
    pipe = Pipe()
    yield pipe
    pipe.stream.close()
    pipe.close_writer()


@pytest.fixture
def ctrl_c_raises():
    """SIGINT raises CtrlC in the main thread (whatever the test runner does with it), put back after."""

    def raise_ctrl_c(_signal, _frame):
        raise CtrlC

    before = signal.signal(signal.SIGINT, raise_ctrl_c)
    yield
    signal.signal(signal.SIGINT, before)


def later(seconds: float, action: Callable[..., object], *args: object) -> threading.Thread:
    def run() -> None:
        time.sleep(seconds)
        action(*args)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def ctrl_c_from_another_thread() -> None:
    """SIGINT taken by another thread, so the main thread's wait is not interrupted by it: what happens when
    a Ctrl+C lands just before a read begins."""
    later(0.2, lambda: signal.pthread_kill(threading.get_ident(), signal.SIGINT))  # the later thread's own id


class LateLine:
    """A line written a while later, unless the test is over first."""

    def __init__(self, pipe: Pipe) -> None:
        self.over = threading.Event()
        self.written = threading.Event()
        later(10, self._write_unless_over, pipe)

    def _write_unless_over(self, pipe: Pipe) -> None:
        if not self.over.is_set():
            self.written.set()  # first: the reader may act the moment the line is written
            pipe.write(b"late\n")

    def came(self) -> bool:
        self.over.set()
        return self.written.is_set()


def test_a_ctrl_c_noted_as_the_read_was_starting_ends_the_wait_at_once(pipe, ctrl_c_raises):
    """A plain readline waits on (until the late line came); TypedLines is woken by the signal."""
    late = LateLine(pipe)
    ctrl_c_from_another_thread()
    with pytest.raises(CtrlC):
        TypedLines(pipe.stream).readline()
    assert not late.came()  # the Ctrl+C was acted on before any line came
    assert signal.set_wakeup_fd(-1) == -1  # nothing left writing to the reader's pipe


def test_a_ctrl_c_while_waiting_for_a_kiosk_line_is_acted_on_at_once(pipe, ctrl_c_raises):
    late = LateLine(pipe)
    ctrl_c_from_another_thread()
    with pytest.raises(CtrlC):
        TypedLines(pipe.stream).line_within(30)
    assert not late.came()


def test_lines_come_one_at_a_time_whatever_the_pipe_held(pipe):
    lines = TypedLines(pipe.stream)
    pipe.write("1\r\nRobin\nné \xff".encode() + b"\xff")
    assert lines.readline() == "1\n"
    assert lines.line_within(0)  # the second line was read with the first: no wait for it
    assert lines.readline() == "Robin\n"
    assert not lines.line_within(0.05)  # half a line is not a line
    pipe.write(b"\n")
    assert lines.readline() == "né \xff\ufffd\n"  # a stray byte reads as a replacement character


def test_the_end_of_input_is_said_each_time_it_is_met(pipe):
    """At a terminal Ctrl+D is an end of input that the next learner of a kiosk reads past."""
    lines = TypedLines(pipe.stream)
    pipe.write(b"last line, no newline")
    pipe.close_writer()
    assert lines.readline() == "last line, no newline"
    assert lines.readline() == ""
    assert lines.line_within(1) and lines.readline() == ""


def test_streams_without_a_file_descriptor_are_read_as_they_are():
    import io

    text = io.StringIO("1\n")
    assert typed_lines(text) is text
