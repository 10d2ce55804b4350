"""A question as a web form: the fields a browser sends, read into the core's answer, and the feedback.

The fields (the same for quiz questions and a lesson's knowledge checks):
  single      answer=<choice text>                (radio buttons)
  multiple    answer=<choice text>, repeated      (checkboxes)
  true_false  answer=true|false                   (radio buttons)
  order       order-1 .. order-N                  (one select per position; each value an item's text)
  match       match-1 .. match-N                  (one select per term, terms in the module's order;
                                                   each value a meaning's text)
Answers are texts, never positions (learning/answers.py), so a form made before an author reordered
choices still means what the learner saw. Anything a browser (or anyone) can send is read here without
an exception: a missing, unknown, repeated or oversized value is a FormProblem in plain words, and the
page shows the question again with it.

The words of the feedback are the plain face's (plain/questions.py) through the same gettext messages:
the web page may not import another face, so the few lines are written again here.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from multidict import MultiDict, MultiMapping

from ..content.models import MatchQuestion, MultipleQuestion, OrderQuestion, Question, SingleQuestion, TrueFalseQuestion
from ..i18n import _
from ..learning.answers import Answer, Marked, correct_answer
from ..learning.quiz import shown_order
from ..progress.journey import verdict

MAX_VALUE = 2000
"""A value longer than any choice a form offers is read as no choice at all (never compared at length)."""


FormData = MultiMapping[Any]
"""A posted form: aiohttp's MultiDictProxy (await request.post()), or a MultiDict in tests."""


@dataclass(frozen=True)
class FormProblem:
    """Why a posted form is not an answer yet, in words for the learner; shown with role="alert"."""

    message: str


# -- reading a posted form ---------------------------------------------------------------------------


def answer_from_form(question: Question, choices: list[str], form: FormData) -> Answer | FormProblem:
    """The learner's answer in the core's shape, or the problem with the form.

    `choices`: the choice texts (single, multiple), items (order) or meanings (match) in the order shown.
    """
    if isinstance(question, SingleQuestion):
        return _single(choices, _values(form, "answer"))
    if isinstance(question, MultipleQuestion):
        return _multiple(choices, _values(form, "answer"))
    if isinstance(question, TrueFalseQuestion):
        return _true_false(_values(form, "answer"))
    if isinstance(question, OrderQuestion):
        return _order(choices, form)
    if isinstance(question, MatchQuestion):
        return _match(question, choices, form)
    return FormProblem(_("This question cannot be answered here."))


def _values(form: FormData, name: str) -> list[str | None]:
    """Every value sent under `name`; a file upload or an oversized value counts as None (no choice)."""
    try:
        raw = form.getall(name, [])
    except (KeyError, TypeError):
        return []
    return [value if isinstance(value, str) and len(value) <= MAX_VALUE else None for value in raw]


def _single(choices: list[str], values: list[str | None]) -> Answer | FormProblem:
    if not values:
        return FormProblem(_("Choose one answer."))
    if len(values) > 1:
        return FormProblem(_("Choose only one answer."))
    if values[0] not in choices:
        return FormProblem(_("That answer is not one of the choices. Choose one answer."))
    return values[0]


def _multiple(choices: list[str], values: list[str | None]) -> Answer | FormProblem:
    if not values:
        return FormProblem(_("Choose at least one answer."))
    if any(value not in choices for value in values):
        return FormProblem(_("One of those answers is not one of the choices. Choose from the list."))
    chosen = set(values)
    return [text for text in choices if text in chosen]  # in the order shown, each once


def _true_false(values: list[str | None]) -> Answer | FormProblem:
    if len(values) != 1 or values[0] not in ("true", "false"):
        return FormProblem(_("Choose True or False."))
    return values[0] == "true"


