"""The web page's frame: the welcome page, a guest's way in and out, and the headers every page has."""

from __future__ import annotations

from tests.web.conftest import as_guest


async def test_the_welcome_page_offers_help_and_a_guest(client):
    response = await client.get("/")
    html = await response.text()
    assert response.status == 200
    assert '<a href="/help">Get help now</a>' in html
    assert "Start as a guest" in html
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


async def test_a_guest_reaches_home_and_leaves(client):
    await as_guest(client)
    home = await client.get("/home")
    assert "Small module" in await home.text()
    page = await home.text()
    from tests.web.conftest import csrf_of

    await client.post("/signout", data={"csrf": csrf_of(page)})
    again = await client.get("/home", allow_redirects=False)
    assert again.status == 303
