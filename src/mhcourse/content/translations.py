"""Modules in more than one language: one original per id, its translations beside it.

A translation has the original's id and ids throughout (so progress, which belongs to those ids, survives a
change of language) and names the original's version it was made from (`translated_from`). The catalog
lists originals; a learner sees each in their language when a translation exists, otherwise the original
with a short note (`language_note`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..i18n import IN_WORDS, SHIPPED, _

if TYPE_CHECKING:
    from .models import Module


def is_translation(module: Module) -> bool:
    return module.module.translated_from is not None


def attach(modules: Iterable[Module]) -> list[Module]:
    """The originals, in the order given, each knowing its translations. A module whose id has no original
    (a translation alone) stands in for one."""
    modules = list(modules)
    originals: dict[str, Module] = {}
    for module in modules:
        if not is_translation(module) and module.id not in originals:
            originals[module.id] = module
    for module in modules:
        if module.id not in originals:
            originals[module.id] = module
        original = originals[module.id]
        if module is not original:
            original._translations[module.module.language] = module
            module._original = original
    return [m for m in modules if originals[m.id] is m]


def original_of(module: Module) -> Module:
    return module._original or module


def in_language(module: Module, language: str) -> Module:
    """The module as a learner of `language` sees it: its translation, or the original when there is none."""
    original = original_of(module)
    if original.module.language == language:
        return original
    return original._translations.get(language, original)


def course_in(modules: Iterable[Module], language: str) -> list[Module]:
    """The course, module by module, in `language` where it can be."""
    return [in_language(module, language) for module in modules]


def language_note(module: Module, language: str) -> str | None:
    """What to say when a module is not shown in the learner's language; None when it is."""
    if module.module.language.split("-")[0] == language or language not in SHIPPED:
        return None
    code = module.module.language.split("-")[0]
    name = _(IN_WORDS[code]) if code in IN_WORDS else module.module.language
    return _("This module is not translated yet, so it is shown in {language}.").format(language=name)
