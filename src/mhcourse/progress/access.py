"""Who may open what on this computer: the site's kiosk and privacy policy.

The policy (`Access`) is built once by the command that starts a face, from the site config:
kiosk mode, hidden names, whether PINs are required, whether this is a shared machine. The front
desk (desk.py) applies it when a face lists, makes or opens a profile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..site.config import SiteConfig


@dataclass(frozen=True)
class Kiosk:
    """Kiosk mode: the session locks when left idle, and only a facilitator can leave."""

    idle_minutes: float = 10.0
    """Minutes without a key or click before the session locks and returns to the profile screen."""
    hide_names: bool = False
    """Show no list of names: each learner types theirs."""
    facilitator_pin_ok: Callable[[str], bool] | None = None
    """Checks the facilitator PIN that lets the course close; None means it cannot be closed from inside."""

    @property
    def idle_seconds(self) -> float:
        return max(self.idle_minutes * 60, 0.5)


@dataclass(frozen=True)
class Access:
    """The site's policy for opening profiles, the same in every face."""

    kiosk: Kiosk | None = None
    """Kiosk mode, or None."""
    require_pin: bool = False
    """Every profile needs a PIN ([privacy] require_pin)."""
    review_size: int = 10
    """Cards in one review session ([course] review_size)."""
    refresher_months: int | None = None
    """A passed module's refresher falls due after this many months ([course] refresher_months); None: never."""
    pretest: bool = False
    """Offer each module's short pre-test before its first lesson ([course] pretest)."""
    confidence: bool = True
    """Ask the optional confidence question before a module and after its quiz ([course] confidence_check)."""
    language: str | None = None
    """The site's language for learners who chose none ([course] language)."""
    shared: bool = False
    """Other people reach these profiles: several OS accounts share the data folder ([data] shared), or the
    course is served as a web page, where every browser may be someone else's."""

    @classmethod
    def from_site(cls, site: SiteConfig, *, kiosk: bool = False, data_shared: bool = False) -> Access:
        """The policy of a site config; `kiosk` forces kiosk mode on (`--kiosk`), never off."""
        chosen = site.kiosk
        mode = None
        if kiosk or chosen.enabled:
            mode = Kiosk(idle_minutes=chosen.idle_minutes, hide_names=chosen.hide_names,
                         facilitator_pin_ok=chosen.check_pin if chosen.has_pin else None)
        course = site.course
        return cls(kiosk=mode, require_pin=site.privacy.require_pin, shared=data_shared,
                   review_size=course.review_size, refresher_months=course.refresher_months, pretest=course.pretest,
                   confidence=course.confidence_check, language=course.language)

    @property
    def hide_names(self) -> bool:
        return self.kiosk is not None and self.kiosk.hide_names

    @property
    def shared_machine(self) -> bool:
        """Other people use this computer: a new profile is offered a PIN (required with require_pin)."""
        return self.kiosk is not None or self.shared or self.require_pin
