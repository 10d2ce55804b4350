"""A module: its lessons with ticks, its quiz and its practice scenarios; the content note comes first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...content.models import Module
from ...i18n import N_, _, ngettext
from ...progress.journey import NextStep, Target, skipped_words
from ..text import literal, styled
from ..widgets.bar import TopBar
from ..widgets.buttons import ButtonRow
from ..widgets.footer import CourseFooter
from .base import ROOMY, CourseModal, CourseScreen
from .review_words import refresher_words, state_words


def open_module(app, module: Module, target: Target | None = None) -> None:
    """Go into a module (and on to `target` in it, when given): its content note first, while the core says so."""
    if not app.learner.gate(module).ask:
        _go_in(app, module, target)
        return

    def chosen(go_on: bool | None) -> None:
        if go_on:
            _go_in(app, module, target)

    app.push_screen(ContentNoteScreen(module), chosen)


def open_step(app, step: NextStep) -> None:
    """Continue where the learner left off: straight to the lesson, quiz or scenario (after the content note)."""
    open_module(app, step.module, step.target)


def open_target(app, module: Module, target: Target) -> None:
    """Push the screen of a lesson, the quiz or a scenario of `module`."""
    from .lesson import LessonScreen
    from .quiz import QuizScreen
    from .scenario import ScenarioScreen

    if target.kind == "lesson":
        app.push_screen(LessonScreen(module, module.lessons[target.index].id))
    elif target.kind == "quiz":
        app.push_screen(QuizScreen(module))
    elif target.scenario is not None:
        app.push_screen(ScenarioScreen(module, target.scenario))


def _go_in(app, module: Module, target: Target | None) -> None:
    app.push_screen(ModuleScreen(module))
    if target is not None:
        open_target(app, module, target)


class ContentNoteScreen(CourseModal[bool | None]):
    """What the module talks about, over the list of modules, with the choice to continue or skip it for now.

    Dismissed with True (continue), False (skipped) or None (back); the choice is recorded here.
    """

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="note-box"):
            yield Static(styled((_("Before you start: "), "bold"), self.module.title), classes="title")
            yield Static(literal(self.module.module.content_note or ""), classes="prose note")
            yield Static(
                _("Skipping is fine: the module stays in your list for whenever you want it. "
                  "If something brings up a hard feeling, press F1 for Get help now."),
                classes="prose",
            )
            with ButtonRow(classes="buttons"):
                yield Button(_("Continue"), id="continue", variant="primary")
                yield Button(_("Skip this module"), id="skip")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#continue").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        learner = self.learner
        if event.button.id == "continue":
            learner.accept_content_note(self.module)
            self.dismiss(True)
        else:
            learner.skip_module(self.module)
            self.dismiss(False)
            if self.app.preview is not None:
                self.app.notify(_("A learner who skips goes back to the list of modules. "
                                  "This is a preview: the module is shown below."))
            else:
                self.app.notify(skipped_words())

    def action_back(self) -> None:
        self.dismiss(None)


class ModuleScreen(CourseScreen[None]):
    HORIZONTAL_BREAKPOINTS = ROOMY
    BINDINGS = [Binding("escape", "back", N_("Back to modules"))]

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module

    def compose(self) -> ComposeResult:
        yield TopBar(self.module.title)
        with Vertical(classes="page"):
            # On a roomy terminal the highlighted lesson's outline stands beside the list (course.tcss: -roomy).
            yield Static("", id="module-aside")
            note = self.learner.language_note(self.module)
            if note:  # a module not yet translated into the learner's language says so, in one short line
                yield Static(literal(note), classes="hint", id="language-note")
            yield Static(literal(self.module.module.summary), classes="prose summary")
            yield OptionList(id="items")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_items()
        self.query_one("#items").focus()

    def on_screen_resume(self) -> None:
        if self.app.learner is None:  # the session was locked: these screens are being closed
            return
        self.refresh_items()

    def refresh_items(self) -> None:
        learner = self.learner
        record = learner.record(self.module)
        items = self.query_one("#items", OptionList)
        keep = items.highlighted
        items.clear_options()
        items.add_option(Option(_("Lessons"), disabled=True))
        for number, lesson in enumerate(self.module.lessons, 1):
            tick = "✔" if lesson.id in record.lessons_completed else "·"
            items.add_option(Option(styled(f"  {tick} {number}. ", lesson.title), id=f"lesson:{lesson.id}"))
        if self.module.quiz:
            items.add_option(None)
            label: list[str | tuple[str, str]] = [(_("Quiz"), "bold"), f"  ({learner.quiz_label(self.module)})"]
            if learner.refresher_due(self.module):
                label += ["\n    ", (_("Refresher due: take the quiz again to refresh"), "italic")]
            items.add_option(Option(styled(*label), id="quiz"))
        if self.module.scenarios:
            items.add_option(None)
            items.add_option(Option(_("Practice conversations"), disabled=True))
            for scenario in self.module.scenarios:
                tick = "✔" if scenario.id in record.scenarios_done else "·"
                items.add_option(Option(styled(f"  {tick} ", scenario.title), id=f"scenario:{scenario.id}"))
        first = next(i for i in range(items.option_count) if not items.get_option_at_index(i).disabled)
        items.highlighted = keep if keep is not None and keep < items.option_count else first
        self.query_one(TopBar).set_who(state_words(learner, self.module, learner.state(self.module).describe()),
                                       name=learner.profile.name)
        self._show_outline()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_outline()

    def _show_outline(self) -> None:
        """Beside the list (when there is room): what the highlighted lesson, quiz or conversation holds."""
        items = self.query_one("#items", OptionList)
        highlighted = items.highlighted
        option_id = items.get_option_at_index(highlighted).id if highlighted is not None else None
        kind, _sep, item = (option_id or "").partition(":")
        module, record = self.module, self.learner.record(self.module)
        parts: list[str | tuple[str, str]] = []
        lesson = module.lesson(item) if kind == "lesson" else None
        if lesson is not None:
            number = module.lessons.index(lesson) + 1
            done = _("read") if lesson.id in record.lessons_completed else _("not read yet")
            parts += [(lesson.title, "bold"), "\n", (_("Lesson {number} of {total} · {done}").format(
                number=number, total=len(module.lessons), done=done), "italic")]
            sections = outline(lesson.body)
            if sections:
                parts += ["\n\n", (_("In this lesson"), "bold"), *(f"\n• {title}" for title in sections)]
            if lesson.key_points:
                parts += ["\n\n", ngettext("{count} key point", "{count} key points", len(lesson.key_points)).format(
                    count=len(lesson.key_points))]
            if lesson.checks:
                parts += ["\n" if lesson.key_points else "\n\n", ngettext(
                    "{count} check of your understanding", "{count} checks of your understanding",
                    len(lesson.checks)).format(count=len(lesson.checks))]
        elif kind == "quiz":
            parts += [(_("Quiz"), "bold"), "\n", self.learner.quiz_label(module), "\n\n"]
            if self.learner.refresher_due(module):
                parts += [(_("Refresher due: "), "bold"), refresher_words(), "\n\n"]
            parts += [
                      _("One question at a time, with feedback after each. Leave at any time: it carries on "
                        "where you left it.")]
        elif kind == "scenario" and (scenario := module.scenario(item)) is not None:
            parts += [(scenario.title, "bold"), "\n", (_("Practice conversation"), "italic")]
            if scenario.intro:
                parts += ["\n\n", scenario.intro]
        self.query_one("#module-aside", Static).update(styled(*parts) if parts else "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from .lesson import LessonScreen
        from .quiz import QuizScreen
        from .scenario import ScenarioScreen

        kind, _sep, item = (event.option.id or "").partition(":")
        if kind == "lesson":
            self.app.push_screen(LessonScreen(self.module, item))
        elif kind == "quiz":
            self.app.push_screen(QuizScreen(self.module))
        elif kind == "scenario":
            scenario = self.module.scenario(item)
            if scenario:
                self.app.push_screen(ScenarioScreen(self.module, scenario))

    def action_back(self) -> None:
        if self.app.preview is not None:
            self.app.notify(_("This is a preview of one module. Press Ctrl+Q to close it."))
            return
        self.app.pop_screen()


def outline(body: str) -> list[str]:
    """The headings of a lesson's Markdown, in order (none inside a fenced code block)."""
    headings, fenced = [], False
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            title = line.lstrip("#").strip().rstrip("#").strip()
            if title:
                headings.append(title)
    return headings
