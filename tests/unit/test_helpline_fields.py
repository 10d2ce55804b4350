"""The helplines fields (issue 17): every built-in line has a number or text and a source; a line for a group
says so ("for young people") in the plain face and config check; `phone`, the older name of `number`, still
works with a note; a bad field is located at its file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import line_of
from mhcourse.cli import main
from mhcourse.content.helplines import DIALABLE, Line, built_in
from mhcourse.errors import ConfigError
from mhcourse.plain.gethelp import help_lines
from mhcourse.site.loading import load_config

ISSUE_17_LINES = {  # country code: (name, number or text) for each line issue 17 asks for
    "GB": [("NHS 111 Wales", "111, then press 2"), ("NHS 24", "111, then the mental health option"),
           ("Lifeline", "0808 808 8000"), ("Childline", "0800 1111")],
    "IE": [("50808", "text 50808")],
    "CA": [("Kids Help Phone", "1-800-668-6868"), ("Hope for Wellness Help Line", "1-855-242-3310")],
    "AU": [("Kids Helpline", "1800 55 1800"), ("13YARN", "13 92 76")],
    "US": [("The Trevor Project", "1-866-488-7386"), ("Crisis Text Line", "text HOME to 741741")],
}

YOUTH_LINE = """\
[helplines]
checked = "2026-11"

[[helplines.line]]
name = "Riverside Youth Line"
number = "01632 960 111"
dial = "01632960111"
audience = "young people"
languages = ["English", "Polish"]
source = "https://riverside.example/youth"
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_lines_issue_17_lists_are_built_in_with_a_source_each():
    helplines = built_in()
    for code, wanted in ISSUE_17_LINES.items():
        country = helplines.find(code)
        assert country is not None
        for name, reach in wanted:
            line = next(line for line in country.line if line.name == name)
            assert reach in (line.number, line.text), name
    for country in helplines.country:
        for line in country.line:
            assert line.source and line.source.startswith("https://"), line.name
            assert line.number or line.text
            if line.number:
                assert line.dial and DIALABLE.match(line.dial), line.name
            if line.text:
                assert line.sms and DIALABLE.match(line.sms), line.name


def test_text_lines_keep_their_keyword_and_the_digits_a_phone_texts():
    by_name = {line.name: line for country in built_in().country for line in country.line}
    assert (by_name["Kids Help Phone"].text, by_name["Kids Help Phone"].sms) == ("text CONNECT to 686868", "686868")
    assert (by_name["The Trevor Project"].text, by_name["The Trevor Project"].sms) == ("text START to 678-678",
                                                                                        "678678")
    assert by_name["Crisis Text Line"].sms == "741741"


def test_lines_for_a_group_say_who_they_are_for_in_the_plain_help():
    text = "\n".join(help_lines(built_in(), "GB"))
    assert "- Childline (for children and young people): call 0800 1111 (free, 24/7)" in text
    assert "- The Trevor Project (for LGBTQ+ young people): call 1-866-488-7386, text START to 678-678" in text
    assert "- 13YARN (for Aboriginal and Torres Strait Islander people): call 13 92 76" in text
    assert "- Samaritans: call 116 123 (free, 24/7)" in text  # a line for anyone says nothing of the kind
    assert "- Lifeline: call 0808 808 8000 (Northern Ireland; free, 24/7)" in text
    assert "in English, French" in text  # Canada's 9-8-8


def test_phone_is_still_read_as_number():
    assert Line(name="Old", phone="0113 496 0000").number == "0113 496 0000"
    assert Line(name="Old", phone="0113 496 0000").phone == "0113 496 0000"  # and read back by its old name


def test_a_site_line_with_phone_still_works_and_config_check_says_so_in_a_note(tmp_path, capsys):
    text = YOUTH_LINE.replace('number = "01632 960 111"', 'phone = "01632 960 111"')
    path = write(tmp_path / "site.toml", text)
    local = load_config(path).helplines.country[0]
    assert local.local and local.line[0].number == "01632 960 111"
    assert local.line[0].checked == "2026-11"  # the table's month, per line
    assert main(["config", "check", "--config", str(path)]) == 0
    captured = capsys.readouterr()
    assert (f"{path}:{line_of(text, 'phone =')}: helplines.line[0].phone: note: 'phone' is the older name of "
            "'number'; it still works") in captured.out
    assert "No problems." in captured.err  # a note, not a warning or a problem


def test_a_site_line_for_a_group_shows_as_such_in_plain_help_and_config_check(tmp_path, capsys):
    path = write(tmp_path / "site.toml", YOUTH_LINE)
    text = "\n".join(help_lines(load_config(path).helplines, None))
    assert ("- Riverside Youth Line (for young people): call 01632 960 111 (in English, Polish; a local service)"
            in text)
    assert main(["config", "check", "--config", str(path)]) == 0
    assert "- Riverside Youth Line (for young people)" in capsys.readouterr().out


@pytest.mark.parametrize(("change", "key", "words"), [
    (('dial = "01632960111"', 'dial = "01632 960 111"'), "helplines.line[0].dial", "01632 960 111"),
    (('languages = ["English", "Polish"]', 'languages = "English"'), "helplines.line[0].languages",
     "expected a list"),
    (('source = "https://riverside.example/youth"', 'checked = "last May"'), "helplines.line[0].checked",
     "'last May' is not a month"),
    (('number = "01632 960 111"', 'number = "01632 960 111"\nphone = "01632 960 111"'),
     "helplines.line[0].phone", "give number, or phone (its older name), not both"),
    (('audience = "young people"', 'audiance = "young people"'), "helplines.line[0].audiance",
     "did you mean 'audience'?"),
])
def test_a_bad_field_is_located_at_its_file_and_key(tmp_path, capsys, change, key, words):
    text = YOUTH_LINE.replace(*change)
    path = write(tmp_path / "site.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    [problem] = err.value.problems
    assert str(problem).startswith(f"{path}:{line_of(text, change[1].splitlines()[-1])}: {key}: ")
    assert words in problem.message
    assert main(["config", "check", "--config", str(path)]) == 2


def test_a_line_checked_over_a_year_ago_gets_a_warning_at_its_own_checked(tmp_path):
    import datetime as dt

    from mhcourse.site.helplines import helplines_age_warnings

    text = YOUTH_LINE.replace('source = "https://riverside.example/youth"', 'checked = "2025-06"')
    path = write(tmp_path / "site.toml", text)
    [warning] = [w for w in helplines_age_warnings(load_config(path), dt.date(2026, 11, 20)) if w.file]
    assert warning.key == ("helplines", "line", 0, "checked") and warning.line == line_of(text, 'checked = "2025-06"')
    assert "'Riverside Youth Line' was last checked 2025-06, over a year ago" in warning.message
