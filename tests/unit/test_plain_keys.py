"""The plain face: Get help now from the TUI's keys, the learner's country, profiles by name, feedback, the
`read` command itself and lesson text."""

from __future__ import annotations

import io
import re
import sys

import pytest

from helpers import write_module
from mhcourse.cli import main
from mhcourse.content.helplines import built_in, first_country
from mhcourse.content.models import Module
from mhcourse.plain.text import help_keys_as_words, pages, to_blocks
from mhcourse.progress.store import Store
from plain_driver import (
    BUNDLED,
    FORBIDDEN,
    PIN,
    journey,
    load,
    protected,
    rich_text,
    run,
    small_modules,
)


@pytest.fixture
def modules(tmp_path) -> list[Module]:
    return small_modules(tmp_path)


# -- Get help now from the TUI's keys, and the words that name them --------------------------------------

HELP_KEYS = ["\x1bOP", "\x1b[11~", "\x1b[[A", "\x07", "\x1bOP\x1bOP", " \x1b[1;2P ", "\x1bO2P", "\x07\x07"]


@pytest.mark.parametrize("key", HELP_KEYS)
def test_f1_or_ctrl_g_alone_on_a_line_is_get_help_now_at_every_prompt(modules, key):
    emergency = built_in().emergency
    store = Store.in_memory()
    # the profile list, a new profile's name, the main menu, a knowledge check, the end of a lesson
    status, out = run([key, "new", key, "Robin", key, "1", key, "next", key, "quit"], store, modules)
    assert status == 0
    assert out.count(emergency) == 5
    assert out.count("> help\n") == 5  # the echo shows what the key meant
    assert "Please type" not in out and "not one of the choices" not in out and "control character" not in out
    assert not FORBIDDEN.search(out)
    protected(store)  # and at a PIN prompt, where nothing typed is echoed
    status, out = run([key, PIN, "quit"], store, modules, profile="Sam")
    assert out.count(emergency) == 1 and "That is not the PIN" not in out and "Hello, Sam." in out


def test_author_text_says_type_help_where_it_says_press_f1(tmp_path):
    text = rich_text().replace(
        "Mental health is part of health. People recover.",
        "Mental health is part of health. Press F1 (or Ctrl+G) at any time to open Get help now.",
    ).replace('explanation = "Most people do."',
              'explanation = "Most people do. Get help now (F1 or Ctrl+G) lists crisis lines; '
              'press F1 for Get help now."')
    write_module(tmp_path / "mods", "small", text=text)
    modules = load(tmp_path / "mods")
    status, out = run(["1", "Robin", "1", "1", "quit"], Store.in_memory(), modules, module_id="small")
    assert "Mental health is part of health. Type help at any time to open Get help now." in out
    assert ("Explanation: Most people do. Get help now (type help) lists crisis lines; "
            "type help for Get help now.") in out
    assert "F1" not in out and "Ctrl+G" not in out


def test_every_bundled_phrasing_of_the_keys_reads_type_help_and_nothing_else_changes():
    lines = [line for path in sorted(BUNDLED.glob("*.toml")) for line in path.read_text(encoding="utf-8").splitlines()
             if re.search(r"\bF1\b|Ctrl\+G", line)]
    assert len(lines) >= 20
    for line in lines:
        plain = help_keys_as_words(line)
        assert not re.search(r"\bF1\b|Ctrl\+G", plain), line
        assert "type help" in plain.lower(), line
    assert (help_keys_as_words("Press F1 (or Ctrl+G) at any time to open Get help now, which lists crisis lines.")
            == "Type help at any time to open Get help now, which lists crisis lines.")
    assert (help_keys_as_words("remind him that Get help now is a key press away (F1 or Ctrl+G).")
            == "remind him that Get help now is a word away (type help).")
    for literal in ("Press F10 to stop. Formula F1 racing. Ctrl+C copies.", "press 1 for the Veterans Crisis Line"):
        assert help_keys_as_words(literal) == literal


# -- the learner's country for Get help now ------------------------------------------------------------

def test_the_country_listed_first_is_the_learners_then_the_sites_then_the_locales():
    assert first_country("NZ", "IE") == "NZ"
    assert first_country(None, "IE") == "IE"
    assert first_country(None, None) == "GB"  # LANG is en_GB in every test


