"""Hand-edited export files: times outside any a course could record, and a quiz plan listing a question
twice, are refused at import with their line; such records already in a store never crash a command."""

from __future__ import annotations

import random
import re
import sqlite3
from datetime import UTC
from pathlib import Path

import pytest
from test_cli_progress import dump, passed_small, run

from helpers import module_text
from mhcourse.content.loader import load_text
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store

ODD = "0001-01-01T00:00:00+14:00"


@pytest.fixture
def exported(data, tmp_path, capsys) -> Path:
    passed_small(data)
    target = tmp_path / "robin.toml"
    assert run("export", "-o", str(target)) == 0
    capsys.readouterr()
    return target


def line_of(text: str, start: str) -> int:
    return next(i + 1 for i, line in enumerate(text.splitlines()) if line.startswith(start))


@pytest.mark.parametrize("stamp", [ODD, "9999-12-31T23:00:00-14:00", "1999-12-31T23:59:59+00:00",
                                   "2999-01-01T00:00:00+00:00"])
def test_a_time_no_course_could_have_recorded_is_refused_with_its_line(data, exported, capsys, stamp):
    text = re.sub(r'^created = "[^"]*"', f'created = "{stamp}"', exported.read_text(), flags=re.M)
    exported.write_text(text)
    before = dump(data)

    assert run("import", str(exported), "--as", "Robin two") == 1

    err = capsys.readouterr().err
    assert (f"{exported}:{line_of(text, 'created =')}: profile.created: '{stamp}' is outside the times mhcourse keeps: "
            "from the year 2000 to a day after this computer's clock") in err
    assert "nothing was imported" in err and "Traceback" not in err
    assert dump(data) == before


def test_a_quiz_plan_listing_a_question_twice_is_refused_with_its_line(data, exported, capsys):
    text = exported.read_text()
    first_plan = text.index("[[attempts.plan]]")
    item = text[first_plan:text.index("\n\n", first_plan) + 2]
    doubled = text.replace(item, item + item, 1)
    exported.write_text(doubled)
    before = dump(data)

    assert run("import", str(exported), "--as", "Robin two") == 1

    err = capsys.readouterr().err
    question = re.search(r'id = "([^"]+)"', item).group(1)
    assert f"attempts[0].plan[1].id: question '{question}' is already in this attempt's plan (plan[0])" in err
    assert dump(data) == before


def test_odd_times_already_in_a_store_are_shown_never_a_crash(make_store, data, modules, tmp_path, monkeypatch,
                                                              capsys):
    """On PostgreSQL the commands read the shared record (MHCOURSE_STORE_URL) and meet the same odd times."""
    if make_store.postgres:
        monkeypatch.setenv("MHCOURSE_STORE_URL", make_store.url())
        store = make_store()
        passed_small_in(store)
    else:
        passed_small(data)
        store = Store.open(data)
    with store.transaction() as db:
        db.execute("UPDATE profiles SET created = ?, last_used = ?", (ODD, ODD))
        db.execute("UPDATE lessons SET opened = ?, completed = ?", (ODD, ODD))
        db.execute("UPDATE attempts SET started = ?, finished = ?", (ODD, ODD))
        db.execute("UPDATE answers SET answered = ?", (ODD,))
    store.close()
    config = tmp_path / "site.toml"
    config.write_text('[track]\noffered = ["small"]\n', encoding="utf-8")
    args = ("--modules", str(modules), "--config", str(config))

    assert run("profile", "list", *args) == 0
    assert ODD in capsys.readouterr().out
    assert run("progress", "--profile", "Robin", *args) == 0
    assert "passed 2/2" in capsys.readouterr().out
    assert run("certificate", "--profile", "Robin", "-o", str(tmp_path / "robin.txt"), *args) == 0
    assert "Saved the certificate" in capsys.readouterr().out
    assert "0001-01-01" in (tmp_path / "robin.txt").read_text(encoding="utf-8")


