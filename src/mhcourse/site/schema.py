"""The shape of a config file: one pydantic model per table, every field documented.

`mhcourse config example` writes its comments from these descriptions, so they are written for
the facilitator who edits the file. Unknown keys are errors and types are not guessed ("yes" is not
true). The rules across keys are in site/loading.py.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ..content.messages import describe
from ..i18n import _
from ..pins import PBKDF2_ITERATIONS, hash_pin, read_hash, verify_pin

Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
DIALABLE = re.compile(r"^\+?[0-9]{2,20}$")
Dialable = Annotated[str, StringConstraints(pattern=DIALABLE.pattern)]
"""A number as a phone dials it: digits, with a leading + at most."""
ModuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]

CHECKED = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
"""A month, "2026-11", or a day, "2026-11-05" (group 3)."""
FACILITATOR_PIN = re.compile(r"^[0-9]{4,12}$")
"""The facilitator PIN is 4 to 12 digits: typed on a shared computer's keyboard, often in a hurry."""




class Section(BaseModel):
    """Every table of the config: unknown keys are errors, types are not guessed ("yes" is not true).

    Each table's validator is built when a config file is first read (`defer_build`), not at import: a start
    without a config file reads none, and building all thirty took some 10 ms before its first key."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Organization(Section):
    """Who runs the course on this computer."""

    name: Name | None = Field(
        default=None,
        description="Your organisation's name, shown to learners on the first screen and on certificates.",
    )
    welcome: LongText | None = Field(
        default=None,
        description="A short welcome shown on the first screen: plain text, a few sentences.",
    )


class LocalLineWords(Section):
    """A local line's words in another language: `in.fr = { name = "...", hours = "..." }` (docs/facilitators.md)."""

    name: Name | None = Field(default=None, description="The service's name in this language.")
    number: Text | None = Field(default=None, description="The number to call, as this language writes it.")
    text: Text | None = Field(default=None, description="How to text it, in this language.")
    url: Text | None = Field(default=None, description="A web address in this language, when the service has one.")
    audience: Name | None = Field(default=None, description="Who the line is for, in this language.")
    hours: Text | None = Field(default=None, description="When it is open, in this language.")
    region: Text | None = Field(default=None, description="The area it serves, in this language.")
    languages: list[Name] | None = Field(
        default=None, description="The languages it answers in, named in this language.")


Language = Literal["en", "es", "fr"]
"""The languages a site's words may be given in: i18n.SHIPPED (tests/unit/test_helplines_languages.py)."""


class LocalLine(Section):
    """A local helpline or crisis service for Get help now: the fields of content/helplines.py's Line."""

    name: Name = Field(description="The service's name.")
    number: Text | None = Field(
        default=None, description='The number to call, as learners should read it, e.g. "01632 960123".')
    phone: Text | None = Field(
        default=None, description="The older name of `number`, still read so that an existing config keeps working.")
    dial: Dialable | None = Field(
        default=None,
        description='The number to call as a phone dials it, digits only (a leading + for abroad), e.g. "01632960123": '
                    "the web page makes it a link that starts the call. Without it the number is shown as text.",
    )
    text: Text | None = Field(
        default=None,
        description='How to text it: the number, and the keyword if there is one, e.g. "text HELLO to 85258".',
    )
    sms: Dialable | None = Field(
        default=None,
        description='The number to text, digits only, e.g. "85258": the web page makes it a link that starts a text '
                    "message. Without it the number is shown as text.",
    )
    url: Text | None = Field(default=None, description="A web address for chat or information.")
    audience: Name | None = Field(
        default=None,
        description='Who the line is for, when it is for a group, e.g. "young people" or "LGBTQ+ young people": '
                    'learners see "for young people" beside its name. Leave it out for a line open to anyone.',
    )
    hours: Text | None = Field(default=None, description='When it is open, e.g. "24/7" or "weekdays 9am to 5pm".')
    languages: list[Name] = Field(
        default_factory=list, description='The languages it answers in, e.g. ["English", "Polish"].')
    region: Text | None = Field(default=None, description="The area it serves, e.g. a town or county.")
    source: Text | None = Field(
        default=None, description="Where you checked the line: the service's own web page, e.g. its contact page.")
    checked: str | None = Field(
        default=None,
        description='The month you last checked this line, like "2026-11", when it differs from [helplines] checked.',
    )
    in_: dict[Language, LocalLineWords] = Field(
        default_factory=dict, alias="in",
        description='The line\'s words in other languages, for learners who chose one: a table per language code '
                    '("en", "es", "fr"), e.g. in.fr = { name = "Ligne d\'écoute de Riverside", hours = "24h/24" }. '
                    "Each word left out stays as written above.",
    )

    @field_validator("checked", mode="before")
    @classmethod
    def _checked(cls, value: Any) -> Any:
        return _checked_value(value)

    @field_validator("dial", "sms", mode="before")
    @classmethod
    def _dialable(cls, value: Any) -> Any:
        if isinstance(value, str) and not DIALABLE.match(value):
            raise ValueError(_("'{value}' is not a number as a phone dials it: give digits only, with a leading + at "
                               "most, like \"01632960123\"").format(value=value))
        return value


