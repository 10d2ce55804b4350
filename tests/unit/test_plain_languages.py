"""The plain face in the learner's language: every line of a whole session converted in the pseudo-language, the
language command, and a switch of language that keeps the learner's progress."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
import tomli_w

from helpers import write_module
from mhcourse import i18n
from mhcourse.content.helplines import built_in
from mhcourse.i18n import _, pseudo
from mhcourse.learning.answers import correct_answer
from mhcourse.plain.prompts import english_word
from mhcourse.plain.text import help_keys_as_words, says_type_help
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from plain_driver import kiosk_access, load, quiet, rich_text, run
from pseudo import ALLOWED, pseudo_module, unconverted

BUNDLED = Path(__file__).resolve().parents[2] / "modules"
NAMES = {"English", "Espa", "Fran", "ais"}
"""The languages' own names, shown as they are in every language ("Español", "Français")."""


@pytest.fixture
def modules(tmp_path) -> list:
    """The small test module (English only), with every question type in its quiz."""
    write_module(tmp_path / "mods", "small", text=rich_text())
    return load(tmp_path / "mods")


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.use_language(i18n.ENGLISH)


def alone(path: Path) -> Path:
    """The folder of a module file, with the module made to need no other (it is the course on its own)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["module"]["requires"] = []
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path.parent


def said(message: str) -> str:
    """What the pseudo-language shows of a message, up to its first placeholder (to find it on a screen)."""
    return pseudo(message).removesuffix("⟧").split("{")[0]


def numbered(screen: str) -> dict[str, str]:
    """The last numbered list on the screen: text -> number."""
    found: dict[str, str] = {}
    for number, text in re.findall(r"^  (\d+)\. (.*)$", screen, re.M):
        if number == "1":
            found = {}
        found[text] = number
    return found


def option(screen: str, message: str) -> str:
    """The number of the option that starts as `message` does."""
    start = said(message)
    return next(number for text, number in numbered(screen).items() if text.startswith(start))


def answer(screen: str) -> str | None:
    """Any usable answer to the question or term the screen asks (right or wrong does not matter here)."""
    last = screen.removesuffix("> ").rstrip().split("\n")[-1]
    if said("Term {number} of {total}: {term}. Type the number of its meaning.") in last:
        return re.findall(r"\d+", last)[0]  # term n: meaning n, each meaning once
    if said("Type the numbers in the right order") in screen:
        return " ".join(numbered(screen).values())
    if said("Choose all that apply") in screen or said("Type 1 for True") in screen \
            or said("Type the number of your answer.") in screen:
        return "1"
    return None


class PseudoLearner:
    """Goes through every kind of screen of the plain face once, reading only pseudo-language screens."""

    def __init__(self) -> None:
        self.done: set[str] = set()
        self.at_menu = False
        """The last reply was typed at the main menu (a command there may leave no menu on the screen)."""

    def once(self, what: str) -> bool:
        """True the first time `what` is asked."""
        if what in self.done:
            return False
        self.done.add(what)
        return True

    def __call__(self, screen: str) -> str | None:
        reply = self._elsewhere(screen)
        self.at_menu = reply is None and (said("Main menu") in screen or self.at_menu)
        return self._menu(screen) if self.at_menu else reply

    def _menu(self, screen: str) -> str:
        for command in ("?", "help", "country", "language"):
            if self.once(command):
                return command
        if self.once("module"):
            return "1"
        if self.once("review"):
            return "review"
        for item in ("Your progress", "Get help now"):
            if self.once(item):
                return option(screen, item)
        return "quit"

    def _elsewhere(self, screen: str) -> str | None:  # noqa: C901, PLR0911, PLR0912 (a walk through every screen)
        if said("Who is learning?") in screen:
            return "new"
        if said("Type a name for your new profile") in screen:
            return "Jo"  # a name of two letters: not a word left in English
        if said("The language of the course") in screen:
            return "back"
        if (reply := answer(screen)) is not None:
            return reply
        if said("How confident do you feel") in screen:
            return "3"
        if said("Take the pre-test") in screen:
            return "1"
        if said("Press Enter for more") in screen or said("Press Enter to go back to the main menu.") in screen:
            return ""
        if said("Check my answer as it is") in screen:
            return "2"
        if said("Continue with this module") in screen:
            return "1"
        if said("What do you say or do?") in screen:
            return "1"
        if said("The end of this practice.") in screen:
            return "2"
        if said("Quiz results: {title}") in screen:
            return option(screen, "Back to {title}")
        if said("End of lesson {number}: {title}. It is marked as done.") in screen:
            return "1"  # the next lesson, or the quiz after the last
        if said("Back to the main menu") in screen:  # the module's menu
            if self.once("scenario"):
                return option(screen, "Practice: {title}")
            return "back"
        if said("Your country for Get help now") in screen:
            return "back"
        return None


def test_a_whole_session_in_the_pseudo_language_leaves_no_line_in_english(tmp_path, monkeypatch):
    monkeypatch.setenv("MHCOURSE_LANG", i18n.PSEUDO)
    modules = load(alone(pseudo_module(BUNDLED / "myths-facts-stigma.toml", tmp_path / "mods")))
    learner = PseudoLearner()
    status, out = run(learner, Store.in_memory(), modules, outcomes=True, echo=False,
                      access=Access(pretest=True, confidence=True))
    assert status == 0
    assert {"?", "help", "country", "language", "review", "module", "scenario", "Your progress",
            "Get help now"} <= learner.done, learner.done
    for kind in ("Lesson {number} of {total}: {title}", "Knowledge check {number} of {total} (not graded)",
                 "Question {number} of {total}", "Quiz results: {title}", "Practice: {title}",
                 "Content note for {title}:", "Pre-test question {number} of {total}"):
        assert said(kind) in out, kind
    assert unconverted(interface_only(out), ALLOWED | NAMES) == []


def interface_only(out: str) -> str:
    """The session's output without Get help now's data (the names, numbers and hours of services, the emergency
    line, the countries): the helplines' own words are checked with the helplines, in the languages they have."""
    helplines = built_in()
    heading = said("Get help now: crisis lines by country; {country} is listed first.").rstrip("; ")  # either form
    parts = out.split(heading)
    out = parts[0] + "".join(part.split(said("List checked: {date}"), 1)[-1] for part in parts[1:])
    for data in sorted({helplines.emergency, *(country.name for country in helplines.country)}, key=len, reverse=True):
        out = out.replace(data, "")
    return out


