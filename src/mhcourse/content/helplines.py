"""The "Get help now" list: crisis lines grouped by country, the learner's country first."""

from __future__ import annotations

import locale
import os
import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..i18n import PSEUDO, SHIPPED, _, current_language, format_month, pseudo

DIALABLE = re.compile(r"^\+?[0-9]{2,20}$")
"""What a tel: or sms: link may carry: digits, with a leading + at most (never guessed from the words)."""


# defer_build on each model: the validators are built when a list is first read (the built-in one once per
# process), not at import, where the classes cost some 15 ms on the way to a start's first key.


class LineWords(BaseModel):
    """A line's words in one language (`in.es = { name = "...", hours = "..." }`): each one given replaces the
    line's own when a learner speaks that language; the rest stay as the line gives them."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: str | None = None
    number: str | None = None
    text: str | None = None
    url: str | None = None
    audience: str | None = None
    hours: str | None = None
    region: str | None = None
    languages: list[str] | None = None


class CountryWords(BaseModel):
    """A country's words in one language: its name ("España") and how its emergency number reads ("112 o 15")."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: str | None = None
    emergency: str | None = None


class ListWords(BaseModel):
    """The list's two sentences in one language: the emergency advice and the international directory."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    emergency: str | None = None
    directory: str | None = None


def _in_shipped(forms: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(forms) - set(SHIPPED))
    if unknown:
        raise ValueError(f"`in` takes the languages {', '.join(SHIPPED)}, not {', '.join(unknown)}")
    return forms


class Said:
    """A word of a Spoken model as the learner's language says it: `hours = Said()` reads `own_hours`, or the
    form for the language spoken now under `in`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, spoken: Spoken | None, owner: type | None = None) -> Any:
        if spoken is None:
            return self
        return spoken._said(self.key, getattr(spoken, f"own_{self.key}"))


class Spoken(BaseModel):
    """Words given in the data's own language, with forms for other languages under `in` (a table per language
    code). What a face reads (`name`, `hours`...) is in `i18n.current_language()`: the form for it when the data
    has one, else the data's own words. In the pseudo-language every word is rewritten, as a pseudo module's is."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, ignored_types=(Said,),
                              defer_build=True)

    @field_validator("in_", check_fields=False)
    @classmethod
    def _shipped(cls, forms: dict[str, Any]) -> dict[str, Any]:
        return _in_shipped(forms)

    def _said(self, key: str, own: Any) -> Any:
        language = current_language()
        if language == PSEUDO:
            return [pseudo(w) for w in own] if isinstance(own, list) else pseudo(own) if own else own
        form = self.in_.get(language)  # type: ignore[attr-defined]
        value = getattr(form, key, None) if form is not None else None
        return own if value is None else value


class Line(Spoken):
    """One service: how to reach it, who it is for, and when. The fields are defined here once (and in
    docs/facilitators.md, "The fields of a line"); a site config's [[helplines.line]] has the same ones.

    `name`, `number`, `text`, `url`, `audience`, `hours`, `region` and `languages` read in the learner's language
    (Spoken): the data's own words are `own_name` and so on, the forms for other languages `in_`."""

    own_name: str = Field(alias="name")
    own_number: str | None = Field(default=None, alias="number")
    """The number to call as people write it ("116 123", "111, then the mental health option")."""
    dial: str | None = None
    """`number` as a phone dials it, digits and a leading + only ("116123"): the web page's tel: link.
    Without it the number is shown as text only (a link is never guessed from `number`)."""
    own_text: str | None = Field(default=None, alias="text")
    """How to text it: the number and the keyword, if any ("text SHOUT to 85258", or just "988")."""
    sms: str | None = None
    """The number to text, digits and a leading + only ("85258"): the web page's sms: link. Given, never derived
    from `text`, for the same reason as `dial`."""
    own_url: str | None = Field(default=None, alias="url")
    """A web address for chat or information."""
    own_audience: str | None = Field(default=None, alias="audience")
    """Who the line is for, when it is for a group ("young people", "LGBTQ+ young people"): every face shows
    "for young people" beside its name. None: for anyone."""
    own_hours: str | None = Field(default=None, alias="hours")
    """When it is open ("24/7")."""
    own_languages: list[str] = Field(default_factory=list, alias="languages")
    """The languages it answers in, when that is worth saying (["English", "French"])."""
    own_region: str | None = Field(default=None, alias="region")
    """The area it serves, when not the whole country ("Scotland")."""
    source: str | None = None
    """The address where the line was checked: the service's own site."""
    checked: str | None = None
    """The month (or day) this line was last checked; None: the list's own `checked`."""
    local: bool = False
    """Added by this site's configuration."""
    in_: dict[str, LineWords] = Field(default_factory=dict, alias="in")
    """The line's words in other languages, by language code: `in.es = { name = "...", hours = "..." }`."""

    name: ClassVar[Said] = Said()
    number: ClassVar[Said] = Said()
    text: ClassVar[Said] = Said()
    url: ClassVar[Said] = Said()
    audience: ClassVar[Said] = Said()
    hours: ClassVar[Said] = Said()
    region: ClassVar[Said] = Said()
    languages: ClassVar[Said] = Said()

    @model_validator(mode="before")
    @classmethod
    def _old_spelling(cls, data: Any) -> Any:
        """`phone`, the older name of `number`, still reads."""
        if isinstance(data, dict) and "phone" in data:
            data = dict(data)
            phone = data.pop("phone")
            if data.get("number") is None:
                data["number"] = phone
        return data

    @field_validator("dial", "sms")
    @classmethod
    def _dialable(cls, value: str | None) -> str | None:
        if value is not None and not DIALABLE.match(value):
            raise ValueError("a number to dial is digits, with a leading + at most, like \"116123\"")
        return value

    @property
    def phone(self) -> str | None:
        """The older name of `number`."""
        return self.number

    def for_whom(self) -> str | None:
        """ "for young people" when the line is for a group; None when it is for anyone."""
        return _("for {audience}").format(audience=self.audience) if self.audience else None

    def how_to_reach(self) -> str:
        ways = []
        if self.number:
            ways.append(_("call {number}").format(number=self.number))
        if self.text:
            said = (self.own_text or "").lower().startswith("text")  # "text SHOUT to 85258": a whole phrase
            ways.append(self.text if said else _("text {number}").format(number=self.text))
        if self.url:
            ways.append(self.url)
        return ", ".join(ways)

    def notes(self) -> list[str]:
        """What to say after the ways to reach it: region, hours, languages (each shown only when set)."""
        out = [n for n in (self.region, self.hours) if n]
        if self.languages:
            out.append(_("in {languages}").format(languages=", ".join(self.languages)))
        return out


