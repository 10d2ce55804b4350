"""In kiosk mode a certificate is not saved on the shared computer: the learner sees its reference instead."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from ...i18n import N_, _
from ...progress.certificate import KIOSK_NOTE, READY, facilitator_command
from ..text import literal, styled
from ..widgets.footer import CourseFooter
from .base import CourseModal


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
