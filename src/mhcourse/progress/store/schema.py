"""The store's tables, and the forward migrations between schema versions (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3
from typing import Any

# `waivers` (column `waived`) keeps its first name for modules skipped at their content note: files of every version.
VERSION_1 = """
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    last_used TEXT NOT NULL,
    pin_hash TEXT,
    failed_pins INTEGER NOT NULL DEFAULT 0,
    locked_until REAL,
    settings TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE lessons (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    opened TEXT NOT NULL,
    completed TEXT,
    PRIMARY KEY (profile_id, module_id, lesson_id)
);
CREATE TABLE places (
    profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id TEXT,
    updated TEXT NOT NULL
);
CREATE TABLE waivers (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    waived TEXT NOT NULL,
    PRIMARY KEY (profile_id, module_id)
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    plan TEXT NOT NULL,
    pass_mark REAL NOT NULL,
    right_count INTEGER,
    total INTEGER,
    passed INTEGER
);
CREATE INDEX attempts_by_profile ON attempts (profile_id, module_id);
CREATE TABLE answers (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    given TEXT NOT NULL,
    correct INTEGER NOT NULL,
    shown TEXT NOT NULL DEFAULT '',
    answered TEXT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    given TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered TEXT NOT NULL
);
CREATE TABLE scenario_runs (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    path TEXT NOT NULL,
    ending TEXT
);
"""

VERSION_2 = """
CREATE TABLE confidence (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('before', 'after')),
    value INTEGER CHECK (value IS NULL OR value BETWEEN 1 AND 5),
    answered TEXT NOT NULL,
    PRIMARY KEY (profile_id, module_id, stage)
);
CREATE INDEX confidence_by_module ON confidence (module_id, stage);
CREATE TABLE certificates (
    ref TEXT PRIMARY KEY,
    profile_id INTEGER REFERENCES profiles(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    organization TEXT NOT NULL,
    issued TEXT NOT NULL,
    modules TEXT NOT NULL
);
CREATE INDEX certificates_by_profile ON certificates (profile_id)
"""
"""Version 2 (the community-centre release): confidence checks and the certificate register.

confidence: one row per learner, module and stage ('before' the first lesson, 'after' the quiz);
value is 1-5, or NULL when the learner skipped the question (so it is not asked again).

certificates: every certificate this machine issued. A row keeps a snapshot of what was certified
(name, organization, date, the modules as JSON) so `mhcourse certificate verify REF` still answers
after the learner renamed or deleted the profile: deleting a profile clears profile_id (ON DELETE
SET NULL) but keeps the register entry, because a certificate already handed out must not start to
look forged. The entry holds the name and the modules certified, nothing of the learner's answers.

PINs need nothing new: profiles.pin_hash, failed_pins and locked_until are in version 1.
"""

VERSION_3 = """
CREATE TABLE question_tally (
    module_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answered INTEGER NOT NULL,
    wrong INTEGER NOT NULL,
    PRIMARY KEY (module_id, question_id)
) WITHOUT ROWID;
INSERT INTO question_tally (module_id, question_id, answered, wrong)
    SELECT a.module_id, q.question_id, COUNT(*), SUM(q.correct = 0)
    FROM attempts a JOIN answers q ON q.attempt_id = a.id
    WHERE a.finished IS NOT NULL GROUP BY a.module_id, q.question_id;
CREATE TRIGGER tally_answer_added AFTER INSERT ON answers
WHEN (SELECT finished FROM attempts WHERE id = NEW.attempt_id) IS NOT NULL
BEGIN
    INSERT INTO question_tally (module_id, question_id, answered, wrong)
        VALUES ((SELECT module_id FROM attempts WHERE id = NEW.attempt_id), NEW.question_id, 1, NEW.correct = 0)
        ON CONFLICT (module_id, question_id) DO UPDATE SET answered = answered + 1, wrong = wrong + excluded.wrong;
END;
CREATE TRIGGER tally_answer_changed AFTER UPDATE OF correct ON answers
WHEN (SELECT finished FROM attempts WHERE id = NEW.attempt_id) IS NOT NULL
BEGIN
    UPDATE question_tally SET wrong = wrong - (OLD.correct = 0) + (NEW.correct = 0)
        WHERE module_id = (SELECT module_id FROM attempts WHERE id = NEW.attempt_id) AND question_id = NEW.question_id;
END;
CREATE TRIGGER tally_answer_removed AFTER DELETE ON answers
WHEN (SELECT finished FROM attempts WHERE id = OLD.attempt_id) IS NOT NULL
BEGIN
    UPDATE question_tally SET answered = answered - 1, wrong = wrong - (OLD.correct = 0)
        WHERE module_id = (SELECT module_id FROM attempts WHERE id = OLD.attempt_id) AND question_id = OLD.question_id;
END;
CREATE TRIGGER tally_attempt_finished AFTER UPDATE OF finished ON attempts
WHEN OLD.finished IS NULL AND NEW.finished IS NOT NULL
BEGIN
    INSERT INTO question_tally (module_id, question_id, answered, wrong)
        SELECT NEW.module_id, question_id, 1, correct = 0 FROM answers WHERE attempt_id = NEW.id
        ON CONFLICT (module_id, question_id) DO UPDATE SET answered = answered + 1, wrong = wrong + excluded.wrong;
END;
CREATE TRIGGER tally_attempt_removed BEFORE DELETE ON attempts
WHEN OLD.finished IS NOT NULL
BEGIN
    UPDATE question_tally SET
        answered = answered - (SELECT COUNT(*) FROM answers WHERE attempt_id = OLD.id AND question_id = question_tally.question_id),
        wrong = wrong - (SELECT COUNT(*) FROM answers WHERE attempt_id = OLD.id AND question_id = question_tally.question_id AND correct = 0)
        WHERE module_id = OLD.module_id;
END
"""  # noqa: E501 (a migration is never edited, only appended to)
"""Version 3 (the facilitator report at scale): question_tally, kept by triggers.

The report's "questions most often answered wrongly" counts every answer in a finished attempt,
per module and question. Joining ~150,000 answers to their attempts was the largest part of
the report's time, so this table keeps the counts as they change: the triggers add an
attempt's answers when it is finished (or an answer that arrives for a finished attempt, as an
import does), adjust a changed answer, and take away the answers of an attempt that is deleted
(deleting a profile deletes its attempts, so the counts always describe what the file holds).
A finished attempt is never reopened (Store.finish_attempt and an import only ever finish one).
Triggers, not code in Store, so that every writer (the course, `progress import`, a migration)
keeps it right. The migration fills it from what the file already holds. `report --since`
still counts from the answers themselves, as it must for a window of time.

