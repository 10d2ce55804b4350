"""The language each browser chose before signing in (web/language.py uses it; the app keeps one, web/keys.py)."""

from __future__ import annotations

from collections import OrderedDict

CHOICES_MOST = 10_000
"""Choices kept at most: the oldest go first, so a flood of forms cannot fill the memory."""


class Chosen:
    """The language each browser chose before signing in, by form token."""

    def __init__(self) -> None:
        self.choices: OrderedDict[str, str] = OrderedDict()

    def put(self, token: str, language: str) -> None:
        self.choices.pop(token, None)
        self.choices[token] = language
        while len(self.choices) > CHOICES_MOST:
            self.choices.popitem(last=False)

    def get(self, token: str) -> str | None:
        return self.choices.get(token) if token else None

    def drop(self, token: str) -> None:
        self.choices.pop(token, None)
