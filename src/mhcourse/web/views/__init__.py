"""The pages, one module per part of the course; each has a RouteTableDef called `routes`."""

from __future__ import annotations

from . import (
          certificate,
          help,
          home,
          language,
          lesson,
          module,
          practice,
          pretest,
          profiles,
          quiz,
          review,
          settings,
          welcome,
)

ROUTES = [welcome.routes, profiles.routes, home.routes, module.routes, lesson.routes, quiz.routes, practice.routes,
          certificate.routes, help.routes, settings.routes, review.routes, pretest.routes, language.routes]
