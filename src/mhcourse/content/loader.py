"""Read one module file: bytes -> TOML -> models -> rules, every problem located.

The reading is content/checked_toml.py's; here is what a module file is (MODULE_FILE): its model,
its format version, its rules and the words of its messages. Nothing an author (or a damaged disk)
can put in a file raises out of here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import _
from .checked_toml import Checked, FileKind, read_bytes, read_file, read_text
from .loaded import Loaded
from .messages import shape_message, suggest
from .models import FORMAT_VERSION, MAX_FILE_BYTES, QUESTION_TYPES, Module
from .problems import KeyPath
from .rules import module_rules
from .value_types import found_words, wrong_type_message


def load_module(path: Path) -> Loaded:
    """Load and check the module file at `path`."""
    return _loaded(path, read_file(path, MODULE_FILE))


def load_bytes(data: bytes, path: Path) -> Loaded:
    """Check a module given as bytes (as read from `path`, which is used for messages)."""
    return _loaded(path, read_bytes(data, path, MODULE_FILE))


def load_text(text: str, path: Path) -> Loaded:
    """Check a module given as text."""
    return _loaded(path, read_text(text, path, MODULE_FILE))


def _loaded(path: Path, checked: Checked[Module]) -> Loaded:
    return Loaded(path, checked.model, checked.problems, checked.text)


def _too_big(size: int) -> str:
    return _("the file is {size:,} bytes, over the limit of {limit:,} bytes (1 MiB): split it into smaller "
             "modules").format(size=size, limit=MAX_FILE_BYTES)


def _format_problem(document: dict[str, Any]) -> tuple[KeyPath, str] | None:
    """A file for another format version is told so first: its other keys would only confuse."""
    version = document.get("format")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        return ("format",), _("found {found}; expected a whole number, e.g. format = {version}").format(
            found=found_words(version), version=FORMAT_VERSION)
    if version is None or version == FORMAT_VERSION or not isinstance(version, int) or isinstance(version, bool):
        return None
    if version > FORMAT_VERSION:
        return ("format",), (f"format {version} is newer than this mhcourse understands (format {FORMAT_VERSION}); "
                             "update mhcourse")
    return ("format",), f"format {version} is not known; use format = {FORMAT_VERSION}"


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


def _message(error: Any) -> str:
    """The module format's own words for ids, language tags and question types; the rest is shared."""
    kind, loc = error["type"], tuple(error["loc"])
    wrong_type = wrong_type_message(error, loc[-1] if loc else None)
    if wrong_type is not None:
        return wrong_type
    if kind == "extra_forbidden" and loc[-1] == "choices" and len(loc) > 1 and loc[-2] in _NO_CHOICES:
        return f"a {loc[-2]} question has no choices; use {_NO_CHOICES[loc[-2]]}"
    if kind == "string_pattern_mismatch" and "A-Za-z" in str(error.get("ctx", {}).get("pattern", "")):
        return f"'{error.get('input')}' is not a language tag like 'en' or 'pt-BR'"
    if kind == "union_tag_not_found":
        return f"required key 'type' is missing; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_invalid":
        tag = str(error.get("ctx", {}).get("tag"))
        known = ", ".join(QUESTION_TYPES)
        return f"question type '{tag}' is not known; use one of: {known}{suggest(tag, QUESTION_TYPES)}"
    return shape_message(error, Module, loc)


_NO_CHOICES = {
    "true_false": "answer = true or false",
    "order": "items = [...] in the right order",
    "match": "pairs = [{ term = ..., meaning = ... }, ...]",
}


MODULE_FILE = FileKind(
    model=Module,
    limit=MAX_FILE_BYTES,
    too_big=_too_big,
    not_a_file=lambda kind: _("this is {kind}, not a module file; name a .toml file").format(kind=kind),
    not_utf8=lambda: _("save the file with UTF-8 encoding"),
    message=_message,
    empty=lambda: _("the file is empty; start from `mhcourse new ID --title TITLE`"),
    first_check=_format_problem,
    key_path=_key_path,
    rules=module_rules,
)
"""A lesson module file."""
