"""Every user-facing string goes through here: `_()` for a sentence, `ngettext()` for one with a count.

A leaf module any layer may import. The catalogs live in mhcourse/locale/<lang>/LC_MESSAGES/mhcourse.mo;
`make test` extracts the template (locale/mhcourse.pot) with Babel. Until a language is chosen the
course speaks English, the language it is written in, so a missing catalog is never an error.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "mhcourse"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def use_language(languages: list[str] | None) -> None:
    """Speak the first of `languages` that has a catalog (None: the environment's LANGUAGE, LANG...)."""
    global _translation
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def _(message: str) -> str:
    """`message` in the learner's language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a sentence for `count` in the learner's language; fill in the count with format()."""
    return _translation.ngettext(singular, plural, count)
