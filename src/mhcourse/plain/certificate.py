"""The certificate in the plain face: offered on the main menu once the track is passed, as the TUI does.

The core decides (Learner.certificate_check, issue_certificate) and words it (progress.certificate);
this module only asks and prints. In kiosk mode no file is written on the shared computer: the
learner is shown the reference and the command a facilitator prints it with. A guest has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import paths
from ..i18n import _
from ..learning.track import Track
from ..progress import certificate
from ..progress.learner import Learner

if TYPE_CHECKING:
    from .session import PlainSession


@dataclass(frozen=True)
class CertificateSite:
    """What a certificate needs from the site config."""

    track: Track = field(default_factory=Track)
    organization: str = "mhcourse"
    paper: str = "a4"
    """The site's paper size (certificate.paper_size)."""


def offered(learner: Learner, site: CertificateSite, kiosk: bool) -> str | None:
    """The main menu's line for the certificate, or None while there is none to give (and always for a guest)."""
    if learner.is_guest or not learner.certificate_check(site.track).ready:
        return None
    if kiosk:
        return _("{ready}: choose this for its reference").format(ready=certificate.ready_words())
    return _("{ready}: choose this to save it").format(ready=certificate.ready_words())


def give(session: PlainSession, learner: Learner, site: CertificateSite) -> None:
    """Issue the certificate; show its reference (kiosk) or save it to the learner's downloads folder."""
    try:
        cert = learner.issue_certificate(site.track, site.organization)
    except certificate.CertificateRefused as refused:  # the track changed since the menu was shown
        session.console.say("", _("No certificate yet: {why}").format(why=refused))
        return
    if session.desk.kiosk is not None:
        # A shared account's downloads would pile up with learners' names: the facilitator prints it instead.
        session.console.say("", certificate.ready_words(), _("Reference: {ref}").format(ref=cert.ref),
                            certificate.kiosk_note(), f"  {certificate.facilitator_command(cert.name)}")
    else:
        target = paths.certificate_dir() / certificate.file_name(cert)
        try:
            certificate.save(cert, target, paper=site.paper)
        except OSError as err:
            session.console.say("", f"{certificate.NOT_SAVED} ({err.strerror or err})")
        else:
            session.console.say("", certificate.saved_words(target))
    session.console.more(_("Press Enter to go back to the main menu."))
