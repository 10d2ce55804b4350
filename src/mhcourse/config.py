"""Site and user configuration: one TOML file each, checked with pydantic, every problem located.

Where the files are (paths.config_files): the site file in the site config folder, then the user
file in the user config folder; or only the file named by --config FILE or MHCOURSE_CONFIG, which
then stands in for the site file. A site or user file that does not exist is fine: the defaults
apply. A named file must exist: a typo in its name would otherwise switch kiosk mode off unseen.

How they combine: a key the user file sets replaces the site file's (key by key within each
table; a list is replaced as a whole), except `modules.folders`, which adds the user's folders after
the site's. [kiosk], [track] and [privacy] come from the site file alone: a user file that sets them gets a
warning and is ignored, so a learner cannot switch kiosk mode off or change the certificate.

Every problem is reported as `FILE:LINE: key.path: message`, in the same words as module files.
Most are found in the file alone; an id in [track] that names no module is found where the config
meets the catalog (track_problems, called by settings.load_catalog).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from . import paths
from .content.locate import KeyLines
from .content.messages import bounds, describe, not_utf8, shape_message, suggest, toml_error, too_long_number
from .content.problems import KeyPath, Problem
from .content.reading import TooBig, read_limited
from .errors import ConfigError

if TYPE_CHECKING:
    from .content.helplines import Helplines
    from .learning.track import Track

__all__ = ["ConfigError", "SiteConfig", "load_config", "hash_pin", "verify_pin", "helplines_age_warnings"]

MAX_FILE_BYTES = 1024 * 1024
SITE_ONLY = ("kiosk", "track", "privacy")
"""Tables read from the site config alone."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
ModuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]

_CHECKED = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_PIN = re.compile(r"^[0-9]{4,12}$")
_PIN_HASH = re.compile(r"^pbkdf2-sha256\$(\d{4,7})\$([0-9a-f]{32})\$([0-9a-f]{64})$")
PIN_ITERATIONS = 200_000
PIN_ITERATIONS_RANGE = range(10_000, 1_000_001)
"""Fewer is too quick to guess against; more makes each try of the PIN take seconds (0 crashed the kiosk)."""


