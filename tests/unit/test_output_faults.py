"""Output that cannot be written: a file name too long for the system, and standard output on a full
device. Each gets a plain message and its exit code, never a traceback; nothing saved is touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_progress import dump, passed_small, run

LONG = "a" * 300

WRITERS = {
    "export": ["export", "-o", f"{LONG}.toml", "--force"],
    "report --csv": ["report", "--csv", f"{LONG}.csv", "--names"],
    "backup": ["backup", f"{LONG}.db"],
    "certificate": ["certificate", "-o", f"{LONG}.html"],
    "config example": ["config", "example", "-o", f"{LONG}.toml"],
    "new": ["new", "some-module", "--title", "Some module", "--dir", LONG],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_file_name_too_long_is_refused_in_words(data, tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    passed_small(data)
    before = dump(data)
    assert run(*WRITERS[command]) == 2
    err = capsys.readouterr().err
    assert "is too long" in err and "nothing was written" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
    assert dump(data) == before


def test_a_name_that_fits_the_system_but_leaves_no_room_for_the_temporary_copy(data, tmp_path, capsys):
    passed_small(data)
    assert run("export", "-o", str(tmp_path / ("é" * 120 + ".toml"))) == 2  # 245 bytes: the copy would not fit
    assert "choose a name of at most 200 letters, fewer with accented letters" in capsys.readouterr().err
    assert run("export", "-o", str(tmp_path / ("b" * 195 + ".toml"))) == 0


FULL_DEVICE = ["list", "schema", "export", "report", "profile list", "progress", "config example", "--help",
               "--version", "read"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is a Linux device")
@pytest.mark.parametrize("command", FULL_DEVICE)
def test_standard_output_on_a_full_device_is_told_in_words(data, command):
    passed_small(data)
    before = dump(data)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "mhcourse", *command.split()], stdin=subprocess.DEVNULL,
                              stdout=full, stderr=subprocess.PIPE, text=True, env=os.environ, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "mhcourse: could not write the output (No space left on device)" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert dump(data) == before


def test_a_reader_that_goes_away_still_ends_quietly(data):
    done = subprocess.run(f"{sys.executable} -m mhcourse schema | head -c 10", shell=True, capture_output=True,
                          text=True, env=os.environ, timeout=120)
    assert done.returncode == 0 and done.stderr == ""
