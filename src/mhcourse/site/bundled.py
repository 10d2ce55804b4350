"""The ids of the bundled course's modules, apart from site/track.py so that the track of a site without a config
file is known without the site's pydantic models (Settings.track)."""

from __future__ import annotations

from functools import cache

from .. import paths


@cache
def bundled_ids() -> frozenset[str]:
    """The ids of the bundled course's modules: each module file is named after its id (a test holds this)."""
    return frozenset(path.stem for path in paths.bundled_modules_dir().glob("*.toml"))
