"""Get help now, as plain lines: the emergency line first, then crisis lines by country, the learner's first;
and the country command, which chooses the country listed first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.helplines import Helplines, Line, built_in, first_country
from ..i18n import _
from ..progress.faults import STORAGE_FAULTS
from .moves import Back
from .support import has_support

if TYPE_CHECKING:
    from .session import PlainSession


def help_now(session: PlainSession) -> list[str]:
    """What the help command prints: the learner's country first (else the site's), and how to change it."""
    try:  # Get help now is shown even while the record cannot be read (the shared database is down)
        chosen = session.learner.setting("country") if session.learner is not None else None
    except STORAGE_FAULTS:
        chosen = None
    lines = [*help_lines(_helplines(session), first_country(chosen, session.country)),
             _("To list another country first, type country.")]
    if has_support(session.support):
        lines.append(_("For support groups and services near here, type support."))
    return lines


def choose_country(session: PlainSession) -> None:
    """Let the learner pick the country Get help now lists first; saved with the profile, as the TUI does."""
    console = session.console
    learner = session.learner
    if learner is None:
        console.say("", _("Choose or make your profile first; then type country to choose your country. "
                          "Type help to see every country's crisis lines now."))
        return
    countries = [c for c in _helplines(session).country if not c.local]  # the site's own lines are always first
    first = (first_country(learner.setting("country"), session.country) or "").upper()
    options = [_("{country} (listed first now)").format(country=c.name) if c.code.upper() == first else c.name
               for c in countries]
    words: dict[str, int] = {}
    for index, country in enumerate(countries):  # its code or its name choose a country, as its number does
        words[country.code.lower()] = words[country.name.lower()] = index
    lines = ["", _("Your country for Get help now: its crisis lines are listed first.")]
    instruction = _("Type the number of your country, from 1 to {count}, or type back to keep it as it is.").format(
        count=len(countries))
    try:
        index = console.choose(lines, options, words=words, instruction=instruction)
    except Back:
        console.say(_("Your country is as it was."))
        return
    learner.set_setting("country", countries[index].code)
    console.say(_("Get help now will list {country} first.").format(country=countries[index].name))


def _helplines(session: PlainSession) -> Helplines:
    return session.helplines or built_in()


def help_lines(helplines: Helplines, country: str | None) -> list[str]:
    """Everything the `help` command prints; the first line is always the emergency line."""
    first = helplines.first_country(country)
    lines = [helplines.emergency, "", _("Get help now: crisis lines by country.") if first is None else
             _("Get help now: crisis lines by country; {country} is listed first.").format(country=first.name)]
    for place in helplines.ordered(country):
        lines.append("")
        if place.emergency:
            heading = _("{country} (emergency number: {number}):").format(country=place.name, number=place.emergency)
        else:
            heading = _("{country}:").format(country=place.name)
        lines.append(heading)
        lines.extend(_line(line) for line in place.line)
        if not place.line:
            lines.append(_("- Call the emergency number, or see the directory below.") if place.emergency
                         else _("- See the directory below."))
    lines += ["", helplines.directory, _("List checked: {date}").format(date=helplines.checked_words)]
    return lines


def _line(line: Line) -> str:
    text = f"- {line.name}"
    if line.audience:
        text += f" ({line.for_whom()})"
    reach = line.how_to_reach()
    if reach:
        text += f": {reach}"
    notes = [*line.notes(), *([_("a local service")] if line.local else [])]
    if notes:
        text += f" ({'; '.join(notes)})"
    return text
