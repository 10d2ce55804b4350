"""TOML syntax errors at the line an author must look at, with what to do (tests/fixtures/syntax/)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from helpers import line_of, module_text
from mhcourse.content.loader import load_module, load_text

SYNTAX = Path(__file__).resolve().parents[1] / "fixtures" / "syntax"


def only_problem(name: str) -> tuple[int | None, str, str]:
    path = SYNTAX / name
    [problem] = load_module(path).problems
    return problem.line, problem.message, path.read_text(encoding="utf-8")


def test_an_unclosed_triple_quote_is_reported_where_it_opens():
    line, message, text = only_problem("unclosed-body.toml")
    assert line == line_of(text, 'body = """')  # not the last line, 20 lines below
    assert '"""' in message and "never closed" in message and f"at line {line}" in message


def test_an_unclosed_literal_triple_quote_too():
    text = module_text().replace('body = "', "body = '''\n", 1)
    [problem] = load_text(text, Path("m.toml")).problems
    assert problem.line == line_of(text, "body = '''")
    assert "''' " in problem.message and "never closed" in problem.message


def test_curly_quotes_are_named_at_their_line_and_column():
    line, message, text = only_problem("curly-quotes.toml")
    assert line == line_of(text, "summary = “")
    column = text.splitlines()[line - 1].index("“") + 1
    assert 'curly quotes: use straight quotes "..."' in message
    assert f"column {column}" in message and "“" in message


@pytest.mark.parametrize("curly", ["‘", "”", "“"])
def test_every_curly_quote_is_caught(curly):
    text = module_text().replace('title = "Small module"', f"title = {curly}Small module{curly}")
    [problem] = load_text(text, Path("m.toml")).problems
    assert problem.line == line_of(text, "title = ")
    assert "curly quotes" in problem.message


def test_a_curly_quote_inside_straight_quotes_is_fine():
    text = module_text().replace('title = "Small module"', 'title = "The “small” module"')
    assert load_text(text, Path("m.toml")).problems == []


def test_a_check_before_any_lesson_says_to_move_it_at_its_own_line():
    line, message, text = only_problem("checks-before-lesson.toml")
    assert line == line_of(text, "[[lessons.checks]]")  # not the [[lessons]] below it
    assert "defined twice" not in message
    assert "[[lessons.checks]] comes before any [[lessons]]" in message and "move it below" in message


def test_a_duplicate_key_is_named_with_both_lines():
    line, message, text = only_problem("duplicate-key.toml")
    first, second = line_of(text, 'title = "First"'), line_of(text, 'title = "First, again"')
    assert line == second
    assert f"'lessons.title' is defined twice, at lines {first} and {second}" in message


def test_a_key_in_a_lesson_body_is_not_taken_for_the_first_one():
    text = module_text().replace('body = "', 'body = """\ntitle = "in the text"\n"""\nx = "', 1)
    text = text.replace('minutes = 10\n', 'minutes = 10\nminutes = 11\n')
    [problem] = load_text(text, Path("m.toml")).problems
    assert "'module.minutes' is defined twice" in problem.message
    assert f"lines {line_of(text, 'minutes = 10')} and {line_of(text, 'minutes = 11')}" in problem.message


def test_the_same_key_in_two_lessons_is_fine():
    assert load_text(module_text(), Path("m.toml")).problems == []  # title in each [[lessons]]


def test_an_unclosed_triple_quote_closed_by_the_next_body_is_reported_where_it_opens():
    line, message, text = only_problem("unclosed-before-next-body.toml")
    assert line == line_of(text, 'body = """')  # not the second lesson's text, read as TOML
    assert f'runs on to the """ at line {line_of(text, "body = ", 2)}' in message
    assert 'end it with """ where the text ends' in message


def test_nothing_a_file_holds_makes_the_explaining_fail():
    for text in ['a = """', "a = '''\n''''''", 'a = "\\', '"""\\', "[[", "[[a.b]]\n[[a]]\n[a]", "a = “", "= 1\n= 1"]:
        problems = load_text(text, Path("m.toml")).problems
        assert problems[0].message.startswith("TOML syntax error")
    chance = random.Random(20)
    pieces = ['"', "'", '"""', "'''", "\\", "\n", "[", "]", "[[", "]]", "=", ".", "a", " ", "#", "“", "{", "}", ","]
    for _ in range(1000):  # TOML's punctuation in any order: a message, never an exception
        load_text("".join(chance.choice(pieces) for _ in range(chance.randrange(1, 25))), Path("m.toml"))


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_one_line_text_not_closed_is_reported_at_its_line_not_the_end(quote):
    text = module_text().replace('title = "Small module"', f"title = {quote}Small module")
    [problem] = load_text(text, Path("m.toml")).problems
    assert problem.line == line_of(text, "title = ")
    assert f"the text in quotes at column 9 is not closed on its line: end it with {quote}" in problem.message
