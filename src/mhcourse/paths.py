"""Every place mhcourse reads or writes, in one module.

Settings, strongest first: command line > environment > user config > site config > defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "mhcourse"


def bundled_modules_dir() -> Path:
    """The course that ships with mhcourse.

    A source checkout (or an editable install) reads the repository's modules/ directly, so an
    author's edit shows at once; an installed wheel carries its own copy inside the package.
    """
    package = Path(__file__).resolve().parent
    checkout = package.parent.parent / "modules"
    if package.parent.name == "src" and checkout.is_dir():
        return checkout
    return package / "bundled_modules"


def data_dir(override: str | os.PathLike[str] | None = None, configured: str | None = None) -> Path:
    """Where progress is kept: --data-dir, then MHCOURSE_DATA_DIR, then the config, then the user data folder."""
    chosen = override or os.environ.get("MHCOURSE_DATA_DIR") or configured
    return Path(chosen).expanduser() if chosen else platformdirs.user_data_path(APP, appauthor=False)


def cache_dir() -> Path:
    """Where the validated catalog is cached: MHCOURSE_CACHE_DIR, else the user cache folder."""
    chosen = os.environ.get("MHCOURSE_CACHE_DIR")
    return Path(chosen).expanduser() if chosen else platformdirs.user_cache_path(APP, appauthor=False)


def site_modules_dir() -> Path:
    return platformdirs.site_data_path(APP, appauthor=False) / "modules"


def user_modules_dir(data: Path) -> Path:
    return data / "modules"


def env_module_dirs() -> list[Path]:
    raw = os.environ.get("MHCOURSE_MODULES", "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def config_files(override: str | os.PathLike[str] | None = None) -> list[Path]:
    """Config files to read, weakest first: the site file, then the user file; or just the one named."""
    chosen = override or os.environ.get("MHCOURSE_CONFIG")
    if chosen:
        return [Path(chosen).expanduser()]
    return [
        platformdirs.site_config_path(APP, appauthor=False) / "config.toml",
        platformdirs.user_config_path(APP, appauthor=False) / "config.toml",
    ]


def certificate_dir() -> Path:
    """Where the course saves a learner's certificate: their downloads folder, made if it is missing
    (a fresh account often has none), or their home folder when it cannot be made."""
    folder = platformdirs.user_downloads_path()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.home()
    return folder
