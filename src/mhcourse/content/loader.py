"""Read one module file: bytes -> TOML -> models -> rules, every problem located.

Nothing an author (or a damaged disk) can put in a file raises out of here: each failure
that tomllib, pydantic or the rules can report is turned into a Problem with its line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .locate import KeyLines
from .messages import not_utf8, shape_message, suggest, toml_error, too_long_number
from .models import FORMAT_VERSION, MAX_FILE_BYTES, QUESTION_TYPES, Module
from .problems import KeyPath, Problem
from .reading import NotARegularFile, TooBig, read_limited
from .rules import module_rules


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


def load_module(path: Path) -> Loaded:
    """Load and check the module file at `path`."""
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except TooBig as big:
        return _fail(path, _too_big(big.size))
    except NotARegularFile as odd:
        return _fail(path, f"this is {odd.kind}, not a module file; name a .toml file")
    except OSError as err:
        return _fail(path, f"cannot read the file: {err.strerror or err}")
    return load_bytes(data, path)


def load_bytes(data: bytes, path: Path) -> Loaded:
    """Check a module given as bytes (as read from `path`, which is used for messages)."""
    if len(data) > MAX_FILE_BYTES:
        return _fail(path, _too_big(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, message = not_utf8(data, err, "save the file with UTF-8 encoding")
        return _fail(path, message, line)
    return load_text(text, path)


def load_text(text: str, path: Path) -> Loaded:
    """Check a module given as text."""
    if not text.strip():
        return _fail(path, "the file is empty; start from `mhcourse new ID --title TITLE`", 1)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, message = toml_error(err, text)
        return _fail(path, message, line)
    except RecursionError:
        return _fail(path, "TOML syntax error: values are nested too deeply", 1)
    except ValueError:  # not a TOMLDecodeError: int() refused a number of thousands of digits
        line, message = too_long_number(text)
        return _fail(path, message, line)
    loaded = Loaded(path, text=text)
    lines = _LazyLines(text)
    format_problem = _format_problem(document)
    if format_problem:
        loaded.problems.append(Problem(path, format_problem, lines.line_of(("format",)), ("format",)))
        return loaded
    module = None
    try:
        module = Module.model_validate(document)
    except ValidationError as err:
        loaded.problems.extend(_shape_problems(err, path, lines))
    for key, message in module_rules(document, module):
        loaded.problems.append(Problem(path, message, lines.line_of(key), key))
    loaded.problems.sort(key=lambda p: p.line or 0)
    if not loaded.problems:
        loaded.module = module
    return loaded


class _LazyLines:
    """KeyLines, scanned only when a problem needs a line: the scan costs about as much as the parse."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: KeyLines | None = None

    def line_of(self, key: KeyPath) -> int:
        if self._lines is None:
            self._lines = KeyLines(self.text)
        return self._lines.line_of(key)


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes (1 MiB): split it into smaller modules"


def _fail(path: Path, message: str, line: int | None = None) -> Loaded:
    return Loaded(path, problems=[Problem(path, message, line)])


def _format_problem(document: dict[str, Any]) -> str | None:
    """A file for another format version is told so first: its other keys would only confuse."""
    version = document.get("format")
    if version is None or version == FORMAT_VERSION or not isinstance(version, int) or isinstance(version, bool):
        return None
    if version > FORMAT_VERSION:
        return f"format {version} is newer than this mhcourse understands (format {FORMAT_VERSION}); update mhcourse"
    return f"format {version} is not known; use format = {FORMAT_VERSION}"


def _shape_problems(err: ValidationError, path: Path, lines: _LazyLines) -> list[Problem]:
    problems = []
    for error in err.errors(include_url=False):
        raw_loc = tuple(error["loc"])
        key = _key_path(raw_loc)
        message = _message(error, raw_loc)
        problems.append(Problem(path, message, lines.line_of(key), key))
    return problems


def _key_path(loc: tuple[Any, ...]) -> KeyPath:
    """Pydantic puts the union's tag into the location of a question: drop it."""
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if part in QUESTION_TYPES and i > 0 and isinstance(loc[i - 1], int) and _in_question_list(loc[:i]):
            continue
        out.append(part)
    return tuple(out)


def _in_question_list(loc: tuple[Any, ...]) -> bool:
    return len(loc) >= 2 and loc[-2] in ("checks", "questions")


def _message(error: Any, loc: tuple[Any, ...]) -> str:
    """The module format's own words for ids, language tags and question types; the rest is shared."""
    kind = error["type"]
    if kind == "extra_forbidden" and loc[-1] == "choices" and len(loc) > 1 and loc[-2] in _NO_CHOICES:
        return f"a {loc[-2]} question has no choices; use {_NO_CHOICES[loc[-2]]}"
    if kind == "string_pattern_mismatch" and "A-Za-z" in str(error.get("ctx", {}).get("pattern", "")):
        return f"'{error.get('input')}' is not a language tag like 'en' or 'pt-BR'"
    if kind == "union_tag_not_found":
        return f"required key 'type' is missing; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_invalid":
        tag = str(error.get("ctx", {}).get("tag"))
        return f"question type '{tag}' is not known; use one of: {', '.join(QUESTION_TYPES)}{suggest(tag, QUESTION_TYPES)}"
    return shape_message(error, Module, loc)


_NO_CHOICES = {
    "true_false": "answer = true or false",
    "order": "items = [...] in the right order",
    "match": "pairs = [{ term = ..., meaning = ... }, ...]",
}
