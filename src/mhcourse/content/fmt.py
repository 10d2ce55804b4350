"""`mhcourse fmt`: a module file rewritten in the canonical key order and layout, meaning and comments kept.

The file is read with tomlkit, which keeps every comment, then written out again by hand:
- keys in the order of the fields in content/models.py (a question: id, type, prompt, its answer, explanation,
  choices, as the bundled modules and docs/authoring.md write it); keys the format does not know keep their
  place after the known ones, so `mhcourse validate` can still point at them;
- in each table its plain values first, then its tables as `[header]` and `[[header]]` sections, each after
  one blank line;
- a comment on its own line moves with the key (or section header) below it, with one blank line after
  it when it had one (a banner over a section, the notes at the top of a file); a comment at a line's
  end stays on its line; comments after the last key stay at the end of the file;
- values are written exactly as typed (string quoting, multi-line strings and arrays, comments inside arrays).

The result is checked before anyone sees it: it must read as the same TOML data, with the same comments.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Comment, Table, Whitespace

from ..i18n import _
from .models import Choice, Lesson, MatchPair, Module, ModuleInfo, Option, Quiz, Scenario, Source, Step

QUESTION_ORDER = ("id", "type", "prompt", "answer", "items", "pairs", "explanation", "choices")
"""A question's keys: the type's tag first, as every bundled module writes them."""

_CHOICE = tuple(Choice.model_fields)
CANONICAL_ORDER: dict[tuple[str, ...], tuple[str, ...]] = {
    (): tuple(Module.model_fields),
    ("module",): tuple(ModuleInfo.model_fields),
    ("module", "sources"): tuple(Source.model_fields),
    ("lessons",): tuple(Lesson.model_fields),
    ("lessons", "checks"): QUESTION_ORDER,
    ("lessons", "checks", "choices"): _CHOICE,
    ("lessons", "checks", "pairs"): tuple(MatchPair.model_fields),
    ("quiz",): tuple(Quiz.model_fields),
    ("quiz", "questions"): QUESTION_ORDER,
    ("quiz", "questions", "choices"): _CHOICE,
    ("quiz", "questions", "pairs"): tuple(MatchPair.model_fields),
    ("scenarios",): tuple(Scenario.model_fields),
    ("scenarios", "steps"): tuple(Step.model_fields),
    ("scenarios", "steps", "options"): tuple(Option.model_fields),
}
"""The canonical order of the keys of each kind of table, by its path of keys (array indices left out)."""


class CannotFormat(Exception):
    """The file cannot be rewritten safely; the message says why and what to do."""


@dataclass
class _Block:
    """A table written as a section: the comments above its header, the one on its header line, its keys."""

    comments: list[str]
    header_comment: str
    entries: list[_Entry]


@dataclass
class _Entry:
    name: str
    """The key as TOML reads it (for the order)."""
    key: str
    """The key as typed (quoted or bare)."""
    comments: list[str] = field(default_factory=list)
    line: str = ""
    """For a plain value: `key = value  # comment`."""
    blocks: list[_Block] | None = None
    """For a table: one block; for an array of tables: one per table."""
    array: bool = False


def format_text(text: str) -> str:
    """`text` (a TOML document that parses) in canonical order and layout; raises CannotFormat."""
    try:
        document = tomlkit.parse(text.replace("\r\n", "\n"))  # LF line ends, inside multi-line values too
    except TOMLKitError as err:  # tomllib read it, so this is tomlkit's limit, not the file's
        raise CannotFormat(_("fmt cannot read this file ({why}); it was left as it was").format(why=err)) from None
    pending: list[str] = []
    entries = _entries(document, pending)
    out: list[str] = []
    _emit(entries, (), (), out)
    if pending:
        out.extend(["", *pending])
    formatted = "\n".join(out).strip("\n") + "\n"
    _check_same(text, formatted)
    return formatted


def _entries(container: Any, pending: list[str]) -> list[_Entry]:
    """The keys of one table in file order, each with the own-line comments above it (taken from `pending`,
    which carries the comments after the last key of one section to the header of the next)."""
    entries: list[_Entry] = []
    for key, item in container.body:
        if key is None:
            if isinstance(item, Comment):
                pending.append(item.trivia.comment.strip())
            elif pending and pending[-1] and "\n" in item.as_string():  # a blank line after a comment stays
                pending.append("")
            continue
        entry = _Entry(key.key, key.as_string().strip(), comments=_take(pending))
        if isinstance(item, AoT):
            entry.array = True
            entry.blocks = []
            for i, table in enumerate(item.body):
                comments = entry.comments if i == 0 else _take(pending)
                entry.blocks.append(_Block(comments, _comment(table), _entries(table.value, pending)))
            entry.comments = []
        elif isinstance(item, Table):
            entry.blocks = [_Block(entry.comments, _comment(item), _entries(item.value, pending))]
            entry.comments = []
        elif not isinstance(item, Whitespace):
            entry.line = f"{entry.key} = {item.as_string().strip()}" + _trailing(item)
        entries.append(entry)
    return _merged(entries)


def _merged(entries: list[_Entry]) -> list[_Entry]:
    """One entry per key: a table written in several places (`module.id = ...` and `module.title = ...`,
    or `[[module.sources]]` before `[module]`) becomes one section; an array's tables keep their order."""
    first: dict[str, _Entry] = {}
    out: list[_Entry] = []
    for entry in entries:
        earlier = first.setdefault(entry.name, entry)
        if earlier is entry:
            out.append(entry)
            continue
        if earlier.blocks is None or entry.blocks is None or earlier.array != entry.array:
            raise CannotFormat(_("'{key}' is given twice; keep one").format(key=entry.name))  # tomllib refuses it
        if entry.array:
            earlier.blocks.extend(entry.blocks)
            continue
        kept, moved = earlier.blocks[0], entry.blocks[0]
        carried = moved.comments + ([moved.header_comment] if moved.header_comment else [])
        if moved.entries:
            _carry(moved.entries[0], carried)
        else:
            kept.comments.extend(carried)
        kept.entries = _merged(kept.entries + moved.entries)
    return out


