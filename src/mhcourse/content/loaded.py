"""What loading one module file gives (content/loader.py makes it; the catalog cache hands out the same).

Apart from the loader so that a start whose catalog comes from the cache does not import the reading and
checking of TOML (checked_toml, rules, messages: some 6 ms of CPU) just to name this class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    from .models import Module


@dataclass
class Loaded:
    """The outcome of loading one file: a module when it is valid, and every problem found."""

    path: Path
    module: Module | None = None
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    @property
    def ok(self) -> bool:
        return self.module is not None