class CourseSettings(Section):
    """[course]: how the course runs for learners here."""

    confidence_check: bool = Field(
        default=True,
        description="Ask the optional, skippable question 'How confident do you feel...' before a module's first "
        "lesson and after its quiz; the answers appear only as anonymous averages in `mhcourse report`.",
    )
    paper: Literal["a4", "letter"] | None = Field(
        default=None, description='The paper certificates print on, "a4" or "letter"; without it, Letter when '
        '[helplines] country is "US" or "CA", else A4.')
    review_size: int = Field(
        default=10, ge=1, le=50,
        description="How many due questions one review session asks (1 to 50). Spaced review brings back the "
        "questions a learner answered, when they are due to be remembered.")
    refresher_months: int | None = Field(
        default=None, ge=1, le=120,
        description="Months after passing a module before its refresher is due (for example 12): the module is "
        'marked "refresher due" and its quiz can be taken again; it stays passed. Leave it out for no refreshers.')
    pretest: bool = Field(
        default=False,
        description="true: offer a short, skippable pre-test of three of a module's own quiz questions before its "
        "first lesson; the report compares its scores with the quiz's (knowledge before and after). Off unless "
        "a site asks for it, so nobody meets a test before their first lesson without a reason.")
    language: Literal["en", "es", "fr"] | None = Field(
        default=None,
        description='The language the course speaks here unless a learner chooses another: "en", "es" or "fr". '
        "Without it, the computer's language settings (or a browser's) decide; English when they name none of these.")


class HelplinesSettings(Section):
    """Local helplines for Get help now."""

    mode: Literal["add", "replace"] = Field(
        default="add",
        description='"add" lists your lines first, above the built-in national lines; "replace" shows only your lines '
                    "(the advice to call the emergency number stays at the top either way).",
    )
    checked: str | None = Field(
        default=None,
        description='The month someone last checked your lines, like "2026-11" (learners see it). '
                    "`mhcourse config check` warns once it is over a year old.",
    )
    emergency: Name | None = Field(
        default=None,
        description='The local emergency number, shown beside your lines, e.g. "999".',
    )
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")] | None = Field(
        default=None,
        description='The country whose crisis lines Get help now lists first when a learner has not chosen one, '
        'as a two-letter code such as "GB"; without it, the computer\'s language settings decide.',
    )
    line: list[LocalLine] = Field(
        default_factory=list,
        description="Your lines, one [[helplines.line]] table each, in the order to show them.",
    )

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        if isinstance(value, str) and not (len(value) == 2 and value.isascii() and value.isalpha()):
            raise ValueError(_("use a two-letter country code, such as CA or GB, not '{code}'").format(code=value))
        return value

    @field_validator("checked", mode="before")
    @classmethod
    def _checked(cls, value: Any) -> Any:
        return _checked_value(value)


def _checked_value(value: Any) -> Any:
    """A `checked` month or day as a string; a date TOML wrote without quotes becomes one."""
    if isinstance(value, dt.datetime) or not isinstance(value, (str, dt.date)):
        raise ValueError(_('expected a month in quotes like "2026-11" (or a day, 2026-11-05), found {value}')
                         .format(value=describe(value)))
    if isinstance(value, dt.date):
        return value.isoformat()
    if checked_date(value) is None:
        raise ValueError(_("'{value}' is not a month like \"2026-11\" (or a day like \"2026-11-05\")")
                         .format(value=value))
    return value


class ModulesSettings(Section):
    """More lesson modules."""

    folders: list[Text] = Field(
        default_factory=list,
        description="Folders of extra module files, loaded after the bundled course; a relative folder is "
                    "relative to this config file. A module with the same id as a bundled one replaces it.",
    )