def _carry(entry: _Entry, comments: list[str]) -> None:
    """Put `comments` above `entry` (above its section header when it is a table)."""
    if entry.blocks is not None:
        entry.blocks[0].comments[:0] = comments
    else:
        entry.comments[:0] = comments


def _take(pending: list[str]) -> list[str]:
    taken = list(pending)
    pending.clear()
    return taken


def _comment(item: Any) -> str:
    return item.trivia.comment.strip()


def _trailing(item: Any) -> str:
    comment = _comment(item)
    return f"  {comment}" if comment else ""


def _emit(entries: list[_Entry], names: tuple[str, ...], keys: tuple[str, ...], out: list[str]) -> None:
    order = CANONICAL_ORDER.get(names, ())

    def rank(pair: tuple[int, _Entry]) -> tuple[int, int]:
        index, entry = pair
        return (order.index(entry.name) if entry.name in order else len(order), index)

    ranked = [entry for _, entry in sorted(enumerate(entries), key=rank)]
    for entry in ranked:
        if entry.blocks is None:
            out.extend(entry.comments)
            out.append(entry.line)
    for entry in ranked:
        if entry.blocks is None:
            continue
        header = ".".join((*keys, entry.key))
        for block in entry.blocks:
            out.append("")
            out.extend(block.comments)
            brackets = f"[[{header}]]" if entry.array else f"[{header}]"
            out.append(brackets + (f"  {block.header_comment}" if block.header_comment else ""))
            _emit(block.entries, (*names, entry.name), (*keys, entry.key), out)


def _check_same(before: str, after: str) -> None:
    """Never write a file that means something else or lost a comment: a bug here must not cost an author."""
    if tomllib.loads(before) != tomllib.loads(after):
        raise CannotFormat(_("formatting would change what the file means (a bug in mhcourse fmt); "
                             "the file was left as it was: please report it"))
    if _comments(before) != _comments(after):
        raise CannotFormat(_("formatting would lose a comment (a bug in mhcourse fmt); "
                             "the file was left as it was: please report it"))


def _comments(text: str) -> Counter[str]:
    """Every comment outside values, as tomlkit reads it (comments inside arrays stay in the value's text)."""
    found: Counter[str] = Counter()

    def walk(container: Any) -> None:
        for _key, item in container.body:
            if isinstance(item, Whitespace):
                continue
            if isinstance(item, AoT):
                for table in item.body:
                    _count(found, table)
                    walk(table.value)
                continue
            _count(found, item)
            if isinstance(item, Table):
                walk(item.value)
            elif hasattr(item, "as_string") and not isinstance(item, Comment):
                found.update(line.strip() for line in item.as_string().splitlines() if line.strip().startswith("#"))

    walk(tomlkit.parse(text))
    return found


def _count(found: Counter[str], item: Any) -> None:
    comment = item.trivia.comment.strip()
    if comment:
        found[comment] += 1
