"""`mhcourse store copy`: a computer's record moves into the shared PostgreSQL database whole, a second copy adds
nothing, a name already there is never merged silently, and the shared record comes back out as a portable file."""

from __future__ import annotations

import getpass
import itertools
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from test_cli_progress import passed_small, run

from helpers import module_text
from mhcourse.commands import store as store_command
from mhcourse.content.loader import load_text
from mhcourse.learning.progress import Place
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.report import build_report
from mhcourse.progress.store import Store

PIN = "4321"
NOW = "2026-01-01T00:00:00+00:00"
TABLES = ("lessons", "places", "waivers", "attempts", "answers", "checks", "scenario_runs", "confidence",
          "notes_read", "question_tally", "review_cards", "reviews", "pretests")


def clock(start: str = "2025-03-01T10:00:00+00:00"):
    first = datetime.fromisoformat(start)
    ticks = itertools.count()
    return lambda: (first + timedelta(minutes=next(ticks))).isoformat(timespec="seconds")


def course() -> list:
    return [load_text(module_text(m), Path(f"{m}.toml")).module for m in ("small", "other-one")]


def every_kind(data: Path) -> None:
    """A real store with every kind of record: Robin (a PIN, everything), Sam (passed, no PIN), Kim (only
    settings), and a certificate whose learner was deleted since."""
    passed_small(data, "Sam")
    store = Store.open(data, clock=clock())
    try:
        robin = store.create_profile("Robin")
        store.set_pin(robin.id, PIN)
        store.set_setting(robin.id, "theme", "high-contrast")
        store.lesson_opened(robin.id, "small", "first")
        store.lesson_completed(robin.id, "small", "first")
        store.lesson_opened(robin.id, "small", "second")
        store.keep_reading_position(robin.id, "small", "second", 3)
        store.save_place(robin.id, Place("small", "lesson", "second"))
        store.set_skipped(robin.id, "other-one", True)
        store.note_read(robin.id, "small")
        store.record_confidence(robin.id, "small", "before", 2)
        store.record_confidence(robin.id, "small", "after", None)
        plan = QuizPlan((ShownQuestion("q1", ("b", "a")), ShownQuestion("q2", ())))
        done = store.start_attempt(robin.id, "small", plan, 0.8)
        store.record_answer(done.id, "q1", "Listening", True, shown="b|a")
        store.record_answer(done.id, "q2", ["three", "two", "one"], False)
        store.finish_attempt(done.id, 1, 2, False)
        unfinished = store.start_attempt(robin.id, "small", plan, 0.8)
        store.record_answer(unfinished.id, "q1", "Ignoring", False)
        store.record_check(robin.id, "small", "first", "check-1", True, True)
        store.record_review(robin.id, "small", "q2", ["one", "two", "three"], True)
        store.record_pretest(robin.id, "small", 2, 3)
        store.record_pretest(robin.id, "other-one", None, 0)
        store.record_scenario_run(robin.id, "small", "talk", [{"step": "open", "option": "How are you?"}], "end")
        sam = store.profile("Sam")
        store.issue_certificate(sam.id, "Sam", "Centre", [{"id": "small", "status": "passed"}], lambda: "MHC-SAM1")
        store.create_profile("Kim")
        store.set_setting(store.profile("Kim").id, "language", "de")
        gone = store.create_profile("Gone")
        store.issue_certificate(gone.id, "Gone", "Centre", [], lambda: "MHC-GONE")
        store.delete_profile(gone.id)
    finally:
        store.close()


