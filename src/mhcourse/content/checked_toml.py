"""Read a checked TOML file: bytes -> text -> TOML -> model -> rules, every problem located.

Module files, site config files and export files are read this one way: a bound on the size, UTF-8
(with or without a byte-order mark), tomllib's errors with their line, pydantic's shape, the rules
across keys, and every problem as `FILE:LINE: key.path: message`, sorted by line. What differs from
one kind of file to another (the model, the limit, the words for a file too big, empty or not UTF-8,
a check before the model, the rules) is its `FileKind`. Its messages are functions, so that each is
put in the learner's language when it is shown, not when the module is imported.

Nothing a file can hold (or a damaged disk can give) raises out of here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..i18n import _
from .locate import KeyLines
from .messages import TOML_POSITION, not_utf8, toml_error, too_long_number
from .problems import KeyPath, Problem
from .reading import NotARegularFile, TooBig, read_limited

M = TypeVar("M", bound=BaseModel)

Rules = Callable[[Any, Any], Iterable[tuple[KeyPath, str]]]
"""(the document as read, the model or None when its shape is wrong) -> (key, message) for each broken rule."""


def _no_first_check(document: Any) -> tuple[KeyPath, str] | None:
    return None


def _no_rules(document: Any, model: Any) -> Iterable[tuple[KeyPath, str]]:
    return ()


@dataclass(frozen=True)
class FileKind(Generic[M]):
    """What one kind of checked TOML file is: its model, its size limit, its words and its rules."""

    model: type[M]
    limit: int
    """The most bytes a file of this kind may hold."""
    too_big: Callable[[int], str]
    """The message for a file of this many bytes, over the limit."""
    not_a_file: Callable[[str], str]
    """The message for a path that is "a folder", "a named pipe (FIFO)", "a device"..."""
    not_utf8: Callable[[], str]
    """What to do about a file that is not UTF-8, after the words that say so."""
    message: Callable[[Any], str]
    """Pydantic's error (a dict with "type", "loc", "input", "ctx") in this kind's words."""
    empty: Callable[[], str] | None = None
    """The message for an empty file; None when an empty file is fine (an empty table)."""
    first_check: Callable[[Any], tuple[KeyPath, str] | None] = _no_first_check
    """A problem that stops the reading before the model, e.g. a format version: the rest would only confuse."""
    key_path: Callable[[tuple[Any, ...]], KeyPath] = tuple
    """Pydantic's location of an error -> the key path shown."""
    rules: Rules = _no_rules


@dataclass
class Checked(Generic[M]):
    """A file read: its model when it has no problems, and every problem found."""

    path: Path | None
    model: M | None = None
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    """The file's text, once it was read as UTF-8 TOML."""
    lines: KeyLines | None = None


def read_file(path: Path, kind: FileKind[M]) -> Checked[M]:
    """Read and check the file at `path`; never more than the limit, never waiting on a pipe."""
    try:
        data = read_limited(path, kind.limit)
    except TooBig as big:
        return _failed(path, kind.too_big(big.size), rule="file")
    except NotARegularFile as odd:
        return _failed(path, kind.not_a_file(odd.kind), rule="file")
    except OSError as err:
        return _failed(path, _("cannot read the file: {reason}").format(reason=err.strerror or err), rule="file")
    return read_bytes(data, path, kind)


def read_bytes(data: bytes, path: Path, kind: FileKind[M]) -> Checked[M]:
    """Check a file given as bytes (read from `path`, which is used for messages)."""
    if len(data) > kind.limit:
        return _failed(path, kind.too_big(len(data)), rule="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, message = not_utf8(data, err, kind.not_utf8())
        return _failed(path, message, line, rule="encoding")
    return read_text(text, path, kind)


def read_text(text: str, path: Path, kind: FileKind[M]) -> Checked[M]:
    """Check a file given as text."""
    if kind.empty is not None and not text.strip():
        return _failed(path, kind.empty(), 1, rule="empty-file")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, message = toml_error(err, text)
        column = _toml_column(err, line)
        return _failed(path, message, line, rule="toml-syntax", column=column)
    except RecursionError:
        return _failed(path, _("TOML syntax error: values are nested too deeply"), 1, rule="toml-syntax")
    except ValueError:  # not a TOMLDecodeError: int() refused a number of thousands of digits
        line, message = too_long_number(text)
        return _failed(path, message, line, rule="toml-syntax")
    checked = check_document(document, kind, path=path, lines=KeyLines(text))
    checked.text = text
    return checked


def check_document(document: Any, kind: FileKind[M], *, path: Path | None = None,
                   lines: KeyLines | None = None) -> Checked[M]:
    """Check a document already read from TOML: the first check, the model, the rules."""

    def at(key: KeyPath, message: str, rule: str) -> Problem:
        return Problem(path, message, lines.line_of(key) if lines is not None else None, key, rule=rule)

    first = kind.first_check(document)
    if first is not None:
        return Checked(path, problems=[at(*first, "format-version")], lines=lines)
    model, problems = None, []
    try:
        model = kind.model.model_validate(document)
    except ValidationError as err:
        problems = [at(kind.key_path(tuple(e["loc"])), kind.message(e), "schema")
                    for e in err.errors(include_url=False)]
    problems.extend(at(key, message, "rule") for key, message in kind.rules(document, model))
    problems.sort(key=lambda p: p.line or 0)
    return Checked(path, None if problems else model, problems, lines=lines)


def _failed(path: Path, message: str, line: int | None = None, *, rule: str,
            column: int | None = None) -> Checked[Any]:
    return Checked(path, problems=[Problem(path, message, line, rule=rule, column=column)])


def _toml_column(err: tomllib.TOMLDecodeError, line: int) -> int | None:
    """tomllib's column for a syntax error, when the error is reported on tomllib's own line."""
    found = TOML_POSITION.search(str(err))
    if found is None or int(found.group(1)) != line:
        return None
    return int(found.group(2))
