"""The settings one run works with, resolved once from the command line, the environment, the config
files and the defaults (strongest first, in that order)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..errors import ConfigError
from .store_url import store_url

if TYPE_CHECKING:
    from ..content.catalog import Catalog, Source
    from ..content.summary import ModuleSummary
    from ..learning.track import Track
    from .config import SiteConfig


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    module_dirs: tuple[Path, ...] = ()
    """Extra module folders from --modules, strongest last."""
    config_module_dirs: tuple[Path, ...] = field(default=())
    """Module folders named in the site config, then the user config."""
    config: SiteConfig | None = None
    """The site and user configuration; None when no config file exists (the defaults apply)."""
    store_url: str | None = None
    """The shared PostgreSQL record (MHCOURSE_STORE_URL, then [store] url); None keeps progress in data_dir."""
    data_shared: bool = False
    """The config says several OS accounts share its data folder (and no --data-dir or MHCOURSE_DATA_DIR
    chose another): make new files group-writable."""

    @classmethod
    def resolve(cls, data_dir: str | None = None, modules: list[str] | None = None,
                config: str | os.PathLike[str] | None = None, *, writing_config: bool = False) -> Settings:
        """Resolve once per run; raises ConfigError when a config file has problems.

        A file named by --config or MHCOURSE_CONFIG must exist (a typo there must not quietly
        switch kiosk mode off), except for the command that writes it (`writing_config`).
        Without any config file this reads nothing and imports nothing beyond paths.
        """
        site = None
        named = config is not None or bool(os.environ.get("MHCOURSE_CONFIG"))
        files = paths.config_files(config)
        if any(p.exists() for p in files) or (named and not writing_config):
            from .loading import load_config

            site = load_config(config)
        configured = str(site.data_folder) if site and site.data_folder else None
        return cls(
            data_dir=paths.data_dir(data_dir, configured),
            module_dirs=tuple(Path(m).expanduser() for m in modules or ()),
            config_module_dirs=site.module_dirs if site else (),
            config=site,
            store_url=store_url(site.store.url if site else None),
            data_shared=bool(site and site.data_shared and not (data_dir or os.environ.get("MHCOURSE_DATA_DIR"))),
        )

    @property
    def site(self) -> SiteConfig:
        """The configuration in effect: the loaded one, or the defaults."""
        if self.config is not None:
            return self.config
        from .config import SiteConfig

        return SiteConfig()

    @property
    def track(self) -> Track:
        """The track in effect, known without the site's models when there is no config file (bundled.py)."""
        from .bundled import track_in_effect

        return track_in_effect(self.config)


def course_sources(settings: Settings) -> list[Source]:
    """Module sources in override order: each later one wins over an earlier one with the same id.

    The folders someone named (config, MHCOURSE_MODULES, --modules) are `named`: a missing one gets a
    notice. The default site and user folders usually do not exist, and stay quiet.
    """
    from ..content.catalog import Source

    sources = [
        Source("bundled", paths.bundled_modules_dir()),
        Source("site", paths.site_modules_dir()),
        *(Source("config", d, named=True) for d in settings.config_module_dirs),
        Source("user", paths.user_modules_dir(settings.data_dir)),
        *(Source("MHCOURSE_MODULES", d, named=True) for d in paths.env_module_dirs()),
        *(Source("--modules", d, named=True) for d in settings.module_dirs),
    ]
    return sources


def load_catalog(settings: Settings, *, outline: bool = False) -> Catalog:
    """The catalog from every source, in override order; raises ConfigError when the site config's
    [track] names a module the catalog lacks (check_track).

    Validated modules are cached in paths.cache_dir() (content/cache.py), so an unchanged file is
    not parsed again; `mhcourse validate` does not use this and always checks every file afresh.
    `outline`: the TUI's load, which keeps the course's outline for its next start (load_outline), where that
    start can use it (no site config).
    """
    from ..content.cache import cached_catalog

    keep = outline and settings.config is None
    catalog = cached_catalog(course_sources(settings), paths.cache_dir() / "catalog", outline=keep)
    check_track(settings, catalog)
    return catalog


def load_outline(settings: Settings) -> list[ModuleSummary] | None:
    """The catalog in outline (content/summary.py) from the cache, when it was written from these very files and
    left nothing out; None otherwise, and always with a site config, whose track is checked against the full
    catalog first (load_catalog). Imports no pydantic: the first screens of a start need only this."""
    if settings.config is not None:
        return None
    from ..content.cache import cached_outline

    return cached_outline(course_sources(settings), paths.cache_dir() / "catalog")


def check_track(settings: Settings, catalog: Catalog) -> None:
    """Raise ConfigError for every [track] id that names no module in `catalog`.

    Here, where the config meets the catalog, because neither can tell alone: every command that
    loads the catalog (the course, certificates, the report, config check) stops before it starts.
    """
    if settings.config is None:
        return
    from .track import track_problems

    problems = track_problems(settings.config, (m.id for m in catalog.modules), catalog.notices)
    if problems:
        raise ConfigError(problems)
