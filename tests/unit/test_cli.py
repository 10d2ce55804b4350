"""The author's commands, called in-process: exit codes and what they print."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mhcourse import __version__
from mhcourse.cli import main

from helpers import module_text, write_module

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> int:
    return main(list(args))


def test_version(capsys):
    assert run("--version") == 0
    assert capsys.readouterr().out.strip() == f"mhcourse {__version__}"


def test_new_writes_a_skeleton_that_validates_strictly(tmp_path, capsys):
    assert run("new", "demo", "--title", "Demo", "--dir", str(tmp_path / "x")) == 0
    target = tmp_path / "x" / "demo.toml"
    assert target.read_text().startswith("# An mhcourse lesson module")
    assert run("validate", "--strict", str(target)) == 0


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
    result = subprocess.run([sys.executable, "-m", "mhcourse"], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_into_a_closed_pipe_ends_quietly():
    result = subprocess.run(
        f"{sys.executable} -m mhcourse list | head -n 1", shell=True, capture_output=True, text=True
    )
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
