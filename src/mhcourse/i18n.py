"""Every user-facing string goes through here: `_()` for a sentence, `ngettext()` for one with a count.

A leaf module any layer may import. The catalogs live in mhcourse/locale/<lang>/LC_MESSAGES/mhcourse.mo
(committed beside their .po; tests/unit/test_catalogs.py fails when one is stale). `make test` extracts the
template (locale/mhcourse.pot) with Babel. Until a language is chosen the course speaks English, the
language it is written in, so a missing catalog is never an error.

The language is one for the process (the terminal faces and the commands), except that a web request may
speak its visitor's language for as long as it runs (`speaking`): the web face serves many people at once.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path

DOMAIN = "mhcourse"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV = "MHCOURSE_LANG"

ENGLISH = "en"
SHIPPED: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français"}
"""The languages the course speaks, each named in its own words (a learner finds their language by its name)."""
PSEUDO = "qps"
"""A made-up language for testing and translators: every translated string is rewritten with accents and
brackets, so a line still in plain English on a screen is a string that misses `_()`."""


def language_of(tag: str | None) -> str | None:
    """The shipped language a tag or locale name means ("es_MX.UTF-8" and "fr-CA" mean "es" and "fr"), or None."""
    if not tag:
        return None
    base = re.split(r"[-_.@]", tag.strip().lower(), maxsplit=1)[0]
    if base in SHIPPED or base == PSEUDO:
        return base
    return None


def system_languages() -> list[str]:
    """The languages the computer's settings ask for, most wanted first (gettext's own order of variables)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return [part for part in value.split(":") if part]
    return []


_command_line: str | None = None


def remember_command_line(flag: str | None) -> None:
    """Keep the --lang the course was started with: it outranks every other choice for the whole run."""
    global _command_line
    _command_line = flag


def choose_language(*, learner: str | None = None, site: str | None = None, asked: list[str] | None = None) -> str:
    """The one rule for which language to speak: --lang, then MHCOURSE_LANG, then the learner's own setting, then
    the site's default, then what the computer (or a browser: `asked`) asks for; English when none matches."""
    return language_choice(learner=learner, site=site, asked=asked)[0]


def language_choice(*, learner: str | None = None, site: str | None = None,
                    asked: list[str] | None = None) -> tuple[str, str]:
    """`choose_language` and where its answer came from: "flag" (--lang), "env" (MHCOURSE_LANG), "learner",
    "site", "system" (the computer's locale, or a browser's `asked`) or "default" (English, nothing matched)."""
    system = system_languages() if asked is None else asked
    wanted = [(_command_line, "flag"), (os.environ.get(ENV), "env"), (learner, "learner"), (site, "site"),
              *((tag, "system") for tag in system)]
    for tag, source in wanted:
        chosen = language_of(tag)
        if chosen:
            return chosen, source
    return ENGLISH, "default"


class PseudoTranslations(gettext.NullTranslations):
    """Every message rewritten ("Back" -> "⟦Ƀàçķ⟧"), its {placeholders} and <tags> kept, so it still works."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


_ACCENTED = str.maketrans("aceinoursyzACEINOURSYZ", "àçéîñöùŕšýžÀÇÉÎÑÖÙŔŠÝŽ")
_KEPT = re.compile(r"(\{[^{}]*\}|<[^<>]*>|&\w+;|%\(\w+\)[sdr]|%[sdr])")


def pseudo(message: str) -> str:
    if not message.strip():
        return message
    parts = _KEPT.split(message)
    rewritten = "".join(part if index % 2 else part.translate(_ACCENTED) for index, part in enumerate(parts))
    return f"⟦{rewritten}⟧"


def _load(language: str) -> gettext.NullTranslations:
    if language == PSEUDO:
        return PseudoTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


_loaded: dict[str, gettext.NullTranslations] = {}
_language = ENGLISH
_translation: gettext.NullTranslations = gettext.NullTranslations()
_request: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar("mhcourse_language", default=None)


def translations(language: str) -> gettext.NullTranslations:
    """The catalog of a language, read once."""
    if language not in _loaded:
        _loaded[language] = _load(language)
    return _loaded[language]


def use_language(language: str) -> None:
    """Speak `language` (a shipped code or the pseudo-language) from now on, in this process."""
    global _language, _translation
    _language = language_of(language) or ENGLISH
    _translation = translations(_language)


def current_language() -> str:
    """The language spoken now: a web request's visitor's, else the process's."""
    here = _request.get()
    return here[0] if here is not None else _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within this block (one web request), speak `language` without changing it for anyone else."""
    chosen = language_of(language) or ENGLISH
    token = _request.set((chosen, translations(chosen)))
    try:
        yield
    finally:
        _request.reset(token)


def _active() -> gettext.NullTranslations:
    here = _request.get()
    return here[1] if here is not None else _translation


def _(message: str) -> str:
    """`message` in the learner's language."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a sentence for `count` in the learner's language; fill in the count with format()."""
    return _active().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalog where it is written (a key's label in a class) and translate it with
    `_()` where it is shown, once the learner's language is known."""
    return message


IN_WORDS: dict[str, str] = {"en": N_("English"), "es": N_("Spanish"), "fr": N_("French")}
"""Each language's name as a sentence in the learner's language says it ("se muestra en inglés"): `_()` them."""


def _in_english() -> bool:
    """English (and the pseudo-language) are written by the course itself: Babel takes 60 ms to import, which
    a learner reading in English should not wait for."""
    return current_language() in (ENGLISH, PSEUDO)


def format_number(number: float, *, digits: int = 0) -> str:
    """A number as the learner's language writes it ("1,234.5" / "1.234,5" / "1 234,5")."""
    if _in_english():
        return f"{number:,.{digits}f}"
    from babel.numbers import format_decimal  # imported when first used

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(number, format=pattern, locale=current_language())


def format_percent(fraction: float) -> str:
    """A fraction as a whole percentage in the learner's language ("80%" / "80 %")."""
    if _in_english():
        return f"{fraction:.0%}"
    from babel.numbers import format_percent as babel_percent

    return babel_percent(fraction, locale=current_language())


def format_day(day: date) -> str:
    """A date as the learner's language writes it in full ("7 December 2026" / "7 de diciembre de 2026")."""
    if _in_english():
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=current_language())


def format_month(year: int, month: int) -> str:
    """A month as the learner's language writes it ("November 2026" / "noviembre de 2026" / "novembre 2026")."""
    if _in_english():
        return f"{_MONTHS[month - 1]} {year}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", date(year, month, 1), locale=current_language())


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
