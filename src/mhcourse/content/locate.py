"""Find the line of each key in a TOML text.

tomllib gives values but no positions, so this small scanner walks the text once and
records where every table header and every `key =` begins. It understands just enough
TOML to do that safely: comments, headers, arrays of tables, dotted and quoted keys,
and strings (multi-line too) whose contents must not be mistaken for keys.
"""

from __future__ import annotations

from .problems import KeyPath

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class KeyLines:
    """The line on which each key path of a TOML document starts.

    The text is scanned only when a line is first asked for: the scan costs about as much as the
    parse, and a valid file never needs it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[KeyPath, int] = {}
        self._arrays: dict[KeyPath, int] = {}
        self._scanned = False

    def line_of(self, key: KeyPath) -> int:
        """The line of `key`, or of its nearest located parent; 1 when none is found."""
        if not self._scanned:
            self._scanned = True
            self._scan()
        for end in range(len(key), 0, -1):
            line = self.lines.get(tuple(key[:end]))
            if line is not None:
                return line
        return 1

    def _resolve(self, parts: list[str]) -> KeyPath:
        """A header's dotted name -> a key path, with the current index of each array of tables."""
        path: KeyPath = ()
        for part in parts:
            path += (part,)
            if path in self._arrays:
                path += (self._arrays[path] - 1,)
        return path

    def _scan(self) -> None:
        text, n = self.text, len(self.text)
        i, line, depth = 0, 1, 0
        table: KeyPath = ()
        at_statement = True
        while i < n:
            c = text[i]
            if c == "\n":
                line += 1
                i += 1
                at_statement = at_statement or depth == 0
                continue
            if c in " \t\r":
                i += 1
                continue
            if c == "#":
                i = _end_of_line(text, i)
                continue
            if at_statement and depth == 0:
                at_statement = False
                if c == "[":
                    i, table = self._header(i, line)
                else:
                    parts, i = _key(text, i)
                    if parts:
                        self.lines.setdefault(table + tuple(parts), line)
                continue
            if c in "\"'":
                start = i
                i = _end_of_string(text, i)
                line += text.count("\n", start, i)
                continue
            if c in "[{":
                depth += 1
            elif c in "]}":
                depth = max(0, depth - 1)
            i += 1

    def _header(self, i: int, line: int) -> tuple[int, KeyPath]:
        text = self.text
        is_array = text.startswith("[[", i)
        parts, i = _key(text, i + (2 if is_array else 1))
        for end in range(1, len(parts)):  # `[[scenarios.steps]]` also names `scenarios`, at its first header
            self.lines.setdefault(self._resolve(parts[:end]), line)
        if is_array and parts:
            name = self._resolve(parts[:-1]) + (parts[-1],)
            index = self._arrays.get(name, 0)
            self._arrays[name] = index + 1
            self.lines.setdefault(name, line)  # the array as a whole starts at its first table
            table = name + (index,)
        else:
            table = self._resolve(parts)
        self.lines.setdefault(table, line)
        return _end_of_line(text, i), table


def _end_of_line(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _end_of_string(text: str, i: int) -> int:
    """Index just past the string that starts at i (basic or literal, one-line or multi-line)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        j = i + 3
        while True:
            k = text.find(quote * 3, j)
            if k < 0:
                return len(text)
            if quote == '"' and _escaped(text, k):
                j = k + 1
                continue
            # A closing delimiter may carry up to two more quotes that belong to the string.
            while text.startswith(quote, k + 3) and k + 3 < len(text):
                k += 1
            return k + 3
    j = i + 1
    while j < len(text) and text[j] != "\n":
        if text[j] == "\\" and quote == '"':
            j += 2
            continue
        if text[j] == quote:
            return j + 1
        j += 1
    return j


def _escaped(text: str, k: int) -> bool:
    slashes = 0
    while k - 1 - slashes >= 0 and text[k - 1 - slashes] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _key(text: str, i: int) -> tuple[list[str], int]:
    """Parse a dotted key starting at i; return its parts and the index after it."""
    parts: list[str] = []
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        c = text[i]
        if c in "\"'":
            end = _end_of_string(text, i)
            raw = text[i + 1 : end - 1]
            parts.append(raw if c == "'" else _unescape(raw))
            i = end
        elif c in _BARE:
            start = i
            while i < n and text[i] in _BARE:
                i += 1
            parts.append(text[start:i])
        else:
            break
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == ".":
            i += 1
            continue
        break
    return parts, i


def _unescape(raw: str) -> str:
    try:
        return raw.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return raw
