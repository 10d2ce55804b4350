"""Local support: the groups, services and partner organisations this site lists, and how to reach them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...i18n import N_, _
from ..text import literal, styled
from ..widgets.bar import TopBar
from ..widgets.footer import CourseFooter
from .base import InCourse

if TYPE_CHECKING:
    from ...site.config import SiteConfig

KINDS = (("groups", N_("Support groups")), ("services", N_("Services")), ("partners", N_("Partner organisations")))


def has_local_support(site: SiteConfig | None) -> bool:
    """Whether the site lists local support: never without a config file (the defaults list none; asked before
    the site's models are imported, by home's footer)."""
    if site is None:
        return False
    support = site.support
    return bool(support.groups or support.services or support.partners)


class LocalSupportScreen(InCourse, Screen[None]):  # type: ignore[misc]
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"))]

    def compose(self) -> ComposeResult:
        site = self.app.site
        support = site.support
        yield TopBar(_("Local support"), name=site.name or "")
        with VerticalScroll(classes="page", id="support-page"):
            if support.intro:
                yield Static(literal(support.intro), classes="prose")
            for kind, heading in KINDS:
                entries = getattr(support, kind)
                if not entries:
                    continue
                yield Static(_(heading), classes="title")
                for entry in entries:
                    yield Static(self._entry(entry), classes="support-entry")
            yield Static(_("If you or someone else is in immediate danger, call your local emergency number. "
                           "Press F1 for Get help now."), classes="prose hint")
        yield CourseFooter()

    def _entry(self, entry):
        parts: list[str | tuple[str, str]] = [(entry.name, "bold")]
        for label, value in (("", entry.what), (_("When: "), entry.when), (_("Where: "), entry.where),
                             (_("How to reach: "), entry.how_to_reach)):
            if value:
                parts += ["\n", (label, "italic"), value] if label else ["\n", value]
        return styled(*parts)

    def on_mount(self) -> None:
        self.query_one("#support-page").focus()
