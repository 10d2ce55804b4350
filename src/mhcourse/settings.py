"""The settings one run works with, resolved once from the command line, the environment and the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    module_dirs: tuple[Path, ...] = ()
    """Extra module folders from --modules, strongest last."""
    config_module_dirs: tuple[Path, ...] = field(default=())
    """Module folders named in the site config, then the user config."""

    @classmethod
    def resolve(cls, data_dir: str | None = None, modules: list[str] | None = None) -> Settings:
        return cls(
            data_dir=paths.data_dir(data_dir),
            module_dirs=tuple(Path(m).expanduser() for m in modules or ()),
        )


def course_sources(settings: Settings):
    """Module sources in override order: each later one wins over an earlier one with the same id."""
    from .content.catalog import Source

    sources = [
        Source("bundled", paths.bundled_modules_dir()),
        Source("site", paths.site_modules_dir()),
        *(Source("config", d) for d in settings.config_module_dirs),
        Source("user", paths.user_modules_dir(settings.data_dir)),
        *(Source("MHCOURSE_MODULES", d) for d in paths.env_module_dirs()),
        *(Source("--modules", d) for d in settings.module_dirs),
    ]
    return sources


def load_catalog(settings: Settings):
    """The catalog from every source, in override order."""
    from .content.catalog import build_catalog

    return build_catalog(course_sources(settings))


def open_store(settings: Settings):
    """The learner database in the data folder; raises StoreError (exit 3) when it cannot be used."""
    from .progress.store import Store

    return Store.open(settings.data_dir)
