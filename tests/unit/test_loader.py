"""The loader reports every problem of a file at its exact line and key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import line_of, module_text, write_module
from mhcourse.content.loader import load_bytes, load_module, load_text
from mhcourse.content.problems import format_key

P = Path("m.toml")


def problems(text: str) -> list[tuple[int | None, str, str]]:
    return [(p.line, format_key(p.key), p.message) for p in load_text(text, P).problems]


def test_valid_module_loads():
    loaded = load_text(module_text(), P)
    assert loaded.problems == []
    assert loaded.module.id == "small"
    assert [lesson.id for lesson in loaded.module.lessons] == ["first", "second"]


def test_toml_syntax_error_has_its_line():
    text = module_text().replace('minutes = 10', 'minutes = = 10')
    [(line, key, message)] = problems(text)
    assert line == line_of(text, "minutes = = 10")
    assert message.startswith("TOML syntax error")


def test_missing_required_field_points_at_its_table():
    text = module_text().replace('summary = "A small module for tests."\n', "")
    [(line, key, message)] = problems(text)
    assert (line, key) == (line_of(text, "[module]"), "module.summary")
    assert "required key 'summary' is missing" in message


def test_misspelt_key_is_named_with_a_suggestion():
    text = module_text().replace('feedback = "Yes."', 'feedbak = "Yes."')
    [(line, key, message)] = problems(text)
    assert line == line_of(text, "feedbak")
    assert key == "quiz.questions[0].choices[0].feedbak"
    assert "did you mean 'feedback'" in message


def test_misspelt_question_key_uses_the_question_type():
    text = module_text().replace('items = ["one"', 'itmes = ["one"')
    found = problems(text)
    assert (line_of(text, "itmes"), "quiz.questions[1].itmes") in [(line, key) for line, key, _ in found]
    assert any("did you mean 'items'" in m for _, _, m in found)


def test_single_choice_with_two_correct_answers():
    text = module_text().replace('text = "Ignoring"', 'text = "Ignoring"\ncorrect = true')
    [(line, key, message)] = problems(text)
    assert (line, key) == (line_of(text, "[[quiz.questions.choices]]"), "quiz.questions[0].choices")
    assert "exactly one correct choice" in message and "has 2" in message


def test_rules_are_reported_together_with_shape_problems():
    text = module_text().replace('text = "Ignoring"', 'text = "Ignoring"\ncorrect = true')
    text = text.replace("minutes = 10", "minutes = 0")
    keys = [key for _, key, _ in problems(text)]
    assert keys == ["module.minutes", "quiz.questions[0].choices"]


def test_scenario_next_to_a_missing_step():
    text = module_text().replace('next = "end"', 'next = "nowhere"')
    found = problems(text)
    located = [(line, key) for line, key, _ in found]
    assert (line_of(text, 'next = "nowhere"'), "scenarios[0].steps[0].options[0].next") in located
    assert any("'nowhere'" in m for _, _, m in found)


def test_unreachable_step():
    text = module_text() + '\n[[scenarios.steps]]\nid = "lost"\ntext = "Nobody gets here."\n'
    [(line, key, message)] = problems(text)
    assert (line, key) == (line_of(text, 'id = "lost"'), "scenarios[0].steps[2].id")
    assert "cannot be reached" in message


def test_step_with_no_way_to_an_ending():
    text = module_text().replace('next = "end"', 'next = "loop"') + (
        '\n[[scenarios.steps]]\nid = "loop"\ntext = "Round again."\n\n'
        '[[scenarios.steps.options]]\ntext = "Again"\nnext = "loop"\ntone = "neutral"\n'
    )
    found = problems(text)
    assert any("no ending can be reached" in m and k == "scenarios[0].steps[0].id" for _, k, m in found)


def test_duplicate_question_ids():
    text = module_text().replace('id = "q2"', 'id = "q1"')
    [(line, key, message)] = problems(text)
    assert (line, key) == (line_of(text, 'id = "q1"', nth=2), "quiz.questions[1].id")
    assert "used twice" in message


def test_duplicate_id_across_checks_and_quiz():
    text = module_text().replace('id = "check-1"', 'id = "q2"')
    [(line, key, message)] = problems(text)
    assert (line, key) == (line_of(text, 'id = "q2"', nth=2), "quiz.questions[1].id")


def test_non_utf8_bytes_name_their_line():
    data = module_text().encode().replace(b"Second lesson", b"Second \xff lesson")
    [problem] = load_bytes(data, P).problems
    assert problem.line == line_of(module_text(), "Second lesson")
    assert "UTF-8" in problem.message


def test_windows_editor_files_load(tmp_path):
    """A BOM and CRLF line endings are how some editors save UTF-8."""
    data = b"\xef\xbb\xbf" + module_text().replace("\n", "\r\n").encode()
    assert load_bytes(data, P).problems == []


def test_file_over_one_mebibyte(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(module_text() + "# " + "x" * (2 * 1024 * 1024) + "\n")
    [problem] = load_module(path).problems
    assert "(1 MiB)" in problem.message


def test_empty_file(tmp_path):
    path = write_module(tmp_path, "empty", text="")
    [problem] = load_module(path).problems
    assert problem.line == 1 and "empty" in problem.message


def test_text_field_over_the_limit():
    text = module_text().replace('"Talking helps. Listening helps too."', '"' + "a" * 100_001 + '"')
    [(line, key, message)] = problems(text)
    assert key == "lessons[1].body" and "100,000" in message
    assert line == line_of(text, 'body = "aaa')


def test_markup_in_a_title_is_valid_text():
    loaded = load_text(module_text(title="[bold red]Loud[/] [@click=app.quit]x[/]"), P)
    assert loaded.problems == []
    assert loaded.module.title == "[bold red]Loud[/] [@click=app.quit]x[/]"


def test_newer_format_is_told_plainly():
    [(line, key, message)] = problems(module_text().replace("format = 1", "format = 2"))
    assert (line, key) == (1, "format") and "newer" in message


@pytest.mark.parametrize(
    "replace, key, words",
    [
        ('type = "order"', "quiz.questions[1]", "question type 'ordr'"),
        ('minutes = 10', "module.minutes", "expected a whole number"),
        ('id = "first"', "lessons[0].id", "not a valid id"),
    ],
)
def test_common_mistakes(replace, key, words):
    broken = {
        'type = "order"': 'type = "ordr"',
        "minutes = 10": 'minutes = "ten"',
        'id = "first"': 'id = "First Lesson"',
    }[replace]
    text = module_text().replace(replace, broken)
    found = problems(text)
    assert any(k == key and words in m for _, k, m in found), found


def test_choices_on_a_true_false_question_get_a_hint():
    text = module_text().replace('explanation = "Most people do."\n',
                                 'explanation = "Most people do."\n\n[[lessons.checks.choices]]\ntext = "Yes"\n')
    [(line, key, message)] = problems(text)
    assert key == "lessons[0].checks[0].choices" and "use answer = true or false" in message


# -- TOML's own errors in plain words --------------------------------------------------------------


@pytest.mark.parametrize("old, new, at, nth, words", [
    ("minutes = 10\n", "minutes = 10\nminutes = 12\n", "minutes = 12", 1,
     "'module.minutes' is defined twice, at lines {first} and {line}; keep one"),
    ("[quiz]\n", "[quiz]\n[quiz]\n", "[quiz]", 2, "[quiz] is defined twice, at lines {first} and {line}; keep one"),
    ("minutes = 10\n", "minutes = 10\nx = { a = 1, a = 2 }\n", "x = {", 1, "'a' is defined twice; keep one"),
], ids=["key twice", "table twice", "inline key twice"])
def test_a_key_or_table_given_twice_is_said_plainly_at_its_line(old, new, at, nth, words):
    text = module_text().replace(old, new, 1)
    [(line, key, message)] = problems(text)
    assert line == line_of(text, at, nth)
    first = line_of(text, at if nth > 1 else new.splitlines()[0])
    assert message == "TOML syntax error: " + words.format(first=first, line=line)


def test_a_wrong_value_is_described_in_words_not_python():
    text = module_text().replace("year = 2022", "year = 2022-01-01")
    [(line, key, message)] = problems(text)
    assert (line, key) == (line_of(text, "year = 2022-01-01"), "module.sources[0].year")
    assert message == "found a date; expected a whole number, e.g. year = 2024"


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")])
def test_a_file_saved_as_utf16_or_utf32_is_named_so(encoding, name):
    text = module_text() if encoding in ("utf-16", "utf-32") else "\ufeff" + module_text()  # these two add the mark
    data = text.encode(encoding)
    [problem] = load_bytes(data, P).problems
    assert (problem.line, problem.message) == (1, f"the file is saved as {name}; save it as UTF-8")


def test_a_number_of_thousands_of_digits_is_located_not_a_traceback():
    text = module_text().replace("minutes = 10", "minutes = " + "9" * 5000)
    [(line, key, message)] = problems(text)
    assert line == line_of(text, "minutes = 999")
    assert "thousands of digits" in message