class Country(Spoken):
    """A country's lines. `name` and `emergency` read in the learner's language (Spoken)."""

    code: str
    own_name: str = Field(alias="name")
    own_emergency: str | None = Field(default=None, alias="emergency")
    line: list[Line] = Field(default_factory=list)
    local: bool = False
    """The site's own lines ("Local services"): listed first, and not a country a learner picks."""
    in_: dict[str, CountryWords] = Field(default_factory=dict, alias="in")

    @property
    def name(self) -> str:
        if self.local:  # "Local services", named by the course (site/helplines.py), not by the data
            return _(self.own_name)
        return str(self._said("name", self.own_name))

    emergency: ClassVar[Said] = Said()

    def names(self) -> set[str]:
        """Every name the data gives it, in any language ("Spain", "España", "Espagne")."""
        return {self.own_name, *(form.name for form in self.in_.values() if form.name)}


class Helplines(Spoken):
    """The whole list. `emergency` and `directory` read in the learner's language (Spoken)."""

    checked: str
    own_emergency: str = Field(alias="emergency")
    own_directory: str = Field(alias="directory")
    country: list[Country]
    in_: dict[str, ListWords] = Field(default_factory=dict, alias="in")

    @property
    def checked_words(self) -> str:
        """When the list was checked, as the learner's language writes a month ("November 2026", "noviembre de
        2026"); as written when it is not a YYYY-MM month."""
        try:
            year, month = (int(part) for part in self.checked.split("-")[:2])
            return format_month(year, month)
        except ValueError:
            return self.checked

    emergency: ClassVar[Said] = Said()
    directory: ClassVar[Said] = Said()

    def ordered(self, first: str | None) -> list[Country]:
        """The site's local lines first, then the learner's country (by code), the rest as listed."""
        code = (first or "").upper()
        return sorted(self.country, key=lambda c: (not c.local, c.code.upper() != code))

    def first_country(self, first: str | None) -> Country | None:
        """The country listed first after the site's own lines: every face names it, so a learner elsewhere
        knows to choose theirs."""
        return next((country for country in self.ordered(first) if not country.local), None)

    def find(self, code: str | None) -> Country | None:
        return next((c for c in self.country if c.code.upper() == (code or "").upper()), None)


@cache
def built_in() -> Helplines:
    raw = files("mhcourse.content").joinpath("data/helplines.toml").read_text(encoding="utf-8")
    return Helplines.model_validate(tomllib.loads(raw))


def country_of(tag: str | None) -> str | None:
    """The country a locale name or language tag names: "es_MX.UTF-8" and "fr-BE" -> "MX" and "BE"; "es" -> None.

    A language alone names no country: a learner who speaks Spanish may be anywhere."""
    base = re.split(r"[.@]", (tag or "").strip(), maxsplit=1)[0].replace("-", "_")
    for part in base.split("_")[1:]:  # "zh_Hant_TW": the script, then the region
        if len(part) == 2 and part.isascii() and part.isalpha():
            return part.upper()
    return None


def country_from_locale() -> str | None:
    """The learner's likely country from the system locale (en_GB.UTF-8 -> GB); None when unknown."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            break
    else:
        value = locale.getlocale()[0] or ""
    return country_of(value)


def first_country(chosen: str | None, site: str | None, asked: list[str] | None = None) -> str | None:
    """The country Get help now lists first: the learner's own choice, else the site's, else the locale's.

    `chosen` is the learner's "country" setting, `site` the site config's [helplines] country. `asked` is a
    browser's languages (Accept-Language, most wanted first): for a web visitor the first of them that names a
    country of the list ("es-MX") stands in for the computer's locale, which is the server's, not theirs.
    The learner's language alone never moves the list: the country is where they are, not what they speak.
    """
    if chosen or listed_country(site):
        return chosen or listed_country(site)
    if asked is not None:
        return next((code for code in map(listed_country, map(country_of, asked)) if code), None)
    return country_from_locale()


ALIASES = {"UK": "GB"}
"""Codes people write for a country the list files under its ISO code."""


def listed_country(code: str | None) -> str | None:
    """The built-in list's code for `code` ("uk" -> "GB"); None when the list has no such country.

    A site's code that matches nothing would put no country first, so it counts as not set.
    """
    code = (code or "").upper()
    code = ALIASES.get(code, code)
    return code if built_in().find(code) is not None else None