class Section(BaseModel):
    """Every table of the config: unknown keys are errors, types are not guessed ("yes" is not true)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Organization(Section):
    """Who runs the course on this computer."""

    name: Name | None = Field(default=None, description="Your organisation's name, shown to learners on the first screen and on certificates.")
    welcome: LongText | None = Field(default=None, description="A short welcome shown on the first screen: plain text, a few sentences.")


class LocalLine(Section):
    """A local helpline or crisis service for Get help now."""

    name: Name = Field(description="The service's name.")
    phone: Text | None = Field(default=None, description="A number to call, as learners should dial it.")
    text: Text | None = Field(default=None, description='A number to text, or what to text where: "text HELLO to 85258".')
    url: Text | None = Field(default=None, description="A web address for chat or information.")
    hours: Text | None = Field(default=None, description='When it is open, e.g. "24/7" or "weekdays 9am to 5pm".')
    region: Text | None = Field(default=None, description="The area it serves, e.g. a town or county.")


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
    emergency: Name | None = Field(default=None, description='The local emergency number, shown beside your lines, e.g. "999".')
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")] | None = Field(
        default=None,
        description='The country whose crisis lines Get help now lists first when a learner has not chosen one, '
        'as a two-letter code such as "GB"; without it, the computer\'s language settings decide.',
    )
    line: list[LocalLine] = Field(default_factory=list, description="Your lines, one [[helplines.line]] table each, in the order to show them.")

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        if isinstance(value, str) and not (len(value) == 2 and value.isascii() and value.isalpha()):
            raise ValueError(f"use a two-letter country code, such as CA or GB, not '{value}'")
        return value

    @field_validator("checked", mode="before")
    @classmethod
    def _checked(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime) or not isinstance(value, (str, dt.date)):
            raise ValueError(f'expected a month in quotes like "2026-11" (or a day, 2026-11-05), found {describe(value)}')
        if isinstance(value, dt.date):
            return value.isoformat()
        if checked_date(value) is None:
            raise ValueError(f"'{value}' is not a month like \"2026-11\" (or a day like \"2026-11-05\")")
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

    offered: list[ModuleId] | None = Field(
        default=None, description="Module ids offered, in this order. Leave it out to offer every module in the catalog.")
    required: list[ModuleId] | None = Field(
        default=None, description="Module ids a learner must pass for the certificate. Leave it out to require every offered module.")
    no_waiver: list[ModuleId] = Field(
        default_factory=list,
        description="Required modules that must be passed even by a learner who chose to skip them at their content note "
                    "(otherwise a skipped module does not block the certificate).",
    )


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


class KioskSettings(Section):
    """Kiosk mode for a shared computer (site config only)."""

    enabled: bool = Field(default=False, description="Run the course in kiosk mode: learners cannot quit it or reach other programs from it.")
    idle_minutes: int = Field(default=10, ge=1, le=240, description="After this many minutes without a key press, the course locks and returns to the first screen.")
    hide_names: bool = Field(default=True, description="Learners type their name to find their profile instead of choosing it from a list.")
    facilitator_pin_hash: str | None = Field(
        default=None, description="The facilitator PIN that leaves kiosk mode, as printed by `mhcourse config hash-pin`.")
    facilitator_pin: str | None = Field(
        default=None, description="The same PIN in plain digits (4 to 12), if you prefer; anyone who can read this file can read it.")

    @field_validator("facilitator_pin")
    @classmethod
    def _pin(cls, value: str | None) -> str | None:
        if value is not None and not _PIN.match(value):
            raise ValueError("a PIN is 4 to 12 digits in quotes, like \"4071\"")
        return value

    @field_validator("facilitator_pin_hash")
    @classmethod
    def _pin_hash(cls, value: str | None) -> str | None:
        found = None if value is None else _PIN_HASH.match(value)
        if value is not None and not found:
            raise ValueError("this is not a PIN hash made by `mhcourse config hash-pin`; make one and paste the whole line")
        if found and int(found.group(1)) not in PIN_ITERATIONS_RANGE:
            raise ValueError(f"the hash says {int(found.group(1)):,} iterations, outside 10,000 to 1,000,000: make a new "
                             "one with `mhcourse config hash-pin` and paste the whole line")
        return value

    @property
    def has_pin(self) -> bool:
        return bool(self.facilitator_pin_hash or self.facilitator_pin)

    def check_pin(self, pin: str) -> bool:
        """Whether `pin` is the facilitator PIN (False when none is set)."""
        if self.facilitator_pin_hash:
            return verify_pin(pin, self.facilitator_pin_hash)
        if self.facilitator_pin:
            return hmac.compare_digest(pin.strip().encode(), self.facilitator_pin.encode())
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
    how_to_reach: Text | None = Field(default=None, description="How to get in touch or join: a phone number, email or web address, or \"just come along\".")


class SupportSettings(Section):
    """The Local support screen, reachable from home and from Get help now."""

    intro: LongText | None = Field(default=None, description="A sentence or two shown at the top of the Local support screen.")
    groups: list[SupportEntry] = Field(default_factory=list, description="Support groups, with their meeting times: one [[support.groups]] table each.")
    services: list[SupportEntry] = Field(default_factory=list, description="Local services (counselling, advice, drop-in): one [[support.services]] table each.")
    partners: list[SupportEntry] = Field(default_factory=list, description="Partner organisations: one [[support.partners]] table each.")

    def is_empty(self) -> bool:
        return not (self.groups or self.services or self.partners)


class ConfigFile(Section):
    """One configuration file, as written."""

    organization: Organization = Field(default_factory=Organization, description="Who runs the course on this computer.")
    course: CourseSettings = Field(default_factory=CourseSettings, description="How the course runs for learners here.")
    helplines: HelplinesSettings = Field(default_factory=HelplinesSettings, description="Local helplines for Get help now.")
    modules: ModulesSettings = Field(default_factory=ModulesSettings, description="More lesson modules.")
    track: TrackSettings = Field(default_factory=TrackSettings, description="The modules offered and required (site config only).")
    data: DataSettings = Field(default_factory=DataSettings, description="Where progress is kept.")
    kiosk: KioskSettings = Field(default_factory=KioskSettings, description="Kiosk mode (site config only).")
    support: SupportSettings = Field(default_factory=SupportSettings, description="The Local support screen.")
    privacy: PrivacySettings = Field(default_factory=PrivacySettings, description="PINs and the report's smallest group (site config only).")


# -- the effective configuration -----------------------------------------------------------------


@dataclass(frozen=True)
class FileRead:
    """One config file looked for: where, in which role, and whether it was there."""

    path: Path
    role: Literal["site", "user", "named"]
    found: bool


@dataclass(frozen=True, eq=False)
class SiteConfig:
    """The configuration in effect: the site file, then the user file, over the defaults."""

    files: tuple[FileRead, ...] = ()
    organization: Organization = field(default_factory=Organization)
    course: CourseSettings = field(default_factory=CourseSettings)
    helplines_settings: HelplinesSettings = field(default_factory=HelplinesSettings)
    module_dirs: tuple[Path, ...] = ()
    """Module folders from the site file, then the user file (relative ones resolved against their file)."""
    track_settings: TrackSettings = field(default_factory=TrackSettings)
    data_folder: Path | None = None
    data_shared: bool = False
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    support: SupportSettings = field(default_factory=SupportSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop the course, e.g. a user file that sets [kiosk]."""
    origins: dict[KeyPath, Path] = field(default_factory=dict)
    """The file each key in effect came from: ("kiosk", "enabled") -> the site file."""
    key_lines: dict[Path, KeyLines] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str | None:
        return self.organization.name

    @property
    def welcome(self) -> str | None:
        return self.organization.welcome

    @cached_property
    def helplines(self) -> Helplines:
        """Get help now's list: the built-in one with the local lines first, or the local lines alone."""
        return merge_helplines(self.helplines_settings)

    @property
    def track(self) -> Track:
        from .learning.track import Track

        t = self.track_settings
        return Track(
            offered=tuple(t.offered) if t.offered is not None else None,
            required=tuple(t.required) if t.required is not None else None,
            no_waiver=tuple(t.no_waiver),
        )

    def locate(self, key: KeyPath) -> tuple[Path | None, int | None]:
        """The file and line of a key in effect (or of its table), for messages."""
        for end in range(len(key), 0, -1):
            path = self.origins.get(tuple(key[:end]))
            if path is not None:
                lines = self.key_lines.get(path)
                return path, lines.line_of(key) if lines else None
        return None, None

    def problem(self, key: KeyPath, message: str, warning: bool = True) -> Problem:
        path, line = self.locate(key)
        return Problem(path, message, line, key if path else (), warning)


