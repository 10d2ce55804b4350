"""The web page's signed-in sessions: an opaque key in the browser, its hash and its profile here."""

from __future__ import annotations

from dataclasses import dataclass

from ..faults import change
from .core import StoreCore

SEEN_EVERY = 30.0
"""Seconds between two writes of a session's last use: a page view seldom writes."""


@dataclass(frozen=True)
class WebSession:
    """A live session of the web page."""

    profile_id: int | None
    """The learner's profile; None for a guest."""
    guest: bool
    csrf: str
    """The token every form of this session carries."""


def key_hash(key: str) -> str:
    import hashlib  # here: only the web page's sessions hash, and the TUI opens the store before its first frame

    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


class WebSessions(StoreCore):
    """Start, find, and end the sessions of `mhcourse serve` (kept here so every machine sees the same)."""

    @change
    def start_web_session(self, profile_id: int | None, *, guest: bool = False) -> tuple[str, WebSession]:
        """A new session for this profile (or a guest): its key, for the browser's cookie, and the session."""
        import secrets

        key, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), self.now_seconds()
        with self.transaction() as db:
            db.execute("INSERT INTO web_sessions (key_hash, profile_id, guest, csrf, started, seen) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (key_hash(key), profile_id, int(guest), csrf, now, now))
        return key, WebSession(profile_id, guest, csrf)

    @change
    def web_session(self, key: str, idle_seconds: float) -> WebSession | None:
        """The live session with this key, its last use now; None for an unknown key or one idle too long
        (which is ended here)."""
        hashed, now = key_hash(key), self.now_seconds()
        row = self.db.execute("SELECT profile_id, guest, csrf, seen FROM web_sessions WHERE key_hash = ?",
                              (hashed,)).fetchone()
        if row is None:
            return None
        profile_id, guest, csrf, seen = row
        if now - seen > idle_seconds:
            self.end_web_session(key)
            return None
        if now - seen > SEEN_EVERY:
            with self.transaction() as db:
                db.execute("UPDATE web_sessions SET seen = ? WHERE key_hash = ?", (now, hashed))
        return WebSession(profile_id, bool(guest), csrf)

    @change
    def end_web_session(self, key: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM web_sessions WHERE key_hash = ?", (key_hash(key),))

    @change
    def end_idle_web_sessions(self, idle_seconds: float) -> int:
        """End every session unused for longer than `idle_seconds`; how many were ended."""
        with self.transaction() as db:
            ended = db.execute("DELETE FROM web_sessions WHERE seen < ?", (self.now_seconds() - idle_seconds,))
        return ended.rowcount

    @change
    def end_profile_web_sessions(self, profile_id: int, keep: str | None = None) -> None:
        """End every session of a profile but the one with the key `keep` (its PIN was changed or reset)."""
        with self.transaction() as db:
            db.execute("DELETE FROM web_sessions WHERE profile_id = ? AND key_hash != ?",
                       (profile_id, "" if keep is None else key_hash(keep)))
