"""A value of the wrong TOML type in a module file, in words that say what was found and what is expected.

The format models are strict (content/models.py): `minutes = "20"` and `minutes = 20.0` are refused,
not coerced, because a schema-aware editor refuses them too and an author must not learn two rules.
The message shows the line the author should write: `found the text "20"; expected a whole number,
e.g. minutes = 20`. The example is the value found, turned into the right type where that is plain
("20" -> 20, 20.0 -> 20, "no" -> false), else a typical value for the key.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from typing import Any

from ..i18n import _

_EXPECTED = {
    "int_type": "int", "int_parsing": "int", "int_from_float": "int",
    "float_type": "float", "float_parsing": "float",
    "bool_type": "bool", "bool_parsing": "bool",
    "string_type": "str",
    "list_type": "list",
    "model_type": "table", "model_attributes_type": "table", "dict_type": "table",
}
"""Pydantic's error types for a value of the wrong type -> the type the format wants."""

_TYPICAL: dict[str, str] = {
    "format": "1", "minutes": "20", "order": "10", "year": "2024", "pass_mark": "0.7",
    "shuffle": "true", "correct": "true", "answer": "true",
}
"""A value to show for a key when the value found says nothing about the right one."""

_TRUE = frozenset({"true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})


def expected_words(kind: str) -> str:
    """"a whole number", "true or false"... for the type the format wants."""
    return {
        "int": _("a whole number"),
        "float": _("a number"),
        "bool": _("true or false, without quotes"),
        "str": _("text in quotes"),
        "list": _("a list [ ... ]"),
        "table": _("a table"),
    }[kind]


def found_words(value: Any) -> str:
    """A value as the author wrote it: 'the text "20"', 'the number 20.0', 'true', 'a date'."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _('the text "{text}"').format(text=shown)
    if isinstance(value, bool):
        return _("true") if value else _("false")
    if isinstance(value, float):
        return _("the number {number}").format(number=_float(value))
    if isinstance(value, int):
        if abs(value) >= 10**40:
            return _("a number with more than 40 digits")
        return _("the number {number}").format(number=value)
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return _("a date and time")
    if isinstance(value, date):
        return _("a date")
    if isinstance(value, time):
        return _("a time")
    return _("a value of another kind")


def _float(value: float) -> str:
    """20.0 as TOML writes it (20.0), inf and nan as TOML spells them."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def example(kind: str, key: str, value: Any) -> str | None:
    """The value to write instead, as TOML text; None when no example helps (a list, a table)."""
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return str(int(value.strip()))
        return _TYPICAL.get(key, "1")
    if kind == "float":
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                return value.strip()
        return _TYPICAL.get(key, "0.5")
    if kind == "bool":
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return "true" if value.strip().lower() in _TRUE else "false"
        return _TYPICAL.get(key, "true")
    if kind == "str":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'"{_float(value) if isinstance(value, float) else value}"'
        return '"..."'
    if kind == "list" and isinstance(value, str):
        return f'["{value}"]'
    return None


def wrong_type_message(error: Any, key: str | int | None) -> str | None:
    """The message for one pydantic error when it is a value of the wrong type; None for any other error."""
    kind = _EXPECTED.get(error["type"])
    if kind is None:
        return None
    value = error.get("input")
    found, expected = found_words(value), expected_words(kind)
    shown = example(kind, key, value) if isinstance(key, str) else None
    if shown is None:
        return _("found {found}; expected {expected}").format(found=found, expected=expected)
    return _("found {found}; expected {expected}, e.g. {key} = {example}").format(
        found=found, expected=expected, key=key, example=shown)
