"""The JSON Schema of format 1, for editors (taplo, Even Better TOML) and for `mhcourse schema`.

Editors' validators are not all 2020-12-aware (taplo's is draft-07), so the schema pydantic writes
is rewritten to use only what draft-07 and 2020-12 both understand, in the same way:

- a question is `if` its `type` is "single" `then` a single question..., not a `oneOf` with an
  OpenAPI `discriminator` (which JSON Schema tools ignore, so one slip in a question failed every
  branch and gave an error for each);
- a key that is simply optional is just not `required`, not `anyOf[X, null]` (TOML has no null);
- no keyword beside a `$ref` (draft-07 ignores them): a description goes on the definition;
- definitions under `definitions`, which draft-07 resolves and 2020-12 reaches by its JSON pointer;
- a `$id`, and a description on every property (from the models' docstrings and descriptions).
"""

from __future__ import annotations

import json
import typing
from typing import Any

from .models import (
    QUESTION_TYPES,
    MatchQuestion,
    Module,
    MultipleQuestion,
    OrderQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

SCHEMA_ID = "https://mhcourse.invalid/schema/module-format-1.json"
"""The schema's `$id`: a name, never fetched (`.invalid` is a domain that can never resolve)."""
DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILE = "module.schema.json"
"""The name `mhcourse new` gives the schema it writes beside a module, and authoring.md uses."""

_QUESTION_DEFS = {typing.get_args(model.model_fields["type"].annotation)[0]: model.__name__
                  for model in (SingleQuestion, MultipleQuestion, TrueFalseQuestion, OrderQuestion, MatchQuestion)}
_REF = "#/definitions/"
_DROPPED = frozenset({"title", "discriminator"})


def module_schema() -> dict[str, Any]:
    """The JSON Schema of a module file, as a dict."""
    raw = Module.model_json_schema(ref_template=_REF + "{model}")
    definitions: dict[str, Any] = raw.pop("$defs", {})
    moved: dict[str, str] = {}
    out_defs = {name: _clean(schema, moved) for name, schema in definitions.items()}
    out_defs["Question"] = _question()
    root = _clean(raw, moved)
    for name, description in moved.items():
        out_defs[name].setdefault("description", description)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": raw.get("title", "mhcourse lesson module"),
        **root,
        "description": "A lesson module of the mhcourse mental health awareness course, format 1. "
                       "mhcourse validate --strict checks what a schema cannot (unique ids, scenario links).",
        "definitions": dict(sorted(out_defs.items())),
    }


def schema_json() -> str:
    return json.dumps(module_schema(), indent=2, ensure_ascii=False) + "\n"


def _question() -> dict[str, Any]:
    """Any question: its `type` picks the definition the rest of its keys are checked against."""
    return {
        "description": "A question: its type (single, multiple, true_false, order, match) says which keys it has.",
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"description": "The kind of question.", "enum": list(QUESTION_TYPES)}},
        "allOf": [
            {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
             "then": {"$ref": _REF + name}}
            for kind, name in _QUESTION_DEFS.items()
        ],
    }


def _clean(node: Any, moved: dict[str, str]) -> Any:
    """One node of pydantic's schema in the words both drafts share; `moved` collects descriptions that
    stood beside a `$ref`, for its definition."""
    if isinstance(node, list):
        return [_clean(item, moved) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "discriminator" in node and "oneOf" in node:  # a question: see _question()
        return {"$ref": _REF + "Question"}
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [option for option in options if option != {"type": "null"}]
        del node["anyOf"]
        if node.get("default", ...) is None:
            del node["default"]
        node = {**rest[0], **node} if len(rest) == 1 else {**node, "anyOf": rest}
    node = {key: _clean(value, moved) if key != "properties" else _properties(value, moved)
            for key, value in node.items() if key not in _DROPPED}
    if "$ref" in node and len(node) > 1:
        target = node["$ref"].removeprefix(_REF)
        if "description" in node:
            moved.setdefault(target, node["description"])
        node = {"$ref": node["$ref"]}
    return node


def _properties(properties: dict[str, Any], moved: dict[str, str]) -> dict[str, Any]:
    return {name: _clean(schema, moved) for name, schema in properties.items()}
