"""The lint: stigmatising wording (used, not mentioned), sources, feedback, content notes, length, reading grade."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import line_of, module_text
from mhcourse.content.lint import lint_module, phrase_uses, stigmatising_phrases
from mhcourse.content.loader import load_text
from mhcourse.content.problems import format_key

P = Path("m.toml")
BRIEF = Path(__file__).resolve().parents[3] / "shared" / "content-brief.md"


def warnings(text: str):
    loaded = load_text(text, P)
    assert loaded.ok, loaded.problems
    return [(w.line, format_key(w.key), w.message) for w in lint_module(loaded.module, text, P)]


def test_the_phrase_list_is_long_enough():
    assert len(stigmatising_phrases()) >= 25


def test_every_phrase_the_content_brief_names_is_listed():
    named = {"suffering from", "is schizophrenic", "committed suicide", "failed attempt", "crazy", "psycho",
             "so OCD", "epidemic", "without warning"}
    if BRIEF.exists():  # the brief quotes each phrase it warns against
        brief = BRIEF.read_text()
        for phrase in named:
            assert phrase in brief, phrase
    listed = {p.text.lower() for p in stigmatising_phrases()}
    assert {p.lower() for p in named} <= listed


def test_clean_module_has_no_warnings():
    assert warnings(module_text()) == []


def test_used_phrase_is_flagged_at_its_line():
    text = module_text().replace("Mental health is part of health.",
                                 "A man suffering from\nlow mood got help. He is well now.")
    [(line, key, message)] = warnings(text)
    assert key == "lessons[0].body"
    assert line == line_of(text, "A man suffering from")
    assert "living with" in message


def test_any_case_and_word_boundaries():
    assert [p.text for _, p in phrase_uses("He COMMITTED SUICIDE.")] == ["committed suicide"]
    assert list(phrase_uses("a crazyweed plant")) == []


def test_quoted_phrase_is_a_mention():
    for text in (
        "Say 'died by suicide', not 'committed suicide'.",
        'Avoid "crazy" and "psycho".',
        "Avoid `so OCD`.",
        "Avoid “suffering from”.",
    ):
        assert list(phrase_uses(text)) == [], text


def test_fewer_than_two_sources():
    second_source = (r"\[\[module.sources\]\]\ntitle = \"Depression\"\n"
                     r"publisher = \"World Health Organization\"\nyear = 2023\n")
    text = re.sub(second_source, "", module_text())
    assert any("at least 2" in m for _, _, m in warnings(text))


def test_choice_without_feedback():
    text = module_text().replace('feedback = "No."\n', "")
    [(line, key, message)] = warnings(text)
    assert key == "quiz.questions[0].choices[1]" and "no feedback" in message


def test_suicide_mentioned_without_content_note():
    text = module_text().replace("Talking helps.", "Talking about suicide safely helps.")
    assert any("content_note" in m for _, _, m in warnings(text))
    noted = text.replace('minutes = 10', 'minutes = 10\ncontent_note = "Talks about suicide."')
    assert warnings(noted) == []


def test_hard_reading_grade():
    hard = ("Individuals experiencing depressive episodes characteristically exhibit anhedonia, "
            "psychomotor retardation and considerable difficulties concentrating on occupational responsibilities. ")
    text = module_text().replace("Talking helps. Listening helps too.", hard * 3)
    assert any(k == "lessons[1].body" and "reading grade" in m for _, k, m in warnings(text))


def test_lesson_far_longer_than_the_others():
    text = module_text().replace("Talking helps. Listening helps too.", "Talking helps. " * 200)
    text = text.replace('[quiz]',
                        '[[lessons]]\nid = "third"\ntitle = "Third"\nbody = "Short and kind words help."\n\n[quiz]')
    assert any(k == "lessons[1].body" and "median" in m for _, k, m in warnings(text))


def test_overlapping_phrases_are_reported_once():
    assert [p.text for _, p in phrase_uses("a suicide epidemic")] == ["suicide epidemic"]


def test_phone_numbers_point_to_get_help_now():
    text = module_text().replace("Talking helps.", "Call 116 123 any time.")
    assert any(k == "lessons[1].body" and "Get help now" in m for _, k, m in warnings(text))
