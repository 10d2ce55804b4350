"""Commands that only read progress never make a data folder or a progress file: a mistyped --data-dir is
told at once (exit 3), not taken for an empty folder (a weekly backup of 0 profiles, for months)."""

from __future__ import annotations

import pytest
from test_cli_progress import passed_small

from mhcourse.cli import main

READERS = [
    ["backup", "{out}/q.db"],
    ["profile", "list"],
    ["profile", "rename", "Robin", "Sam"],
    ["profile", "delete", "Robin", "--yes"],
    ["profile", "reset-pin", "Robin", "--clear"],
    ["profile", "prune", "--inactive-days", "3", "--yes"],
    ["progress"],
    ["export"],
    ["certificate", "-o", "{out}/c.html"],
]


@pytest.mark.parametrize("where", ["missing", "empty"])
@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_a_reading_command_on_a_folder_without_progress_exits_3_and_makes_nothing(tmp_path, capsys, command, where):
    folder = tmp_path / "nonexist2"
    if where == "empty":
        folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    args = [part.format(out=out) for part in command]
    assert main(["--data-dir", str(folder), *args]) == 3
    err = capsys.readouterr().err
    assert f"The data folder {folder} " in err and "Check --data-dir (or MHCOURSE_DATA_DIR" in err
    assert "Traceback" not in err
    assert (where == "empty") == folder.exists()
    assert not folder.exists() or list(folder.iterdir()) == []
    assert list(out.iterdir()) == []


def test_import_still_makes_the_data_folder(data, tmp_path, capsys):
    passed_small(data)
    record = tmp_path / "robin.toml"
    assert main(["export", "-o", str(record)]) == 0
    fresh = tmp_path / "fresh"
    assert main(["import", str(record), "--data-dir", str(fresh)]) == 0
    assert (fresh / "progress.db").exists()
