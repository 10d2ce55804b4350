"""Pydantic's validation errors in plain words, for every TOML file mhcourse reads.

Module files, the site config and export files all report problems the same way
(`FILE:LINE: key.path: message`); the words for each kind of error live here once.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

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
    """The line of a TOML syntax error, and its message without tomllib's '(at line ...)'."""
    lineno = getattr(err, "lineno", None)
    if not isinstance(lineno, int):
        found = TOML_POSITION.search(str(err))
        lineno = int(found.group(1)) if found else text.count("\n") + 1
    return lineno, f"TOML syntax error: {TOML_POSITION.sub('', str(err)).strip()}"


def describe(value: Any) -> str:
    """A value as an author would recognise it: "the text 'ten'", "a table", "true"."""
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


def suggest(word: str, choices: Iterable[str]) -> str:
    """"; did you mean 'title'?" for a near miss, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


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
            return f"{error.get('input')!r} is out of range: use a number from {low} to {high}"
        return f"{error.get('input')!r} is out of range: {str(error.get('msg', '')).lower()}"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        return (f"'{error.get('input')}' is not a valid id: use lower-case letters, digits and single hyphens, "
                "like 'what-stigma-is'")
    if kind == "literal_error":
        return f"{describe(error.get('input'))} is not allowed here; use {ctx.get('expected')}"
    if kind == "union_tag_not_found":
        return f"required key '{ctx.get('discriminator', 'type').strip(chr(39))}' is missing"
    if kind == "union_tag_invalid":
        tags = str(ctx.get("expected_tags", "")).replace("'", "")
        return f"'{ctx.get('tag')}' is not known here; use one of: {tags}{suggest(str(ctx.get('tag')), tags.split(', '))}"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "invalid value"))).removeprefix("Value error, ")
    return str(error.get("msg", "invalid value"))
