"""What the commands write is private, and what they say about a file is what is really wrong with it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_certificate import bundled, make

from mhcourse import cli


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_certificate_is_written_readable_only_by_its_owner_whatever_the_umask(data, tmp_path, capsys, suffix):
    make(data, "Sam", bundled())
    target = tmp_path / f"sam{suffix}"
    old = os.umask(0)
    try:
        assert cli.main(["certificate", "-o", str(target), "--data-dir", str(data)]) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        target.chmod(0o644)
        assert cli.main(["certificate", "-o", str(target), "--force", "--data-dir", str(data)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a replaced certificate is private too
    assert "Sam" in target.read_text(encoding="utf-8")


# -- words that say what is really wrong -------------------------------------------------------------

linux = pytest.mark.skipif(not Path("/dev/full").exists() or not Path("/proc/version").is_file(),
                           reason="/dev/full and /proc are Linux")


@linux
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_report_to_a_device_is_refused_at_once_as_not_a_file(data, capsys, force):
    make(data, "Sam")
    assert cli.main(["report", "--csv", "/dev/full", "--data-dir", str(data), *force]) == 2
    err = capsys.readouterr().err
    assert "/dev/full is not a regular file" in err and "--force" not in err


@linux
def test_a_backup_in_a_folder_of_the_system_says_so(data, capsys):
    make(data, "Sam")
    assert cli.main(["backup", "/proc/version", "--force", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "cannot write /proc/version: the folder /proc does not take new files" in err
    assert "No such file or directory" not in err


def test_a_backup_in_a_folder_that_does_not_exist_names_the_folder(data, tmp_path, capsys):
    make(data, "Sam")
    target = tmp_path / "nowhere" / "q.db"
    assert cli.main(["backup", str(target), "--data-dir", str(data)]) == 1
    assert f"the folder {target.parent} does not exist" in capsys.readouterr().err


@linux
def test_an_import_whose_summary_cannot_be_written_says_the_import_was_done(data, tmp_path):
    make(data, "Sam")
    record = tmp_path / "sam.toml"
    assert cli.main(["export", "-o", str(record), "--data-dir", str(data)]) == 0
    elsewhere = tmp_path / "elsewhere"
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "mhcourse", "import", str(record), "--data-dir", str(elsewhere)],
                              stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert "could not write the output" in done.stderr
    assert "The import itself was done: the record is in the profile 'Sam'" in done.stderr
    assert "Traceback" not in done.stderr
    assert cli.main(["profile", "list", "--data-dir", str(elsewhere)]) == 0  # it really is there
