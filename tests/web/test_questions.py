"""The question forms: every type's fields read into the core's answer, every broken form a problem in
words (never an exception), and the form and feedback macros render what a screen reader needs."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from multidict import MultiDict

from helpers import bundled_course
from mhcourse.i18n import _
from mhcourse.learning.answers import mark
from mhcourse.learning.quiz import shown_order
from mhcourse.web import questions as qs
from mhcourse.web.questions import FormProblem, answer_from_form

MODULE = next(m for m in bundled_course() if m.id == "depression")
QUIZ = {q.type: q for q in reversed(MODULE.quiz.questions)}  # the first of each type
TEMPLATES = Path(qs.__file__).parent / "templates"


def shown(question):
    import random

    return list(shown_order(question, random.Random(3)))


def form(*pairs):
    return MultiDict([("csrf", "x"), ("question", "q"), *pairs])


# -- right and wrong answers of every type ------------------------------------------------------------


def test_single_reads_the_chosen_text():
    q = QUIZ["single"]
    choices = shown(q)
    right = next(c.text for c in q.choices if c.correct)
    wrong = next(c.text for c in q.choices if not c.correct)
    assert answer_from_form(q, choices, form(("answer", right))) == right
    assert mark(q, answer_from_form(q, choices, form(("answer", right)))).correct
    assert not mark(q, answer_from_form(q, choices, form(("answer", wrong)))).correct


def test_multiple_reads_every_ticked_text_in_the_shown_order():
    q = QUIZ["multiple"]
    choices = shown(q)
    right = [c.text for c in q.choices if c.correct]
    answer = answer_from_form(q, choices, form(*[("answer", t) for t in reversed(right)]))
    assert answer == [t for t in choices if t in right]
    assert mark(q, answer).correct
    wrong = [c.text for c in q.choices if not c.correct][:1]
    assert not mark(q, answer_from_form(q, choices, form(("answer", wrong[0])))).correct


def test_true_false_reads_a_bool():
    q = QUIZ["true_false"]
    assert answer_from_form(q, [], form(("answer", "true"))) is True
    assert answer_from_form(q, [], form(("answer", "false"))) is False
    right = "true" if q.answer else "false"
    assert mark(q, answer_from_form(q, [], form(("answer", right)))).correct


def test_order_reads_the_places_in_order():
    q = QUIZ["order"]
    choices = shown(q)
    right = form(*[(f"order-{n}", item) for n, item in enumerate(q.items, 1)])
    assert answer_from_form(q, choices, right) == list(q.items)
    assert mark(q, answer_from_form(q, choices, right)).correct
    as_shown = form(*[(f"order-{n}", item) for n, item in enumerate(choices, 1)])
    assert answer_from_form(q, choices, as_shown) == choices
    assert not mark(q, choices).correct


def test_match_reads_a_meaning_per_term():
    q = QUIZ["match"]
    choices = shown(q)
    right = form(*[(f"match-{n}", p.meaning) for n, p in enumerate(q.pairs, 1)])
    assert answer_from_form(q, choices, right) == {p.term: p.meaning for p in q.pairs}
    assert mark(q, answer_from_form(q, choices, right)).correct
    same = form(*[(f"match-{n}", q.pairs[0].meaning) for n in range(1, len(q.pairs) + 1)])
    answer = answer_from_form(q, choices, same)  # one meaning for every term: wrong, but an answer
    assert isinstance(answer, dict) and not mark(q, answer).correct


# -- broken forms: a problem in words -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["single", "multiple", "true_false", "order", "match"])
def test_a_form_with_no_answer_is_a_problem(kind):
    q = QUIZ[kind]
    problem = answer_from_form(q, shown(q), form())
    assert isinstance(problem, FormProblem) and problem.message


def test_the_problems_say_what_to_do():
    single, order, match = QUIZ["single"], QUIZ["order"], QUIZ["match"]
    assert answer_from_form(single, shown(single), form()).message == "Choose one answer."
    two = form(("answer", single.choices[0].text), ("answer", single.choices[1].text))
    assert answer_from_form(single, shown(single), two).message == "Choose only one answer."
    assert "not one of the choices" in answer_from_form(single, shown(single), form(("answer", "zzz"))).message
    items = shown(order)
    twice = form(*[(f"order-{n}", items[0]) for n in range(1, len(items) + 1)])
    assert answer_from_form(order, items, twice).message == f"Put each item in one place: '{items[0]}' is used twice."
    partial = form(*[(f"match-{n}", p.meaning) for n, p in enumerate(match.pairs[:-1], 1)])
    assert answer_from_form(match, shown(match), partial).message == f"Choose a meaning for '{match.pairs[-1].term}'."


@pytest.mark.parametrize("pairs", [
    [("answer", "maybe")],
    [("answer", "true"), ("answer", "false")],
    [("answer", "")],
    [("answer", "x" * 100_000)],
])
def test_true_false_refuses_anything_but_true_or_false(pairs):
    assert isinstance(answer_from_form(QUIZ["true_false"], [], form(*pairs)), FormProblem)


def test_stray_and_repeated_places_are_problems():
    order = QUIZ["order"]
    items = shown(order)
    full = [(f"order-{n}", item) for n, item in enumerate(items, 1)]
    assert isinstance(answer_from_form(order, items, form(*full, ("order-99", items[0]))), FormProblem)
    assert isinstance(answer_from_form(order, items, form(*full, ("order-1", items[1]))), FormProblem)
    assert isinstance(answer_from_form(order, items, form(*full[1:])), FormProblem)


def test_answer_fields_of_another_type_are_problems():
    for kind, fields in [("single", [("answer", "true")]), ("order", [("answer", "x")]),
                         ("match", [("order-1", "x")]), ("multiple", [("match-1", "x")])]:
        q = QUIZ[kind]
        assert isinstance(answer_from_form(q, shown(q), form(*fields)), FormProblem), kind


def test_a_file_upload_is_no_choice():
    q = QUIZ["single"]
    assert isinstance(answer_from_form(q, shown(q), MultiDict([("answer", object())])), FormProblem)


FIELD = st.sampled_from(["answer", "order-1", "order-2", "order-3", "order-9", "match-1", "match-2", "match-0",
                         "question", "csrf", "other"])


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["single", "multiple", "true_false", "order", "match"]),
       pairs=st.lists(st.tuples(FIELD, st.one_of(st.text(max_size=50), st.sampled_from(
           [c.text for q in QUIZ.values() if hasattr(q, "choices") for c in q.choices]
           + [i for q in QUIZ.values() if hasattr(q, "items") for i in q.items]
           + [p.meaning for q in QUIZ.values() if hasattr(q, "pairs") for p in q.pairs]))), max_size=12))
def test_any_form_is_an_answer_of_the_right_kind_or_a_problem(kind, pairs):
    q = QUIZ[kind]
    choices = shown(q)
    answer = answer_from_form(q, choices, MultiDict(pairs))
    if not isinstance(answer, FormProblem):
        mark(q, answer)  # gradeable
        if kind == "order":
            assert sorted(answer) == sorted(q.items)
        if kind == "match":
            assert set(answer) == {p.term for p in q.pairs}


# -- the checks' order, stable for one learner ----------------------------------------------------------


def test_check_choices_are_stable_for_a_learner_and_as_authored_for_single():
    match = QUIZ["match"]
    assert qs.check_choices(4, match) == qs.check_choices(4, match)
    assert sorted(qs.check_choices(4, match)) == sorted(p.meaning for p in match.pairs)
    single = QUIZ["single"]
    assert qs.check_choices(4, single) == [c.text for c in single.choices]


# -- the macros -------------------------------------------------------------------------------------------


def render(source: str, **context) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(_=_)
    return env.from_string('{% import "_question.html" as questions %}' + source).render(**context)


@pytest.mark.parametrize("kind", ["single", "multiple", "true_false", "order", "match"])
def test_the_form_is_a_fieldset_with_a_legend_and_labelled_fields(kind):
    q = QUIZ[kind]
    view = qs.form_view(q, shown(q))
    html = render('{{ questions.question_form(view, "/a", "tok", legend="Question 1 of 5: " ~ view.prompt) }}',
                  view=view)
    assert html.count("<fieldset") == 1 and html.count("<form") == 1 and 'method="post"' in html
    assert f"<legend>Question 1 of 5: {escape(q.prompt)}</legend>" in html
    assert 'name="csrf" value="tok"' in html and f'name="question" value="{q.id}"' in html
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html)
    assert ids and all(f'<label for="{i}">' in html for i in ids)
    assert '<button type="submit">Check answer</button>' in html
    assert "role=\"alert\"" not in html
    if kind in ("order", "match"):
        assert html.count("<select") == len(view.selects) and "aria-describedby" in html


def test_order_boxes_start_in_the_shown_order_and_match_boxes_empty():
    order, match = QUIZ["order"], QUIZ["match"]
    items = shown(order)
    view = qs.form_view(order, items)
    assert [next(t for t, s in sel.options if s) for sel in view.selects] == items
    assert view.selects[0].label.startswith("1st place")
    mview = qs.form_view(match, shown(match))
    assert [sel.label for sel in mview.selects] == [p.term for p in match.pairs]
    assert not any(s for sel in mview.selects for _t, s in sel.options)


def test_a_problem_is_an_alert_and_the_choice_is_kept():
    q = QUIZ["multiple"]
    choices = shown(q)
    posted = form(("answer", choices[1]), ("answer", "<b>not a choice</b>"))
    problem = answer_from_form(q, choices, posted)
    assert isinstance(problem, FormProblem)
    view = qs.form_view(q, choices, posted)
    html = render("{{ questions.question_form(view, '/a', 't', problem=problem) }}", view=view, problem=problem)
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert f'aria-describedby="{view.part("problem")} {view.part("hint")}"' in html
    assert html.count(" checked") == 1 and "<b>" not in html


@pytest.mark.parametrize("kind", ["single", "multiple", "true_false", "order", "match"])
def test_feedback_says_right_or_not_the_right_answer_and_why(kind):
    q = QUIZ[kind]
    choices = shown(q)
    wrong = {"single": lambda: next(c.text for c in q.choices if not c.correct),
             "multiple": lambda: [next(c.text for c in q.choices if not c.correct)],
             "true_false": lambda: not q.answer, "order": lambda: choices,
             "match": lambda: {p.term: q.pairs[0].meaning for p in q.pairs}}[kind]()
    marked = mark(q, wrong)
    fb = qs.feedback(q, wrong, marked, choices)
    html = render("{{ questions.question_feedback(fb) }}", fb=fb)
    assert 'id="feedback" tabindex="-1" role="status"' in html
    if not marked.correct:
        assert fb.verdict.startswith("Not quite") and fb.right_lines
    if kind == "order":
        assert f"{marked.right_count} of {marked.total} in the right place" in fb.verdict
        assert "<ol" in html
    assert "Why:" in html and str(escape(q.explanation)) in html
    from mhcourse.learning.answers import correct_answer

    right = qs.feedback(q, correct_answer(q), mark(q, correct_answer(q)), choices)
    assert right.correct and right.verdict == "Right." and not right.right_lines
