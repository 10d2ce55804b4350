"""The site's track: the modules its [track] offers and requires, and every id there checked against
the catalog (only where the config meets the catalog can a typo be told from a module not offered)."""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.messages import suggest
from ..content.problems import Problem
from ..i18n import _
from ..learning.track import Track
from .bundled import bundled_ids
from .presets import Preset, preset_named
from .schema import TrackSettings

if TYPE_CHECKING:
    from .config import SiteConfig


@dataclass(frozen=True)
class Effective:
    """The [track] lists in effect: the site's own, else its preset's (None: the key's default)."""

    preset: Preset | None
    offered: list[str] | None
    required: list[str] | None
    from_preset: frozenset[str]
    """The ids in effect that came from the preset (the catalog may lack them)."""


def effective(settings: TrackSettings) -> Effective:
    """A site's `offered` or `required` list replaces its preset's. When only `offered` is the site's own, the
    preset's required modules that are not offered are left out (a certificate cannot need a module not offered)."""
    preset = preset_named(settings.preset)
    offered, required = settings.offered, settings.required
    taken: set[str] = set()
    if preset is not None:
        if offered is None and preset.offered is not None:
            offered = list(preset.offered)
            taken.update(offered)
        if required is None and preset.required is not None:
            required = [i for i in preset.required if offered is None or i in offered]
            taken.update(required)
    return Effective(preset, offered, required, frozenset(taken))


def track_of(settings: TrackSettings) -> Track:
    """The track a site's [track] table sets, with its preset; a key left out offers every module (or requires the
    bundled modules among those offered)."""
    lists = effective(settings)
    return Track(
        offered=tuple(lists.offered) if lists.offered is not None else None,
        required=tuple(lists.required) if lists.required is not None else None,
        no_skipping=tuple(settings.must_pass()),
        bundled=bundled_ids() if lists.required is None else None,
        may_lack=lists.from_preset,
    )


def preset_notes(site: SiteConfig, module_ids: Iterable[str]) -> list[Problem]:
    """A note (rule "note") for each id the site's preset names that the catalog lacks: it is left out."""
    lists = effective(site.track_settings)
    if lists.preset is None:
        return []
    known = set(module_ids)
    absent = [i for i in lists.preset.ids() if i not in known and i in lists.from_preset]
    if not absent:
        return []
    message = _("the preset '{name}' names module(s) this course does not have, left out until an update brings "
                "them: {ids}").format(name=lists.preset.name, ids=", ".join(absent))
    return [dc.replace(site.problem(("track", "preset"), message, warning=False), rule="note")]


def track_problems(site: SiteConfig, module_ids: Iterable[str], left_out: Iterable[Problem] = ()) -> list[Problem]:
    """Every id the site's own [track] lists give that names no module in the catalog, located at the id.

    An error, not a warning: a misspelt required id would silently drop that module from the
    certificate, and a track whose ids are all unknown would certify nothing. `left_out` is the
    catalog's notices: a module whose file has problems is missing too, and the message says so.
    A preset's ids are not checked here: preset_notes says which of them the catalog lacks.
    """
    known = set(module_ids)
    files = [Path(p.file) for p in left_out if p.file is not None]
    broken = {f.stem: f for f in files if f.suffix == ".toml"}  # a module file is named after its id
    t = site.track_settings
    lists = effective(t)
    offered = lists.offered
    must: list[str] | None = lists.required if lists.required is not None else offered
    where = "track.required" if lists.required is not None else "track.offered"
    out = []
    for key in ("offered", "required", "no_skipping", "no_waiver"):  # no_waiver: no_skipping's older name
        for i, module_id in enumerate(getattr(t, key) or ()):
            if module_id in broken:
                message = _("there is no module '{id}': its file {file} has problems and was left out "
                            "(`mhcourse validate` shows why)").format(id=module_id, file=broken[module_id])
            elif module_id not in known:  # a typo: suggest from the whole catalog, never advise offering it
                message = _no_module(module_id, known)
            elif key == "required" and offered is not None and module_id not in offered:
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
