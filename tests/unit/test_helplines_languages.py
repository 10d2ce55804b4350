"""Get help now for Spanish- and French-speaking learners (issue 19): the lines of content-brief.md's Spanish- and
French-speaking countries, names and hours in the learner's language where the data has them, a site's own line
in French, and which country is listed first."""

from __future__ import annotations

from pathlib import Path

import pytest

from mhcourse.content.helplines import built_in, country_of, first_country
from mhcourse.errors import ConfigError
from mhcourse.i18n import PSEUDO, SHIPPED, speaking, use_language
from mhcourse.plain.gethelp import help_lines
from mhcourse.site.loading import load_config
from mhcourse.site.schema import Language
from pseudo import unconverted

NEW_LINES = {  # country code: (emergency as written in English, [(the line's English name, its number)])
    "ES": ("112", [("024 suicide prevention line", "024")]),
    "FR": ("112 or 15 (SAMU)", [("3114, national suicide prevention number", "3114")]),
    "BE": ("112", [("Centre de Prévention du Suicide", "0800 32 123")]),
    "CH": ("144 (ambulance) or 112", [("La Main Tendue", "143")]),
    "MX": ("911", [("Línea de la Vida", "800 911 2000")]),
}

FRENCH_LINE = """\
[helplines]
checked = "2026-11"

[[helplines.line]]
name = "Riverside Crisis Cafe"
number = "01632 960 123"
dial = "01632960123"
hours = "Fridays and Saturdays, 6pm to 11pm"
in.fr = { name = "Café de crise de Riverside", hours = "le vendredi et le samedi, de 18 h à 23 h" }
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("code", NEW_LINES)
def test_each_new_country_lists_its_lines_and_emergency_number_first_when_it_is_the_learners(code):
    emergency, lines = NEW_LINES[code]
    country = built_in().find(code)
    assert country is not None and country.emergency == emergency
    for name, number in lines:
        line = next(line for line in country.line if line.name == name)
        assert line.number == number and line.dial == number.replace(" ", "")
        assert line.source and line.source.startswith("https://")
    shown = help_lines(built_in(), code)
    heading = next(i for i, text in enumerate(shown) if text.startswith(country.name))
    assert heading == 4, "the learner's country comes right after the emergency advice and the title"
    assert f"(emergency number: {emergency})" in shown[heading]
    assert all(f"call {number}" in shown[heading + 1 + i] for i, (_name, number) in enumerate(lines))


def test_the_usa_988_says_press_2_for_spanish_and_never_the_closed_press_3():
    line = built_in().find("US").line[0]
    assert line.name == "988 Suicide and Crisis Lifeline" and "2 for Spanish" in line.hours
    with speaking("es"):
        assert "marca 2 para español" in line.number and line.dial == "988"
        assert line.languages == ["inglés", "español"]
    every = "\n".join(help_lines(built_in(), "US"))
    assert "press 3" not in every and "3 for" not in every


def test_canada_988_answers_in_english_and_french():
    line = built_in().find("CA").line[0]
    assert line.number == "9-8-8" and line.languages == ["English", "French"]
    with speaking("fr"):
        assert line.name == "9-8-8 : Ligne d'aide en cas de crise de suicide"
        assert line.languages == ["anglais", "français"]


def test_names_and_hours_are_in_the_learners_language_where_the_data_has_them():
    spain = built_in().find("ES")
    line = spain.line[0]
    assert (spain.name, line.name, line.hours) == ("Spain", "024 suicide prevention line", "free, 24/7")
    use_language("es")
    assert (spain.name, line.name) == ("España", "Línea 024 de atención a la conducta suicida")
    assert line.hours == "gratuita, 24 horas, todos los días"
    shown = help_lines(built_in(), "ES")
    assert shown[0].startswith("Si tu vida") and shown[4].startswith("España (")
    assert "- Línea 024 de atención a la conducta suicida: llama al 024 (gratuita, 24 horas, todos los días)" in shown
    assert "- Centre de Prévention du Suicide: llama al 0800 32 123" in shown  # a service's own name stays
    assert built_in().find("FR").emergency == "112 o 15 (SAMU)"
    use_language("fr")
    assert (spain.name, built_in().find("CH").emergency) == ("Espagne", "144 (ambulance) ou 112")
    use_language("en")
    assert (spain.name, line.name, line.hours) == ("Spain", "024 suicide prevention line", "free, 24/7")
    assert help_lines(built_in(), "ES")[0].startswith("If you or someone else")


def test_a_web_request_speaks_its_visitors_language_and_leaves_the_others_in_theirs():
    line = built_in().find("FR").line[0]
    with speaking("fr"):
        assert line.name == "3114, numéro national de prévention du suicide"
    assert line.name == "3114, national suicide prevention number"


def test_every_english_word_stays_as_it_was():
    """The built-in list's own words are English: a form never replaces them for an English learner."""
    for country in built_in().country:
        assert country.name == country.own_name and country.emergency == country.own_emergency
        for line in country.line:
            assert (line.name, line.number, line.text, line.hours) == (line.own_name, line.own_number,
                                                                       line.own_text, line.own_hours)


