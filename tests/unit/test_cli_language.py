"""The language of the commands (cli.py, i18n.choose_language): --lang, then MHCOURSE_LANG, then the site
config's [course] language, then the computer's locale; English when none is shipped. It is chosen before
anything is said, so `mhcourse --help`, argparse's own errors and every command's messages speak it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mhcourse.cli import main

SPANISH_HELP = "Un curso autoguiado de sensibilización sobre salud mental"
FRENCH_HELP = "Un cours autonome de sensibilisation à la santé mentale"
ENGLISH_HELP = "A self-guided mental health awareness course"
SPANISH_SEED = "MHCOURSE_SEED debe ser un número entero, no '12a'"
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"}
FRENCH_SEED = "MHCOURSE_SEED doit être un nombre entier, pas « 12a »"


def help_text(capsys, *args: str) -> str:
    assert main([*args, "--help"]) == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines to the terminal's width


def seed_error(capsys, monkeypatch, tmp_path, *args: str) -> str:
    """A command's own error message (MHCOURSE_SEED is checked before anything is opened)."""
    monkeypatch.setenv("MHCOURSE_SEED", "12a")
    assert main([*args, "--data-dir", str(tmp_path / "data"), "read", "--guest"]) == 2
    return capsys.readouterr().err


def test_lang_es_makes_the_help_and_an_error_spanish(capsys, monkeypatch, tmp_path):
    assert SPANISH_HELP in help_text(capsys, "--lang", "es")
    assert SPANISH_SEED in seed_error(capsys, monkeypatch, tmp_path, "--lang", "es")


def test_lang_works_after_the_command_too(capsys, monkeypatch, tmp_path):
    assert "--lang CODE" in help_text(capsys, "list", "--lang=fr")
    monkeypatch.setenv("MHCOURSE_SEED", "12a")
    assert main(["read", "--guest", "--data-dir", str(tmp_path / "data"), "--lang", "fr"]) == 2
    assert FRENCH_SEED in capsys.readouterr().err


