"""`mhcourse preview FILE --at PLACE`: which lesson, quiz or scenario of a module a preview opens at.

PLACE is `lesson:N` (the lesson's number, from 1, as the module's page shows it; or its id), `quiz`, or
`scenario:ID`. One rule for the command (a usage error when it names nothing) and for the TUI
(`--watch` opens the reloaded module at the same place, while it still has it).
"""

from __future__ import annotations

from ..content.models import Module
from ..i18n import _
from .journey import Target


class NoSuchPlace(ValueError):
    """PLACE names nothing in the module; the message names the forms and the ids it has."""


def preview_target(module: Module, at: str) -> Target:
    """The Target that `at` names in `module`, or NoSuchPlace saying what it could be."""
    kind, sep, item = at.strip().partition(":")
    if kind == "lesson" and sep and item:
        if item.isdigit() and 1 <= int(item) <= len(module.lessons):
            return Target("lesson", int(item) - 1)
        lesson = module.lesson(item)
        if lesson is not None:
            return Target("lesson", module.lessons.index(lesson))
    elif kind == "quiz" and not sep and module.quiz is not None:
        return Target("quiz")
    elif kind == "scenario" and sep and (scenario := module.scenario(item)) is not None:
        return Target("scenario", scenario=scenario)
    raise NoSuchPlace(_("--at {at}: {module} has no such place; use one of: {places}").format(
        at=at, module=module.id, places=", ".join(places(module))))


def places(module: Module) -> list[str]:
    """Every place a preview of `module` can open at, as --at spells it."""
    count = len(module.lessons)
    found = ["lesson:1" if count == 1 else f"lesson:1 to lesson:{count}"]
    found += [f"lesson:{lesson.id}" for lesson in module.lessons]
    if module.quiz is not None:
        found.append("quiz")
    found += [f"scenario:{scenario.id}" for scenario in module.scenarios]
    return found


def place_of(target: Target, module: Module) -> str:
    """`target` as --at spells it (by id, so that it still holds when lessons move in a reloaded file)."""
    if target.kind == "lesson":
        return f"lesson:{module.lessons[target.index].id}"
    if target.kind == "scenario" and target.scenario is not None:
        return f"scenario:{target.scenario.id}"
    return "quiz"
