"""The progress store: SQLite in the data folder, one transaction per change, nothing ever lost.

Every change runs in `BEGIN IMMEDIATE` on a connection with isolation_level=None (Python's
implicit deferred transactions fail with "database is locked" when a read turns into a
write). WAL lets readers and one writer work at once; synchronous=FULL makes a commit
survive a crash. The schema version lives in PRAGMA user_version.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ProfileError, StoreError
from ..files import replacing
from ..learning.progress import ModuleRecord, Place
from ..learning.quiz import Attempt, QuizPlan
from .faults import save_failed
from .modes import private_folder, private_store_file
from .names import invisible
from .pins import (  # noqa: F401 (kept importable from here)
    LOCK_STEPS,
    MAX_PIN,
    MIN_PIN,
    PIN_LOCK_SECONDS,
    PIN_TRIES,
    PinCheck,
    PinLocks,
    clean_pin,
    hash_pin,
    lock_seconds,
    verify_pin,
)
from .profile import Profile
from .schema import SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    from ..content.models import Module

DB_NAME = "progress.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_NAME = 40


def _busy_timeout_ms(default: int = 15_000) -> int:
    """How long a change waits for another process's lock: MHCOURSE_BUSY_TIMEOUT_MS (for tests), else 15 s."""
    raw = os.environ.get("MHCOURSE_BUSY_TIMEOUT_MS", "").strip()
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 600_000 else default


BUSY_TIMEOUT_MS = _busy_timeout_ms()

MAX_SETTING = 200
"""The longest setting value kept: a theme name or a country code is a few letters."""



