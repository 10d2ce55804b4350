"""The store's tables, and the forward migrations between schema versions (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3

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

MIGRATIONS: list[str] = [VERSION_1, VERSION_2]
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
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
