"""Export and import: a learner's whole record travels as TOML and comes back the same, never twice."""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mhcourse.content.problems import format_key
from mhcourse.learning.quiz import QuizPlan, ShownQuestion
from mhcourse.progress.store import Store, merge
from mhcourse.progress.store.profiles import usable_setting
from mhcourse.progress.transfer import (
    TransferError,
    dumps,
    export_profile,
    export_text,
    import_profile,
    parse_document,
    read_export,
)

FILE = Path("robin.toml")
ANSWERS = {
    "q-single": "Listening",
    "q-multiple": ["Listen", "Ask \"how are you?\""],
    "q-true": False,
    "q-order": ["one", "two", "three"],
    "q-match": {"Stigma": "Shame put on people", "term with = and . in it": "ok", "": "empty term"},
}


def clock(start: str = "2025-03-01T10:00:00+00:00"):
    """A store clock that moves on one minute per change."""
    first = datetime.fromisoformat(start)
    ticks = itertools.count()
    return lambda: (first + timedelta(minutes=next(ticks))).isoformat(timespec="seconds")


def new_store(where: Any, name: str = "data", start: str = "2025-03-01T10:00:00+00:00") -> Store:
    """A store named `name` on the test's engine (`where` is make_store), or in the data folder `where`/`name`."""
    if isinstance(where, Path):
        return Store.open(where / name, clock=clock(start))
    return where(name, clock=clock(start))


def fill(store: Store, name: str = "Robin") -> int:
    """One learner with something in every part of the record."""
    p = store.create_profile(name)
    store.set_setting(p.id, "theme", "high-contrast")
    store.set_setting(p.id, "country", None)  # TOML has no empty value: travels as JSON text
    store.lesson_opened(p.id, "small", "first")
    store.lesson_completed(p.id, "small", "first")
    store.lesson_opened(p.id, "small", "second")
    store.keep_reading_position(p.id, "small", "second", 3)
    store.set_skipped(p.id, "hard-topic", True)
    plan = QuizPlan(tuple(ShownQuestion(q, ("b", "a")) for q in ANSWERS))
    done = store.start_attempt(p.id, "small", plan, 0.8)
    for i, (question, answer) in enumerate(ANSWERS.items()):
        store.record_answer(done.id, question, answer, i % 2 == 0, shown="b|a")
    store.finish_attempt(done.id, 3, 5, False)
    open_attempt = store.start_attempt(p.id, "small", plan, 0.8)
    store.record_answer(open_attempt.id, "q-single", "Ignoring", False)
    store.record_check(p.id, "small", "first", "check-1", True, True)
    store.record_check(p.id, "small", "first", "check-1", {"a": [1, None, 2.5]}, False)
    store.record_scenario_run(p.id, "small", "talk",
                              [{"step": "open", "option": "How are you really?", "tone": "helpful"}], "end")
    store.lesson_opened(p.id, "small", "second")
    with store.transaction() as db:
        db.execute("INSERT INTO confidence VALUES (?, 'small', 'before', 2, '2025-03-01T09:00:00+00:00')", (p.id,))
        db.execute("INSERT INTO confidence VALUES (?, 'small', 'after', NULL, '2025-03-01T11:00:00+00:00')", (p.id,))
    return p.id


