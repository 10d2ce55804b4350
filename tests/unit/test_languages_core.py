"""Languages in the core: which language is spoken (one rule), a request's language kept to itself, the
course in the learner's language with notes where a module is not translated, and progress that survives a
change of language on both engines (a quiz attempt resuming in the language it began in)."""

from __future__ import annotations

import asyncio
import random

from mhcourse import i18n
from mhcourse.content.translations import course_in, in_language, language_note
from mhcourse.learning.answers import correct_answer
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.transfer import export_text, import_profile, read_export

TRANSLATED = {"mental-health-basics", "myths-facts-stigma", "supporting-someone", "suicide-awareness",
              "getting-help"}


def test_the_language_is_the_command_line_then_the_environment_then_the_learner_then_the_site_then_the_computer(
        monkeypatch):
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert i18n.choose_language() == "fr"
    assert i18n.choose_language(site="es") == "es"
    assert i18n.choose_language(learner="en", site="es") == "en"
    monkeypatch.setenv("MHCOURSE_LANG", "es")
    assert i18n.choose_language(learner="fr", site="fr") == "es"
    i18n.remember_command_line("fr")
    assert i18n.choose_language(learner="es") == "fr"
    i18n.remember_command_line(None)
    monkeypatch.delenv("MHCOURSE_LANG")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.choose_language() == "en"
    assert i18n.choose_language(asked=["de", "es-MX"]) == "es"  # a browser's list, in its order


def test_a_language_tag_or_locale_name_means_its_shipped_language():
    assert i18n.language_of("es_MX.UTF-8") == "es"
    assert i18n.language_of("fr-BE") == "fr"
    assert i18n.language_of("EN") == "en"
    assert i18n.language_of("pt-BR") is None
    assert i18n.language_of("") is None


def test_each_request_speaks_its_own_language_without_changing_anyone_elses():
    async def visitor(language: str) -> str:
        with i18n.speaking(language):
            await asyncio.sleep(0)  # the other visitor's request runs here
            return i18n._("Back")

    async def both() -> list[str]:
        return await asyncio.gather(visitor("es"), visitor("fr"))

    spanish, french = asyncio.run(both())
    assert spanish != "Back"
    assert french != "Back" and french != spanish
    assert i18n._("Back") == "Back"  # the process still speaks English


def test_plurals_numbers_and_dates_follow_the_language():
    import datetime as dt

    i18n.use_language("fr")
    assert i18n.ngettext("{count} module", "{count} modules", 2) != "{count} module"
    assert i18n.format_number(1234.5, digits=1) == "1\u202f234,5"
    assert "décembre" in i18n.format_day(dt.date(2026, 12, 7))
    i18n.use_language("es")
    assert i18n.format_day(dt.date(2026, 12, 7)) == "7 de diciembre de 2026"
    i18n.use_language("qps")
    assert i18n._("Back").startswith("⟦") and "{count}" in i18n.ngettext("{count} day", "{count} days", 3)


def test_the_catalog_lists_originals_each_knowing_its_translations(course):
    assert all(m.module.language == "en" and m.module.translated_from is None for m in course)
    spanish = course_in(course, "es")
    assert [m.id for m in spanish] == [m.id for m in course]
    for module in spanish:
        if module.id in TRANSLATED:
            assert module.module.language == "es" and language_note(module, "es") is None
            assert in_language(module, "en") is next(m for m in course if m.id == module.id)
        else:
            assert module.module.language == "en"
            assert "English" in (language_note(module, "es") or "")
    assert language_note(course[0], "en") is None


def first_translated(course):
    return next(m for m in course if m.id in TRANSLATED and m.quiz is not None)


def prompt_of(module, question_id: str) -> str:
    return next(q.prompt for q in module.quiz.questions if q.id == question_id)


def test_switching_language_keeps_progress_and_an_attempt_resumes_in_its_own_language(make_store, course):
    store = make_store("data")
    desk = Desk(store, Access())
    profile = store.create_profile("Robin")
    learner = desk.start(profile, course, random.Random(1))
    assert learner.language == "en"
    module = first_translated(learner.modules)
    learner.finish_lesson(module, module.lessons[0].id)
    attempt = learner.quiz_attempt(module)
    asked = learner.next_question(module, attempt)
    assert asked is not None
    learner.answer(attempt, asked.question, correct_answer(asked.question))
    before = learner.overview()

    learner.set_language("es")
    spanish = next(m for m in learner.modules if m.id == module.id)
    assert spanish.module.language == "es" and spanish.title != module.title
    assert learner.overview() == before
    resumed = learner.quiz_attempt(spanish)
    assert resumed.id == attempt.id and resumed.language == "en"
    following = learner.next_question(spanish, resumed)
    assert following is not None and following.question.id != asked.question.id
    assert following.question.prompt == prompt_of(module, following.question.id) != prompt_of(
        spanish, following.question.id)
    while following is not None:  # answered right in English, scored right though the learner reads Spanish
        learner.answer(resumed, following.question, correct_answer(following.question))
        following = learner.next_question(spanish, resumed)
    result = learner.finish_attempt(spanish, resumed)
    assert result.right == result.total and result.passed

    again = desk.start(profile, course, random.Random(2))  # the next session opens in the learner's choice
    assert again.language == "es"
    assert again.state(spanish) == learner.state(spanish)
    fresh = again.quiz_attempt(spanish)
    assert fresh.id != attempt.id and fresh.language == "es"
    first = again.next_question(spanish, fresh)
    assert first is not None and first.question.prompt == prompt_of(spanish, first.question.id)


def test_a_new_attempt_is_in_the_learners_language_and_the_export_carries_it(make_store, course, tmp_path):
    store = make_store("data")
    desk = Desk(store, Access())
    profile = store.create_profile("Robin")
    learner = desk.start(profile, course, random.Random(1))
    learner.set_language("fr")
    module = first_translated(learner.modules)
    attempt = learner.quiz_attempt(module)
    assert attempt.language == "fr"
    text = export_text(store, profile.id)
    assert 'language = "fr"' in text
    store.delete_profile(profile.id)
    import_profile(store, read_export(text.encode(), tmp_path / "robin.toml"))
    back = store.profile("Robin")
    assert back is not None
    assert store.unfinished_attempt(back.id, module.id).language == "fr"
