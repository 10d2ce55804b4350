"""Rules of format 1 that reach across a module: each problem names the key that breaks it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..i18n import _
from .models import MatchQuestion, Module, MultipleQuestion, OrderQuestion, Question, Scenario, SingleQuestion
from .problems import KeyPath, format_key

Finding = tuple[KeyPath, str]


@cache
def _question_adapter() -> TypeAdapter[Question]:
    """Made at first use, not at import: building its validators took some 20 ms of every start, and a
    start whose catalog comes from the cache checks no question (content/cache.py)."""
    return TypeAdapter(Question)


def module_rules(document: dict[str, Any], module: Module | None = None) -> list[Finding]:
    """Every rule-breaking spot of one module document, as (key path, message).

    It works on the raw TOML document and checks each question and scenario that is
    well-formed on its own, so a misspelt key elsewhere does not hide these problems.
    `module` is the document already validated, when it was valid: its questions and
    scenarios are then checked as they are rather than validated a second time.
    """
    if module is not None:
        return [*_duplicate_ids(document), *_validated_rules(module)]
    return [*_duplicate_ids(document), *_question_rules(document), *_scenario_rules(document)]


def _validated_rules(module: Module) -> Iterator[Finding]:
    """The question and scenario rules of a valid module, at the same keys as from its document."""
    for li, lesson in enumerate(module.lessons):
        for qi, question in enumerate(lesson.checks):
            for sub, message in question_problems(question):
                yield ("lessons", li, "checks", qi) + sub, message
    for qi, question in enumerate(module.questions):
        for sub, message in question_problems(question):
            yield ("quiz", "questions", qi) + sub, message
    for si, scenario in enumerate(module.scenarios):
        for key, message in scenario_problems(scenario):
            yield ("scenarios", si) + key, message


def _tables(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, t) for i, t in enumerate(value) if isinstance(t, dict)] if isinstance(value, list) else []


def _all_questions(document: dict[str, Any]) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    for li, lesson in _tables(document.get("lessons")):
        for qi, question in _tables(lesson.get("checks")):
            yield ("lessons", li, "checks", qi), question
    quiz = document.get("quiz")
    if isinstance(quiz, dict):
        for qi, question in _tables(quiz.get("questions")):
            yield ("quiz", "questions", qi), question


def _duplicates(items: list[tuple[KeyPath, Any]], what: str) -> Iterator[Finding]:
    seen: dict[str, KeyPath] = {}
    for key, value in items:
        if not isinstance(value, str):
            continue
        if value in seen:
            yield key, f"{what} '{value}' is used twice (first at {format_key(seen[value])}); give each a different one"
        else:
            seen[value] = key


def _duplicate_ids(document: dict[str, Any]) -> Iterator[Finding]:
    lessons = _tables(document.get("lessons"))
    yield from _duplicates([(("lessons", i, "id"), t.get("id")) for i, t in lessons], "lesson id")
    yield from _duplicates([(key + ("id",), q.get("id")) for key, q in _all_questions(document)], "question id")
    scenarios = _tables(document.get("scenarios"))
    yield from _duplicates([(("scenarios", i, "id"), t.get("id")) for i, t in scenarios], "scenario id")


def _question_rules(document: dict[str, Any]) -> Iterator[Finding]:
    for key, raw in _all_questions(document):
        try:
            question = _question_adapter().validate_python(raw)
        except ValidationError:
            continue  # its shape problems are reported by the model
        for sub, message in question_problems(question):
            yield key + sub, message


def question_problems(question: Question) -> list[Finding]:
    """The rules of one question; keys relative to the question."""
    found: list[Finding] = []
    if isinstance(question, SingleQuestion):
        right = sum(c.correct for c in question.choices)
        if right != 1:
            found.append(
                (("choices",), f"a single-choice question needs exactly one correct choice; this one has {right}"
                 + ("; use type = \"multiple\" for several" if right > 1 else ""))
            )
    elif isinstance(question, MultipleQuestion):
        right = sum(c.correct for c in question.choices)
        if right == 0:
            found.append((("choices",), "a multiple-choice question needs at least one correct choice"))
        if right == len(question.choices):
            found.append((("choices",), "a multiple-choice question needs at least one incorrect choice"))
    elif isinstance(question, OrderQuestion):
        for i, item in enumerate(question.items):
            if item in question.items[:i]:
                found.append((("items", i), f"item '{item}' appears twice; order items must be distinct"))
    elif isinstance(question, MatchQuestion):
        for field in ("term", "meaning"):
            values = [getattr(p, field) for p in question.pairs]
            for i, value in enumerate(values):
                if value in values[:i]:
                    found.append((("pairs", i, field), f"{field} '{value}' appears twice; each {field} must be unique"))
    return found


def _scenario_rules(document: dict[str, Any]) -> Iterator[Finding]:
    for si, raw in _tables(document.get("scenarios")):
        try:
            scenario = Scenario.model_validate(raw)
        except ValidationError:
            continue
        for key, message in scenario_problems(scenario):
            yield ("scenarios", si) + key, message


def scenario_problems(scenario: Scenario) -> list[Finding]:
    """Links, reachability and endings of one scenario; keys relative to the scenario."""
    found: list[Finding] = list(
        _duplicates([(("steps", i, "id"), s.id) for i, s in enumerate(scenario.steps)], "step id")
    )
    ids = {s.id for s in scenario.steps}
    if scenario.start not in ids:
        found.append((("start",), f"start names step '{scenario.start}', which this scenario does not have"))
    for i, step in enumerate(scenario.steps):
        for j, option in enumerate(step.options):
            if option.next not in ids:
                found.append(
                    (("steps", i, "options", j, "next"),
                     _("next names step '{step}', which this scenario does not have").format(step=option.next))
                )
    if found:
        return found  # reachability follows from the links: fix those first, without a cascade of echoes
    reachable = _reachable(scenario, scenario.start)
    can_end = _can_reach_ending(scenario)
    for i, step in enumerate(scenario.steps):
        if step.id not in reachable:
            found.append((("steps", i, "id"), f"step '{step.id}' cannot be reached from start '{scenario.start}'"))
        elif step.id not in can_end:
            stuck = _("no ending can be reached from step '{step}'; add a step with no options").format(step=step.id)
            found.append((("steps", i, "id"), stuck))
    return found


def _reachable(scenario: Scenario, start: str) -> set[str]:
    steps = {s.id: s for s in scenario.steps}
    seen: set[str] = set()
    todo = [start]
    while todo:
        step = steps.get(todo.pop())
        if step is None or step.id in seen:
            continue
        seen.add(step.id)
        todo.extend(o.next for o in step.options)
    return seen


def _can_reach_ending(scenario: Scenario) -> set[str]:
    """Steps from which some ending is reachable, found by walking links backwards from the endings."""
    done = {s.id for s in scenario.steps if s.is_ending}
    changed = True
    while changed:
        changed = False
        for step in scenario.steps:
            if step.id not in done and any(o.next in done for o in step.options):
                done.add(step.id)
                changed = True
    return done
