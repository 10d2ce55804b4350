"""Issue 17's fixes to the bundled course, held so they cannot quietly come back.

Each test reads the course the way learners get it: through mhcourse's own loader (as the bundled-course
test does), and, for retired figures, the raw files too. Every assertion here failed on the course as it
was before the fixes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from mhcourse.content import lint
from mhcourse.content.loader import load_module
from mhcourse.content.models import Module, TrueFalseQuestion
from mhcourse.paths import bundled_modules_dir

# Figures and citations the course no longer uses (fix 13): WHO 2025 reports over a billion people living
# with a mental health condition in 2021, and safe-messaging advice is cited as the WHO/IASP 2023 resource.
RETIRED = ["1 in 8", "970 million", "ReportingOnSuicide.org (2011)"]


def module_paths() -> list[Path]:
    return sorted(bundled_modules_dir().glob("*.toml"))


@cache
def course() -> dict[str, Module]:
    modules = {}
    for path in module_paths():
        loaded = load_module(path)
        assert loaded.ok, f"{path.name} does not load: " + "; ".join(map(str, loaded.problems))
        modules[loaded.module.id] = loaded.module
    return modules


def learner_texts(module: Module):
    """Every text a learner can see, sources included as they are cited ("Publisher (year)")."""
    for _, value in lint.texts(module):
        yield value
    for source in module.module.sources:
        yield source.title
        yield f"{source.publisher} ({source.year})"


def options_with(module_id: str, words: str):
    """Every scenario option in the module whose text contains these words."""
    found = [option for scenario in course()[module_id].scenarios for step in scenario.steps
             for option in step.options if words in option.text]
    assert found, f"{module_id}: no scenario option says {words!r}"
    return found


# --- fix 13: retired figures and citations ---------------------------------------------------

@pytest.mark.parametrize("retired", RETIRED)
def test_retired_figure_is_in_no_loaded_module(retired):
    bad = [module.id for module in course().values()
           if any(retired.lower() in text.lower() for text in learner_texts(module))]
    assert not bad, f"{retired!r} is still in: {bad}"


# In a raw file the 2011 citation is a source table: publisher on one line, year on the next.
RETIRED_RAW = {
    "1 in 8": re.compile(r"1 in 8", re.I),
    "970 million": re.compile(r"970 million", re.I),
    "ReportingOnSuicide.org (2011)": re.compile(
        r'publisher\s*=\s*"ReportingOnSuicide\.org"\s*\n\s*year\s*=\s*2011', re.I
    ),
}


@pytest.mark.parametrize("retired", RETIRED_RAW)
def test_retired_figure_is_in_no_module_file(retired):
    bad = [path.name for path in module_paths() if RETIRED_RAW[retired].search(path.read_text(encoding="utf-8"))]
    assert not bad, f"{retired!r} is still in: {bad}"


def test_no_module_cites_reportingonsuicide_2011():
    bad = [f"{module.id}: {source.title}" for module in course().values() for source in module.module.sources
           if "reportingonsuicide" in (source.publisher + " " + (source.url or "")).lower() and source.year == 2011]
    assert not bad, "\n".join(bad)


def test_the_course_says_over_a_billion_in_2021():
    for module_id in ("mental-health-basics", "myths-facts-stigma", "getting-help", "looking-after-yourself"):
        text = "\n".join(learner_texts(course()[module_id]))
        assert "over a billion" in text.lower() and "2021" in text, module_id


# --- fixes 1, 2, 6 and 7: scenario tones -----------------------------------------------------

# (module, words of the option, the tone it must have). Replies that drop a person right after a disclosure
# or a warning sign, false reassurance and "wait and see" are unhelpful (fixes 1 and 6); respecting "just
# give me a minute" while staying close is neutral (fix 7).
TONE_FIXES = [
    # fix 1
    ("suicide-awareness", "OK, it's your call.", "unhelpful"),
    ("suicide-awareness", "Just let me know if you need anything.", "unhelpful"),
    ("suicide-awareness", "OK, if you're sure.", "unhelpful"),
    ("depression", "Maybe talk to your doctor some time.", "unhelpful"),
    # fix 1, the same pattern elsewhere in these two scenarios
    ("suicide-awareness", "It's fine. Should we change the subject?", "unhelpful"),
    ("suicide-awareness", "Things will get better, you'll see.", "unhelpful"),
    ("depression", "Try to get some sleep, and call me if you need me.", "unhelpful"),
    ("depression", "Well, call me if you need me.", "unhelpful"),
    ("depression", "Okay. But please call me if things get worse.", "unhelpful"),
    ("depression", "Okay. Text me any time, though.", "unhelpful"),
    # fix 6
    ("trauma-and-ptsd", "I'm sure he's fine. Try not to worry.", "unhelpful"),
    ("trauma-and-ptsd", "Someone from the council will sort it out for you.", "unhelpful"),
    ("eating-disorders", "Maybe see how it goes for a bit?", "unhelpful"),
    # fix 6, the same pattern in other scenarios
    ("psychosis-and-schizophrenia", "I'm sure it'll be fine.", "unhelpful"),
    ("supporting-someone", "Anyway, I'm sure it'll settle down.", "unhelpful"),
    ("supporting-someone", "I'm sure it'll pass once this project is done.", "unhelpful"),
    ("bipolar-disorder", "It's fine. Let's talk tomorrow.", "unhelpful"),
    # fix 7
    ("anxiety", "OK, I'll wait for you by the door.", "neutral"),
]


@pytest.mark.parametrize(("module_id", "words", "tone"), TONE_FIXES, ids=[w for _, w, _ in TONE_FIXES])
def test_option_has_its_fixed_tone(module_id, words, tone):
    wrong = [option.tone for option in options_with(module_id, words) if option.tone != tone]
    assert not wrong, f"{module_id}: {words!r} is {wrong}, not {tone}"


def test_i_think_safe_tonight_is_answered_with_a_crisis_line_together_tonight():
    """Fix 2: "I'm safe tonight, I think" is not answered by waiting until tomorrow."""
    step = next(step for scenario in course()["depression"].scenarios for step in scenario.steps
                if "I'm safe tonight, I think" in step.text)
    helpful = [option for option in step.options if option.tone == "helpful"]
    assert helpful
    for option in helpful:
        text = option.text.lower()
        assert "tonight" in text and "safer" in text, option.text  # resolves the "I think"
        assert "crisis line together" in text, option.text  # and calls tonight, together
    # Waiting for tomorrow is not helpful there.
    assert all(option.tone == "unhelpful" for option in step.options
               if "sleep" in option.text.lower() and "call me" in option.text.lower())


# --- fix 5: asking about suicide in the alcohol and psychosis scenarios ----------------------

@pytest.mark.parametrize("module_id", ["alcohol-drugs-and-addiction", "psychosis-and-schizophrenia"])
def test_scenario_models_asking_about_suicide(module_id):
    asks = [option for option in options_with(module_id, "thoughts of suicide?") if option.tone == "helpful"]
    assert asks, f"{module_id}: no helpful option asks directly about suicide"


def test_alcohol_module_mentions_suicide_in_a_lesson():
    assert any("suicide" in lesson.body for lesson in course()["alcohol-drugs-and-addiction"].lessons)


# --- fix 9: true/false items state the fact -------------------------------------------------

def test_no_true_false_question_is_answered_false():
    """A true/false item states the fact as its claim: never a myth whose answer is "false"."""
    bad = []
    for module in course().values():
        questions = [q for lesson in module.lessons for q in lesson.checks] + list(module.questions)
        bad += [f"{module.id}/{q.id}: {q.prompt!r}" for q in questions
                if isinstance(q, TrueFalseQuestion) and q.answer is False]
    assert not bad, "\n".join(bad)
