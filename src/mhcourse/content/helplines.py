"""The "Get help now" list: crisis lines grouped by country, the learner's country first."""

from __future__ import annotations

import locale
import os
import re
import tomllib
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field, field_validator

DIALABLE = re.compile(r"^\+?[0-9]{2,20}$")
"""What a tel: or sms: link may carry: digits, with a leading + at most (never guessed from the words)."""


class Line(BaseModel):
    """One service: how to reach it, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    phone: str | None = None
    """The number as people write it ("116 123", "111, then the mental health option")."""
    dial: str | None = None
    """`phone` as a phone dials it, digits and a leading + only ("116123"): the web page's tel: link.
    Without it the number is shown as text only (a link is never guessed from `phone`)."""
    text: str | None = None
    sms: str | None = None
    """The number to text, digits and a leading + only ("85258"): the web page's sms: link."""
    url: str | None = None
    hours: str | None = None
    region: str | None = None
    local: bool = False
    """Added by this site's configuration."""

    @field_validator("dial", "sms")
    @classmethod
    def _dialable(cls, value: str | None) -> str | None:
        if value is not None and not DIALABLE.match(value):
            raise ValueError("a number to dial is digits, with a leading + at most, like \"116123\"")
        return value

    def how_to_reach(self) -> str:
        ways = []
        if self.phone:
            ways.append(f"call {self.phone}")
        if self.text:
            ways.append(self.text if self.text.lower().startswith("text") else f"text {self.text}")
        if self.url:
            ways.append(self.url)
        return ", ".join(ways)


class Country(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    name: str
    emergency: str | None = None
    line: list[Line] = Field(default_factory=list)
    local: bool = False
    """The site's own lines ("Local services"): listed first, and not a country a learner picks."""


class Helplines(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    checked: str
    emergency: str
    directory: str
    country: list[Country]

    def ordered(self, first: str | None) -> list[Country]:
        """The site's local lines first, then the learner's country (by code), the rest as listed."""
        code = (first or "").upper()
        return sorted(self.country, key=lambda c: (not c.local, c.code.upper() != code))

    def find(self, code: str | None) -> Country | None:
        return next((c for c in self.country if c.code.upper() == (code or "").upper()), None)


@cache
def built_in() -> Helplines:
    raw = files("mhcourse.content").joinpath("data/helplines.toml").read_text(encoding="utf-8")
    return Helplines.model_validate(tomllib.loads(raw))


def country_from_locale() -> str | None:
    """The learner's likely country from the system locale (en_GB.UTF-8 -> GB); None when unknown."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            break
    else:
        value = locale.getlocale()[0] or ""
    tag = value.split(".")[0].replace("-", "_")
    if "_" in tag:
        code = tag.split("_")[1][:2].upper()
        return code if code.isalpha() and len(code) == 2 else None
    return None


def first_country(chosen: str | None, site: str | None) -> str | None:
    """The country Get help now lists first: the learner's own choice, else the site's, else the locale's.

    `chosen` is the learner's "country" setting, `site` the site config's [helplines] country.
    """
    return chosen or listed_country(site) or country_from_locale()


ALIASES = {"UK": "GB"}
"""Codes people write for a country the list files under its ISO code."""


def listed_country(code: str | None) -> str | None:
    """The built-in list's code for `code` ("uk" -> "GB"); None when the list has no such country.

    A site's code that matches nothing would put no country first, so it counts as not set.
    """
    code = (code or "").upper()
    code = ALIASES.get(code, code)
    return code if built_in().find(code) is not None else None
