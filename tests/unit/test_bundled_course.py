"""The bundled course: the "Done when" list of the content brief, checked on every module file.

Everything is measured with mhcourse's own loader, lint and readability functions, so a module
that passes `mhcourse validate --strict` is judged here by the same rules.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from mhcourse import cli
from mhcourse.content import lint
from mhcourse.content.lint import phone_numbers
from mhcourse.content.loader import load_module
from mhcourse.content.models import Module, MultipleQuestion, Scenario, SingleQuestion
from mhcourse.content.problems import format_key
from mhcourse.content.readability import grade, word_count
from mhcourse.paths import bundled_modules_dir

REQUIRED_ORDER = [
    "mental-health-basics",
    "myths-facts-stigma",
    "depression",
    "anxiety",
    "trauma-and-ptsd",
    "bipolar-disorder",
    "psychosis-and-schizophrenia",
    "eating-disorders",
    "alcohol-drugs-and-addiction",
    "suicide-awareness",
    "supporting-someone",
    "looking-after-yourself",
    "getting-help",
    "building-supportive-community",
]
# Modules 2, 3, 4, 10, 11 and 14 of the course each practise a conversation.
WITH_SCENARIOS = [REQUIRED_ORDER[n - 1] for n in (2, 3, 4, 10, 11, 14)]
CONDITION_MODULES = [
    "depression",
    "anxiety",
    "trauma-and-ptsd",
    "bipolar-disorder",
    "psychosis-and-schizophrenia",
    "eating-disorders",
    "alcohol-drugs-and-addiction",
]
POINT_TO_GET_HELP = ["suicide-awareness", "supporting-someone"]
TONES = {"helpful", "neutral", "unhelpful"}

# Safe messaging: no method or location detail about suicide, anywhere in the course.
# Whole words, any case. Broad on purpose: a word that is innocent in its place is reworded
# rather than allowed, so the list never has exceptions to remember.
METHOD_WORDS = re.compile(
    r"\b(?:"
    r"hang|hangs|hanging|hanged|noose|nooses|ropes?|ligatures?"
    r"|firearms?|guns?|gunshot|shoot|shoots|shooting|shot"
    r"|jump|jumps|jumped|jumping|bridges?|cliffs?|rooftops?|railways?|train\s+tracks?|tall\s+buildings?"
    r"|poison|poisons|poisoned|poisoning|pesticides?|weedkiller"
    r"|pills?|tablets?|overdoses?|overdosed|overdosing"
    r"|carbon\s+monoxide|exhaust\s+fumes|wrists?|razors?|blades?"
    r"|drown|drowns|drowned|drowning|suffocat\w*|asphyxia\w*"
    r"|suicide\s+notes?|methods?|lethal"
    r")\b",
    re.I,
)

# No helpline or emergency number is hard-coded in lesson text: "Get help now" (F1) keeps them,
# with the date they were checked, and a site can replace them. The rule lives in the lint.

# A quiz or check asks about the course, never about the learner's own feelings, symptoms or history.
PERSONAL_PROMPT = re.compile(r"^\W*(?:do you|have you|are you|how do you feel|have you ever|did you)\b", re.I)

# Rich console markup in author text would be shown as typed; none belongs in a module.
CONSOLE_MARKUP = re.compile(
    r"\[/\]|\[/?(?:bold|b|i|italic|dim|underline|u|strike|s|blink|reverse|link|on|"
    r"red|green|blue|yellow|magenta|cyan|white|black|grey\d*|gray\d*|bright_\w+|#[0-9a-fA-F]{3,6})\b[^\]\n]*\]"
)
FICTIONAL = re.compile(r"\bfictional\b", re.I)
F1 = re.compile(r"\bF1\b")
GET_HELP_NOW = re.compile(r"get help now", re.I)


# --- loading ---------------------------------------------------------------------------------

def module_paths() -> list[Path]:
    return sorted(bundled_modules_dir().glob("*.toml"))


@cache
def _load(path: Path):
    return load_module(path)


@cache
def course() -> dict[str, Module]:
    """Every bundled module by id; a file that does not load fails here, by name."""
    modules = {}
    for path in module_paths():
        loaded = _load(path)
        assert loaded.ok, f"{path.name} does not load: " + "; ".join(map(str, loaded.problems))
        modules[loaded.module.id] = loaded.module
    return modules


def in_order() -> list[Module]:
    return sorted(course().values(), key=lambda m: (m.module.order, m.title))


def all_texts():
    """(module id, key, text) for every piece of author text in the course."""
    for module in in_order():
        for key, value in lint.texts(module):
            yield module.id, format_key(key), value


def choice_questions(module: Module):
    for lesson in module.lessons:
        for q in lesson.checks:
            yield f"lessons.{lesson.id}.checks.{q.id}", q
    for q in module.questions:
        yield f"quiz.{q.id}", q


def options_without_feedback(pairs) -> list[str]:
    """Every scenario option, in (module id, scenario) pairs, that gives the learner no feedback."""
    return [f"{module_id}/{s.id}/{step.id}: option {i + 1} ({option.tone}) has no feedback"
            for module_id, s in pairs for step in s.steps
            for i, option in enumerate(step.options) if not (option.feedback or "").strip()]


def options_that_loop_back(pairs) -> list[str]:
    """Every scenario option, in (module id, scenario) pairs, whose next step is the step it is offered on."""
    return [f"{module_id}/{s.id}/{step.id}: {option.tone} option {option.text[:50]!r} leads back to its own step"
            for module_id, s in pairs for step in s.steps
            for option in step.options if option.next == step.id]


def longest_choice_path(scenario: Scenario) -> int:
    """The most steps with options on a simple path from start to an ending."""
    best = 0

    def walk(step_id: str, seen: frozenset[str], choices: int) -> None:
        nonlocal best
        step = scenario.step(step_id)
        if step is None or step_id in seen:
            return
        if step.is_ending:
            best = max(best, choices)
            return
        for option in step.options:
            walk(option.next, seen | {step_id}, choices + 1)

    walk(scenario.start, frozenset(), 0)
    return best


def fail_list(found: list[str]) -> str:
    return "\n".join(found[:40]) + (f"\n... and {len(found) - 40} more" if len(found) > 40 else "")


# --- validate --strict ---------------------------------------------------------------------

def test_validate_strict_passes_on_the_bundled_course(capsys):
    assert cli.main(["validate", "--strict"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("path", module_paths(), ids=lambda p: p.name)
def test_each_module_file_loads_and_lints_clean(path: Path):
    loaded = _load(path)
    assert loaded.ok, "\n".join(map(str, loaded.problems))
    warnings = lint.lint_module(loaded.module, loaded.text, path)
    assert warnings == [], "\n".join(map(str, warnings))


# --- counts and shape ----------------------------------------------------------------------

SECOND_EDITION = [
    "self-harm",
    "grief-and-loss",
    "calming-a-tense-situation",
    "online-posts-and-messages",
    "young-people-and-schools",
    "mental-health-at-work",
    "older-adults",
    "perinatal-mental-health",
]
"""The modules the second edition added (issue 17): schools, workplaces, health and community partners."""


def test_course_size():
    modules = course().values()
    assert len(modules) >= 22
    assert sum(len(m.lessons) for m in modules) >= 85
    assert sum(len(m.questions) for m in modules) >= 200
    assert sum(len(m.scenarios) for m in modules) >= 21


@pytest.mark.parametrize("module_id", SECOND_EDITION)
def test_each_second_edition_module_has_four_lessons_eight_questions_and_a_scenario(module_id):
    module = course()[module_id]
    assert len(module.lessons) >= 4 and len(module.questions) >= 8 and module.scenarios


def test_every_module_has_three_to_six_lessons():
    bad = [f"{m.id}: {len(m.lessons)} lessons" for m in in_order() if not 3 <= len(m.lessons) <= 6]
    assert not bad, fail_list(bad)


def test_every_lesson_is_300_to_900_words_at_grade_9_or_below():
    bad = []
    for m in in_order():
        for lesson in m.lessons:
            words, level = word_count(lesson.body), grade(lesson.body)
            if not 300 <= words <= 900:
                bad.append(f"{m.id}/{lesson.id}: {words} words")
            if level > 9:
                bad.append(f"{m.id}/{lesson.id}: grade {level:.1f}")
    assert not bad, fail_list(bad)


def test_every_lesson_has_key_points_and_a_knowledge_check():
    bad = []
    for m in in_order():
        for lesson in m.lessons:
            if not [p for p in lesson.key_points if p.strip()]:
                bad.append(f"{m.id}/{lesson.id}: no key points")
            if not lesson.checks:
                bad.append(f"{m.id}/{lesson.id}: no knowledge check")
    assert not bad, fail_list(bad)


def test_every_quiz_has_eight_questions_of_three_types_each_explained():
    bad = []
    for m in in_order():
        if m.quiz is None:
            bad.append(f"{m.id}: no quiz")
            continue
        if len(m.questions) < 8:
            bad.append(f"{m.id}: {len(m.questions)} quiz questions")
        types = {q.type for q in m.questions}
        if len(types) < 3:
            bad.append(f"{m.id}: quiz uses {len(types)} question type(s): {sorted(types)}")
        bad += [f"{m.id}/{q.id}: no explanation" for q in m.questions if not q.explanation.strip()]
    assert not bad, fail_list(bad)


def test_every_choice_in_quizzes_and_checks_has_feedback():
    bad = []
    for m in in_order():
        for key, q in choice_questions(m):
            if isinstance(q, (SingleQuestion, MultipleQuestion)):
                bad += [f"{m.id}/{key}: choice {i + 1} has no feedback"
                        for i, c in enumerate(q.choices) if not (c.feedback or "").strip()]
    assert not bad, fail_list(bad)


def test_every_module_has_two_sources_with_publisher_and_year():
    bad = []
    for m in in_order():
        sources = m.module.sources
        if len(sources) < 2:
            bad.append(f"{m.id}: {len(sources)} source(s)")
        bad += [f"{m.id}: source '{s.title}' lacks publisher or year"
                for s in sources if not s.publisher.strip() or not isinstance(s.year, int)]
    assert not bad, fail_list(bad)


def test_the_fourteen_required_modules_come_in_order():
    ids = [m.id for m in in_order()]
    missing = [i for i in REQUIRED_ORDER if i not in ids]
    assert not missing, f"missing modules: {missing}"
    assert [i for i in ids if i in REQUIRED_ORDER] == REQUIRED_ORDER


def test_scenarios_are_in_modules_2_3_4_10_11_and_14():
    bad = [m for m in WITH_SCENARIOS if not course()[m].scenarios]
    assert not bad, f"no scenario in: {bad}"


# --- scenarios -----------------------------------------------------------------------------

def scenarios():
    return [(m, s) for m in in_order() for s in m.scenarios]


def test_every_scenario_has_a_path_of_three_choices_or_more():
    bad = [f"{m.id}/{s.id}: longest path has {longest_choice_path(s)} choice step(s)"
           for m, s in scenarios() if longest_choice_path(s) < 3]
    assert scenarios()
    assert not bad, fail_list(bad)


def test_every_scenario_and_every_choice_step_offers_all_three_tones():
    bad = []
    for m, s in scenarios():
        used = {o.tone for step in s.steps for o in step.options}
        if used != TONES:
            bad.append(f"{m.id}/{s.id}: tones used {sorted(used)}")
        for step in s.steps:
            tones = {o.tone for o in step.options}
            if step.options and tones != TONES:
                bad.append(f"{m.id}/{s.id}/{step.id}: offers {sorted(tones)}")
    assert not bad, fail_list(bad)


def test_an_unhelpful_choice_never_ends_the_scenario():
    """An unhelpful branch shows the conversation closing, and what would open it again: a step with choices."""
    bad = []
    for m, s in scenarios():
        for step in s.steps:
            for option in step.options:
                if option.tone != "unhelpful":
                    continue
                after = s.step(option.next)
                if after is None or after.is_ending:
                    bad.append(f"{m.id}/{s.id}/{step.id}: unhelpful option leads to ending '{option.next}'")
                elif not any(o.tone == "helpful" for o in after.options):
                    bad.append(f"{m.id}/{s.id}/{step.id}: after the unhelpful option, nothing helpful reopens it")
    assert not bad, fail_list(bad)


def test_every_scenario_option_has_feedback():
    """The learner is told why a choice helps or not, on every option of every step."""
    assert scenarios()
    bad = options_without_feedback((m.id, s) for m, s in scenarios())
    assert not bad, fail_list(bad)


def test_no_scenario_option_leads_back_to_its_own_step():
    """Choosing an option and landing on the very same screen reads like a glitch: show what happens next."""
    assert scenarios()
    bad = options_that_loop_back((m.id, s) for m, s in scenarios())
    assert not bad, fail_list(bad)


# --- pointers to help ----------------------------------------------------------------------

@pytest.mark.parametrize("module_id", POINT_TO_GET_HELP)
def test_module_points_to_get_help_now_by_its_key(module_id):
    text = "\n".join(value for _, value in lint.texts(course()[module_id]))
    assert F1.search(text), f"{module_id} never names the F1 key"
    assert GET_HELP_NOW.search(text), f"{module_id} never names Get help now"


def test_suicide_awareness_has_a_content_note_and_ends_with_get_help_now():
    module = course()["suicide-awareness"]
    assert module.module.content_note and module.module.content_note.strip()
    assert GET_HELP_NOW.search(module.lessons[-1].body)


# --- safety scans over every text ----------------------------------------------------------

def test_no_stigmatising_phrase_is_used_anywhere():
    bad = [f"{mid} {key}: '{p.text}' (say '{p.instead}')"
           for mid, key, value in all_texts() for _, p in lint.phrase_uses(value)]
    assert not bad, fail_list(bad)


def test_no_suicide_method_or_location_words_anywhere():
    bad = [f"{mid} {key}: '{found.group()}'"
           for mid, key, value in all_texts() for found in METHOD_WORDS.finditer(value)]
    assert not bad, fail_list(bad)


def test_no_helpline_or_emergency_number_is_hard_coded():
    bad = [f"{mid} {key}: '{found}'"
           for mid, key, value in all_texts()
           for found in phone_numbers(value)]
    assert not bad, fail_list(bad)


def test_no_question_asks_about_the_learner_themselves():
    bad = [f"{m.id}/{key}: {q.prompt!r}"
           for m in in_order() for key, q in choice_questions(m) if PERSONAL_PROMPT.search(q.prompt)]
    assert not bad, fail_list(bad)


@pytest.mark.parametrize("module_id", CONDITION_MODULES)
def test_condition_module_has_a_story_marked_fictional(module_id):
    assert any(FICTIONAL.search(lesson.body) for lesson in course()[module_id].lessons), \
        f"{module_id}: no lesson body says its story is fictional"


def test_no_console_markup_in_any_text():
    bad = [f"{mid} {key}: '{found.group()}'"
           for mid, key, value in all_texts() for found in CONSOLE_MARKUP.finditer(value)]
    assert not bad, fail_list(bad)


# --- the scans themselves catch what they are for --------------------------------------------

@pytest.mark.parametrize("text", [
    "He was found hanging.", "She took PILLS.", "an Overdose", "the bridge", "train tracks",
    "a suicide note", "the method", "a gun",
])
def test_method_scan_catches(text):
    assert METHOD_WORDS.search(text)


@pytest.mark.parametrize("text", [
    "Call 988.", "Samaritans on 116 123", "text 85258", "Lifeline 13 11 14", "call 911,", "call 999",
    "NHS 111", "dial 112", "call 000", "9-8-8", "0477 13 11 14", "1737",
])
def test_helpline_scan_catches(text):
    assert phone_numbers(text)


@pytest.mark.parametrize("text", ["about 727,000 deaths", "970 million", "in 2019", "1 in 300", "3.9%", "1,112 people"])
def test_helpline_scan_leaves_figures_alone(text):
    assert not phone_numbers(text)


def test_scenario_scans_catch():
    scenario = Scenario.model_validate({
        "id": "s", "title": "S", "start": "a",
        "steps": [
            {"id": "a", "text": "A", "options": [
                {"text": "Go on", "next": "b", "tone": "helpful", "feedback": "Good."},
                {"text": "Stay", "next": "a", "tone": "unhelpful", "feedback": "Hm."},
                {"text": "Shrug", "next": "b", "tone": "neutral"},
                {"text": "Blank", "next": "b", "tone": "neutral", "feedback": "  "},
            ]},
            {"id": "b", "text": "The end."},
        ],
    })
    assert len(options_without_feedback([("m", scenario)])) == 2
    [looped] = options_that_loop_back([("m", scenario)])
    assert looped.startswith("m/s/a: unhelpful option 'Stay'")


def test_other_scans_catch():
    assert phone_numbers("call 555-123-4567")
    assert PERSONAL_PROMPT.search("Have you ever felt this way?")
    assert PERSONAL_PROMPT.search("  Do you sleep badly?")
    assert not PERSONAL_PROMPT.search("Which of these might someone say?")
    assert CONSOLE_MARKUP.search("[bold]Hi[/]") and CONSOLE_MARKUP.search("[bold red]x")
    assert not CONSOLE_MARKUP.search("[Get help](https://example.org)")
