"""The author's commands, called in-process: exit codes and what they print."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import write_module
from mhcourse import __version__
from mhcourse.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> int:
    return main(list(args))


def test_version(capsys):
    assert run("--version") == 0
    assert capsys.readouterr().out.strip() == f"mhcourse {__version__}"


def test_new_writes_a_skeleton_that_validates_but_not_strictly(tmp_path, capsys):
    """The skeleton is valid; its placeholders are warnings, and --strict refuses them until replaced."""
    assert run("new", "demo", "--title", "Demo", "--dir", str(tmp_path / "x")) == 0
    target = tmp_path / "x" / "demo.toml"
    assert target.read_text().startswith("#:schema ./module.schema.json\n# An mhcourse lesson module")
    capsys.readouterr()
    assert run("validate", str(target)) == 0
    out, err = capsys.readouterr()
    line = target.read_text().splitlines().index('summary = "What a learner will take away from this module."') + 1
    assert f"demo.toml:{line}: module.summary: warning: 'What a learner will take away from this module.' is a " \
           "placeholder from `mhcourse new`" in out
    assert "no errors" in err
    assert run("validate", "--strict", str(target)) == 1
    out = capsys.readouterr().out
    assert "module.summary: 'What a learner" in out and "warning" not in out


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = write_module(tmp_path, "demo")
    before = path.read_bytes()
    assert run("new", "demo", "--title", "Demo", "--dir", str(tmp_path)) == 1
    assert path.read_bytes() == before
    assert "already exists" in capsys.readouterr().err


def test_new_refuses_a_bad_id(tmp_path, capsys):
    assert run("new", "Not An Id", "--title", "x", "--dir", str(tmp_path)) == 2
    assert "not a valid module id" in capsys.readouterr().err


def test_schema_is_the_committed_one(capsys):
    assert run("schema") == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "module.schema.json").read_text()


def test_global_options_before_or_after_the_command(tmp_path, capsys):
    write_module(tmp_path, "extra-one")
    assert run("--modules", str(tmp_path), "list") == 0
    before = capsys.readouterr().out
    assert run("list", "--modules", str(tmp_path)) == 0
    assert capsys.readouterr().out == before
    assert "extra-one" in before


def test_validate_missing_path_is_a_usage_error(tmp_path, capsys):
    assert run("validate", str(tmp_path / "nope.toml")) == 2


def test_bad_arguments_exit_2(capsys):
    assert run("no-such-command") == 2


def test_no_terminal_prints_guidance_and_exits_2():
    result = subprocess.run([sys.executable, "-m", "mhcourse"], stdin=subprocess.DEVNULL, capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_into_a_closed_pipe_ends_quietly():
    result = subprocess.run(
        f"{sys.executable} -m mhcourse list | head -n 1", shell=True, capture_output=True, text=True
    )
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# -- new: refuses, before writing, what validate would refuse ----------------------------------------


@pytest.mark.parametrize("module_id, title, words", [
    ("demo", "", "--title is empty"),
    ("demo", "   ", "--title is empty"),
    ("demo", "x" * 100_001, "--title is 100,001 characters long; a title has at most 100,000"),
    ("a" * 150, "Demo", "the module id is 150 characters long; an id has at most 100"),
    ("Not-An-Id", "Demo", "'Not-An-Id' is not a valid module id"),
], ids=["empty title", "blank title", "long title", "long id", "capital letters"])
def test_new_refuses_what_the_module_format_refuses(tmp_path, capsys, module_id, title, words):
    assert run("new", module_id, "--title", title, "--dir", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert words in err and "nothing was written" in err
    assert list(tmp_path.iterdir()) == []


def test_new_with_the_longest_title_still_validates(tmp_path, capsys):
    assert run("new", "demo", "--title", "x" * 100_000, "--dir", str(tmp_path)) == 0
    assert run("validate", str(tmp_path / "demo.toml")) == 0


def test_new_trims_the_title(tmp_path, capsys):
    assert run("new", "demo", "--title", "  Coping with\nstress ", "--dir", str(tmp_path)) == 0
    assert 'title = "Coping with stress"' in (tmp_path / "demo.toml").read_text()


@settings(deadline=None, max_examples=100)
@given(module_id=st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,14}\Z"), title=st.text(max_size=60))
def test_whatever_new_accepts_validates(module_id, title):
    from mhcourse.content.loader import load_text
    from mhcourse.content.scaffold import clean_title, id_problem, skeleton, title_problem

    title = clean_title(title)
    if id_problem(module_id) or title_problem(title):
        return
    loaded = load_text(skeleton(module_id, title), Path(f"{module_id}.toml"))
    assert loaded.problems == []


def test_new_into_a_file_says_it_is_not_a_folder(tmp_path, capsys):
    somefile = tmp_path / "somefile"
    somefile.write_text("notes")
    assert run("new", "demo", "--title", "Demo", "--dir", str(somefile)) == 2
    assert f"--dir {somefile}: that is a file, not a folder" in capsys.readouterr().err
    assert somefile.read_text() == "notes"


# -- validate and list: nothing found is said out loud -------------------------------------------------


def test_validate_an_empty_folder_says_so(tmp_path, capsys):
    empty = tmp_path / "emptydir"
    empty.mkdir()
    assert run("validate", str(empty)) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{empty}: no module files (*.toml) here\n"
    assert "no problems" not in captured.err


def test_list_names_a_module_folder_that_is_not_there(tmp_path, capsys, monkeypatch):
    somefile = tmp_path / "somefile"
    somefile.write_text("notes")
    monkeypatch.setenv("MHCOURSE_MODULES", str(tmp_path / "nope"))
    assert run("list", "--modules", str(tmp_path / "nonexistent"), "--modules", str(somefile)) == 0
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nope'}: there is no such folder (from MHCOURSE_MODULES)" in err
    assert f"{tmp_path / 'nonexistent'}: there is no such folder (from --modules)" in err
    assert f"{somefile}: this is a file, not a folder of modules (from --modules)" in err


def test_list_is_quiet_about_the_default_folders(capsys):
    assert run("list") == 0
    assert capsys.readouterr().err == ""


def test_validate_names_a_module_folder_that_is_not_there(tmp_path, capsys):
    assert run("validate", "--modules", str(tmp_path / "typo")) == 1
    assert f"{tmp_path / 'typo'}: there is no such folder (from --modules)" in capsys.readouterr().out


def test_plain_mhcourse_is_read_without_the_parsers_of_every_command(monkeypatch):
    """Start-up (docs/performance.md): the course's own options need none of the commands' parsers."""
    from mhcourse import commands

    built = []
    full = commands.build_parser
    monkeypatch.setattr(commands, "build_parser", lambda only=None: built.append(only) or full(only))
    args = commands.parse(["--kiosk", "--data-dir", "here", "--modules", "a", "--modules=b", "--config", "c.toml"])
    assert (args.command, args.kiosk, args.data_dir, args.modules, args.config) == (None, True, "here", ["a", "b"],
                                                                                    "c.toml")
    assert built == []
    assert commands.parse(["list", "--data-dir", "here"]).command == "list" and built == [["list"]]
    with pytest.raises(SystemExit):
        commands.parse(["--data-dir"])  # a missing value: the full parser says what is wrong


IMPORTED_BY_ARGUMENTS = """
import contextlib, io, json, sys
from mhcourse.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["profile", "list", "--help"]])
def test_parsing_arguments_imports_only_the_named_command(argv):
    """The registry (commands/__init__.py) imports a command's module only when it is named, and parsing
    needs no Textual, pydantic or SQLite (docs/performance.md)."""
    result = subprocess.run([sys.executable, "-c", IMPORTED_BY_ARGUMENTS, *argv], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    shared = {"mhcourse.commands._common", "mhcourse.commands._argparse"}  # leaves every command needs
    commands = {m for m in loaded if m.startswith("mhcourse.commands.") and m not in shared}
    named = {"list": {"mhcourse.commands.modules"}, "profile": {"mhcourse.commands.profile"}}.get(argv[0], set())
    assert commands == named
    assert not [m for m in loaded if m.split(".")[0] in ("textual", "pydantic", "sqlite3", "_sqlite3")]


@pytest.mark.parametrize("command", [[], ["read", "--guest"]])
def test_mhcourse_seed_is_a_whole_number_for_every_face(command, tmp_path, monkeypatch, capsys):
    """One rule (commands/_common.py seed): a seed that is not a whole number is a usage error, never a
    quietly fresh shuffle, whether the course starts in the TUI or in the plain face."""
    monkeypatch.setenv("MHCOURSE_SEED", "12a")
    assert run("--data-dir", str(tmp_path / "data"), *command) == 2
    assert "MHCOURSE_SEED must be a whole number, not '12a'" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
