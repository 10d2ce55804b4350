"""The site's helplines: its local lines merged into the built-in Get help now list, and the checks on
them (a list checked over a year ago, a country the built-in list lacks).

The built-in list itself (the lines every learner sees, with or without a site config) is
content/data/helplines.toml, read by content/helplines.py.
"""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import difflib
from typing import TYPE_CHECKING

from ..content.helplines import ALIASES, Country, Helplines, Line, built_in
from ..content.problems import Problem
from ..i18n import N_, _
from .schema import CHECKED, HelplinesSettings, checked_date

if TYPE_CHECKING:
    from .config import SiteConfig

LOCAL_CODE = "LOCAL"
LOCAL_NAME = N_("Local services")
"""Shown through _() where the language is known (Country.name)."""


def merge_helplines(settings: HelplinesSettings) -> Helplines:
    """The built-in list with a "Local services" group first; in replace mode that group alone.

    The emergency advice and the international directory stay in both modes.
    """
    base = built_in()
    if not settings.line:
        return base
    local = Country(
        code=LOCAL_CODE,
        own_name=LOCAL_NAME,
        own_emergency=settings.emergency,
        local=True,
        line=[Line.model_validate({**entry.model_dump(exclude={"phone", "number", "checked"}),
                                   "number": entry.number or entry.phone, "checked": entry.checked or settings.checked,
                                   "local": True}) for entry in settings.line],
    )
    said = {"own_emergency": base.own_emergency, "own_directory": base.own_directory, "in_": base.in_}
    if settings.mode == "replace":
        return Helplines(checked=settings.checked or "", country=[local], **said)
    checked = f"{base.checked}; local services {settings.checked}" if settings.checked else base.checked
    return Helplines(checked=checked, country=[local, *base.country], **said)


def old_spellings(site: SiteConfig) -> list[Problem]:
    """A note (rule "note": nothing to fix) for each local line that writes `phone`, the older name of `number`."""
    message = _("'phone' is the older name of 'number'; it still works, and 'number' is the name to use from now on")
    return [dc.replace(site.problem(("helplines", "line", i, "phone"), message, warning=False), rule="note")
            for i, line in enumerate(site.helplines_settings.line) if line.phone and not line.number]


def is_stale(checked: str, today: dt.date) -> bool:
    """Over a year since the check: 13 months or more for a month, over 365 days for a day."""
    when = checked_date(checked)
    if when is None:
        return False
    if CHECKED.match(checked.strip()).group(3) is None:  # type: ignore[union-attr]
        return (today.year - when.year) * 12 + today.month - when.month > 12
    return (today - when).days > 365


def helplines_age_warnings(site: SiteConfig, today: dt.date | None = None) -> list[Problem]:
    """Warnings for a helplines list checked over a year ago: the site's lines, and the built-in list."""
    today = today or dt.date.today()
    out = []
    settings = site.helplines_settings
    if settings.line and settings.checked and is_stale(settings.checked, today):
        message = _("your local lines were last checked {checked}, over a year ago: call or visit each one to check "
                    "it still works, then update `checked`").format(checked=settings.checked)
        out.append(site.problem(("helplines", "checked"), message))
    for i, line in enumerate(settings.line):
        if line.checked and is_stale(line.checked, today):
            message = _("'{name}' was last checked {checked}, over a year ago: call or visit it to check it still "
                        "works, then update its `checked`").format(name=line.name, checked=line.checked)
            out.append(site.problem(("helplines", "line", i, "checked"), message))
    if not (settings.line and settings.mode == "replace"):
        built = built_in().checked
        if is_stale(built, today):
            message = _("the built-in helplines were last checked {checked}, over a year ago: update mhcourse, or "
                        "check them and add corrections as local lines").format(checked=built)
            out.append(Problem(None, message, warning=True))
    return out


def country_problem(code: str | None) -> str | None:
    """What is wrong with a site's [helplines] country, in words; None when the list has it (or none is set)."""
    if not code or built_in().find(code) is not None:  # "UK" is a problem too: Get help now says GB
        return None
    places = [c for c in built_in().country if not c.local]
    near = ALIASES.get(code.upper())
    if near is None:
        by_word = {c.code.upper(): c.code for c in places} | {n.upper(): c.code for c in places for n in c.names()}
        close = difflib.get_close_matches(code.upper(), list(by_word), n=1, cutoff=0.6)  # not XX for MX
        near = by_word[close[0]] if close else None
    if near is not None:
        return _("'{code}' is not a country in the Get help now list; did you mean {near}?").format(code=code,
                                                                                                 near=near)
    codes = ", ".join(c.code for c in places)
    return _("'{code}' is not a country in the Get help now list: use one of {codes}, or leave it out").format(
        code=code, codes=codes)