def rows(store: Store) -> dict[str, list]:
    """Every learner's whole record by name (never an id, which each store numbers itself), the register and
    the tallies: equal means the same progress."""
    out: dict[str, list] = {}
    for profile in store.profiles():
        snap = store.snapshot(profile.id)
        out[profile.name] = [snap, profile.created, profile.last_used, profile.has_pin, store.records(profile.id),
                             store.place(profile.id)]
    out["register"] = sorted((c.ref, c.name, c.organization, c.issued, str(c.modules),
                              None if c.profile_id is None else store.snapshot(c.profile_id).profile.name)
                             for c in store.register())
    out["tally"] = sorted(store.db.execute("SELECT module_id, question_id, answered, wrong FROM question_tally"
                                           ).fetchall()) if store.has_table("question_tally") else []
    out["confidence"] = sorted(store.confidence_summary(None))  # the tally, or the answers paired (older files)
    return out


def counts(store: Store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*TABLES, "profiles",  # noqa: S608
                                                                                    "certificates")}


def shared(url: str) -> Store:
    return Store.connect(url)


def copied(data: Path, url: str) -> tuple[dict, dict]:
    """The record as the file holds it, and as the database holds it."""
    here, there = Store.open(data), shared(url)
    try:
        return rows(here), rows(there)
    finally:
        here.close()
        there.close()


# -- into the shared database -------------------------------------------------------------------------------


def test_every_kind_of_record_copied_twice_is_the_same_progress_and_report(data, pg_url, capsys):
    every_kind(data)
    assert run("store", "copy", "--to", pg_url) == 0
    out = capsys.readouterr().out
    assert "Robin: copied" in out and "Certificates: 2 copied" in out
    assert "secret" not in out and "password" not in out.lower()
    first = shared(pg_url)
    after_first = counts(first)
    first.close()

    assert run("store", "copy", "--to", pg_url) == 0
    out = capsys.readouterr().out
    assert "Copied 0 profiles" in out and "3 were there already" in out and "0 copied, 2 there already" in out
    again = shared(pg_url)
    try:
        assert counts(again) == after_first
        assert again.check_pin(again.profile("Robin").id, PIN).ok  # the PIN came along
        assert not again.profile("Sam").has_pin
        unfinished = again.unfinished_attempt(again.profile("Robin").id, "small")
        assert unfinished is not None and unfinished.answers == {"q1": "Ignoring"}
        assert again.find_certificate("MHC-GONE").profile_id is None
    finally:
        again.close()

    from_file, from_db = copied(data, pg_url)
    assert from_db == from_file
    here, there = Store.open(data), shared(pg_url)
    try:
        assert build_report(there, course(), now=NOW) == build_report(here, course(), now=NOW)
        assert build_report(there, course(), names=True, now=NOW) == build_report(here, course(), names=True, now=NOW)
    finally:
        here.close()
        there.close()


def test_each_learners_progress_reads_the_same_from_the_shared_database(data, pg_url, modules, monkeypatch, capsys):
    every_kind(data)
    assert run("store", "copy", "--to", pg_url) == 0
    capsys.readouterr()
    seen = {}
    for where in ("file", "database"):
        if where == "database":
            monkeypatch.setenv("MHCOURSE_STORE_URL", pg_url)
        for name in ("Robin", "Sam", "Kim"):
            assert run("progress", "--modules", str(modules), "--profile", name) == 0
            seen[where, name] = capsys.readouterr().out
        assert run("report", "--modules", str(modules)) == 0
        seen[where, "report"] = capsys.readouterr().out
    for name in ("Robin", "Sam", "Kim", "report"):
        assert seen["database", name] == seen["file", name]
    assert "Next:" in seen["database", "Robin"]