def test_mhcourse_lang_fr_does_the_same(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MHCOURSE_LANG", "fr")
    assert FRENCH_HELP in help_text(capsys)
    assert FRENCH_SEED in seed_error(capsys, monkeypatch, tmp_path)


def test_the_flag_beats_the_environment(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MHCOURSE_LANG", "fr")
    assert SPANISH_HELP in help_text(capsys, "--lang", "es")
    assert SPANISH_SEED in seed_error(capsys, monkeypatch, tmp_path, "--lang", "es")


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_unknown_lang_is_a_usage_error_naming_the_shipped_languages(where, capsys, tmp_path):
    args = ["--lang", "de", "list"] if where == "before" else ["list", "--lang", "de"]
    assert main(["--data-dir", str(tmp_path / "data"), *args]) == 2
    captured = capsys.readouterr()
    assert "--lang de: the course does not speak that language; it speaks en (English), es (Español), " \
           "fr (Français)." in captured.err
    assert captured.out == ""
    assert not (tmp_path / "data").exists()


def test_an_abbreviated_unknown_lang_is_refused_too(capsys, tmp_path):
    """argparse accepts --lan for --lang; the pre-scan does not see it, the parsed arguments do."""
    assert main(["--data-dir", str(tmp_path / "data"), "--lan", "xx", "list"]) == 2
    assert "--lang xx: the course does not speak that language" in capsys.readouterr().err


def test_the_site_language_is_used_when_nothing_else_is_set(capsys, monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[course]\nlanguage = "es"\n')
    monkeypatch.setenv("MHCOURSE_CONFIG", str(config))
    assert SPANISH_HELP in help_text(capsys)
    assert SPANISH_SEED in seed_error(capsys, monkeypatch, tmp_path)
    monkeypatch.setenv("MHCOURSE_LANG", "fr")  # the environment beats the site
    assert FRENCH_HELP in help_text(capsys)


def test_the_site_language_from_config_flag(capsys, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[course]\nlanguage = "fr"\n')
    assert FRENCH_HELP in help_text(capsys, "--config", str(config))


def test_a_broken_config_does_not_stop_the_help(capsys, monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[course\nlanguage = 'es'\n")
    monkeypatch.setenv("MHCOURSE_CONFIG", str(config))
    assert ENGLISH_HELP in help_text(capsys)


@pytest.mark.parametrize(("locale", "expected"), [("fr_FR.UTF-8", FRENCH_HELP), ("de_DE.UTF-8", ENGLISH_HELP),
                                                  ("es_MX.UTF-8", SPANISH_HELP)])
def test_the_computer_locale_alone(locale, expected, capsys, monkeypatch):
    monkeypatch.setenv("LANG", locale)
    assert expected in help_text(capsys)


def test_argparse_speaks_the_chosen_language(capsys):
    """argparse's own words (usage:, its errors) go through our catalog: the pseudo-language shows it."""
    assert main(["--lang", "qps", "list", "--nope"]) == 2
    err = capsys.readouterr().err
    assert "⟦ùšàgé: ⟧" in err
    assert "--nope" in err
    assert "unrecognized arguments" not in err


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "Language:       English (en), from this computer's language settings"),  # LANG=en_GB (conftest)
    ({"LANG": "de_DE.UTF-8"}, "Language:       English (en), nothing named a language the course speaks"),
    ({"LANG": "es_ES.UTF-8"}, "(es),"),
    ({"MHCOURSE_LANG": "fr"}, "(fr),"),
])
def test_config_check_says_which_language_and_why(env, expected, capsys, monkeypatch):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["config", "check"]) == 0
    assert expected in capsys.readouterr().out


def test_config_check_names_the_site_language(capsys, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[course]\nlanguage = "es"\n')
    assert main(["--lang", "en", "config", "check", "--config", str(config)]) == 0
    assert "Language:       English (en), set by --lang" in capsys.readouterr().out
    assert main(["config", "check", "--config", str(config)]) == 0
    assert "Español (es)" in capsys.readouterr().out


def test_config_example_shows_the_course_language(capsys):
    assert main(["config", "example"]) == 0
    assert '\n#language = "en"\n' in capsys.readouterr().out


# -- the certificate speaks its learner's language ---------------------------------------------------------


def passed_learner(data: Path, language: str | None) -> None:
    """Sam, who passed every module of the bundled course; their language setting, if any."""
    from helpers import bundled_course
    from mhcourse.learning.quiz import QuizPlan
    from mhcourse.progress.store import Store

    store = Store.open(data)
    try:
        profile = store.create_profile("Sam")
        if language:
            store.set_setting(profile.id, "language", language)
        for module in bundled_course():
            for lesson in module.lessons:
                store.lesson_completed(profile.id, module.id, lesson.id)
            if module.quiz is not None:
                total = len(module.quiz.questions)
                attempt = store.start_attempt(profile.id, module.id, QuizPlan(()), module.quiz.pass_mark)
                store.finish_attempt(attempt.id, total - 1, total, (total - 1) / total >= module.quiz.pass_mark)
    finally:
        store.close()


def test_the_certificate_is_in_the_learners_language(tmp_path, capsys):
    """Their dates and percentages as their language writes them (Babel), the modules' titles of their language,
    and every word through the catalog (the pseudo-language below shows that)."""
    data = tmp_path / "data"
    passed_learner(data, "es")
    target = tmp_path / "c.txt"
    assert main(["certificate", "-o", str(target), "--data-dir", str(data)]) == 0
    text = target.read_text()
    assert "Saved the certificate for 'Sam'" in capsys.readouterr().out  # the facilitator's own language
    assert re.search(r"\b\d{1,2} de [a-z]+ de \d{4}\b", text), text  # 7 de diciembre de 2026
    assert re.search(r"\(\d+\xa0%\)", text), text  # 80 %, as Spanish writes it
    titles = {module.title for module in spanish_modules()}
    assert titles and all(title in text for title in titles)
    html = tmp_path / "c.html"
    assert main(["certificate", "-o", str(html), "--data-dir", str(data)]) == 0
    assert '<html lang="es">' in html.read_text()


def spanish_modules() -> list:
    from helpers import bundled_course
    from mhcourse.content.translations import in_language

    return [shown for module in bundled_course() if (shown := in_language(module, "es")) is not module]


def test_every_word_of_the_certificate_goes_through_the_catalog(tmp_path):
    """A learner whose language is the pseudo-language: no plain English word is left but names and data."""
    from helpers import bundled_course
    from pseudo import ALLOWED, unconverted

    data = tmp_path / "data"
    passed_learner(data, "qps")
    target = tmp_path / "c.txt"
    assert main(["certificate", "-o", str(target), "--data-dir", str(data)]) == 0
    text = target.read_text()
    data_words = {"Sam", "MHC", "certificate", "verify", *MONTHS}  # names, the command, Babel's dates
    for module in bundled_course():  # the modules' titles are the author's (the pseudo-language has no module)
        text = text.replace(module.title, "")
    assert unconverted(text, ALLOWED | data_words) == []


def test_lang_outranks_the_learners_setting_for_the_certificate(tmp_path):
    data = tmp_path / "data"
    passed_learner(data, "es")
    target = tmp_path / "c.txt"
    assert main(["--lang", "en", "certificate", "-o", str(target), "--data-dir", str(data)]) == 0
    text = target.read_text()
    assert "CERTIFICATE OF COMPLETION" in text
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", text)  # 7 December 2026


def test_the_certificate_follows_the_site_language_without_a_learner_setting(tmp_path):
    data = tmp_path / "data"
    passed_learner(data, None)
    config = tmp_path / "config.toml"
    config.write_text('[course]\nlanguage = "fr"\n')
    target = tmp_path / "c.html"
    assert main(["certificate", "-o", str(target), "--data-dir", str(data), "--config", str(config)]) == 0
    assert '<html lang="fr">' in target.read_text()
    assert re.search(r"\b\d{1,2} [a-zéû]+ \d{4}\b", target.read_text())  # 7 décembre 2026
