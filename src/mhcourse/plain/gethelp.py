"""Get help now, as plain lines: the emergency line first, then crisis lines by country, the learner's first."""

from __future__ import annotations

from ..content.helplines import Helplines, Line


def help_lines(helplines: Helplines, country: str | None) -> list[str]:
    """Everything the `help` command prints; the first line is always the emergency line."""
    lines = [helplines.emergency, "", "Get help now: crisis lines, your country first."]
    for place in helplines.ordered(country):
        lines.append("")
        heading = place.name
        if place.emergency:
            heading += f" (emergency number: {place.emergency})"
        lines.append(heading + ":")
        lines.extend(_line(line) for line in place.line)
        if not place.line:
            lines.append("- Call the emergency number, or see the directory below." if place.emergency
                         else "- See the directory below.")
    lines += ["", helplines.directory, f"List checked: {helplines.checked}"]
    return lines


def _line(line: Line) -> str:
    text = f"- {line.name}"
    reach = line.how_to_reach()
    if reach:
        text += f": {reach}"
    notes = [n for n in (line.region, line.hours, "a local service" if line.local else None) if n]
    if notes:
        text += f" ({'; '.join(notes)})"
    return text