def _numbered(form: FormData, prefix: str, count: int) -> list[str | None] | FormProblem:
    """The one value of each of the fields prefix-1 .. prefix-count (None where missing or unreadable).
    A field past the last, or one sent twice, is a form made for another version of the question."""
    names = {f"{prefix}-{n}" for n in range(1, count + 1)}
    stray = [key for key in form if key.startswith(prefix + "-") and key not in names]
    if stray:
        return FormProblem(_("This form does not match the question. Please answer it again."))
    found: list[str | None] = []
    for n in range(1, count + 1):
        values = _values(form, f"{prefix}-{n}")
        if len(values) > 1:
            return FormProblem(_("This form does not match the question. Please answer it again."))
        found.append(values[0] if values else None)
    return found


def _order(choices: list[str], form: FormData) -> Answer | FormProblem:
    found = _numbered(form, "order", len(choices))
    if isinstance(found, FormProblem):
        return found
    seen: set[str] = set()
    for position, item in enumerate(found, 1):
        if not item:
            return FormProblem(_("Choose an item for place {number}.").format(number=position))
        if item not in choices:
            return FormProblem(_("Place {number} is not one of the items. Choose from the list.").format(
                number=position))
        if item in seen:
            return FormProblem(_("Put each item in one place: '{item}' is used twice.").format(item=item))
        seen.add(item)
    return [item for item in found if item is not None]


def _match(question: MatchQuestion, choices: list[str], form: FormData) -> Answer | FormProblem:
    terms = match_terms(question)
    found = _numbered(form, "match", len(terms))
    if isinstance(found, FormProblem):
        return found
    answer: dict[str, str] = {}
    for term, meaning in zip(terms, found, strict=True):
        if not meaning:
            return FormProblem(_("Choose a meaning for '{term}'.").format(term=term))
        if meaning not in choices:
            return FormProblem(_("The meaning given for '{term}' is not one of the meanings. Choose from the list.")
                               .format(term=term))
        answer[term] = meaning  # the same meaning for two terms is a wrong answer, not a broken form
    return answer


# -- what the form shows ----------------------------------------------------------------------------


def match_terms(question: MatchQuestion) -> list[str]:
    """The terms in the order a match question shows them: the module's (as the plain face asks them)."""
    return [pair.term for pair in question.pairs]


def check_choices(profile_id: int | str, question: Question) -> list[str]:
    """A knowledge check's choices in the order shown, as the plain face shows them (learning/quiz.py
    shown_order without shuffling choices; items and meanings are always mixed). The mix is seeded with
    the profile and the question, so a reload or a re-shown form shows the same order to the same learner."""
    return list(shown_order(question, random.Random(f"{profile_id}:{question.id}"), False))


def scoped(form: FormData, prefix: str) -> FormData:
    """The fields of one question of a form that asks several, under their own names (the prefix taken off)."""
    return MultiDict((key[len(prefix):], value) for key, value in form.items() if key.startswith(prefix))


def given_values(form: FormData | None) -> dict[str, list[str]]:
    """What a posted form had chosen, by field name, to choose it again when the question is shown with a
    problem (only the answer fields; values as sent, which the template only compares, never trusts)."""
    if form is None:
        return {}
    kept: dict[str, list[str]] = {}
    for key in set(form):
        if key == "answer" or key.startswith(("order-", "match-")):
            kept[key] = [v for v in _values(form, key) if v is not None]
    return kept


def field_id(question: Question, part: str | int) -> str:
    """An element id unique on the page (a lesson shows several checks): question ids are slugs."""
    return f"q-{question.id}-{part}"


def ordinal(number: int) -> str:
    """'1st place', '2nd place': the label of an order question's select box."""
    words = {1: _("1st place"), 2: _("2nd place"), 3: _("3rd place")}
    return words.get(number) or _("{number}th place").format(number=number)


