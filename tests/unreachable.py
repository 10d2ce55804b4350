"""A store whose database server goes away and comes back, for tests of every face (no PostgreSQL needed).

`ServerDown(store)` puts itself between the store and its connection: while `down` is set, every call raises
engine.Unreachable, as PgDatabase does when the server cannot be reached (reads and writes alike).
"""

from __future__ import annotations

from typing import Any

from mhcourse.progress.store.engine import Unreachable

WHERE = "mhcourse on db.example"


class ServerDown:
    def __init__(self, store: Any) -> None:
        self.store = store
        self.inner = store.db
        self.down = False
        self.refused = 0
        store.db = self

    def fail(self) -> None:
        self.refused += 1
        raise Unreachable(WHERE, "connection refused")

    def execute(self, *args: Any) -> Any:
        if self.down:
            self.fail()
        return self.inner.execute(*args)

    def executemany(self, *args: Any) -> Any:
        if self.down:
            self.fail()
        return self.inner.executemany(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
