"""The author documentation tells the truth: its example validates, its commands exist, its excerpts
and fragments are real, and its phrase list is the lint's."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from mhcourse.cli import main
from mhcourse.commands import build_parser
from mhcourse.content.lint import lint_module
from mhcourse.content.loader import load_text

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "authoring.md"
EXAMPLE = ROOT / "docs" / "examples" / "coping-with-stress.toml"

# A fenced block, with the HTML comment (if any) on the line just before it.
_FENCE = re.compile(r"(?:<!--\s*(?P<mark>.*?)\s*-->\n)?^[ \t]*```(?P<lang>[\w-]*)\n(?P<body>.*?)^[ \t]*```",
                    re.M | re.S)
_INLINE = re.compile(r"(?<!`)`(mhcourse(?: [^`]*)?)`(?!`)")
_OPTIONS_WITH_VALUE = {"--data-dir", "--modules", "--config", "--lang"}


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def blocks(mark: str | None = None) -> list[str]:
    """The fenced blocks of the guide (their lines de-indented), or only those after `<!-- mark -->`."""
    found = []
    for m in _FENCE.finditer(guide()):
        if mark is None or m.group("mark") == mark:
            lines = m.group("body").splitlines(keepends=True)
            indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
            found.append("".join(line[indent:] for line in lines))
    return found


def command_names() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def command_of(words: list[str]) -> str | None:
    """The command word after `mhcourse` and its global options, or None (`mhcourse`, `mhcourse --version`)."""
    i = 1
    while i < len(words):
        word = words[i]
        if word in _OPTIONS_WITH_VALUE:
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            return word
    return None


_COMMAND_LINE = re.compile(r"^(?:\$\s+)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*mhcourse(?:\s|$)")


def fenced_command_lines() -> list[str]:
    """Lines of code blocks that run mhcourse (`mhcourse ...`, `$ mhcourse ...`, `VAR=value mhcourse ...`)."""
    return [line.strip() for block in blocks() for line in block.splitlines() if _COMMAND_LINE.match(line.strip())]


def test_the_example_module_validates_strictly():
    assert main(["validate", "--strict", str(EXAMPLE)]) == 0


def test_the_guide_names_commands_at_all():
    assert len(fenced_command_lines()) >= 4


@pytest.mark.parametrize("line", fenced_command_lines())
def test_every_command_in_a_code_block_is_known_and_parses(line):
    words = shlex.split(line, comments=True)
    words = words[next(i for i, w in enumerate(words) if w == "mhcourse"):]
    for cut, word in enumerate(words):  # a shell redirection or pipe ends the command
        if word in (">", ">>", "|", "<"):
            words = words[:cut]
            break
    name = command_of(words)
    assert name is None or name in command_names(), f"`{line}`: mhcourse has no command {name!r}"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            build_parser().parse_args(words[1:])
        except SystemExit as exit:
            assert exit.code == 0, f"`{line}` is not a valid mhcourse command line"


def test_every_command_in_inline_code_is_known():
    known = command_names()
    for span in _INLINE.findall(guide()):
        name = command_of(shlex.split(span))
        assert name is None or name in known, f"`{span}`: mhcourse has no command {name!r}"


def test_the_tutorial_excerpts_are_copied_from_the_example():
    example = EXAMPLE.read_text(encoding="utf-8")
    excerpts = blocks("excerpt: docs/examples/coping-with-stress.toml")
    assert len(excerpts) >= 10
    for excerpt in excerpts:
        assert excerpt in example, f"this excerpt of the tutorial is not in {EXAMPLE.name}:\n{excerpt}"


def _module_with(fragment: str, *, quiz: bool) -> str:
    """The example module's [module] and lessons, followed by the fragment (as the quiz, or on its own)."""
    example = EXAMPLE.read_text(encoding="utf-8")
    head = example[: example.index("\n[quiz]\n") + 1]
    return head + ("[quiz]\n" if quiz else "") + fragment


@pytest.mark.parametrize("fragment", blocks("fragment: quiz") + blocks("fragment"))
def test_every_reference_example_validates_strictly(fragment):
    quiz = fragment in blocks("fragment: quiz")
    text = _module_with(fragment, quiz=quiz)
    loaded = load_text(text, Path("fragment.toml"))
    problems = loaded.problems + (lint_module(loaded.module, text, Path("fragment.toml")) if loaded.ok else [])
    assert not problems, "\n".join(map(str, problems))


def test_the_reference_shows_every_question_type():
    quizzes = (f"[quiz]\n{f}" for f in blocks("fragment: quiz"))
    shown = {tomllib.loads(b)["quiz"]["questions"][0]["type"] for b in quizzes}
    assert shown == {"single", "multiple", "true_false", "order", "match"}


def test_the_tutorials_problem_report_is_what_validate_prints(tmp_path, monkeypatch, capsys):
    broken = EXAMPLE.read_text(encoding="utf-8")
    broken = broken.replace("\nminutes = 10\n", "\nminuts = 10\n", 1)
    assert 'next = "alex-goes-quiet"' in broken
    broken = broken.replace('next = "alex-goes-quiet"', 'next = "alex-goes-qiet"', 1)
    (tmp_path / "coping-with-stress.toml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--strict", "coping-with-stress.toml"]) == 1
    [shown] = blocks("output: the tutorial's broken copy of coping-with-stress.toml")
    assert capsys.readouterr().out == shown


def test_the_phrase_list_in_the_guide_is_the_lints():
    text = guide()
    raw = tomllib.loads(files("mhcourse.content").joinpath("data/language.toml").read_text(encoding="utf-8"))
    for phrase in raw["phrase"]:
        row = f"| {phrase['text']} | {phrase['instead']} |"
        assert row in text, f"docs/authoring.md's phrase table needs the row: {row}"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_guides_links_to_its_own_sections_lead_somewhere():
    text = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", guide(), flags=re.M | re.S)  # headings in code are not headings
    anchors = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, f"docs/authoring.md links to #{target}, which is no heading"