def basics_read_in_english(store: Store, course: list) -> None:
    """Robin has read the first lesson of Mental health basics in English and answered its check."""
    desk = Desk(store, quiet())
    learner = desk.start(desk.create("Robin").profile, course)
    assert learner.language == "en"
    module = learner.module("mental-health-basics")
    lesson = module.lessons[0]
    learner.open_lesson(module, lesson.id)
    for check in lesson.checks:
        learner.answer_check(module, lesson.id, check, correct_answer(check))
    learner.finish_lesson(module, lesson.id)


def test_switching_language_keeps_progress_and_the_next_session_opens_in_it(course):
    store = Store.in_memory()
    basics_read_in_english(store, course)
    english_state = Desk(store, quiet()).start(Desk(store, quiet()).find("Robin"), course).state(
        next(m for m in course if m.id == "mental-health-basics"))
    assert english_state.lessons_done == 1

    status, out = run(["Robin", "language", "2", "quit"], store, course)
    assert status == 0
    before, chooser, after = out.partition("Español")
    assert "  1. English (now)" in out and "  2. Español" in out and "  3. Français" in out
    spanish = Desk(store, quiet()).start(Desk(store, quiet()).find("Robin"), course)
    assert spanish.language == "es"
    basics = spanish.module("mental-health-basics")
    assert basics.module.language == "es" and basics.title != "Mental health basics"
    assert spanish.state(basics) == english_state  # the same progress, in Spanish
    with i18n.speaking("es"):
        line = f"{basics.title} ({english_state.describe()})"
        now = _("The course is now in {language}. Your progress is kept.").format(language=_("Spanish"))
        menu = _("Main menu")
    assert now in after and menu in after.split(now, 1)[1]
    assert line in after and "Mental health basics (" in before

    status, out = run(["Robin", "quit"], store, course)
    with i18n.speaking("es"):
        hello = _("Hello, {name}. Your progress is saved as you go.").format(name="Robin")
    assert hello in out and line in out


def test_the_language_command_keeps_the_language_on_back_and_asks_for_a_profile_first(modules):
    status, out = run(["language", "new", "Robin", "language", "back", "language", "english", "quit"],
                      Store.in_memory(), modules)
    assert status == 0
    assert "Choose or make your profile first; then type language" in out
    assert "The language is as it was." in out
    assert "The course is already in English." in out
    assert "language  choose the language of the course" not in out  # not asked for the list here


def test_the_language_command_is_listed_and_works_from_inside_a_lesson(modules):
    store = Store.in_memory()
    status, out = run(["new", "Robin", "?", "2", "1", "language", "3", "quit"], store, modules)
    assert status == 0
    assert re.search(r"^  language +choose the language of the course$", out, re.M)
    with i18n.speaking("fr"):
        now = _("The course is now in {language}. Your progress is kept.").format(language=_("French"))
        menu = _("Main menu")
    assert now in out and menu in out.split(now, 1)[1]  # back to the main menu, in French
    assert out.rstrip().endswith(_goodbye_in("fr"))