LOCAL_CODE = "LOCAL"
LOCAL_NAME = "Local services"


def merge_helplines(settings: HelplinesSettings) -> Helplines:
    """The built-in list with a "Local services" group first; in replace mode that group alone.

    The emergency advice and the international directory stay in both modes.
    """
    from .content.helplines import Country, Helplines, Line, built_in

    base = built_in()
    if not settings.line:
        return base
    local = Country(
        code=LOCAL_CODE,
        name=LOCAL_NAME,
        emergency=settings.emergency,
        local=True,
        line=[Line(**entry.model_dump(), local=True) for entry in settings.line],
    )
    if settings.mode == "replace":
        return Helplines(checked=settings.checked or "", emergency=base.emergency, directory=base.directory, country=[local])
    checked = f"{base.checked}; local services {settings.checked}" if settings.checked else base.checked
    return Helplines(checked=checked, emergency=base.emergency, directory=base.directory, country=[local, *base.country])


def checked_date(value: str) -> dt.date | None:
    """ "2026-11" -> 2026-11-01, "2026-11-05" -> that day; None when it is not a real month or day."""
    found = _CHECKED.match(value.strip())
    if not found:
        return None
    year, month, day = found.group(1), found.group(2), found.group(3)
    try:
        return dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None


def is_stale(checked: str, today: dt.date) -> bool:
    """Over a year since the check: 13 months or more for a month, over 365 days for a day."""
    when = checked_date(checked)
    if when is None:
        return False
    if _CHECKED.match(checked.strip()).group(3) is None:  # type: ignore[union-attr]
        return (today.year - when.year) * 12 + today.month - when.month > 12
    return (today - when).days > 365


