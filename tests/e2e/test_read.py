"""`mhcourse read` as a real process: a script on standard input, against the bundled course.

The script answers what is on the screen, the way a learner would: it waits for each prompt ("> "),
reads the question and the numbered choices printed above it, and types the right numbers.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mhcourse.content.loader import load_module
from mhcourse.content.models import MatchQuestion, Module, MultipleQuestion, OrderQuestion, SingleQuestion

ROOT = Path(__file__).resolve().parents[2]
MODULE_ID = "mental-health-basics"
FORBIDDEN = re.compile(r"[\x1b\x9b\u2500-\u259f]")  # escape sequences, box drawing and block characters
TIMEOUT = 30


@pytest.fixture(scope="module")
def module() -> Module:
    loaded = load_module(ROOT / "modules" / f"{MODULE_ID}.toml")
    assert loaded.ok, loaded
    return loaded.module


def mhcourse(*args: str, data: Path) -> list[str]:
    return [sys.executable, "-m", "mhcourse", *args, "--data-dir", str(data)]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TERM", "COLORTERM")}
    env["MHCOURSE_SEED"] = "11"  # the same shuffled order on every run, so a failure can be replayed
    env["TERM"] = "xterm-256color"  # a colour terminal is advertised: the plain face must still print none
    return env


class Reader:
    """Runs `mhcourse read`; `send` types a line and returns everything printed up to the next prompt."""

    def __init__(self, args: list[str]) -> None:
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=environment(), cwd=ROOT)
        self.chunks: queue.Queue[bytes] = queue.Queue()
        self.transcript = ""
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 4096):
            self.chunks.put(chunk)
        self.chunks.put(b"")

    def screen(self) -> str:
        """Output up to the next prompt (or to the end of output)."""
        data = b""
        while not (data.endswith(b"\n> ") or data == b"> "):
            chunk = self.chunks.get(timeout=TIMEOUT)
            if not chunk:
                self.chunks.put(b"")
                break
            data += chunk
        text = data.decode("utf-8")
        self.transcript += text
        return text

    def send(self, line: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode("utf-8"))
        self.process.stdin.flush()
        return self.screen()

    def close(self) -> tuple[int, str]:
        """End standard input; returns the exit status and the rest of the output."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        rest = self.screen()
        status = self.process.wait(timeout=TIMEOUT)
        return status, rest


def numbered(screen: str) -> dict[str, str]:
    return {text: number for number, text in re.findall(r"^  (\d+)\. (.*)$", screen, re.M)}


def right_answers(module: Module):
    """A function from a screen to the line that answers its question correctly (None when it is no question)."""
    meanings: dict[str, str] = {}
    questions = {q.prompt: q for q in [*module.questions, *(c for lesson in module.lessons for c in lesson.checks)]}

    def answer(screen: str) -> str | None:
        heading = re.search(r"^(?:Question \d+ of \d+|Knowledge check \d+ of \d+ \(not graded\)|"
                            r"Pre-test question \d+ of \d+|Review question \d+ of \d+, from .+)\n(.+)$", screen, re.M)
        if heading:
            question = questions[heading.group(1)]
            shown = numbered(screen[heading.end():])
            if isinstance(question, SingleQuestion):
                return shown[next(c.text for c in question.choices if c.correct)]
            if isinstance(question, MultipleQuestion):
                return " ".join(shown[c.text] for c in question.choices if c.correct)
            if isinstance(question, OrderQuestion):
                return " ".join(shown[item] for item in question.items)
            if isinstance(question, MatchQuestion):
                meanings.clear()
                meanings.update({p.term: shown[p.meaning] for p in question.pairs})
            else:
                return "1" if question.answer else "2"
        term = re.search(r"^Term \d+ of \d+: (.+)\. Type the number of its meaning\.$", screen, re.M)
        return meanings[term.group(1)] if term else None

    return answer