def test_the_forms_are_for_shipped_languages_and_the_site_schema_takes_the_same():
    assert set(Language.__args__) == set(SHIPPED)  # type: ignore[attr-defined]
    forms = {language for country in built_in().country for line in country.line for language in line.in_}
    assert forms <= set(SHIPPED) and {"es", "fr"} <= forms


def test_a_site_line_with_a_french_name(tmp_path):
    site = load_config(write(tmp_path / "site.toml", FRENCH_LINE))
    local = site.helplines.country[0]
    line = local.line[0]
    assert local.local and (line.name, line.hours) == ("Riverside Crisis Cafe", "Fridays and Saturdays, 6pm to 11pm")
    use_language("fr")
    assert line.name == "Café de crise de Riverside" and line.hours == "le vendredi et le samedi, de 18 h à 23 h"
    assert line.number == "01632 960 123" and line.dial == "01632960123"  # what it does not give stays
    assert "- Café de crise de Riverside: appelez le 01632 960 123" in "\n".join(help_lines(site.helplines, None))
    use_language("es")
    assert line.name == "Riverside Crisis Cafe"  # no Spanish form: the site's own words


@pytest.mark.parametrize("form, word", [('in.de = { name = "Krisencafé" }', "in.de"),
                                         ('in.fr = { nom = "Café" }', "nom")])
def test_a_form_in_an_unknown_language_or_with_an_unknown_key_is_refused(tmp_path, form, word):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path / "site.toml", FRENCH_LINE.replace(FRENCH_LINE.splitlines()[-1], form)))
    assert word.split(".")[-1] in str(caught.value)


@pytest.mark.parametrize("lang, code", [("fr_BE.UTF-8", "BE"), ("es_MX.UTF-8", "MX"), ("fr_CA.UTF-8", "CA"),
                                        ("fr_CH.UTF-8", "CH"), ("es_ES.UTF-8", "ES"), ("fr_FR.UTF-8", "FR")])
def test_the_locale_puts_its_country_first(monkeypatch, lang, code):
    monkeypatch.setenv("LANG", lang)
    assert first_country(None, None) == code
    assert built_in().ordered(first_country(None, None))[0].code == code


def test_lang_fr_be_puts_belgium_first_in_every_face_that_asks(monkeypatch):
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    shown = help_lines(built_in(), first_country(None, None))
    assert shown[4] == "Belgium (emergency number: 112):"


def test_the_language_alone_never_moves_the_country(monkeypatch):
    """The country is where the learner is, not the language they read: Spanish with no country keeps the order."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("MHCOURSE_LANG", "es")
    use_language("es")
    assert first_country(None, None) is None
    assert built_in().ordered(None)[0].code == "US"  # the list's own order, when nothing says where
    assert first_country(None, "FR") == "FR" and first_country("MX", "FR") == "MX"


def test_a_browsers_languages_name_a_country_only_with_a_region():
    assert [country_of(tag) for tag in ("es-MX", "fr_BE.UTF-8", "es", "C.UTF-8", "")] == ["MX", "BE", None, None,
                                                                                          None]
    assert first_country(None, None, asked=["es", "fr-CH", "en-US"]) == "CH"
    assert first_country(None, None, asked=["es", "xx-QQ"]) is None  # not the server's locale either
    assert first_country(None, "GB", asked=["fr-CH"]) == "GB"


def test_config_check_suggests_and_lists_the_new_country_codes(tmp_path):
    from mhcourse.site.helplines import country_problem

    assert country_problem("MX") is None and country_problem("BE") is None
    listed = country_problem("QQ")
    assert listed is not None and all(code in listed for code in ("ES", "FR", "BE", "CH", "MX"))
    from mhcourse.commands.config import example_text

    assert "ES (Spain), FR (France), BE (Belgium), CH (Switzerland), MX (Mexico)" in " ".join(
        line.lstrip("# ") for line in example_text([]).splitlines())


def test_in_the_pseudo_language_every_word_of_get_help_now_is_rewritten(tmp_path):
    site = load_config(write(tmp_path / "site.toml", FRENCH_LINE))
    use_language(PSEUDO)
    assert unconverted("\n".join(help_lines(site.helplines, "BE"))) == []
