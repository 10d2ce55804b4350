"""Get help now and Local support: reachable by anyone, plain HTML, tel: and sms: links from dialable numbers."""

from __future__ import annotations

import re

from tests.web.conftest import as_guest, csrf_of

from mhcourse.content.helplines import DIALABLE, built_in
from mhcourse.site.config import SiteConfig
from mhcourse.site.schema import HelplinesSettings, LocalLine, SupportEntry, SupportSettings
from mhcourse.web.app import build_app

LOCAL = HelplinesSettings(country="IE", line=[
    LocalLine(name="Town crisis team", phone="01632 960 123", dial="01632960123", hours="24/7"),
    LocalLine(name="Drop-in line", phone="ask at the desk"),
])
SUPPORT = SupportSettings(intro="Support near the centre.", groups=[
    SupportEntry(name="Peer group", when="Tuesdays 6pm", where="Room 2", how_to_reach="just come along")])


def headings(html: str) -> list[str]:
    return re.findall(r"<h2[^>]*>([^<]*)</h2>", html)


def test_every_built_in_phone_and_text_number_has_a_dialable_form():
    for country in built_in().country:
        for line in country.line:
            if line.phone:
                assert line.dial and DIALABLE.match(line.dial), line.name
            if line.text:
                assert line.sms and DIALABLE.match(line.sms), line.name


async def test_get_help_now_needs_no_sign_in_and_puts_the_emergency_first(client):
    response = await client.get("/help")
    html = await response.text()
    assert response.status == 200
    main = html.split('<main id="main" tabindex="-1">')[1]
    assert main.index(built_in().emergency) < main.index("<h2")
    assert '<a href="tel:116123">116 123</a>' in html
    assert '<a href="sms:85258">text SHOUT to 85258</a>' in html
    assert "<script>" not in html and "style=" not in html


async def test_the_sites_local_lines_come_first_then_the_sites_country(aiohttp_client, make_course):
    site = SiteConfig(helplines_settings=LOCAL)
    client = await aiohttp_client(build_app(make_course(site=site)))
    html = await (await client.get("/help")).text()
    assert headings(html)[:2] == ["Local services", "Ireland"]
    assert "Crisis lines by country; Ireland is listed first." in html
    assert '<a href="tel:01632960123">01632 960 123</a>' in html
    assert "ask at the desk" in html and 'href="tel:ask' not in html  # no dial: the words only, never a guess


async def test_a_visitors_browser_languages_put_their_country_first(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course()), headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    html = await (await client.get("/help")).text()
    assert headings(html)[0] == "Belgique"  # the server's own locale (en_GB in tests) does not decide
    assert "Lignes d&#39;écoute par pays ; Belgique apparaît en premier." in html
    assert "0800 32 123" in html


async def test_the_learners_country_comes_before_the_sites(aiohttp_client, make_course):
    site = SiteConfig(helplines_settings=HelplinesSettings(country="IE"))
    client = await aiohttp_client(build_app(make_course(site=site)))
    assert headings(await (await client.get("/help")).text())[0] == "Ireland"
    await as_guest(client)
    settings = await (await client.get("/settings")).text()
    await client.post("/settings", data={"csrf": csrf_of(settings), "theme": "system", "country": "NZ"})
    assert headings(await (await client.get("/help")).text())[0] == "New Zealand"


async def test_local_support_shows_the_sites_groups_and_lines(aiohttp_client, make_course):
    site = SiteConfig(helplines_settings=LOCAL, support=SUPPORT)
    client = await aiohttp_client(build_app(make_course(site=site)))
    html = await (await client.get("/support")).text()
    assert "Support near the centre." in html and "Peer group" in html and "Tuesdays 6pm" in html
    assert headings(html) == ["Support groups", "Local helplines"]
    assert "Town crisis team" in html
    assert 'href="/support"' in await (await client.get("/help")).text()


async def test_local_support_says_plainly_when_there_is_none(client):
    html = await (await client.get("/support")).text()
    assert "no local support listed here" in html


async def test_author_text_in_the_site_is_shown_as_text(aiohttp_client, make_course):
    site = SiteConfig(support=SupportSettings(intro="<script>alert(1)</script>"))
    client = await aiohttp_client(build_app(make_course(site=site)))
    html = await (await client.get("/support")).text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


async def test_a_line_for_a_group_says_who_it_is_for_and_keeps_its_links(aiohttp_client, make_course):
    site = SiteConfig(helplines_settings=HelplinesSettings(country="CA", checked="2026-11", line=[
        LocalLine(name="Riverside Youth Line", number="01632 960 111", dial="01632960111", audience="young people",
                  languages=["English", "Polish"])]))
    client = await aiohttp_client(build_app(make_course(site=site)))
    html = await (await client.get("/help")).text()
    assert '<strong>Riverside Youth Line</strong> <span class="audience">(for young people)</span>' in html
    assert '<a href="tel:01632960111">01632 960 111</a>' in html and "English, Polish" in html
    assert '<strong>Kids Help Phone</strong> <span class="audience">(for young people)</span>' in html
    assert '<a href="sms:686868">text CONNECT to 686868</a>' in html
    assert re.search(r'<strong>9-8-8 Suicide Crisis Helpline</strong>\s*<ul', html)  # for anyone: no audience
