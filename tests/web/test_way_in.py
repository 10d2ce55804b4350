"""The way in over HTTP: choosing, making and opening a profile, its PIN, hidden names, required PINs."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

from tests.web.conftest import csrf_of

from mhcourse.progress.access import Access, Kiosk
from mhcourse.progress.pins import PIN_TRIES
from mhcourse.web.app import build_app
from mhcourse.web.visits import SESSION_COOKIE

HIDDEN = Access(kiosk=Kiosk(hide_names=True))
REQUIRED = Access(require_pin=True)


async def served(aiohttp_client, make_course, **options):
    return await aiohttp_client(build_app(make_course(**options)))


async def post_from(client, page: str, action: str, **data):
    """Send a form of `page` (its token) to `action`, as a browser would."""
    html = await (await client.get(page)).text()
    return await client.post(action, data={"csrf": csrf_of(html), **data})


def session_key(client) -> str | None:
    return next((c.value for c in client.session.cookie_jar if c.key == SESSION_COOKIE), None)


async def test_the_welcome_page_lists_profiles_and_marks_the_protected_ones(client, store):
    store.create_profile("Ana")
    store.create_profile("Ben", pin="4071")
    html = await (await client.get("/")).text()
    assert "Who is learning?" in html
    assert re.search(r'name="profile" value="\d+">Ana</button>', html)
    assert "Ben (protected with a PIN)" in html
    assert 'href="/profiles/new"' in html


async def test_a_new_profile_is_made_and_signed_in(client, store):
    response = await post_from(client, "/profiles/new", "/profiles/new", name="Ana")
    assert response.status == 200 and str(response.url).endswith("/home")
    assert "Ana" in await response.text()
    assert store.profile("Ana") is not None and session_key(client)


async def test_the_name_field_is_not_remembered_and_stops_at_the_limit(client):
    html = await (await client.get("/profiles/new")).text()
    field = re.search(r'<input type="text" id="name"[^>]*>', html).group(0)
    assert 'autocomplete="off"' in field and 'maxlength="40"' in field
    assert 'type="password"' not in html  # a computer nobody else uses offers no PIN here


async def test_a_taken_name_is_refused_in_the_desks_words(client, store):
    store.create_profile("Ana")
    response = await post_from(client, "/profiles/new", "/profiles/new", name="ana")
    html = await response.text()
    assert response.status == 400
    assert "There is already a profile called &#39;ana&#39;" in html and 'role="alert"' in html
    assert session_key(client) is None


async def test_a_shared_computer_offers_a_pin_which_may_be_left_out(aiohttp_client, make_course, store):
    client = await served(aiohttp_client, make_course, access=Access(shared=True))
    html = await (await client.get("/profiles/new")).text()
    pin = re.search(r'<input type="password" id="pin"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in pin and 'autocomplete="off"' in pin and "required" not in pin
    assert "pattern" not in pin  # a PIN may be a passphrase
    await post_from(client, "/profiles/new", "/profiles/new", name="Ana")
    assert not store.profile("Ana").has_pin


async def test_a_required_pin_is_set_with_the_new_profile_or_nothing_is_made(aiohttp_client, make_course, store):
    client = await served(aiohttp_client, make_course, access=REQUIRED)
    response = await post_from(client, "/profiles/new", "/profiles/new", name="Ana")
    assert response.status == 400 and "asks every profile for a PIN" in await response.text()
    response = await post_from(client, "/profiles/new", "/profiles/new", name="Ana", pin="4071", pin_again="4072")
    assert "The two PINs are not the same" in await response.text()
    response = await post_from(client, "/profiles/new", "/profiles/new", name="Ana", pin="12", pin_again="12")
    assert response.status == 400
    assert store.profile("Ana") is None
    response = await post_from(client, "/profiles/new", "/profiles/new", name="Ana", pin="4071", pin_again="4071")
    assert str(response.url).endswith("/home")
    assert store.profile("Ana").has_pin


async def test_a_profile_without_a_pin_opens_at_once(client, store):
    ana = store.create_profile("Ana")
    response = await post_from(client, "/", "/profiles/open", profile=str(ana.id))
    assert str(response.url).endswith("/home") and "Ana" in await response.text()


async def test_a_protected_profile_asks_its_pin_and_the_address_names_nobody(client, store):
    ben = store.create_profile("Ben", pin="4071")
    response = await post_from(client, "/", "/profiles/open", profile=str(ben.id))
    html = await response.text()
    assert response.url.path == "/profiles/pin" and not response.url.query
    assert "Ben is protected with a PIN." in html
    assert re.findall(r'type="hidden" name="(\w+)"', html.split("<footer>")[0]) == ["csrf"]  # the form names no profile
    pin = re.search(r'<input type="password" id="pin"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in pin and 'autocomplete="off"' in pin
    wrong = await client.post("/profiles/pin", data={"csrf": csrf_of(html), "pin": "9999"})
    assert f"That is not the PIN. {PIN_TRIES - 1} more tries before a pause." in await wrong.text()
    assert str(wrong.url).endswith("/profiles/pin#feedback") or wrong.url.path == "/profiles/pin"
    right = await client.post("/profiles/pin", data={"csrf": csrf_of(html), "pin": "4071"})
    assert right.url.path == "/home" and "Ben" in await right.text()


async def test_an_empty_pin_is_asked_again_and_not_counted(client, store):
    ben = store.create_profile("Ben", pin="4071")
    html = await (await post_from(client, "/", "/profiles/open", profile=str(ben.id))).text()
    again = await client.post("/profiles/pin", data={"csrf": csrf_of(html), "pin": ""})
    assert "Please type the PIN." in await again.text()
    assert store.check_pin(ben.id, "4071").ok


async def test_the_pin_page_without_a_chosen_profile_goes_to_the_welcome_page(client):
    response = await client.get("/profiles/pin")
    assert response.url.path == "/"


async def test_a_gone_profile_is_said_plainly(client):
    response = await post_from(client, "/", "/profiles/open", profile="999")
    assert response.status == 404 and "no longer on this computer" in await response.text()


async def test_a_required_pin_is_set_before_an_old_profile_goes_in(aiohttp_client, make_course, store):
    client = await served(aiohttp_client, make_course, access=REQUIRED)
    ana = store.create_profile("Ana")
    response = await post_from(client, "/", "/profiles/open", profile=str(ana.id))
    html = await response.text()
    assert response.url.path == "/profiles/pin" and "Ana has none yet" in html
    assert session_key(client) is None
    done = await client.post("/profiles/pin", data={"csrf": csrf_of(html), "pin": "4071", "pin_again": "4071"})
    assert done.url.path == "/home"
    assert store.profile("Ana").has_pin


async def test_hidden_names_list_nobody_and_answer_alike(aiohttp_client, make_course, store):
    client = await served(aiohttp_client, make_course, access=HIDDEN)
    ben = store.create_profile("Ben", pin="4071")
    html = await (await client.get("/")).text()
    assert "Ben" not in html and 'id="name"' in html
    answers = []
    for name in ("Ben", "Nobody"):
        page = await (await post_from(client, "/", "/profiles/open", name=name)).text()
        assert "protected" not in page and name not in page.split("<main")[1]
        wrong = await client.post("/profiles/pin", data={"csrf": csrf_of(page), "pin": "9999"})
        answers.append(re.search(r'role="alert"[^>]*>([^<]*)<', await wrong.text()).group(1))
    assert answers[0] == answers[1] and answers[0].startswith("Name or PIN not recognised.")
    # an id from elsewhere opens nothing where names are hidden
    response = await post_from(client, "/", "/profiles/open", profile=str(ben.id))
    assert response.status == 400 and session_key(client) is None


async def test_hidden_names_open_a_profile_by_its_typed_name(aiohttp_client, make_course, store):
    client = await served(aiohttp_client, make_course, access=HIDDEN)
    store.create_profile("Ben", pin="4071")
    page = await (await post_from(client, "/", "/profiles/open", name="ben")).text()
    right = await client.post("/profiles/pin", data={"csrf": csrf_of(page), "pin": "4071"})
    assert right.url.path == "/home" and "Ben" in await right.text()


async def test_every_sign_in_makes_a_new_key(client, store):
    ana = store.create_profile("Ana")
    keys = []
    for _ in range(2):
        await post_from(client, "/", "/profiles/open", profile=str(ana.id))
        keys.append(session_key(client))
        home = await (await client.get("/home")).text()
        await client.post("/signout", data={"csrf": csrf_of(home)})
    assert keys[0] and keys[1] and keys[0] != keys[1]


async def test_the_welcome_page_tells_of_a_store_moved_aside(client, store):
    store.notice = "The progress file was damaged and moved aside."
    assert "moved aside" in await (await client.get("/")).text()


async def test_a_kiosks_shorter_idle_time_ends_sessions(make_course):
    assert make_course(access=Access(kiosk=Kiosk(idle_minutes=5))).idle_seconds == 300
    assert make_course(access=Access(kiosk=Kiosk(idle_minutes=90))).idle_seconds == 30 * 60


# -- settings ------------------------------------------------------------------------------------------


async def sign_in_as(client, profile, pin: str | None = None):
    """Open `profile` from the welcome page (with its PIN); the home page's response."""
    response = await post_from(client, "/", "/profiles/open", profile=str(profile.id))
    if pin is not None:
        response = await client.post("/profiles/pin", data={"csrf": csrf_of(await response.text()), "pin": pin})
    assert response.url.path == "/home"
    return response


