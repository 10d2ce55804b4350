"""The course as web pages (`mhcourse serve`): the third face, real HTML from the same core.

Server-rendered with aiohttp and aiohttp-jinja2; every page works without JavaScript. The face only
asks the core (progress/desk.py, learner.py, journey.py) and shows the answer, as the TUI and the
plain face do. Store calls run on one worker thread (worker.py), never on the event loop.

- course.py: what every page of one server shares (the desk, the modules, the site).
- worker.py: the thread that owns the store.
- visits.py: a browser's signed-in session and the learner behind it.
- guard.py: Host names, security headers, form tokens (CSRF), error pages.
- render.py: a page from a template, with the words every page has.
- app.py: the aiohttp application, put together.
- views/: one module per part of the course.
"""
