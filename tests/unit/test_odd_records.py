"""Hand-edited export files: times outside any a course could record, and a quiz plan listing a question
twice, are refused at import with their line; such records already in a store never crash a command."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from test_cli_progress import data, dump, modules, passed_small, run  # noqa: F401 (fixtures)

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


def test_odd_times_already_in_a_store_are_shown_never_a_crash(data, modules, tmp_path, capsys):
    passed_small(data)
    db = sqlite3.connect(data / "progress.db")
    with db:
        db.execute("UPDATE profiles SET created = ?, last_used = ?", (ODD, ODD))
        db.execute("UPDATE lessons SET opened = ?, completed = ?", (ODD, ODD))
        db.execute("UPDATE attempts SET started = ?, finished = ?", (ODD, ODD))
        db.execute("UPDATE answers SET answered = ?", (ODD,))
    db.close()
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


def test_the_times_a_record_may_hold():
    from datetime import datetime, timezone

    from mhcourse.progress.moments import time_problem

    now = datetime(2026, 12, 6, 12, tzinfo=timezone.utc)
    assert time_problem("2000-01-01T00:00:00+00:00", now) is None
    assert time_problem("2026-12-07T11:00:00+00:00", now) is None  # a clock a little ahead
    assert time_problem("2026-12-07T10:00:00", now) is None  # no offset: taken as UTC
    assert "outside the times mhcourse keeps" in time_problem("2026-12-07T13:00:00+00:00", now)
    assert "outside the times" in time_problem("2000-01-01T00:30:00+01:00", now)  # 1999 in UTC
    assert "outside the times" in time_problem(ODD, now)
    assert "is not a date and time" in time_problem("yesterday", now)
