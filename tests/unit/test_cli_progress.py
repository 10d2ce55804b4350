"""The progress commands, called in-process: what a learner or facilitator sees, and the exit codes."""

from __future__ import annotations

import io
import os
import random
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import module_text
from mhcourse.cli import main
from mhcourse.content.loader import load_text
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from mounts import unwritable


def run(*args: str) -> int:
    return main(list(args))


def start_reading(*args: str) -> int:
    """`mhcourse read` with nothing typed: it makes the data folder and the store, as the course does."""
    stdin = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        return main(["read", *args])
    finally:
        sys.stdin = stdin


def learner(data: Path, name: str, module_id: str = "small") -> Learner:
    module = load_text(module_text(module_id), Path(f"{module_id}.toml")).module
    store = Store.open(data)
    return Learner(store, store.profile(name) or store.create_profile(name), [module], random.Random(3))


def passed_small(data: Path, name: str = "Robin") -> None:
    """Both lessons done and the quiz passed 2/2."""
    me = learner(data, name)
    module = me.modules[0]
    for lesson in module.lessons:
        me.open_lesson(module, lesson.id)
        me.finish_lesson(module, lesson.id)
    attempt = me.quiz_attempt(module)
    me.answer(attempt, module.question("q1"), "Listening")
    me.answer(attempt, module.question("q2"), ["one", "two", "three"])
    me.finish_attempt(module, attempt)
    me.store.close()


def started_other(data: Path, name: str = "Robin") -> None:
    me = learner(data, name, "other-one")
    module = me.modules[0]
    me.open_lesson(module, "first")
    me.finish_lesson(module, "first")
    me.store.close()


def dump(data: Path) -> list[str]:
    db = sqlite3.connect(data / "progress.db")
    try:
        return list(db.iterdump())
    finally:
        db.close()


def line_with(out: str, word: str) -> str:
    return next(line for line in out.splitlines() if word in line)


# -- profile list / rename / delete --------------------------------------------------------------


