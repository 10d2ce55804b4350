"""The footer of every screen, with Get help now first, each key in the learner's words, and never a key cut."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ...i18n import _
from ..runtime import release_footer_keys

HELP_ACTIONS = ("get_help", "app.get_help")
COMPACT_BELOW = 100
"""Columns under which the keys lose their padding, so that at 80 columns every key of a busy screen fits."""

ARROWS = {"up": "↑", "down": "↓", "left": "←", "right": "→"}


def key_words(key: str) -> str:
    """A key as a learner reads it on the keyboard: "ctrl+q" is Ctrl+Q, "escape" Esc, "enter" Enter, "right" →."""
    *modifiers, name = key.split("+")
    if name in ARROWS:
        shown = ARROWS[name]
    elif len(name) == 1:
        shown = name.upper() if modifiers else name  # "n" is typed as n; with Ctrl it is printed Ctrl+N
    else:
        shown = {
            "escape": _("Esc"), "enter": _("Enter"), "space": _("Space"), "tab": _("Tab"),
            "question_mark": "?", "pageup": _("PgUp"), "pagedown": _("PgDn"), "home": _("Home"), "end": _("End"),
            "backspace": _("Backspace"), "delete": _("Del"),
        }.get(name, name.upper() if name[:1] == "f" and name[1:].isdigit() else name.replace("_", " ").title())
    words = {"ctrl": _("Ctrl"), "shift": _("Shift"), "alt": _("Alt")}
    return "+".join([*(words.get(m, m.title()) for m in modifiers), shown])


def binding_words(binding: Binding) -> str:
    """A binding's key as the footer and the Keys list show it: its own key_display, or key_words."""
    return binding.key_display or key_words(binding.key)


def footer_key_rank(binding: Binding) -> int:
    """Which of an action's keys the footer shows: a letter first (it works wherever the focus is, so a
    lesson says "n Next" whether its text or a check has the focus), then an arrow, then the rest."""
    _modifiers, key = binding.parse_key()
    if len(key) == 1 and key.isalpha() and not _modifiers:
        return 0
    return 1 if key in ARROWS else 2


class CourseFooter(Footer):
    """Textual's Footer lists the focused widget's keys first and the app's last, so on a narrow terminal
    F1 Get help now would be the first key pushed out of sight. Here it always comes first; each action is
    shown by one key, the same wherever the focus is; and a key that does not fit whole is left out, with
    the keys after it, rather than cut ("^q Qui")."""

    def __init__(self) -> None:
        super().__init__()
        # Compact from the start on a narrow terminal, as Footer(compact=...) sets it: switched only at the
        # first resize, every key was styled twice before the first frame. on_resize still decides, from the
        # footer's own width.
        try:
            narrow = self.app.size.width < COMPACT_BELOW
        except RuntimeError:  # no app running (Textual's NoActiveAppError)
            return
        self.set_reactive(Footer.compact, narrow)
        self.set_class(narrow, "-compact", update=False)

    def compose(self) -> ComposeResult:
        shown: dict[str, list[Binding]] = {}
        for active in self.screen.active_bindings.values():
            if active.binding.show:
                shown.setdefault(active.binding.action, []).append(active.binding)
        keys = [self._one_way(key, shown) for key in super().compose()]
        yield from sorted(keys, key=lambda key: getattr(key, "action", None) not in HELP_ACTIONS)  # stable

    def _one_way(self, widget: Widget, shown: dict[str, list[Binding]]) -> Widget:
        """Show an action by its letter key when it has one among the active keys (footer_key_rank), and its
        words in the learner's language (a Binding's description is marked N_() where it is written)."""
        if not isinstance(widget, FooterKey):
            return widget
        # The class FooterKey's compact watcher gives it once mounted (bound to the footer's compact; the
        # palette key keeps its own, True), given now: given then, it restyled every key before the first frame.
        palette = widget.has_class("-command-palette")
        widget.set_class(widget.compact if palette else self.compact, "-compact", update=False)
        widget.description = _(widget.description)
        if isinstance(widget.tooltip, str):
            widget.tooltip = _(widget.tooltip)
        if palette:
            return widget
        if bindings := shown.get(widget.action):
            best = min(bindings, key=footer_key_rank)
            widget.key, widget.key_display = best.key, self.app.get_key_display(best)
        return widget

    _redraw_due = False
    """A redraw is on its way (Footer.bindings_changed asked for one after the next refresh)."""

    def bindings_changed(self, screen: Screen) -> None:
        # Textual asks for a redraw at every change of bindings, and a redraw replaces every key. Changes that
        # come together (a screen shown, then its focus set: two before the first frame) need one: the redraw
        # on its way reads the bindings as they are when it runs.
        if self._redraw_due:
            return
        super().bindings_changed(screen)
        self._redraw_due = self.is_attached and screen is self.screen and screen.app.app_focus

    async def recompose(self) -> None:
        self._redraw_due = False  # from here on a change of bindings may not be seen by this redraw
        # Each redraw (after any change of focus) replaces every key: let the removed ones go now.
        await super().recompose()
        release_footer_keys(self)
        self.call_after_refresh(self.fit)

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
        for key in self.query(FooterKey):
            key.display = True
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Leave out the first key that would be cut at the right edge, and those after it. ^p More goes first:
        Ctrl+P still works, and Keys lists it; the screen's own keys and Quit matter more."""
        keys = list(self.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        others = [key for key in keys if key not in palette]
        right = self.content_region.right
        if palette and palette[0].display:
            if any(key.region.right > palette[0].region.x for key in others if key.display):
                palette[0].display = False
            else:
                right = palette[0].region.x
        cut = False
        for key in others:
            cut = cut or key.region.right > right
            if cut and key.display:
                key.display = False
