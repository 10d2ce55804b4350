"""The issue's security tests over HTTP: form tokens, other learners' profiles, replayed cookies, PIN
guessing, Host names, body size, caching, the cookie's flags and idle sessions."""

from __future__ import annotations

from tests.web.conftest import as_guest, csrf_of
from tests.web.test_way_in import post_from, session_key, sign_in_as

from helpers import small_module
from mhcourse.progress.desk import Desk
from mhcourse.progress.pins import PIN_TRIES
from mhcourse.progress.store import Store
from mhcourse.site.config import SiteConfig
from mhcourse.web.app import build_app
from mhcourse.web.course import WebCourse
from mhcourse.web.visits import SESSION_COOKIE


async def test_a_form_without_its_token_or_with_another_changes_nothing(client, store):
    await client.get("/")
    for data in ({"name": "Ana"}, {"name": "Ana", "csrf": "x" * 43}):
        response = await client.post("/profiles/new", data=data)
        assert response.status == 403
    assert store.profile("Ana") is None
    ben = store.create_profile("Ben")
    await sign_in_as(client, ben)
    response = await client.post("/settings", data={"csrf": "x" * 43, "theme": "dark", "country": ""})
    assert response.status == 403 and store.setting(ben.id, "theme") is None


async def test_the_token_of_the_welcome_page_does_not_pass_once_signed_in(client, store):
    welcome = csrf_of(await (await client.get("/")).text())
    await sign_in_as(client, store.create_profile("Ana"))
    response = await client.post("/settings", data={"csrf": welcome, "theme": "dark", "country": ""})
    assert response.status == 403


async def test_guessing_the_id_of_a_protected_profile_shows_only_its_pin_page(client, store):
    ben = store.create_profile("Ben", pin="4071")
    store.set_setting(ben.id, "country", "NZ")
    response = await post_from(client, "/", "/profiles/open", profile=str(ben.id))
    assert response.url.path == "/profiles/pin" and session_key(client) is None
    for path in ("/home", "/settings"):
        page = await client.get(path, allow_redirects=False)
        assert page.status == 303 and page.headers["Location"] == "/"
    # a PIN page without a chosen profile, or a form naming another profile, opens nothing
    other = await client.post("/profiles/pin", data={"csrf": csrf_of(await response.text()), "pin": "1",
                                                       "profile": "1"})
    assert other.url.path == "/profiles/pin" and session_key(client) is None


async def test_a_cookie_replayed_after_sign_out_opens_nothing(aiohttp_client, make_course, store):
    ana = store.create_profile("Ana")
    app = build_app(make_course())
    client = await aiohttp_client(app)
    home = await sign_in_as(client, ana)
    key = session_key(client)
    await client.post("/signout", data={"csrf": csrf_of(await home.text())})
    thief = await aiohttp_client(app)
    thief.session.cookie_jar.update_cookies({SESSION_COOKIE: key})
    page = await thief.get("/home", allow_redirects=False)
    assert page.status == 303 and "Ana" not in await page.text()
    settings = await thief.post("/settings", data={"csrf": csrf_of(await home.text()), "theme": "dark"})
    assert settings.status == 403 and store.setting(ana.id, "theme") is None


async def test_pin_guessing_over_http_hits_the_lockout(client, store):
    ben = store.create_profile("Ben", pin="4071")
    page = await (await post_from(client, "/", "/profiles/open", profile=str(ben.id))).text()
    token = csrf_of(page)
    for _ in range(PIN_TRIES):
        wrong = await client.post("/profiles/pin", data={"csrf": token, "pin": "0000"})
    assert f"That profile is paused after {PIN_TRIES} wrong PINs." in await wrong.text()
    right = await client.post("/profiles/pin", data={"csrf": token, "pin": "4071"})
    assert right.url.path == "/profiles/pin" and "paused" in await right.text()
    assert session_key(client) is None
    # choosing it again says so before any PIN is asked
    again = await post_from(client, "/", "/profiles/open", profile=str(ben.id))
    assert "paused" in await again.text()


async def test_a_foreign_host_is_refused(aiohttp_client, make_course):
    client = await aiohttp_client(build_app(make_course()))
    assert (await client.get("/", headers={"Host": "evil.example"})).status == 421
    network = await aiohttp_client(build_app(make_course(loopback=False, hostnames=frozenset({"centre.lan"}))))
    assert (await network.get("/", headers={"Host": "centre.lan:8080"})).status == 200
    assert (await network.get("/", headers={"Host": "127.0.0.1"})).status == 421
    assert (await network.get("/", headers={"Host": "evil.example"})).status == 421


async def test_an_oversized_body_is_refused_and_nothing_saved(client, store):
    token = csrf_of(await (await client.get("/")).text())
    response = await client.post("/profiles/new", data={"csrf": token, "name": "Ana", "pin": "x" * (65 * 1024)})
    assert response.status == 413
    assert store.profile("Ana") is None


async def test_pages_with_learner_data_are_not_stored(client, store):
    await sign_in_as(client, store.create_profile("Ana"))
    for path in ("/home", "/settings", "/help", "/support"):
        response = await client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path


async def test_the_session_cookie_is_httponly_and_strict(client, store):
    ana = store.create_profile("Ana")
    token = csrf_of(await (await client.get("/")).text())
    response = await client.post("/profiles/open", data={"csrf": token, "profile": str(ana.id)},
                                 allow_redirects=False)
    cookie = response.cookies[SESSION_COOKIE]
    assert response.status == 303 and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"


async def test_idle_sessions_end(aiohttp_client, tmp_path):
    now = [1_000_000.0]
    store = Store.open(tmp_path / "clock", now_seconds=lambda: now[0])
    try:
        course = WebCourse(Desk(store), [small_module()], SiteConfig(), seed=7, idle_minutes=5)
        client = await aiohttp_client(build_app(course))
        await sign_in_as(client, store.create_profile("Ana"))
        now[0] += 4 * 60
        assert (await client.get("/home", allow_redirects=False)).status == 200
        now[0] += 6 * 60
        assert (await client.get("/home", allow_redirects=False)).status == 303
    finally:
        store.close()


async def test_a_guest_leaves_nothing_behind(client, store):
    await as_guest(client)
    await post_from(client, "/settings", "/settings", theme="dark", country="")
    assert store.profiles() == []


def test_a_pin_set_anywhere_ends_the_profiles_web_sessions_but_the_one_that_set_it(store):
    desk = Desk(store)
    ana = store.create_profile("Ana")
    here, _ = desk.sign_in(ana)
    there, _ = desk.sign_in(ana)
    desk.set_pin(ana, "4071", keep_session=here)
    assert desk.web_session(here, 600) is not None and desk.web_session(there, 600) is None
    desk.start(ana, [small_module()]).set_pin("5555")  # the TUI's and the plain face's way: every session ends
    assert desk.web_session(here, 600) is None


async def test_error_pages_carry_the_security_headers_and_their_language_form_works(client):
    """A 404, a 405 and a name the server does not answer: the same policy, never cached; the language form at
    the foot of the 404 page is accepted (its form cookie was given)."""
    answers = [await client.get("/no-such-page"), await client.get("/language"),
               await client.get("/", headers={"Host": "evil.example"})]
    assert [a.status for a in answers][::2] == [404, 421]
    for answer in answers:
        assert answer.status >= 400
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"], answer.url
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Cache-Control"] == "no-store"
    sent = await client.post("/language", data={"csrf": csrf_of(await answers[0].text()), "language": "es",
                                                "back": "/"}, allow_redirects=False)
    assert sent.status == 303
