"""The ids of the bundled course's modules, apart from site/track.py so that the track of a site without a config
file is known without the site's pydantic models (Settings.track, the TUI's home: track_in_effect)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:
    from ..learning.track import Track
    from .config import SiteConfig


@cache
def bundled_ids() -> frozenset[str]:
    """The ids of the bundled course's modules: each module file is named after its id (a test holds this)."""
    return frozenset(path.stem for path in paths.bundled_modules_dir().glob("*.toml"))


def track_in_effect(config: SiteConfig | None) -> Track:
    """The track in effect: the config's, else the defaults' (every module, in the catalog's order), made without
    the site's models, which a start without a config file does not import (tui/app.py load_course, the learner's
    home). tests/unit/test_summary.py holds it equal to SiteConfig().track."""
    if config is not None:
        return config.track
    from ..learning.track import Track

    return Track(bundled=bundled_ids())