def test_a_scripted_session_reads_the_lessons_and_passes_the_quiz(tmp_path, module):
    data = tmp_path / "data"
    reader = Reader(mhcourse("read", MODULE_ID, data=data))
    answer = right_answers(module)
    screen = reader.screen()
    assert "Who is learning?" in screen
    screen = reader.send("new")
    assert "Type a name for your new profile" in screen
    screen = reader.send("Robin")
    assert "Mental health basics" in screen and "Lesson 1: What mental health is" in screen
    screen = reader.send("next")  # the next thing to do: lesson 1
    lessons_read = questions = confident = 0
    while "Quiz results:" not in screen:
        assert len(reader.transcript) < 500_000, "the session went round in circles"
        reply = answer(screen)
        if reply is not None:
            questions += "\nQuestion " in screen
        elif "How confident do you feel" in screen:
            confident += 1
            reply = "4"
        elif "Press Enter for more" in screen:
            reply = ""
        elif "End of lesson" in screen:
            lessons_read += 1
            reply = "next"  # the next lesson, then the quiz
        else:
            raise AssertionError(f"unexpected screen:\n{screen}")
        screen = reader.send(reply)
    assert lessons_read == len(module.lessons)
    assert questions == len(module.questions)
    assert confident == 2  # before the first lesson, and after the passed quiz
    assert "pre-test" not in reader.transcript  # a site offers it only when it asks for it ([course] pretest)
    assert f"You scored {questions} out of {questions} (100%)." in screen and "Passed. Well done." in screen
    reader.send("quit")
    status, _ = reader.close()
    assert status == 0
    assert "Your progress is saved. Goodbye." in reader.transcript
    assert not FORBIDDEN.search(reader.transcript)
    assert "Traceback" not in reader.process.stderr.read().decode()

    shown = subprocess.run(mhcourse("progress", data=data), capture_output=True, text=True, env=environment(), cwd=ROOT)
    assert shown.returncode == 0, shown.stderr
    [row] = [line for line in shown.stdout.splitlines() if MODULE_ID in line]
    assert re.search(rf"\b{MODULE_ID}\s+passed {questions}/{questions}\b", row), shown.stdout
    assert "Robin: 1 of" in shown.stdout


