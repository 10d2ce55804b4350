"""Pydantic's validation errors in plain words, for every TOML file mhcourse reads.

Module files, the site config and export files all report problems the same way
(`FILE:LINE: key.path: message`); the words for each kind of error live here once.
"""

from __future__ import annotations

import ast
import difflib
import re
import tomllib
import types
import typing
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel

from ..i18n import _
from .toml_syntax import explain

TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")

TYPE_NAMES = {
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


def toml_error(err: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """The line of a TOML syntax error, and its message in plain words without tomllib's '(at line ...)'.

    Where tomllib's line or words mislead (a string never closed, curly quotes, a key given twice), the
    text around the error gives the real line and what to do (content/toml_syntax.py).
    """
    lineno = getattr(err, "lineno", None)
    colno = getattr(err, "colno", None)
    found = TOML_POSITION.search(str(err))
    if not isinstance(lineno, int):
        lineno = int(found.group(1)) if found else text.count("\n") + 1
        colno = int(found.group(2)) if found else None
    raw = str(err).split(" (at ", 1)[0].strip() if "(at " in str(err) else str(err).strip()
    better = explain(raw, lineno, colno if isinstance(colno, int) else None, text)
    if better is not None:
        return better[0], _("TOML syntax error: {words}").format(words=better[1])
    return lineno, f"TOML syntax error: {_plain_toml_error(TOML_POSITION.sub('', str(err)).strip())}"


_LONG_DIGITS = re.compile(r"[0-9_]{4000,}")


def too_long_number(text: str) -> tuple[int, str]:
    """tomllib lets int() refuse a number of thousands of digits: a plain ValueError, with no line."""
    found = _LONG_DIGITS.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else 1
    return line, "TOML syntax error: this number has thousands of digits; no value here is that big"


_TOML_TWICE = re.compile(r"^(?:Cannot declare (?P<declared>.+) twice|Duplicate inline table key (?P<inline>.+))$")
_TOML_CLOSED = re.compile(r"^Cannot mutate immutable namespace (?P<key>.+)$")


def _plain_toml_error(message: str) -> str:
    """tomllib's words for a key or table given twice name no key, or name it as Python writes a tuple."""
    if message == "Cannot overwrite a value":
        return "a key or table is defined twice; keep one"
    twice = _TOML_TWICE.match(message)
    if twice:
        return f"{_toml_key(twice.group('declared') or twice.group('inline'))} is defined twice; keep one"
    closed = _TOML_CLOSED.match(message)
    if closed:
        return (f"{_toml_key(closed.group('key'))} is already complete where it is written (an inline table {{ ... }} "
                "or a list [ ... ]) and cannot be added to later; write all of it in one place")
    return message


def _toml_key(shown: str) -> str:
    """"('module', 'sources')" or "'a'", as tomllib shows a key, -> "'module.sources'"."""
    try:
        value = ast.literal_eval(shown)
    except (ValueError, SyntaxError):
        return f"'{shown}'"
    parts = value if isinstance(value, tuple) else (value,)
    return "'" + ".".join(str(part) for part in parts) + "'"


BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),  # before UTF-16: the same first bytes
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)
"""The marks an editor puts at the start of a file saved as UTF-16 or UTF-32 ("Unicode" in some editors)."""


def not_utf8(data: bytes, err: UnicodeDecodeError, fix: str) -> tuple[int, str]:
    """The line and the words for bytes that are not UTF-8: a file saved as UTF-16/32 is named as such."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return 1, f"the file is saved as {encoding}; save it as UTF-8"
    line = data[: err.start].count(b"\n") + 1
    return line, f"byte 0x{data[err.start]:02x} is not UTF-8 text; {fix}"


def describe(value: Any) -> str:
    """A value as an author would recognise it: "the text 'ten'", "a table", "a date", "the number 5"."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    if isinstance(value, (int, float)):
        return f"the number {value}" if not _huge(value) else _HUGE
    return "a value of another kind"


_HUGE = "a number with more than 40 digits"


