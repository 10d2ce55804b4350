"""TOML syntax errors at the line an author must look at, with what to do.

tomllib (Python 3.11) says little: "Unterminated string (at end of document)" for a `\"\"\"` left open
many lines above, "Invalid value" for curly quotes pasted from a word processor, "Cannot overwrite a
value" for a key given twice (naming no key) or for `[[lessons.checks]]` written before any
`[[lessons]]` (at the `[[lessons]]`, the wrong line). Here the text around the error is read again to
find the real line and say what to do. `explain` returns None when it has nothing better to say, and the
caller keeps tomllib's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import _

CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb"
"""“ ” ‘ ’ „ ‚ « »: what a word processor types for " and '."""


@dataclass
class Scan:
    """Where each line of a TOML text stands: the lines that start inside a multi-line string are not statements."""

    in_string: set[int] = field(default_factory=set)
    """Line numbers (from 1) that start inside a multi-line string."""
    unclosed: tuple[int, int, str] | None = None
    """(line, column, delimiter) of a multi-line string never closed."""
    open_on_line: list[tuple[int, int, str]] = field(default_factory=list)
    """(line, column, quote) of each one-line string "..." or '...' not closed on its line."""
    closed: list[tuple[int, int, str, int, str]] = field(default_factory=list)
    """(line, column, delimiter, closing line, the closing line's text before the delimiter) of each one closed."""


def scan(text: str) -> Scan:
    """Follow comments and strings through the text as TOML does (enough to know what is a string)."""
    found = Scan()
    i, line, line_start, n = 0, 1, 0, len(text)
    opened: tuple[int, int, str] | None = None
    while i < n:
        c = text[i]
        if c == "\n":
            line, line_start = line + 1, i + 1
            if opened is not None:
                found.in_string.add(line)
            i += 1
        elif opened is not None:
            delimiter = opened[2]
            if delimiter == '"""' and c == "\\":
                i += 2 if i + 1 < n and text[i + 1] != "\n" else 1
            elif text.startswith(delimiter, i):
                found.closed.append((*opened, line, text[line_start:i]))
                i += 3
                for _extra in range(2):  # up to two quotes may end the text just before the closing three
                    if i < n and text[i] == delimiter[0]:
                        i += 1
                opened = None
            else:
                i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith('"""', i) or text.startswith("'''", i):
            opened = (line, i - line_start + 1, text[i:i + 3])
            i += 3
        elif c in "\"'":
            column = i - line_start + 1
            i += 1
            while i < n and text[i] not in (c, "\n"):
                i += 2 if c == '"' and text[i] == "\\" and i + 1 < n and text[i + 1] != "\n" else 1
            if i < n and text[i] == c:
                i += 1
            else:
                found.open_on_line.append((line, column, c))
        else:
            i += 1
    found.unclosed = opened
    return found


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"(?:[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*')"
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")


def _key_name(raw: str) -> str:
    """`a . "b c"` -> `a.b c`: a key as an author reads it."""
    parts = re.findall(r"[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*'", raw)
    return ".".join(part.strip("\"'") if part[:1] in "\"'" else part for part in parts)


@dataclass(frozen=True)
class _Statement:
    line: int
    header: tuple[str, str] | None  # ("[" or "[[", "lessons.checks") for a table header
    key: str | None  # the key of a `key = value` line


def _statements(text: str, found: Scan) -> list[_Statement]:
    out = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if number in found.in_string:
            continue
        header = _HEADER.match(raw)
        if header:
            out.append(_Statement(number, (header.group(1), _key_name(header.group(2))), None))
            continue
        key = _KEY.match(raw)
        out.append(_Statement(number, None, _key_name(key.group(1)) if key else None))
    return out