@dataclass(frozen=True)
class CertificateRecord:
    """One certificate this machine issued, as the register keeps it."""

    ref: str
    profile_id: int | None
    """None once the profile was deleted (the register entry stays, so the certificate can still be verified)."""
    name: str
    """The learner's name as printed on the certificate."""
    organization: str
    issued: str
    """ISO time of issue."""
    modules: list[dict[str, Any]] = field(default_factory=list)
    """What was certified: id, title, status ('passed' | 'waived'), date (ISO or None), score ('9/10' or None)."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_name(name: str) -> str:
    """A display name as kept: trimmed, single-spaced, NFC; raises ProfileError when empty or too long."""
    cleaned = unicodedata.normalize("NFC", " ".join(name.split()))
    if not cleaned:
        raise ProfileError("A name needs at least one letter or number.")
    if len(cleaned) > MAX_NAME:
        raise ProfileError(f"Please keep the name to {MAX_NAME} characters or fewer.")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned):
        raise ProfileError("The name has a control character in it; please type it again.")
    if any(invisible(c) for c in cleaned):
        raise ProfileError("The name has an invisible character in it (one that shows as nothing, or changes how "
                           "text is joined or which way it runs). Please type it again with letters, numbers and "
                           "spaces only.")
    return cleaned


def name_key(name: str) -> str:
    """Names are unique regardless of case: 'Robin' and 'ROBIN' are the same profile.

    The key is NFKC case-folded, so names that look the same ('Zoë' typed either way,
    full-width letters) are one name too.
    """
    return _fold(clean_name(name))


def _fold(cleaned: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", cleaned).casefold())


def _parse_time(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class Store(PinLocks):
    """One learner database. Open with Store.open(data_dir); Store.in_memory() keeps nothing on disk."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None, clock: Callable[[], str] = utc_now,
                 notice: str | None = None, now_seconds: Callable[[], float] = time.time) -> None:
        self.db = connection
        self.path = path
        self.clock = clock
        self.notice = notice
        """A plain-words message for the learner, e.g. that a damaged file was moved aside."""
        self.now_seconds = now_seconds
        """Wall-clock seconds (time.time) for PIN locks, which must outlive the app; injectable for tests."""

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, clock: Callable[[], str] = utc_now,
             now_seconds: Callable[[], float] = time.time, *, shared: bool = False) -> Store:
        """Open (or create) the store in data_dir; a damaged file is moved aside and a fresh store started.

        The folder and the files are this account's alone (0700, 0600), unless `shared` (a folder
        several accounts share, progress/shared.py), whose modes are left as they are.
        """
        created = _ensure_folder(data_dir)
        path = data_dir / DB_NAME
        if not shared:
            private_folder(data_dir, created)
        private_store_file(path, shared)
        try:
            _inspect(path)
            return cls(_connect(path), path, clock, now_seconds=now_seconds)
        except sqlite3.DatabaseError as err:
            if isinstance(err, sqlite3.OperationalError) and not _is_damage(err):
                raise StoreError(f"The progress file {path} cannot be opened: {err}.") from None
            try:
                moved = _move_aside(path)
            except OSError as move_err:
                raise StoreError(f"The progress file {path} is damaged and could not be moved aside "
                                 f"({move_err.strerror or move_err}); it was left as it is.") from None
            notice = (f"Your progress file could not be read, so it was moved aside to {moved.name} "
                      f"(nothing was deleted) and a new one was started.")
            try:
                return cls(_connect(path), path, clock, notice, now_seconds)
            except sqlite3.Error as again:
                raise StoreError(f"The progress file {path} cannot be created: {again}.") from None

    @classmethod
    def in_memory(cls, clock: Callable[[], str] = utc_now, now_seconds: Callable[[], float] = time.time) -> Store:
        """A store that writes nothing to disk: for guest sessions and author previews."""
        return cls(_connect(None), None, clock, now_seconds=now_seconds)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One change, all or nothing; raises SaveFailed (a StoreError) when the disk is full, the
        file read-only, the lock held too long or the disk failed, with plain words for the learner."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                # SQLite ends the transaction itself after some errors (disk full, I/O): only roll back
                # what is still open, so the original error is the one reported.
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as err:
            raise save_failed(err) from err

    # -- profiles ------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        rows = self.db.execute(
            "SELECT id, name, created, last_used, pin_hash IS NOT NULL FROM profiles ORDER BY last_used DESC, name_key"
        )
        return [Profile(*row[:4], bool(row[4])) for row in rows]

    def profile(self, name: str) -> Profile | None:
        """The profile called `name` in any case (a lookup is not held to the length limit)."""
        cleaned = unicodedata.normalize("NFC", " ".join(name.split()))
        if not cleaned or any(unicodedata.category(c) == "Cs" for c in cleaned):
            return None
        key = _fold(cleaned)
        row = self.db.execute(
            "SELECT id, name, created, last_used, pin_hash IS NOT NULL FROM profiles WHERE name_key = ?", (key,)
        ).fetchone()
        return Profile(*row[:4], bool(row[4])) if row else None

    def profile_by_id(self, profile_id: int) -> Profile | None:
        row = self.db.execute(
            "SELECT id, name, created, last_used, pin_hash IS NOT NULL FROM profiles WHERE id = ?", (profile_id,)
        ).fetchone()
        return Profile(*row[:4], bool(row[4])) if row else None

    def create_profile(self, name: str, pin: str | None = None) -> Profile:
        """Make a profile, with its PIN (hashed) in the same transaction when one is given, so a site
        that requires PINs never holds a moment's profile without one."""
        display = clean_name(name)
        stored = None if pin is None else hash_pin(pin)
        now = self.clock()
        try:
            with self.transaction() as db:
                cursor = db.execute(
                    "INSERT INTO profiles (name, name_key, created, last_used, pin_hash) VALUES (?, ?, ?, ?, ?)",
                    (display, name_key(display), now, now, stored),
                )
        except sqlite3.IntegrityError:
            raise ProfileError(f"There is already a profile called '{display}'. Choose it, or pick another name.") from None
        return Profile(int(cursor.lastrowid), display, now, now, stored is not None)

    def rename_profile(self, profile_id: int, new_name: str) -> None:
        display = clean_name(new_name)
        try:
            with self.transaction() as db:
                db.execute("UPDATE profiles SET name = ?, name_key = ? WHERE id = ?", (display, name_key(display), profile_id))
        except sqlite3.IntegrityError:
            raise ProfileError(f"There is already a profile called '{display}'.") from None

    def delete_profile(self, profile_id: int) -> None:
        """Erase the profile and every row that belongs to it (foreign keys cascade)."""
        with self.transaction() as db:
            db.execute("DELETE FROM profiles WHERE id = ?", (profile_id,))

    def touch(self, profile_id: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE profiles SET last_used = ? WHERE id = ?", (self.clock(), profile_id))

    def setting(self, profile_id: int, key: str, default: str | None = None) -> str | None:
        """A profile's setting: text (a theme name, a country code) or None when it was cleared.

        Anything else (a list or a table from a hand-edited import, or an older version) gives
        `default`, so a bad value already in a database can never reach a face and crash it.
        """
        row = self.db.execute("SELECT settings FROM profiles WHERE id = ?", (profile_id,)).fetchone()
        settings = _json(row[0], {}) if row else {}
        if not isinstance(settings, dict) or key not in settings:
            return default
        return settings[key] if usable_setting(settings[key]) else default

    def set_setting(self, profile_id: int, key: str, value: Any) -> None:
        with self.transaction() as db:
            row = db.execute("SELECT settings FROM profiles WHERE id = ?", (profile_id,)).fetchone()
            settings = _json(row[0], {}) if row else {}
            settings = settings if isinstance(settings, dict) else {}  # not a table: nothing in it could be read
            settings[key] = value
            db.execute("UPDATE profiles SET settings = ? WHERE id = ?", (json.dumps(settings), profile_id))

    def inactive_profiles(self, inactive_days: int) -> list[Profile]:
        """Profiles with nothing done for at least `inactive_days` days (by the store's clock), oldest first.

        Any activity counts, not only last_used: a lesson, an answer, a check, a scenario or a
        confidence answer newer than the cut-off keeps the profile. A profile whose times cannot
        be read is kept.
        """
        if inactive_days < 0:
            raise ValueError("inactive_days cannot be negative")
        now = _parse_time(self.clock())
        if now is None:
            raise ValueError(f"the store's clock gave a time that cannot be read: {self.clock()!r}")
        cutoff = now - timedelta(days=inactive_days)
        found = []
        for row in self.db.execute(_ACTIVITY_SQL):
            latest = [t for t in (_parse_time(s) for s in row[5:]) if t is not None]
            if latest and max(latest) < cutoff:
                found.append((max(latest), Profile(*row[:4], bool(row[4]))))
        return [p for _, p in sorted(found, key=lambda item: item[0])]

    def prune_profiles(self, inactive_days: int) -> list[str]:
        """Erase every profile unused for `inactive_days` days, in one transaction; returns the names erased.

        Certificates they were issued stay in the register (see schema.VERSION_2).
        """
        with self.transaction() as db:
            gone = self.inactive_profiles(inactive_days)
            db.executemany("DELETE FROM profiles WHERE id = ?", [(p.id,) for p in gone])
        return [p.name for p in gone]

    # -- lessons, places, waivers ----------------------------------------------------------

    def lesson_opened(self, profile_id: int, module_id: str, lesson_id: str) -> None:
        """Record that a lesson was opened, and make it the place to continue from."""
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO lessons (profile_id, module_id, lesson_id, opened) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (profile_id, module_id, lesson_id) DO NOTHING",
                (profile_id, module_id, lesson_id, now),
            )
            _save_place(db, profile_id, Place(module_id, "lesson", lesson_id), now)

    def lesson_completed(self, profile_id: int, module_id: str, lesson_id: str) -> None:
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO lessons (profile_id, module_id, lesson_id, opened, completed) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (profile_id, module_id, lesson_id) DO UPDATE SET completed = COALESCE(completed, excluded.completed)",
                (profile_id, module_id, lesson_id, now, now),
            )

    def save_place(self, profile_id: int, place: Place) -> None:
        with self.transaction() as db:
            _save_place(db, profile_id, place, self.clock())

    def place(self, profile_id: int) -> Place | None:
        row = self.db.execute("SELECT module_id, kind, item_id FROM places WHERE profile_id = ?", (profile_id,)).fetchone()
        return Place(*row) if row else None

    def set_waived(self, profile_id: int, module_id: str, waived: bool) -> None:
        """Skip a module at its content note (waived), or take the skip back."""
        with self.transaction() as db:
            if waived:
                db.execute(
                    "INSERT INTO waivers (profile_id, module_id, waived) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (profile_id, module_id, self.clock()),
                )
            else:
                db.execute("DELETE FROM waivers WHERE profile_id = ? AND module_id = ?", (profile_id, module_id))

    def note_read(self, profile_id: int, module_id: str) -> None:
        """The learner read the module's content note and chose to go on: kept, and any skip taken back."""
        with self.transaction() as db:
            db.execute("INSERT INTO notes_read (profile_id, module_id, read) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       (profile_id, module_id, self.clock()))
            db.execute("DELETE FROM waivers WHERE profile_id = ? AND module_id = ?", (profile_id, module_id))

    # -- quiz attempts ---------------------------------------------------------------------

    def start_attempt(self, profile_id: int, module_id: str, plan: QuizPlan, pass_mark: float) -> Attempt:
        now = self.clock()
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO attempts (uid, profile_id, module_id, started, plan, pass_mark) VALUES (?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, profile_id, module_id, now, json.dumps(plan.to_list()), pass_mark),
            )
            _save_place(db, profile_id, Place(module_id, "quiz"), now)
        return Attempt(int(cursor.lastrowid), module_id, plan)

    def record_answer(self, attempt_id: int, question_id: str, answer: Any, correct: bool, shown: str = "") -> None:
        """Keep one answer; answering the same question of the same attempt again replaces it.

        `shown` is the prompt as the learner saw it; `answer` holds the texts they chose.
        """
        with self.transaction() as db:
            position = db.execute("SELECT COUNT(*) FROM answers WHERE attempt_id = ?", (attempt_id,)).fetchone()[0]
            db.execute(
                "INSERT INTO answers (attempt_id, question_id, position, given, correct, shown, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, question_id) DO UPDATE SET "
                "given = excluded.given, correct = excluded.correct, shown = excluded.shown, answered = excluded.answered",
                (attempt_id, question_id, position, json.dumps(answer), int(correct), shown, self.clock()),
            )

    def finish_attempt(self, attempt_id: int, right: int, total: int, passed: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE attempts SET finished = ?, right_count = ?, total = ?, passed = ? WHERE id = ? AND finished IS NULL",
                (self.clock(), right, total, int(passed), attempt_id),
            )

    def unfinished_attempt(self, profile_id: int, module_id: str) -> Attempt | None:
        """The newest attempt not yet finished, with its order and answers, so it resumes as it was."""
        row = self.db.execute(
            "SELECT id, plan FROM attempts WHERE profile_id = ? AND module_id = ? AND finished IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (profile_id, module_id),
        ).fetchone()
        if row is None:
            return None
        plan = QuizPlan.from_list(_json(row[1], []))
        return Attempt(row[0], module_id, plan, self.attempt_answers(row[0]))

    def attempt_answers(self, attempt_id: int) -> dict[str, Any]:
        rows = self.db.execute("SELECT question_id, given FROM answers WHERE attempt_id = ? ORDER BY position", (attempt_id,))
        return {q: _json(g, None) for q, g in rows}

    def attempts(self, profile_id: int, module_id: str) -> list[dict[str, Any]]:
        """Finished attempts, oldest first: started, finished, right, total, passed."""
        rows = self.db.execute(
            "SELECT id, started, finished, right_count, total, passed FROM attempts "
            "WHERE profile_id = ? AND module_id = ? AND finished IS NOT NULL ORDER BY id",
            (profile_id, module_id),
        )
        keys = ("id", "started", "finished", "right", "total", "passed")
        return [dict(zip(keys, row)) for row in rows]

    # -- knowledge checks and scenarios ------------------------------------------------------

    def record_check(self, profile_id: int, module_id: str, lesson_id: str, question_id: str, answer: Any, correct: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO checks (uid, profile_id, module_id, lesson_id, question_id, given, correct, answered) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, profile_id, module_id, lesson_id, question_id, json.dumps(answer), int(correct), self.clock()),
            )

    def record_scenario_run(self, profile_id: int, module_id: str, scenario_id: str, path: list[dict[str, Any]],
                            ending: str | None, started: str | None = None) -> None:
        """Keep a finished run of a scenario: the path taken and the ending reached."""
        now = self.clock()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO scenario_runs (uid, profile_id, module_id, scenario_id, started, finished, path, ending) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, profile_id, module_id, scenario_id, started or now, now, json.dumps(path), ending),
            )

    def scenario_runs(self, profile_id: int, module_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT scenario_id, finished, path, ending FROM scenario_runs WHERE profile_id = ? AND module_id = ? ORDER BY id",
            (profile_id, module_id),
        )
        return [{"scenario": s, "finished": f, "path": _json(p, []), "ending": e} for s, f, p, e in rows]

    # -- confidence checks -------------------------------------------------------------------

    def record_confidence(self, profile_id: int, module_id: str, stage: str, value: int | None) -> None:
        """Keep a one-question confidence answer: 1-5, or None when the learner skipped it.

        'before' (asked before a module's first lesson) keeps the first answer, so the baseline
        is never taken after some learning; 'after' (asked after the quiz) keeps the latest.
        """
        if stage not in ("before", "after"):
            raise ValueError(f"stage must be 'before' or 'after', not {stage!r}")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5):
            raise ValueError(f"a confidence answer is 1 to 5 or None, not {value!r}")
        keep = "DO NOTHING" if stage == "before" else "DO UPDATE SET value = excluded.value, answered = excluded.answered"
        with self.transaction() as db:
            db.execute(
                "INSERT INTO confidence (profile_id, module_id, stage, value, answered) VALUES (?, ?, ?, ?, ?) "
                f"ON CONFLICT (profile_id, module_id, stage) {keep}",
                (profile_id, module_id, stage, value, self.clock()),
            )

    def confidence(self, profile_id: int, module_id: str) -> dict[str, int | None]:
        """The stages answered (or skipped: None) for one module, e.g. {'before': 2}."""
        rows = self.db.execute("SELECT stage, value FROM confidence WHERE profile_id = ? AND module_id = ?",
                               (profile_id, module_id))
        return dict(rows.fetchall())

    # -- certificates ----------------------------------------------------------------------

    def issue_certificate(self, profile_id: int, name: str, organization: str, modules: list[dict[str, Any]],
                          make_ref: Callable[[], str]) -> CertificateRecord:
        """Record a certificate in the register and return it.

        When this profile's newest certificate certifies exactly the same (name, organization and
        modules), that one is returned instead, so saving it again as .txt gives the same reference.
        """
        content = json.dumps(modules, sort_keys=True, ensure_ascii=False)
        with self.transaction() as db:
            newest = db.execute(
                "SELECT ref, issued, name, organization, modules FROM certificates WHERE profile_id = ? "
                "ORDER BY rowid DESC LIMIT 1", (profile_id,)
            ).fetchone()
            if newest is not None and tuple(newest[2:]) == (name, organization, content):
                return CertificateRecord(newest[0], profile_id, name, organization, newest[1], json.loads(content))
            issued = self.clock()
            for _ in range(20):
                ref = make_ref()
                try:
                    db.execute(
                        "INSERT INTO certificates (ref, profile_id, name, organization, issued, modules) VALUES (?, ?, ?, ?, ?, ?)",
                        (ref, profile_id, name, organization, issued, content),
                    )
                    break
                except sqlite3.IntegrityError:
                    if db.execute("SELECT 1 FROM certificates WHERE ref = ?", (ref,)).fetchone() is None:
                        raise  # not a clash of references: the profile is gone
            else:
                raise StoreError("Could not find a free certificate reference; please try again.")
        return CertificateRecord(ref, profile_id, name, organization, issued, json.loads(content))

    def find_certificate(self, ref: str) -> CertificateRecord | None:
        row = self.db.execute(
            "SELECT ref, profile_id, name, organization, issued, modules FROM certificates WHERE ref = ?", (ref,)
        ).fetchone()
        return CertificateRecord(*row[:5], _json(row[5], [])) if row else None

    def achieved_on(self, profile_id: int, module: Module) -> str | None:
        """When the module was passed as the rules judge it now: the first finished attempt at its
        current pass mark or, for a module without a quiz, the last of its lessons completed."""
        if module.quiz is None:
            ids = [lesson.id for lesson in module.lessons]
            row = self.db.execute(
                f"SELECT MAX(completed) FROM lessons WHERE profile_id = ? AND module_id = ? "
                f"AND lesson_id IN ({', '.join('?' * len(ids))})",
                (profile_id, module.id, *ids),
            ).fetchone()
        else:
            row = self.db.execute(
                "SELECT finished FROM attempts WHERE profile_id = ? AND module_id = ? AND finished IS NOT NULL "
                "AND total > 0 AND CAST(right_count AS REAL) / total + 1e-9 >= ? ORDER BY id LIMIT 1",
                (profile_id, module.id, module.quiz.pass_mark),
            ).fetchone()
        return row[0] if row else None

    def waived_on(self, profile_id: int, module_id: str) -> str | None:
        row = self.db.execute("SELECT waived FROM waivers WHERE profile_id = ? AND module_id = ?",
                              (profile_id, module_id)).fetchone()
        return row[0] if row else None

    # -- what the learning rules read --------------------------------------------------------

    def records(self, profile_id: int) -> dict[str, ModuleRecord]:
        """Every module's events for one learner, read in a few queries."""
        opened: dict[str, set[str]] = {}
        completed: dict[str, set[str]] = {}
        for module_id, lesson_id, done in self.db.execute(
            "SELECT module_id, lesson_id, completed FROM lessons WHERE profile_id = ?", (profile_id,)
        ):
            opened.setdefault(module_id, set()).add(lesson_id)
            if done:
                completed.setdefault(module_id, set()).add(lesson_id)
        best: dict[str, tuple[float, str, str | None, int]] = {}
        for module_id, right, total, passed, finished in self.db.execute(
            "SELECT module_id, right_count, total, passed, finished FROM attempts "
            "WHERE profile_id = ? AND finished IS NOT NULL ORDER BY id", (profile_id,)
        ):
            fraction = right / total if total else 0.0
            old = best.get(module_id)
            passed_on = old[2] if old and old[2] else (finished if passed else None)
            count = (old[3] if old else 0) + 1
            if old is None or fraction > old[0]:
                best[module_id] = (fraction, f"{right}/{total}", passed_on, count)
            else:
                best[module_id] = (old[0], old[1], passed_on, count)
        started = {m for (m,) in self.db.execute(
            "SELECT DISTINCT module_id FROM attempts WHERE profile_id = ?", (profile_id,))}
        waived = {m for (m,) in self.db.execute("SELECT module_id FROM waivers WHERE profile_id = ?", (profile_id,))}
        noted = {m for (m,) in self.db.execute("SELECT module_id FROM notes_read WHERE profile_id = ?", (profile_id,))}
        played: dict[str, set[str]] = {}
        for module_id, scenario_id in self.db.execute(
            "SELECT DISTINCT module_id, scenario_id FROM scenario_runs WHERE profile_id = ?", (profile_id,)
        ):
            played.setdefault(module_id, set()).add(scenario_id)
        records = {}
        for module_id in set(opened) | set(best) | waived | started | noted | set(played):
            b = best.get(module_id)
            records[module_id] = ModuleRecord(
                lessons_opened=frozenset(opened.get(module_id, ())),
                lessons_completed=frozenset(completed.get(module_id, ())),
                best_fraction=b[0] if b else None,
                best_score=b[1] if b else None,
                passed_on=b[2] if b else None,
                attempts=b[3] if b else (1 if module_id in started else 0),
                waived=module_id in waived,
                note_read=module_id in noted,
                scenarios_done=frozenset(played.get(module_id, ())),
            )
        return records

    # -- backups ---------------------------------------------------------------------------

    def backup(self, target: Path) -> None:
        """A consistent copy made with SQLite's backup API (copying progress.db alone would miss the WAL).

        The copy (readable by its owner only) is written beside `target` and renamed over it at the
        end, so a failed backup leaves no half-written file and an older backup at `target` stays
        until the new one is whole.
        Raises ValueError when `target` is this store's own file, OSError/sqlite3.Error when it cannot be written.
        """
        target = Path(target)
        if self.path is not None and is_store_file(target, self.path.parent):
            raise ValueError(f"{target} is the progress file itself; choose another place for the backup")
        with replacing(target) as partial:  # learners' answers: private
            destination = sqlite3.connect(partial, isolation_level=None)
            try:
                self.db.backup(destination)
                destination.execute("PRAGMA journal_mode = DELETE")
            finally:
                destination.close()


