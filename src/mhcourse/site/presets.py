"""Track presets: bundled tracks a site picks by name (`[track] preset = "workplace"`), kept as data in
site/track_presets.toml. Each is an ordered list of offered and required module ids; an id the catalog lacks
(a module not in this version of mhcourse) is left out with a note, never an error."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ModuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]


class Preset(BaseModel):
    """One bundled track. Its validator is built when the presets are first read (`defer_build`), not at import."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: str
    """What a site writes: `[track] preset = "workplace"`."""
    title: str
    who: str
    """Who it is for, in a sentence."""
    offered: list[ModuleId] | None = None
    """The modules offered, in order; None: every module in the catalog."""
    required: list[ModuleId] | None = None
    """The modules the certificate needs; None: the bundled modules among those offered."""

    def ids(self) -> list[str]:
        """Every id the preset names, offered first."""
        named = [*(self.offered or ()), *(self.required or ())]
        return list(dict.fromkeys(named))


class _Presets(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    preset: list[Preset] = Field(default_factory=list)


@cache
def presets() -> dict[str, Preset]:
    """The bundled presets by name, in the file's order."""
    raw = files("mhcourse.site").joinpath("track_presets.toml").read_text(encoding="utf-8")
    return {p.name: p for p in _Presets.model_validate(tomllib.loads(raw)).preset}


def preset_named(name: str | None) -> Preset | None:
    """The preset called `name`; None when there is none (or no name)."""
    return presets().get(name) if name else None
