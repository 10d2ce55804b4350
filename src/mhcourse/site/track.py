"""The site's track: the modules its [track] offers and requires, and every id there checked against
the catalog (only where the config meets the catalog can a typo be told from a module not offered)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.messages import suggest
from ..content.problems import Problem
from ..i18n import _
from ..learning.track import Track
from .schema import TrackSettings

if TYPE_CHECKING:
    from .config import SiteConfig


def track_of(settings: TrackSettings) -> Track:
    """The track a site's [track] table sets; a key left out offers (or requires) every module."""
    return Track(
        offered=tuple(settings.offered) if settings.offered is not None else None,
        required=tuple(settings.required) if settings.required is not None else None,
        no_skipping=tuple(settings.must_pass()),
    )


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
    for key in ("offered", "required", "no_skipping", "no_waiver"):  # no_waiver: no_skipping's older name
        for i, module_id in enumerate(getattr(t, key) or ()):
            if module_id in broken:
                message = _("there is no module '{id}': its file {file} has problems and was left out "
                            "(`mhcourse validate` shows why)").format(id=module_id, file=broken[module_id])
            elif module_id not in known:  # a typo: suggest from the whole catalog, never advise offering it
                message = _no_module(module_id, known)
            elif key == "required" and t.offered is not None and module_id not in t.offered:
                message = _("'{id}' is required but not offered: add it to track.offered").format(id=module_id)
            elif key in ("no_skipping", "no_waiver") and must is not None and module_id not in must:
                message = _("'{id}' is not required for the certificate: add it to {key}").format(id=module_id,
                                                                                                   key=where)
            else:
                continue
            out.append(site.problem(("track", key, i), message, warning=False))
    return out


def _no_module(word: str, known: set[str]) -> str:
    """With the nearest id: "anxiety" for "anxeity" (content's `suggest`, as for a module file's keys), and
    for "anxiety-disorders" (an id it begins with)."""
    within = sorted((i for i in known if word.startswith(i + "-") or i.startswith(word + "-")), key=len)
    close = f"; did you mean '{within[-1]}'?" if within else suggest(word, sorted(known))
    if not close:
        return _("there is no module '{id}' in the catalog").format(id=word)
    return _("there is no module '{id}'").format(id=word) + close