_ACTIVITY_SQL = """
SELECT p.id, p.name, p.created, p.last_used, p.pin_hash IS NOT NULL, p.created, p.last_used,
    (SELECT MAX(COALESCE(completed, opened)) FROM lessons WHERE profile_id = p.id),
    (SELECT MAX(updated) FROM places WHERE profile_id = p.id),
    (SELECT MAX(waived) FROM waivers WHERE profile_id = p.id),
    (SELECT MAX(COALESCE(finished, started)) FROM attempts WHERE profile_id = p.id),
    (SELECT MAX(answers.answered) FROM answers JOIN attempts ON attempts.id = answers.attempt_id
        WHERE attempts.profile_id = p.id),
    (SELECT MAX(answered) FROM checks WHERE profile_id = p.id),
    (SELECT MAX(COALESCE(finished, started)) FROM scenario_runs WHERE profile_id = p.id),
    (SELECT MAX(answered) FROM confidence WHERE profile_id = p.id)
FROM profiles p
"""
"""Each profile with the newest time in every table that holds its activity (compared in Python,
since times written with another offset do not sort as text)."""


def usable_setting(value: Any) -> bool:
    """A setting is text of at most MAX_SETTING characters, or None (cleared); export and import keep to this too."""
    return value is None or (isinstance(value, str) and len(value) <= MAX_SETTING)