A question whose answers are all gone keeps a row of zeros; the report skips rows with none wrong.
"""

VERSION_4 = """
ALTER TABLE profiles ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
CREATE TABLE notes_read (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    read TEXT NOT NULL,
    PRIMARY KEY (profile_id, module_id)
);
CREATE TABLE pin_locks (
    name TEXT PRIMARY KEY,
    failed INTEGER NOT NULL DEFAULT 0,
    locked_until REAL,
    lockouts INTEGER NOT NULL DEFAULT 0
)
"""
"""Version 4 (trust): the content note's choice is kept, and PIN lockouts grow and outlive restarts.

notes_read: the learner read a module's content note and chose to go on (a skip is kept in `waivers`),
so the note is not asked again on any path into the module, in any face.

profiles.lockouts: how many times in a row the profile was locked after wrong PINs; each lock
lasts longer than the one before (1, 5, 15, 60 minutes). A right PIN sets it back to 0.

pin_locks: the same counts for PINs that belong to no profile: 'facilitator' (the kiosk's
facilitator PIN) and 'name:<name key>' (a typed name that is not a profile, on a machine
that hides names, so an unknown name and a wrong PIN are answered and locked alike).
"""

VERSION_5 = """
CREATE TABLE web_sessions (
    key_hash TEXT PRIMARY KEY,
    profile_id INTEGER REFERENCES profiles(id) ON DELETE CASCADE,
    guest INTEGER NOT NULL DEFAULT 0,
    csrf TEXT NOT NULL,
    started REAL NOT NULL,
    seen REAL NOT NULL
);
CREATE INDEX web_sessions_by_profile ON web_sessions (profile_id)
"""
"""Version 5 (the web page): the signed-in sessions of `mhcourse serve`.

