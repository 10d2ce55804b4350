"""Files the commands read are looked at before they are read, and read with a bound: a named pipe, a device
(/dev/zero) or a huge sparse file is refused at once in plain words, never waited on or read whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mhcourse import cli

posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")


def _small_memory() -> None:
    """The child may use 1 GiB at most: reading /dev/zero or a 2 GiB file whole fails it at once."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def mhcourse(*args: str, data_dir: Path, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """The command in its own process: a hang fails it by the timeout instead of stopping the suite."""
    return subprocess.run([sys.executable, "-m", "mhcourse", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, stdin=stdin, timeout=60, preexec_fn=_small_memory)


@pytest.fixture
def odd_files(tmp_path) -> dict[str, Path]:
    fifo = tmp_path / "record.toml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as out:
        out.truncate(2 << 30)  # 2 GiB, sparse: nothing is really written
    return {"fifo": fifo, "zero": Path("/dev/zero"), "huge": huge}


@posix
@pytest.mark.parametrize("kind, words", [("fifo", "is a named pipe (FIFO), not an export file"),
                                         ("zero", "is a device, not an export file"),
                                         ("huge", "the file is over 64 MiB; an export is never this big")])
def test_import_refuses_a_pipe_a_device_and_a_huge_file_at_once(tmp_path, odd_files, kind, words):
    done = mhcourse("import", str(odd_files[kind]), data_dir=tmp_path / "data")
    assert done.returncode == 1, done.stderr
    assert words in done.stderr and "Nothing was imported" in done.stderr
    assert "Traceback" not in done.stderr


@posix
def test_import_from_standard_input_reads_no_more_than_an_export_can_hold(tmp_path):
    with open("/dev/zero", "rb") as zero:
        done = mhcourse("import", "-", data_dir=tmp_path / "data", stdin=zero)
    assert done.returncode == 1, done.stderr
    assert "<stdin>: the file is over 64 MiB" in done.stderr and "Traceback" not in done.stderr


@posix
@pytest.mark.parametrize("command", ["validate", "preview"])
@pytest.mark.parametrize("kind, words", [("fifo", "this is a named pipe (FIFO), not a module file"),
                                         ("zero", "this is a device, not a module file"),
                                         ("huge", "the file is 2,147,483,648 bytes, over the limit")])
def test_module_files_that_are_not_files_or_too_big_are_refused_at_once(tmp_path, odd_files, command, kind, words):
    done = mhcourse(command, str(odd_files[kind]), data_dir=tmp_path / "data")
    assert done.returncode == 1, done.stderr
    assert f"{odd_files[kind]}: {words}" in done.stdout
    assert "Traceback" not in done.stderr


@posix
def test_a_huge_config_file_is_not_read_whole(tmp_path, odd_files):
    done = mhcourse("list", "--config", str(odd_files["huge"]), data_dir=tmp_path / "data")
    assert done.returncode == 2, done.stderr
    assert "the file is over 1 MiB; a config file is a page or two" in done.stderr and "Traceback" not in done.stderr


def test_an_empty_modules_folder_name_is_a_usage_error(tmp_path, capsys, monkeypatch):
    (tmp_path / "stray.toml").write_text("not a module")
    monkeypatch.chdir(tmp_path)  # "" would have loaded every TOML file here as a module
    assert cli.main(["--modules", "", "list"]) == 2
    assert "--modules needs a folder name; it was given an empty one" in capsys.readouterr().err
    assert cli.main(["validate", "--modules", ""]) == 2


@posix
def test_a_named_pipe_where_the_catalog_cache_was_is_passed_over(tmp_path):
    cache = Path(os.environ["MHCOURSE_CACHE_DIR"])
    assert mhcourse("read", data_dir=tmp_path / "data").returncode == 0  # writes the cache
    caches = list(cache.rglob("*.jsonl"))
    assert caches
    for path in caches:
        path.unlink()
        os.mkfifo(path)
    done = mhcourse("read", data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "End of input" in done.stdout