def _save_place(db: sqlite3.Connection, profile_id: int, place: Place, now: str) -> None:
    db.execute(
        "INSERT INTO places (profile_id, module_id, kind, item_id, updated) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET module_id = excluded.module_id, kind = excluded.kind, "
        "item_id = excluded.item_id, updated = excluded.updated",
        (profile_id, place.module_id, place.kind, place.item_id, now),
    )
    db.execute("UPDATE profiles SET last_used = ? WHERE id = ?", (now, profile_id))


def _json(raw: str | None, default: Any) -> Any:
    try:
        return json.loads(raw) if raw else default
    except (ValueError, TypeError):
        return default


def _connect(path: Path | None) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:" if path is None else path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                         check_same_thread=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_newer(db, path)
        if path is not None:
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _refuse_newer(db: sqlite3.Connection, path: Path | None) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"The progress file {path} was written by a newer version of mhcourse. "
            "Update mhcourse to use it; the file was left as it is."
        )


def _inspect(path: Path) -> None:
    """Look at an existing progress file without changing it; raise sqlite3.DatabaseError when it is damaged.

    The look is read-only on purpose: a read-write connection to a damaged file would, on
    closing, fold the WAL into it and delete the WAL, so the file moved aside would no longer
    be what was found. SQLite would also take a file of a few bytes for an empty database
    and overwrite it, so the header is checked first.
    """
    if not _looks_like_sqlite(path):
        raise sqlite3.DatabaseError("file is not a database")
    if not path.exists() or path.stat().st_size == 0:
        return
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_newer(db, path)
        _check_integrity(db)
    finally:
        db.close()


