"""`mhcourse new` sets up the editor: the module's `#:schema` line names the schema file it writes beside the
module, and what docs/authoring.md's "Help from your editor" says works as written."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_docs import blocks, guide

from mhcourse.cli import main
from mhcourse.content.schema import schema_json

TAPLO = Path(sys.executable).parent / "taplo"
needs_taplo = pytest.mark.skipif(not TAPLO.exists(), reason="the taplo command (pip install taplo) is not installed")


def new(folder: Path, module_id: str = "coping-with-stress") -> Path:
    assert main(["new", module_id, "--title", "Coping with stress", "--dir", str(folder)]) == 0
    return folder / f"{module_id}.toml"


def test_new_writes_the_schema_its_first_line_names(tmp_path, capsys):
    module = new(tmp_path)
    first = module.read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./module.schema.json"
    named = module.parent / first.removeprefix("#:schema ").strip()
    assert named.read_text(encoding="utf-8") == schema_json()
    out = capsys.readouterr().out
    assert f"Wrote {named}: your editor checks the module with it" in out
    assert main(["validate", str(module)]) == 0  # valid with the line (the lint of placeholders is not this test's)


def test_new_never_overwrites_a_schema_already_there(tmp_path, capsys):
    mine = tmp_path / "module.schema.json"
    mine.write_text("{}\n", encoding="utf-8")
    new(tmp_path)
    new(tmp_path, "second-module")
    assert mine.read_text(encoding="utf-8") == "{}\n"
    assert "module.schema.json" not in capsys.readouterr().out


def test_new_says_so_when_the_schema_cannot_be_written(tmp_path, capsys, monkeypatch):
    import errno

    import mhcourse.files

    def disk_full(target, data, mode=0o600):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mhcourse.files, "write_whole", disk_full)
    assert main(["new", "demo", "--title", "Demo", "--dir", str(tmp_path)]) == 1
    assert (tmp_path / "demo.toml").exists() and not (tmp_path / "module.schema.json").exists()
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left on device" in err
    assert f"mhcourse schema > {tmp_path / 'module.schema.json'}" in err


def test_the_guide_shows_the_schema_line_new_writes(tmp_path, capsys):
    [shown] = blocks("editor: schema line")
    module = new(tmp_path)
    assert module.read_text(encoding="utf-8").startswith(shown)
    assert "mhcourse new` sets this up" in guide()


@needs_taplo
def test_the_guides_taplo_command_checks_what_new_wrote(tmp_path, capsys):
    [command] = blocks("editor: check")
    words = shlex.split(command.strip())
    assert words[0] == "taplo"
    module = new(tmp_path)
    assert module.name in words
    done = subprocess.run([str(TAPLO), *words[1:], "--colors", "never"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()
    # the same command finds a slip, through the #:schema line and the schema beside the module
    module.write_text(module.read_text(encoding="utf-8").replace("answer = true", 'answer = "yes"'), encoding="utf-8")
    done = subprocess.run([str(TAPLO), *words[1:], "--colors", "never"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert '"yes" is not of type "boolean"' in done.stderr + done.stdout
