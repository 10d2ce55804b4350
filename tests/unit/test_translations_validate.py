"""`mhcourse validate` on translations: the skeleton of the original kept (errors), staleness (a warning),
each language's phrase list; the catalog leaves a broken translation out and keeps its original."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from mhcourse.cli import main
from mhcourse.content.catalog import Source, build_catalog
from mhcourse.content.translations import in_language
from mhcourse.paths import bundled_modules_dir

MODULE = "getting-help"


def copied(tmp_path: Path, module: str = MODULE, language: str = "es") -> tuple[Path, Path]:
    """The bundled original and its translation, copied to tmp_path/<id>.toml and tmp_path/<lang>/<id>.toml."""
    bundled = bundled_modules_dir()
    (tmp_path / language).mkdir(parents=True, exist_ok=True)
    original = Path(shutil.copy(bundled / f"{module}.toml", tmp_path / f"{module}.toml"))
    translation = Path(shutil.copy(bundled / language / f"{module}.toml", tmp_path / language / f"{module}.toml"))
    return original, translation


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first `count` of `old` (a regular expression) in a file; the line of the first change."""
    text = path.read_text(encoding="utf-8")
    match = re.search(old, text, re.M)
    assert match, old
    path.write_text(re.sub(old, new, text, count=count, flags=re.M), encoding="utf-8")
    return text[:match.start()].count("\n") + 1


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_a_changed_question_id_is_an_error_naming_the_file_the_id_and_the_fix(tmp_path, capsys):
    original, translation = copied(tmp_path)
    line = edit(translation, r'^id = "help-q2"', 'id = "ayuda-q2"')
    assert main(["validate", str(translation)]) == 1
    out = capsys.readouterr().out
    assert f"{translation}:{line}: quiz.questions[1].id: " in out
    assert "'ayuda-q2'" in out and "use the original's id 'help-q2'" in out
    assert str(original) in out  # the original beside the language folder, not the bundled one


def test_a_moved_correct_flag_is_an_error(tmp_path, capsys):
    _original, translation = copied(tmp_path)
    edit(translation, r"^correct = true", "correct = false")  # the first check's right answer, now wrong
    text = translation.read_text(encoding="utf-8")
    second = text.index("[[lessons.checks.choices]]", text.index("correct = false"))
    end = text.index("\n", second)
    translation.write_text(text[:end] + "\ncorrect = true" + text[end:], encoding="utf-8")
    assert main(["validate", "--format", "json", str(translation)]) == 1
    found = records(capsys.readouterr().out)
    assert {r["rule"] for r in found} == {"catalog:translation"}
    keys = [r["key"] for r in found]
    assert keys == ["lessons[0].checks[0].choices[0].correct", "lessons[0].checks[0].choices[1].correct"]
    assert "set correct = true" in found[0]["message"] and all(r["line"] for r in found)


def test_other_parts_of_the_skeleton_are_errors_too(tmp_path, capsys):
    _original, translation = copied(tmp_path, "supporting-someone", "fr")
    edit(translation, r'^tone = "helpful"', 'tone = "neutral"')
    edit(translation, r"^minutes = \d+", "minutes = 99")
    edit(translation, r"^content_note = ", "# content_note = ")
    assert main(["validate", "--format", "json", str(translation)]) == 1
    found = records(capsys.readouterr().out)
    keys = {r["key"] for r in found}
    assert "module.minutes" in keys and "module" in keys  # the content note
    assert any(k.endswith(".tone") and k.startswith("scenarios[") for k in keys)