def test_a_name_already_there_is_listed_and_nothing_is_copied(data, pg_url, capsys):
    every_kind(data)
    other = shared(pg_url)
    other.create_profile("robin")  # another learner of the same name, on another computer
    before = counts(other)
    other.close()

    assert run("store", "copy", "--to", pg_url) == 1
    err = capsys.readouterr().err
    assert "nothing was copied" in err and "'Robin': there is already a profile called 'robin' there" in err
    assert "--as 'Robin=NEW NAME'" in err and "--into Robin=Robin" in err
    assert "Sam" not in err
    again = shared(pg_url)
    assert counts(again) == before
    again.close()

    assert run("store", "copy", "--to", pg_url, "--as", "Robin=Robin at home") == 0
    assert "Robin: copied as the new profile 'Robin at home'" in capsys.readouterr().out
    assert run("store", "copy", "--to", pg_url, "--as", "Robin=Robin at home") == 0  # a second run adds nothing
    assert "Copied 0 profiles" in capsys.readouterr().out
    from_file, from_db = copied(data, pg_url)
    assert from_db["Robin at home"][0].attempts == from_file["Robin"][0].attempts
    assert from_db["robin"][0].attempts == ()


def test_into_adds_on_purpose_with_the_pin_of_the_profile_there(data, pg_url, monkeypatch, capsys):
    every_kind(data)
    other = shared(pg_url)
    there = other.create_profile("Robin")
    other.set_pin(there.id, "9999")
    other.close()
    prompts: list[str] = []
    monkeypatch.setattr(store_command, "_stdin_is_terminal", lambda: True)
    typed = iter(["1111", "9999"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": (prompts.append(prompt), next(typed))[1])

    assert run("store", "copy", "--to", pg_url, "--into", "Robin=Robin") == 1
    assert "The PIN for 'Robin' was not accepted; nothing was copied." in capsys.readouterr().err
    assert run("store", "copy", "--to", pg_url, "--into", "Robin=Robin") == 0
    assert "Robin: added to the profile 'Robin'" in capsys.readouterr().out
    assert len(prompts) == 2 and "Robin" in prompts[0]
    assert run("store", "copy", "--to", pg_url, "--into", "Robin=Robin") == 0  # nothing to add: no PIN asked
    assert "Robin: already there" in capsys.readouterr().out and len(prompts) == 2
    db = shared(pg_url)
    try:
        assert db.check_pin(db.profile("Robin").id, "9999").ok  # the PIN there is kept
    finally:
        db.close()


def test_learning_on_after_a_copy_is_a_clash_until_brought_on_purpose(data, pg_url, capsys):
    every_kind(data)
    assert run("store", "copy", "--to", pg_url) == 0
    store = Store.open(data)
    store.lesson_opened(store.profile("Kim").id, "small", "first")
    store.close()
    capsys.readouterr()

    assert run("store", "copy", "--to", pg_url) == 1
    assert "'Kim': there is already a profile called 'Kim'" in capsys.readouterr().err
    assert run("store", "copy", "--to", pg_url, "--into", "kim=Kim") == 0
    assert "Kim: added to the profile 'Kim'" in capsys.readouterr().out
    from_file, from_db = copied(data, pg_url)
    assert from_db["Kim"][0].lessons == from_file["Kim"][0].lessons


def test_usage_errors(data, pg_url, capsys):
    every_kind(data)
    assert run("store", "copy", "--to", pg_url, "--as", "Nobody=X") == 2
    assert "NAME is a profile here" in capsys.readouterr().err
    assert run("store", "copy", "--to", pg_url, "--as", "Sam=X", "--into", "sam=Sam") == 2
    assert "twice" in capsys.readouterr().err
    assert run("store", "copy", "--to", "postgresql://u:secret@[bad") == 2
    assert "secret" not in capsys.readouterr().err
    assert run("store", "copy", "--to", pg_url, "--force") == 2


def test_a_database_that_cannot_be_reached_is_named_without_its_password(data, tmp_path, capsys):
    every_kind(data)
    url = f"postgresql://someone:secret@/nodb?host={tmp_path}&connect_timeout=2"
    assert run("store", "copy", "--to", url) == 3
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "secret" not in err


# -- a portable file ----------------------------------------------------------------------------------------


def test_a_portable_file_from_the_data_folder_holds_the_same_record(data, tmp_path, capsys):
    every_kind(data)
    target = tmp_path / "portable.db"
    assert run("store", "copy", "--to", str(target)) == 0
    assert "Wrote 3 profiles" in capsys.readouterr().out
    assert target.stat().st_mode & 0o777 == 0o600
    assert not Path(f"{target}-wal").exists()
    here, copy = Store.open(data), Store.open_read_only(target)
    try:
        assert rows(copy) == rows(here)
    finally:
        here.close()
        copy.close()
    assert run("store", "copy", "--to", str(target)) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert run("store", "copy", "--to", str(target), "--force") == 0
    assert run("store", "copy", "--to", str(data / "progress.db"), "--force") == 2
    assert "one of this computer's progress files" in capsys.readouterr().err


def test_shared_record_round_trips_to_a_file_and_backup_says_pg_dump(data, pg_url, tmp_path, monkeypatch, capsys):
    every_kind(data)
    assert run("store", "copy", "--to", pg_url) == 0
    monkeypatch.setenv("MHCOURSE_STORE_URL", pg_url)
    back = tmp_path / "back.db"
    assert run("store", "copy", "--to", str(back)) == 0
    assert "Wrote 3 profiles" in capsys.readouterr().out

    backup = tmp_path / "backup.db"
    assert run("backup", str(backup)) == 0
    out = capsys.readouterr().out
    assert "pg_dump" in out and "Wrote 3 profiles" in out and "with 2 certificates" in out

    here = Store.open(data)
    try:
        expected = rows(here)
    finally:
        here.close()
    for file in (back, backup):
        copy = Store.open_read_only(file)
        try:
            assert rows(copy) == expected
        finally:
            copy.close()
    folder = tmp_path / "restored"  # the portable file is a data folder's progress.db
    folder.mkdir(mode=0o700)
    back.rename(folder / "progress.db")
    monkeypatch.delenv("MHCOURSE_STORE_URL")
    assert run("--data-dir", str(folder), "progress", "--profile", "Robin") == 0


def test_a_certificate_reference_taken_by_another_certificate_is_reported(data, pg_url, capsys):
    every_kind(data)
    other = shared(pg_url)
    someone = other.create_profile("Someone")
    other.issue_certificate(someone.id, "Someone", "Elsewhere", [], lambda: "MHC-SAM1")
    other.close()
    assert run("store", "copy", "--to", pg_url) == 1
    captured = capsys.readouterr()
    assert "certificate MHC-SAM1" in captured.err and "not copied" in captured.err
    assert "Robin: copied" in captured.out
    db = shared(pg_url)
    try:
        assert db.find_certificate("MHC-SAM1").name == "Someone"
    finally:
        db.close()


def test_no_progress_here_to_copy(data, pg_url, capsys):
    assert run("store", "copy", "--to", pg_url) == 3
    assert "no progress" in capsys.readouterr().err.lower()


@pytest.mark.parametrize("name", ["a=b"])
def test_a_name_with_an_equals_sign_can_be_given(data, tmp_path, name, capsys):
    store = Store.open(data)
    store.create_profile(name)
    store.close()
    target = tmp_path / "x.db"
    assert run("store", "copy", "--to", str(target), "--as", f"{name}=Renamed") == 0
    copy = Store.open_read_only(target)
    try:
        assert [p.name for p in copy.profiles()] == ["Renamed"]
    finally:
        copy.close()
    assert sqlite3.connect(target).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_dry_run_merge_says_what_it_would_add_and_writes_nothing(data):
    every_kind(data)
    store = Store.open(data)
    try:
        record = store.snapshot(store.profile("Robin").id)
        before = list(store.db.iterdump())
        would = store.merge_record(record, "Robin again", dry_run=True)
        assert would.created and would.attempts == 2 and would.checks == 1
        assert store.merge_record(record, "Robin", store.profile("Robin").id, dry_run=True).changed is False
        assert list(store.db.iterdump()) == before and store.profile("Robin again") is None
    finally:
        store.close()