def _check_integrity(db: sqlite3.Connection) -> None:
    result = db.execute("PRAGMA quick_check").fetchone()
    if result is None or result[0] != "ok":
        raise sqlite3.DatabaseError(f"damaged: {result[0] if result else 'no answer'}")


def _looks_like_sqlite(path: Path) -> bool:
    """True for a missing or empty file (a fresh start) and for one that starts like an SQLite database."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # let SQLite report what is wrong with it
    return head == b"" or head == SQLITE_MAGIC


STORE_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")
"""progress.db and the files SQLite keeps beside it: writing over any of them loses learners' progress."""


def is_store_file(path: Path, data_dir: Path) -> bool:
    """Whether `path` is one of the store's own files in data_dir, however it is spelt.

    Compared by identity (device and inode), which sees through `..`, symbolic and hard links;
    a file SQLite has not made yet (a -wal between sessions) is compared by its resolved path.
    """
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        target = None
    for suffix in STORE_FILE_SUFFIXES:
        own = Path(data_dir) / f"{DB_NAME}{suffix}"
        try:
            if target is not None and os.path.samestat(target, os.stat(own)):
                return True
        except (OSError, ValueError):
            pass
        try:
            if os.path.realpath(path) == os.path.realpath(own):
                return True
        except (OSError, ValueError):
            pass
    return False