def test_at_a_kiosk_the_next_person_is_asked_in_the_sites_language_again(modules):
    script = ["2", "Robin", "", "language", "fr", "quit"]  # new: Robin, no PIN; French; the session ends
    status, out = run(script, Store.in_memory(), modules, access=kiosk_access())
    assert status == 0
    with i18n.speaking("fr"):
        ends = _("Your progress is saved. The next person can start here.")
    assert ends in out
    assert "Who is learning?" in out.split(ends, 1)[1]  # the next person: in English, the site's language


def test_a_guest_speaks_the_sites_language(modules):
    status, out = run(["guest", "quit"], Store.in_memory(), modules, access=replace(Access(), language="es"))
    with i18n.speaking("es"):
        guest = _("Guest session: nothing you do here will be saved, and it is gone when you leave.")
        who = _("Who is learning?")
    assert who in out and guest in out


def _goodbye_in(language: str) -> str:
    with i18n.speaking(language):
        return _("Your progress is saved. Goodbye.")


def test_a_module_not_translated_says_so_when_opened(modules):
    status, out = run(["new", "Robin", "language", "es", "2", "back", "quit"], Store.in_memory(), modules)
    with i18n.speaking("es"):
        note = _("This module is not translated yet, so it is shown in {language}.").format(language=_("English"))
    assert out.count(note) == 1


def test_command_words_a_catalog_translates_are_understood_and_the_english_ones_always(monkeypatch):
    i18n.use_language(i18n.PSEUDO)
    assert english_word(pseudo("back")) == "back"
    assert english_word("back") == "back"
    assert english_word("Robin") == "Robin"
    i18n.use_language("es")
    assert english_word("help") == "help"


@pytest.mark.parametrize(("written", "shown"), [
    ("Pulsa F1 (o Ctrl+G) en cualquier momento para abrir «Ayuda ahora».",
     "Escribe help en cualquier momento para abrir «Ayuda ahora»."),
    ("Si lo necesitas, pulsa F1 (o Ctrl+G).", "Si lo necesitas, escribe help."),
    ("«Ayuda ahora» está a una tecla de distancia (F1 o Ctrl+G).",
     "«Ayuda ahora» está a una palabra de distancia (escribe help)."),
    ("«Ayuda ahora» (F1 o Ctrl+G) muestra líneas de crisis.", "«Ayuda ahora» (escribe help) muestra líneas de crisis."),
    ("Appuyez à tout moment sur F1 (ou Ctrl+G) pour ouvrir « Aide immédiate ».",
     "Tapez help à tout moment pour ouvrir « Aide immédiate »."),
    ("appuyez sur F1 (ou Ctrl+G) à tout moment", "tapez help à tout moment"),
    ("« Aide immédiate » (F1 ou Ctrl+G) donne les lignes.", "« Aide immédiate » (tapez help) donne les lignes."),
    ("Press F1 (or Ctrl+G) at any time.", "Type help at any time."),
])
def test_get_help_nows_keys_become_the_help_command_in_every_language(written, shown):
    assert help_keys_as_words(written) == shown
    assert says_type_help(written)


def test_every_translated_module_says_type_help_never_press_f1_in_the_plain_face():
    for path in sorted((BUNDLED / "es").glob("*.toml")) + sorted((BUNDLED / "fr").glob("*.toml")):
        shown = help_keys_as_words(path.read_text(encoding="utf-8"))
        assert not re.search(r"\bF1\b|Ctrl\+G", shown), (path.name, re.findall(r".{40}(?:F1|Ctrl\+G).{20}", shown))


@pytest.mark.parametrize("word", ["ayuda", "aide", "Socorro", "urgence"])
def test_help_typed_in_the_learners_own_language_opens_get_help_now_in_any_language(modules, word):
    status, out = run(["new", "Robin", word, "quit"], Store.in_memory(), modules)
    shown = out.split(f"> {word}\n")[1]
    assert "immediate danger" in shown.split("\n>")[0]


@pytest.mark.parametrize(("typed", "meant"), [("sí", True), ("oui", True), ("vrai", True), ("non", False),
                                               ("falso", False), ("no", False)])
def test_yes_and_no_in_every_shipped_language_answer_a_true_or_false_question(typed, meant):
    from mhcourse.plain.questions import _true_or_false

    assert _true_or_false(typed) == (meant, "")
