"""TERM=dumb: the full screen cannot be drawn there. `mhcourse` suggests the plain face, or starts it."""

from __future__ import annotations

import io
import sys

import pytest

import mhcourse.commands.course as course
import mhcourse.tui.app as app
import mhcourse.tui.runtime as runtime
from mhcourse.cli import main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def dumb(monkeypatch):
    started: list[object] = []
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(course, "has_terminal", lambda: True)

    class Started:
        return_code = 0

        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(args)

        def run(self) -> None:
            pass

    monkeypatch.setattr(app, "CourseApp", Started)
    monkeypatch.setattr(runtime, "tune_gc", lambda: None)  # not in the test process
    return started


def test_a_dumb_terminal_suggests_the_plain_face_and_exits_2(tmp_path, monkeypatch, capsys, dumb):
    monkeypatch.setattr(sys, "stdin", Terminal("\n"))  # Enter: the answer is no
    assert main(["--data-dir", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "mhcourse read" in err
    assert "Start the plain-text course instead? [y/N]" in out
    assert dumb == []  # the full screen never starts


def test_a_dumb_terminal_starts_the_plain_face_when_the_learner_agrees(tmp_path, monkeypatch, capsys, dumb):
    monkeypatch.setattr(sys, "stdin", Terminal("y\nquit\n"))
    assert main(["--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "mhcourse, plain text." in out and "Who is learning?" in out
    assert dumb == []


def test_a_dumb_terminal_never_waits_for_an_answer_without_a_terminal_on_stdin(tmp_path, monkeypatch, capsys,
                                                                                dumb):
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # a pipe: nobody to ask
    assert main(["--data-dir", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "mhcourse read" in err and "[y/N]" not in out
    assert sys.stdin.read() == "y\n"  # nothing was read from it
    assert dumb == []


def test_other_terminals_start_the_full_screen(tmp_path, monkeypatch, capsys, dumb):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    main(["--data-dir", str(tmp_path)])
    assert len(dumb) == 1
    assert "TERM=dumb" not in capsys.readouterr().err


def test_a_bad_site_config_is_told_before_the_terminal(tmp_path, monkeypatch, capsys, dumb):
    config = tmp_path / "site.toml"
    config.write_text("[track]\nno_skipping = ['nope']\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    assert main(["--config", str(config), "--data-dir", str(tmp_path / "data")]) == 2
    out, err = capsys.readouterr()
    assert "there is no module 'nope'" in err and "TERM=dumb" not in err and "[y/N]" not in out