@dataclass(frozen=True)
class Box:
    """One radio button or checkbox: its element id, its value, its label, and whether it is chosen."""

    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Select:
    """One select box of an order or match question: its field, its label, and its options."""

    id: str
    name: str
    label: str
    options: list[tuple[str, bool]]
    """(text, selected), in the order shown."""
    placeholder: str = ""
    """A first empty option ("Choose a meaning"), or "" for none (an order's boxes start filled)."""


@dataclass(frozen=True)
class QuestionForm:
    """What the form macro (templates/_question.html question_form) shows for one question."""

    question: Question
    type: str
    prompt: str
    boxes: list[Box] = field(default_factory=list)
    """single, multiple, true_false: the radio buttons or checkboxes."""
    selects: list[Select] = field(default_factory=list)
    """order, match: the select boxes."""
    hint: str = ""
    """How to answer (order, match, multiple), linked to the group with aria-describedby."""
    prefix: str = ""
    """Before each field's name, when one form asks several questions (read back with `scoped`)."""

    @property
    def id(self) -> str:
        return self.question.id

    def name(self, field_name: str) -> str:
        return self.prefix + field_name

    def part(self, name: str | int) -> str:
        return field_id(self.question, name)

    def described(self, problem: FormProblem | None) -> str:
        """The ids that describe the group (aria-describedby): the problem first, then the hint."""
        return " ".join([*([self.part("problem")] if problem else []), *([self.part("hint")] if self.hint else [])])

    @property
    def input_type(self) -> str:
        return "checkbox" if self.type == "multiple" else "radio"


def form_view(question: Question, choices: list[str], form: FormData | None = None, prefix: str = "") -> QuestionForm:
    """The question as a form, with what `form` had chosen chosen again (after a problem). With a `prefix`, its
    fields are named prefix + name, and `form` is read through `scoped` first."""
    if prefix:
        return replace(form_view(question, choices, None if form is None else scoped(form, prefix)), prefix=prefix)
    given = given_values(form)
    picked = set(given.get("answer", []))
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        boxes = [Box(field_id(question, f"answer-{n}"), text, text, text in picked)
                 for n, text in enumerate(choices, 1)]
        hint = _("Choose all that apply.") if isinstance(question, MultipleQuestion) else ""
        return QuestionForm(question, question.type, question.prompt, boxes=boxes, hint=hint)
    if isinstance(question, TrueFalseQuestion):
        boxes = [Box(field_id(question, "answer-true"), "true", _("True"), "true" in picked),
                 Box(field_id(question, "answer-false"), "false", _("False"), "false" in picked)]
        return QuestionForm(question, question.type, question.prompt, boxes=boxes)
    if isinstance(question, OrderQuestion):
        return QuestionForm(question, question.type, question.prompt, selects=_order_selects(question, choices, given),
                            hint=_("Each box is one place, 1st place first. Change the boxes until the items are in "
                                   "the right order; use each item once."))
    if isinstance(question, MatchQuestion):
        return QuestionForm(question, question.type, question.prompt, selects=_match_selects(question, choices, given),
                            hint=_("For each term, choose its meaning."))
    return QuestionForm(question, question.type, question.prompt)


def _order_selects(question: OrderQuestion, choices: list[str], given: dict[str, list[str]]) -> list[Select]:
    """One box per place, each offering every item, preselected in the shown order (or as last sent)."""
    total = len(choices)
    selects = []
    for n, shown in enumerate(choices, 1):
        sent = given.get(f"order-{n}", [])
        current = sent[0] if sent and sent[0] in choices else shown
        label = _("{place} (position {number} of {total})").format(place=ordinal(n), number=n, total=total)
        selects.append(Select(field_id(question, f"order-{n}"), f"order-{n}", label,
                              [(item, item == current) for item in choices]))
    return selects


def _match_selects(question: MatchQuestion, choices: list[str], given: dict[str, list[str]]) -> list[Select]:
    """One box per term, each offering every meaning after an empty "Choose a meaning"."""
    selects = []
    for n, term in enumerate(match_terms(question), 1):
        sent = given.get(f"match-{n}", [])
        current = sent[0] if sent else ""
        selects.append(Select(field_id(question, f"match-{n}"), f"match-{n}", term,
                              [(meaning, meaning == current) for meaning in choices], _("Choose a meaning")))
    return selects


