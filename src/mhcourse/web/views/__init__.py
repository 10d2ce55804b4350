"""The pages, one module per part of the course; each has a RouteTableDef called `routes`."""

from __future__ import annotations

from . import certificate, home, lesson, module, profiles, welcome

ROUTES = [welcome.routes, profiles.routes, home.routes, module.routes, lesson.routes, certificate.routes]
