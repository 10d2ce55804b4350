"""Plain-language measures of lesson text: word counts and the Flesch-Kincaid grade.

The same functions serve the lint and the tests of the bundled course, so a module
that passes one passes the other.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"```.*?```", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`>#|~]+")
_BULLET = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+", re.M)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")


def plain_text(markdown: str) -> str:
    """Markdown reduced to its words; every block (paragraph, list item, heading) ends a sentence.

    Lines inside a paragraph are joined, as Markdown does; a heading, a list item or a blank
    line starts a new block.
    """
    text = _LINK.sub(r"\1", _FENCE.sub(" ", markdown))
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        starts_block = not line.strip() or line.lstrip().startswith(("#", "|", ">")) or _BULLET.match(line)
        if starts_block and current:
            blocks.append(" ".join(current))
            current = []
        cleaned = _MARKUP.sub(" ", _BULLET.sub("", line)).strip()
        if cleaned:
            current.append(cleaned)
    if current:
        blocks.append(" ".join(current))
    return " ".join(b if _SENTENCE_END.search(b[-1:] + " ") else b + "." for b in blocks)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(markdown: str) -> int:
    return len(words(plain_text(markdown)))


def syllables(word: str) -> int:
    """A common English heuristic: vowel groups, less a silent final e; at least one."""
    w = word.lower().replace("’", "'").split("'")[0]
    if not w.isalpha():
        return 1
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    sounded = ("ted", "ded", "ses", "zes", "ces", "ges", "xes", "shes", "ches")  # the -ed or -es is a syllable here
    if w.endswith(("ed", "es")) and count > 1 and not w.endswith(sounded):
        count -= 1
    return max(count, 1)


def grade(markdown: str) -> float:
    """Flesch-Kincaid grade level of a Markdown text (0 for a text with no words)."""
    text = plain_text(markdown)
    ws = words(text)
    if not ws:
        return 0.0
    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    syl = sum(syllables(w) for w in ws)
    return 0.39 * (len(ws) / sentences) + 11.8 * (syl / len(ws)) - 15.59
