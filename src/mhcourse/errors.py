"""The error family, in a leaf module every layer may import: each error says, in plain words, what went
wrong and what to do, and maps to one exit code (see commands/_common.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .content.problems import Problem


class ProblemsError(Exception):
    """A file with located problems (`FILE:LINE: key.path: message`), one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class ConfigError(ProblemsError):
    """A config file has problems: the command prints each and exits 2."""


class TransferError(ProblemsError):
    """An export file that cannot be imported; `problems` says where and why. Nothing was changed."""


class StoreError(Exception):
    """The store cannot be used (exit code 3): the message says why in plain words."""


class SaveFailed(StoreError):
    """A change could not be saved (disk full, read-only, locked, I/O). Nothing of it was kept;
    everything saved before is. `reason` is the short cause, e.g. 'the disk is full'. `passing` marks a fault
    that passes by itself (a server back, another machine done): the same step is worth trying again."""

    def __init__(self, reason: str, advice: str, kept: str, *, passing: bool = False) -> None:
        super().__init__(f"Your last step was not saved: {reason}. {advice}; {kept}.")
        self.reason = reason
        self.passing = passing


class ProfileError(ValueError):
    """A profile request that cannot be done (a name taken, too long, unknown)."""
