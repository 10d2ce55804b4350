"""The application's keys: what each request finds on `request.app`."""

from __future__ import annotations

from aiohttp import web

from .chosen import Chosen
from .course import WebCourse
from .pending import Pending
from .visits import VisitBook

COURSE = web.AppKey("course", WebCourse)
VISITS = web.AppKey("visits", VisitBook)
PENDING = web.AppKey("pending", Pending)
CHOSEN = web.AppKey("chosen", Chosen)
