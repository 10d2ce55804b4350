"""The addresses of a module's pages (the URL map of the web face), made in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from ..content.models import Module
    from ..learning.outlined import Identified
    from ..progress.journey import Target


def module_url(module: Identified) -> str:
    return f"/modules/{quote(module.id)}"


def lesson_url(module: Module, index: int) -> str:
    return f"{module_url(module)}/lessons/{quote(module.lessons[index].id)}"


def quiz_url(module: Module, tail: str = "") -> str:
    """The quiz's page, or one below it (tail "/results", "/feedback/q1#feedback")."""
    return f"{module_url(module)}/quiz{tail}"


def practice_url(module: Module, scenario_id: str, tail: str = "") -> str:
    return f"{module_url(module)}/practice/{quote(scenario_id)}{tail}"


def target_url(module: Module, target: Target | None) -> str:
    """Where a lesson, the quiz or a practice scenario of `module` is; the module's page for None."""
    if target is None:
        return module_url(module)
    if target.kind == "lesson":
        return lesson_url(module, target.index)
    if target.kind == "quiz":
        return quiz_url(module)
    assert target.scenario is not None
    return practice_url(module, target.scenario.id)
