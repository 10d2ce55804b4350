"""Catalog rules for translations: a translation keeps its original's skeleton, and says which version of the
original it was made from.

The skeleton is everything progress and scoring depend on: the module id, lesson ids and their order, each
lesson's check ids, the quiz questions' ids in order, their types, how many choices and which are right (by
position), true/false answers, how many order items and match pairs, scenario ids, starts, step ids, each
step's replies with their next step and tone, the quiz's pass mark and shuffle, and the module's order,
minutes and requires, and a content note where the original has one. A difference is an error: the
translation is left out of the catalog and learners see the original. A translation made from another
version of the original than the current one is a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from .locate import KeyLines
from .models import Module, MultipleQuestion, OrderQuestion, SingleQuestion, TrueFalseQuestion
from .problems import KeyPath, Problem
from .translations import is_translation

if TYPE_CHECKING:
    from .catalog import Entry

RULE = "catalog:translation"
STALE = "catalog:translation-stale"
ALONE = "catalog:translation-alone"


@dataclass(frozen=True)
class Difference:
    """One way a translation's skeleton differs from its original's: where, and what to do."""

    key: KeyPath
    message: str


@dataclass
class TranslationCheck:
    errors: dict[Path, list[Problem]] = field(default_factory=dict)
    """Translations to leave out of the catalog, with every difference found."""
    warnings: list[Problem] = field(default_factory=list)
    """Stale translations, translations without an original: kept in the catalog."""


def base_language(tag: str) -> str:
    """"es-MX" -> "es"."""
    return tag.split("-")[0].lower()


def translation_problems(entries: Iterable[Entry]) -> TranslationCheck:
    """Check every translation among `entries` against its original (the entry with its id and no
    translated_from)."""
    entries = list(entries)
    check = TranslationCheck()
    originals: dict[str, Entry] = {}
    for entry in entries:
        if not is_translation(entry.module):
            originals.setdefault(entry.module.id, entry)
    by_path = {e.path.resolve(): e for e in originals.values()}
    for entry in entries:
        if not is_translation(entry.module):
            continue
        original = originals.get(entry.module.id)
        if original is None:
            beside = by_path.get((entry.path.parent.parent / entry.path.name).resolve())
            if beside is not None:  # es/x.toml beside x.toml, but with another id
                want = beside.module.id
                check.errors[entry.path] = [_problem(entry, beside, Difference(("module", "id"), _(
                    "the module id is '{got}', but its original {original} has '{want}'; a translation keeps its "
                    "original's id, so progress carries over: use the original's id '{want}'").format(
                        got=entry.module.id, original=beside.path, want=want)))]
            else:
                check.warnings.append(_located(entry, ("module", "translated_from"), _(
                    "this translation (translated_from = \"{version}\") has no original in the catalog: no module "
                    "with id '{id}' and no translated_from; learners see it in {language} whatever their "
                    "language. Put the original where the course reads modules, or remove translated_from if "
                    "this is an original").format(version=entry.module.module.translated_from,
                                                  id=entry.module.id, language=entry.module.module.language),
                    ALONE, warning=True))
            continue
        if base_language(entry.module.module.language) == base_language(original.module.module.language):
            check.errors[entry.path] = [_problem(entry, original, Difference(("module", "language"), _(
                "a translation has another language than its original, but this one and {original} are both "
                "'{language}'; set language to the translation's language, or remove translated_from if this "
                "file is not a translation").format(original=original.path,
                                                    language=entry.module.module.language)))]
            continue
        differences = list(skeleton_differences(original.module, entry.module))
        if differences:
            check.errors[entry.path] = [_problem(entry, original, d) for d in differences]
            continue
        made_from, current = entry.module.module.translated_from, original.module.module.version
        if made_from != current:
            check.warnings.append(_located(entry, ("module", "translated_from"), _(
                "this translation was made from version {made_from} of {original}, which is now at version "
                "{current}: the original changed since. Update the translation, then set "
                "translated_from = \"{current}\"").format(made_from=made_from, original=original.path,
                                                           current=current), STALE, warning=True))
    return check


def _problem(entry: Entry, original: Entry, difference: Difference) -> Problem:
    where = f"{original.path}:{_line(original.path, difference.key)}"
    message = _("{difference} (the original: {where})").format(difference=difference.message, where=where)
    return _located(entry, difference.key, message, RULE)


def _located(entry: Entry, key: KeyPath, message: str, rule: str, warning: bool = False) -> Problem:
    return Problem(entry.path, message, _line(entry.path, key), key, warning=warning, rule=rule)


def _line(path: Path, key: KeyPath) -> int | None:
    try:
        return KeyLines(path.read_text(encoding="utf-8-sig")).line_of(key)
    except (OSError, UnicodeDecodeError):
        return None


# -- the skeleton ---------------------------------------------------------------------------------------


def skeleton_differences(original: Module, translation: Module) -> Iterator[Difference]:
    """Every way the translation's skeleton differs from the original's."""
    o, t = original.module, translation.module
    for name in ("order", "minutes", "requires"):
        want, got = getattr(o, name), getattr(t, name)
        if want != got:
            yield Difference(("module", name), _("{name} is {got} here and {want} in the original; a translation "
                                                 "keeps it: use {want}").format(name=name, got=_shown(got),
                                                                                 want=_shown(want)))
    if o.content_note and not t.content_note:
        yield Difference(("module",), _("the original has a content_note and this translation has none; "
                                        "translate it, so learners are told what the module covers before it starts"))
    yield from _by_id(("lessons",), original.lessons, translation.lessons, _("lessons"), _lesson_differences)
    yield from _quiz_differences(original, translation)
    yield from _by_id(("scenarios",), original.scenarios, translation.scenarios, _("scenarios"),
                      _scenario_differences)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return str(value)


def _by_id(key: KeyPath, want: list, got: list, kind: str,
           inner: Callable[[KeyPath, Any, Any], Iterator[Difference]] | None = None) -> Iterator[Difference]:
    """Lists of things with ids: the same number, the same ids in the same order; then `inner` for each pair."""
    if len(want) != len(got):
        yield Difference(key, _("{got} {kind} here and {want} in the original ({ids}); a translation has the "
                                "same {kind}, with the same ids, in the same order").format(
                                    got=len(got), want=len(want), kind=kind, ids=", ".join(w.id for w in want)))
    for i, (w, g) in enumerate(zip(want, got, strict=False)):
        if w.id != g.id:
            yield Difference(key + (i, "id"), _("the id is '{got}' where the original has '{want}'; a translation "
                                                "keeps every id of its original, in order, so progress carries "
                                                "over: use the original's id '{want}'").format(got=g.id, want=w.id))
        elif inner is not None:
            yield from inner(key + (i,), w, g)


def _lesson_differences(key: KeyPath, want, got) -> Iterator[Difference]:
    yield from _by_id(key + ("checks",), want.checks, got.checks, _("checks"), _question_differences)


def _quiz_differences(original: Module, translation: Module) -> Iterator[Difference]:
    want, got = original.quiz, translation.quiz
    if want is None or got is None:
        if want is not got:
            has = _("the original has a quiz and this translation has none; translate the quiz too") if got is None \
                else _("this translation has a quiz and the original has none; remove it")
            yield Difference(("quiz",), has)
        return
    for name in ("pass_mark", "shuffle"):
        if getattr(want, name) != getattr(got, name):
            yield Difference(("quiz", name), _("{name} is {got} here and {want} in the original; a translation "
                                               "keeps it: use {want}").format(
                                                   name=name, got=_shown(getattr(got, name)),
                                                   want=_shown(getattr(want, name))))
    yield from _by_id(("quiz", "questions"), want.questions, got.questions, _("questions"), _question_differences)


def _question_differences(key: KeyPath, want, got) -> Iterator[Difference]:
    if want.type != got.type:
        yield Difference(key + ("type",), _("question '{id}' is of type {got} here and {want} in the original; use "
                                            "type = \"{want}\"").format(id=want.id, got=got.type, want=want.type))
        return
    if isinstance(want, (SingleQuestion, MultipleQuestion)):
        if len(want.choices) != len(got.choices):
            yield Difference(key + ("choices",), _("question '{id}' has {got} choices here and {want} in the "
                                                   "original; translate each choice, in the original's order")
                             .format(id=want.id, got=len(got.choices), want=len(want.choices)))
            return
        for i, (w, g) in enumerate(zip(want.choices, got.choices, strict=True)):
            if w.correct != g.correct:
                yield Difference(key + ("choices", i, "correct"), _(
                    "choice {number} of question '{id}' is {got} here and {want} in the original; the right "
                    "answers stay where the original has them: set correct = {value}").format(
                        number=i + 1, id=want.id, got=_right(g.correct), want=_right(w.correct),
                        value=_shown(w.correct)))
    elif isinstance(want, TrueFalseQuestion):
        if want.answer != got.answer:
            yield Difference(key + ("answer",), _("question '{id}' has answer = {got} here and {want} in the "
                                                  "original; use answer = {want}").format(
                                                      id=want.id, got=_shown(got.answer), want=_shown(want.answer)))
    else:
        things = "items" if isinstance(want, OrderQuestion) else "pairs"
        w_count, g_count = len(getattr(want, things)), len(getattr(got, things))
        if w_count != g_count:
            yield Difference(key + (things,), _("question '{id}' has {got} {things} here and {want} in the "
                                                "original; translate each of them, in the original's order")
                             .format(id=want.id, got=g_count, want=w_count, things=things))


def _right(correct: bool) -> str:
    return _("right") if correct else _("wrong")


def _scenario_differences(key: KeyPath, want, got) -> Iterator[Difference]:
    if want.start != got.start:
        yield Difference(key + ("start",), _("scenario '{id}' starts at '{got}' here and at '{want}' in the "
                                             "original; use start = \"{want}\"").format(
                                                 id=want.id, got=got.start, want=want.start))
    yield from _by_id(key + ("steps",), want.steps, got.steps, _("steps"), _step_differences)


def _step_differences(key: KeyPath, want, got) -> Iterator[Difference]:
    if len(want.options) != len(got.options):
        yield Difference(key + ("options",), _("step '{id}' has {got} replies here and {want} in the original; "
                                               "translate each reply, in the original's order").format(
                                                   id=want.id, got=len(got.options), want=len(want.options)))
        return
    for i, (w, g) in enumerate(zip(want.options, got.options, strict=True)):
        for name in ("next", "tone"):
            if getattr(w, name) != getattr(g, name):
                yield Difference(key + ("options", i, name), _(
                    "reply {number} of step '{id}' has {name} = \"{got}\" here and \"{want}\" in the original; use "
                    "{name} = \"{want}\"").format(number=i + 1, id=want.id, name=name, got=getattr(g, name),
                                                  want=getattr(w, name)))
