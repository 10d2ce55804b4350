"""Issue 20's lints, each with the file that showed it (tests/fixtures/lint): indented bodies, placeholders,
options without feedback, one-line messages, scenario steps at their line, and drafts of one module."""

from __future__ import annotations

from pathlib import Path

from helpers import line_of, module_text
from mhcourse.cli import main
from mhcourse.content.lint import lint_module, placeholder_problems
from mhcourse.content.loader import load_module, load_text
from mhcourse.content.problems import format_key
from mhcourse.content.scaffold import skeleton

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lint"


def lint(path: Path):
    loaded = load_module(path)
    assert loaded.ok, loaded.problems
    assert loaded.module is not None
    return lint_module(loaded.module, loaded.text, path)


def test_an_indented_body_is_told_it_shows_as_code():
    path = FIXTURES / "indented-body.toml"
    [problem] = lint(path)
    assert format_key(problem.key) == "lessons[0].body"
    assert problem.line == line_of(path.read_text(), "    Mental health is part of health.")
    assert problem.message == "this text is indented, so it shows as code; remove the indentation"


def test_a_list_continuation_or_a_fenced_block_is_not_indented_code():
    text = (FIXTURES / "indented-body.toml").read_text().replace("    Mental health", "Mental health").replace(
        "    People recover", "People recover")
    loaded = load_text(text, Path("m.toml"))
    assert loaded.module is not None
    assert lint_module(loaded.module, text, Path("m.toml")) == []


def test_the_skeleton_placeholders_are_errors_with_strict_and_warnings_without():
    text = skeleton("demo", "Demo")
    loaded = load_text(text, Path("demo.toml"))
    assert loaded.ok and loaded.module is not None
    strict = lint_module(loaded.module, text, Path("demo.toml"))
    keys = {format_key(p.key) for p in strict if "placeholder" in p.message}
    assert {"module.summary", "module.authors[0]", "module.sources[0].url", "lessons[0].body",
            "quiz.questions[0].prompt", "quiz.questions[0].choices[0].feedback"} <= keys
    assert "module.title" not in keys  # the title the author typed is theirs
    body = next(p for p in strict if format_key(p.key) == "lessons[0].body")
    assert not body.warning and body.line == line_of(text, "## A heading")
    lax = placeholder_problems(loaded.module, text, Path("demo.toml"), strict=False)
    assert lax and all(p.warning for p in lax)


def test_a_todo_marker_is_unfinished_text():
    path = FIXTURES / "unfinished.toml"
    [problem] = lint(path)
    assert format_key(problem.key) == "lessons[1].body" and not problem.warning
    assert problem.line == line_of(path.read_text(), "TODO")
    assert problem.message == "'TODO' marks unfinished text; finish it and remove the marker"


def test_validate_without_strict_shows_placeholders_but_passes(tmp_path, capsys):
    assert main(["validate", str(FIXTURES / "unfinished.toml")]) == 0
    out, err = capsys.readouterr()
    assert "lessons[1].body: warning: 'TODO' marks unfinished text" in out
    assert "no errors, 1 warning(s)" in err
    assert main(["validate", "--strict", str(FIXTURES / "unfinished.toml")]) == 1


def test_an_option_without_feedback_names_its_step_and_option():
    path = FIXTURES / "option-without-feedback.toml"
    [problem] = lint(path)
    assert format_key(problem.key) == "scenarios[0].steps[0].options[0]" and problem.warning
    assert problem.line == line_of(path.read_text(), "[[scenarios.steps.options]]")
    assert problem.message == ("option 1 of step 'open' in scenario 'talk' has no feedback; "
                               "say why this reply helps or not")


def test_a_phrase_split_over_two_lines_is_quoted_on_one():
    path = FIXTURES / "split-phrase.toml"
    [problem] = lint(path)
    assert problem.message == "'suffering from' can stigmatise; say 'living with / has'"
    assert "\n" not in str(problem)
    assert problem.line == line_of(path.read_text(), "A man suffering")


def test_a_misspelt_steps_header_is_reported_at_its_line():
    path = FIXTURES / "scenario-typo.toml"
    problems = load_module(path).problems
    typo = next(p for p in problems if p.key == ("scenario",))
    assert typo.line == line_of(path.read_text(), "[[scenario.steps]]")
    assert "did you mean 'scenarios'" in typo.message


def test_steps_before_their_scenario_are_reported_at_the_steps():
    path = FIXTURES / "steps-before-scenario.toml"
    [problem] = load_module(path).problems
    assert problem.line == line_of(path.read_text(), "[[scenarios.steps]]")


def test_two_drafts_of_one_module_are_each_checked_alone(capsys):
    drafts = FIXTURES / "drafts"
    assert main(["validate", str(drafts)]) == 1  # the second draft's own problem, nothing about the first
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{drafts / 'small-second-draft.toml'}:{line_of(module_text(), 'requires')}: module.requires: requires "
        "names 'no-such-module', which is not a module in the catalog"]
    assert "are drafts of module 'small' (en): each was checked on its own. None of them is in the catalog" in err


def test_the_note_says_which_draft_the_catalog_uses_and_why(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "b-small.toml").write_text(module_text("small"))
    (folder / "a-small.toml").write_text(module_text("small", title="Another draft"))
    assert main(["--modules", str(folder), "validate", str(folder)]) == 0
    err = capsys.readouterr().err
    assert (f"The catalog uses {folder / 'a-small.toml'} (from --modules): {folder / 'b-small.toml'} is left out, "
            "because one folder keeps only the first file, by name, with a given id.") in err
    later = tmp_path / "later"
    later.mkdir()
    (later / "small.toml").write_text(module_text("small"))
    assert main(["--modules", str(folder), "--modules", str(later), "validate",
                 str(folder / "a-small.toml"), str(later / "small.toml")]) == 0
    err = capsys.readouterr().err
    assert (f"The catalog uses {later / 'small.toml'} (from --modules): {folder / 'a-small.toml'} (from --modules) "
            "is overridden, because a later place wins.") in err


def test_validating_everything_still_refuses_two_files_with_one_id_in_one_folder(tmp_path, capsys):
    (tmp_path / "a.toml").write_text(module_text("small"))
    (tmp_path / "b.toml").write_text(module_text("small"))
    assert main(["--modules", str(tmp_path), "validate"]) == 1
    assert "is also used by" in capsys.readouterr().out


def test_the_guide_lists_every_helpline_number_the_lint_knows():
    from mhcourse.content import lint

    guide = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text()
    section = guide[guide.index("#### Phone numbers"):guide.index("#### Placeholders and unfinished text")]
    for number in lint._HELPLINE_NUMBERS:
        assert f"`{number}`" in section, number
    for example in ("555 123 4567", "1800 123 456"):  # the guide's shapes of a phone number
        assert lint.phone_numbers(f"Call {example}."), example