def _huge(value: int | float) -> bool:
    """Too long to show (str() of an int of thousands of digits even fails)."""
    return isinstance(value, int) and abs(value) >= 10**40


def suggest(word: str, choices: Iterable[str]) -> str:
    """"; did you mean 'title'?" for a near miss, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("; did you mean '{word}'?").format(word=close[0]) if close else ""


def unwrap(annotation: Any) -> Any:
    """list[X] / X | None / Annotated[X, ...] -> X; a tagged union of models -> {tag: model}."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated or origin is list:
            annotation = args[0]
        elif args and origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            if len(options) == 1:
                annotation = options[0]
                continue
            if all(isinstance(m, type) and issubclass(m, BaseModel) and "type" in m.model_fields for m in options):
                return {typing.get_args(m.model_fields["type"].annotation)[0]: m for m in options}
            return annotation
        else:
            return annotation


def model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The model (or annotation) of the table at pydantic location `loc` under `root`."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        current = unwrap(current)
        if isinstance(current, dict):  # a tagged union: pydantic puts the tag in the location
            current = current.get(part)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = current.model_fields[part].annotation
    return unwrap(current)


def fields_at(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the table at `loc`."""
    model = model_at(root, loc)
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def bounds(root: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, Any]:
    """The ge/le bounds of the number at `loc`."""
    model = model_at(root, loc[:-1])
    low = high = None
    if isinstance(model, type) and issubclass(model, BaseModel) and loc and loc[-1] in model.model_fields:
        for meta in model.model_fields[loc[-1]].metadata:
            low = getattr(meta, "ge", low)
            high = getattr(meta, "le", high)
    return low, high


def _shown(value: Any) -> str:
    """A number out of range as written ("-3"), anything else described."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _HUGE if _huge(value) else str(value)
    return describe(value)


def _count(value: Any) -> int:
    return len(value) if isinstance(value, (list, str)) else 0


def shape_message(error: Any, root: type[BaseModel], loc: tuple[Any, ...] | None = None) -> str:
    """One pydantic error in plain words; `root` is the model of the whole file, for "did you mean"."""
    kind = error["type"]
    loc = tuple(error["loc"]) if loc is None else loc
    name = loc[-1] if loc else "file"
    ctx = error.get("ctx", {})
    if kind == "missing":
        return f"required key '{name}' is missing"
    if kind == "extra_forbidden":
        allowed = fields_at(root, loc[:-1])
        return f"unknown key '{name}'{suggest(str(name), allowed)}"
    if kind in TYPE_NAMES:
        return f"expected {TYPE_NAMES[kind]}, found {describe(error.get('input'))}"
    if kind == "string_too_long":
        return f"this text is {_count(error.get('input')):,} characters; the limit is {ctx.get('max_length'):,}"
    if kind == "string_too_short":
        return "this text is empty; write something or remove the key"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s); found {_count(error.get('input'))}"
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} items; found {_count(error.get('input'))}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = bounds(root, loc)
        if low is not None and high is not None:
            return f"{_shown(error.get('input'))} is out of range: use a number from {low} to {high}"
        return f"{_shown(error.get('input'))} is out of range: {str(error.get('msg', '')).lower()}"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        return (f"'{error.get('input')}' is not a valid id: use lower-case letters, digits and single hyphens, "
                "like 'what-stigma-is'")
    if kind == "literal_error":
        return f"{describe(error.get('input'))} is not allowed here; use {ctx.get('expected')}"
    if kind == "union_tag_not_found":
        return f"required key '{ctx.get('discriminator', 'type').strip(chr(39))}' is missing"
    if kind == "union_tag_invalid":
        tags = str(ctx.get("expected_tags", "")).replace("'", "")
        tag = str(ctx.get("tag"))
        known = _("'{tag}' is not known here; use one of: {tags}").format(tag=tag, tags=tags)
        return known + suggest(tag, tags.split(", "))
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "invalid value"))).removeprefix("Value error, ")
    return str(error.get("msg", "invalid value"))