async def test_the_look_is_saved_and_switches_the_page(client, store):
    ana = store.create_profile("Ana")
    await sign_in_as(client, ana)
    html = await (await client.get("/settings")).text()
    assert 'id="theme-system" name="theme" value="system" checked' in html
    for theme, look in (("high-contrast", 'class="contrast"'), ("dark", 'class="dark"'), ("light", 'class="light"')):
        saved = await post_from(client, "/settings", "/settings", theme=theme, country="")
        assert saved.url.path == "/settings" and "Saved." in await saved.text()
        assert look in await (await client.get("/home")).text()
        assert store.setting(ana.id, "theme") == theme
    await post_from(client, "/settings", "/settings", theme="system", country="GB")
    assert "<html lang=\"en\">" in await (await client.get("/home")).text()
    assert store.setting(ana.id, "theme") is None and store.setting(ana.id, "country") == "GB"


async def test_a_look_or_country_not_offered_is_refused(client, store):
    await sign_in_as(client, store.create_profile("Ana"))
    response = await post_from(client, "/settings", "/settings", theme="neon", country="XX")
    assert response.status == 400 and 'role="alert"' in await response.text()


async def test_a_guests_settings_live_with_the_guest(client, store):
    from tests.web.conftest import as_guest

    await as_guest(client)
    await post_from(client, "/settings", "/settings", theme="dark", country="")
    html = await (await client.get("/settings")).text()
    assert 'class="dark"' in html and "Set a PIN" not in html
    assert store.profiles() == []


