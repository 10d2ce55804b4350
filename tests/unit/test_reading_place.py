"""Where a learner was reading a lesson: its parts counted once in the core, kept in the store (version 6)."""

from __future__ import annotations

import sqlite3

from helpers import small_module
from mhcourse.content.parts import clamp, part_at_line, part_count, parts
from mhcourse.progress.learner import Learner
from mhcourse.progress.store import Store
from mhcourse.progress.store.schema import MIGRATIONS, statements

BODY = """# Feeling low

A first paragraph
that runs over two lines.

- one
- two

> A quote
> of two lines.

| a | b |
|---|---|
| 1 | 2 |

---

    code

Last words.
"""


def test_a_body_is_counted_in_top_level_blocks():
    found = parts(BODY)
    # heading, paragraph, list, quote, table, rule, code, paragraph
    assert part_count(BODY) == 8
    assert [p.start for p in found] == [0, 2, 5, 8, 11, 15, 17, 19]
    assert part_at_line(BODY, 6) == 2 and part_at_line(BODY, 0) == 0 and part_at_line(BODY, 99) == 7
    assert part_count(BODY.replace("\n", "\r\n")) == 8


def test_a_saved_position_is_one_the_lesson_still_has():
    assert clamp(BODY, None) == 0 and clamp(BODY, -3) == 0 and clamp(BODY, 5) == 5
    assert clamp(BODY, 40) == 7  # the author shortened the lesson: its last part
    assert clamp("", 3) == 0


def test_the_learner_reading_position_is_kept_and_written_only_when_it_changes(tmp_path):
    store = Store.open(tmp_path / "data")
    module = small_module()
    learner = Learner(store, store.create_profile("Robin"), [module])
    lesson = module.lessons[0]
    last = part_count(lesson.body) - 1
    assert learner.reading_position(module, lesson.id) == 0

    learner.keep_reading_position(module, lesson.id, 99)
    assert learner.reading_position(module, lesson.id) == last
    changes = store.db.total_changes
    learner.keep_reading_position(module, lesson.id, 99)  # the same part again: nothing written
    assert store.db.total_changes == changes
    assert learner.reading_position(module, "no-such-lesson") == 0
    store.close()


def test_a_version_5_file_gains_reading_positions_with_its_lessons_at_the_top(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db = sqlite3.connect(folder / "progress.db", isolation_level=None)
    for script in MIGRATIONS[:5]:
        for statement in statements(script):
            db.execute(statement)
    db.execute("PRAGMA user_version = 5")
    db.execute("INSERT INTO profiles (id, name, name_key, created, last_used) VALUES (1, 'Robin', 'robin', 't', 't')")
    db.execute("INSERT INTO lessons VALUES (1, 'small', 'first', '2025-01-01T00:00:00+00:00', NULL)")
    db.close()

    store = Store.open(folder)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] >= 6
    assert store.reading_position(1, "small", "first") == 0
    assert store.keep_reading_position(1, "small", "first", 2)
    assert store.reading_position(1, "small", "first") == 2
    assert store.records(1)["small"].lessons_opened == {"first"}
    store.close()