def test_read_lists_the_site_configs_country_first(tmp_path, monkeypatch, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[helplines]\ncountry = "IE"\n', encoding="utf-8")
    data = tmp_path / "data"
    monkeypatch.setattr(sys, "stdin", io.StringIO("help\n"))
    assert main(["read", "--config", str(config), "--data-dir", str(data)]) == 0
    shown = capsys.readouterr().out.split("> help\n")[1]
    assert shown.index("Ireland") < shown.index("United Kingdom")  # the site's country, not the locale's (GB)
    store = Store.open(data)
    store.set_setting(store.create_profile("Robin").id, "country", "NZ")
    store.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nhelp\n"))
    assert main(["read", "--config", str(config), "--data-dir", str(data)]) == 0
    shown = capsys.readouterr().out.split("> help\n")[1]
    assert shown.index("New Zealand") < shown.index("Ireland")  # the learner's own choice wins


@pytest.mark.parametrize("site, first", [("UK", "United Kingdom"), ("XX", "United Kingdom")])
def test_a_site_country_the_list_lacks_still_lists_a_country_first(tmp_path, monkeypatch, capsys, site, first):
    """Issue 13, round 2: "UK" put no country first; UK means GB, and a code matching nothing falls back
    to the locale's (GB in every test), as if the site had set none."""
    assert first_country(None, site) == "GB" and first_country(None, "uk") == "GB"
    config = tmp_path / "config.toml"
    config.write_text(f'[helplines]\ncountry = "{site}"\n', encoding="utf-8")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("help\n"))
    assert main(["read", "--config", str(config), "--data-dir", str(tmp_path / "data")]) == 0
    shown = capsys.readouterr().out.split("> help\n")[1]
    assert shown.index(first) < shown.index("United States")  # the built-in list begins with the US


def test_the_country_command_chooses_the_country_get_help_now_lists_first(modules):
    store = Store.in_memory()
    robin = store.create_profile("Robin")
    countries = [c.name for c in built_in().country if not c.local]
    script = ["?", "country", "1", "country", "back", "country", str(countries.index("New Zealand") + 1), "help",
              "country", "ie", "quit"]
    status, out = run(script, store, modules)
    assert re.search(r"^  country +choose your country", out, re.M)
    assert "Choose or make your profile first; then type country to choose your country." in out
    assert "Your country is as it was." in out
    assert "Get help now will list New Zealand first." in out
    shown = out.split("> help\n")[1]
    assert shown.index("New Zealand") < shown.index("United Kingdom")
    assert "  6. New Zealand (listed first now)" in out.split("> country\n")[-1]
    assert "Get help now will list Ireland first." in out
    assert store.setting(robin.id, "country") == "IE"
    assert out.count("Main menu") == 5  # shown again after each use of country (3) and of help


# -- profiles by name, and a first start ------------------------------------------------------------

def test_a_profile_is_chosen_by_its_name_in_any_case_as_well_as_its_number(modules):
    store = Store.in_memory()
    store.create_profile("Sam")
    store.create_profile("Robin")
    protected(store, "Zoë")
    status, out = run(["kai", "SAM", "quit"], store, modules)
    assert "Type the number or the name of your profile, new to make one, or guest to learn without saving." in out
    assert "There is no profile called 'kai'." in out
    assert "Hello, Sam." in out
    status, out = run(["zoe\u0308", PIN, "quit"], store, modules)  # the same name typed another way
    assert "Zoë is protected with a PIN." in out and "Hello, Zoë." in out
    status, out = run(["new", "Kai", "back", "ROBIN", "quit"], store, modules)
    assert "Hello, Kai." in out and "Hello, Robin." in out


def test_a_new_learner_is_offered_start_here_and_continue_once_started(modules):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", "back", "back", "quit"], store, modules)
    first, *_, last = out.split("Main menu")
    assert "  1. Start here: Small module, First lesson" in out.split("Main menu")[1]
    assert "Continue where you left off" not in out.split("Main menu")[1]
    assert "  1. Continue where you left off: Small module, First lesson" in last


# -- feedback, true or false, matching ------------------------------------------------------------------

