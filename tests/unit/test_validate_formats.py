"""`mhcourse validate --format json|github`: problems as editors and CI read them, with stable rule ids."""

from __future__ import annotations

import json

from helpers import line_of, module_text, write_module
from mhcourse.cli import main
from mhcourse.content.problem_formats import as_github
from mhcourse.content.problems import RULES, Problem


def run(*args: str) -> int:
    return main(list(args))


def broken(tmp_path):
    """A module with a misspelt key (so minutes is missing too) and a wrong type: three errors, at their lines."""
    text = module_text("broken").replace("minutes = 10", "minuts = 10").replace("pass_mark = 0.5", 'pass_mark = "x"')
    return write_module(tmp_path, "broken", text=text), text


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_json_gives_one_object_a_line_with_file_line_key_rule_and_message(tmp_path, capsys):
    path, text = broken(tmp_path)
    assert run("validate", "--format", "json", str(path)) == 1
    found = records(capsys.readouterr().out)
    by_key = {r["key"]: r for r in found}
    typo = by_key["module.minuts"]
    assert typo["file"] == str(path) and typo["line"] == line_of(text, "minuts = 10")
    assert typo["severity"] == "error" and typo["rule"] == "schema" and "minutes" in typo["message"]
    assert typo["key_path"] == ["module", "minuts"]
    assert by_key["quiz.pass_mark"]["line"] == line_of(text, 'pass_mark = "x"')
    assert all(set(r) == {"file", "line", "column", "key", "key_path", "severity", "rule", "message"} for r in found)


def test_json_gives_a_syntax_error_its_line_and_column(tmp_path, capsys):
    path = write_module(tmp_path, "bad", text=module_text("bad").replace('minutes = 10', 'minutes = = 10'))
    assert run("validate", "--format", "json", str(path)) == 1
    [found] = records(capsys.readouterr().out)
    assert found["rule"] == "toml-syntax" and found["line"] == line_of(path.read_text(), "minutes = = 10")
    assert found["column"] == len("minutes = ") + 1 and found["key"] is None


def test_json_warnings_carry_the_lint_rule(tmp_path, capsys):
    text = module_text("phone").replace("Talking helps.", "Talking helps. Call 988 any time.")
    path = write_module(tmp_path, "phone", text=text)
    assert run("validate", "--strict", "--format", "json", str(path)) == 1
    found = records(capsys.readouterr().out)
    assert [(r["rule"], r["severity"]) for r in found] == [("lint:phone-number", "warning")]
    assert found[0]["line"] == line_of(text, "Call 988")


def test_every_rule_id_given_is_listed():
    assert "toml-syntax" in RULES and "schema" in RULES and "lint:phone-number" in RULES
    assert Problem(None, "x").rule_id == "problem" and Problem(None, "x", warning=True).rule_id == "lint"


def test_github_annotations_point_at_the_file_and_line(tmp_path, capsys):
    path, text = broken(tmp_path)
    assert run("validate", "--format", "github", str(path)) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = f"::error file={path},line={line_of(text, 'minuts = 10')},title=mhcourse schema (module.minuts)::"
    assert any(line.startswith(expected) and "minutes" in line for line in lines), lines
    assert all(line.startswith("::error ") for line in lines) and len(lines) == 3


def test_github_escapes_what_the_runner_would_read_as_syntax():
    problem = Problem(None, "50% done\r\nnext: line", 3, ("a",), rule="x")
    shown = as_github(Problem(problem.file, problem.message, 3, ("a",), rule="x", column=2))
    assert shown == "::error line=3,col=2,title=mhcourse x (a)::a: 50%25 done%0D%0Anext: line"
    from pathlib import Path
    odd = as_github(Problem(Path("a,b:c%.toml"), "m", warning=True, rule="lint:sources"))
    assert odd == "::warning file=a%2Cb%3Ac%25.toml,title=mhcourse lint%3Asources::m"


def test_a_good_file_prints_nothing_and_exits_0_in_every_format(tmp_path, capsys):
    path = write_module(tmp_path, "good")
    for form in ("json", "github"):
        assert run("validate", "--strict", "--format", form, str(path)) == 0
        assert capsys.readouterr().out == ""


def test_an_unknown_format_is_a_usage_error(tmp_path, capsys):
    path = write_module(tmp_path, "good")
    assert run("validate", "--format", "xml", str(path)) == 2
    assert "json" in capsys.readouterr().err


def _rule_cases():
    valid = module_text("x")
    return [
        ("empty-file", b""),
        ("encoding", "format = 1\n# caf\xe9\n".encode("latin-1")),
        ("toml-syntax", b"format = 1\n[module\n"),
        ("format-version", valid.replace("format = 1", "format = 9").encode()),
        ("rule", valid.replace('start = "open"', 'start = "nowhere"').encode()),
        ("catalog:requires", module_text("x", requires='["not-there"]').encode()),
    ]


def test_each_kind_of_problem_has_its_rule_id(tmp_path, capsys):
    for rule, data in _rule_cases():
        folder = tmp_path / rule.replace(":", "-")
        folder.mkdir()
        (folder / "x.toml").write_bytes(data)
        assert run("validate", "--format", "json", str(folder / "x.toml")) == 1, rule
        found = records(capsys.readouterr().out)
        assert found and {r["rule"] for r in found} == {rule}, (rule, found)
        assert all(r["line"] for r in found), found
        assert set(RULES) >= {r["rule"] for r in found}


def test_the_guides_rule_table_lists_every_rule_id():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in guide, rule


def test_a_fresh_skeletons_placeholders_are_errors_with_their_rule_under_strict(tmp_path, capsys):
    assert run("new", "draft", "--title", "Draft", "--dir", str(tmp_path)) == 0
    capsys.readouterr()
    assert run("validate", "--strict", "--format", "json", str(tmp_path / "draft.toml")) == 1
    found = records(capsys.readouterr().out)
    placeholders = [r for r in found if r["rule"] == "lint:placeholder"]
    assert placeholders and all(r["severity"] == "error" and r["line"] for r in placeholders)