class TrackSettings(Section):
    """Which modules this site offers, in what order, and which the certificate needs (site config only)."""

    preset: Name | None = Field(
        default=None,
        description='A bundled track by name, e.g. "workplace": it sets the modules offered and required, in order. '
                    "An offered or required list here replaces the preset's.",
    )
    offered: list[ModuleId] | None = Field(
        default=None,
        description="Module ids offered, in this order. Leave it out to offer every module in the catalog (or the "
                    "preset's).",
    )
    required: list[ModuleId] | None = Field(
        default=None,
        description="Module ids a learner must pass for the certificate. Leave it out to require the preset's, or "
                    "else every offered module of the bundled course (never one added from a module folder).",
    )
    no_skipping: list[ModuleId] = Field(
        default_factory=list,
        description="Required modules that must be passed even by a learner who chose to skip them at their content "
                    "note "
                    "(otherwise a skipped module does not block the certificate).",
    )
    no_waiver: list[ModuleId] | None = Field(
        default=None,
        description="The older name of no_skipping, still read so that an existing config keeps working.",
    )

    def must_pass(self) -> list[ModuleId]:
        """The modules no_skipping names, under its new name or its older one (giving both is an error)."""
        return self.no_skipping or self.no_waiver or []


class DataSettings(Section):
    """Where learners' progress is kept."""

    folder: Text | None = Field(
        default=None,
        description="The data folder, e.g. one shared by several accounts. It must be on this computer's own disk, "
                    "not a network share. --data-dir and MHCOURSE_DATA_DIR still win over it.",
    )
    shared: bool = Field(
        default=False,
        description="true when several OS accounts use the folder: new files are made group-writable. A folder that is "
                    "group-writable with the setgid bit (chmod 2770) counts as shared without this.",
    )


class StoreSettings(Section):
    """Where the progress record is kept when several computers share one (site config only)."""

    url: Text | None = Field(
        default=None,
        description="A PostgreSQL database that every computer of the site shares, e.g. "
                    "\"postgresql://mhcourse@db.example.org/mhcourse\" (needs the postgres extra). Keep the password "
                    "out of this file: libpq reads it from ~/.pgpass (PGPASSFILE), a service file or PGPASSWORD. "
                    "MHCOURSE_STORE_URL wins over it. Without it, progress is kept in the data folder (SQLite).",
    )


class KioskSettings(Section):
    """Kiosk mode for a shared computer (site config only)."""

    enabled: bool = Field(
        default=False,
        description="Run the course in kiosk mode: learners cannot quit it or reach other programs from it.",
    )
    idle_minutes: int = Field(
        default=10, ge=1, le=240,
        description="After this many minutes without a key press, the course locks and returns to the first screen.",
    )
    hide_names: bool = Field(
        default=True,
        description="Learners type their name to find their profile instead of choosing it from a list.",
    )
    facilitator_pin_hash: str | None = Field(
        default=None,
        description="The facilitator PIN that leaves kiosk mode, as printed by `mhcourse config hash-pin`.",
    )
    facilitator_pin: str | None = Field(
        default=None,
        description="The same PIN in plain digits (4 to 12), if you prefer; anyone who can read this file can read "
                    "it.",
    )

    @field_validator("facilitator_pin")
    @classmethod
    def _pin(cls, value: str | None) -> str | None:
        if value is not None and not FACILITATOR_PIN.match(value):
            raise ValueError(_("a PIN is 4 to 12 digits in quotes, like \"4071\""))
        return value

    @field_validator("facilitator_pin_hash")
    @classmethod
    def _pin_hash(cls, value: str | None) -> str | None:
        """A line from `config hash-pin`: scrypt, or PBKDF2 from before there was one scheme."""
        found = None if value is None else read_hash(value)
        if value is not None and (found is None or (found.scheme == "scrypt" and not found.within_bounds())):
            raise ValueError(_("this is not a PIN hash made by `mhcourse config hash-pin`; make one and paste the "
                               "whole line"))
        if found is not None and not found.within_bounds():
            raise ValueError(_("the hash says {iterations:,} iterations, outside {fewest:,} to {most:,}: make a new "
                               "one with `mhcourse config hash-pin` and paste the whole line")
                             .format(iterations=found.cost[0], fewest=PBKDF2_ITERATIONS.start,
                                     most=PBKDF2_ITERATIONS.stop - 1))
        return value

    @property
    def has_pin(self) -> bool:
        return bool(self.facilitator_pin_hash or self.facilitator_pin)

    def check_pin(self, pin: str) -> bool:
        """Whether `pin` is the facilitator PIN (False when none is set)."""
        if self.facilitator_pin_hash:
            return verify_pin(pin=pin.strip(), stored=self.facilitator_pin_hash)
        if self.facilitator_pin:
            return hmac.compare_digest(pin.strip().encode(), self.facilitator_pin.encode())
        return False


LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*\.?$")
"""A host name or an IPv4 address as a browser sends it in the Host header (no port, no scheme)."""