async def test_changing_the_pin_signs_out_every_other_browser(aiohttp_client, make_course, store):
    ben = store.create_profile("Ben", pin="4071")
    app = build_app(make_course())
    here, there = await aiohttp_client(app), await aiohttp_client(app)
    await sign_in_as(here, ben, "4071")
    await sign_in_as(there, ben, "4071")
    wrong = await post_from(here, "/settings", "/settings/pin", current="9999", pin="5555", pin_again="5555")
    assert wrong.status == 400 and "That is not the PIN." in await wrong.text()
    done = await post_from(here, "/settings", "/settings/pin", current="4071", pin="5555", pin_again="5555")
    assert done.url.path == "/settings" and "Your PIN is set." in await done.text()
    assert (await here.get("/home", allow_redirects=False)).status == 200
    assert (await there.get("/home", allow_redirects=False)).status == 303
    assert store.check_pin(ben.id, "5555").ok


# -- the pages' structure --------------------------------------------------------------------------------


class Outline(HTMLParser):
    """Headings, inputs, labels and ids of a page, as a screen reader's outline would use them."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.inputs: list[str] = []
        self.labels: set[str] = set()
        self.ids: list[str] = []
        self.styled = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in found:
            self.ids.append(found["id"])
        if "style" in found or (tag == "script" and "src" not in found):
            self.styled = True
        if tag == "label" and "for" in found:
            self.labels.add(found["for"])
        if tag in ("input", "select") and found.get("type") not in ("hidden", "submit"):
            self.inputs.append(found.get("id", ""))


def assert_well_made(html: str) -> None:
    outline = Outline()
    outline.feed(html)
    assert outline.headings.count(1) == 1 and outline.headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(outline.headings)), outline.headings
    assert all(field and field in outline.labels for field in outline.inputs), outline.inputs
    assert len(outline.ids) == len(set(outline.ids)), outline.ids
    assert not outline.styled


async def test_every_page_of_the_way_in_is_well_made(aiohttp_client, make_course, store):
    ana, ben = store.create_profile("Ana"), store.create_profile("Ben", pin="4071")
    for access in (Access(shared=True), HIDDEN, REQUIRED):
        client = await served(aiohttp_client, make_course, access=access)
        for path in ("/", "/profiles/new", "/help", "/support"):
            assert_well_made(await (await client.get(path)).text())
        chosen = {"name": "Ben"} if access is HIDDEN else {"profile": str(ben.id)}
        assert_well_made(await (await post_from(client, "/", "/profiles/open", **chosen)).text())
    client = await served(aiohttp_client, make_course, access=REQUIRED)
    assert_well_made(await (await post_from(client, "/", "/profiles/open", profile=str(ana.id))).text())
    client = await served(aiohttp_client, make_course)
    await sign_in_as(client, ben, "4071")
    for path in ("/settings", "/help", "/support"):
        assert_well_made(await (await client.get(path)).text())


async def test_a_pin_removed_while_it_was_asked_is_set_again_where_pins_are_required(aiohttp_client, make_course,
                                                                                      store):
    client = await served(aiohttp_client, make_course, access=REQUIRED)
    ben = store.create_profile("Ben", pin="4071")
    page = await (await post_from(client, "/", "/profiles/open", profile=str(ben.id))).text()
    store.set_pin(ben.id, None)  # the facilitator's reset-pin --clear
    response = await client.post("/profiles/pin", data={"csrf": csrf_of(page), "pin": "4071"})
    assert response.url.path == "/profiles/pin" and "Ben has none yet" in await response.text()
    assert session_key(client) is None
