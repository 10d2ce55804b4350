"""The two store engines: SQLite (a file in the data folder, the default) and PostgreSQL (one record shared
by many machines, `[store] url`). The store's SQL is written once, in SQLite's spelling with `?` and
`:name` parameters; `Dialect` holds the few phrases that differ, and `PgDatabase` lets PostgreSQL answer
the same calls as an sqlite3 connection, so every part of Store runs unchanged on both.

psycopg is imported only when a PostgreSQL URL is opened: a single PC never loads it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...errors import SaveFailed, StoreError
from ...i18n import _
from ...site.store_url import where_of
from ..faults import Conflict

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

CONNECT_TIMEOUT_SECONDS = 5
STATEMENT_TIMEOUT_MS = 30_000
"""A statement that runs longer is stopped (a lock held by a crashed machine must not hang a learner)."""


@dataclass(frozen=True)
class Dialect:
    """The phrases that differ between the engines; everything else in the store's SQL is the same."""

    name: str
    time: str
    """An ISO time column as a comparable time: `{}` is the column."""
    joined: str
    """Text values of a group joined with the unit separator: `{}` is the column."""
    newest_certificate: str
    """The column that orders a profile's certificates by when they were added."""

    def at(self, column: str) -> str:
        return self.time.format(column)

    def join(self, column: str) -> str:
        return self.joined.format(column)


SQLITE = Dialect("sqlite", "datetime({})", "group_concat({}, char(31))", "rowid")
POSTGRES = Dialect("postgresql", "CAST({} AS timestamptz)", "string_agg({}, chr(31))", "seq")


class Unreachable(SaveFailed):
    """The database server cannot be reached (network down, server restarting, wrong password)."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(_("the shared progress database ({where}) cannot be reached: {why}").format(
            where=where, why=why), _("Check the network, or ask a facilitator; choose Retry when it is back"),
            _("everything saved before is kept"), passing=True)
        self.where = where
        self.why = why


_PARAMETER = re.compile(r"\?|(?<![:\w]):([A-Za-z_]\w*)")


def translate(sql: str) -> str:
    """SQLite's parameters (`?`, `:name`) in psycopg's spelling (`%s`, `%(name)s`); a literal % doubled."""
    sql = sql.replace("%", "%%")
    return _PARAMETER.sub(lambda m: "%s" if m.group(0) == "?" else f"%({m.group(1)})s", sql)


class PgDatabase:
    """A PostgreSQL connection that answers like the store's sqlite3 connection (execute, executemany,
    in_transaction, close), reconnecting by itself when the server is back. Autocommit is on: the store
    says BEGIN and COMMIT itself, as it does on SQLite."""

    def __init__(self, url: str, pool_size: int = 1) -> None:
        self.url = url
        self.where = where_of(url)
        self._local = threading.local()
        self._sql: dict[str, str] = {}
        self._pool: ConnectionPool[Any] | None = None
        self.connection()  # the address, the password and the server checked here, with libpq's own words
        if pool_size > 1:
            self._pool = _pool(url, pool_size)

    @property
    def _connection(self) -> psycopg.Connection[Any] | None:
        """This thread's connection: with a pool (mhcourse serve), each of the store's threads holds its own."""
        return getattr(self._local, "connection", None)

    def connection(self) -> psycopg.Connection[Any]:
        """The open connection, made again when the last one was lost (outside a transaction only)."""
        import psycopg

        current = self._connection
        if current is not None and not current.closed and not current.broken:
            return current
        try:
            if self._pool is None:
                fresh = psycopg.connect(self.url, autocommit=True, **_defaults(self.url))
            else:
                if current is not None:
                    self._pool.putconn(current)  # a broken one is thrown away, and replaced in the background
                fresh = self._pool.getconn()
        except psycopg.Error as err:
            raise Unreachable(self.where, _reason(err)) from None
        except Exception as err:  # noqa: BLE001 (psycopg_pool's PoolTimeout: no server within the timeout)
            raise Unreachable(self.where, _("no answer within {seconds} seconds").format(
                seconds=CONNECT_TIMEOUT_SECONDS)) from err
        self._local.connection = fresh
        return fresh

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        connection = self._connection
        if connection is None or connection.closed:
            return False
        return connection.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        query = self._sql.get(sql) or self._sql.setdefault(sql, translate(sql))
        with _errors(self):
            cursor = self.connection().cursor()
            cursor.execute(query, parameters or None)
        return Cursor(cursor, self)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with _errors(self):
            self.connection().cursor().executemany(translate(sql), list(rows))

    def script(self, statements: Iterable[str]) -> None:
        """Statements as written for PostgreSQL (DDL, PL/pgSQL), run as they are."""
        with _errors(self):
            connection = self.connection()
            for statement in statements:
                connection.execute(statement)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._connection is not None and not self._connection.closed:  # the opening thread's own
            self._connection.close()


class Cursor:
    """A psycopg cursor with sqlite3's reading calls, whose errors are the store's."""

    def __init__(self, cursor: psycopg.Cursor[Any], database: PgDatabase) -> None:
        self._cursor = cursor
        self._database = database

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> Any:
        if self._cursor.description is None:
            return None
        with _errors(self._database):
            return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        if self._cursor.description is None:
            return []
        with _errors(self._database):
            return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


@contextmanager
def _errors(database: PgDatabase) -> Iterator[None]:
    """psycopg's errors as the store's: a conflict to try again, a lost server, or a plain StoreError."""
    import psycopg

    try:
        yield
    except psycopg.Error as error:
        if error.sqlstate in ("40001", "40P01"):
            raise Conflict(str(error)) from None
        connection = database._connection
        lost = connection is None or connection.broken or connection.closed
        if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)) and lost:
            raise Unreachable(database.where, _reason(error)) from None
        if error.sqlstate == "57014":  # statement_timeout
            raise SaveFailed(_("the shared progress database took too long to answer"),
                             _("Wait a moment and try that step again; if it keeps happening, ask a facilitator"),
                             _("everything saved before is kept"), passing=True) from None
        raise StoreError(_("The shared progress database ({where}) refused a change: {why}.").format(
            where=database.where, why=_reason(error))) from None


def _pool(url: str, size: int) -> ConnectionPool[Any]:
    """A small pool for `mhcourse serve`: one connection for each of the store's threads, checked before use,
    replaced in the background when the server went away."""
    from psycopg_pool import ConnectionPool

    return ConnectionPool(url, min_size=1, max_size=size, kwargs={"autocommit": True, **_defaults(url)},
                          check=ConnectionPool.check_connection, timeout=CONNECT_TIMEOUT_SECONDS,
                          reconnect_timeout=60, name="mhcourse", open=True)


def _reason(error: BaseException) -> str:
    """The first line of the server's or libpq's words, which never hold the password."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _defaults(url: str) -> dict[str, Any]:
    """Timeouts and keepalives unless the URL sets its own: nothing hangs for minutes on a lost network."""
    from psycopg.conninfo import conninfo_to_dict

    given = conninfo_to_dict(url)
    wanted: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "keepalives": 1, "keepalives_idle": 15, "keepalives_interval": 5, "keepalives_count": 3,
        "application_name": "mhcourse",
    }
    options = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c TimeZone=UTC"
    found = {key: value for key, value in wanted.items() if key not in given}
    found["options"] = f"{given['options']} {options}" if given.get("options") else options
    return found
