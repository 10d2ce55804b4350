"""A question in plain text: asking it, reading the typed answer, and the feedback words.

The core marks an answer (learning.answers); this module turns typed numbers into an answer in the
core's shape, and the marked answer into lines a screen reader reads in order.
"""

from __future__ import annotations

import re

from ..content.models import (
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
)
from ..i18n import _, ngettext
from ..learning.answers import Answer, Marked, correct_answer, ticked, twice_given
from ..progress.journey import verdict
from .prompts import Console, number, numbered


def ask(console: Console, question: Question, shown: list[str], heading: str, *, skippable: bool) -> Answer | None:
    """Ask one question until the learner gives a usable answer; None when a skippable one is skipped."""
    lines = ["", heading, question.prompt, *_choices(question, shown)]
    way_out = _way_out(skippable)
    instruction = _instruction(question, len(shown)) + " " + way_out
    console.say(*lines, instruction)
    if isinstance(question, MatchQuestion):
        return _ask_match(console, question, shown, [*lines, instruction], skippable)
    while True:
        text = console.read([*lines, instruction])
        if text.lower() == "next" and skippable:
            return None
        answer, hint = parse(question, text, shown)
        if answer is not None:
            return answer
        if text.lower() == "next":
            hint = _("Please answer this question to go on.")
        console.say(f"{hint} {way_out}")  # a re-ask always says how to leave, too


def _choices(question: Question, shown: list[str]) -> list[str]:
    """The lines under the prompt: the choices, numbered."""
    if isinstance(question, TrueFalseQuestion):
        return numbered([_("True"), _("False")])
    if isinstance(question, OrderQuestion):
        # The prompt usually asks for an order already ("Put these steps in order."): say it once.
        asks = "order" in question.prompt.lower()
        return [*([] if asks else [_("Put these in the right order:")]), *numbered(shown)]
    if isinstance(question, MatchQuestion):
        return [_("The meanings:"), *numbered(shown)]
    return numbered(shown)


def _instruction(question: Question, count: int) -> str:
    """How to type an answer to this kind of question."""
    if isinstance(question, MultipleQuestion):
        return _("Choose all that apply: type their numbers separated by spaces or commas, for example 1 3.")
    if isinstance(question, TrueFalseQuestion):
        return _("Type 1 for True or 2 for False (yes and no work too).")
    if isinstance(question, OrderQuestion):
        example = " ".join(str(n) for n in [count, *range(1, count)])
        return _("Type the numbers in the right order, separated by spaces, for example {example}.").format(
            example=example)
    if isinstance(question, MatchQuestion):
        return _("For each term, type the number of its meaning; type repeat to list the meanings again.")
    return _("Type the number of your answer.")


def _ask_match(console: Console, question: MatchQuestion, shown: list[str], lines: list[str],
               skippable: bool) -> Answer | None:
    """A match question, one term at a time; a meaning given to two terms is pointed out before grading."""
    answer: dict[str, str] = {}
    terms = [pair.term for pair in question.pairs]
    while True:
        for term in terms:
            if _match_term(console, question, shown, lines, skippable, answer, term) is None:
                return None
        twice = twice_given(question, answer)
        if not twice:
            return answer
        sharing = [t for t in answer if answer[t] in twice]
        note = _("You gave \"{meaning}\" to more than one term: {terms}. Each meaning fits one term.").format(
            meaning=twice[0], terms=", ".join(t for t in sharing if answer[t] == twice[0]))
        change = console.choose([note], [_("Change those terms"), _("Check my answer as it is")], next_index=1)
        if change == 1:
            return answer
        terms = sharing


def _match_term(console: Console, question: MatchQuestion, shown: list[str], lines: list[str], skippable: bool,
                answer: dict[str, str], term: str) -> dict[str, str] | None:
    """Ask the meaning of one term into `answer`; None when a skippable check is skipped."""
    index = [p.term for p in question.pairs].index(term) + 1
    total = len(question.pairs)
    ask_term = _("Term {number} of {total}: {term}. Type the number of its meaning.").format(
        number=index, total=total, term=term)
    console.say(ask_term)
    while True:
        text = console.read([*lines, ask_term])
        if text.lower() == "next" and skippable:
            return None
        chosen = number(text, len(shown))
        if chosen is not None:
            answer[term] = shown[chosen - 1]
            return answer
        console.say(_("Please type one number from 1 to {count}: the meaning of {term}.").format(
            count=len(shown), term=term) + " " + _way_out(skippable))


def _way_out(skippable: bool) -> str:
    """How to leave a question: a knowledge check can be skipped, a quiz left (its answers are kept)."""
    if skippable:
        return _("Type next to skip this check.")
    return _("Type back to leave; your answers so far are kept.")


# -- typed answers ---------------------------------------------------------------------------------

def parse(question: Question, text: str, shown: list[str]) -> tuple[Answer | None, str]:
    """The learner's typed reply as an answer in the core's shape, or None and a short hint."""
    count = len(shown)
    if isinstance(question, SingleQuestion):
        chosen = number(text, count)
        if chosen is None:
            return None, _("Please type one number from 1 to {count}.").format(count=count)
        return shown[chosen - 1], ""
    if isinstance(question, MultipleQuestion):
        numbers = _numbers(text, count)
        if numbers is None:
            return None, _("Please type one or more numbers from 1 to {count}, separated by spaces, "
                           "for example 1 3.").format(count=count)
        return [shown[n - 1] for n in dict.fromkeys(numbers)], ""
    if isinstance(question, TrueFalseQuestion):
        return _true_or_false(text)
    if isinstance(question, OrderQuestion):
        numbers = _numbers(text, count)
        if numbers is None or sorted(numbers) != list(range(1, count + 1)):
            return None, _("Please type each number from 1 to {count} once, in the order you think is right.").format(
                count=count)
        return [shown[n - 1] for n in numbers], ""
    return None, _("Please type a number.")


