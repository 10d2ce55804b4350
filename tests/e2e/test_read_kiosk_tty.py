"""`mhcourse read` in kiosk mode at a real terminal (a pseudo-terminal): Ctrl+C and Ctrl+D end the learner's
session and never the course, and the screen is cleared for the next person.

Each step waits for the words it expects (up to TIMEOUT), never for a fixed time.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30
CLEAR = "\x1b[H\x1b[2J\x1b[3J"


class Terminal:
    """`mhcourse read` with a pseudo-terminal as its input and output."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT)
        os.close(slave)
        self.chunks: queue.Queue[bytes] = queue.Queue()
        self.seen = ""
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the process ended and closed the terminal
                chunk = b""
            self.chunks.put(chunk)
            if not chunk:
                return

    def until(self, words: str) -> str:
        """Everything shown until `words` and the next prompt after them ("\\n> ")."""
        while not (words in self.seen and self.seen.split(words, 1)[1].endswith("\n> ")):
            chunk = self.chunks.get(timeout=TIMEOUT)
            assert chunk, f"the course closed while waiting for {words!r}:\n{self.seen}"
            self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        shown, self.seen = self.seen, ""
        return shown

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def end(self) -> tuple[int, str]:
        status = self.process.wait(timeout=TIMEOUT)
        rest = b"".join(iter(lambda: self.chunks.get(timeout=TIMEOUT), b""))
        os.close(self.master)
        return status, self.seen + rest.decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminals on Windows")
def test_ctrl_c_and_ctrl_d_at_a_kiosk_terminal_end_the_session_and_keep_the_course_open(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text('[kiosk]\nenabled = true\nhide_names = false\nfacilitator_pin = "4321"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(MHCOURSE_CONFIG=str(site), TERM="xterm")
    terminal = Terminal([sys.executable, "-m", "mhcourse", "read", "--data-dir", str(tmp_path / "data")], env)
    try:
        terminal.until("Who is learning?")
        terminal.type("2\r")  # Learn as a guest
        assert "Main menu" in terminal.until("Main menu")
        terminal.process.send_signal(signal.SIGINT)  # Ctrl+C, as the terminal sends it
        shown = terminal.until("Who is learning?")
        assert CLEAR in shown and "Main menu" not in shown.split(CLEAR, 1)[1]
        assert "Guest session ended: nothing was saved." in shown
        terminal.type("\x04")  # Ctrl+D at "Who is learning?"
        shown = terminal.until("Who is learning?")
        assert "Only a facilitator can close the course: type quit, then the facilitator PIN." in shown
        terminal.type("quit\r")
        terminal.until("Facilitators only")
        terminal.type("4321\r")
        status, rest = terminal.end()
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    assert status == 0
    assert "4321" not in rest and "Goodbye." in rest
    assert "Traceback" not in rest and "Stopped" not in rest
