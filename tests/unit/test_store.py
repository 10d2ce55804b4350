"""The progress store: profiles, damaged files, unusable folders, backups, and modules edited after the fact."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import module_text
from mhcourse.content.loader import load_text
from mhcourse.errors import ProfileError, StoreError
from mhcourse.learning.progress import Place, Status, continue_place
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from mhcourse.progress.store.profiles import MAX_NAME, clean_name
from mounts import unwritable

SECOND_LESSON = '[[lessons]]\nid = "second"\ntitle = "Second lesson"\nbody = "Talking helps. Listening helps too."\n\n'


@pytest.fixture
def store(make_store):
    """A store on each engine (tests/unit/conftest.py: make_store)."""
    return make_store()


def tables(store: Store) -> list[str]:
    """The store's tables (not PostgreSQL's mhcourse_schema, which holds the version PRAGMA keeps on SQLite)."""
    if store.sql.name == "postgresql":
        found = store.db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                                 "AND table_name <> 'mhcourse_schema' ORDER BY table_name")
    else:
        found = store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [t for (t,) in found]


def columns(store: Store, table: str) -> set[str]:
    if store.sql.name == "postgresql":
        return {c for (c,) in store.db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", (table,))}
    return {c[1] for c in store.db.execute(f"PRAGMA table_info({table})")}


def fill(store: Store, name: str) -> int:
    """A profile with a row in every table."""
    p = store.create_profile(name)
    store.lesson_opened(p.id, "small", "first")
    store.lesson_completed(p.id, "small", "first")
    store.keep_reading_position(p.id, "small", "first", 2)
    store.set_skipped(p.id, "other", True)
    store.set_setting(p.id, "theme", "dark")
    attempt = store.start_attempt(p.id, "small", QuizPlan((ShownQuestion("q1", ("Listening", "Ignoring")),)), 0.5)
    store.record_answer(attempt.id, "q1", "Listening", True)
    store.finish_attempt(attempt.id, 1, 1, True)
    store.record_check(p.id, "small", "first", "check-1", True, True)
    store.record_scenario_run(p.id, "small", "talk", [{"step": "open", "option": "Hi", "tone": "helpful"}], "end")
    with store.transaction() as db:
        db.execute("INSERT INTO confidence VALUES (?, 'small', 'before', 3, '2025-01-01T00:00:00+00:00')", (p.id,))
        db.execute("INSERT INTO certificates (ref, profile_id, name, organization, issued, modules) "
                   "VALUES (?, ?, ?, 'Centre', '2025-01-02', '[]')",
                   (f"ref-{p.id}", p.id, name))
        db.execute("INSERT INTO notes_read VALUES (?, 'small', '2025-01-01T00:00:00+00:00')", (p.id,))
    store.start_web_session(p.id)
    store.record_review(p.id, "small", "q1", "Listening", True)
    store.record_pretest(p.id, "small", 1, 2)
    return p.id


def rows_of(store: Store, profile_id: int) -> dict[str, int]:
    """How many rows of each table belong to one profile (answers through their attempt)."""
    counts = {}
    for table in tables(store):
        owned = columns(store, table)
        if table in ("question_tally", "confidence_tally", "pin_locks"):
            continue  # counts over everyone, or PINs of no profile (the facilitator's, unknown names): no learner's row
        if table == "profiles":
            sql, arg = "SELECT COUNT(*) FROM profiles WHERE id = ?", profile_id
        elif "profile_id" in owned:
            sql, arg = f"SELECT COUNT(*) FROM {table} WHERE profile_id = ?", profile_id
        elif "attempt_id" in owned:
            sql = f"SELECT COUNT(*) FROM {table} WHERE attempt_id IN (SELECT id FROM attempts WHERE profile_id = ?)"
            arg = profile_id
        else:
            pytest.fail(f"table {table} has no owner column: this test must learn about it")
        counts[table] = store.db.execute(sql, (arg,)).fetchone()[0]
    return counts


# -- profiles -----------------------------------------------------------------------------------


def test_names_are_unique_regardless_of_case(store):
    store.create_profile("Robin")
    for same in ("ROBIN", "robin", "  rObIn ", "Ｒｏｂｉｎ"):  # the last in full-width letters
        with pytest.raises(ProfileError, match="already a profile"):
            store.create_profile(same)
    assert [p.name for p in store.profiles()] == ["Robin"]
    assert store.profile("rOBIN").name == "Robin"


def test_names_that_look_the_same_are_one_name(store):
    composed = unicodedata.normalize("NFC", "Zoë")
    decomposed = unicodedata.normalize("NFD", "Zoë")
    assert composed != decomposed
    store.create_profile(decomposed)
    with pytest.raises(ProfileError):
        store.create_profile(composed)
    assert store.profile(composed.upper()).name == composed


@pytest.mark.parametrize("name", ["渡辺 さくら", "Zoë-Ngọc", "Андрій", "سارا", "🙂 Sam", "Ada" * 13 + "A"])
def test_any_unicode_name_within_the_limit(store, name):
    assert len(name) <= MAX_NAME
    made = store.create_profile(name)
    assert made.name == name
    assert store.profile(name.upper()).id == made.id


@pytest.mark.parametrize("name, words", [
    ("", "at least one"), ("   ", "at least one"), ("x" * (MAX_NAME + 1), "40 characters"),
    ("Ro\x00bin", "control character"), ("Ro\x1bbin", "control character"), ("Ro\ud800bin", "control character"),
])
def test_bad_names_are_refused_in_plain_words(store, name, words):
    with pytest.raises(ProfileError, match=words):
        store.create_profile(name)
    assert store.profiles() == []


# The name's key is worked out in Python (profiles.name_key), the same for both engines: in memory, fast.
@settings(deadline=None, max_examples=150)
@given(name=st.text(min_size=1, max_size=MAX_NAME))
def test_any_accepted_name_is_found_in_any_case(name):
    try:
        display = clean_name(name)
    except ProfileError:
        assume(False)
    store = Store.in_memory()
    made = store.create_profile(name)
    assert made.name == display
    for variant in (name, name.upper(), name.lower(), name.swapcase()):
        if variant.casefold() != name.casefold():
            continue  # a few letters (Turkish dotless i) do not come back to the same case
        assert store.profile(variant) == made, variant
        with pytest.raises(ProfileError):
            store.create_profile(variant)


def test_rename_keeps_progress_and_refuses_a_taken_name(store):
    robin = fill(store, "Robin")
    store.create_profile("Sam")
    before = store.records(robin)
    store.rename_profile(robin, "ROBIN")  # its own name in another case is fine
    store.rename_profile(robin, "Robin Hood")
    with pytest.raises(ProfileError, match="already a profile"):
        store.rename_profile(robin, "sam")
    assert store.profile_by_id(robin).name == "Robin Hood"
    assert store.profile("robin hood").id == robin
    assert store.records(robin) == before


def test_delete_erases_every_row_of_that_profile_and_nothing_else(store):
    robin = fill(store, "Robin")
    sam = fill(store, "Sam")
    sams_rows = rows_of(store, sam)
    assert all(rows_of(store, robin).values()), "every table should hold a row of Robin's before the delete"
    store.delete_profile(robin)
    assert set(rows_of(store, robin).values()) == {0}
    assert rows_of(store, sam) == sams_rows
    assert store.profile("Robin") is None
    tally = store.db.execute("SELECT module_id, question_id, answered, wrong FROM question_tally").fetchall()
    assert tally == [("small", "q1", 1, 0)], "Robin's answer should no longer be counted"


def test_a_failed_change_leaves_nothing_behind(store):
    p = store.create_profile("Robin")
    with pytest.raises((sqlite3.IntegrityError, StoreError)):
        store.record_answer(12345, "q1", "x", True)  # no such attempt: the foreign key refuses it
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("UPDATE profiles SET name = 'Changed' WHERE id = ?", (p.id,))
        raise RuntimeError("stop")
    assert store.profile_by_id(p.id).name == "Robin"
    assert store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
    store.create_profile("Sam")  # the connection is usable afterwards


def test_a_change_inside_another_is_refused_and_the_outer_one_saves_nothing(store):
    """SQLite refuses a transaction within a transaction; PostgreSQL only warns, and its inner COMMIT would
    end the outer change half-way: the store refuses it there too."""
    robin = store.create_profile("Robin")
    with pytest.raises(StoreError, match="not saved"), store.transaction() as db:
        db.execute("UPDATE profiles SET name = 'Changed' WHERE id = ?", (robin.id,))
        store.create_profile("Sam")
    assert [p.name for p in store.profiles()] == ["Robin"]
    assert not store.db.in_transaction


def test_answering_a_question_again_replaces_the_answer(store):
    p = store.create_profile("Robin")
    attempt = store.start_attempt(p.id, "small", QuizPlan((ShownQuestion("q1"), ShownQuestion("q2"))), 0.5)
    store.record_answer(attempt.id, "q1", "Ignoring", False)
    store.record_answer(attempt.id, "q2", ["one", "two"], True)
    store.record_answer(attempt.id, "q1", "Listening", True)
    assert store.attempt_answers(attempt.id) == {"q1": "Listening", "q2": ["one", "two"]}


# -- damaged files (SQLite only: the file in the data folder) --------------------------------------


def _valid_database(tmp_path: Path) -> bytes:
    source = Store.open(tmp_path / "source")
    p = source.create_profile("Robin")
    for i in range(200):
        source.record_check(p.id, "small", "first", f"check-{i}", "x" * 100, True)
    source.close()
    return (tmp_path / "source" / "progress.db").read_bytes()


DAMAGE = {
    "garbage": lambda valid: b"this is not a database\n" * 200,
    "random bytes": lambda valid: random.Random(7).randbytes(8192),
    "a few bytes": lambda valid: b"x",
    "truncated to half": lambda valid: valid[: len(valid) // 2],
    "truncated in the header": lambda valid: valid[:50],
    "a page overwritten": lambda valid: valid[:4096 * 3] + b"\xff" * 4096 + valid[4096 * 4:],
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_file_is_moved_aside_and_a_fresh_store_starts(tmp_path, damage):
    data = tmp_path / "data"
    data.mkdir()
    damaged = DAMAGE[damage](_valid_database(tmp_path))
    (data / "progress.db").write_bytes(damaged)
    (data / "progress.db-wal").write_bytes(b"old wal")

    store = Store.open(data)

    assert store.notice is not None
    assert "moved aside" in store.notice and "nothing was deleted" in store.notice
    [aside] = data.glob("progress.db.corrupt-*[0-9]")
    assert aside.name in store.notice
    assert aside.read_bytes() == damaged  # nothing deleted, not a byte changed
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"old wal"
    assert store.profiles() == []
    store.create_profile("Robin")  # the fresh store works
    store.close()
    again = Store.open(data)
    assert again.notice is None and [p.name for p in again.profiles()] == ["Robin"]
    again.close()


def test_two_damaged_files_in_the_same_second_both_kept(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for text in (b"first damaged file" * 10, b"second damaged file" * 10):
        (data / "progress.db").write_bytes(text)
        Store.open(data).close()
    kept = sorted(p.read_bytes() for p in data.glob("progress.db.corrupt-*") if not p.name.endswith(("-wal", "-shm")))
    assert kept == sorted([b"first damaged file" * 10, b"second damaged file" * 10])


def test_a_database_from_a_newer_mhcourse_is_refused_and_left_alone(tmp_path):
    data = tmp_path / "data"
    Store.open(data).close()
    db = sqlite3.connect(data / "progress.db")
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = (data / "progress.db").read_bytes()
    with pytest.raises(StoreError, match="newer version of mhcourse"):
        Store.open(data)
    assert (data / "progress.db").read_bytes() == before
    assert not list(data.glob("*.corrupt-*"))


def test_a_shared_database_from_a_newer_mhcourse_is_refused_and_left_alone(pg_cluster, pg_url):
    Store.connect(pg_url).close()
    with pg_cluster.connect(pg_url.split("/")[3].split("?")[0]) as admin:
        admin.execute("UPDATE mhcourse_schema SET version = 99")
        admin.execute("CREATE TABLE from_the_future (n integer)")
    with pytest.raises(StoreError, match="newer version of mhcourse") as caught:
        Store.connect(pg_url)
    assert "left as it is" in str(caught.value)
    with pg_cluster.connect(pg_url.split("/")[3].split("?")[0]) as admin:
        assert admin.execute("SELECT version FROM mhcourse_schema").fetchall() == [(99,)]
        assert admin.execute("SELECT to_regclass('from_the_future') IS NOT NULL").fetchone() == (True,)


@pytest.mark.parametrize("saved", [
    {"country": ["x"], "theme": {"a": 1}},  # crashed Get help now (.upper()) and the home screen (`in THEMES`)
    {"country": 44, "theme": True},
    {"country": "x" * 201, "theme": "y" * 5000},
    ["not", "a", "table"],
], ids=["list and table", "number and true", "too long", "not a table"])
def test_a_setting_is_only_ever_text_or_none(store, saved):
    """Whatever a database holds (a hand-edited import before settings were checked), a face gets text or None."""
    p = store.create_profile("Robin")
    store.db.execute("UPDATE profiles SET settings = ? WHERE id = ?", (json.dumps(saved), p.id))
    assert store.setting(p.id, "country") is None
    assert store.setting(p.id, "theme", "default") == "default"
    store.set_setting(p.id, "theme", "dark")
    store.set_setting(p.id, "country", None)
    assert store.setting(p.id, "theme") == "dark" and store.setting(p.id, "country", "GB") is None


# -- folders that cannot be used (SQLite only: the data folder holds the record) ------------------


def test_a_data_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError, match="cannot be created") as caught:
        Store.open(blocker / "data")
    assert str(blocker / "data") in str(caught.value)
    assert "--data-dir" in str(caught.value)


def test_a_data_folder_that_is_a_file_is_named_so(tmp_path):
    """Runs as root too (CI): a file in the way stops every user, unlike a folder's permissions."""
    blocker = tmp_path / "progress-here"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError) as caught:
        Store.open(blocker)
    assert str(caught.value) == (f"The data folder {blocker} is a file, not a folder; "
                                 "choose a folder for --data-dir (or MHCOURSE_DATA_DIR).")
    assert blocker.read_text() == "a file where a folder should be"


