"""A problem found in an author's file, located as `FILE:LINE: key.path: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KeyPath = tuple[str | int, ...]


def format_key(key: KeyPath) -> str:
    """('quiz', 'questions', 2, 'choices') -> 'quiz.questions[2].choices'."""
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or, for the lint, worth a second look) in one file."""

    file: Path | None
    message: str
    line: int | None = None
    key: KeyPath = ()
    warning: bool = False

    def __str__(self) -> str:
        prefix = str(self.file) if self.file else "<catalog>"
        if self.line:
            prefix += f":{self.line}"
        if self.key:
            prefix += f": {format_key(self.key)}"
        kind = "warning: " if self.warning else ""
        return f"{prefix}: {kind}{self.message}"