def test_feedback_puts_each_choice_and_its_feedback_on_lines_of_their_own_and_says_right_once(tmp_path):
    text = rich_text().replace('text = "Listening"\ncorrect = true\nfeedback = "Yes."',
                               'text = \'Say: "Let us breathe together."\'\ncorrect = true\n'
                               'feedback = "Right. Slow breathing helps."', 1)
    write_module(tmp_path / "mods", "small", text=text)
    modules = load(tmp_path / "mods")
    status, out = run(journey(modules[0]), Store.in_memory(), modules, module_id="small")
    assert 'You chose: Say: "Let us breathe together."\nRight. Slow breathing helps.\nExplanation:' in out
    assert '."."' not in out and '.".' not in out
    assert "Right.\nYou chose: Say:" not in out  # the author's "Right." is the verdict, said once
    several = out.split("Which of these help?")[1].split("Explanation: Both help.")[0]
    assert "\nRight.\nYou chose: " in several  # several choices: the verdict first, then each one
    assert "\nYou chose: Listening.\nListening helps.\n" in several and "\nYou chose: Asking.\n" in several


@pytest.mark.parametrize("typed, right",
                         [("yes", True), ("Y", True), ("t", True), ("no", False), ("n", False), ("F", False)])
def test_true_or_false_takes_yes_and_no(modules, typed, right):
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", typed, "quit"], store, modules, module_id="small")
    assert "Type 1 for True or 2 for False (yes and no work too)." in out
    assert f"> {typed}\n{'Right.' if right else 'Not quite.'}\n" in out
    [(given,)] = store.db.execute("SELECT given FROM checks").fetchall()
    assert given == ("true" if right else "false")


def test_a_match_question_says_which_term_of_how_many(modules):
    status, out = run(journey(modules[0]), Store.in_memory(), modules, module_id="small")
    for number, term in enumerate(("Stigma", "Recovery", "Peer"), 1):
        assert f"\nTerm {number} of 3: {term}. Type the number of its meaning.\n" in out


# -- the command ------------------------------------------------------------------------------------

def test_read_an_unknown_module_exits_1_with_the_module_ids(tmp_path, capsys):
    write_module(tmp_path / "mods", "small")
    assert main(["read", "nope", "--modules", str(tmp_path / "mods")]) == 1
    err = capsys.readouterr().err
    assert "'nope' is not a module of this course" in err
    assert "  small" in err and "  mental-health-basics" in err


def test_read_ctrl_c_exits_130_quietly(tmp_path, monkeypatch, capsys):
    class Interrupted(io.StringIO):
        def readline(self, *args):
            raise KeyboardInterrupt

    monkeypatch.setattr(sys, "stdin", Interrupted())
    assert main(["read", "--data-dir", str(tmp_path / "data")]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_read_a_bad_seed_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MHCOURSE_SEED", "abc")
    assert main(["read", "--data-dir", str(tmp_path / "data")]) == 2
    assert "MHCOURSE_SEED" in capsys.readouterr().err


# -- lesson text ----------------------------------------------------------------------------------

def test_markdown_becomes_plain_text():
    text = "\n\n".join("\n".join(block.lines) for block in to_blocks(
        "# A *big* title\n\nSome **bold**, _soft_ and `code_x` words with [a link](https://example.org/a_b).\n"
        "Second line of the paragraph.\n\n- one\n- **two**\n  - nested\n\n3. three\n4. four\n\n> a quote\n\n"
        "| Word | Meaning |\n|---|---|\n| stigma | shame |\n\n---\n\nsnake_case stays, 2 * 3 * 4 stays, \\*escaped\\*."
    ))
    assert text == (
        "A big title\n\n"
        "Some bold, soft and code_x words with a link (https://example.org/a_b). Second line of the paragraph.\n\n"
        "- one\n- two\n  - nested\n\n3. three\n4. four\n\nQuote: a quote\n\nWord: stigma; Meaning: shame\n\n"
        "snake_case stays, 2 * 3 * 4 stays, *escaped*."
    )


def test_long_lessons_come_in_pages_that_never_end_on_a_heading():
    body = "\n\n".join(f"## Part {n}\n\n" + "A sentence of a lesson. " * 12 for n in range(12))
    parts = pages(to_blocks(body), max_lines=20)
    assert len(parts) > 3
    for page in parts:
        assert not page[-1].startswith("Part ")
        assert page[0] and page[-1]
    assert sum(line.startswith("Part ") for page in parts for line in page) == 12
