"""`mhcourse preview FILE --at PLACE --watch`: the place is checked before anything starts."""

from __future__ import annotations

import pytest

from helpers import write_module
from mhcourse.cli import main
from mhcourse.commands import course
from mhcourse.tui.app import CourseApp


@pytest.fixture
def started(monkeypatch):
    """What the preview would start with, instead of starting it."""
    seen: dict = {}

    def run(app):
        seen.update(at=app.preview_at, watch=app._watch, module=app.preview.id)

    monkeypatch.setattr(course, "has_terminal", lambda: True)
    monkeypatch.setattr(CourseApp, "run", run)
    return seen


@pytest.mark.parametrize("at", ["lesson:1", "lesson:2", "lesson:second", "quiz", "scenario:talk"])
def test_every_place_the_module_has_is_taken(tmp_path, started, at):
    path = write_module(tmp_path, "small")
    assert main(["--data-dir", str(tmp_path / "d"), "preview", str(path), "--at", at, "--watch"]) == 0
    assert started == {"at": at, "watch": path, "module": "small"}


@pytest.mark.parametrize("at", ["lesson:3", "lesson:0", "lesson:", "lesson", "quiz:1", "scenario:nope", "exam"])
def test_a_place_the_module_has_not_is_a_usage_error_naming_the_places(tmp_path, started, capsys, at):
    path = write_module(tmp_path, "small")
    assert main(["--data-dir", str(tmp_path / "d"), "preview", str(path), "--at", at]) == 2
    err = capsys.readouterr().err
    assert f"--at {at}:" in err
    for place in ("lesson:1 to lesson:2", "lesson:first", "lesson:second", "quiz", "scenario:talk"):
        assert place in err
    assert started == {}  # nothing started
    assert not (tmp_path / "d").exists()


def test_a_module_without_a_quiz_does_not_offer_one(tmp_path, started, capsys):
    from helpers import module_text

    text = module_text("noquiz")
    text = text[: text.index("[quiz]")] + text[text.index("[[scenarios]]"):]
    path = write_module(tmp_path, "noquiz", text=text)
    assert main(["preview", str(path), "--at", "quiz"]) == 2
    err = capsys.readouterr().err
    assert "use one of: lesson:1 to lesson:2, lesson:first, lesson:second, scenario:talk" in err


def test_without_at_or_watch_the_preview_opens_at_the_module_page(tmp_path, started):
    path = write_module(tmp_path, "small")
    assert main(["preview", str(path)]) == 0
    assert started == {"at": None, "watch": None, "module": "small"}


def test_a_broken_file_is_reported_before_the_place(tmp_path, started, capsys):
    path = write_module(tmp_path, "small", text="format = 1\n[module\n")
    assert main(["preview", str(path), "--at", "quiz"]) == 1
    assert "TOML syntax error" in capsys.readouterr().out


def test_the_guides_preview_examples_open_places_the_example_module_has():
    import re
    import shlex
    from pathlib import Path

    from mhcourse.progress.preview_at import preview_target

    root = Path(__file__).resolve().parents[2]
    example = load_example(root / "docs" / "examples" / "coping-with-stress.toml")
    lines = [line for line in (root / "docs" / "authoring.md").read_text().splitlines()
             if re.match(r"mhcourse preview .* --at ", line)]
    assert len(lines) >= 3
    for line in lines:
        words = shlex.split(line)
        preview_target(example, words[words.index("--at") + 1])  # raises for a place it has not


def load_example(path):
    from mhcourse.content.loader import load_module

    loaded = load_module(path)
    assert loaded.module is not None, loaded.problems
    return loaded.module
