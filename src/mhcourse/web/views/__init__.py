"""The pages, one module per part of the course; each has a RouteTableDef called `routes`."""

from __future__ import annotations

from . import help, home, profiles, settings, welcome

ROUTES = [welcome.routes, profiles.routes, home.routes, help.routes, settings.routes]