A browser holds only an opaque random key in a cookie; the row keeps its SHA-256 (a copied file
gives no usable cookie), the profile, the form token (CSRF) and when it was last used. A session
ends at sign-out, after the idle time, or with its profile (ON DELETE CASCADE), so a copied cookie
stops working. A guest's session has no profile: the guest's record lives in the server's memory.
"""

VERSION_6 = """
ALTER TABLE lessons ADD COLUMN position INTEGER
"""
"""Version 6 (polish): where the learner was reading in each lesson.

lessons.position: the part of the lesson's body at the top of the learner's view when last seen
(content/parts.py counts the parts, the same in every face); NULL or 0 is the top. An import keeps
the further of two positions, as it keeps the earlier of two times: merging is the same both ways.
"""

VERSION_7 = """
CREATE TABLE review_cards (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    PRIMARY KEY (profile_id, module_id, question_id)
);
CREATE INDEX review_cards_due ON review_cards (profile_id, due);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    given TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered TEXT NOT NULL
);
CREATE INDEX reviews_by_profile ON reviews (profile_id, module_id);
CREATE TABLE pretests (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    right_count INTEGER,
    total INTEGER NOT NULL,
    answered TEXT NOT NULL,
    PRIMARY KEY (profile_id, module_id)
)
"""
"""Version 7 (learning that lasts): review cards, review answers and pre-tests.

review_cards: one FSRS card per learner and question answered (a quiz question or a knowledge check), its
state as fsrs's own JSON and when it is next due (UTC ISO text, so text order is time order). Kept in the same
transaction as the answer that moved it (progress/review.py), never replayed from the answers at start.
The migration gives existing learners their cards from the answers they already gave (store/cards.py).

reviews: every answer given in a review session (the retention figures of the report count them).

pretests: a module's optional short pre-test before its first lesson: the score only (right_count of total);
right_count NULL with total 0 when the learner skipped it, so it is not offered again. Pre-test answers make
no review cards and are not quiz attempts.
"""

VERSION_8 = """
CREATE TABLE lesson_sets (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    seen TEXT NOT NULL,
    done TEXT NOT NULL,
    PRIMARY KEY (profile_id, module_id)
) WITHOUT ROWID;
INSERT INTO lesson_sets (profile_id, module_id, seen, done)
    SELECT profile_id, module_id, group_concat(lesson_id, char(31)),
           COALESCE(group_concat(CASE WHEN completed IS NOT NULL THEN lesson_id END, char(31)), '')
    FROM (SELECT profile_id, module_id, lesson_id, completed FROM lessons ORDER BY profile_id, module_id, lesson_id)
    GROUP BY profile_id, module_id;
CREATE TRIGGER lesson_set_added AFTER INSERT ON lessons
BEGIN
    INSERT INTO lesson_sets (profile_id, module_id, seen, done)
        SELECT NEW.profile_id, NEW.module_id, group_concat(lesson_id, char(31)),
               COALESCE(group_concat(CASE WHEN completed IS NOT NULL THEN lesson_id END, char(31)), '')
        FROM (SELECT lesson_id, completed FROM lessons WHERE profile_id = NEW.profile_id AND module_id = NEW.module_id
              ORDER BY lesson_id) WHERE true
        ON CONFLICT (profile_id, module_id) DO UPDATE SET seen = excluded.seen, done = excluded.done;