def test_a_bumped_original_gives_the_staleness_warning_naming_both_files(tmp_path, capsys):
    original, translation = copied(tmp_path)
    edit(original, r'^version = "1\.0\.0"', 'version = "1.1.0"')
    assert main(["validate", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    [warning] = captured.out.splitlines()
    assert warning.startswith(f"{translation}:") and "warning:" in warning
    assert str(original) in warning and "1.0.0" in warning and "1.1.0" in warning
    assert 'set translated_from = "1.1.0"' in warning
    assert "1 warning(s)" in captured.err


def test_a_translation_without_an_original_is_warned(tmp_path, capsys):
    (tmp_path / "es").mkdir()
    text = (bundled_modules_dir() / "es" / f"{MODULE}.toml").read_text(encoding="utf-8")
    lone = tmp_path / "es" / "lone.toml"
    lone.write_text(text.replace(f'id = "{MODULE}"', 'id = "lone"', 1), encoding="utf-8")
    assert main(["validate", "--format", "json", str(lone)]) == 0
    [found] = records(capsys.readouterr().out)
    assert found["rule"] == "catalog:translation-alone" and found["severity"] == "warning"


def test_a_translation_with_its_originals_language_is_an_error(tmp_path, capsys):
    _original, translation = copied(tmp_path)
    edit(translation, r'^language = "es"', 'language = "en-GB"')
    assert main(["validate", "--format", "json", str(translation)]) == 1
    [found] = records(capsys.readouterr().out)
    assert found["rule"] == "catalog:translation" and found["key"] == "module.language"


def test_a_translation_with_another_module_id_is_told_the_originals(tmp_path, capsys):
    _original, translation = copied(tmp_path)
    edit(translation, f'^id = "{MODULE}"', 'id = "obtener-ayuda"')
    assert main(["validate", str(translation)]) == 1
    assert f"use the original's id '{MODULE}'" in capsys.readouterr().out


def test_every_bundled_translation_passes_strict_with_its_languages_phrase_list(capsys):
    folders = [bundled_modules_dir() / language for language in ("es", "fr")]
    assert main(["validate", "--strict", *map(str, folders)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(("language", "used", "quoted"), [
    ("es", "Su hermano sufre de ansiedad.", "No digas «sufre de»: di «vive con»."),
    ("fr", "Son frère a commis un suicide.", "On ne dit pas « a commis un suicide »."),
])
def test_a_flagged_phrase_is_warned_in_its_language_and_not_when_quoted(tmp_path, capsys, language, used, quoted):
    _original, translation = copied(tmp_path, language=language)
    edit(translation, r'^summary = "', f'summary = "{used} ')
    assert main(["validate", "--strict", "--format", "json", str(translation)]) == 1
    found = [r for r in records(capsys.readouterr().out) if r["rule"] == "lint:language"]
    assert [r["key"] for r in found] == ["module.summary"]
    shutil.copy(bundled_modules_dir() / language / f"{MODULE}.toml", translation)
    edit(translation, r'^summary = "', f'summary = "{quoted} ')
    assert main(["validate", "--strict", "--format", "json", str(translation)]) == 0
    assert records(capsys.readouterr().out) == []


def test_the_english_list_is_not_used_on_a_spanish_module(tmp_path, capsys):
    _original, translation = copied(tmp_path)
    edit(translation, r'^summary = "', 'summary = "He committed suicide. ')
    assert main(["validate", "--strict", "--format", "json", str(translation)]) == 0


def test_the_catalog_leaves_out_a_broken_translation_and_keeps_the_original(tmp_path):
    _original, translation = copied(tmp_path)
    edit(translation, r'^id = "help-q2"', 'id = "ayuda-q2"')
    catalog = build_catalog([Source("bundled", bundled_modules_dir()), Source("test", tmp_path)])
    ours = [e.path for e in catalog.entries if e.module.id == MODULE]
    assert tmp_path / f"{MODULE}.toml" in ours and translation not in ours
    assert bundled_modules_dir() / "es" / f"{MODULE}.toml" not in ours  # overridden by the broken one, not back
    [module] = [m for m in catalog.modules if m.id == MODULE]
    assert in_language(module, "es") is module  # learners of Spanish see the original
    assert catalog.notices and all(p.file == translation and p.rule == "catalog:translation"
                                   for p in catalog.notices)


def test_list_shows_the_languages_of_each_module(tmp_path, capsys):
    copied(tmp_path)
    assert main(["list", "--modules", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    mine = [line for line in lines if str(tmp_path) in line]
    assert len(mine) == 2 and "es, fr" in mine[0] and "(translation)" in mine[1]  # fr: the bundled one
    depression = next(line for line in lines if line.startswith("depression "))
    assert "en " in depression and "(translation)" not in depression