def test_end_of_input_ends_the_session_cleanly_and_keeps_progress(tmp_path, module):
    data = tmp_path / "data"
    # make a profile, open lesson 1 (skip the confidence question), read its first part; then the input ends
    script = "new\nRobin\n1\n6\n\n"
    result = subprocess.run(mhcourse("read", MODULE_ID, data=data), input=script, capture_output=True, text=True,
                            env=environment(), cwd=ROOT, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("End of input. Your progress is saved. Goodbye.")
    assert result.stderr == ""
    assert not FORBIDDEN.search(result.stdout)

    again = subprocess.run(mhcourse("read", "--profile", "Robin", data=data), input="", capture_output=True,
                           text=True, env=environment(), cwd=ROOT, timeout=TIMEOUT)
    assert again.returncode == 0
    assert f"Continue where you left off: {module.title}, {module.lessons[0].title}" in again.stdout


def test_an_unknown_module_exits_1_with_the_module_ids(tmp_path):
    result = subprocess.run(mhcourse("read", "no-such-module", data=tmp_path / "data"), input="", capture_output=True,
                            text=True, env=environment(), cwd=ROOT, timeout=TIMEOUT)
    assert result.returncode == 1
    assert "no-such-module" in result.stderr and f"  {MODULE_ID}" in result.stderr
    assert not (tmp_path / "data" / "progress.db").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT to a child process on Windows")
def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    reader = Reader(mhcourse("read", data=tmp_path / "data"))
    assert "Who is learning?" in reader.screen()
    reader.process.send_signal(signal.SIGINT)
    status = reader.process.wait(timeout=TIMEOUT)
    assert status == 130
    assert "Traceback" not in reader.process.stderr.read().decode()
    assert reader.screen() == "\nStopped. Your progress is saved.\n"  # on a line of its own, after the prompt


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT to a child process on Windows")
def test_ctrl_c_in_a_guest_session_says_nothing_was_saved(tmp_path):
    reader = Reader(mhcourse("read", "--guest", data=tmp_path / "data"))
    assert reader.screen().endswith("\n> ")
    reader.process.send_signal(signal.SIGINT)
    assert reader.process.wait(timeout=TIMEOUT) == 130
    assert reader.screen() == "\nStopped. Nothing was saved: this was a guest session.\n"


def test_a_protected_profile_asks_for_its_pin_which_is_never_printed(tmp_path):
    from mhcourse.progress.store import Store

    data = tmp_path / "data"
    store = Store.open(data)
    store.set_pin(store.create_profile("Sam").id, "4071 spring")
    store.close()
    result = subprocess.run(mhcourse("read", "--profile", "Sam", data=data), input="1234 wrong\n4071 spring\nquit\n",
                            capture_output=True, text=True, env=environment(), cwd=ROOT, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "That is not the PIN. 4 more tries before a pause." in result.stdout
    assert "Hello, Sam." in result.stdout
    assert "4071" not in result.stdout and "1234" not in result.stdout and result.stderr == ""


def test_f1_opens_get_help_now_with_the_sites_country_first_and_lessons_say_type_help(tmp_path, module):
    config = tmp_path / "config.toml"
    config.write_text('[helplines]\ncountry = "IE"\n', encoding="utf-8")
    # F1 at the profile list; a profile; lesson 1 (the confidence question skipped) to its end
    script = "\x1bOP\nnew\nRobin\n1\n6\n\n\n\n\n"
    result = subprocess.run(mhcourse("read", "--config", str(config), data=tmp_path / "data"), input=script,
                            capture_output=True, text=True, env=environment(), cwd=ROOT, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    shown = out.split("> help\n")[1].split("Who is learning?")[0]
    assert shown.lstrip().startswith("If you or someone else is in immediate danger")
    assert shown.index("Ireland") < shown.index("United Kingdom")  # the site's country; the locale says GB
    assert f"  1. Start here: {module.title}, {module.lessons[0].title}" in out
    assert "type help at any time to open Get help now" in out
    assert "F1" not in out and "Ctrl+G" not in out
    assert not FORBIDDEN.search(out) and result.stderr == ""


def test_read_obeys_the_sites_kiosk_mode(tmp_path):
    """Names hidden, quit ends one learner's session, and only the facilitator PIN closes the course."""
    from mhcourse.progress.store import Store

    data = tmp_path / "data"
    store = Store.open(data)
    store.create_profile("Robin")
    store.close()
    site = tmp_path / "site.toml"
    site.write_text('[kiosk]\nenabled = true\nhide_names = true\nfacilitator_pin = "4321"\n')
    script = "2\nKai\n\nquit\nquit\n0000\nquit\n4321\n"
    result = subprocess.run([*mhcourse("read", data=data), "--config", str(site)], input=script, capture_output=True,
                            text=True, env=environment(), cwd=ROOT, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "Robin" not in result.stdout  # no list of names
    assert "Hello, Kai." in result.stdout and "The next person can start here." in result.stdout
    assert "That is not the facilitator PIN." in result.stdout
    assert result.stdout.rstrip().endswith("Goodbye.") and "End of input" not in result.stdout
    assert "4321" not in result.stdout and result.stderr == ""


@pytest.mark.parametrize("command", [("read", "--kiosk"), ("--kiosk", "read")], ids=["after", "before"])
def test_read_kiosk_option_and_end_of_input_still_end_it(tmp_path, command):
    """--kiosk works after `read` and before it, as the global options do."""
    from mhcourse.progress.store import Store

    store = Store.open(tmp_path / "data")
    store.create_profile("Robin")
    store.close()
    result = subprocess.run(mhcourse(*command, data=tmp_path / "data"), input="quit\n", capture_output=True,
                            text=True, env=environment(), cwd=ROOT, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "I have a profile" in result.stdout and "Robin" not in result.stdout  # the site's defaults: names hidden
    assert "the course stays open" in result.stdout  # no facilitator PIN set: quit cannot close it
    assert result.stdout.rstrip().endswith("End of input. Goodbye.")
