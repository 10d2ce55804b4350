"""Lesson Markdown as plain text: the words kept, the markup gone, in blocks a reader can page through.

- headings: their text alone on a line, then a blank line
- lists: "- item" (numbered lists keep their numbers), nested items indented
- emphasis, strike-through and code markers dropped; links as "text (url)"
- block quotes start with "Quote: "; a table row reads "Heading: cell; Heading: cell"
- code blocks keep their lines as written, indented by four spaces

`help_keys_as_words` turns the course's "press F1 (or Ctrl+G)" into this face's "type help": the keys
do nothing useful here, and a learner in a hurry must be told what does work.

markdown-it-py (the parser Textual's Markdown widget uses) does the parsing, so emphasis, links and
escapes are read the way the TUI reads them. Nothing here ever emits colour or box drawing.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..i18n import _

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text safe to print on any terminal: control characters (ESC among them) removed, nothing else changed."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# Get help now's keys as the course's authors write them: F1 (never F10-F12) and Ctrl+G, "or" between them in the
# author's language.
_KEY = r"(?:F1(?!\d)|Ctrl\s*[+-]\s*G\b)"


def _keys(either: str) -> tuple[str, str]:
    """The keys alone ("F1", "F1 (or Ctrl+G)", "F1 or Ctrl+G"), and the keys in brackets ("(F1 or Ctrl+G)")."""
    alone = rf"{_KEY}(?:\s*\(\s*{either}\s+{_KEY}\s*\)|\s+{either}\s+{_KEY})?"
    return alone, rf"\(\s*{_KEY}(?:\s+{either}\s+{_KEY})?\s*\)"


def _as_written(words: str) -> Callable[[re.Match[str]], str]:
    """`words` in place of a match, capitalised when the match was (a sentence's first word stays one), followed by
    the match's second group when it has one ("à tout moment")."""
    def replace(match: re.Match[str]) -> str:
        said = words[0].upper() + words[1:] if match.group(0)[0].isupper() else words
        rest = match.group(2) if (match.re.groups >= 2 and match.group(2)) else ""
        return said + rest
    return replace


def _help_keys() -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]]:
    """The TUI's words for Get help now's keys, and this face's words instead, in each language a module is written
    in. The new words belong to the author's text, in the author's language (a module not translated yet is read by
    a learner of another language), so they are written here by language rather than in the learner's catalog; the
    command word stays help, which works in every language."""
    en, en_brackets = _keys("or")
    es, es_brackets = _keys("o")
    fr, fr_brackets = _keys("ou")
    return [(re.compile(pattern, re.I), _as_written(words)) for pattern, words in (
        # "Get help now is a key press away (F1 or Ctrl+G)": a typed word, not a key, in this face
        (rf"\ba key press away\s*{en_brackets}", "a word away (type help)"),
        (rf"\ba una tecla de distancia\s*{es_brackets}", "a una palabra de distancia (escribe help)"),
        # "Press F1 (or Ctrl+G) at any time to open Get help now", "press F1 for Get help now"
        (rf"\b(press)\s+{en}", "type help"),
        (rf"\b(pulsa)\s+{es}", "escribe help"),
        # "Appuyez à tout moment sur F1 (ou Ctrl+G)": "Tapez help à tout moment"
        (rf"\b(appuyez)(\s+à\s+tout\s+moment)?\s+sur\s+{fr}", "tapez help"),
        # "Get help now (F1 or Ctrl+G) lists crisis lines"
        (en_brackets, "(type help)"),
        (es_brackets, "(escribe help)"),
        (fr_brackets, "(tapez help)"),
    )]


_HELP_KEYS = _help_keys()
_TYPE_HELP = re.compile(r"\b(?:type|escribe|tapez|écrivez|escriba)\s+help\b", re.I)


def says_type_help(text: str) -> bool:
    """Whether text (an author's, as this face shows it) already tells the learner to type help."""
    return _TYPE_HELP.search(help_keys_as_words(text)) is not None


def help_keys_as_words(text: str) -> str:
    """Text with the TUI's keys for Get help now ("press F1 (or Ctrl+G)") as this face's "type help", in English,
    Spanish or French as the author wrote it.

    Only the words about the keys change; the rest of the author's text stays as written.
    """
    for pattern, words in _HELP_KEYS:
        text = pattern.sub(words, text)
    return text


_SCORE = re.compile(r"\b(\d+)/(\d+)\b")


def plain_punctuation(words: str) -> str:
    """The core's words with its middle dot and its arrow ('Module › Lesson') as plain commas, and a score
    ('passed 8/10') as '8 of 10': a screen reader reads those symbols aloud ("8 slash 10"), or skips them and
    runs the words together."""
    words = words.replace(" \u00b7 ", ", ").replace(" \u203a ", ", ")
    return _SCORE.sub(lambda m: _("{right} of {total}").format(right=m.group(1), total=m.group(2)), words)


# What starts a list item or an indented line: its continuation lines hang under the text after it.
_HANGING = re.compile(r"^(\s*(?:(?:[-*\u2022]|\d+[.)]|[A-Za-z][.)])\s+)?)")


def wrap(line: str, width: int | None) -> list[str]:
    """A line wrapped at word boundaries to `width` (None: as it is). A word longer than the width is never
    split (a braille display would show it broken): it gets a line of its own. A list item's later lines
    hang under its text ("- ", "  3. "), as an indented line's keep its indent."""
    if width is None or len(line) <= width:
        return [line]
    hang = _HANGING.match(line)
    indent = " " * len(hang.group(1)) if hang else ""
    if len(indent) > width // 2:
        indent = ""
    return textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [line]


