"""The way in: make a profile, open one (from the list, or by typed name where names are hidden), its PIN.

The rules are the desk's (progress/desk.py), as in the TUI and the plain face: a profile is read
again and its PIN checked by the store at the moment of opening, wrong PINs are counted and locked
there, an unknown hidden name is asked for a PIN like a protected profile and refused in the same
words, and where PINs are required a new profile is made with its PIN in one step. The profile
being opened waits in server memory (pending.py), keyed by the browser's form token: never in an
address or a form field. Every sign-in makes a new session key.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...errors import ProfileError
from ...i18n import _
from ...pins import MAX_PIN
from ...progress.desk import NAME_LIMIT, check_new_pin
from ...progress.profile import Opening, Profile
from ..keys import CHOSEN, COURSE, PENDING, VISITS
from ..language import asked, keep_chosen
from ..pending import Choice
from ..render import core, go, page, see
from ..visits import FORM_COOKIE, form_token, set_session_cookie
from .welcome import welcome_page, with_welcome

routes = web.RouteTableDef()



def _gone() -> str:
    return _("That profile is no longer on this computer.")


def _field(data: Any, name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


def _away_if_signed_in(request: web.Request) -> None:
    """A signed-in browser has its learner already: signing out comes first (a shared computer's habit)."""
    if request["visit"] is not None:
        go("/home")


async def _go_in(request: web.Request, profile: Profile) -> web.Response:
    """Sign the opened profile in: a new session (a new key), its cookie, and home."""
    course, book = request.app[COURSE], request.app[VISITS]
    browser, chosen = asked(request), request.app[CHOSEN].get(request.cookies.get(FORM_COOKIE, ""))

    def start() -> str:
        return book.sign_in(keep_chosen(course.desk.start(profile, course.modules, course.rng(), asked=browser),
                                        chosen)).key

    key = await core(request, start)
    request.app[PENDING].drop(form_token(request))
    response = see("/home")
    set_session_cookie(request, response, key)
    return response


# -- making a profile --------------------------------------------------------------------------------


def _new_page(request: web.Request, *, problem: str = "", name: str = "", status: int = 200) -> web.Response:
    desk = request.app[COURSE].desk
    return page(request, "profile_new.html", title=_("Make a profile"), status=status, problem=problem, name=name,
                hidden=desk.hide_names, offers_pin=desk.shared_machine, requires_pin=desk.require_pin,
                name_limit=NAME_LIMIT, pin_limit=MAX_PIN)


@routes.get("/profiles/new")
async def new_profile(request: web.Request) -> web.StreamResponse:
    _away_if_signed_in(request)
    return _new_page(request)


@routes.post("/profiles/new")
async def make_profile(request: web.Request) -> web.StreamResponse:
    _away_if_signed_in(request)
    data = await request.post()
    name, pin, again = _field(data, "name"), _field(data, "pin"), _field(data, "pin_again")
    desk = request.app[COURSE].desk
    problem = new_pin_problem(pin, again, required=desk.require_pin) if name.strip() else _("Please type a name.")
    if problem:
        return _new_page(request, problem=problem, name=name, status=400)

    def make() -> Opening | str:
        try:
            return desk.create(name, pin or None)
        except ProfileError as err:  # a taken or unusable name: the desk's words
            return str(err)

    made = await core(request, make)
    if isinstance(made, str) or made.profile is None:
        return _new_page(request, problem=made if isinstance(made, str) else _gone(), name=name, status=400)
    return await _go_in(request, made.profile)


def new_pin_problem(pin: str, again: str, *, required: bool) -> str:
    """What is wrong with a new PIN typed twice ("" when nothing is: a PIN, or none where none is required)."""
    if not pin and not again:
        return _("This computer asks every profile for a PIN. Please choose one.") if required else ""
    try:
        check_new_pin(pin)
    except ProfileError as err:
        return _("{problem} Please type a PIN again.").format(problem=err)
    if pin != again:
        return _("The two PINs are not the same. Please type a PIN again.")
    return ""


# -- opening a profile -------------------------------------------------------------------------------


def _chosen(request: web.Request, data: Any) -> int | str | None:
    """Who the form names: a profile from the list (its id), or a typed name. Where names are hidden, only a
    typed name: an id would let anyone open a PIN-less profile they cannot see."""
    hidden = request.app[COURSE].desk.hide_names
    picked = _field(data, "profile")
    if picked and not hidden:
        return int(picked) if picked.isdecimal() and len(picked) < 12 else None
    typed = _field(data, "name").strip()
    return typed or None


@routes.post("/profiles/open")
async def open_profile(request: web.Request) -> web.StreamResponse:
    _away_if_signed_in(request)
    who = _chosen(request, await request.post())
    desk, pending, token = request.app[COURSE].desk, request.app[PENDING], form_token(request)
    if who is None:
        await with_welcome(request)
        return welcome_page(request, _("Please type your name."), 400)

    def opening() -> tuple[Opening, str]:
        found = desk.lock(who) or desk.open(who)  # paused: say so before any PIN is asked
        profile = desk.find(who) if not desk.hide_names else None
        return found, profile.name if profile is not None else ""

    found, name = await core(request, opening)
    if found.ok and found.profile is not None and not found.set_pin:
        return await _go_in(request, found.profile)
    if found.status == "gone":
        await with_welcome(request)
        return welcome_page(request, _gone(), 404)
    if found.ok and found.profile is not None:  # the site requires a PIN and this profile has none yet
        pending.put(token, Choice(found.profile.id, "new-pin", name=found.profile.name))
    else:
        pending.put(token, Choice(who, "pin", name=name))
    go("/profiles/pin")


@routes.get("/profiles/pin")
async def pin_page(request: web.Request) -> web.StreamResponse:
    _away_if_signed_in(request)
    choice = request.app[PENDING].get(form_token(request))
    if choice is None:
        go("/")
    desk = request.app[COURSE].desk
    problem, choice.problem = choice.problem, ""  # shown once, as the answer to the form just sent

    def paused() -> str:
        lock = desk.lock(choice.who) if choice.step == "pin" else None
        return "" if lock is None else desk.refusal(lock)

    problem = problem or await core(request, paused)
    title = _("Choose a PIN") if choice.step == "new-pin" else _("Type your PIN")
    return page(request, "profile_pin.html", title=title, problem=problem, step=choice.step,
                name=choice.name if not desk.hide_names or choice.step == "new-pin" else "", pin_limit=MAX_PIN)


@routes.post("/profiles/pin")
async def send_pin(request: web.Request) -> web.StreamResponse:
    _away_if_signed_in(request)
    token = form_token(request)
    choice = request.app[PENDING].get(token)
    if choice is None:
        go("/")
    data = await request.post()
    pin = _field(data, "pin")
    if choice.step == "new-pin":
        return await _set_required_pin(request, choice, pin, _field(data, "pin_again"))
    if not pin.strip():
        choice.problem = _("Please type the PIN.")
        go("/profiles/pin#feedback")
    desk = request.app[COURSE].desk

    def check() -> tuple[Opening, str]:
        opened = desk.open(choice.who, pin)
        return opened, "" if opened.ok or opened.status == "gone" else desk.refusal(opened)

    opened, refusal = await core(request, check)
    if opened.ok and opened.profile is not None and opened.set_pin:  # its PIN was removed meanwhile: a new one
        request.app[PENDING].put(token, Choice(opened.profile.id, "new-pin", name=opened.profile.name))
        go("/profiles/pin")
    if opened.ok and opened.profile is not None:
        return await _go_in(request, opened.profile)
    if opened.status == "gone":
        request.app[PENDING].drop(token)
        await with_welcome(request)
        return welcome_page(request, _gone(), 404)
    choice.problem = refusal
    go("/profiles/pin#feedback")


async def _set_required_pin(request: web.Request, choice: Choice, pin: str, again: str) -> web.StreamResponse:
    """The site requires a PIN and the profile opened has none: it sets one before going in."""
    problem = new_pin_problem(pin, again, required=True)
    if problem:
        choice.problem = problem
        go("/profiles/pin#feedback")
    desk = request.app[COURSE].desk

    def protect() -> Profile | None:
        profile = desk.find(choice.who)
        if profile is None or profile.has_pin:  # gone, or protected meanwhile: open it with its PIN instead
            return None
        desk.set_pin(profile, pin)
        return desk.find(profile.id)

    profile = await core(request, protect)
    if profile is None:
        request.app[PENDING].drop(form_token(request))
        go("/")
    return await _go_in(request, profile)
