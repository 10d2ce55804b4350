"""MHCOURSE_TODAY, the course's clock for tests and demos: every date the course records or shows follows it
(answers, review due dates, certificates, the report, `mhcourse progress`), and a bad value stops every command
with a clear message (exit 2) before anything is recorded."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta

import pytest
from test_certificate import bundled, make
from test_cli_progress import passed_small, run

DAY = "2031-05-04"
DATES = re.compile(r"\b(\d{4}-\d{2}-\d{2})")


def shown_dates(text: str) -> set[str]:
    return set(DATES.findall(text))


@pytest.fixture
def moved(monkeypatch):
    monkeypatch.setenv("MHCOURSE_TODAY", DAY)
    assert date.today().isoformat() != DAY


def test_answers_and_review_due_dates_follow_the_clock(data, modules, moved, capsys):
    passed_small(data)
    db = sqlite3.connect(data / "progress.db")
    try:
        kept = [stamp for table in ("answers", "lessons", "attempts", "checks", "profiles")
                for row in db.execute(f"SELECT * FROM {table}")  # noqa: S608
                for stamp in row if isinstance(stamp, str) and DATES.match(stamp)]
        dues = [due for (due,) in db.execute("SELECT due FROM review_cards")]
    finally:
        db.close()
    assert kept and all(stamp.startswith(DAY) for stamp in kept)
    assert len(dues) == 2 and all(DAY < due[:10] <= (date.fromisoformat(DAY) + timedelta(days=30)).isoformat()
                                  for due in dues)

    assert run("progress", "--profile", "Robin", "--modules", str(modules)) == 0
    out = capsys.readouterr().out
    assert "passed 2/2" in out
    assert all(day >= DAY for day in shown_dates(out)), out  # whatever date it shows is the course's


def test_a_certificate_is_issued_on_the_courses_day(data, tmp_path, moved, capsys):
    make(data, "Sam", bundled())
    target = tmp_path / "c.txt"
    assert run("certificate", "-o", str(target), "--data-dir", str(data)) == 0
    capsys.readouterr()
    text = target.read_text(encoding="utf-8")
    real = date.today()
    assert "completed the mental health awareness course on 4 May 2031." in text
    assert f"{real.day} {real:%B} {real.year}" not in text and shown_dates(text) <= {DAY}
    db = sqlite3.connect(data / "progress.db")
    try:
        assert [issued[:10] for (issued,) in db.execute("SELECT issued FROM certificates")] == [DAY]
    finally:
        db.close()


def test_the_report_is_dated_by_the_courses_clock(data, modules, moved, capsys):
    passed_small(data)
    assert run("report", "--modules", str(modules)) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert "facilitator report" in first and DAY in first


@pytest.mark.parametrize("value", ["tomorrow", "2031-13-01", "04/05/2031"])
def test_a_bad_value_stops_every_command_with_exit_2_and_records_nothing(data, monkeypatch, capsys, value):
    monkeypatch.setenv("MHCOURSE_TODAY", value)
    for command in (["progress"], ["profile", "list"], ["read"]):
        assert run(*command) == 2
        err = capsys.readouterr().err
        assert "MHCOURSE_TODAY must be a date like" in err and value in err and "Traceback" not in err
    assert not (data / "progress.db").exists()
