"""Walking a practice scenario: the path taken, and a summary of the helpful choices at the end."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.models import Option, Scenario, Step


@dataclass(frozen=True)
class Choice:
    """One choice made in a run: the step it was made at, and the option's words and tone."""

    step_id: str
    text: str
    tone: str
    feedback: str | None = None


@dataclass
class ScenarioRun:
    scenario: Scenario
    step_id: str = ""
    path: list[Choice] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.step_id = self.step_id or self.scenario.start

    @property
    def step(self) -> Step:
        return self.scenario.step(self.step_id) or self.scenario.steps[0]

    @property
    def ended(self) -> bool:
        return self.step.is_ending

    def options(self, rng: random.Random | None = None) -> list[Option]:
        """The current step's options in the order to show them: shuffled, so the helpful one is not always first."""
        options = list(self.step.options)
        (rng or random.Random()).shuffle(options)
        return options

    def choose(self, option: Option) -> Choice:
        """Take an option of the current step; returns the choice made (with its feedback)."""
        choice = Choice(self.step_id, option.text, option.tone, option.feedback)
        self.path.append(choice)
        self.step_id = option.next
        return choice


@dataclass(frozen=True)
class Summary:
    helpful: int
    neutral: int
    unhelpful: int
    helpful_choices: tuple[str, ...]

    def sentence(self) -> str:
        total = self.helpful + self.neutral + self.unhelpful
        if total == 0:
            return "You reached the end."
        return (f"You made {total} choice{'s' if total != 1 else ''}: {self.helpful} helpful, "
                f"{self.neutral} neutral, {self.unhelpful} unhelpful.")


def summarise(path: list[Choice]) -> Summary:
    tones = [c.tone for c in path]
    return Summary(
        tones.count("helpful"),
        tones.count("neutral"),
        tones.count("unhelpful"),
        tuple(c.text for c in path if c.tone == "helpful"),
    )
