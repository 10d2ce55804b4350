"""The plain face opens a lesson again at the page where the learner was reading, and `top` goes back."""

from __future__ import annotations

import re

from helpers import module_text, write_module
from mhcourse.content.models import Module
from mhcourse.plain.text import to_blocks, to_parts
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from plain_driver import load, run

BODY = "\n\n".join(f"## Section {n}\n\n" + "A sentence of a lesson. " * 12 for n in range(12))


def long_lesson(tmp_path) -> list[Module]:
    text = module_text().replace("Mental health is part of health. People recover.", BODY)
    write_module(tmp_path / "mods", "small", text=text)
    return load(tmp_path / "mods")


def position(store: Store, modules: list[Module]) -> int:
    return Learner(store, store.profile("Robin"), modules).reading_position(modules[0], "first")


def test_plain_parts_are_the_core_parts():
    from mhcourse.content.parts import part_count

    assert len(to_parts(BODY)) == part_count(BODY) == 24
    assert [b for part in to_parts(BODY) for b in part] == to_blocks(BODY)


def test_a_lesson_opens_again_at_the_page_the_learner_was_reading(tmp_path):
    modules = long_lesson(tmp_path)
    store = Store.in_memory()
    status, out = run(["1", "Robin", "1", "", "", "back", "back", "quit"], store, modules, module_id="small")
    total = int(re.search(r"\(part 3 of (\d+)\)", out).group(1))
    assert status == 0 and total > 3
    third = position(store, modules)
    assert third > 0

    status, out = run(["1", "1", "back", "back", "quit"], store, modules, module_id="small")
    assert status == 0
    assert f"Continuing where you left off, at part 3 of {total}. Type top to start from the beginning." in out
    assert "Section 0" not in out and f"(part 3 of {total})" in out
    assert position(store, modules) == third  # opened and left again: the place stands

    status, out = run(["1", "1", "top", "back", "back", "quit"], store, modules, module_id="small")
    assert "From the beginning of the lesson." in out
    after = out.split("From the beginning of the lesson.", 1)[1]
    assert "Section 0" in after and f"(part 1 of {total})" in after
    assert position(store, modules) == 0


def test_a_short_lesson_never_says_it_is_continuing(tmp_path):
    from plain_driver import rich_text

    store = Store.in_memory()
    write_module(tmp_path / "mods", "small", text=rich_text())
    modules = load(tmp_path / "mods")
    run(["1", "Robin", "1", "back", "back", "quit"], store, modules, module_id="small")
    status, out = run(["1", "1", "back", "back", "quit"], store, modules, module_id="small")
    assert status == 0 and "Continuing where you left off" not in out


def test_the_list_of_commands_names_top(tmp_path):
    status, out = run(["?", "quit"], Store.in_memory(), long_lesson(tmp_path))
    assert "  top       in a lesson: start it again from the beginning" in out
