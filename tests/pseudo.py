"""The pseudo-language in tests: a module whose every text is rewritten as the catalog's pseudo-language
rewrites the interface, and a check that finds what a screen still says in plain English.

With `MHCOURSE_LANG=qps` every string that goes through `_()` reads like "⟦Bàçk⟧"; with a pseudo module the
author's text does too. A word of plain letters left on a screen is then a string that missed gettext.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from mhcourse.i18n import pseudo

ROOT = Path(__file__).resolve().parent.parent
TEXT_KEYS = {"title", "summary", "content_note", "body", "key_points", "prompt", "explanation", "text", "feedback",
             "items", "term", "meaning", "intro", "publisher", "authors"}
"""The module format's keys that hold words a learner reads (ids, tags, urls and the like are left alone)."""

_MARKDOWN_LEAD = re.compile(r"^(\s*(?:#{1,6}\s|[-*+]\s|>\s?|\d+\.\s|\|)?)(.*)$")


def pseudo_markdown(body: str) -> str:
    """Each line's words rewritten, its Markdown lead (#, -, >, 1.) kept so the page keeps its shape."""
    out = []
    for line in body.split("\n"):
        lead, rest = _MARKDOWN_LEAD.match(line).groups()  # type: ignore[union-attr]
        if "|" in rest:  # a table row: each cell on its own
            rest = "|".join(pseudo(cell) if cell.strip(" -:") else cell for cell in rest.split("|"))
        else:
            rest = pseudo(rest)
        out.append(lead + rest)
    return "\n".join(out)


def _rewrite(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _rewrite(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(item, key) for item in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return pseudo_markdown(value) if key == "body" else pseudo(value)
    return value


def pseudo_module(source: Path, folder: Path) -> Path:
    """A copy of the module `source` in `folder`, every text of it in the pseudo-language (ids kept)."""
    data = _rewrite(tomllib.loads(source.read_text(encoding="utf-8")))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    target.write_text(tomli_w.dumps(data), encoding="utf-8")
    return target


ALLOWED = {"mhcourse", "F1", "Ctrl", "Esc", "PgUp", "PgDn", "Tab", "Shift"}
"""Words that are the same in every language: the product's name and key caps."""


def unconverted(screen: str, allowed: set[str] = ALLOWED) -> list[str]:
    """The lines of `screen` that still hold plain words (three letters or more) outside any ⟦...⟧."""
    text = screen
    while True:  # innermost first: a sentence filled in with another
        shorter = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"⟦[^\n]*", " ", text)  # opened and cut off at the edge of the screen
    text = re.sub(r"(?m)^[^\n⟦]*⟧", " ", text)  # the end of one that began on an earlier line
    found = []
    for line in text.split("\n"):
        words = [w for w in re.findall(r"(?<!\w)[A-Za-z]{3,}(?!\w)", line) if w not in allowed]
        if words:
            found.append(line.strip())
    return found
