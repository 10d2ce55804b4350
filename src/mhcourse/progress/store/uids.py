"""The uids of rows that arrive in a merge (an import, a store copy): each kept once per profile."""

from __future__ import annotations

import sqlite3
import uuid

_UID_NAMESPACE = uuid.UUID("6f1d3c52-5a53-4c1e-9d0e-7b0e3f6f4a11")


def own_uid(db: sqlite3.Connection, table: str, uid: str, profile_id: int, key: str) -> tuple[str, int | None]:
    """The uid this profile keeps the row under, and the row's id when the profile has it already.

    Uids are unique across the store. When another profile holds the same uid (an export imported
    here under another name with --as), this profile's copy gets a uid derived from the original and
    the profile's name, the same every time, so a second import still adds nothing.
    """
    candidate = uid
    for n in range(100):
        row = db.execute(f"SELECT id, profile_id FROM {table} WHERE uid = ?", (candidate,)).fetchone()  # noqa: S608
        if row is None:
            return candidate, None
        if row[1] == profile_id:
            return candidate, row[0]
        candidate = uuid.uuid5(_UID_NAMESPACE, f"{key}\x00{uid}\x00{n}").hex
    raise sqlite3.IntegrityError(f"cannot find a free uid for {uid}")


def add_once(db: sqlite3.Connection, table: str, arriving_uid: str, profile_id: int, key: str, columns: str,
              values: tuple[object, ...]) -> int:
    """Add a check or a scenario run unless the profile has it already (by uid): 1 when added, else 0."""
    uid, existing = own_uid(db, table, arriving_uid, profile_id, key)
    if existing is not None:
        return 0
    marks = ", ".join("?" * (len(values) + 2))
    db.execute(f"INSERT INTO {table} (uid, profile_id, {columns}) VALUES ({marks})", (uid, profile_id, *values))
    return 1