def test_profile_list_with_none_and_with_some(data, modules, capsys):
    Store.open(data).close()  # a progress file with nobody in it yet
    assert run("profile", "list") == 0
    assert "No profiles yet" in capsys.readouterr().out
    passed_small(data, "Robin")
    learner(data, "Sam").store.close()
    assert run("profile", "list", "--modules", str(modules)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["NAME", "CREATED", "LAST", "USED", "PIN", "PROGRESS"]
    assert "1 of" in line_with(out, "Robin") and "modules passed" in line_with(out, "Robin")
    assert "0 of" in line_with(out, "Sam")


def test_profile_list_counts_the_sites_track_and_shows_pins_and_locks(data, modules, tmp_path, capsys):
    passed_small(data, "Robin")
    learner(data, "Sam").store.close()
    learner(data, "Kim").store.close()
    store = Store.open(data)
    store.set_pin(store.profile("Sam").id, "2468")
    kim = store.profile("Kim").id
    store.set_pin(kim, "1357")
    while store.check_pin(kim, "0000").status != "locked":
        pass
    store.close()
    config = tmp_path / "site.toml"
    config.write_text('[track]\noffered = ["small", "anxiety"]\n', encoding="utf-8")
    assert run("profile", "list", "--modules", str(modules), "--config", str(config)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["NAME", "CREATED", "LAST", "USED", "PIN", "PROGRESS"]
    columns = {line.split("  ")[0]: re.split(r"\s{2,}", line) for line in out.splitlines()[1:]}
    assert columns["Robin"][3:] == ["-", "1 of 2 modules passed"]  # of the two modules the site offers
    assert columns["Sam"][3:] == ["yes", "0 of 2 modules passed"]
    assert columns["Kim"][3].startswith("locked until ")


def test_global_options_work_after_the_action(tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    learner(elsewhere, "Kim").store.close()
    assert run("profile", "list", "--data-dir", str(elsewhere)) == 0
    assert "Kim" in capsys.readouterr().out
    assert run("--data-dir", str(elsewhere), "profile", "list") == 0
    assert "Kim" in capsys.readouterr().out


def test_rename(data, capsys):
    learner(data, "Robin").store.close()
    learner(data, "Sam").store.close()
    assert run("profile", "rename", "robin", "Robin Hood") == 0
    assert "Renamed 'Robin' to 'Robin Hood'" in capsys.readouterr().out
    assert run("profile", "rename", "Sam", "ROBIN HOOD") == 1
    assert "already a profile" in capsys.readouterr().err
    assert run("profile", "rename", "Nobody", "X") == 1
    assert "no profile called 'Nobody'" in capsys.readouterr().err
    assert sorted(p.name for p in Store.open(data).profiles()) == ["Robin Hood", "Sam"]


def test_delete_needs_yes(data, capsys):
    passed_small(data, "Robin")
    before = dump(data)
    assert run("profile", "delete", "Robin") == 2
    err = capsys.readouterr().err
    assert "Nothing was erased" in err and "--yes" in err
    assert dump(data) == before
    assert run("profile", "delete", "ROBIN", "--yes") == 0
    assert "Erased the profile 'Robin'" in capsys.readouterr().out
    store = Store.open(data)
    assert store.profiles() == []
    assert store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0


def test_unknown_profiles_are_named_with_the_ones_there_are(data, capsys):
    learner(data, "Robin").store.close()
    learner(data, "Sam").store.close()
    for args in (["progress", "--profile", "Kim"], ["export", "--profile", "Kim"],
                 ["profile", "delete", "Kim", "--yes"]):
        assert run(*args) == 1, args
        err = capsys.readouterr().err
        assert "There is no profile called 'Kim'. Profiles here: Robin, Sam." in err, args


# -- progress ----------------------------------------------------------------------------------


def test_progress_shows_each_modules_state_and_score(data, modules, capsys):
    passed_small(data)
    started_other(data)
    assert run("progress", "--profile", "robin", "--modules", str(modules)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Robin: 1 of ")
    assert line_with(out, " small ").split(" small ", 1)[1].strip() == "passed 2/2 (1 quiz attempt)"
    assert line_with(out, " other-one ").endswith("1 of 2 lessons")
    assert "Next: Other module" in out
    assert "\x1b[" not in out  # plain text, no colour


def test_progress_with_one_profile_needs_no_name(data, modules, capsys):
    passed_small(data)
    assert run("progress", "--modules", str(modules)) == 0
    assert capsys.readouterr().out.startswith("Robin: 1 of ")


def test_progress_with_several_profiles_summarises_each(data, modules, capsys):
    passed_small(data, "Robin")
    learner(data, "Sam").store.close()
    assert run("progress", "--modules", str(modules)) == 0
    out = capsys.readouterr().out
    assert "Robin: 1 of" in out and "Sam: 0 of" in out
    assert "--profile NAME" in out


def test_progress_follows_the_sites_track(data, modules, tmp_path, capsys):
    """Issue 13: `progress` said "1 of 16" and suggested a module the site does not offer."""
    passed_small(data)
    started_other(data)  # begun before the site stopped offering it
    config = tmp_path / "site.toml"
    config.write_text('[track]\noffered = ["small", "anxiety"]\n', encoding="utf-8")
    assert run("progress", "--profile", "Robin", "--modules", str(modules), "--config", str(config)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Robin: 1 of 2 modules passed")
    assert "Next: Anxiety" in out and "Other module" not in out
    table = out.split("\n\n")[1].splitlines()
    assert [row.split()[-1] for row in table[1:]] == ["attempt)", "started"]  # small, then anxiety: no other-one
    learner(data, "Sam").store.close()
    assert run("progress", "--modules", str(modules), "--config", str(config)) == 0
    out = capsys.readouterr().out
    assert "Robin: 1 of 2 modules passed" in out and "Sam: 0 of 2 modules passed" in out


def test_progress_keeps_modules_no_longer_in_the_course(data, capsys):
    passed_small(data)  # 'small' is not in the bundled course
    assert run("progress") == 0
    assert "not in this course now: small" in capsys.readouterr().out


# -- export / import ---------------------------------------------------------------------------


def test_export_delete_import_round_trip(data, modules, tmp_path, capsys):
    passed_small(data)
    started_other(data)
    assert run("progress", "--modules", str(modules)) == 0
    before = capsys.readouterr().out
    target = tmp_path / "robin.toml"

    assert run("export", "--profile", "Robin", "-o", str(target)) == 0
    assert "keep it private" in capsys.readouterr().err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert run("profile", "delete", "Robin", "--yes") == 0
    assert run("import", str(target)) == 0
    assert "new profile 'Robin'" in capsys.readouterr().out
    after_first = dump(data)
    assert run("import", str(target), "--into", "Robin") == 0
    assert "Nothing new to import" in capsys.readouterr().out
    assert dump(data) == after_first
    assert run("progress", "--modules", str(modules)) == 0
    assert capsys.readouterr().out == before


def test_export_to_standard_output(data, capsys):
    passed_small(data)
    assert run("export") == 0  # one profile: no need to name it
    out = capsys.readouterr().out
    assert "mhcourse_export = 1" in out and 'name = "Robin"' in out


def test_export_with_several_profiles_asks_which(data, capsys):
    learner(data, "Robin").store.close()
    learner(data, "Sam").store.close()
    assert run("export") == 2
    assert "Which profile" in capsys.readouterr().err


def test_export_does_not_replace_a_file_without_force(data, tmp_path, capsys):
    passed_small(data)
    target = tmp_path / "mine.toml"
    target.write_text("my notes")
    assert run("export", "-o", str(target)) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert target.read_text() == "my notes"
    assert run("export", "-o", str(target), "--force") == 0
    assert target.read_text().count("mhcourse_export = 1") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]  # no partial file left


def test_a_bad_import_file_is_located_and_changes_nothing(data, tmp_path, capsys):
    passed_small(data)
    target = tmp_path / "robin.toml"
    assert run("export", "-o", str(target)) == 0
    text = target.read_text()
    target.write_text(text.replace("right = 2", 'right = "two"'))
    line = next(i + 1 for i, row in enumerate(target.read_text().splitlines()) if row.startswith("right ="))
    before = dump(data)
    capsys.readouterr()

    assert run("import", str(target), "--as", "Sam") == 1

    err = capsys.readouterr().err
    assert f"{target}:{line}: attempts[0].right: expected a whole number, found the text 'two'" in err
    assert "nothing was imported" in err
    assert "Traceback" not in err
    assert dump(data) == before


def test_import_of_a_missing_file_or_a_bad_name(data, tmp_path, capsys):
    assert run("import", str(tmp_path / "nope.toml")) == 1
    assert "cannot read" in capsys.readouterr().err
    assert run("import", str(tmp_path / "nope.toml"), "--as", "x" * 80) == 2
    assert "--as" in capsys.readouterr().err


# -- backup ------------------------------------------------------------------------------------


def test_backup(data, tmp_path, capsys):
    passed_small(data)
    target = tmp_path / "backup.db"
    assert run("backup", str(target)) == 0
    assert "1 profile" in capsys.readouterr().out
    db = sqlite3.connect(target)
    assert db.execute("SELECT name FROM profiles").fetchall() == [("Robin",)]
    db.close()
    assert run("backup", str(target)) == 1
    assert "already exists" in capsys.readouterr().err
    assert run("backup", str(target), "--force") == 0
    assert run("backup", str(data / "progress.db"), "--force") == 2
    assert "is one of this computer's progress files" in capsys.readouterr().err
    assert run("backup", str(tmp_path / "no-such-folder" / "b.db")) == 1
    assert "cannot write" in capsys.readouterr().err


def _not_a_file(tmp_path: Path, kind: str) -> Path:
    """Something at a path that is not a regular file (as /dev/full is: a device)."""
    target = tmp_path / kind
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        (tmp_path / "real.db").write_text("keep me")
        target.symlink_to(tmp_path / "real.db")
    return target


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and symbolic links as on Linux and macOS")
@pytest.mark.parametrize("kind, words", [("pipe", "is not a regular file"), ("link", "is a symbolic link"),
                                         ("folder", "is a folder")])
@pytest.mark.parametrize("command", ["backup", "export"])
def test_force_never_replaces_what_is_not_a_regular_file(data, tmp_path, capsys, command, kind, words):
    passed_small(data)
    target = _not_a_file(tmp_path, kind)
    before = os.lstat(target).st_mode
    args = ["backup", str(target)] if command == "backup" else ["export", "-o", str(target)]
    assert run(*args, "--force") == 2
    assert f"{target} {words}" in capsys.readouterr().err
    assert os.lstat(target).st_mode == before
    if kind == "link":
        assert (tmp_path / "real.db").read_text() == "keep me"


# -- a store that cannot be used, or was damaged -------------------------------------------------


def test_a_damaged_store_is_moved_aside_and_the_learner_told(data, capsys):
    data.mkdir(parents=True)
    (data / "progress.db").write_bytes(b"\x00garbage" * 500)
    assert run("profile", "list") == 0
    captured = capsys.readouterr()
    assert "could not be read, so it was moved aside" in captured.err
    assert "No profiles yet" in captured.out
    assert len(list(data.glob("progress.db.corrupt-*"))) == 1


def test_a_data_folder_that_cannot_be_created_exits_3(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    assert start_reading("--data-dir", str(blocker / "data")) == 3
    err = capsys.readouterr().err
    assert "cannot be created" in err and str(blocker / "data") in err


def test_no_traceback_from_the_real_command(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    result = subprocess.run([sys.executable, "-m", "mhcourse", "read", "--data-dir", str(blocker / "data")],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 3
    assert "cannot be created" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_data_folder_that_is_a_file_exits_3_in_plain_words(tmp_path):
    """The real command, as root too (CI): a file in the way stops every user, unlike permissions."""
    somefile = tmp_path / "somefile"
    somefile.write_text("notes")
    result = subprocess.run([sys.executable, "-m", "mhcourse", "read", "--data-dir", str(somefile)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 3
    assert result.stderr == (f"mhcourse: The data folder {somefile} is a file, not a folder; "
                             "choose a folder for --data-dir (or MHCOURSE_DATA_DIR).\n")
    assert somefile.read_text() == "notes"


def test_a_data_folder_below_a_file_names_the_file_exits_3(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    assert start_reading("--data-dir", str(blocker / "data")) == 3
    err = capsys.readouterr().err
    assert f"cannot be created: {blocker} is a file, not a folder" in err
    assert "Traceback" not in err


def test_a_read_only_data_folder_exits_3(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    with unwritable(folder):  # as root (CI): a read-only mount, since root writes whatever the mode
        assert start_reading("--data-dir", str(folder)) == 3
        assert "not writable" in capsys.readouterr().err


def test_a_store_from_a_newer_mhcourse_exits_3(data, capsys):
    learner(data, "Robin").store.close()
    db = sqlite3.connect(data / "progress.db")
    db.execute("PRAGMA user_version = 42")
    db.close()
    assert run("progress") == 3
    assert "newer version of mhcourse" in capsys.readouterr().err
