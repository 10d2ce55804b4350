"""The web page through aiohttp's test client: a course on a store in a temporary folder."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from helpers import small_module
from mhcourse.progress.access import Access
from mhcourse.progress.desk import Desk
from mhcourse.progress.store import Store
from mhcourse.site.config import SiteConfig
from mhcourse.web.app import build_app
from mhcourse.web.course import WebCourse

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The form token of a page's first form."""
    found = CSRF.search(html)
    assert found, "the page has no form with a token"
    return found.group(1)


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "data")
    yield store
    store.close()


@pytest.fixture
def make_course(store):
    """A WebCourse on the test store: make_course(modules=..., access=..., site=..., pretest=True). The pre-test
    is off unless asked for (as on a site that does not turn it on), whatever `access` says."""

    def make(modules=None, access: Access | None = None, site: SiteConfig | None = None, pretest: bool = False,
             **options) -> WebCourse:
        # The pre-test's own tests turn it on; the confidence question follows the site, as Access.from_site does.
        access = replace(access or Access(), pretest=pretest,
                         confidence=(site or SiteConfig()).course.confidence_check)
        return WebCourse(Desk(store, access), modules if modules is not None else [small_module()],
                         site or SiteConfig(), seed=7, **options)

    return make


@pytest.fixture
async def client(aiohttp_client, make_course):
    """A browser on the small course, served for this computer (Host 127.0.0.1)."""
    return await aiohttp_client(build_app(make_course()))


async def as_guest(client) -> None:
    """Sign in as a guest from the welcome page."""
    welcome = await client.get("/")
    response = await client.post("/guest", data={"csrf": csrf_of(await welcome.text())})
    assert response.status == 200, await response.text()
