"""The lesson reader: Markdown, key points, knowledge checks; completed when the learner reaches its end.

It opens where the learner was reading (the part of the body at the top of the view, content/parts.py),
and keeps that place when the scrolling stops and on leaving.
"""

from __future__ import annotations

from contextlib import suppress

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from ...content.models import Module
from ...content.parts import part_at_line
from ...i18n import N_, _
from ...learning.quiz import shown_order
from ...progress.faults import STORAGE_FAULTS
from ...progress.learner import Learner
from ..text import bullet, styled
from ..widgets.bar import TopBar
from ..widgets.footer import CourseFooter
from ..widgets.question import QuestionView
from .base import CourseScreen


class LessonScroll(VerticalScroll, inherit_bindings=False):
    """Scrolls with ↑↓, PgUp/PgDn, Space, Home and End; ← and → are left for previous and next lesson.

    ↓ goes into a knowledge check once it is wholly in view, so the keys the check names answer it.
    """

    BINDINGS = [
        Binding("up", "scroll_up", N_("Scroll up"), show=False),
        Binding("down", "scroll_down", N_("Scroll down"), show=False),
        Binding("pageup", "page_up", N_("Page up"), show=False),
        Binding("pagedown,space", "page_down", N_("Page down"), show=False),
        Binding("home", "scroll_home", N_("Top"), show=False),
        Binding("end", "scroll_end", N_("End"), show=False),
    ]

    def action_scroll_down(self) -> None:
        screen = self.screen
        if isinstance(screen, LessonScreen) and screen.reach_check():
            return
        super().action_scroll_down()

    def action_scroll_up(self) -> None:
        screen = self.screen
        if isinstance(screen, LessonScreen):
            screen.passed_by.clear()  # going back up to re-read: ↓ reaches the checks passed by again
        super().action_scroll_up()


