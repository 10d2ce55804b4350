"""A browser's visit: its signed-in session (kept in the store) and the learner behind it (kept here).

The browser holds only an opaque key in an HttpOnly, SameSite=Strict cookie. Each request looks the
key up in the store (progress/desk.py `web_session`), so a session signed out, idle too long, or
whose profile was deleted stops working at once, on every machine that shares the store. The
Learner and the practice conversation in progress live in this process's memory (`VisitBook`);
after a restart a profile's visit is rebuilt from the store, while a guest's is gone, as a guest
is told. Every function here that touches the store runs on the store's thread (worker.py).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from ..learning.answers import Answer, Marked
    from ..progress.desk import WebSession
    from ..progress.journey import Walk
    from ..progress.learner import Learner
    from .course import WebCourse

SESSION_COOKIE = "mhcourse_session"
FORM_COOKIE = "mhcourse_form"
"""Before signing in there is no session: the forms carry this cookie's random token instead (double submit)."""


@dataclass
class Visit:
    """One signed-in browser: its key, its session row, the learner, and what lives only in memory."""

    key: str
    session: WebSession
    learner: Learner
    walks: dict[tuple[str, str], Walk] = field(default_factory=dict)
    """Practice conversations in progress, by (module id, scenario id)."""
    seen: float = field(default_factory=time.monotonic)
    theme: str | None = None
    """The learner's look ("high-contrast", ...), read with the session so a page never reads the store."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held by each core call of this visit (render.core): two requests of one browser never share the Learner."""
    checks: dict[tuple[str, str], Answer] = field(default_factory=dict)
    """Knowledge checks answered in this visit, by (module id, question id): the lesson shows their feedback
    after the redirect (Post/Redirect/Get). Checks are not graded; the store keeps every answer."""
    review: ReviewRound | None = None
    """The review session in progress (or just finished): the cards drawn for it and the answers given."""
    pretests: dict[str, list[str]] = field(default_factory=dict)
    """A module's pre-test questions as drawn for this visit, by module id (a reload shows the same three)."""
    pretest_scores: dict[str, tuple[int, int]] = field(default_factory=dict)
    """A finished pre-test's (right, total), by module id, for the page after it."""

    @property
    def csrf(self) -> str:
        return self.session.csrf

    @property
    def is_guest(self) -> bool:
        return self.learner.is_guest


@dataclass
class ReviewRound:
    """One review session: the cards drawn for it when it began (module id, question id), soonest due first,
    and the answers given in it. The store keeps every answer as it is given; this only says where the
    session is, so leaving it (or a restart) loses nothing but the count."""

    cards: list[tuple[str, str]]
    answers: dict[tuple[str, str], tuple[Answer, Marked]] = field(default_factory=dict)
    """The answer and its grade, by card."""

    def next_card(self) -> tuple[str, str] | None:
        return next((card for card in self.cards if card not in self.answers), None)

    @property
    def right(self) -> int:
        return sum(1 for _answer, marked in self.answers.values() if marked.correct)


class VisitBook:
    """The visits of one server, by session key. Touched only on the store's threads, one call at a time."""

    def __init__(self, course: WebCourse) -> None:
        self.course = course
        self.visits: dict[str, Visit] = {}
        self.lock = threading.RLock()

    def find(self, key: str, asked: list[str] | None = None) -> Visit | None:
        """The live visit with this key, or None (never signed in, signed out, idle too long, profile deleted).
        `asked`: the browser's languages, for a learner without a language of their own rebuilt after a restart."""
        with self.lock:
            return self._find(key, asked)

    def _find(self, key: str, asked: list[str] | None = None) -> Visit | None:
        desk = self.course.desk
        session = desk.web_session(key, self.course.idle_seconds)
        visit = self.visits.get(key)
        if session is None:
            if visit is not None:
                self._drop(key)
            return None
        if visit is None:
            visit = self._rebuild(key, session, asked)
        if visit is not None:
            visit.seen = time.monotonic()
            visit.theme = visit.learner.setting("theme")
        return visit

    def sign_in(self, learner: Learner) -> Visit:
        """A new session for an opened profile's learner (or a guest's)."""
        with self.lock:
            return self._sign_in(learner)

    def _sign_in(self, learner: Learner) -> Visit:
        key, session = self.course.desk.sign_in(None if learner.is_guest else learner.profile)
        visit = self.visits[key] = Visit(key, session, learner)
        return visit

    def sign_out(self, key: str) -> None:
        with self.lock:
            self.course.desk.sign_out(key)
            self._drop(key)

    def sweep(self) -> None:
        """End the sessions idle too long, in the store and here (a guest's record goes with it)."""
        with self.lock:
            self.course.desk.end_idle_sessions(self.course.idle_seconds)
            cutoff = time.monotonic() - self.course.idle_seconds
            for key in [k for k, v in self.visits.items() if v.seen < cutoff]:
                self._drop(key)

    def close(self) -> None:
        with self.lock:
            for key in list(self.visits):
                self._drop(key)

    def _rebuild(self, key: str, session: WebSession, asked: list[str] | None = None) -> Visit | None:
        """A profile's visit after a restart (or on another process); a guest's record is gone with it."""
        desk = self.course.desk
        profile = None if session.profile_id is None else desk.find(session.profile_id)
        if session.guest or profile is None:
            desk.sign_out(key)
            return None
        learner = desk.start(profile, self.course.modules, self.course.rng(), asked=asked)
        visit = self.visits[key] = Visit(key, session, learner)
        return visit

    def _drop(self, key: str) -> None:
        visit = self.visits.pop(key, None)
        if visit is not None:
            self.course.desk.leave(visit.learner)


# -- cookies ----------------------------------------------------------------------------------------


def set_session_cookie(request: web.Request, response: web.StreamResponse, key: str) -> None:
    """The new session's key, for this browser only (Secure under TLS)."""
    request["signed_in"] = True  # the stale cookie this request came with is not cleared over it
    response.set_cookie(SESSION_COOKIE, key, httponly=True, samesite="Strict", secure=request.secure, path="/")


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(SESSION_COOKIE, path="/")


def form_token(request: web.Request) -> str:
    """The token a form on this page carries: the session's, or before signing in the form cookie's."""
    visit: Visit | None = request.get("visit")
    if visit is not None:
        return visit.csrf
    token = request.get("form_token")
    if token is None:
        token = request.cookies.get(FORM_COOKIE) or ""
        if len(token) < 32:
            token = secrets.token_urlsafe(32)
            request["new_form_token"] = token
        request["form_token"] = token
    return str(token)


def keep_form_token(request: web.Request, response: web.StreamResponse) -> None:
    """Give the browser the form cookie a page's forms were made with."""
    token = request.get("new_form_token")
    if token and not response.prepared:
        response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="Strict", secure=request.secure, path="/")