class ServeSettings(Section):
    """`mhcourse serve`: the course as a web page for a room (site config only)."""

    allow_network: bool = Field(
        default=False,
        description="Let `mhcourse serve --host ADDRESS` listen on an address other computers and phones can reach "
                    "(a LAN). Without it the web page is served for this computer alone (127.0.0.1). Serve on a "
                    "trusted network only, and see docs/facilitators.md for TLS.",
    )
    hostnames: list[Text] = Field(
        default_factory=list,
        description='Further names or addresses learners type to reach the page, e.g. ["course.riverside.lan"]; '
                    "the server answers only these and the address it listens on (no other Host header).",
    )
    idle_minutes: int = Field(
        default=30, ge=5, le=480,
        description="A learner signed in on the web page is signed out after this many minutes without a page.",
    )

    @field_validator("hostnames")
    @classmethod
    def _hostnames(cls, value: list[str]) -> list[str]:
        for name in value:
            if not HOSTNAME.match(name) and not _is_ipv6(name):
                raise ValueError(_("'{name}' is not a host name or address: give the name alone, like "
                                   "\"course.riverside.lan\", without http:// or a port").format(name=name))
        return value


def _is_ipv6(text: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(text.strip("[]")).version == 6
    except ValueError:
        return False


class PrivacySettings(Section):
    """What learners on a shared computer are protected by (site config only)."""

    require_pin: bool = Field(
        default=False,
        description="Every profile needs a PIN: a new profile sets one as it is made, and one without (an imported "
                    "record, or one made before this was set) sets one the next time it is opened.")
    min_group: int = Field(
        default=3, ge=3, le=1000,
        description="The anonymous report leaves out any figure that describes fewer learners than this "
                    "(at least 3; a site may raise it, never lower it).")


class SupportEntry(Section):
    """A support group, service or partner organisation near you."""

    name: Name = Field(description="Its name.")
    what: Text | None = Field(default=None, description="What it offers, in a sentence.")
    when: Text | None = Field(default=None, description='When it meets or is open, e.g. "Tuesdays 6pm to 8pm".')
    where: Text | None = Field(default=None, description="Where, e.g. a room or an address.")
    how_to_reach: Text | None = Field(
        default=None,
        description="How to get in touch or join: a phone number, email or web address, or \"just come along\".",
    )


class SupportSettings(Section):
    """The Local support screen, reachable from home and from Get help now."""

    intro: LongText | None = Field(
        default=None,
        description="A sentence or two shown at the top of the Local support screen.",
    )
    groups: list[SupportEntry] = Field(
        default_factory=list,
        description="Support groups, with their meeting times: one [[support.groups]] table each.",
    )
    services: list[SupportEntry] = Field(
        default_factory=list,
        description="Local services (counselling, advice, drop-in): one [[support.services]] table each.",
    )
    partners: list[SupportEntry] = Field(
        default_factory=list,
        description="Partner organisations: one [[support.partners]] table each.",
    )

    def is_empty(self) -> bool:
        return not (self.groups or self.services or self.partners)


class ConfigFile(Section):
    """One configuration file, as written."""

    organization: Organization = Field(
        default_factory=Organization,
        description="Who runs the course on this computer.",
    )
    course: CourseSettings = Field(default_factory=CourseSettings, description="How the course runs for learners here.")
    helplines: HelplinesSettings = Field(
        default_factory=HelplinesSettings,
        description="Local helplines for Get help now.",
    )
    modules: ModulesSettings = Field(default_factory=ModulesSettings, description="More lesson modules.")
    track: TrackSettings = Field(
        default_factory=TrackSettings,
        description="The modules offered and required (site config only).",
    )
    data: DataSettings = Field(default_factory=DataSettings, description="Where progress is kept.")
    store: StoreSettings = Field(
        default_factory=StoreSettings,
        description="A shared PostgreSQL record for several computers (site config only).",
    )
    kiosk: KioskSettings = Field(default_factory=KioskSettings, description="Kiosk mode (site config only).")
    support: SupportSettings = Field(default_factory=SupportSettings, description="The Local support screen.")
    privacy: PrivacySettings = Field(
        default_factory=PrivacySettings,
        description="PINs and the report's smallest group (site config only).",
    )
    serve: ServeSettings = Field(
        default_factory=ServeSettings,
        description="The web page of `mhcourse serve`: who may reach it (site config only).",
    )


def checked_date(value: str) -> dt.date | None:
    """ "2026-11" -> 2026-11-01, "2026-11-05" -> that day; None when it is not a real month or day."""
    found = CHECKED.match(value.strip())
    if not found:
        return None
    year, month, day = found.group(1), found.group(2), found.group(3)
    try:
        return dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None


def hash_facilitator_pin(pin: str) -> str:
    """The facilitator_pin_hash for `pin`; raises ValueError unless it is 4 to 12 digits."""
    if not FACILITATOR_PIN.match(pin):
        raise ValueError(_("a PIN is 4 to 12 digits"))
    return hash_pin(pin=pin)
