"""The pages, one module per part of the course; each has a RouteTableDef called `routes`."""

from __future__ import annotations

from . import certificate, help, home, lesson, module, practice, profiles, quiz, settings, welcome

ROUTES = [welcome.routes, profiles.routes, home.routes, module.routes, lesson.routes, quiz.routes, practice.routes,
          certificate.routes, help.routes, settings.routes]