def explain(message: str, line: int, column: int | None, text: str) -> tuple[int, str] | None:
    """A better (line, words) for tomllib's `message` at `line`/`column`, or None."""
    found = scan(text)
    swallowed = _swallowed(found, line)
    if swallowed is not None:
        start, col, delimiter, end = swallowed
        return start, _("the text opened with {quotes} at line {line}, column {column} is not closed where it ends: "
                        "it runs on to the {quotes} at line {end}, so what follows is read as TOML; end it with "
                        "{quotes} where the text ends").format(quotes=delimiter, line=start, column=col, end=end)
    open_strings = [*found.open_on_line, *([found.unclosed] if found.unclosed else [])]
    if message.startswith(("Illegal", "Found invalid")):  # at the end of the line that holds the string
        open_strings = [s for s in open_strings if s[0] == line]
    unclosed = min(open_strings, default=None)
    if unclosed is not None and message in _UNCLOSED:
        start, col, delimiter = unclosed
        if len(delimiter) == 1:
            return start, _("the text in quotes at column {column} is not closed on its line: end it with {quote} "
                            "(for text over several lines, use {quote}{quote}{quote} at both ends)").format(
                column=col, quote=delimiter)
        return start, _("the text opened with {quotes} at line {line}, column {column} is never closed: "
                        "end it with {quotes} where the text ends").format(quotes=delimiter, line=start, column=col)
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    curly = _curly_quote(here, column)
    if curly is not None and message.startswith(("Invalid", "Expected", "Illegal")):
        return line, _("curly quotes: use straight quotes \"...\" (or '...'), not {quote} (column {column}); "
                       "a word processor makes quotes curly, so edit the file in a plain-text editor").format(
            quote=here[curly - 1], column=curly)
    if message == "Cannot overwrite a value" or message.startswith("Cannot declare "):
        return _twice(_statements(text, found), line)
    return None


_UNCLOSED = ("Unterminated string", "Expected \"'''\"", 'Expected "\\"\\"\\""', "Expected \"'\"",
             "Illegal character '\\n'", "Found invalid character '\\n'")
"""tomllib's words for a string not closed (at the end of the document, or at the end of its line)."""
_OPENS = re.compile(rf"^\s*{_PART}(?:\s*\.\s*{_PART})*\s*=\s*$")


def _swallowed(found: Scan, line: int) -> tuple[int, int, str, int] | None:
    """The multi-line string closed last before an error at `line`, when its closing quotes were meant to open
    the next one (`body = \"\"\"`): its own closing quotes are missing, and the text after was read as TOML."""
    before = [c for c in found.closed if c[3] <= line]
    if not before:
        return None
    start, col, delimiter, end, prefix = before[-1]
    return (start, col, delimiter, end) if end > start and _OPENS.match(prefix) else None


def _curly_quote(text: str, column: int | None) -> int | None:
    """The column of the curly quote where tomllib stopped (after spaces, if any), else None."""
    rest = text[max((column or 1) - 1, 0):]
    stripped = rest.lstrip()
    if stripped[:1] and stripped[0] in CURLY_QUOTES:
        return len(text) - len(stripped) + 1
    return None


def _twice(statements: list[_Statement], line: int) -> tuple[int, str] | None:
    """A table or key given twice, or an inner table written before its outer one: name it and both lines."""
    by_line = {s.line: s for s in statements}
    here = by_line.get(line)
    if here is None:
        return None
    before = [s for s in statements if s.line < line]
    if here.header is not None:
        brackets, name = here.header
        if brackets == "[[":
            for s in before:
                if s.header and s.header[1] == name:
                    break  # an earlier [[name]]: the inner table belongs to it
                if s.header and s.header[1].startswith(name + "."):
                    inner = s.header[0] + s.header[1] + ("]]" if s.header[0] == "[[" else "]")
                    words = _("{inner} comes before any [[{outer}]]: it belongs to the [[{outer}]] above it; "
                              "move it below the [[{outer}]] it belongs to (the first is at line {outer_line})")
                    return s.line, words.format(inner=inner, outer=name, outer_line=line)
        first = next((s.line for s in before if s.header == here.header), None)
        if first is not None:
            shown = brackets + name + ("]]" if brackets == "[[" else "]")
            return line, _("{table} is defined twice, at lines {first} and {line}; keep one").format(
                table=shown, first=first, line=line)
        return None
    if here.key is None:
        return None
    table = next((s.header[1] for s in reversed(before) if s.header is not None), "")
    full = f"{table}.{here.key}" if table else here.key
    for s in reversed(before):  # the key's table: from the last header above it
        if s.header is not None:
            break
        if s.key == here.key:
            return line, _("'{key}' is defined twice, at lines {first} and {line}; keep one").format(
                key=full, first=s.line, line=line)
    return line, _("'{key}' is defined twice (or is a table and a value); keep one").format(key=full)
