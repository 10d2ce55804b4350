"""Storage faults through the plain face and the commands: a full disk, a read-only store, a held lock,
a FIFO where a file belongs, an unusable folder, file modes. Plain words, the right exit code, no
traceback, nothing saved lost."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import write_module
from mhcourse import cli
from mhcourse.progress.store import Store
from mhcourse.progress.store import core as store_core
from mounts import fill, read_only, small_disk

FAST_LOCK_MS = 100
"""The busy timeout in these tests: a held lock fails a write at once instead of after 15 seconds."""


class FillsTheDisk(io.StringIO):
    """Standard input that fills `disk` just before the learner's first line is read."""

    def __init__(self, text: str, disk: Path) -> None:
        super().__init__(text)
        self.disk: Path | None = disk

    def readline(self, *args) -> str:  # type: ignore[override]
        if self.disk is not None:
            fill(self.disk)
            self.disk = None
        return super().readline(*args)


@pytest.fixture
def mods(tmp_path) -> Path:
    write_module(tmp_path / "mods", "small")
    return tmp_path / "mods"


def robin_with_a_lesson(data: Path) -> None:
    """Something saved before the fault, which must still be there after it."""
    store = Store.open(data)
    store.lesson_opened(store.create_profile("Robin").id, "small", "first")
    store.close()


def assert_robin_kept(data: Path) -> None:
    db = sqlite3.connect(f"{(data / 'progress.db').as_uri()}?mode=ro", uri=True)
    try:
        assert db.execute("SELECT name FROM profiles").fetchall() == [("Robin",)]
        assert db.execute("SELECT module_id, lesson_id FROM lessons").fetchall() == [("small", "first")]
    finally:
        db.close()


def read(monkeypatch, stdin, data: Path, mods: Path) -> int:
    monkeypatch.setattr(sys, "stdin", stdin)
    return cli.main(["read", "small", "--profile", "Robin", "--data-dir", str(data), "--modules", str(mods)])


# -- the plain face -------------------------------------------------------------------------------


def test_plain_face_on_a_full_disk_says_so_and_exits_3(tmp_path, mods, monkeypatch, capsys):
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        robin_with_a_lesson(data)
        status = read(monkeypatch, FillsTheDisk("2\n1\n1\n1\n", disk), data, mods)
        out, err = capsys.readouterr()
        assert status == 3
        assert "Your last step was not saved: the disk is full." in out
        assert "everything saved before is kept" in out and "Start it again later with: mhcourse read" in out
        assert "Traceback" not in out + err
        (disk / "filler").unlink()
        assert_robin_kept(data)


def test_plain_face_with_the_store_locked_too_long_says_so_and_exits_3(tmp_path, mods, monkeypatch, capsys):
    monkeypatch.setattr(store_core, "BUSY_TIMEOUT_MS", FAST_LOCK_MS)
    data = tmp_path / "data"
    robin_with_a_lesson(data)
    holder = sqlite3.connect(data / "progress.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock past the timeout
    try:
        status = read(monkeypatch, io.StringIO("2\n1\n1\n"), data, mods)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = capsys.readouterr()
    assert status == 3
    assert "Your last step was not saved: another program kept the progress file busy for too long." in out
    assert "Traceback" not in out + err
    assert_robin_kept(data)


def test_plain_face_on_a_read_only_folder_exits_3_before_anything(tmp_path, mods, monkeypatch, capsys):
    data = tmp_path / "data"
    robin_with_a_lesson(data)
    with read_only(data):
        status = read(monkeypatch, io.StringIO("1\n"), data, mods)
    out, err = capsys.readouterr()
    assert status == 3
    assert "is not writable, so progress cannot be saved" in err and "Traceback" not in out + err
    assert_robin_kept(data)


def test_plain_face_on_a_read_only_progress_file_exits_3(tmp_path, mods, monkeypatch, capsys):
    data = tmp_path / "data"
    robin_with_a_lesson(data)
    with read_only(data / "progress.db"):  # the folder is writable, the file is not
        status = read(monkeypatch, io.StringIO("1\n"), data, mods)
    out, err = capsys.readouterr()
    assert status == 3
    assert "can only be read here, not changed" in err and "Traceback" not in out + err
    assert_robin_kept(data)


def test_mhcourse_read_with_a_held_lock_exits_3_without_a_traceback(tmp_path, mods):
    """The installed command, as a screen-reader user runs it (MHCOURSE_BUSY_TIMEOUT_MS shortens the wait)."""
    data = tmp_path / "data"
    robin_with_a_lesson(data)
    holder = sqlite3.connect(data / "progress.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run([sys.executable, "-m", "mhcourse", "read", "small", "--profile", "Robin",
                               "--data-dir", str(data), "--modules", str(mods)], input="2\n1\n1\n",
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "MHCOURSE_BUSY_TIMEOUT_MS": str(FAST_LOCK_MS)})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 3, done.stderr
    assert "Your last step was not saved" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert_robin_kept(data)


