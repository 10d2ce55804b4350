"""Schema version 2: a version 1 file is upgraded with its data intact; confidence answers; pruning idle profiles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import module_text
from mhcourse import cli
from mhcourse.content.loader import load_text
from mhcourse.learning.progress import Status
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from mhcourse.progress.store.schema import SCHEMA_VERSION, VERSION_1

T0 = "2024-01-10T09:00:00+00:00"


def version_1_file(folder: Path) -> Path:
    """A progress file exactly as mhcourse with schema version 1 left it, in WAL mode, with a learner's work."""
    folder.mkdir(parents=True)
    path = folder / "progress.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(VERSION_1)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO profiles (id, name, name_key, created, last_used, pin_hash, failed_pins, settings) "
               "VALUES (1, 'Robin', 'robin', ?, ?, 'scrypt$2$1$1$00$00', 2, '{\"theme\": \"dark\"}')", (T0, T0))
    db.execute("INSERT INTO lessons VALUES (1, 'small', 'first', ?, ?)", (T0, T0))
    db.execute("INSERT INTO lessons VALUES (1, 'small', 'second', ?, NULL)", (T0,))
    db.execute("INSERT INTO places VALUES (1, 'small', 'quiz', NULL, ?)", (T0,))
    db.execute("INSERT INTO waivers VALUES (1, 'other', ?)", (T0,))
    db.execute("INSERT INTO attempts VALUES (1, 'u1', 1, 'small', ?, ?, '[{\"id\": \"q1\", \"shown\": []}]', "
               "0.5, 1, 2, 1)", (T0, T0))
    db.execute("INSERT INTO answers VALUES (1, 'q1', 0, '\"Listening\"', 1, '', ?)", (T0,))
    db.execute("INSERT INTO checks VALUES (1, 'c1', 1, 'small', 'first', 'check-1', 'true', 1, ?)", (T0,))
    db.execute("INSERT INTO scenario_runs VALUES (1, 'r1', 1, 'small', 'talk', ?, ?, '[]', 'end')", (T0, T0))
    db.close()
    return path


def dump(path: Path, tables: list[str]) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in tables}
    finally:
        db.close()


