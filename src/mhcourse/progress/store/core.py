"""The store's ground floor: the connection, transactions, the clock, and opening the file.

Every change runs in `BEGIN IMMEDIATE` on a connection with isolation_level=None (Python's
implicit deferred transactions fail with "database is locked" when a read turns into a
write). WAL lets readers and one writer work at once; synchronous=FULL makes a commit
survive a crash. The schema version lives in PRAGMA user_version. A damaged file is moved
aside, never deleted; a file from a newer mhcourse is refused and left as it is.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, Self

from ...errors import SaveFailed, StoreError
from ...files import replacing
from ...i18n import _
from ..faults import refuse_special_file, save_failed
from ..modes import private_folder, private_store_file
from ..moments import moment, now
from .engine import POSTGRES, SQLITE, PgDatabase, Unreachable
from .schema import SCHEMA_VERSION, migrate

DB_NAME = "progress.db"
SQLITE_MAGIC = b"SQLite format 3\x00"


def _busy_timeout_ms(default: int = 15_000) -> int:
    """How long a change waits for another process's lock: MHCOURSE_BUSY_TIMEOUT_MS (for tests), else 15 s."""
    raw = os.environ.get("MHCOURSE_BUSY_TIMEOUT_MS", "").strip()
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 600_000 else default


BUSY_TIMEOUT_MS = _busy_timeout_ms()


def utc_now() -> str:
    """Now, as the store keeps times (MHCOURSE_TODAY moves it, moments.now)."""
    return now().isoformat(timespec="seconds")


def parse_time(stamp: str | None) -> datetime | None:
    """An ISO time as kept (a time without a zone is UTC), or None when there is none or it cannot be read."""
    if not stamp:
        return None
    try:
        return moment(stamp)
    except (TypeError, ValueError):
        return None


def loads(raw: str | None, default: Any) -> Any:
    """A JSON column's value; `default` when it is empty or cannot be read (a bad value never crashes a face)."""
    try:
        return json.loads(raw) if raw else default
    except (ValueError, TypeError):
        return default


def inserted_id(cursor: Any) -> int:
    """The id the database gave the row an `INSERT ... RETURNING id` just made."""
    row = cursor.fetchone()
    if row is None:
        raise sqlite3.OperationalError("the row was not inserted")
    return int(row[0])