END;
CREATE TRIGGER lesson_set_completed AFTER UPDATE OF completed ON lessons
WHEN (OLD.completed IS NULL) != (NEW.completed IS NULL)
BEGIN
    UPDATE lesson_sets SET done = COALESCE((
        SELECT group_concat(lesson_id, char(31)) FROM (
            SELECT lesson_id FROM lessons WHERE profile_id = NEW.profile_id AND module_id = NEW.module_id
            AND completed IS NOT NULL ORDER BY lesson_id)), '')
        WHERE profile_id = NEW.profile_id AND module_id = NEW.module_id;
END;
CREATE TRIGGER lesson_set_removed AFTER DELETE ON lessons
BEGIN
    DELETE FROM lesson_sets WHERE profile_id = OLD.profile_id AND module_id = OLD.module_id;
    INSERT INTO lesson_sets (profile_id, module_id, seen, done)
        SELECT OLD.profile_id, OLD.module_id, group_concat(lesson_id, char(31)),
               COALESCE(group_concat(CASE WHEN completed IS NOT NULL THEN lesson_id END, char(31)), '')
        FROM (SELECT profile_id, lesson_id, completed FROM lessons
              WHERE profile_id = OLD.profile_id AND module_id = OLD.module_id ORDER BY lesson_id)
        WHERE EXISTS (SELECT 1 FROM profiles WHERE id = OLD.profile_id)
        GROUP BY profile_id;
END
"""  # noqa: E501 (a migration is never edited, only appended to)
"""Version 8 (the facilitator report over 10,000 learners): lesson_sets, kept by triggers.

One row per learner and module with a lesson opened: `seen`, the ids of the lessons opened, and `done`,
those completed ('' when none), each in lesson-id order joined with the unit separator (char 31; lesson
ids are slugs, so it cannot occur in them). The report's all-time figures group these rows instead of
grouping every lesson row (504,100 for 10,000 learners of 14 modules). As question_tally does for the
questions, triggers keep it right for every writer (the course, `progress import`, `store copy`, a
migration): a lesson added, completed (or, by a merge, its completion changed) or deleted recomputes
its learner's row for that module from the module's few lessons. It goes with its profile (ON DELETE
CASCADE; the lessons that go with a profile do not bring it back). The migration fills it from what the
file holds. Only the lessons are summarised: what counts as completed or passed is judged in the core.
"""

def _tally_terms(row: str, sign: str) -> dict[str, str]:
    """What one confidence row (NEW or OLD) adds to (sign '+') or takes from (sign '-') its module's tally.

    Its stage's sum and count when it has a value, and the change (after - before) with the learner's
    other stage's row, when both have a value. Shared by both engines' triggers (no boolean arithmetic).
    """
    pair = (f"(SELECT CASE WHEN {row}.stage = 'after' THEN {row}.value - c.value ELSE c.value - {row}.value END "
            f"FROM confidence c WHERE c.profile_id = {row}.profile_id AND c.module_id = {row}.module_id "
            f"AND c.stage <> {row}.stage)")
    terms = {}
    for stage in ("before", "after"):
        terms[f"{stage}_sum"] = f"{sign} CASE WHEN {row}.stage = '{stage}' THEN COALESCE({row}.value, 0) ELSE 0 END"
        terms[f"{stage}_n"] = (f"{sign} CASE WHEN {row}.stage = '{stage}' AND {row}.value IS NOT NULL "
                               "THEN 1 ELSE 0 END")
    terms["change_sum"] = f"{sign} COALESCE({pair}, 0)"
    terms["change_n"] = f"{sign} CASE WHEN {pair} IS NULL THEN 0 ELSE 1 END"
    return terms


def tally_confidence(*changes: tuple[str, str], pair: bool = True) -> str:
    """The UPDATE of one module's confidence_tally row for (row, sign) changes, e.g. (('OLD', '-'), ('NEW', '+'));
    with pair False, the stage's sum and count only."""
    columns = [c for c in _tally_terms(*changes[0]) if pair or not c.startswith("change_")]
    sets = ", ".join(f"{column} = {column} " + " ".join(_tally_terms(*change)[column] for change in changes)
                     for column in columns)
    return f"UPDATE confidence_tally SET {sets} WHERE module_id = {changes[0][0]}.module_id"