class LessonScreen(CourseScreen[None]):
    BINDINGS = [
        Binding("left,p", "previous", N_("Previous")),
        Binding("right,n", "next", N_("Next")),
        Binding("escape", "back", N_("Module")),
    ]

    def __init__(self, module: Module, lesson_id: str) -> None:
        super().__init__()
        self.module = module
        self.lesson_id = lesson_id
        self.completed = False
        self.passed_by: set[QuestionView] = set()
        """Checks the learner left with ↓ unanswered: ↓ scrolls on past them while they are in view."""
        self.reader: Learner | None = None
        """The learner reading (kept: on leaving, the app may already hold another, or none)."""
        self.placed = False
        """The body is shown and scrolled to where the learner was reading: from now on, the place is kept."""
        self._keep_timer: Timer | None = None
        self._scroll: LessonScroll | None = None
        self._starts: list[tuple[int, int]] | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The first lesson has no previous one: no "← Previous" in its footer, and ← does nothing.
        # (Next always does something: the next lesson, the quiz, or back to the module.)
        if action == "previous":
            return self.index > 0
        return True

    @property
    def lesson(self):
        return self.module.lesson(self.lesson_id)

    @property
    def index(self) -> int:
        return [lesson.id for lesson in self.module.lessons].index(self.lesson_id)

    def compose(self) -> ComposeResult:
        lesson = self.lesson
        total = len(self.module.lessons)
        yield TopBar(f"{self.module.title} › {lesson.title}",
                     _("lesson {number} of {total}").format(number=self.index + 1, total=total))
        with LessonScroll(id="lesson-scroll", classes="page"):
            yield Markdown(lesson.body, open_links=not self.app_kiosk, id="lesson-body")
            if lesson.key_points:
                with Vertical(classes="key-points"):
                    yield Static(styled((_("Key points"), "bold")))
                    for point in lesson.key_points:
                        yield Static(bullet(point))  # one Static each: a long point wraps under its own text
            for number, check in enumerate(lesson.checks, 1):
                view = QuestionView(check, list(shown_order(check, self.app.rng)), in_lesson=True, classes="check")
                view.border_title = _("Check your understanding ({number} of {total})").format(
                    number=number, total=len(lesson.checks))
                yield view
            yield Static(self._end_words(), id="lesson-end", classes="lesson-end")
        yield CourseFooter()

    @property
    def app_kiosk(self) -> bool:
        return self.app.kiosk is not None

    def _end_words(self) -> str:
        if self.index + 1 < len(self.module.lessons):
            return _("End of lesson. Press → for the next lesson, or Esc for the module.")
        if self.module.quiz:
            return _("End of the last lesson. Press → for the quiz, or Esc for the module.")
        return _("End of the last lesson. Press Esc for the module.")

    def on_mount(self) -> None:
        self.reader = self.learner
        first_visit = not self.learner.record(self.module).lessons_opened
        # Both asked before the lesson counts as opened (the core's rules: before the module's first lesson).
        pretest = first_visit and self.app.offers_pretest(self.module)
        confident = self.learner.asks_confidence(self.module, "before")
        self.learner.open_lesson(self.module, self.lesson_id)
        then = self._pretest if pretest else None
        if confident:
            self.app.ask_confidence(self.module, "before", then)
        elif then is not None:
            then()
        scroll = self._scroll = self.query_one(LessonScroll)
        scroll.focus()
        self.watch(scroll, "scroll_y", self._check_end, init=False)
        self.watch(scroll, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self._check_end)

    def _pretest(self) -> None:
        """The module's short pre-test, over the lesson (after the confidence question)."""
        from .pretest import PretestScreen

        if self.app.learner is self.reader:  # not when the session was locked meanwhile
            self.app.push_screen(PretestScreen(self.module))

    # -- where the learner was reading -------------------------------------------------------

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        """The body's blocks are in: go to the part the learner was reading."""
        if self.placed or event.markdown.id != "lesson-body":
            return
        part = self.learner.reading_position(self.module, self.lesson_id)
        if part == 0:
            self.placed = True
            self.call_after_refresh(self._measure)
            return
        self.call_after_refresh(self._go_to_part, part)

    def _go_to_part(self, part: int) -> None:
        block = next((b for b, at in self._parts() if at >= part), None)
        if block is not None:
            self.query_one(LessonScroll).scroll_to_widget(block, animate=False, top=True)
            self.app.notify(_("Continuing where you left off. Home goes to the top of the lesson."), timeout=4)
        self.placed = True
        self.call_after_refresh(self._measure)

    def _parts(self) -> list[tuple[MarkdownBlock, int]]:
        """The body's top-level blocks with the part each one is (counted by the core, from its first line)."""
        body = self.query_one("#lesson-body", Markdown)
        text = self.lesson.body
        return [(block, part_at_line(text, block.source_range[0]))
                for block in body.children if isinstance(block, MarkdownBlock)]

    def _measure(self) -> None:
        """Where each part starts, in lines from the top of the scrolled page (measured once per size)."""
        scroll = self._scroll
        if scroll is None or not self.is_attached:
            return
        with suppress(NoMatches):  # leaving: the blocks are gone, and the last measure stands
            top = scroll.content_region.y - round(scroll.scroll_y)
            self._starts = [(block.region.y - block.styles.margin.top - top, part) for block, part in self._parts()]

    def on_resize(self) -> None:
        self._starts = None  # the lines wrap differently now
        self.call_after_refresh(self._measure)

    def part_in_view(self) -> int | None:
        """The part at the top of the view: the last one that starts at or above it (None: not known)."""
        scroll = self._scroll
        if scroll is None or scroll.scroll_y <= 0:
            return 0
        if self._starts is None:
            self._measure()
        if self._starts is None:
            return None
        found = 0
        for start, part in self._starts:
            if start > round(scroll.scroll_y):
                break
            found = part
        return found

    def _scrolled(self, *_: object) -> None:
        """Keep the place once the scrolling stops (a scroll moves many lines a second)."""
        if not self.placed:
            return
        if self._keep_timer is not None:
            self._keep_timer.stop()
        self._keep_timer = self.set_timer(0.5, self.keep_place)

    def keep_place(self) -> None:
        """Keep the part the learner is reading (the store writes only a change)."""
        part = self.part_in_view() if self.placed and self.reader is not None else None
        if self.reader is not None and part is not None:
            self.reader.keep_reading_position(self.module, self.lesson_id, part)

    def on_unmount(self) -> None:
        """Leaving (another lesson, the module, or quitting): the place is kept, for this learner only."""
        if self._keep_timer is not None:
            self._keep_timer.stop()
        if self.app.learner is not self.reader:  # signed out or locked: nothing is written for anyone else
            return
        # Quitting, with the store already closed: the place kept when the scrolling stopped stands.
        with suppress(*STORAGE_FAULTS):
            self.keep_place()

    def _check_end(self, *_: object) -> None:
        """The lesson counts as completed once its end has been on screen."""
        if self.completed:
            return
        scroll = self.query_one(LessonScroll)
        if scroll.max_scroll_y == 0 or scroll.scroll_y >= scroll.max_scroll_y - 1:
            self.completed = True
            self.learner.finish_lesson(self.module, self.lesson_id)

    # -- knowledge checks --------------------------------------------------------------------

    def reach_check(self) -> bool:
        """↓ on the page: the first unanswered check wholly in view takes the focus (True), its first choice lit.

        Choices taller than the page take it as soon as any of them is in view.
        """
        if not self.is_current:  # gone, or under Get help now
            return False
        scroll = self.query_one(LessonScroll)
        top, height = scroll.scroll_target_y, scroll.scrollable_content_region.height

        def in_view(start: int, end: int) -> bool:
            if end - start <= height:
                return top <= start and end <= top + height
            return start < top + height and end > top

        self.passed_by = {view for view in self.passed_by if _span(view)[0] < top + height and _span(view)[1] > top}
        for view in self.query(QuestionView):
            if view.answered or view in self.passed_by:
                continue
            if in_view(*_span(view)):
                view.input.focus(scroll_visible=False)
                view.input.highlighted = 0  # coming down from above: the first choice, even if another was lit before
                return True
        return False

    def on_question_view_step_out(self, event: QuestionView.StepOut) -> None:
        """↑ on a check's first choice, or ↓ on its last: back to the page, which scrolls on that way."""
        event.stop()
        view = next((v for v in self.query(QuestionView) if v.input.has_focus), None)
        scroll = self.query_one(LessonScroll)
        scroll.focus(scroll_visible=False)
        if event.direction > 0:
            if view is not None:
                self.passed_by.add(view)
            scroll.scroll_down()
        else:
            scroll.scroll_up()

    async def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        marked = self.learner.answer_check(self.module, self.lesson_id, event.view.question, event.answer)
        scroll = self.query_one(LessonScroll)
        scroll.focus(scroll_visible=False)  # not the answered input, which is about to be disabled
        await event.view.show_feedback(event.answer, marked)
        self.call_after_refresh(self._after_check, event.view)

    def _after_check(self, view: QuestionView) -> None:
        """The feedback in view; the next check takes the focus if it is wholly in view too."""
        if not self.is_current:
            return
        self.query_one(LessonScroll).scroll_to_widget(view, animate=False)
        self.call_after_refresh(self.reach_check)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        if self.app_kiosk:
            event.prevent_default()
            self.app.notify(_("Links do not open here. The address is: {address}").format(address=event.href))

    def action_next(self) -> None:
        from .quiz import QuizScreen

        scroll = self.query_one(LessonScroll)
        if not self.completed and scroll.scroll_y < scroll.max_scroll_y - 1:
            scroll.scroll_page_down()
            return
        self.keep_place()
        if self.index + 1 < len(self.module.lessons):
            self.app.switch_screen(LessonScreen(self.module, self.module.lessons[self.index + 1].id))
        elif self.module.quiz:
            self.app.switch_screen(QuizScreen(self.module))
        else:
            self.app.pop_screen()

    def action_previous(self) -> None:
        if self.index > 0:
            self.keep_place()
            self.app.switch_screen(LessonScreen(self.module, self.module.lessons[self.index - 1].id))

    def action_back(self) -> None:
        self.keep_place()
        self.app.pop_screen()


def _span(view: QuestionView) -> tuple[int, int]:
    """Where a check's choices start and end, in lines from the top of the lesson."""
    start = view.virtual_region.y + view.gutter.top + view.input.virtual_region.y  # below the check's border
    return start, start + view.input.virtual_region.height