class StoreCore:
    """One learner database: its connection, transactions and clock. Every part of Store builds on this."""

    def __init__(self, connection: sqlite3.Connection | PgDatabase, path: Path | None,
                 clock: Callable[[], str] = utc_now, notice: str | None = None,
                 now_seconds: Callable[[], float] = time.time) -> None:
        self.db: Any = connection
        self.sql = POSTGRES if isinstance(connection, PgDatabase) else SQLITE
        """The engine's own phrases (engine.Dialect)."""
        self.path = path
        self.clock = clock
        self.notice = notice
        """A plain-words message for the learner, e.g. that a damaged file was moved aside."""
        self.now_seconds = now_seconds
        """Wall-clock seconds (time.time) for PIN locks, which must outlive the app; injectable for tests."""

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, clock: Callable[[], str] = utc_now,
             now_seconds: Callable[[], float] = time.time, *, shared: bool = False) -> Self:
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
                raise StoreError(_("The progress file {path} cannot be opened: {err}.").format(
                    path=path, err=err)) from None
            try:
                moved = _move_aside(path)
            except OSError as move_err:
                raise StoreError(_("The progress file {path} is damaged and could not be moved aside ({why}); it was "
                                   "left as it is.").format(path=path, why=move_err.strerror or move_err)) from None
            notice = _("Your progress file could not be read, so it was moved aside to {name} (nothing was deleted) "
                       "and a new one was started.").format(name=moved.name)
            try:
                return cls(_connect(path), path, clock, notice, now_seconds)
            except sqlite3.Error as again:
                raise StoreError(_("The progress file {path} cannot be created: {err}.").format(
                    path=path, err=again)) from None

    @classmethod
    def connect(cls, url: str, clock: Callable[[], str] = utc_now,
                now_seconds: Callable[[], float] = time.time, *, pool_size: int = 1) -> Self:
        """The shared record in the PostgreSQL database at `url`, brought to this version's schema.

        Raises StoreError naming the host (never the password) when it cannot be reached, and leaves a
        database from a newer mhcourse untouched. `pool_size` > 1 (mhcourse serve) keeps a small pool, one
        connection for each thread that calls the store.
        """
        from ...site.store_url import url_problems
        from . import pg_schema

        for problem in url_problems(url, in_a_file=False):
            raise StoreError(_("The shared progress store cannot be used: {problem}. Check the [store] url (or "
                               "MHCOURSE_STORE_URL).").format(problem=problem))
        try:
            db = PgDatabase(url, pool_size)
        except Unreachable as err:
            raise StoreError(_("The shared progress database ({where}) cannot be reached: {why}. Check the "
                               "network and the [store] url (or MHCOURSE_STORE_URL), or ask whoever runs the "
                               "database.").format(where=err.where, why=err.why)) from None
        try:
            found = pg_schema.version(db)
            if found > SCHEMA_VERSION:
                raise StoreError(_("The shared progress database ({where}) was written by a newer version of "
                                   "mhcourse. Update mhcourse on this computer to use it; the database was left "
                                   "as it is.").format(where=db.where))
            pg_schema.migrate(db, SCHEMA_VERSION)
        except BaseException:
            db.close()
            raise
        return cls(db, None, clock, now_seconds=now_seconds)

    @classmethod
    def new_file(cls, path: Path, clock: Callable[[], str] = utc_now) -> Self:
        """A progress file at `path`, empty or new, outside any data folder: a portable copy of a record
        (`mhcourse store copy --to FILE`). Call seal() once it is whole."""
        return cls(_connect(Path(path)), Path(path), clock)

    def seal(self) -> None:
        """Make this file whole on its own (no WAL file beside it), ready to carry or keep, and close it."""
        try:
            self.db.execute("PRAGMA journal_mode = DELETE")
        finally:
            self.close()

    @property
    def where(self) -> str:
        """The record, in plain words: the progress file, or the shared database (never its password)."""
        if isinstance(self.db, PgDatabase):
            return self.db.where
        return str(self.path) if self.path is not None else _("memory only")

    @classmethod
    def in_memory(cls, clock: Callable[[], str] = utc_now, now_seconds: Callable[[], float] = time.time) -> Self:
        """A store that writes nothing to disk: for guest sessions and author previews."""
        return cls(_connect(None), None, clock, now_seconds=now_seconds)

    @classmethod
    def open_read_only(cls, path: Path) -> Self | None:
        """The progress file at `path` (or in the data folder `path`) to read only, as it is, or None when there
        is none: nothing is created, migrated or written, so a file of an older schema is read as it is.

        For the facilitator's report and `certificate verify`: a facilitator who names the wrong folder
        must be told so, not find an empty progress file made there.
        """
        path = Path(path)
        if path.is_dir():
            path = path / DB_NAME
        if not path.exists():
            return None
        problem = refuse_special_file(path, "The progress file")  # reading a named pipe would wait for ever
        if problem:
            raise StoreError(f"{problem}.")
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                             isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA query_only = ON")
            _refuse_newer(db, path)
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One change, all or nothing; raises SaveFailed (a StoreError) when the disk is full, the
        file read-only, the lock held too long or the disk failed, with plain words for the learner.
        On PostgreSQL the change runs at REPEATABLE READ: it sees one snapshot, and when two machines change
        the same row (a PIN count, a tally row) the second raises Conflict, which the method's @change tries
        again, so no change is lost; what must be unique, the database's constraints keep unique.
        (SERIALIZABLE also checks what each change read, and flagged false clashes between machines adding
        answers side by side: about one answer in five was tried again with four machines.)"""
        if self.sql is POSTGRES:
            if self.db.in_transaction:
                # PostgreSQL would only warn, and the inner COMMIT would end the outer change half-way:
                # refused, as SQLite refuses a transaction within a transaction.
                raise SaveFailed(_("a change was begun inside another change"),
                                 _("Ask a facilitator to report this"), _("everything saved before is kept"))
            with self._shared_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ"):
                yield self.db
            return
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

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees the file as it was at the first one, so a learner
        saving meanwhile never yields half an attempt or counts that disagree. Inside another transaction,
        that one is used."""
        if self.sql is POSTGRES:
            if self.db.in_transaction:
                yield self.db
                return
            with self._shared_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"):
                yield self.db
            return
        started = not self.db.in_transaction
        if started:
            self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            if started and self.db.in_transaction:
                self.db.execute("COMMIT")

    @contextmanager
    def _shared_transaction(self, begin: str) -> Iterator[None]:
        self.db.execute(begin)
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                with suppress(StoreError):  # the connection is gone, and the transaction with it: report the first
                    self.db.execute("ROLLBACK")
            raise

    def has_table(self, name: str) -> bool:
        """Whether the file has the table: one opened read-only is not migrated, and may be older."""
        if self.sql is POSTGRES:
            return bool(self.db.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0])
        found = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return found.fetchone() is not None

    # -- backups ---------------------------------------------------------------------------

    def backup(self, target: Path) -> None:
        """A consistent copy made with SQLite's backup API (copying progress.db alone would miss the WAL).

        The copy (readable by its owner only) is written beside `target` and renamed over it at the
        end, so a failed backup leaves no half-written file and an older backup at `target` stays
        until the new one is whole.
        Raises ValueError when `target` is this store's own file, OSError/sqlite3.Error when it cannot be written.
        """
        if self.sql is POSTGRES:
            raise StoreError(_("The progress record is the shared database ({where}): back it up with the "
                               "database's own tool (pg_dump), or write a portable copy with "
                               "`mhcourse store copy --to FILE`.").format(where=self.where))
        target = Path(target)
        if self.path is not None and is_store_file(target, self.path.parent):
            raise ValueError(_("{target} is the progress file itself; choose another place for the backup").format(
                target=target))
        with replacing(target) as partial:  # learners' answers: private
            destination = sqlite3.connect(partial, isolation_level=None)
            try:
                self.db.backup(destination)
                destination.execute("PRAGMA journal_mode = DELETE")
            finally:
                destination.close()


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
        raise StoreError(_("The progress file {path} was written by a newer version of mhcourse. "
                           "Update mhcourse to use it; the file was left as it is.").format(path=path))


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
        raise StoreError(_("The data folder {folder} is a file, not a folder; choose a folder for --data-dir "
                           "(or MHCOURSE_DATA_DIR).").format(folder=data_dir))
    if in_the_way is not None:
        raise StoreError(_("The data folder {folder} cannot be created: {part} is a file, not a folder. "
                           "Choose another folder with --data-dir or MHCOURSE_DATA_DIR.").format(
                               folder=data_dir, part=in_the_way))
    created = not data_dir.exists()
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(_("The data folder {folder} cannot be created: {why}. "
                           "Choose another with --data-dir or MHCOURSE_DATA_DIR.").format(
                               folder=data_dir, why=err.strerror or err)) from None
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise StoreError(_("The data folder {folder} is not writable, so progress cannot be saved. Choose another "
                           "with --data-dir or MHCOURSE_DATA_DIR, or ask whoever runs this computer.").format(
                               folder=data_dir))
    return created


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing part of `folder`'s path when it is not a folder (mkdir says only "File exists")."""
    for part in (folder, *folder.parents):
        if os.path.exists(part):
            return None if os.path.isdir(part) else part
    return None