@dataclass(frozen=True)
class Block:
    """A paragraph-sized piece of a lesson: printed as its lines, with a blank line after it."""

    lines: tuple[str, ...]
    heading: bool = False


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def to_blocks(markdown: str) -> list[Block]:
    """A Markdown text as plain-text blocks."""
    tree = SyntaxTreeNode(_parser().parse(clean(markdown)))
    return [b for b in _blocks(tree.children) if b.lines]


def to_parts(markdown: str) -> list[list[Block]]:
    """A Markdown text as plain-text blocks, grouped by the part of the body each comes from: the
    top-level blocks the core counts (content/parts.py), so a reading position means the same here."""
    tree = SyntaxTreeNode(_parser().parse(clean(markdown)))
    return [[b for b in _blocks([node]) if b.lines] for node in tree.children]


def pages(blocks: list[Block], max_lines: int = 20, width: int = 80) -> list[list[str]]:
    """Group blocks into pages of about max_lines screen lines (a line longer than width counts as several).

    A page never ends on a heading, nor on a line that introduces what follows ("...someone can:"): the
    break moves before that line, or after what it introduces. A block longer than a page gets a page of
    its own. Each page's lines include the blank line after every block.
    """
    result: list[list[str]] = []
    for block, number in zip(blocks, page_numbers(blocks, max_lines, width), strict=True):
        if number == len(result):
            result.append([])
        result[number].extend([*block.lines, ""])
    for page in result:
        while page and not page[-1]:
            page.pop()
    return result


def page_numbers(blocks: list[Block], max_lines: int = 20, width: int = 80) -> list[int]:
    """The page (from 0) each block lands on, as `pages` groups them."""
    sizes = [sum(max(1, math.ceil(len(line) / width)) for line in block.lines) + 1 for block in blocks]
    numbers: list[int] = []
    page, used = 0, 0
    for index, block in enumerate(blocks):
        held = index > 0 and _leads_on(blocks[index - 1])
        need = sizes[index] + (sizes[index + 1] if _leads_on(block) and index + 1 < len(blocks) else 0)
        if used and used + need > max_lines and not held:
            page, used = page + 1, 0
        numbers.append(page)
        used += sizes[index]
    return numbers


def _leads_on(block: Block) -> bool:
    """A heading, or a block whose last line introduces what follows (it ends with a colon)."""
    return block.heading or (bool(block.lines) and block.lines[-1].rstrip().endswith(":"))


# -- blocks ---------------------------------------------------------------------------------

def _blocks(nodes: list[SyntaxTreeNode]) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "heading":
            out.append(Block(tuple(_lines(_inline_of(node))), heading=True))
        elif kind == "paragraph":
            out.append(Block(tuple(_lines(_inline_of(node)))))
        elif kind in ("bullet_list", "ordered_list"):
            out.append(Block(tuple(_list(node))))
        elif kind == "blockquote":
            inner = _blocks(node.children)
            if inner:
                first = inner[0]
                inner[0] = Block((_("Quote: {text}").format(text=first.lines[0]), *first.lines[1:]), first.heading)
            out.extend(inner)
        elif kind == "table":
            out.append(Block(tuple(_table(node))))
        elif kind in ("fence", "code_block"):
            out.append(Block(tuple("    " + line for line in node.content.rstrip("\n").split("\n"))))
        elif kind == "html_block":
            out.append(Block(tuple(node.content.rstrip("\n").split("\n"))))
        elif kind == "hr":
            continue
        elif node.children:
            out.extend(_blocks(node.children))
    return out


def _list(node: SyntaxTreeNode) -> list[str]:
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1)) if ordered else 1
    lines: list[str] = []
    for number, item in enumerate(node.children, start):
        marker = f"{number}. " if ordered else "- "
        inner = [line for block in _blocks(item.children) for line in block.lines]
        if not inner:
            lines.append(marker.rstrip())
            continue
        lines.append(marker + inner[0])
        lines.extend(" " * len(marker) + line for line in inner[1:])
    return lines


def _table(node: SyntaxTreeNode) -> list[str]:
    header: list[str] = []
    rows: list[list[str]] = []
    for part in node.children:
        for row in part.children:
            cells = [_inline_of(cell).replace("\n", " ").strip() for cell in row.children]
            if part.type == "thead":
                header = cells
            else:
                rows.append(cells)
    if not rows:
        return ["; ".join(header)] if header else []
    lines = []
    for cells in rows:
        if header and any(header):
            pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=False)]
            lines.append("; ".join(pairs))
        else:
            lines.append("; ".join(cells))
    return lines


# -- inline ---------------------------------------------------------------------------------

def _inline_of(node: SyntaxTreeNode) -> str:
    inline = next((c for c in node.children if c.type == "inline"), None)
    return _inline(inline.children) if inline is not None else ""


def _inline(nodes: list[SyntaxTreeNode]) -> str:
    parts: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "text" or kind == "html_inline" or kind == "code_inline":
            parts.append(node.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link":
            parts.append(_link(_inline(node.children), str(node.attrs.get("href", ""))))
        elif kind == "image":
            alt = _inline(node.children) or node.content
            parts.append(_("Image: {alt}").format(alt=alt) if alt else _("Image"))
        elif node.children:  # em, strong, s: keep the words, drop the markers
            parts.append(_inline(node.children))
    return "".join(parts)


def _link(text: str, href: str) -> str:
    if not href or href in (text, f"mailto:{text}"):
        return text or href
    return f"{text} ({href})" if text else href


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n")]
