"""How the report shows a figure: the privacy rule, percentages, and the words for a figure left out.

Shared by the report (report.py) and its outcomes (outcomes.py).
"""

from __future__ import annotations


def _small(count: int | None, min_group: int) -> bool:
    """The privacy rule: a figure over some, but fewer than min_group, learners is not shown."""
    return count is not None and 0 < count < min_group


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def fewer_than(min_group: int) -> str:
    """What a figure left out for privacy reads as, in words."""
    return f"fewer than {min_group} learners"


def _shown(value: object, hidden: bool, few: str) -> object:
    """A figure, or the marker `few` when the privacy rule took it out."""
    return few if hidden else value
