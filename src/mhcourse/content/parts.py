"""A lesson body's parts: where a learner is reading, counted the same way in every face.

A part is one top-level block of the body's Markdown, as markdown-it-py (the parser every face uses)
reads it: a heading, a paragraph, a whole list, a block quote, a table, a code block, a rule. Part 0
is the first. The TUI shows one widget per part, the plain face prints each as its lines, and the web
page gives each its `id="part-N"`. A reading position is the part at the top of the learner's view:
the one they were reading. A position beyond the body's last part (the author shortened the lesson)
reads as its last part; a negative one as the top (`clamp`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Part:
    """One top-level block: its lines in the body, from `start` up to (not including) `end`."""

    index: int
    start: int
    end: int


@cache
def _parser() -> MarkdownIt:
    # The plain face's reading (tables and strike-through on): a table is one part whichever way it is read.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def normalized(body: str) -> str:
    """The body with its line ends as the faces read them."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


@cache
def parts(body: str) -> tuple[Part, ...]:
    """The body's top-level blocks, in order (cached: a face asks on every scroll)."""
    found: list[Part] = []
    for token in _parser().parse(normalized(body)):
        if token.level == 0 and token.nesting >= 0 and token.map is not None and token.type != "inline":
            found.append(Part(len(found), token.map[0], token.map[1]))
    return tuple(found)


def part_count(body: str) -> int:
    return len(parts(body))


def clamp(body: str, position: int | None) -> int:
    """A saved position as a part this body has: 0 (the top) when there is none or it is out of range below."""
    if not position or position < 0:
        return 0
    return min(position, max(part_count(body) - 1, 0))


def part_at_line(body: str, line: int) -> int:
    """The part a source line belongs to (the last part starting at or before it; 0 before the first)."""
    found = 0
    for part in parts(body):
        if part.start > line:
            break
        found = part.index
    return found
