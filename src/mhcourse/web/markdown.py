"""The one renderer of author markdown (a lesson's body) to HTML: the only author text a page shows as markup.

An author's file may come from anyone, and the page is served to a room: so raw HTML in a body is
shown as text (never run), an image is shown as its description (the page fetches nothing from
anywhere), and a link goes only to http, https or mailto (no javascript:, data: or file:).
Headings move down so the body's top heading is an h2 under the page's one h1, and none skips a
level, so a screen reader's list of headings reads in order. Each top-level block is a part the core
counts (content/parts.py) and has `id="part-N"`, so a link can open the lesson where the learner was.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from ..content.parts import parts

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
TOP_LEVEL = 2
"""The level the body's top heading takes: the page's title is its one h1."""


def render(text: str) -> Markup:
    """A lesson body as safe HTML for a page (Markup: the template shows it as is)."""
    return Markup(_parser().render(text))  # html is off: markdown-it escaped every text


def allowed_link(url: str) -> bool:
    """Only web and mail links: never a script, a data: or file: address, or a page of this server."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in LINK_SCHEMES


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = allowed_link  # type: ignore[method-assign]
    md.core.ruler.push("course_headings", _shift_headings)
    md.core.ruler.push("course_parts", _name_parts)
    md.add_render_rule("image", _image_as_text)
    md.add_render_rule("link_open", _link_open)
    return md


def _shift_headings(state: StateCore) -> None:
    """The top heading becomes an h2, and each heading at most one level below the one before."""
    opens = [t for t in state.tokens if t.type == "heading_open"]
    if not opens:
        return
    shift = TOP_LEVEL - min(int(t.tag[1]) for t in opens)
    previous = TOP_LEVEL - 1
    closing: dict[int, str] = {}
    for token in state.tokens:
        if token.type == "heading_open":
            level = min(int(token.tag[1]) + shift, previous + 1, 6)
            closing[token.level] = token.tag = f"h{level}"
            previous = level
        elif token.type == "heading_close":
            token.tag = closing.get(token.level, token.tag)


def _name_parts(state: StateCore) -> None:
    """`id="part-N"` on each top-level block, N as the core counts it (by the line the block starts on)."""
    starts = {part.start: part.index for part in parts(state.src)}
    for token in state.tokens:
        if token.level == 0 and token.nesting >= 0 and token.map is not None and token.map[0] in starts:
            token.attrSet("id", f"part-{starts[token.map[0]]}")


def _image_as_text(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                   env: EnvType) -> str:
    """An image is shown as its description: the page loads nothing, and the words still reach the learner."""
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    return str(escape(alt))


def _link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> Any:
    """A link out of the course tells the other site nothing about where it came from."""
    tokens[idx].attrSet("rel", "noreferrer")
    return self.renderToken(tokens, idx, options, env)
