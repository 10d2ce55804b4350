"""Author and learner text is data: these helpers show it literally, never as markup."""

from __future__ import annotations

from textual.content import Content


def literal(text: str) -> Content:
    """Text shown exactly as typed: '[bold red]' stays '[bold red]'."""
    return Content(text)


def styled(*parts: str | tuple[str, str]) -> Content:
    """Plain strings and (text, style) pairs joined; no part is parsed as markup."""
    return Content.assemble(*parts)