def everything(store: Store) -> list[str]:
    """Every row of every table, as text: equal lists mean nothing changed."""
    if store.sql.name == "postgresql":
        tables = [t for (t,) in store.db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")]
        return [f"{table}: {row!r}" for table in tables
                for row in sorted(store.db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)]
    return list(store.db.iterdump())


def comparable(store: Store, profile_id: int) -> dict:
    """The whole record without the moment of export."""
    document = export_profile(store, profile_id)
    document.pop("exported")
    return document


# -- round trips ----------------------------------------------------------------------------------


def test_export_delete_import_restores_the_same_progress(make_store):
    store = new_store(make_store)
    robin = fill(store)
    before = comparable(store, robin)
    records = store.records(robin)
    text = export_text(store, robin)

    store.delete_profile(robin)
    assert store.profile("Robin") is None
    summary = import_profile(store, read_export(text.encode(), FILE))

    assert summary.created and summary.attempts == 2 and summary.answers == 6 and summary.checks == 2
    assert summary.confidence == 2
    restored = store.profile("Robin")
    assert comparable(store, restored.id) == before
    assert store.records(restored.id) == records
    resumed = store.unfinished_attempt(restored.id, "small")
    assert resumed is not None and resumed.answers == {"q-single": "Ignoring"}
    assert store.setting(restored.id, "theme") == "high-contrast"
    assert store.setting(restored.id, "country", "unset") is None


def test_importing_the_same_file_twice_adds_nothing(make_store):
    source = new_store(make_store, "a")
    text = export_text(source, fill(source))
    target = new_store(make_store, "b")
    assert import_profile(target, read_export(text.encode(), FILE)).changed
    after_first = everything(target)

    summary = import_profile(target, read_export(text.encode(), FILE), into="Robin")

    assert not summary.changed
    assert "Nothing new" in summary.describe()
    assert everything(target) == after_first


def test_the_export_is_toml_with_one_section_per_attempt_and_no_pin(make_store):
    store = new_store(make_store)
    robin = fill(store)
    store.db.execute("UPDATE profiles SET pin_hash = 'scrypt$secret-hash' WHERE id = ?", (robin,))
    text = export_text(store, robin)
    assert "secret-hash" not in text and "pin" not in text.lower()
    assert tomllib.loads(text)["mhcourse_export"] == 1
    assert text.count("\n[[attempts]]\n") == 2 and text.count("\n[[checks]]\n") == 2
    assert text.startswith("# The learning record of Robin")


def test_import_merges_into_a_profile_of_the_same_name(make_store):
    home = new_store(make_store, "home", start="2025-03-01T10:00:00+00:00")
    text = export_text(home, fill(home))
    # The learner also used the course at a centre, later, with its own settings and attempts.
    centre = new_store(make_store, "centre", start="2025-04-01T10:00:00+00:00")
    mine = centre.create_profile("ROBIN")
    centre.set_setting(mine.id, "theme", "dark")
    centre.lesson_opened(mine.id, "small", "first")  # opened here later, not completed here
    centre.lesson_opened(mine.id, "other", "intro")
    own = centre.start_attempt(mine.id, "other", QuizPlan((ShownQuestion("x"),)), 0.5)
    centre.record_answer(own.id, "x", "yes", True)
    centre.finish_attempt(own.id, 1, 1, True)

    summary = import_profile(centre, read_export(text.encode(), FILE), into="robin")

    assert not summary.created and summary.profile == "ROBIN"
    assert [p.name for p in centre.profiles()] == ["ROBIN"]
    lessons = dict(((m, lesson), (o, c)) for m, lesson, o, c in centre.db.execute(
        "SELECT module_id, lesson_id, opened, completed FROM lessons WHERE profile_id = ?", (mine.id,)))
    home_lessons = {(x["module"], x["lesson"]): x for x in tomllib.loads(text)["lessons"]}
    first = home_lessons[("small", "first")]
    assert lessons[("small", "first")] == (first["opened"], first["completed"])
    assert lessons[("other", "intro")][1] is None
    records = centre.records(mine.id)
    assert records["other"].best_score == "1/1" and records["small"].best_score == "3/5"
    assert centre.setting(mine.id, "theme") == "dark"  # this computer's own choice is kept
    assert centre.db.execute("SELECT COUNT(*) FROM attempts WHERE profile_id = ?", (mine.id,)).fetchone()[0] == 3


def test_import_as_another_name_copies_and_leaves_the_original_alone(make_store):
    store = new_store(make_store)
    robin = fill(store)
    original = comparable(store, robin)
    document = read_export(export_text(store, robin).encode(), FILE)

    summary = import_profile(store, document, as_name="Robin (copy)")
    again = import_profile(store, document, into="robin (COPY)")

    assert summary.created and summary.attempts == 2
    assert not again.changed
    copy = store.profile("Robin (copy)")
    assert store.records(copy.id) == store.records(robin)
    assert comparable(store, robin) == original
    assert store.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 4


def test_an_attempt_finished_on_the_other_computer_is_brought_up_to_date(make_store):
    laptop = new_store(make_store, "laptop")
    p = laptop.create_profile("Robin")
    attempt = laptop.start_attempt(p.id, "small", QuizPlan((ShownQuestion("q1"), ShownQuestion("q2"))), 0.5)
    laptop.record_answer(attempt.id, "q1", "Listening", True)
    desk = new_store(make_store, "desk")
    import_profile(desk, read_export(export_text(laptop, p.id).encode(), FILE))
    assert desk.records(desk.profile("Robin").id)["small"].best_score is None

    laptop.record_answer(attempt.id, "q2", ["one", "two", "three"], True)
    laptop.finish_attempt(attempt.id, 2, 2, True)
    summary = import_profile(desk, read_export(export_text(laptop, p.id).encode(), FILE), into="Robin")

    assert (summary.attempts, summary.answers) == (1, 1)
    assert desk.records(desk.profile("Robin").id)["small"].best_score == "2/2"
    assert comparable(desk, desk.profile("Robin").id)["attempts"] == comparable(laptop, p.id)["attempts"]


def test_a_content_note_read_travels_and_is_not_asked_again(make_store):
    laptop = new_store(make_store, "laptop")
    p = laptop.create_profile("Robin")
    laptop.note_read(p.id, "hard-topic")
    text = export_text(laptop, p.id)
    assert tomllib.loads(text)["notes_read"] == [{"module": "hard-topic", "read": "2025-03-01T10:01:00+00:00"}]
    desk = new_store(make_store, "desk")

    first = import_profile(desk, read_export(text.encode(), FILE))
    again = import_profile(desk, read_export(text.encode(), FILE), into="Robin")

    assert first.notes_read == 1 and not again.changed
    robin = desk.profile("Robin").id
    assert desk.records(robin)["hard-topic"].note_read
    assert comparable(desk, robin)["notes_read"] == comparable(laptop, p.id)["notes_read"]


def test_where_the_learner_was_reading_travels_and_a_merge_keeps_the_further_part(make_store):
    laptop = new_store(make_store, "laptop")
    p = laptop.create_profile("Robin")
    laptop.lesson_opened(p.id, "small", "first")
    laptop.keep_reading_position(p.id, "small", "first", 4)
    laptop.keep_reading_position(p.id, "small", "second", 2)  # a position alone keeps the lesson as opened
    text = export_text(laptop, p.id)
    assert {(x["lesson"], x.get("position")) for x in tomllib.loads(text)["lessons"]} == {("first", 4), ("second", 2)}

    desk = new_store(make_store, "desk")
    import_profile(desk, read_export(text.encode(), FILE))
    robin = desk.profile("Robin").id
    assert desk.reading_position(robin, "small", "first") == 4
    assert desk.reading_position(robin, "small", "second") == 2

    # On the desk the learner went back to the top of one lesson and read further in the other.
    desk.keep_reading_position(robin, "small", "first", 0)
    desk.keep_reading_position(robin, "small", "second", 6)
    import_profile(desk, read_export(text.encode(), FILE), into="Robin")
    assert desk.reading_position(robin, "small", "first") == 4  # the further of the two
    assert desk.reading_position(robin, "small", "second") == 6


def test_an_export_from_before_reading_positions_still_imports_at_the_top(make_store):
    store = new_store(make_store)
    robin = fill(store)
    document = export_profile(store, robin)
    for lesson in document["lessons"]:
        lesson.pop("position", None)
    store.delete_profile(robin)

    import_profile(store, parse_document(document))

    assert store.reading_position(store.profile("Robin").id, "small", "second") == 0


def test_a_document_given_as_a_dict_is_checked_too(make_store):
    store = new_store(make_store)
    document = tomllib.loads(export_text(store, fill(store)))
    document["attempts"][0]["right"] = 99
    with pytest.raises(TransferError, match=r"attempts\[0\]\.right: right \(99\) is more than total"):
        import_profile(store, document, as_name="Other")
    assert store.profile("Other") is None


# -- bad files: located, and nothing changes ---------------------------------------------------------


def _nth(text: str, needle: str, new: str, nth: int = 1) -> str:
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    return text[:start] + new + text[start + len(needle):]


EDITS = {  # name -> (edit of the text, text of the line to point at, key path, words in the message)
    "syntax": (lambda t: t.replace("pass_mark = 0.8", "pass_mark = = 0.8", 1), "pass_mark = = 0.8", "",
               "TOML syntax error"),
    "wrong type": (lambda t: _nth(t, "position = 1\n", 'position = "one"\n'), 'position = "one"',
                   "attempts[0].answers[1].position", "expected a whole number, found the text 'one'"),
    "misspelt key": (lambda t: _nth(t, "correct = true", "corect = true", 2), "corect = true",
                     "attempts[0].answers[2].corect", "unknown key 'corect'; did you mean 'correct'?"),
    "bad time": (lambda t: re.sub(r'opened = "[^"]*"', 'opened = "last Tuesday"', t, count=1),
                 'opened = "last Tuesday"', "lessons[0].opened", "'last Tuesday' is not a date and time"),
    "negative": (lambda t: t.replace("right = 3", "right = -3"), "right = -3", "attempts[0].right", "out of range"),
    "score": (lambda t: t.replace("right = 3", "right = 7"), "right = 7", "attempts[0].right",
              "right (7) is more than total (5)"),
    # a pass claimed for questions never asked, or against the pass mark, would earn a certificate
    "total beyond plan": (lambda t: t.replace("right = 3", "right = 9").replace("total = 5", "total = 10"),
                          "total = 10", "attempts[0].total", "total (10) is more than the 5 question(s) in its plan"),
    "claimed pass": (lambda t: t.replace("passed = false", "passed = true", 1), "passed = true", "attempts[0].passed",
                     "passed = true does not follow from 3 of 5 at a pass mark of 0.8"),
    "bad kind": (lambda t: t.replace('kind = "lesson"', 'kind = "chapter"'), 'kind = "chapter"', "place.kind",
                 "is not allowed here"),
    "long name": (lambda t: t.replace('name = "Robin"', f'name = "{"R" * 60}"'), 'name = "RRR', "profile.name",
                  "40 characters"),
    "bad json": (lambda t: t.replace('country = "null"', 'country = "{not json"'), 'country = "{not json"',
                 "profile.settings_json.country", "not valid JSON"),
    "no marker": (lambda t: t.replace("mhcourse_export = 1\n", ""), None, "", "this is not an mhcourse export"),
    "newer": (lambda t: t.replace("mhcourse_export = 1", "mhcourse_export = 2"), "mhcourse_export = 2",
              "mhcourse_export", "newer mhcourse"),
    "date as value": (lambda t: re.sub(r'(\[\[checks\]\]\nuid = "[^"]*"\n(?:.*\n)*?)given = true',
                                       r"\1given = 2025-01-01", t, count=1),
                      "given = 2025-01-01", "checks[0].given", "a date or time is not allowed"),
    "confidence": (lambda t: t.replace("value = 2", "value = 9"), "value = 9", "confidence[1].value", "out of range"),
    "missing": (lambda t: re.sub(r'\nstarted = "[^"]*"', "", t, count=1), "[[attempts]]", "attempts[0].started",
                "required key 'started' is missing"),
    # Settings reach the faces (a theme name, a country code): only text, and not a book of it.
    "setting list": (lambda t: t.replace('theme = "high-contrast"', 'theme = ["x"]'), 'theme = ["x"]',
                     "profile.settings.theme", "expected text in quotes, found a list"),
    "setting table": (lambda t: t.replace('theme = "high-contrast"', "theme = { a = 1 }"), "theme = { a = 1 }",
                      "profile.settings.theme", "expected text in quotes, found a table"),
    "setting too long": (lambda t: t.replace('theme = "high-contrast"', f'theme = "{"x" * 201}"'), 'theme = "xxx',
                         "profile.settings.theme", "longer than 200 characters"),
    "setting json list": (lambda t: t.replace('country = "null"', 'country = "[1]"'), 'country = "[1]"',
                          "profile.settings_json.country", "a setting is text"),
    # Numbers SQLite's 64-bit INTEGER cannot hold, and nesting export cannot write back.
    "huge position": (lambda t: _nth(t, "position = 1\n", "position = 99999999999999999999\n"), "position = 9999",
                      "attempts[0].answers[1].position", "out of range: use a number from 0 to 100000"),
    "huge total": (lambda t: t.replace("total = 5", "total = 9223372036854775807"), "total = 9223",
                   "attempts[0].total", "out of range: use a number from 0 to 100000"),
    "huge number in an answer": (lambda t: _nth(t, "given = true", f"given = {2**63}"), f"given = {2**63}",
                                 "checks[0].given", "a whole number here is between"),
    "deep answer": (lambda t: _nth(t, "given = true", "given = " + "[" * 450 + "]" * 450), "given = [[[",
                    "checks[0].given", "nested more than 32 deep"),
    "deep json answer": (lambda t: _nth(t, "given = true", 'given_json = "' + "[" * 450 + "]" * 450 + '"'),
                         'given_json = "[[[', "checks[0].given_json", "nested more than 32 deep"),
    "json too deep for python": (lambda t: _nth(t, "given = true",
                                                'given_json = "' + "[" * 100_000 + "]" * 100_000 + '"'),
                                 'given_json = "[[[', "checks[0].given_json", "nested more than 32 deep"),
}


def _uid_twice(text: str) -> str:
    first, second = re.findall(r'\[\[checks\]\]\nuid = "([^"]*)"', text)
    return text.replace(f'uid = "{second}"', f'uid = "{first}"')


EDITS["uid twice"] = (_uid_twice, "[[checks]]", "checks[1].uid", "is already in checks[0]")


# The file is refused before the store is asked (a failure inside the store: test_a_failure_half_way...):
# on SQLite alone, to keep thirty databases off the server.
@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_malformed_or_hand_edited_file_gives_a_located_error_and_changes_nothing(tmp_path, edit):
    change, needle, key, words = EDITS[edit]
    store = new_store(tmp_path)
    robin = fill(store)
    text = export_text(store, robin)
    store.delete_profile(robin)
    before = everything(store)
    edited = change(text)
    assert edited != text, "the edit should change the file"

    with pytest.raises(TransferError) as caught:
        import_profile(store, read_export(edited.encode(), FILE))

    problems = caught.value.problems
    assert len(problems) <= 2, problems  # a misspelt key is also a missing one
    problem = next(p for p in problems if words in p.message)
    lines = edited.splitlines()
    if needle is None:
        expected_line = 1
    elif edit == "uid twice":
        expected_line = [i + 1 for i, line in enumerate(lines) if line == needle][1] + 1
    else:
        expected_line = next(i + 1 for i, line in enumerate(lines) if line.startswith(needle))
    prefix = f"{FILE}:{expected_line}: " + (f"{key}: " if key else "")
    assert str(problem).startswith(prefix), (str(problem), prefix)
    assert format_key(problem.key) == key
    assert everything(store) == before


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    data = b'mhcourse_export = 1\n[profile]\nname = "Rob\xe9"\n'
    with pytest.raises(TransferError, match=r"robin\.toml:3: byte 0xe9 is not UTF-8"):
        read_export(data, FILE)


def test_an_export_saved_as_utf16_is_named_so(tmp_path):
    store = new_store(tmp_path)
    data = export_text(store, fill(store)).encode("utf-16")
    with pytest.raises(TransferError, match=r"^robin\.toml:1: the file is saved as UTF-16; save it as UTF-8$"):
        read_export(data, FILE)


def test_settings_no_face_can_use_are_left_out_of_an_export_so_it_imports(make_store):
    """A list or a table kept as a setting (an import before settings were checked) is never read: not carried."""
    store = new_store(make_store)
    robin = fill(store)
    store.db.execute("UPDATE profiles SET settings = ? WHERE id = ?",
                     (json.dumps({"theme": {"a": 1}, "country": ["x"], "other": "kept"}), robin))

    document = read_export(export_text(store, robin).encode(), FILE)

    assert _settings_of_profile(document) == {"other": "kept"}
    assert store.setting(robin, "theme") is None and store.setting(robin, "country", "GB") == "GB"


def _settings_of_profile(document) -> dict:
    return {**document.profile.settings, **{k: json.loads(v) for k, v in document.profile.settings_json.items()}}


def test_a_module_file_is_not_mistaken_for_an_export():
    from helpers import module_text

    with pytest.raises(TransferError, match="looks like a lesson module"):
        read_export(module_text().encode(), FILE)


def test_a_failure_half_way_through_changes_nothing(make_store, monkeypatch):
    store = new_store(make_store)
    document = read_export(export_text(store, fill(store)).encode(), FILE)
    before = everything(store)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(merge, "_merge_runs", broken)  # the store writes a record: one run fails
    with pytest.raises(RuntimeError):
        import_profile(store, document, as_name="Sam")
    assert everything(store) == before
    assert store.profile("Sam") is None


# -- any answer a learner can give comes back the same -------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@settings(deadline=None, max_examples=150)
@given(answers=st.lists(json_values, min_size=1, max_size=4), name=st.text(min_size=1, max_size=40).filter(str.strip),
       setting=json_values)
def test_any_answer_and_any_text_setting_survive_the_trip(answers, name, setting):
    """A setting is text or None (store.usable_setting); anything else is not carried, as it is never read."""
    try:
        from mhcourse.progress.store.profiles import clean_name

        clean_name(name)
    except ValueError:
        return
    source = Store.in_memory()
    p = source.create_profile(name)
    source.set_setting(p.id, "choice", setting)
    attempt = source.start_attempt(p.id, "m", QuizPlan(tuple(ShownQuestion(f"q{i}") for i in range(len(answers)))), 0.5)
    for i, answer in enumerate(answers):
        source.record_answer(attempt.id, f"q{i}", answer, True)
        source.record_check(p.id, "m", "l", f"c{i}", answer, False)
    text = export_text(source, p.id)

    target = Store.in_memory()
    import_profile(target, read_export(text.encode("utf-8"), FILE))

    copy = target.profiles()[0]
    assert copy.name == source.profile_by_id(p.id).name
    answered = dict(zip((f"q{i}" for i in range(len(answers))), answers, strict=True))
    assert target.unfinished_attempt(copy.id, "m").answers == answered
    given_back = [json.loads(g) for (g,) in target.db.execute("SELECT given FROM checks ORDER BY id")]
    assert given_back == answers
    assert target.setting(copy.id, "choice", "missing") == (setting if usable_setting(setting) else "missing")


@settings(deadline=None, max_examples=150)
@example(document={"0\n": {}})  # a key ending in a line break was written bare, and could not be read back
@given(document=st.dictionaries(st.text(min_size=1, max_size=6), json_values.filter(lambda v: v is not None),
                                max_size=5))
def test_dumps_writes_toml_that_reads_back_the_same(document):
    from mhcourse.progress.transfer import _tomlable

    if not _tomlable(document):
        return
    assert tomllib.loads(dumps(document)) == document


def test_times_in_another_zone_are_compared_as_times(make_store):
    """Earliest means earliest in time, not in spelling: 09:00+02:00 is before 08:00+00:00."""
    store = new_store(make_store)
    p = store.create_profile("Robin")
    store.db.execute("INSERT INTO lessons (profile_id, module_id, lesson_id, opened, completed) "
                     "VALUES (?, 'small', 'first', '2025-01-01T08:00:00+00:00', NULL)", (p.id,))
    document = tomllib.loads(export_text(store, p.id))
    document["lessons"][0]["opened"] = "2025-01-01T09:00:00+02:00"
    import_profile(store, parse_document(document), into="Robin")
    opened = store.db.execute("SELECT opened FROM lessons").fetchone()[0]
    assert datetime.fromisoformat(opened) == datetime(2025, 1, 1, 7, tzinfo=UTC)
