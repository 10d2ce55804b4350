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
    rule: str = ""
    """A stable id for the kind of problem (RULES), for editors and CI; see `rule_id`."""
    column: int | None = None
    """The column (1-based) where it is known: TOML syntax errors."""

    @property
    def rule_id(self) -> str:
        """The problem's stable rule id: the one given where it was found, else "lint" for a warning and
        "problem" for anything else. Every rule id is derived here and listed in RULES."""
        return self.rule or ("lint" if self.warning else "problem")

    def __str__(self) -> str:
        prefix = str(self.file) if self.file else "<catalog>"
        if self.line:
            prefix += f":{self.line}"
        if self.key:
            prefix += f": {format_key(self.key)}"
        kind = "warning: " if self.warning else ""
        return f"{prefix}: {kind}{self.message}"


RULES: dict[str, str] = {
    "file": "the file cannot be read, is not a file, or is over the size limit",
    "encoding": "the file is not UTF-8 text",
    "empty-file": "the file is empty",
    "toml-syntax": "a TOML syntax error",
    "format-version": "the file is for another format version",
    "schema": "a key, value or type the module format does not allow",
    "rule": "a rule across keys (ids, answers, scenario steps)",
    "catalog:duplicate-id": "two modules in one source share an id and language",
    "catalog:requires": "requires names a module that is not there, or makes a cycle",
    "catalog:folder": "a named module folder is missing or holds no module files",
    "catalog:translation": "a translation differs from its original in an id, an answer or another part of the "
                           "skeleton, or has the original's language",
    "catalog:translation-stale": "a translation made from another version of its original (a warning)",
    "catalog:translation-alone": "a translation with no original in the catalog (a warning)",
    "lint:language": "stigmatising wording",
    "lint:phone-number": "a phone number in the text",
    "lint:sources": "fewer than two sources",
    "lint:choice-feedback": "a choice without feedback",
    "lint:content-note": "suicide or self-harm mentioned without a content note",
    "lint:long-lesson": "a lesson far longer than its neighbours",
    "lint:reading-grade": "a reading grade above 9",
    "lint:indented": "an indented line in a lesson, shown as code",
    "lint:option-feedback": "a scenario option without feedback",
    "lint:placeholder": "text left from `mhcourse new`, or a TODO marker (an error with --strict)",
    "lint": "any other lint warning",
    "problem": "any other problem",
}
"""Every rule id `mhcourse validate --format json|github` reports, with what it means (docs/authoring.md)."""
