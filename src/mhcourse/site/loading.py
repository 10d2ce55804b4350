"""Loading the site and user configuration: which files, reading each, the rules, combining them.

Where the files are (paths.config_files): the site file in the site config folder, then the user
file in the user config folder; or only the file named by --config FILE or MHCOURSE_CONFIG, which
then stands in for the site file. A site or user file that does not exist is fine: the defaults
apply. A named file must exist: a typo in its name would otherwise switch kiosk mode off unseen.

How they combine: a key the user file sets replaces the site file's (key by key within each
table; a list is replaced as a whole), except `modules.folders`, which adds the user's folders after
the site's. [kiosk], [track], [privacy] and [serve] come from the site file alone: a user file that sets them
gets a warning and is ignored, so a learner cannot switch kiosk mode off, change the certificate or open the
web page to the network.

Every problem is reported as `FILE:LINE: key.path: message`, in the same words as module files
(the reading is content/checked_toml.py's). Most are found in the file alone; an id in [track] that
names no module is found where the config meets the catalog (site/track.py, called by
site/settings.load_catalog).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .. import paths
from ..content.checked_toml import FileKind
from ..content.checked_toml import read_file as read_checked
from ..content.checked_toml import read_text as read_checked_text
from ..content.locate import KeyLines
from ..content.messages import bounds, shape_message
from ..content.problems import KeyPath, Problem
from ..errors import ConfigError
from ..i18n import _
from .config import FileRead, Role, SiteConfig
from .presets import preset_named, presets
from .schema import ConfigFile, Section
from .store_url import url_problems

MAX_FILE_BYTES = 1024 * 1024
SITE_ONLY = ("kiosk", "track", "privacy", "serve", "store")
"""Tables read from the site config alone."""


def config_sources(override: str | os.PathLike[str] | None = None) -> list[tuple[Path, Role]]:
    """The files to read with their roles: a named file stands in for the site file."""
    found = paths.config_files(override)
    if len(found) == 1:
        return [(found[0], "named")]
    site, user = found
    return [(site, "site"), (user, "user")]


def load_config(override: str | os.PathLike[str] | None = None) -> SiteConfig:
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


def missing_named_file(path: Path, override: str | os.PathLike[str] | None = None) -> Problem:
    """The problem of a file named by --config (`override`) or MHCOURSE_CONFIG that is not there.

    Not a quiet fall-back to the defaults: the facilitator chose that file, and without it kiosk
    mode and the track would be off without a word.
    """
    named_by = "--config" if override is not None else "MHCOURSE_CONFIG"
    return Problem(path, _("no such file (it was named by {named_by}); check the name, or write a new one there "
                           "with: mhcourse config example -o {path}").format(named_by=named_by, path=path))


def read_file(path: Path) -> tuple[ConfigFile | None, KeyLines | None, list[Problem]]:
    """One file: bytes -> TOML -> models -> rules, every problem located."""
    checked = read_checked(path, CONFIG_FILE)
    return checked.model, checked.lines, checked.problems


def read_text(text: str, path: Path) -> tuple[ConfigFile | None, KeyLines | None, list[Problem]]:
    checked = read_checked_text(text, path, CONFIG_FILE)
    return checked.model, checked.lines, checked.problems


def config_rules(config: ConfigFile) -> list[tuple[KeyPath, str]]:
    """Rules across keys, each pointing at the key that breaks it."""
    out: list[tuple[KeyPath, str]] = []
    h = config.helplines
    if h.line and h.checked is None and not all(line.checked for line in h.line):
        out.append((("helplines", "checked"),
                    _("required key 'checked' is missing: the month someone last checked your lines, like \"2026-11\" "
                      "(learners see it)")))
    if h.mode == "replace" and not h.line:
        out.append((("helplines", "mode"),
                    _('mode = "replace" needs at least one [[helplines.line]]: otherwise Get help now would list no '
                      "lines at all")))
    for i, line in enumerate(h.line):
        if not (line.number or line.phone or line.text or line.url):
            out.append((("helplines", "line", i),
                        _("'{name}' needs a way to reach it: number, text or url").format(name=line.name)))
        if line.number and line.phone:
            out.append((("helplines", "line", i, "phone"),
                        _("give number, or phone (its older name), not both").format(name=line.name)))
    t = config.track
    if t.preset is not None and preset_named(t.preset) is None:
        out.append((("track", "preset"), _("there is no track preset '{name}': use one of {names}").format(
            name=t.preset, names=", ".join(presets()))))
    if t.offered == []:
        out.append((("track", "offered"), _("the list is empty, so the course would offer nothing: "
                                            "remove the key to offer every module")))
    if t.required == []:
        out.append((("track", "required"), _("the list is empty, so a certificate would certify nothing: "
                                             "remove the key to require every offered module")))
    if "no_skipping" in t.model_fields_set and "no_waiver" in t.model_fields_set:
        out.append((("track", "no_waiver"), _("give no_skipping or no_waiver (its older name), not both")))
    for key in ("offered", "required", "no_skipping", "no_waiver"):
        ids = getattr(t, key) or []
        for twice in sorted({i for i in ids if ids.count(i) > 1}):
            out.append((("track", key), _("'{id}' is listed twice").format(id=twice)))
    # Whether required ids are offered is judged in site/track.py, with the catalog: only there can
    # a typo ("anxeity") be told from a module that is simply not offered.
    if config.store.url is not None:
        out.extend((("store", "url"), problem) for problem in url_problems(config.store.url, in_a_file=True))
    k = config.kiosk
    if k.facilitator_pin and k.facilitator_pin_hash:
        out.append((("kiosk", "facilitator_pin"), _("give facilitator_pin or facilitator_pin_hash, not both")))
    for kind in ("groups", "services", "partners"):
        for i, entry in enumerate(getattr(config.support, kind)):
            if not (entry.how_to_reach or entry.where):
                out.append((("support", kind, i),
                            _("say how to reach '{name}': add how_to_reach (or where)").format(name=entry.name)))
    return out


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
                    message = _("[{table}] is read from the site config only, so a learner cannot change it; "
                                "this table is ignored").format(table=name)
                    warnings.append(Problem(path, message, lines.line_of((name,)), (name,), warning=True))
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
    made: dict[str, Any] = {}
    for name, values in sections.items():
        model = ConfigFile.model_fields[name].annotation
        assert isinstance(model, type) and issubclass(model, Section)  # every table of ConfigFile is a Section
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
        store=made["store"],
        kiosk=made["kiosk"],
        support=made["support"],
        privacy=made["privacy"],
        serve=made["serve"],
        warnings=tuple(sorted(warnings, key=lambda p: p.line or 0)),
        origins=origins,
        key_lines={path: lines for path, _role, _config, lines in parsed},
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
        return _("expected a whole number from {low} to {high}, found {value}").format(
            low=low, high=high, value=error.get("input"))
    return shape_message(error, ConfigFile, loc)


def _not_a_file(kind: str) -> str:
    if kind == "a folder":
        return _("this is a folder; name the config file itself (config.toml)")
    return _("this is not a regular file (a named pipe or a device); use a config file")


CONFIG_FILE = FileKind(
    model=ConfigFile,
    limit=MAX_FILE_BYTES,
    too_big=lambda size: _("the file is over 1 MiB; a config file is a page or two"),
    not_a_file=_not_a_file,
    not_utf8=lambda: _("save the file with UTF-8 encoding"),
    message=_message,
    rules=lambda document, config: config_rules(config) if config is not None else (),
)
"""A site or user config file (an empty one is fine: the defaults apply)."""
