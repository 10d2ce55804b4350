"""No command writes over the store's own files (progress.db, -wal, -shm, -journal), however the path is spelt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_cli_progress import dump, passed_small, run

from mhcourse.progress.store import Store
from mhcourse.progress.store.core import is_store_file


def _spelt(data: Path, tmp_path: Path, spelling: str, suffix: str = "") -> Path:
    """progress.db (or one of its companions) named another way, as a facilitator might by mistake."""
    own = data / f"progress.db{suffix}"
    if spelling == "dot-dot":
        return data / ".." / data.name / own.name
    if spelling == "relative":
        os.chdir(data)
        return Path(".") / own.name
    if spelling == "symlink":
        link = tmp_path / f"link{suffix or '.db'}"
        link.symlink_to(own)
        return link
    link = tmp_path / "hard.db"
    os.link(own, link)
    return link


COMMANDS = {
    "export": lambda target: ["export", "-o", str(target), "--force"],
    "backup": lambda target: ["backup", str(target), "--force"],
    "report --csv": lambda target: ["report", "--csv", str(target), "--force"],
    "config example": lambda target: ["config", "example", "-o", str(target)],
}


@pytest.mark.parametrize("spelling", ["dot-dot", "relative", "symlink", "hard link"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_writes_over_the_progress_file(data, tmp_path, capsys, monkeypatch, command, spelling):
    monkeypatch.chdir(tmp_path)
    passed_small(data)
    before = dump(data)
    target = _spelt(data, tmp_path, spelling)

    assert run(*COMMANDS[command](target)) == 2

    err = capsys.readouterr().err
    assert f"{target} is one of this computer's progress files" in err
    assert "nothing was written" in err and "Traceback" not in err
    assert dump(data) == before
    assert sorted(p.name for p in data.iterdir() if not p.name.startswith("progress.db")) == []


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_nor_over_the_files_sqlite_keeps_beside_it_while_the_course_is_open(data, tmp_path, capsys, command, suffix):
    passed_small(data)
    open_course = Store.open(data)  # a learner is in the course: the -wal and -shm files exist
    try:
        open_course.touch(open_course.profile("Robin").id)
        wal = (data / "progress.db-wal").read_bytes()
        target = data / ".." / data.name / f"progress.db{suffix}"

        assert run(*COMMANDS[command](target)) == 2

        assert "progress files" in capsys.readouterr().err
        assert (data / "progress.db-wal").read_bytes() == wal
        assert not (data / "progress.db-journal").exists()
    finally:
        open_course.close()
    assert Store.open(data).profile("Robin") is not None


def test_the_learners_file_of_report_names_is_checked_too(data, tmp_path, capsys):
    passed_small(data)
    (tmp_path / "r-learners.csv").symlink_to(data / "progress.db")  # where --names puts the learners' table
    before = dump(data)
    assert run("report", "--csv", str(tmp_path / "r.csv"), "--names", "--force") == 2
    assert "r-learners.csv is one of this computer's progress files" in capsys.readouterr().err
    assert dump(data) == before
    assert not (tmp_path / "r.csv").exists()


def test_a_certificate_is_not_written_over_the_progress_file(data, tmp_path, capsys):
    passed_small(data)
    target = tmp_path / "robin.html"
    target.symlink_to(data / "progress.db")
    before = dump(data)
    assert run("certificate", "--profile", "Robin", "-o", str(target), "--force") == 2
    assert "progress files" in capsys.readouterr().err
    assert dump(data) == before


def test_the_rule_itself(data, tmp_path):
    passed_small(data)
    assert is_store_file(data / "progress.db", data)
    assert is_store_file(data / "sub" / ".." / "progress.db-wal", data)  # not there yet: compared by path
    assert not is_store_file(data / "progress.db.bak", data)
    assert not is_store_file(tmp_path / "progress.db", data)
    assert not is_store_file(Path("x" * 300), data)
