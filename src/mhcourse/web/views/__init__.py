"""The pages, one module per part of the course; each has a RouteTableDef called `routes`."""

from __future__ import annotations

from . import home, practice, quiz, welcome

ROUTES = [welcome.routes, home.routes, quiz.routes, practice.routes]
