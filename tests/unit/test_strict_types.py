"""A module file's values have the TOML type the format says: `minutes = "20"` is refused, not coerced.

Each case is the line an author wrote, the key path and line it is reported at, and the message, which
says what was found, what is expected and the line to write instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import line_of, module_text
from mhcourse.content.loader import load_text
from mhcourse.content.problems import format_key

P = Path("m.toml")

CASES = [
    # (valid line in helpers.VALID, the author's line, key path, message)
    ("minutes = 10", 'minutes = "20"', "module.minutes",
     'found the text "20"; expected a whole number, e.g. minutes = 20'),
    ("minutes = 10", "minutes = 20.0", "module.minutes",
     "found the number 20.0; expected a whole number, e.g. minutes = 20"),
    ("answer = true", 'answer = "yes"', "lessons[0].checks[0].answer",
     'found the text "yes"; expected true or false, without quotes, e.g. answer = true'),
    ("correct = true", 'correct = "yes"', "quiz.questions[0].choices[0].correct",
     'found the text "yes"; expected true or false, without quotes, e.g. correct = true'),
    ("year = 2022", 'year = "2025"', "module.sources[0].year",
     'found the text "2025"; expected a whole number, e.g. year = 2025'),
    ("pass_mark = 0.5", 'pass_mark = "0.6"', "quiz.pass_mark",
     'found the text "0.6"; expected a number, e.g. pass_mark = 0.6'),
    ("pass_mark = 0.5", 'pass_mark = 0.5\nshuffle = "no"', "quiz.shuffle",
     'found the text "no"; expected true or false, without quotes, e.g. shuffle = false'),
    ("year = 2022", "year = true", "module.sources[0].year",
     "found true; expected a whole number, e.g. year = 2024"),
    ("year = 2022", "year = 2022-01-01", "module.sources[0].year",
     "found a date; expected a whole number, e.g. year = 2024"),
    ('title = "Small module"', "title = 5", "module.title",
     'found the number 5; expected text in quotes, e.g. title = "5"'),
    ('requires = []', 'requires = "basics"', "module.requires",
     'found the text "basics"; expected a list [ ... ], e.g. requires = ["basics"]'),
    ('key_points = ["People recover."]', "key_points = 3", "lessons[0].key_points",
     "found the number 3; expected a list [ ... ]"),
    ('text = "Sam opens up."', 'text = "Sam opens up."\noptions = ["Talk more"]', "scenarios[0].steps[1].options[0]",
     'found the text "Talk more"; expected a table'),
    ('pass_mark = 0.5', "pass_mark = true", "quiz.pass_mark",
     "found true; expected a number, e.g. pass_mark = 0.7"),
]


@pytest.mark.parametrize("valid, written, key, message", CASES, ids=[c[1].splitlines()[-1] for c in CASES])
def test_a_value_of_the_wrong_type_is_refused_at_its_line(valid, written, key, message):
    text = module_text().replace(valid, written, 1)
    loaded = load_text(text, P)
    assert not loaded.ok
    [problem] = loaded.problems
    assert (format_key(problem.key), problem.message) == (key, message)
    assert problem.line == line_of(text, written.splitlines()[-1])
    assert str(problem) == f"m.toml:{problem.line}: {key}: {message}"


@pytest.mark.parametrize("written", ["format = true", "format = 1.0", 'format = "1"'])
def test_the_format_version_is_a_whole_number(written):
    text = module_text().replace("format = 1", written, 1)
    [problem] = load_text(text, P).problems
    assert (problem.line, format_key(problem.key)) == (1, "format")
    assert problem.message.endswith("expected a whole number, e.g. format = 1")


@pytest.mark.parametrize("written", ["pass_mark = 1", "pass_mark = 0"])
def test_a_whole_number_where_a_fraction_is_expected_stays_fine(written):
    loaded = load_text(module_text().replace("pass_mark = 0.5", written), P)
    assert loaded.problems == []
    assert loaded.module.quiz.pass_mark == float(written.split("= ")[1])


def test_every_wrong_type_is_reported_at_once():
    text = module_text().replace("minutes = 10", 'minutes = "20"').replace("year = 2022", 'year = "2025"')
    keys = [format_key(p.key) for p in load_text(text, P).problems]
    assert keys == ["module.minutes", "module.sources[0].year"]


def test_through_the_catalog_cache_a_wrong_type_is_left_out_and_pass_mark_1_kept(tmp_path):
    """The cache revives modules from JSON under the same strict models: `pass_mark = 1` comes back as 1.0,
    and a module with `minutes = "20"` is never cached, so it is left out (with its notice) every time."""
    from test_catalog_cache import load, written

    folder = tmp_path / "modules"
    written(folder, "whole-mark", text=module_text("whole-mark").replace("pass_mark = 0.5", "pass_mark = 1"))
    written(folder, "text-minutes", text=module_text("text-minutes").replace("minutes = 10", 'minutes = "20"'))
    for expected_hits in (0, 1):
        catalog, cache = load(folder)
        assert cache.hits == expected_hits
        assert [m.id for m in catalog.modules] == ["whole-mark"]
        assert catalog.modules[0].quiz.pass_mark == 1.0
        [notice] = catalog.notices
        assert notice.file.name == "text-minutes.toml" and 'found the text "20"' in notice.message