CONFIDENCE_TALLY_FILL = (
    "INSERT INTO confidence_tally (module_id, before_sum, before_n, after_sum, after_n, change_sum, change_n) "
    "SELECT module_id, COALESCE(SUM(b), 0), COUNT(b), COALESCE(SUM(a), 0), COUNT(a), COALESCE(SUM(a - b), 0), "
    "COUNT(a - b) FROM (SELECT profile_id, module_id, MAX(CASE WHEN stage = 'before' THEN value END) AS b, "
    "MAX(CASE WHEN stage = 'after' THEN value END) AS a FROM confidence GROUP BY profile_id, module_id) pairs "
    "GROUP BY module_id"
)
"""Each module's confidence_tally row from the answers already there (the migration's fill, on both engines)."""

CONFIDENCE_TALLY_ROW = (
    "INSERT INTO confidence_tally (module_id, before_sum, before_n, after_sum, after_n, change_sum, change_n) "
    "VALUES (NEW.module_id, 0, 0, 0, 0, 0, 0) ON CONFLICT (module_id) DO NOTHING"
)

# SQLite runs a row trigger as each row changes: an AFTER trigger sees the rows the statement changed
# before this one, and this one, so a learner's pair is added or taken away once however many rows change.
VERSION_8 += f""";
CREATE TABLE confidence_tally (
    module_id TEXT PRIMARY KEY,
    before_sum INTEGER NOT NULL,
    before_n INTEGER NOT NULL,
    after_sum INTEGER NOT NULL,
    after_n INTEGER NOT NULL,
    change_sum INTEGER NOT NULL,
    change_n INTEGER NOT NULL
) WITHOUT ROWID;
{CONFIDENCE_TALLY_FILL};
CREATE TRIGGER confidence_tally_added AFTER INSERT ON confidence
BEGIN
    {CONFIDENCE_TALLY_ROW};
    {tally_confidence(("NEW", "+"))};
END;
CREATE TRIGGER confidence_tally_changed AFTER UPDATE OF value ON confidence
WHEN OLD.value IS NOT NEW.value
BEGIN
    {tally_confidence(("OLD", "-"), ("NEW", "+"))};
END;
CREATE TRIGGER confidence_tally_removed AFTER DELETE ON confidence
BEGIN
    {tally_confidence(("OLD", "-"))};
END
"""
"""Version 8 also keeps confidence_tally (the report's all-time confidence figures), by triggers.

One row per module with a confidence answer: the sums and counts of the 'before' and 'after' values
given (skips are not counted) and of the change (after - before) over learners with both. An answer
added, changed (a re-answered 'after', through the upsert's UPDATE) or deleted (a profile's answers go
with it) takes its old share away and adds its new one. A module whose answers are all gone keeps a row
of zeros, which the report reads as no answers, as it does a module with skips only.
Added to version 8 itself, not a version 9: version 8 was not yet released.
"""

VERSION_9 = """
ALTER TABLE attempts ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
"""
"""Version 9: the language an attempt began in, so it resumes in it (a translation keeps every id, so answers
and scores mean the same in any language)."""

MIGRATIONS: list[str] = [VERSION_1, VERSION_2, VERSION_3, VERSION_4, VERSION_5, VERSION_6, VERSION_7, VERSION_8,
                         VERSION_9]
"""MIGRATIONS[n] takes a database from version n to n + 1. Only ever append."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection) -> None:
    """Bring the database forward to SCHEMA_VERSION, one version per transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                for statement in statements(MIGRATIONS[version]):
                    db.execute(statement)
                version += 1
                after_migration(db, version)
                db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def after_migration(db: Any, version: int) -> None:
    """What a migration does beyond its tables, on either engine, in the same transaction."""
    if version == 7:
        from .backfill import backfill

        backfill(db)  # existing learners' answers become their first review cards


def statements(script: str) -> list[str]:
    """The SQL statements of a script, one by one (a trigger's body holds semicolons of its own)."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        found.append(pending.strip())
    return found