def test_a_data_folder_below_a_file_names_the_file(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError, match=f"cannot be created: {blocker} is a file, not a folder"):
        Store.open(blocker / "deeper" / "data")


def test_a_read_only_data_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    # as root (CI): a read-only mount, since root writes whatever the mode
    with unwritable(folder), pytest.raises(StoreError, match="not writable"):
        Store.open(folder)


# -- backups (SQLite's backup API; PostgreSQL's is pg_dump) ---------------------------------------


def test_a_backup_of_the_shared_database_says_to_use_pg_dump(pg_url):
    store = Store.connect(pg_url)
    try:
        with pytest.raises(StoreError, match="pg_dump"):
            store.backup(Path("/nonexistent/backup.db"))
    finally:
        store.close()


@pytest.fixture
def sqlite_store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    s.close()


def test_backup_holds_what_is_still_in_the_wal(tmp_path, sqlite_store):
    store = sqlite_store
    p = fill(store, "Robin")
    wal = store.path.with_name("progress.db-wal")
    assert wal.exists() and wal.stat().st_size > 0, "recent commits should still be in the WAL"
    naive = tmp_path / "copied.db"
    shutil.copyfile(store.path, naive)  # what the backup command must not do
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(naive).execute("SELECT COUNT(*) FROM profiles").fetchone()

    target = tmp_path / "backups" / "progress-backup.db"
    target.parent.mkdir()
    store.backup(target)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no partial or journal files left
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    shutil.copyfile(target, restored_dir / "progress.db")
    restored = Store.open(restored_dir)
    assert restored.notice is None
    assert restored.records(p) == store.records(p)
    restored.close()


