"""The language command: the learner chooses the language of the course, kept in their profile.

The languages are listed by their own names (a learner who cannot read the current language still finds theirs),
chosen by number, code or name. The core keeps the choice (Learner.set_language) and shows each module in it where a
translation exists; this face then speaks it and goes back to the main menu, which is built again in the new language.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ..i18n import IN_WORDS, SHIPPED, _, use_language
from .moves import Back, LanguageChanged

if TYPE_CHECKING:
    from .session import PlainSession


def choose_language(session: PlainSession) -> None:
    """Ask for a language; raises LanguageChanged once another one is chosen (and kept)."""
    console = session.console
    learner = session.learner
    if learner is None:
        console.say("", _("Choose or make your profile first; then type language to choose the language of the "
                          "course."))
        return
    codes = list(SHIPPED)
    now = learner.language
    options = [_("{language} (now)").format(language=SHIPPED[code]) if code == now else SHIPPED[code]
               for code in codes]
    words: dict[str, int] = {}
    for index, code in enumerate(codes):  # its code or its name (with or without accents) choose it, as its number
        name = SHIPPED[code].lower()
        words[code] = words[name] = words[_unaccented(name)] = index
    lines = ["", _("The language of the course: its menus, and every module translated into it.")]
    instruction = _("Type the number of a language, or type back to keep it as it is.")
    try:
        index = console.choose(lines, options, words=words, instruction=instruction)
    except Back:
        console.say(_("The language is as it was."))
        return
    code = codes[index]
    if code == now:
        console.say(_("The course is already in {language}.").format(language=_(IN_WORDS[code])))
        return
    learner.set_language(code)
    use_language(code)
    console.say(_("The course is now in {language}. Your progress is kept.").format(language=_(IN_WORDS[code])))
    raise LanguageChanged


def _unaccented(name: str) -> str:
    """'français' -> 'francais', for a keyboard without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
