"""The match question at 80x24: every meaning in sight at once, and a meaning given to each term in few keys."""

from __future__ import annotations

from mhcourse.tui.screens.quiz import QuizScreen
from mhcourse.tui.widgets.question import MatchList, MeaningList, QuestionView

from .driving import screen_text
from .test_layout import long_app, to_long_quiz, to_question


async def to_match(pilot) -> tuple[QuestionView, MatchList]:
    await to_long_quiz(pilot)
    view = await to_question(pilot, "match")
    await pilot.pause()
    return view, view.query_one(MatchList)


async def test_every_meaning_is_in_sight_at_once(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view, terms = await to_match(pilot)
        meanings = view.query_one(MeaningList)
        app.screen.query_one("#question-area").scroll_to_widget(meanings, animate=False, immediate=True)
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        for number, meaning in enumerate(terms.meanings, 1):
            assert f"{number}. {meaning.split()[0]}" in text
        for meaning in ("Feeling ill, shaky or anxious when cutting down", "Using again after a time of not using"):
            assert meaning in text


async def test_a_match_answered_right_with_a_number_for_each_term_and_enter(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view, terms = await to_match(pilot)
        right = {pair.term: pair.meaning for pair in view.question.pairs}
        assert terms.has_focus and terms.highlighted == 0
        for term in terms.terms:  # one key a term: the highlight moves on by itself
            await pilot.press(str(terms.meanings.index(right[term]) + 1))
        await pilot.press("enter")  # the highlight is on Check my answer
        await pilot.pause()
        assert view.answered
        assert "✔ Right." in screen_text(app)


async def test_a_match_answered_wrong_by_choosing_from_the_meanings_list(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view, terms = await to_match(pilot)
        meanings = view.query_one(MeaningList)
        for _term in terms.terms:  # Enter opens the meanings on the first; Enter gives it
            await pilot.press("enter")
            await pilot.pause()
            assert meanings.has_focus
            await pilot.press("enter")
            await pilot.pause()
            assert terms.has_focus
        assert set(terms.answer().values()) == {terms.meanings[0]}
        await pilot.press("enter")
        await pilot.pause()
        assert view.answered
        assert "✘ Not quite" in screen_text(app)
        assert "You chose:" in screen_text(app)


async def test_esc_in_the_meanings_goes_back_to_the_terms_and_the_quiz_stays(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view, terms = await to_match(pilot)
        await pilot.press("enter", "down")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert terms.has_focus and terms.answer() == {}


async def test_checking_too_soon_points_at_the_term_without_a_meaning(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view, terms = await to_match(pilot)
        await pilot.press("1")
        await pilot.press("end", "enter")
        await pilot.pause()
        assert not view.answered
        assert terms.highlighted == 1


async def test_a_click_on_a_meaning_gives_it_to_the_highlighted_term(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view, terms = await to_match(pilot)
        meanings = view.query_one(MeaningList)
        app.screen.query_one("#question-area").scroll_to_widget(meanings, animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(meanings, offset=(4, 1))  # the first meaning's line, inside the border
        await pilot.pause()
        assert terms.answer() == {terms.terms[0]: terms.meanings[0]}
        assert terms.has_focus and terms.highlighted == 1


async def test_a_meaning_given_twice_is_pointed_out_and_can_still_be_checked(tmp_path):
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view, terms = await to_match(pilot)
        await pilot.press("3", "3")  # the first two terms, one meaning
        await pilot.pause()
        assert "given to another term too" in str(terms.options[0].prompt)
        assert "given to another term too" in str(terms.options[1].prompt)
        await pilot.press("1")
        assert terms.highlighted == len(terms.terms)  # on Check my answer
        await pilot.press("enter")
        await pilot.pause()
        assert view.answered  # said, not refused: the feedback tells which were right