def helplines_age_warnings(site: SiteConfig, today: dt.date | None = None) -> list[Problem]:
    """Warnings for a helplines list checked over a year ago: the site's lines, and the built-in list."""
    from .content.helplines import built_in

    today = today or dt.date.today()
    out = []
    settings = site.helplines_settings
    if settings.line and settings.checked and is_stale(settings.checked, today):
        out.append(site.problem(("helplines", "checked"),
                                f"your local lines were last checked {settings.checked}, over a year ago: call or visit each one "
                                "to check it still works, then update `checked`"))
    if not (settings.line and settings.mode == "replace"):
        built = built_in().checked
        if is_stale(built, today):
            out.append(Problem(None, f"the built-in helplines were last checked {built}, over a year ago: "
                                     "update mhcourse, or check them and add corrections as local lines", warning=True))
    return out


# -- PINs ------------------------------------------------------------------------------------------


def hash_pin(pin: str, iterations: int = PIN_ITERATIONS) -> str:
    """A salted PBKDF2 hash of a facilitator PIN, for `facilitator_pin_hash`."""
    if not _PIN.match(pin):
        raise ValueError("a PIN is 4 to 12 digits")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2-sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    found = _PIN_HASH.match(stored)
    if not found or int(found.group(1)) not in PIN_ITERATIONS_RANGE:  # config check refuses these too
        return False
    iterations, salt, expected = int(found.group(1)), bytes.fromhex(found.group(2)), found.group(3)
    digest = hashlib.pbkdf2_hmac("sha256", pin.strip().encode(), salt, iterations)
    return hmac.compare_digest(digest.hex(), expected)


# -- loading -----------------------------------------------------------------------------------------


def config_sources(override: str | Path | None = None) -> list[tuple[Path, Literal["site", "user", "named"]]]:
    """The files to read with their roles: a named file stands in for the site file."""
    found = paths.config_files(override)
    if len(found) == 1:
        return [(found[0], "named")]
    site, user = found
    return [(site, "site"), (user, "user")]


def load_config(override: str | Path | None = None) -> SiteConfig:
    """Read and check the config files; raise ConfigError with every problem found.

    `override` is --config FILE. A file it or MHCOURSE_CONFIG names must exist; the site and
    user files may be missing (the defaults apply).
    """
    reads: list[FileRead] = []
    parsed: list[tuple[Path, str, ConfigFile, KeyLines]] = []
    problems: list[Problem] = []
    for path, role in config_sources(override):
        if not path.exists():
            if role == "named":
                problems.append(missing_named_file(path, override))
            reads.append(FileRead(path, role, False))
            continue
        reads.append(FileRead(path, role, True))
        model, lines, found = read_file(path)
        problems.extend(found)
        if model is not None and lines is not None:
            parsed.append((path, role, model, lines))
    if problems:
        raise ConfigError(problems)
    return combine(parsed, tuple(reads))


def missing_named_file(path: Path, override: str | Path | None = None) -> Problem:
    """The problem of a file named by --config (`override`) or MHCOURSE_CONFIG that is not there.

    Not a quiet fall-back to the defaults: the facilitator chose that file, and without it kiosk
    mode and the track would be off without a word.
    """
    named_by = "--config" if override is not None else "MHCOURSE_CONFIG"
    return Problem(path, f"no such file (it was named by {named_by}); check the name, "
                         f"or write a new one there with: mhcourse config example -o {path}")


