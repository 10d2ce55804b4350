"""What every page of one server shares: the desk (profiles and the store), the modules, the site."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .worker import StoreWorker

if TYPE_CHECKING:
    from ..content.models import Module
    from ..progress.desk import Desk
    from ..site.config import SiteConfig

IDLE_MINUTES = 30
"""A signed-in session ends after this long without a page: a shared computer left open is signed out."""


@dataclass
class WebCourse:
    """One server's course: every learner's session reads and writes through `desk`, on `worker`'s thread."""

    desk: Desk
    modules: list[Module]
    """The modules this site offers (its track), in order."""
    site: SiteConfig
    seed: int | None = None
    """MHCOURSE_SEED: shuffled orders replay the same (tests and demos)."""
    idle_minutes: int = IDLE_MINUTES
    loopback: bool = True
    """Served for this computer alone: only Host headers that name it are answered."""
    hostnames: frozenset[str] = frozenset()
    """The Host names answered when the server is on the network (lower case, no port)."""
    worker: StoreWorker = field(default_factory=StoreWorker)

    @property
    def idle_seconds(self) -> float:
        """How long a session lasts unused: the course's idle time, or a kiosk's when that is shorter."""
        kiosk = self.desk.kiosk
        seconds = self.idle_minutes * 60.0
        return seconds if kiosk is None else min(seconds, kiosk.idle_seconds)

    def rng(self) -> random.Random | None:
        return None if self.seed is None else random.Random(self.seed)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    @property
    def title(self) -> str:
        """The course's name on every page's title: the organization's, or ours."""
        from ..i18n import _

        return self.site.name or _("Mental health awareness course")
