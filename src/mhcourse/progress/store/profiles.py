"""Profiles: names (unique whatever the case), settings, and the ones unused for a long time.

A name is kept as typed (trimmed, single-spaced, NFC) and found by its key (NFKC case-folded),
so 'Robin' and 'ROBIN' are one profile. A PIN is kept only as a hash (progress/pins.py).
"""

from __future__ import annotations

import json
import unicodedata
from datetime import timedelta
from typing import Any

from ...errors import ProfileError
from ...i18n import _
from ...pins import hash_pin
from ..faults import change
from ..names import invisible
from ..profile import Profile
from .core import StoreCore, loads, parse_time

MAX_NAME = 40
MAX_SETTING = 200
"""The longest setting value kept: a theme name or a country code is a few letters."""


def clean_name(name: str) -> str:
    """A display name as kept: trimmed, single-spaced, NFC; raises ProfileError when empty or too long."""
    cleaned = unicodedata.normalize("NFC", " ".join(name.split()))
    if not cleaned:
        raise ProfileError(_("A name needs at least one letter or number."))
    if len(cleaned) > MAX_NAME:
        raise ProfileError(_("Please keep the name to {count} characters or fewer.").format(count=MAX_NAME))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned):
        raise ProfileError(_("The name has a control character in it; please type it again."))
    if any(invisible(c) for c in cleaned):
        raise ProfileError(_("The name has an invisible character in it (one that shows as nothing, or changes how "
                             "text is joined or which way it runs). Please type it again with letters, numbers and "
                             "spaces only."))
    return cleaned


def name_key(name: str) -> str:
    """Names are unique regardless of case: 'Robin' and 'ROBIN' are the same profile.

    The key is NFKC case-folded, so names that look the same ('Zoë' typed either way,
    full-width letters) are one name too.
    """
    return _fold(clean_name(name))


def _fold(cleaned: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", cleaned).casefold())


def usable_setting(value: Any) -> bool:
    """A setting is text of at most MAX_SETTING characters, or None (cleared); export and import keep to this too."""
    return value is None or (isinstance(value, str) and len(value) <= MAX_SETTING)


_PROFILE_COLUMNS = "id, name, created, last_used, pin_hash IS NOT NULL"


def _profile(row: tuple[Any, ...]) -> Profile:
    return Profile(row[0], row[1], row[2], row[3], bool(row[4]))


class Profiles(StoreCore):
    """Finding, making, renaming and erasing profiles; their settings."""

    def profiles(self) -> list[Profile]:
        rows = self.db.execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles ORDER BY last_used DESC, name_key")
        return [_profile(row) for row in rows]

    def profile(self, name: str) -> Profile | None:
        """The profile called `name` in any case (a lookup is not held to the length limit)."""
        cleaned = unicodedata.normalize("NFC", " ".join(name.split()))
        if not cleaned or any(unicodedata.category(c) == "Cs" for c in cleaned):
            return None
        row = self.db.execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE name_key = ?",
                              (_fold(cleaned),)).fetchone()
        return _profile(row) if row else None

    def profile_by_id(self, profile_id: int) -> Profile | None:
        row = self.db.execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE id = ?", (profile_id,)).fetchone()
        return _profile(row) if row else None

    @change
    def create_profile(self, name: str, pin: str | None = None) -> Profile:
        """Make a profile, with its PIN (hashed) in the same transaction when one is given, so a site
        that requires PINs never holds a moment's profile without one."""
        display = clean_name(name)
        stored = None if pin is None else hash_pin(pin=pin)
        now = self.clock()
        with self.transaction() as db:
            row = db.execute(
                "INSERT INTO profiles (name, name_key, created, last_used, pin_hash) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (name_key) DO NOTHING RETURNING id",
                (display, name_key(display), now, now, stored),
            ).fetchone()
        if row is None:
            raise ProfileError(_("There is already a profile called '{name}'. Choose it, or pick another name.").format(
                name=display))
        return Profile(int(row[0]), display, now, now, stored is not None)

    @change
    def rename_profile(self, profile_id: int, new_name: str) -> None:
        display = clean_name(new_name)
        with self.transaction() as db:
            taken = db.execute("SELECT 1 FROM profiles WHERE name_key = ? AND id != ?",
                               (name_key(display), profile_id)).fetchone()
            if taken is None:
                db.execute("UPDATE profiles SET name = ?, name_key = ? WHERE id = ?",
                           (display, name_key(display), profile_id))
        if taken is not None:
            raise ProfileError(_("There is already a profile called '{name}'.").format(name=display))

    @change
    def delete_profile(self, profile_id: int) -> None:
        """Erase the profile and every row that belongs to it (foreign keys cascade)."""
        with self.transaction() as db:
            db.execute("DELETE FROM profiles WHERE id = ?", (profile_id,))

    @change
    def touch(self, profile_id: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE profiles SET last_used = ? WHERE id = ?", (self.clock(), profile_id))

    def setting(self, profile_id: int, key: str, default: str | None = None) -> str | None:
        """A profile's setting: text (a theme name, a country code) or None when it was cleared.

        Anything else (a list or a table from a hand-edited import, or an older version) gives
        `default`, so a bad value already in a database can never reach a face and crash it.
        """
        row = self.db.execute("SELECT settings FROM profiles WHERE id = ?", (profile_id,)).fetchone()
        settings = loads(row[0], {}) if row else {}
        if not isinstance(settings, dict) or key not in settings:
            return default
        value = settings[key]
        return value if usable_setting(value) else default

    @change
    def set_setting(self, profile_id: int, key: str, value: Any) -> None:
        with self.transaction() as db:
            row = db.execute("SELECT settings FROM profiles WHERE id = ?", (profile_id,)).fetchone()
            settings = loads(row[0], {}) if row else {}
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
        now = parse_time(self.clock())
        if now is None:
            raise ValueError(f"the store's clock gave a time that cannot be read: {self.clock()!r}")
        cutoff = now - timedelta(days=inactive_days)
        found = []
        for row in self.db.execute(_ACTIVITY_SQL):
            latest = [t for t in (parse_time(s) for s in row[5:]) if t is not None]
            if latest and max(latest) < cutoff:
                found.append((max(latest), _profile(row)))
        return [profile for _when, profile in sorted(found, key=lambda item: item[0])]

    @change
    def prune_profiles(self, inactive_days: int) -> list[str]:
        """Erase every profile unused for `inactive_days` days, in one transaction; returns the names erased.

        Certificates they were issued stay in the register (see schema.VERSION_2).
        """
        with self.transaction() as db:
            gone = self.inactive_profiles(inactive_days)
            db.executemany("DELETE FROM profiles WHERE id = ?", [(p.id,) for p in gone])
        return [p.name for p in gone]


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