def _true_or_false(text: str) -> tuple[Answer | None, str]:
    word = text.strip().lower().rstrip(".")
    # Yes and no in every language the course speaks, whichever it speaks now (sí, oui: verdadero, vrai...).
    if word in ("1", "true", "t", "yes", "y", "sí", "si", "s", "verdadero", "oui", "o", "vrai", "v"):
        return True, ""
    if word in ("2", "false", "f", "no", "n", "falso", "non", "faux"):
        return False, ""
    return None, _("Please type 1 for True or 2 for False (or yes or no).")


def _numbers(text: str, count: int) -> list[int] | None:
    """Numbers from 1 to count, separated by spaces or commas ("3 1 2", "3,1,2"; "312" when count < 10)."""
    raw = text.replace(",", " ").replace(";", " ").split()
    if len(raw) == 1 and len(raw[0]) > 1 and raw[0].isdecimal() and count < 10:
        raw = list(raw[0])
    values = []
    for part in raw:
        value = number(part, count)
        if value is None:
            return None
        values.append(value)
    return values or None


# -- feedback ----------------------------------------------------------------------------------------

def feedback(console: Console, question: Question, answer: Answer, marked: Marked, shown: list[str]) -> None:
    """Right or wrong, each choice made with its feedback on a line of its own, the right answer, and why."""
    words = verdict(question, answer, marked)
    chosen = _chosen(question, answer, shown)
    # An author's feedback often opens with the verdict ("Right. The worry..."): say it once, theirs.
    lines = [] if len(chosen) == 1 and _opens_with(chosen[0][1], words) else [words]
    for text, said in chosen:
        lines.append(_("You chose: {choice}").format(choice=_sentence(text)))
        if said:
            lines.append(said)
    if not marked.correct:
        lines += _right_answer(question, answer, shown)
    lines.append(_("Explanation: {explanation}").format(explanation=question.explanation))
    console.say_feedback(*lines)


def _right_answer(question: Question, answer: Answer, shown: list[str]) -> list[str]:
    """The lines that give the right answer after a wrong one."""
    right = correct_answer(question)
    if isinstance(question, SingleQuestion):
        return [_("The right answer: {answer}").format(answer=right)]
    if isinstance(question, MultipleQuestion):
        return _ticked_lines(question, answer, shown)
    if isinstance(question, TrueFalseQuestion):
        return [_("The right answer: {answer}").format(answer=_("True") if right else _("False"))]
    if isinstance(question, OrderQuestion):
        return [_("The right order:"), *numbered(right)]
    if isinstance(question, MatchQuestion):
        return [_("The right matches:"), *(f"- {term}: {meaning}" for term, meaning in right.items())]
    return []


def _ticked_lines(question: MultipleQuestion, answer: Answer, shown: list[str]) -> list[str]:
    """A multiple answer that is not right: which right choices were chosen, which missed, which wrong."""
    sorted_ = ticked(question, answer, shown)
    lines = []
    if sorted_.right:
        lines.append(ngettext("Right, and you chose it: {choices}", "Right, and you chose them: {choices}",
                              len(sorted_.right)).format(choices=_listed(sorted_.right)))
    if sorted_.missed:
        lines.append(ngettext("Right, but you missed it: {choices}", "Right, but you missed them: {choices}",
                              len(sorted_.missed)).format(choices=_listed(sorted_.missed)))
    if sorted_.wrong:
        lines.append(ngettext("You chose it, but it is not right: {choices}",
                              "You chose them, but they are not right: {choices}",
                              len(sorted_.wrong)).format(choices=_listed(sorted_.wrong)))
    return lines


def _listed(texts: tuple[str, ...]) -> str:
    """Choices in a sentence, a semicolon between them (a choice may hold commas), ending as a sentence does."""
    return _sentence("; ".join(t.rstrip().rstrip(".") for t in texts))


def _chosen(question: Question, answer: Answer, shown: list[str]) -> list[tuple[str, str | None]]:
    """The choices the learner made, in the order shown, each with its feedback."""
    if not isinstance(question, (SingleQuestion, MultipleQuestion)):
        return []
    chosen = [answer] if isinstance(answer, str) else list(answer)
    by_text = {c.text: c for c in question.choices}
    return [(text, by_text[text].feedback) for text in shown if text in chosen]


def _opens_with(said: str | None, verdict: str) -> bool:
    """Whether feedback starts with the verdict's first word ("Right. The worry..." and "Right.")."""
    word = verdict.split(":")[0].split(".")[0]
    return bool(said) and re.match(rf"{re.escape(word)}\b", said or "", re.I) is not None


def _sentence(text: str) -> str:
    """Text ending as a sentence does, so a screen reader pauses: a full stop added only when it has none."""
    text = text.rstrip()
    return text if re.search(r"[.?!…][\"'”’)\]]*$", text) else text + "."
