"""Home: continue where you left off, and every module in order with its state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _, ngettext
from ...learning.progress import Status
from ...progress.journey import start_hint
from ..text import styled
from ..widgets.bar import TopBar
from ..widgets.footer import CourseFooter
from .base import ROOMY, CourseScreen
from .review_words import refresher_words, review_about, review_item_words, state_words

if TYPE_CHECKING:
    from ...learning.outlined import ModuleLike
    from ...progress.journey import NextStep

SYMBOLS = {
    Status.PASSED: "✔",
    Status.COMPLETED: "◑",
    Status.IN_PROGRESS: "◐",
    Status.SKIPPED: "–",
    Status.NOT_STARTED: "·",
}


class ModuleList(OptionList):
    """The home list. The detail under it grows with the highlighted module's summary (four lines after "Press
    Enter to begin"), and the list shrinks to make room after it has scrolled: End would leave the last module
    out of sight. Each time its size changes, the highlighted item is brought back into view."""

    def on_resize(self, event: events.Resize) -> None:
        self.scroll_to_highlight()



class HomeScreen(CourseScreen[None]):
    HORIZONTAL_BREAKPOINTS = ROOMY
    is_home = True
    BINDINGS = [
        Binding("escape", "switch_profile", N_("Switch profile")),
        Binding("l", "local_support", N_("Local support")),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "local_support":
            from .support import has_local_support

            return has_local_support(self.app.configured_site)
        return True

    def action_local_support(self) -> None:
        self.app.show_local_support()

    def compose(self) -> ComposeResult:
        yield TopBar(_("Mental health awareness"))
        with Vertical(classes="page"), Horizontal(id="home-columns"):
            with Vertical(id="home-main"):
                with Vertical(id="home-status"):  # docked under the list, which so never runs over it
                    with Horizontal(id="overall"):
                        yield Label("", id="overall-label")
                        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="overall-bar")
                    yield Static("", id="module-detail")
                yield ModuleList(id="modules")
            # On a roomy terminal the highlighted module's summary stands beside the list (course.tcss: -roomy).
            yield Static("", id="home-aside")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#modules").focus()

    def on_screen_resume(self) -> None:
        if self.app.learner is None:  # the session was locked: these screens are being closed
            return
        self.refresh_list()

    def refresh_list(self) -> None:
        learner = self.learner
        overview = learner.overview()
        modules = self.query_one("#modules", OptionList)
        keep = modules.highlighted
        modules.clear_options()
        step = learner.next_words()  # home reads the outline (Learner.outline): nothing is loaded to draw it
        if step is not None:
            modules.add_option(Option(styled((step.lead, "bold"), step.words), id="continue"))
        due = learner.due().count
        if due:  # under Continue, which stays first: nothing when none are due
            modules.add_option(Option(styled((review_item_words(due), "bold")), id="review"))
        if step is not None or due:
            modules.add_option(None)
        if not self.app.is_guest and learner.certificate_ready(self.app.track):
            action = _("press Enter for its reference") if self.app.kiosk else _("press Enter to save it")
            modules.add_option(Option(styled((_("Your certificate is ready: "), "bold"), action), id="certificate"))
            modules.add_option(None)
        width = min(max((len(m.title) for m in learner.outline), default=10), 38)
        for number, module in enumerate(learner.outline, 1):
            state = overview.states[module.id]
            title = module.title if len(module.title) <= width else module.title[: width - 1] + "…"
            # The tick says passed; the score gives way to the refresher here (both fit beside the list).
            words = _("refresher due") if learner.refresher_due(module) else state.describe()
            modules.add_option(Option(
                styled(f"{SYMBOLS[state.status]} {number:>2}  ", title.ljust(width),
                       "  " + _("{minutes} min").format(minutes=f"{module.minutes:>3}") + "  ",
                       (words, "italic")),
                id=f"module:{module.id}",
            ))
        modules.highlighted = keep if keep is not None and keep < modules.option_count else 0
        progress = _("{passed} of {total}").format(passed=overview.passed, total=overview.total)
        if self.app.is_guest:
            self.query_one(TopBar).set_who(_("Guest (nothing is saved) · {progress}").format(progress=progress))
        else:
            self.query_one(TopBar).set_who(progress, name=learner.profile.name)
        self.query_one("#overall-label", Label).update(
            ngettext("{passed} of {total} modules passed ", "{passed} of {total} modules passed ", overview.total)
            .format(passed=overview.passed, total=overview.total))
        bar = self.query_one("#overall-bar", ProgressBar)
        bar.update(total=max(overview.total, 1), progress=overview.passed)
        self._show_detail()

    def _module_at(self, index: int | None) -> ModuleLike | None:
        """The module of a row, as home reads it (Learner.outlined); opening it asks for the full one."""
        if index is None:
            return None
        option = self.query_one("#modules", OptionList).get_option_at_index(index)
        if option.id and option.id.startswith("module:"):
            return self.learner.outlined(option.id.split(":", 1)[1])
        return None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#module-detail", Static)
        aside = self.query_one("#home-aside", Static)
        options = self.query_one("#modules", OptionList)
        module = self._module_at(options.highlighted)
        if module is None:
            highlighted = options.highlighted
            option_id = options.get_option_at_index(highlighted).id if highlighted is not None else None
            learner = self.learner
            if option_id == "review":
                detail.update(review_about())
                aside.update(styled((review_item_words(learner.due().count), "bold"), "\n\n", review_about()))
            elif option_id == "certificate":
                words = (_("Press Enter to see your certificate's reference: a facilitator prints it for you.")
                         if self.app.kiosk else _("Press Enter to save your certificate, ready to print."))
                detail.update(words)
                aside.update(styled((_("Your certificate"), "bold"), "\n\n", words))
            else:
                detail.update(start_hint(learner.has_started))
                step = learner.next_words()
                where: list[str | tuple[str, str]] = [] if step is None else [
                    (step.lead.strip(), "bold"), "\n", step.words, "\n\n"]
                aside.update(styled(*where, start_hint(learner.has_started)))
            return
        parts: list[list[str | tuple[str, str]]] = [[module.summary]]
        missing = self.learner.missing_recommended(module)
        if missing:
            parts.append([(_("Recommended first: "), "bold"),
                          _("{modules} (optional)").format(modules=_(", ").join(m.title for m in missing))])
        if self.learner.refresher_due(module):
            parts.append([(_("Refresher due: "), "bold"), refresher_words()])
        if self.learner.gate(module).ask:  # last: the summary and recommendations come first
            parts.append([(_("Content note: "), "bold"), _("you see what it covers before you start.")])
        detail.update(styled(*_joined(parts, "\n")))
        state = state_words(self.learner, module, self.learner.state(module).describe())
        about = _("{minutes} min · {state}").format(minutes=module.minutes, state=state)
        aside.update(styled((module.title, "bold"), "\n", (about, "italic"), "\n\n", *_joined(parts, "\n\n")))

    def take_step(self, step: NextStep) -> None:
        """Open a step as Continue does (the results' Next module comes here through go_home)."""
        from .module import open_step

        open_step(self.app, step)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from .module import open_module

        if event.option.id == "certificate":
            self.app.save_certificate()
            return
        if event.option.id == "review":
            from .review import ReviewSessionScreen

            self.app.push_screen(ReviewSessionScreen())
            return
        if event.option.id == "continue":
            step = self.learner.next_step()
            if step is not None:
                self.take_step(step)
            return
        module = self._module_at(event.option_index)
        full = None if module is None else self.learner.module(module.id)  # in full: loaded now if not yet
        if full is not None:
            open_module(self.app, full)

    def action_switch_profile(self) -> None:
        self.app.learner_leaves()
        self.app.pop_screen()


def _joined(paragraphs: list[list[str | tuple[str, str]]], between: str) -> list[str | tuple[str, str]]:
    """The parts of each paragraph in turn, `between` them."""
    joined: list[str | tuple[str, str]] = []
    for paragraph in paragraphs:
        joined += ([between] if joined else []) + paragraph
    return joined