def _is_damage(err: sqlite3.Error) -> bool:
    text = str(err).lower()
    return any(w in text for w in ("not a database", "malformed", "damaged", "corrupt", "disk image"))


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return target


def _ensure_folder(data_dir: Path) -> bool:
    """Make the data folder if missing (True when it was made here); raise StoreError when it cannot be used."""
    in_the_way = _file_in_the_way(data_dir)
    if in_the_way == data_dir:
        raise StoreError(f"The data folder {data_dir} is a file, not a folder; choose a folder for --data-dir "
                         "(or MHCOURSE_DATA_DIR).")
    if in_the_way is not None:
        raise StoreError(f"The data folder {data_dir} cannot be created: {in_the_way} is a file, not a folder. "
                         "Choose another folder with --data-dir or MHCOURSE_DATA_DIR.")
    created = not data_dir.exists()
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"The data folder {data_dir} cannot be created: {err.strerror or err}. "
                         "Choose another with --data-dir or MHCOURSE_DATA_DIR.") from None
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise StoreError(f"The data folder {data_dir} is not writable, so progress cannot be saved. "
                         "Choose another with --data-dir or MHCOURSE_DATA_DIR, or ask whoever runs this computer.")
    return created


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing part of `folder`'s path when it is not a folder (mkdir says only "File exists")."""
    for part in (folder, *folder.parents):
        if os.path.exists(part):
            return None if os.path.isdir(part) else part
    return None
