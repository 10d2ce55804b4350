"""`mhcourse progress` says how many review questions are due now and when the next one is (issue 18), under a
fixed clock (MHCOURSE_TODAY)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from helpers import module_text
from mhcourse.cli import main
from mhcourse.content.loader import load_text
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store


def passed_small(data: Path, name: str = "Robin") -> None:
    """Both lessons done and the quiz passed 2/2: two quiz questions become review cards."""
    module = load_text(module_text("small"), Path("small.toml")).module
    store = Store.open(data)
    me = Learner(store, store.profile(name) or store.create_profile(name), [module], random.Random(3))
    for lesson in module.lessons:
        me.open_lesson(module, lesson.id)
        me.finish_lesson(module, lesson.id)
    attempt = me.quiz_attempt(module)
    me.answer(attempt, module.question("q1"), "Listening")
    me.answer(attempt, module.question("q2"), ["one", "two", "three"])
    me.finish_attempt(module, attempt)
    store.close()


def progress(modules: Path, capsys) -> str:
    assert main(["progress", "--profile", "Robin", "--modules", str(modules)]) == 0
    return capsys.readouterr().out


def test_progress_says_nothing_is_due_before_any_answer(data, modules, capsys):
    Store.open(data).create_profile("Robin")
    out = progress(modules, capsys)
    assert "Review: nothing due yet" in out and "due now" not in out


def test_progress_gives_the_due_count_and_the_next_due_date(data, modules, monkeypatch, capsys):
    monkeypatch.setenv("MHCOURSE_TODAY", "2027-03-01")
    passed_small(data)
    out = progress(modules, capsys)
    assert "due now" not in out  # right answers come back in a few days, not at once
    day = re.search(r"Next review due: (tomorrow|(\d{1,2}) March 2027)\n", out)
    assert day is not None, out
    assert out.splitlines()[1].startswith("Next review due:")  # under the learner's line, above the table

    monkeypatch.setenv("MHCOURSE_TODAY", "2027-06-01")  # three months on: both questions are due
    out = progress(modules, capsys)
    assert "Review: 2 questions due now" in out
    assert "Next review due" not in out  # nothing waits beyond today: both are due