def v1_columns(after: dict[str, list[tuple]], before: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Rows cut to the columns version 1 had (later versions add columns at the end, such as profiles.lockouts)."""
    width = {t: len(rows[0]) for t, rows in before.items() if rows}
    return {t: [row[: width.get(t, len(row))] for row in rows] for t, rows in after.items()}


V1_TABLES = ["profiles", "lessons", "places", "waivers", "attempts", "answers", "checks", "scenario_runs"]


def test_a_version_1_file_is_upgraded_with_its_data_intact(tmp_path):
    folder = tmp_path / "data"
    path = version_1_file(folder)
    before = dump(path, V1_TABLES)
    store = Store.open(folder)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.notice is None
        assert not list(folder.glob("*.corrupt-*"))
        tables = {t for (t,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"confidence", "certificates"} <= tables
        record = store.records(1)["small"]
        assert record.lessons_completed == {"first"} and record.best_score == "1/2"
        assert store.records(1)["other"].skipped
        assert store.setting(1, "theme") == "dark" and store.profile("robin").has_pin
        store.record_confidence(1, "small", "before", 2)  # the new tables work at once
        assert store.confidence(1, "small") == {"before": 2}
    finally:
        store.close()
    assert v1_columns(dump(path, V1_TABLES), before) == before
    Store.open(folder).close()  # opening again changes nothing more
    assert v1_columns(dump(path, V1_TABLES), before) == before


# -- confidence --------------------------------------------------------------------------------------------


def small():
    loaded = load_text(module_text("small"), Path("small.toml"))
    assert loaded.ok
    return loaded.module


def test_confidence_before_keeps_the_first_answer_after_keeps_the_latest(make_store):
    store = make_store()
    module = small()
    learner = Learner(store, store.create_profile("Robin"), [module])
    assert not learner.confidence_asked(module, "before")
    learner.confidence(module, "before", None)  # skipped: not asked again
    assert learner.confidence_asked(module, "before")
    learner.confidence(module, "before", 5)
    learner.confidence(module, "after", 3)
    learner.confidence(module, "after", 4)
    assert store.confidence(learner.profile.id, "small") == {"before": None, "after": 4}


@pytest.mark.parametrize("stage, value", [("during", 3), ("before", 0), ("after", 6), ("after", True), ("before", "3")])
def test_confidence_refuses_what_is_not_an_answer(stage, value):
    store = Store.in_memory()  # refused in Python, before either engine sees it
    p = store.create_profile("Robin")
    with pytest.raises(ValueError):
        store.record_confidence(p.id, "small", stage, value)
    assert store.confidence(p.id, "small") == {}


# -- pruning ---------------------------------------------------------------------------------------------


class Clock:
    def __init__(self, now: str) -> None:
        self.now = now

    def __call__(self) -> str:
        return self.now


def test_prune_removes_only_profiles_idle_for_long_enough(make_store):
    clock = Clock("2025-01-01T10:00:00+00:00")
    store = make_store(clock=clock)
    idle = store.create_profile("Idle")
    older = store.create_profile("Older")
    store.db.execute("UPDATE profiles SET created = '2024-06-01T00:00:00+00:00', "
                     "last_used = '2024-06-01T00:00:00+00:00' WHERE id = ?", (older.id,))
    busy = store.create_profile("Busy")
    answered = store.create_profile("Answered")
    attempt = store.start_attempt(answered.id, "small", QuizPlan((ShownQuestion("q1"),)), 0.5)
    offset = store.create_profile("Offset")

    clock.now = "2025-03-20T10:00:00+00:00"
    store.lesson_completed(busy.id, "small", "first")  # lesson_completed leaves last_used alone: still counts
    store.record_answer(attempt.id, "q1", "x", True)  # an answer in an attempt begun long ago counts too
    # 12:00 on 2 March in UTC+05:00 is 07:00 in UTC: by 2 April 10:00, idle for 31 days and 3 hours
    # (compared as text it would look newer than the 31-day cut-off, 2 March 10:00 UTC)
    store.db.execute("UPDATE profiles SET last_used = '2025-03-02T12:00:00+05:00' WHERE id = ?", (offset.id,))

    clock.now = "2025-04-02T10:00:00+00:00"
    assert [p.name for p in store.inactive_profiles(31)] == ["Older", "Idle", "Offset"]
    assert [p.name for p in store.inactive_profiles(32)] == ["Older", "Idle"]
    assert store.inactive_profiles(365) == []
    store.issue_certificate(idle.id, "Idle", "Centre", [], lambda: "MHC-AAAA-AAAA")

    assert store.prune_profiles(32) == ["Older", "Idle"]
    assert sorted(p.name for p in store.profiles()) == ["Answered", "Busy", "Offset"]
    assert store.records(busy.id)["small"].lessons_completed == {"first"}
    kept = store.find_certificate("MHC-AAAA-AAAA")
    assert kept.name == "Idle" and kept.profile_id is None
    with pytest.raises(ValueError):
        store.inactive_profiles(-1)


def test_prune_command_lists_first_and_erases_with_yes(tmp_path, make_store, monkeypatch, capsys):
    """On PostgreSQL the command finds the shared record through MHCOURSE_STORE_URL, whatever --data-dir says."""
    folder = tmp_path / "data"
    if make_store.postgres:
        monkeypatch.setenv("MHCOURSE_STORE_URL", make_store.url())
    store = make_store(clock=lambda: "2020-01-01T00:00:00+00:00")
    store.create_profile("Long Gone")
    store.close()
    store = make_store()
    store.create_profile("Here Today")
    store.close()

    assert cli.main(["profile", "prune", "--inactive-days", "30", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Long Gone" in out and "Here Today" not in out and "Nothing was erased" in out
    store = make_store()
    assert len(store.profiles()) == 2
    store.close()

    assert cli.main(["profile", "prune", "--inactive-days", "30", "--yes", "--data-dir", str(folder)]) == 0
    assert "Erased 1 profile" in capsys.readouterr().out
    store = make_store()
    assert [p.name for p in store.profiles()] == ["Here Today"]
    store.close()
    assert cli.main(["profile", "prune", "--inactive-days", "30", "--data-dir", str(folder)]) == 0
    assert "nothing to erase" in capsys.readouterr().out


@pytest.mark.parametrize("days", ["0", "-3", "soon", None])
def test_prune_needs_a_number_of_days(tmp_path, days, capsys):
    args = ["profile", "prune", "--data-dir", str(tmp_path / "data")]
    if days is not None:
        args += ["--inactive-days", days]
    assert cli.main(args) == 2
    capsys.readouterr()


def test_a_profiles_state_is_unchanged_by_the_new_tables(make_store):
    store = make_store()
    module = small()
    learner = Learner(store, store.create_profile("Robin"), [module])
    learner.confidence(module, "before", 2)
    assert learner.state(module).status is Status.NOT_STARTED
