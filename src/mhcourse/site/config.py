"""The configuration in effect: the site file, then the user file, over the defaults (site/loading.py
makes it), with the file and line each setting came from, for messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..content.locate import KeyLines
from ..content.problems import KeyPath, Problem
from .schema import (
    CourseSettings,
    HelplinesSettings,
    KioskSettings,
    Organization,
    PrivacySettings,
    ServeSettings,
    StoreSettings,
    SupportSettings,
    TrackSettings,
)
from .track import track_of

if TYPE_CHECKING:
    from ..content.helplines import Helplines
    from ..learning.track import Track

Role = Literal["site", "user", "named"]
"""A config file's part: the site file, the user file, or the one file --config or MHCOURSE_CONFIG names."""


@dataclass(frozen=True)
class FileRead:
    """One config file looked for: where, in which role, and whether it was there."""

    path: Path
    role: Role
    found: bool


@dataclass(frozen=True, eq=False)
class SiteConfig:
    """The configuration in effect: the site file, then the user file, over the defaults."""

    # The sections' defaults are made with model_construct: the same objects as validating no keys gives
    # (defaults are not validated, and no section has a model validator; tests/unit/test_site_defaults.py),
    # without building each section's validator (defer_build) on the way to a start's first key.
    files: tuple[FileRead, ...] = ()
    organization: Organization = field(default_factory=Organization.model_construct)
    course: CourseSettings = field(default_factory=CourseSettings.model_construct)
    helplines_settings: HelplinesSettings = field(default_factory=HelplinesSettings.model_construct)
    module_dirs: tuple[Path, ...] = ()
    """Module folders from the site file, then the user file (relative ones resolved against their file)."""
    track_settings: TrackSettings = field(default_factory=TrackSettings.model_construct)
    data_folder: Path | None = None
    data_shared: bool = False
    store: StoreSettings = field(default_factory=StoreSettings.model_construct)
    kiosk: KioskSettings = field(default_factory=KioskSettings.model_construct)
    support: SupportSettings = field(default_factory=SupportSettings.model_construct)
    privacy: PrivacySettings = field(default_factory=PrivacySettings.model_construct)
    serve: ServeSettings = field(default_factory=ServeSettings.model_construct)
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
        from .helplines import merge_helplines  # here: a start loads the list after its catalog (tui/app.py)

        return merge_helplines(self.helplines_settings)

    @property
    def track(self) -> Track:
        return track_of(self.track_settings)

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
