"""Helpers for the Chromium tests of the web page (tests/e2e/test_web_a11y.py).

`served` runs the course's aiohttp app in a thread of its own on a free loopback port, `chrome` starts
Debian's headless chromium and sets its looks through the DevTools protocol, `axe` installs the pinned
axe-core (package.json, package-lock.json) and runs it on a page, `tour` walks every page type, and
`keys` moves through a page with the keyboard alone.
"""
