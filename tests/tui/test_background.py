"""The containers whose lines are kept across height changes (tui/widgets/background.py) draw exactly what
Textual itself draws: in the quiz before and after an answer (the area gains a scrollbar, the view changes
height), after a theme switch, and in a lesson's check, whose border sends it back to Textual's drawing."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget

from mhcourse.tui.screens.base import ArrangedOnce
from mhcourse.tui.widgets.background import KeptBackground, QuestionArea
from mhcourse.tui.widgets.question import QuestionView

from .driving import answer, make_app
from .test_layout import long_app, to_long_question
from .test_lesson_checks import checked_module, read_down_to_first_check


def textuals_own(widget: Widget, crop: Region) -> list:
    """The lines Textual's Widget.render_lines gives, drawn afresh."""
    widget._set_dirty()
    return Widget.render_lines(widget, crop)


def same_as_textual(widget: Widget) -> None:
    width, height = widget.size
    assert width and height
    for crop in (widget.size.region, Region(2, 1, width - 3, height - 1)):  # the whole, and a cropped part
        kept = widget.render_lines(crop)
        assert [list(line) for line in kept] == [list(line) for line in textuals_own(widget, crop)]


async def test_the_quiz_area_and_question_draw_as_textual_does_before_and_after_an_answer(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "single")
        area = app.screen.query_one("#question-area", QuestionArea)
        for widget in (area, view):
            assert isinstance(widget, KeptBackground) and widget._plain()
            same_as_textual(widget)
        kept_before = area._kept_key
        assert kept_before is not None  # its own lines were used, not Textual's path
        await answer(pilot, view, right=False)
        await pilot.pause()
        assert area.show_vertical_scrollbar  # the long feedback: a scrollbar, so narrower lines than before
        assert area._kept_key != kept_before
        for widget in (area, view):
            same_as_textual(widget)
        app.theme = "course-light"
        await pilot.pause()
        for widget in (area, view):
            same_as_textual(widget)


async def test_a_lesson_check_with_its_border_is_drawn_by_textual(tmp_path):
    module = checked_module(tmp_path)
    app = make_app(tmp_path / "data", [module])
    async with app.run_test(size=(80, 24)) as pilot:
        _, first, _ = await read_down_to_first_check(pilot, module)
        assert isinstance(first, QuestionView) and not first._plain()  # its border and title
        same_as_textual(first)
        await pilot.press("enter")
        await pilot.pause()
        same_as_textual(first)
        assert first._kept_key is None


async def test_an_answer_arranges_the_screen_once(tmp_path):
    """The course's screens keep Textual's compositor but drop the stale mark that made it arrange every widget a
    second time after each layout change (screens/base.py ArrangedOnce); the frames are Textual's own (the
    snapshots), and the map it keeps is the one a fresh arrangement gives."""
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await to_long_question(pilot, "single")
        compositor = app.screen._compositor
        assert isinstance(compositor, ArrangedOnce)
        counts = {"reflow": 0, "arrange": 0}
        reflow, arrange = compositor.reflow, compositor._arrange_root

        def counted_reflow(*args, **kwargs):
            counts["reflow"] += 1
            return reflow(*args, **kwargs)

        def counted_arrange(*args, **kwargs):
            counts["arrange"] += kwargs.get("visible_only", True) is False
            return arrange(*args, **kwargs)

        compositor.reflow, compositor._arrange_root = counted_reflow, counted_arrange
        await answer(pilot, view, right=True)
        await pilot.pause()
        assert counts["reflow"] >= 1 and counts["arrange"] == counts["reflow"]
        kept = dict(compositor.full_map)
        fresh, _ = arrange(app.screen, compositor.size, visible_only=False)
        assert kept == fresh