# -- file modes ----------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_store_is_private_whatever_the_umask(tmp_path):
    before = os.umask(0)  # the loosest umask: the modes must not come from it
    try:
        store = Store.open(tmp_path / "new" / "data")
        store.create_profile("Robin")
    finally:
        os.umask(before)
    folder = tmp_path / "new" / "data"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("progress.db", "progress.db-wal", "progress.db-shm"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    store.close()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_older_store_readable_by_everyone_is_tightened(tmp_path):
    data = tmp_path / "data"
    robin_with_a_lesson(data)
    data.chmod(0o755)
    (data / "progress.db").chmod(0o644)
    assert cli.main(["profile", "list", "--data-dir", str(data)]) == 0
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "progress.db").stat().st_mode) == 0o600
    assert_robin_kept(data)


@pytest.mark.skipif(os.name != "posix", reason="group permissions are POSIX")
def test_a_shared_folder_keeps_2770_and_0660(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    config = tmp_path / "site.toml"
    config.write_text(f'[data]\nfolder = "{folder}"\nshared = true\n', encoding="utf-8")
    monkeypatch.delenv("MHCOURSE_DATA_DIR")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli.main(["read", "--config", str(config)]) == 0  # makes the folder and the store, then nothing typed
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2770
    for name in ("progress.db", "progress.db-wal", "progress.db-shm"):
        path = folder / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o660, name


# -- files that are not files, folders that are not usable, names that are empty ------------------


def mhcourse(*args: str) -> subprocess.CompletedProcess:
    """The command in its own process: before the fix a FIFO made it wait for ever, so a timeout fails it."""
    return subprocess.run([sys.executable, "-m", "mhcourse", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_at_progress_db_is_refused_with_exit_3(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "progress.db")
    for command in (["profile", "list"], ["report"], ["read"]):
        done = mhcourse(*command, "--data-dir", str(data))
        assert done.returncode == 3, (command, done.stderr)
        assert f"The progress file {data / 'progress.db'} is not a regular file (it is a named pipe" in done.stderr
        assert "Traceback" not in done.stderr
    assert stat.S_ISFIFO(os.stat(data / "progress.db").st_mode)  # left as it was


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_at_the_config_path_is_refused_with_exit_2(tmp_path):
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    done = mhcourse("list", "--config", str(fifo))
    assert done.returncode == 2
    assert f"{fifo}: this is not a regular file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["missing", "a file", "no progress file"])
def test_report_on_an_unusable_folder_exits_3(tmp_path, capsys, kind):
    folder = tmp_path / "data"
    if kind == "a file":
        folder.write_text("not a folder")
    elif kind == "no progress file":
        folder.mkdir()
    assert cli.main(["report", "--data-dir", str(folder)]) == 3
    captured = capsys.readouterr()
    assert "Learners: 0" not in captured.out
    assert f"The data folder {folder}" in captured.err and "Check --data-dir" in captured.err
    assert kind == "a file" or not (folder / "progress.db").exists()  # nothing made


@pytest.mark.parametrize("option", ["--data-dir", "--config"])
def test_an_empty_folder_or_config_name_is_a_usage_error(tmp_path, capsys, option):
    assert cli.main(["profile", "list", option, ""]) == 2
    assert f"{option} needs a name; it was given an empty one" in capsys.readouterr().err
    assert cli.main([option, "", "report"]) == 2
