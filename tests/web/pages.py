"""What the lesson and home tests share: a profile signed in without the profile pages, and reading a page's
headings (exactly one h1, none skipped) the way a screen reader lists them."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from mhcourse.web.keys import COURSE, VISITS
from mhcourse.web.visits import SESSION_COOKIE

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


async def as_profile(client, name: str = "Robin"):
    """Sign a new profile in, as the profile pages would once they are there (web-way-in): a session made
    through the desk on the store's thread, its key in the browser's cookie. Returns the visit."""
    app = client.server.app
    course, book = app[COURSE], app[VISITS]

    def sign_in():
        profile = course.desk.store.create_profile(name)
        return book.sign_in(course.desk.start(profile, course.modules, course.rng()))

    visit = await course.worker.call(sign_in)
    client.session.cookie_jar.update_cookies({SESSION_COOKIE: visit.key})
    return visit


async def on_store(client, fn, *args):
    """Run a core call the way a page does: on the store's thread."""
    return await client.server.app[COURSE].worker.call(fn, *args)


class Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.text: list[str] = []
        self._in: int | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
            self.text.append("")
            self._in = len(self.text) - 1

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.text[self._in] += data


def headings(html: str) -> list[tuple[int, str]]:
    parser = Headings()
    parser.feed(html)
    return [(level, text.strip()) for level, text in zip(parser.levels, parser.text, strict=True)]


def assert_headings_in_order(html: str) -> None:
    """Exactly one h1, first; each heading at most one level below the one before."""
    found = headings(html)
    levels = [level for level, _ in found]
    assert levels and levels[0] == 1 and levels.count(1) == 1, found
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, found


def title_of(html: str) -> str:
    found = TITLE.search(html)
    assert found
    return unescape(found.group(1))
