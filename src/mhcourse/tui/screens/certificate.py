"""In kiosk mode a certificate is not saved on the shared computer: the learner sees its reference instead."""

from __future__ import annotations

import shlex

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from ..text import literal, styled
from ..widgets.footer import CourseFooter
from .base import CourseModal


def quoted(name: str) -> str:
    """The name as a facilitator types it in a shell: "Robin O'Neil", as the guide writes names."""
    return f'"{name}"' if not set(name) & set('"$`\\!') else shlex.quote(name)


class CertificateScreen(CourseModal[None]):
    """The certificate is issued and recorded; a facilitator prints it with `mhcourse certificate`."""

    BINDINGS = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    CertificateScreen #certificate-ref, CertificateScreen #certificate-command { margin: 1 0; }
    """

    def __init__(self, ref: str, name: str) -> None:
        super().__init__()
        self.ref = ref
        self.name_ = name

    def compose(self) -> ComposeResult:
        command = f"mhcourse certificate --profile {quoted(self.name_)} -o certificate.html"
        with Vertical(classes="small-box"):
            yield Static("Your certificate is ready", classes="title")
            yield Static(styled("Reference: ", (self.ref, "bold")), id="certificate-ref")
            yield Static("This computer is shared, so the certificate is not saved on it. Please write the "
                         "reference down and ask a facilitator to print your certificate. They print it with:")
            yield Static(literal(command), id="certificate-command")
            yield Button("Close", id="close")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#close").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
