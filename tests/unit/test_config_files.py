"""The site configuration as people write it: every example and command in the facilitators' guide works, and
anything a file can hold gives a config or located problems, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from test_config import GUIDE, write

from mhcourse.cli import main
from mhcourse.site.loading import load_config

# -- the facilitators' guide --------------------------------------------------------------------------------------


def _config_blocks() -> list[str]:
    import re

    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"^```toml\n(.*?)^```", text, re.M | re.S)


def test_the_guide_has_config_examples():
    assert len(_config_blocks()) >= 4


@pytest.mark.parametrize("index", range(len(_config_blocks()) if GUIDE.exists() else 0))
def test_every_config_example_in_the_guide_validates(tmp_path, index):
    block = _config_blocks()[index]
    load_config(write(tmp_path / "site.toml", block))


def test_the_guide_says_plainly_what_pins_and_kiosk_do_not_do():
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert "privacy screens between learners, not protection from someone who has the computer's account" in text


def _guide_command_lines() -> list[str]:
    import re

    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"^[ \t]*```sh\n(.*?)^[ \t]*```", text, re.M | re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith("mhcourse")]


def test_the_guide_shows_commands():
    assert len(_guide_command_lines()) >= 10


@pytest.mark.parametrize("line", _guide_command_lines() if GUIDE.exists() else [])
def test_every_command_in_the_guide_parses(line):
    import contextlib
    import shlex

    from mhcourse.commands import build_parser

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            build_parser().parse_args(shlex.split(line)[1:])
        except SystemExit as exit:
            assert exit.code == 0, f"`{line}` is not a valid mhcourse command line"




# -- anything a file can hold ----------------------------------------------------------------------------------


_KEYS = ["organization", "helplines", "line", "name", "phone", "checked", "mode", "track", "offered", "kiosk",
         "enabled", "idle_minutes", "facilitator_pin", "data", "folder", "support", "groups", "how_to_reach", "x"]
_VALUES = st.recursive(
    st.one_of(st.booleans(), st.integers(-10, 300), st.text(max_size=12), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)),
    max_leaves=12,
)


@hsettings(deadline=None, max_examples=150)
@given(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=5))
def test_any_document_gives_a_config_or_located_problems(document):
    import tomli_w

    from mhcourse.site.loading import read_text

    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return
    model, lines, problems = read_text(text, Path("any.toml"))
    assert (model is None) == bool(problems)
    for problem in problems:
        assert str(problem).startswith("any.toml:") and problem.line >= 1


@hsettings(deadline=None, max_examples=150)
@given(st.text(max_size=200))
def test_any_text_gives_a_config_or_located_problems(text):
    from mhcourse.site.loading import read_text

    model, _, problems = read_text(text, Path("any.toml"))
    assert (model is None) == bool(problems)


@pytest.mark.parametrize("data, expected", [
    ("[organization]\nname = 'Riverside'\n".encode("utf-16"), "the file is saved as UTF-16; save it as UTF-8"),
    (b"[kiosk]\nidle_minutes = " + b"9" * 5000 + b"\n", "this number has thousands of digits"),
])
def test_a_config_file_in_the_wrong_encoding_or_with_a_huge_number_is_a_located_problem(tmp_path, capsys, data,
                                                                                          expected):
    path = tmp_path / "site.toml"
    path.write_bytes(data)
    assert main(["list", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and str(path) in err and "Traceback" not in err
