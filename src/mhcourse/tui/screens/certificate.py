"""In kiosk mode a certificate is not saved on the shared computer: the learner sees its reference instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from ... import paths
from ...i18n import N_, _
from ...progress.certificate import KIOSK_NOTE, READY, facilitator_command
from ..text import literal, styled
from ..widgets.footer import CourseFooter
from .base import CourseModal

if TYPE_CHECKING:
    from ..app import CourseApp


class CertificateScreen(CourseModal[None]):
    """The certificate is issued and recorded; a facilitator prints it with `mhcourse certificate`."""

    BINDINGS = [Binding("escape", "close", N_("Close"))]
    DEFAULT_CSS = """
    CertificateScreen #certificate-ref, CertificateScreen #certificate-command { margin: 1 0; }
    """

    def __init__(self, ref: str, name: str) -> None:
        super().__init__()
        self.ref = ref
        self.name_ = name

    def compose(self) -> ComposeResult:
        command = facilitator_command(self.name_)
        with Vertical(classes="small-box"):
            yield Static(READY, classes="title")
            yield Static(styled(_("Reference: "), (self.ref, "bold")), id="certificate-ref")
            yield Static(KIOSK_NOTE)
            yield Static(literal(command), id="certificate-command")
            yield Button(_("Close"), id="close")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#close").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def save_certificate(app: CourseApp) -> None:
    """Save the certificate: to the downloads folder here, or to the learner's browser under `mhcourse serve`.

    In kiosk mode no file is written: the learner is shown the reference, and a facilitator prints it."""
    import io

    from ...progress import certificate

    learner = app.learner
    if learner is None or app.is_guest or app.preview is not None:
        app.notify(_("Certificates belong to a profile: choose yours first."))
        return
    check = learner.certificate_check(app.site.track)
    if not check.ready and check.reason:
        app.notify(_("No certificate here: {reason}. Please tell a facilitator.").format(reason=check.reason),
                   title=_("Certificate"), timeout=8)
        return
    if not check.ready:
        names = _(", ").join(learner.shown(m).title for m in check.missing[:3])
        words = (_("Not yet: pass these modules first: {names} and more.") if len(check.missing) > 3
                 else _("Not yet: pass these modules first: {names}."))
        app.notify(words.format(names=names), title=_("Certificate"), timeout=8)
        return
    cert = learner.issue_certificate(app.site.track, app.site.name or "mhcourse")
    if app.kiosk is not None:
        # A shared account's downloads would pile up with learners' names: the facilitator prints it instead.
        app.push_screen(CertificateScreen(cert.ref, cert.name))
        return
    paper = certificate.paper_size(app.site.course.paper, app.site.helplines_settings.country)
    app.deliver_text(io.StringIO(certificate.render_html(cert, paper=paper)),
                     save_filename=certificate.file_name(cert), save_directory=paths.certificate_dir(),
                     mime_type="text/html")
