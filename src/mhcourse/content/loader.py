"""Read one module file: bytes -> TOML -> models -> rules, every problem located.

Nothing an author (or a damaged disk) can put in a file raises out of here: each failure
that tomllib, pydantic or the rules can report is turned into a Problem with its line.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .locate import KeyLines
from .models import FORMAT_VERSION, MAX_FILE_BYTES, MAX_TEXT, QUESTION_TYPES, Module
from .problems import KeyPath, Problem
from .rules import module_rules

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _fail(path, _too_big(size))
        data = path.read_bytes()
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
        line = data[: err.start].count(b"\n") + 1
        return _fail(path, f"byte 0x{data[err.start]:02x} is not UTF-8 text; save the file with UTF-8 encoding", line)
    return load_text(text, path)


def load_text(text: str, path: Path) -> Loaded:
    """Check a module given as text."""
    if not text.strip():
        return _fail(path, "the file is empty; start from `mhcourse new ID --title TITLE`", 1)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return _fail(path, f"TOML syntax error: {_TOML_POSITION.sub('', str(err)).strip()}", _toml_error_line(err, text))
    except RecursionError:
        return _fail(path, "TOML syntax error: values are nested too deeply", 1)
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
    for key, message in module_rules(document):
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


def _toml_error_line(err: tomllib.TOMLDecodeError, text: str) -> int:
    lineno = getattr(err, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    found = _TOML_POSITION.search(str(err))
    return int(found.group(1)) if found else text.count("\n") + 1


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


_TYPE_NAMES = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list [ ... ]",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "dict_type": "a table",
}


def _message(error: Any, loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    name = loc[-1] if loc else "file"
    if kind == "missing":
        return f"required key '{name}' is missing"
    if kind == "extra_forbidden":
        return _unknown_key(str(name), loc[:-1])
    if kind in _TYPE_NAMES:
        return f"expected {_TYPE_NAMES[kind]}, found {_describe(error.get('input'))}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length", MAX_TEXT)
        return f"this text is {len(error.get('input', '')):,} characters; the limit is {limit:,}"
    if kind == "string_too_short":
        return "this text is empty; write something or remove the key"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if "a-z0-9" in pattern:
            return f"'{error.get('input')}' is not a valid id: use lower-case letters, digits and single hyphens, like 'what-stigma-is'"
        return f"'{error.get('input')}' is not a language tag like 'en' or 'pt-BR'"
    if kind == "too_short":
        return f"needs at least {error.get('ctx', {}).get('min_length')} item(s); found {_count(error.get('input'))}"
    if kind == "too_long":
        return f"allows at most {error.get('ctx', {}).get('max_length')} items; found {_count(error.get('input'))}"
    if kind == "union_tag_not_found":
        return f"required key 'type' is missing; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag")
        return f"question type '{tag}' is not known; use one of: {', '.join(QUESTION_TYPES)}{_suggest(str(tag), QUESTION_TYPES)}"
    if kind == "literal_error":
        return f"{_describe(error.get('input'))} is not allowed here; use {error.get('ctx', {}).get('expected')}"
    return str(error.get("msg", "invalid value"))


def _describe(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"[:60]


def _count(value: Any) -> int:
    return len(value) if isinstance(value, (list, str)) else 0


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown_key(name: str, parent: tuple[Any, ...]) -> str:
    if name == "choices" and parent and parent[-1] in ("true_false", "order", "match"):
        hint = {"true_false": "answer = true or false", "order": "items = [...] in the right order",
                "match": "pairs = [{ term = ..., meaning = ... }, ...]"}[parent[-1]]
        return f"a {parent[-1]} question has no choices; use {hint}"
    fields = _fields_at(parent)
    return f"unknown key '{name}'{_suggest(name, fields) if fields else ''}"


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the table at pydantic location `loc` (with the question tag in it)."""
    current: Any = Module
    for part in loc:
        if isinstance(part, int):
            continue
        current = _unwrap(current)
        if isinstance(current, dict):  # a question union: the tag picks the model
            current = current.get(part)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = current.model_fields[part].annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """list[X] / X | None / Annotated[X, ...] -> X; a union of questions -> {tag: model}."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin is list:
            annotation = args[0]
        elif args and origin in (typing.Union, types.UnionType):
            models = [a for a in args if a is not type(None)]
            if len(models) == 1:
                annotation = models[0]
                continue
            return {m.model_fields["type"].annotation.__args__[0]: m for m in models}
        else:
            return annotation