def test_backup_refuses_to_overwrite_the_live_file(sqlite_store):
    store = sqlite_store
    fill(store, "Robin")
    with pytest.raises(ValueError, match="progress file itself"):
        store.backup(store.path)
    assert store.profile("Robin") is not None


# -- a module edited after progress was recorded ---------------------------------------------


def _module(text: str):
    loaded = load_text(text, Path("small.toml"))
    assert loaded.ok, loaded.problems
    return loaded.module


def test_progress_survives_a_module_edited_afterwards(store):
    original = _module(module_text("small"))
    edited_text = module_text("small").replace(SECOND_LESSON, "").replace('id = "q2"', 'id = "q2-renamed"')
    assert edited_text != module_text("small")
    edited = _module(edited_text)
    assert [lesson.id for lesson in edited.lessons] == ["first"]
    assert edited.question("q2") is None

    before = Learner(store, store.create_profile("Robin"), [original], random.Random(1))
    for lesson in original.lessons:
        before.open_lesson(original, lesson.id)
        before.finish_lesson(original, lesson.id)
    before.answer_check(original, "first", original.question("check-1"), True)
    attempt = before.quiz_attempt(original)
    before.answer(attempt, original.question("q1"), "Ignoring")
    before.answer(attempt, original.question("q2"), ["one", "two", "three"])
    assert str(before.finish_attempt(original, attempt)) == "1/2"
    unfinished = before.new_attempt(original)
    before.answer(unfinished, original.question("q2"), ["one", "two", "three"])
    before.answer(unfinished, original.question("q1"), "Listening")
    store.save_place(before.profile.id, Place("small", "lesson", "second"))

    after = Learner(store, before.profile, [edited], random.Random(2))

    state = after.state(edited)
    assert state.status is Status.PASSED  # 1/2 reached the pass mark of 0.5 back then
    assert state.describe() == "passed 1/2"
    assert (state.lessons_done, state.lessons_total) == (1, 1)
    record = after.record(edited)
    assert record.lessons_completed == {"first", "second"}  # kept, only not counted
    assert record.attempts == 1
    # The saved place names the removed lesson: it is not offered, and the module is passed, so nothing is.
    assert continue_place([edited], after.records(), store.place(before.profile.id)) is None
    resumed = after.quiz_attempt(edited)
    assert resumed.id == unfinished.id
    assert resumed.answers == {"q2": ["one", "two", "three"], "q1": "Listening"}
    result = after.finish_attempt(edited, resumed)
    assert (result.right, result.total) == (1, 1)  # the renamed question is left out, not a crash
    assert after.state(edited).describe() == "passed 1/1"
    fresh = after.new_attempt(edited)
    assert {q.id for q in fresh.plan.questions} == {"q1", "q2-renamed"}
    assert store.db.execute("SELECT COUNT(*) FROM checks").fetchone()[0] == 1