def passed_small_in(store: Store) -> None:
    """passed_small (test_cli_progress) in an open store: both lessons done, the quiz passed 2/2."""
    module = load_text(module_text("small"), Path("small.toml")).module
    me = Learner(store, store.create_profile("Robin"), [module], random.Random(3))
    for lesson in module.lessons:
        me.open_lesson(module, lesson.id)
        me.finish_lesson(module, lesson.id)
    attempt = me.quiz_attempt(module)
    me.answer(attempt, module.question("q1"), "Listening")
    me.answer(attempt, module.question("q2"), ["one", "two", "three"])
    me.finish_attempt(module, attempt)


def test_the_times_a_record_may_hold():
    from datetime import datetime

    from mhcourse.progress.moments import time_problem

    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    assert time_problem("2000-01-01T00:00:00+00:00", now) is None
    assert time_problem("2026-12-07T11:00:00+00:00", now) is None  # a clock a little ahead
    assert time_problem("2026-12-07T10:00:00", now) is None  # no offset: taken as UTC
    assert "outside the times mhcourse keeps" in time_problem("2026-12-07T13:00:00+00:00", now)
    assert "outside the times" in time_problem("2000-01-01T00:30:00+01:00", now)  # 1999 in UTC
    assert "outside the times" in time_problem(ODD, now)
    assert "is not a date and time" in time_problem("yesterday", now)


# -- dates without a time zone, attempts that finish before they start, plans naming gone questions -----


def test_a_time_without_a_time_zone_is_taken_as_utc_and_kept_with_its_zone(data, exported, capsys):
    text = re.sub(r'^created = "[^"]*"', 'created = "2025-01-31T14:05:00"', exported.read_text(), flags=re.M)
    exported.write_text(text)
    assert run("import", str(exported), "--as", "Robin two") == 0
    db = sqlite3.connect(data / "progress.db")
    created = db.execute("SELECT created FROM profiles WHERE name = 'Robin two'").fetchone()[0]
    db.close()
    assert created == "2025-01-31T14:05:00+00:00"


@pytest.mark.parametrize("table", ["attempts", "scenario_runs"])
def test_something_finishing_before_it_started_is_refused_with_its_line(data, exported, capsys, table):
    text = exported.read_text()
    if table == "scenario_runs":
        text = text.replace("scenario_runs = []\n", "")
        text += ('\n[[scenario_runs]]\nuid = "0123456789abcdef0123456789abcdef"\nmodule = "small"\nscenario = "talk"\n'
                 'started = "2025-02-01T10:00:00+00:00"\nfinished = "2025-02-01T09:00:00+00:00"\nending = "end"\n')
        exported.write_text(text)
        at = line_of(text, 'finished = "2025-02-01T09')
    else:
        start = text.index("[[attempts]]")
        early = "2001-01-01T00:00:00+00:00"
        text = text[:start] + re.sub(r'^finished = "[^"]*"', f'finished = "{early}"', text[start:], count=1, flags=re.M)
        exported.write_text(text)
        at = line_of(text[start:], "finished =") + text[:start].count("\n")
    before = dump(data)
    assert run("import", str(exported), "--as", "Robin two") == 1
    err = capsys.readouterr().err
    assert f"{exported}:{at}: {table}[0].finished: finished (" in err and "is before started (" in err
    assert "nothing was imported" in err and dump(data) == before


def test_a_resumed_quiz_in_the_plain_face_counts_only_the_questions_the_module_still_has(tmp_path, make_store):
    from helpers import write_module
    from mhcourse.content.loader import load_module
    from mhcourse.learning.quiz import QuizPlan, ShownQuestion
    from plain_driver import run as read

    path = write_module(tmp_path / "mods")  # q1 (single) and q2 (order)
    module = load_module(path).module
    store = make_store()
    sam = store.create_profile("Sam")
    store.start_attempt(sam.id, "small", QuizPlan((ShownQuestion("gone"), ShownQuestion("q1"))), 0.5)
    status, out = read([], store, [module], profile="Sam", module_id="small")
    quiz = re.search(r"^  (\d+)\. Quiz", out, flags=re.M).group(1)
    status, out = read([quiz, "1"], store, [module], profile="Sam", module_id="small")
    store.close()
    assert "1 question. The pass mark is 50%" in out and "Question 1 of 1" in out
    assert "Question 2 of 2" not in out and "Question 1 of 2" not in out
    assert "You scored 1 out of 1 (100%)." in out and "- Question 1, right: Which helps?" in out