# -- feedback ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """The feedback after an answer, as the feedback macro shows it (the plain face's lines, in order)."""

    correct: bool
    verdict: str
    """"Right." / "Not quite." / "Not quite: 2 of 4 in the right place." (right_count/total)."""
    chosen: list[tuple[str, str | None]] = field(default_factory=list)
    """Single and multiple: each choice made, in the order shown, with the author's feedback on it."""
    your_answer: list[str] = field(default_factory=list)
    """True/false, order and match: the learner's answer, a line each."""
    right_heading: str = ""
    right_lines: list[str] = field(default_factory=list)
    """The right answer, after a wrong one (empty after a right one)."""
    right_ordered: bool = False
    """The right answer is an order: a numbered list."""
    explanation: str = ""


def feedback(question: Question, answer: Answer, marked: Marked, choices: list[str]) -> Feedback:
    """Right or wrong, each choice made with its feedback, the right answer after a wrong one, and why."""
    heading, lines = ("", []) if marked.correct else _right_answer(question, choices)
    return Feedback(
        correct=marked.correct,
        verdict=verdict(question, answer, marked),
        chosen=_chosen(question, answer, choices),
        your_answer=_your_answer(question, answer),
        right_heading=heading,
        right_lines=lines,
        right_ordered=isinstance(question, OrderQuestion),
        explanation=question.explanation,
    )


def _chosen(question: Question, answer: Answer, choices: list[str]) -> list[tuple[str, str | None]]:
    if not isinstance(question, (SingleQuestion, MultipleQuestion)):
        return []
    chosen = {answer} if isinstance(answer, str) else set(answer if isinstance(answer, list) else [])
    by_text = {c.text: c for c in question.choices}
    order = choices if sorted(choices) == sorted(by_text) else list(by_text)
    return [(text, by_text[text].feedback) for text in order if text in chosen]


def _your_answer(question: Question, answer: Answer) -> list[str]:
    if isinstance(question, TrueFalseQuestion):
        return [_("True") if answer is True else _("False")]
    if isinstance(question, OrderQuestion) and isinstance(answer, list):
        return [str(item) for item in answer]
    if isinstance(question, MatchQuestion) and isinstance(answer, Mapping):
        return [f"{term}: {meaning}" for term, meaning in answer.items()]
    return []


def _right_answer(question: Question, choices: list[str]) -> tuple[str, list[str]]:
    right = correct_answer(question)
    if isinstance(question, SingleQuestion):
        return _("The right answer:"), [right]
    if isinstance(question, MultipleQuestion):
        return _("The right answers:"), [t for t in choices if t in right] or list(right)
    if isinstance(question, TrueFalseQuestion):
        return _("The right answer:"), [_("True") if right else _("False")]
    if isinstance(question, OrderQuestion):
        return _("The right order:"), list(right)
    if isinstance(question, MatchQuestion):
        return _("The right matches:"), [f"{term}: {meaning}" for term, meaning in right.items()]
    return "", []


def answer_lines(question: Question, answer: Answer | None) -> list[str]:
    """A learner's answer as lines for the review (the answer as given; "(no answer)" when none)."""
    if answer is None:
        return [_("(no answer)")]
    if isinstance(question, (SingleQuestion,)):
        return [str(answer)]
    if isinstance(question, MultipleQuestion):
        return [str(a) for a in answer] if isinstance(answer, list) and answer else [_("(nothing chosen)")]
    return _your_answer(question, answer) or [str(answer)]


def right_lines(question: Question, choices: list[str]) -> tuple[str, list[str]]:
    """The right answer as a heading and lines, for the review."""
    return _right_answer(question, choices)
