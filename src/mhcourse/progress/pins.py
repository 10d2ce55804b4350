"""PINs: how wrong tries are counted and locked (how a PIN is kept is mhcourse/pins.py).

The one rule for every PIN, a profile's and the ones of no profile (the facilitator's, a typed name
that is no profile): PIN_TRIES wrong in a row lock it, each lock in a row longer than the one before.
`PinLocks` is part of `Store` (it uses the store's connection, transactions and clock).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import ProfileError
from ..pins import hash_pin, verify_pin
from .faults import change

PIN_TRIES = 5
"""Wrong PINs in a row that lock a profile."""
LOCK_STEPS = (60.0, 300.0, 900.0, 3600.0)
"""How long each lock in a row lasts (wall-clock seconds): 1, 5, 15, then 60 minutes each time after."""
PIN_LOCK_SECONDS = LOCK_STEPS[0]
"""How long a first lock lasts."""


@dataclass(frozen=True)
class PinCheck:
    """The answer to one PIN typed for a profile."""

    status: Literal["ok", "wrong", "locked"]
    tries_left: int = PIN_TRIES
    """Wrong PINs still allowed before the profile locks (after a wrong one)."""
    locked_until: float | None = None
    """While locked: the wall-clock time (seconds since the epoch, like time.time()) the lock ends."""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def seconds_left(self, now: float) -> int:
        """Whole seconds still to wait (at least 1 while locked), for a message like 'try again in 42 seconds'."""
        if self.locked_until is None:
            return 0
        return max(1, int(self.locked_until - now + 0.999))


def lock_seconds(lockouts: int) -> float:
    """How long the lock numbered `lockouts` in a row lasts (1 for the first)."""
    return LOCK_STEPS[min(max(lockouts, 1), len(LOCK_STEPS)) - 1]


class PinLocks:
    """The store's PIN calls (mixed into Store): setting a PIN, checking one, and the locks."""

    db: sqlite3.Connection
    now_seconds: Callable[[], float]
    transaction: Callable[[], Any]  # Store.transaction: one change, all or nothing

    @change
    def set_pin(self, profile_id: int, pin: str | None) -> None:
        """Protect a profile with a PIN or passphrase (kept only as a salted scrypt hash), or remove it (None).

        Either way the count of wrong tries and any lock are cleared. Raises ProfileError for
        a PIN that is too short or too long, or an unknown profile.
        """
        stored = None if pin is None else hash_pin(pin=pin)
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE profiles SET pin_hash = ?, failed_pins = 0, locked_until = NULL, lockouts = 0 WHERE id = ?",
                (stored, profile_id)
            )
            if cursor.rowcount == 0:
                raise ProfileError("There is no such profile.")

    def pin_locked_until(self, profile_id: int) -> float | None:
        """While the profile is locked after too many wrong PINs: when the lock ends (like time.time())."""
        row = self.db.execute("SELECT locked_until, lockouts FROM profiles WHERE id = ?", (profile_id,)).fetchone()
        return self._locked_until(row)

    @change
    def check_pin(self, profile_id: int, pin: str) -> PinCheck:
        """Check a typed PIN: ok, wrong (with the tries left) or locked (until when).

        PIN_TRIES wrong PINs in a row lock the profile; each lock in a row lasts longer than the one
        before (LOCK_STEPS), until a right PIN or a new PIN. Locks and their count are kept in the
        store, so quitting and starting again lifts nothing. While locked, a PIN is not even
        checked. A profile without a PIN is always ok.
        """
        with self.transaction() as db:
            row = db.execute("SELECT pin_hash, failed_pins, locked_until, lockouts FROM profiles WHERE id = ?",
                             (profile_id,)).fetchone()
            if row is None:
                raise ProfileError("There is no such profile.")
            if row[0] is None:
                return PinCheck("ok")
            return self._count(db, "profiles", "id", profile_id, row[1:],
                               lambda: verify_pin(pin=pin, stored=row[0]))

    def other_pin_locked_until(self, lock: str) -> float | None:
        """Like pin_locked_until, for a PIN that belongs to no profile (table pin_locks, e.g. 'facilitator')."""
        row = self.db.execute("SELECT locked_until, lockouts FROM pin_locks WHERE name = ?", (lock,)).fetchone()
        return self._locked_until(row)

    @change
    def check_other_pin(self, lock: str, matches: Callable[[str], bool], pin: str) -> PinCheck:
        """Check a PIN that belongs to no profile, counted and locked like a profile's under the name `lock`:
        'facilitator' for the kiosk's facilitator PIN, 'name:<name key>' for a typed name that is no profile.
        `matches` says whether the PIN is right (always False for a name that is no profile)."""
        with self.transaction() as db:
            db.execute("INSERT INTO pin_locks (name) VALUES (?) ON CONFLICT DO NOTHING", (lock,))
            row = db.execute("SELECT failed, locked_until, lockouts FROM pin_locks WHERE name = ?", (lock,)).fetchone()
            return self._count(db, "pin_locks", "name", lock, row, lambda: matches(pin))

    def _locked_until(self, row: tuple[Any, ...] | None) -> float | None:
        if row is None or row[0] is None:
            return None
        now = self.now_seconds()
        until = min(float(row[0]), now + lock_seconds(row[1]))  # a clock put back never lengthens a lock
        return until if until > now else None

    def _count(self, db: sqlite3.Connection, table: str, key: str, value: Any, row: tuple[Any, ...],
               right: Callable[[], bool]) -> PinCheck:
        """Count one typed PIN against a row of `table` (failed, locked_until, lockouts): the one rule for
        every PIN. `right` is asked only when not locked: a locked PIN is not even checked."""
        failed_column = "failed_pins" if table == "profiles" else "failed"
        failed, until, lockouts = row
        now = self.now_seconds()
        where = f"WHERE {key} = ?"
        if until is not None:
            if now < until:
                longest = now + lock_seconds(lockouts)
                if until > longest:  # the computer's clock was put back: keep this lock's own length
                    until = longest
                    db.execute(f"UPDATE {table} SET locked_until = ? {where}", (until, value))
                return PinCheck("locked", 0, float(until))
            failed = 0  # the lock has run out: a fresh set of tries (the count of locks stays)
        if right():
            db.execute(f"UPDATE {table} SET {failed_column} = 0, locked_until = NULL, lockouts = 0 {where}", (value,))
            return PinCheck("ok")
        failed += 1
        if failed >= PIN_TRIES:
            lockouts += 1
            until = now + lock_seconds(lockouts)
            db.execute(f"UPDATE {table} SET {failed_column} = 0, locked_until = ?, lockouts = ? {where}",
                       (until, lockouts, value))
            return PinCheck("locked", 0, until)
        db.execute(f"UPDATE {table} SET {failed_column} = ?, locked_until = NULL {where}", (failed, value))
        return PinCheck("wrong", PIN_TRIES - failed)
