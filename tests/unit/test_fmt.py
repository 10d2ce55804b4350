"""`mhcourse fmt FILE` and `--check`: canonical order and layout, the same data, every comment kept."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import module_text, write_module
from mhcourse.cli import main
from mhcourse.content.fmt import CANONICAL_ORDER, QUESTION_ORDER, format_text
from mhcourse.content.models import MatchQuestion, MultipleQuestion, OrderQuestion, SingleQuestion, TrueFalseQuestion

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "modules").glob("*.toml"))

SHUFFLED = '''\
# Draft by Ana: keep this line at the top.
[[scenarios]]
title = "A talk"
id = "talk"
start = "open"

[[scenarios.steps]]
text = "Sam: 'I'm fine.'"
id = "open"

# the one ending
[[scenarios.steps]]
text = "Sam opens up."
id = "end"

[[lessons]]
body = "Talking helps."
# the lesson's id: never change it once published
id = "first"
title = "First lesson"   # shown in the menu

[module]
minutes = 10
title = "Small"
id = "small"
summary = "A small module."

format = 1
'''


def run(*args: str) -> int:
    return main(list(args))


# -- the order and the comments --------------------------------------------------------------------------


def test_keys_and_sections_go_in_the_models_order_and_comments_move_with_them():
    # `format = 1` at the end of SHUFFLED belongs to [module] in TOML: put it back on top first
    text = "format = 1\n\n" + SHUFFLED.replace("\nformat = 1\n", "")
    assert format_text(text) == '''\
format = 1

[module]
id = "small"
title = "Small"
summary = "A small module."
minutes = 10

[[lessons]]
# the lesson's id: never change it once published
id = "first"
title = "First lesson"  # shown in the menu
body = "Talking helps."

# Draft by Ana: keep this line at the top.
[[scenarios]]
id = "talk"
title = "A talk"
start = "open"

[[scenarios.steps]]
id = "open"
text = "Sam: 'I'm fine.'"

# the one ending
[[scenarios.steps]]
id = "end"
text = "Sam opens up."
'''


def test_a_question_keeps_type_prompt_and_answer_before_its_explanation():
    text = ('format = 1\n[quiz]\nshuffle = false\npass_mark = 0.5\n[[quiz.questions]]\nexplanation = "E"\n'
            'items = ["a", "b"]\nprompt = "P"\ntype = "order"\nid = "q"\n')
    assert format_text(text).splitlines()[2:] == [
        "[quiz]", "pass_mark = 0.5", "shuffle = false", "",
        "[[quiz.questions]]", 'id = "q"', 'type = "order"', 'prompt = "P"', 'items = ["a", "b"]', 'explanation = "E"']


def test_the_question_order_names_every_field_of_every_question_type():
    fields = set()
    for model in (SingleQuestion, MultipleQuestion, TrueFalseQuestion, OrderQuestion, MatchQuestion):
        fields |= set(model.model_fields)
    assert fields == set(QUESTION_ORDER)


def test_values_are_kept_as_typed_and_unknown_keys_stay_after_the_known_ones():
    text = ("format = 1\n[module]\nsumary = 'typo kept for validate to find'\nid = 'x'\n"
            "tags = [\n  'one',  # first\n  'two',\n]\n")
    assert format_text(text) == ("format = 1\n\n[module]\nid = 'x'\ntags = [\n  'one',  # first\n  'two',\n]\n"
                                 "sumary = 'typo kept for validate to find'\n")


def test_a_table_written_in_two_places_becomes_one_section():
    text = 'module.title = "T"\nformat = 1\nmodule.id = "x"  # slug\n[[module.sources]]\ntitle = "S"\n'
    assert format_text(text) == ('format = 1\n\n[module]\nid = "x"  # slug\ntitle = "T"\n\n'
                                 '[[module.sources]]\ntitle = "S"\n')


def test_comments_after_the_last_key_stay_at_the_end():
    assert format_text("format = 1\n# end\n# more\n") == "format = 1\n\n# end\n# more\n"


def test_a_blank_line_under_a_comment_stays_so_banners_and_file_notes_keep_their_space():
    text = ("#:schema ./module.schema.json\n# Notes on this draft.\n\n\nformat = 1\n[module]\nid = 'x'\n"
            "# ------------------------------ lesson 1\n\n[[lessons]]\nid = 'a'\n")
    assert format_text(text) == ("#:schema ./module.schema.json\n# Notes on this draft.\n\nformat = 1\n\n"
                                 "[module]\nid = 'x'\n\n# ------------------------------ lesson 1\n\n"
                                 "[[lessons]]\nid = 'a'\n")


# -- the property: same data, same comments, a fixed point ---------------------------------------------------

SUBTABLES = {
    (): ("module", "lessons", "quiz", "scenarios"),
    ("module",): ("sources",),
    ("lessons",): ("checks",),
    ("lessons", "checks"): ("choices",),
    ("quiz",): ("questions",),
    ("quiz", "questions"): ("choices",),
    ("scenarios",): ("steps",),
    ("scenarios", "steps"): ("options",),
}
ARRAYS = {"sources", "lessons", "checks", "choices", "questions", "scenarios", "steps", "options"}

values = st.one_of(
    st.integers(-10**6, 10**6), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.lists(st.text(max_size=8), max_size=3))
comments = st.none() | st.from_regex(r"# [a-zA-Z '\"#=\[\]]{0,15}", fullmatch=True)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|'$")
"""What a multi-line literal string cannot hold: control characters but tab and line feed; a quote at its end."""


def value_text(draw, value) -> str:
    literal = isinstance(value, str) and "'''" not in value and not CONTROL.search(value)
    if literal and draw(st.booleans()):
        return f"'''\n{value}'''"  # a multi-line literal string, as lesson bodies are written
    return tomli_w.dumps({"k": value})[4:].strip()


@st.composite
def module_documents(draw) -> str:
    lines: list[str] = []

    def comment_above() -> None:
        comment = draw(comments)
        if comment:
            lines.append(comment)
            if draw(st.booleans()):
                lines.append("")

    def at_end(line: str) -> str:
        comment = draw(comments)
        return f"{line}  {comment}" if comment else line

    def table(path: tuple[str, ...], header: str | None) -> None:
        subs = SUBTABLES.get(path, ())
        known = [k for k in CANONICAL_ORDER.get(path, ()) if k not in subs]
        keys = draw(st.lists(st.sampled_from([*known, "extra-key", '"quoted key"']), unique=True, max_size=4))
        if header is not None and not keys and not lines[-1].startswith("[[") and draw(st.booleans()):
            lines.pop()  # `[quiz]` left out: `[[quiz.questions]]` makes the table by itself
        for key in keys:
            comment_above()
            lines.append(at_end(f"{key} = {value_text(draw, draw(values))}"))
        for sub in draw(st.permutations(subs)):
            if not draw(st.booleans()):
                continue
            name = f"{header}.{sub}" if header else sub
            for _ in range(draw(st.integers(1, 2)) if sub in ARRAYS else 1):
                if draw(st.booleans()):
                    lines.append("")
                comment_above()
                lines.append(at_end(f"[[{name}]]" if sub in ARRAYS else f"[{name}]"))
                table((*path, sub), name)

    table((), None)
    comment_above()  # a comment after the last key stays at the end of the file
    return "\n".join(lines) + "\n"


def comment_lines(text: str) -> list[str]:
    """Every comment on a line of its own or after a key, trailing spaces left out (fmt drops them)."""
    return sorted(line[line.index("#"):].rstrip() for line in text.splitlines() if line.lstrip().startswith("#"))


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(module_documents())
def test_formatting_keeps_the_data_and_the_comments_and_a_second_run_changes_nothing(text):
    formatted = format_text(text)
    assert tomllib.loads(formatted) == tomllib.loads(text)
    assert comment_lines(formatted) == comment_lines(text)
    assert format_text(formatted) == formatted


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_module_formats_to_the_same_data(path):
    text = path.read_text(encoding="utf-8")
    formatted = format_text(text)
    assert tomllib.loads(formatted) == tomllib.loads(text)
    assert format_text(formatted) == formatted
    assert formatted == text, f"{path.name} is not in the standard layout: run mhcourse fmt {path}"


# -- the command -----------------------------------------------------------------------------------------------


def test_fmt_rewrites_the_file_and_then_check_passes(tmp_path, capsys):
    path = tmp_path / "small.toml"
    path.write_text("format = 1\n\n" + SHUFFLED.replace("\nformat = 1\n", ""), encoding="utf-8")
    os.chmod(path, 0o644)
    assert run("fmt", "--check", str(path)) == 1
    assert capsys.readouterr().out == f"{path}: not formatted; run: mhcourse fmt {path}\n"
    assert run("fmt", str(path)) == 0
    assert f"{path}: formatted" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").startswith("format = 1\n\n[module]\nid = \"small\"\n")
    assert path.stat().st_mode & 0o777 == 0o644  # the author's file keeps its permissions
    assert [p.name for p in tmp_path.iterdir()] == ["small.toml"]  # no partial file left behind
    assert run("fmt", "--check", str(path)) == 0
    assert capsys.readouterr().out == ""


def test_check_changes_nothing_and_names_only_the_files_to_format(tmp_path, capsys):
    done = write_module(tmp_path, "done", format_text(module_text("done")))
    todo = write_module(tmp_path, "todo", module_text("todo").replace("[quiz]\npass_mark = 0.5\n",
                                                                         "[quiz]\npass_mark = 0.5\n\n\n"))
    before = todo.read_bytes()
    assert run("fmt", "--check", str(done), str(todo)) == 1
    assert capsys.readouterr().out == f"{todo}: not formatted; run: mhcourse fmt {todo}\n"
    assert todo.read_bytes() == before


def test_a_file_with_crlf_line_ends_is_not_formatted(tmp_path, capsys):
    path = write_module(tmp_path, "small", format_text(module_text()).replace("\n", "\r\n"))
    assert run("fmt", "--check", str(path)) == 1
    assert run("fmt", str(path)) == 0
    assert b"\r\n" not in path.read_bytes()


def test_a_file_that_does_not_parse_is_refused_and_left_alone(tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text('format = 1\n[module]\ntitle = "Unclosed\n', encoding="utf-8")
    before = path.read_bytes()
    assert run("fmt", str(path)) == 1
    assert f"{path}:3: TOML syntax error" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_module_with_validation_problems_is_still_formatted(tmp_path, capsys):
    path = write_module(tmp_path, "small", module_text().replace("minutes = 10", "minutes = 10\nminuts = 5"))
    assert run("fmt", str(path)) == 0
    assert "minuts = 5" in path.read_text(encoding="utf-8")  # kept, so validate can still point at it


def test_a_missing_file_is_a_usage_error(tmp_path, capsys):
    assert run("fmt", str(tmp_path / "nope.toml")) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_rewrite_that_would_change_the_data_is_never_written(tmp_path, capsys, monkeypatch):
    from mhcourse.content import fmt

    path = write_module(tmp_path, "small", module_text().replace("minutes = 10", "minutes = 10\n\n"))
    before = path.read_bytes()
    broken = fmt._emit

    def losing_a_key(entries, names, keys, out):
        broken(entries, names, keys, out)
        if not names:
            out.remove("format = 1")

    monkeypatch.setattr(fmt, "_emit", losing_a_key)
    assert run("fmt", str(path)) == 1
    assert "would change what the file means" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_module_reached_through_a_symbolic_link_is_formatted_and_the_link_kept(tmp_path, capsys):
    real = write_module(tmp_path / "drafts", "small", module_text().replace("minutes = 10", "minutes = 10\n\n"))
    link = tmp_path / "small.toml"
    link.symlink_to(real)
    assert run("fmt", str(link)) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == format_text(module_text())


def test_fmt_never_touches_the_progress_file(data, capsys):
    target = data / "progress.db"
    assert run("fmt", str(target)) == 2
    assert "progress files" in capsys.readouterr().err