def read_file(path: Path) -> tuple[ConfigFile | None, KeyLines | None, list[Problem]]:
    """One file: bytes -> TOML -> models -> rules, every problem located."""
    try:
        if path.is_dir():
            return None, None, [Problem(path, "this is a folder; name the config file itself (config.toml)")]
        if not path.is_file():  # a named pipe would make reading wait for ever
            return None, None, [Problem(path, "this is not a regular file (a named pipe or a device); use a config file")]
        data = read_limited(path, MAX_FILE_BYTES)  # a huge file is never read whole
    except TooBig:
        return None, None, [Problem(path, "the file is over 1 MiB; a config file is a page or two")]
    except OSError as err:
        return None, None, [Problem(path, f"cannot read the file: {err.strerror or err}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, message = not_utf8(data, err, "save the file with UTF-8 encoding")
        return None, None, [Problem(path, message, line)]
    return read_text(text, path)


def read_text(text: str, path: Path) -> tuple[ConfigFile | None, KeyLines | None, list[Problem]]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, message = toml_error(err, text)
        return None, None, [Problem(path, message, line)]
    except RecursionError:
        return None, None, [Problem(path, "TOML syntax error: values are nested too deeply", 1)]
    except ValueError:  # not a TOMLDecodeError: int() refused a number of thousands of digits
        line, message = too_long_number(text)
        return None, None, [Problem(path, message, line)]
    lines = KeyLines(text)
    try:
        model = ConfigFile.model_validate(document)
    except ValidationError as err:
        problems = [Problem(path, _message(e), lines.line_of(tuple(e["loc"])), tuple(e["loc"])) for e in err.errors(include_url=False)]
        return None, lines, sorted(problems, key=lambda p: p.line or 0)
    problems = [Problem(path, message, lines.line_of(key), key) for key, message in config_rules(model)]
    return (None if problems else model), lines, problems


def config_rules(config: ConfigFile) -> list[tuple[KeyPath, str]]:
    """Rules across keys, each pointing at the key that breaks it."""
    out: list[tuple[KeyPath, str]] = []
    h = config.helplines
    if h.line and h.checked is None:
        out.append((("helplines", "checked"),
                    "required key 'checked' is missing: the month someone last checked your lines, like \"2026-11\" (learners see it)"))
    if h.mode == "replace" and not h.line:
        out.append((("helplines", "mode"),
                    'mode = "replace" needs at least one [[helplines.line]]: otherwise Get help now would list no lines at all'))
    for i, line in enumerate(h.line):
        if not (line.phone or line.text or line.url):
            out.append((("helplines", "line", i), f"'{line.name}' needs a way to reach it: phone, text or url"))
    t = config.track
    if t.offered == []:
        out.append((("track", "offered"), "the list is empty, so the course would offer nothing: "
                                          "remove the key to offer every module"))
    if t.required == []:
        out.append((("track", "required"), "the list is empty, so a certificate would certify nothing: "
                                           "remove the key to require every offered module"))
    for key in ("offered", "required", "no_waiver"):
        ids = getattr(t, key) or []
        for twice in sorted({i for i in ids if ids.count(i) > 1}):
            out.append((("track", key), f"'{twice}' is listed twice"))
    # Whether required ids are offered is judged in track_problems, with the catalog: only there can
    # a typo ("anxeity") be told from a module that is simply not offered.
    k = config.kiosk
    if k.facilitator_pin and k.facilitator_pin_hash:
        out.append((("kiosk", "facilitator_pin"), "give facilitator_pin or facilitator_pin_hash, not both"))
    for kind in ("groups", "services", "partners"):
        for i, entry in enumerate(getattr(config.support, kind)):
            if not (entry.how_to_reach or entry.where):
                out.append((("support", kind, i), f"say how to reach '{entry.name}': add how_to_reach (or where)"))
    return out


def track_problems(site: SiteConfig, module_ids: Iterable[str], left_out: Iterable[Problem] = ()) -> list[Problem]:
    """Every id in [track] that names no module in the catalog, located at the id.

    An error, not a warning: a misspelt required id would silently drop that module from the
    certificate, and a track whose ids are all unknown would certify nothing. `left_out` is the
    catalog's notices: a module whose file has problems is missing too, and the message says so.
    """
    known = set(module_ids)
    files = [Path(p.file) for p in left_out if p.file is not None]
    broken = {f.stem: f for f in files if f.suffix == ".toml"}  # a module file is named after its id
    t = site.track_settings
    must, where = (t.required, "track.required") if t.required is not None else (t.offered, "track.offered")
    out = []
    for key in ("offered", "required", "no_waiver"):
        for i, module_id in enumerate(getattr(t, key) or ()):
            if module_id in broken:
                message = (f"there is no module '{module_id}': its file {broken[module_id]} has problems and was left out "
                           "(`mhcourse validate` shows why)")
            elif module_id not in known:  # a typo: suggest from the whole catalog, never advise offering it
                message = f"there is no module '{module_id}'" + (_nearest_module(module_id, known) or " in the catalog")
            elif key == "required" and t.offered is not None and module_id not in t.offered:
                message = f"'{module_id}' is required but not offered: add it to track.offered"
            elif key == "no_waiver" and must is not None and module_id not in must:
                message = f"'{module_id}' is not required for the certificate: add it to {where}"
            else:
                continue
            out.append(site.problem(("track", key, i), message, warning=False))
    return out


def _nearest_module(word: str, known: set[str]) -> str:
    """"; did you mean 'anxiety'?" for "anxeity", and for "anxiety-disorders" (an id it begins with)."""
    within = sorted((i for i in known if word.startswith(i + "-") or i.startswith(word + "-")), key=len)
    return f"; did you mean '{within[-1]}'?" if within else suggest(word, sorted(known))


def combine(parsed: list[tuple[Path, str, ConfigFile, KeyLines]], reads: tuple[FileRead, ...]) -> SiteConfig:
    """The site (or named) file, then the user file, key by key; kiosk and track from the site file only."""
    sections: dict[str, dict[str, Any]] = {name: {} for name in ConfigFile.model_fields}
    origins: dict[KeyPath, Path] = {}
    warnings: list[Problem] = []
    folders: list[Path] = []
    data_folder: Path | None = None
    for path, role, config, lines in parsed:
        for name in ConfigFile.model_fields:
            section: Section = getattr(config, name)
            if name in SITE_ONLY and role == "user":
                if name in config.model_fields_set:
                    warnings.append(Problem(path, f"[{name}] is read from the site config only, so a learner cannot change it; "
                                                  "this table is ignored", lines.line_of((name,)), (name,), warning=True))
                continue
            for key in section.model_fields_set:
                value = getattr(section, key)
                origins[(name, key)] = path
                origins.setdefault((name,), path)
                if (name, key) == ("modules", "folders"):
                    folders.extend(_resolve(path, f) for f in value)
                elif (name, key) == ("data", "folder"):
                    data_folder = _resolve(path, value) if value is not None else None
                else:
                    sections[name][key] = value
    made = {}
    for name, values in sections.items():
        model = ConfigFile.model_fields[name].annotation
        made[name] = model.model_construct(**_defaults(model, values))
    return SiteConfig(
        files=reads,
        organization=made["organization"],
        course=made["course"],
        helplines_settings=made["helplines"],
        module_dirs=tuple(folders),
        track_settings=made["track"],
        data_folder=data_folder,
        data_shared=bool(sections["data"].get("shared", False)),
        kiosk=made["kiosk"],
        support=made["support"],
        privacy=made["privacy"],
        warnings=tuple(sorted(warnings, key=lambda p: p.line or 0)),
        origins=origins,
        key_lines={path: lines for path, _, _, lines in parsed},
    )


def _defaults(model: type[Section], values: dict[str, Any]) -> dict[str, Any]:
    """Every field: the merged value where one was set, the default otherwise."""
    out = {}
    for name, info in model.model_fields.items():
        out[name] = values[name] if name in values else info.get_default(call_default_factory=True)
    return out


def _resolve(config_path: Path, folder: str) -> Path:
    path = Path(folder).expanduser()
    return path if path.is_absolute() else (config_path.parent / path)


# -- messages ------------------------------------------------------------------------------------------


def _message(error: Any) -> str:
    """Pydantic's error in the same words as module files; numbers say their range."""
    loc = tuple(error["loc"])
    if error["type"] in ("greater_than_equal", "less_than_equal"):
        low, high = bounds(ConfigFile, loc)
        return f"expected a whole number from {low} to {high}, found {error.get('input')}"
    return shape_message(error, ConfigFile, loc)
