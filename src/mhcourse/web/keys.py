"""The application's keys: what each request finds on `request.app`."""

from __future__ import annotations

from aiohttp import web

from .course import WebCourse
from .visits import VisitBook

COURSE = web.AppKey("course", WebCourse)
VISITS = web.AppKey("visits", VisitBook)
