"""Local support in plain text: the groups, services and partner organisations the site lists ([support]),
with the words of the TUI's Local support screen."""

from __future__ import annotations

from ..i18n import _
from ..site.schema import SupportEntry, SupportSettings


def has_support(support: SupportSettings | None) -> bool:
    """Whether the site lists any local support (else there is no menu item and no page)."""
    return support is not None and not support.is_empty()


def support_lines(support: SupportSettings | None) -> list[str]:
    """The Local support page: the site's words first, then each kind of entry under its heading."""
    lines = [_("Local support")]
    if support is None:
        return lines
    if support.intro:
        lines.append(support.intro)
    for heading, entries in ((_("Support groups"), support.groups), (_("Services"), support.services),
                             (_("Partner organisations"), support.partners)):
        if entries:
            lines += ["", heading]
            for entry in entries:
                lines += _entry(entry)
    lines += ["", _("If you or someone else is in immediate danger, call your local emergency number. "
                    "Type help for Get help now.")]
    return lines


def _entry(entry: SupportEntry) -> list[str]:
    """One group or service: its name as a list item, and each thing known about it on a line of its own."""
    lines = [f"- {entry.name}"]
    for words, value in ((None, entry.what), (_("When: {value}"), entry.when), (_("Where: {value}"), entry.where),
                         (_("How to reach: {value}"), entry.how_to_reach)):
        if value:
            lines.append("  " + (words.format(value=value) if words else value))
    return lines
