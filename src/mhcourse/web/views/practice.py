"""A practice conversation (a scenario): choose what to say, see how it lands, and a summary at the end.

The walk is the core's (journey.Walk): it saves the place as it opens and records each ending reached.
It lives in the visit's memory (visit.walks), one per (module, scenario). The options of a step are
shuffled once and that order kept with the walk, so a reload shows the same order and option=<n>
means the option the learner saw as number n. A form names the step it was made for (`at`: how many
choices were made before it), so a replayed or stale form (Back, then Choose) changes nothing.

The options are a fieldset of radio buttons with one "Choose" button, not a button per option: a
screen reader announces the group's question and "1 of 4" on each option, so a learner can hear every
option before committing, and the form reads the same way as every question in the course.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from aiohttp import web

from ...content.models import Module, Option, Scenario
from ...i18n import _
from ...progress.journey import Walk, tone_words
from ..gate import module_of, note_first
from ..render import core, go, page, signed_in
from ..urls import practice_url
from ..visits import Visit

if TYPE_CHECKING:
    from ..questions import FormData

routes = web.RouteTableDef()

_SHOWN: WeakKeyDictionary[Walk, tuple[int, list[Option]]] = WeakKeyDictionary()
"""The options of each walk's current step in the order shown, with the number of choices made before it.
Touched only on the store's thread; gone with the walk."""


def _scenario_of(request: web.Request) -> tuple[Module, Scenario]:
    module = module_of(request)
    scenario = module.scenario(request.match_info.get("scenario", ""))
    if scenario is None:
        raise web.HTTPNotFound()
    return module, scenario


def _walk(visit: Visit, module: Module, scenario: Scenario) -> Walk:
    """The visit's walk of this scenario, started (its place saved) when there is none yet."""
    key = (module.id, scenario.id)
    walk = visit.walks.get(key)
    if walk is None:
        walk = visit.walks[key] = visit.learner.walk(module, scenario)
    return walk


def _options(walk: Walk) -> list[Option]:
    """The current step's options in the order shown: shuffled once per step, then kept."""
    made = len(walk.run.path)
    kept = _SHOWN.get(walk)
    if kept is None or kept[0] != made:
        kept = _SHOWN[walk] = (made, walk.options())
    return kept[1]


def _landed(tone: str, said: str | None) -> str:
    """How a choice lands, as the core words it, then its feedback (the plain face's words)."""
    if said:
        return _("{tone}. {feedback}").format(tone=tone_words(tone), feedback=said)
    return _("{tone}.").format(tone=tone_words(tone))


def _view(visit: Visit, module: Module, scenario: Scenario) -> dict[str, Any]:
    """The conversation as it stands: the last choice and how it landed, the step, its options or the end."""
    here = practice_url(module, scenario.id)
    if (note := note_first(visit, module, here)) is not None:
        return {"go": note}
    walk = _walk(visit, module, scenario)
    path = walk.run.path
    last = path[-1] if path else None
    ctx: dict[str, Any] = {
        "module": module,
        "scenario": scenario,
        "step": walk.step,
        "ended": walk.ended,
        "made": len(path),
        "last": None if last is None else {"text": last.text, "landed": _landed(last.tone, last.feedback)},
        "options": [] if walk.ended else [o.text for o in _options(walk)],
    }
    if walk.ended:
        summary = walk.summary()
        ctx["summary"] = _("The end of this practice. {summary}").format(summary=summary.sentence())
        ctx["helpful"] = list(summary.helpful_choices)
    return ctx


@routes.get("/modules/{module}/practice/{scenario}")
async def practice(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module, scenario = _scenario_of(request)
    ctx = await core(request, _view, visit, module, scenario)
    if "go" in ctx:
        go(ctx["go"])
    ctx["problem"] = (_("Choose one of the options, then Choose.")
                      if request.query.get("problem") == "choose" and not ctx["ended"] else None)
    title = _("Practice: {scenario} - {module}").format(scenario=scenario.title, module=module.title)
    return page(request, "practice.html", title=title, lang=module.module.language, **ctx)


def _number(form: FormData, name: str) -> int | None:
    values = form.getall(name, [])
    if len(values) != 1 or not isinstance(values[0], str) or not values[0].isdecimal() or len(values[0]) > 4:
        return None
    return int(values[0])


def _choose(visit: Visit, module: Module, scenario: Scenario, form: FormData) -> str:
    """Take the option chosen on the step the form was made for; a stale or broken form changes nothing."""
    here = practice_url(module, scenario.id)
    if (note := note_first(visit, module, here)) is not None:
        return note
    walk = _walk(visit, module, scenario)
    at, option = _number(form, "at"), _number(form, "option")
    if walk.ended or at != len(walk.run.path):
        return here
    options = _options(walk)
    if option is None or not 1 <= option <= len(options):
        return here + "?problem=choose#options"
    walk.choose(options[option - 1])
    return here + "#feedback"


@routes.post("/modules/{module}/practice/{scenario}/choose")
async def choose(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module, scenario = _scenario_of(request)
    form = await request.post()
    go(await core(request, _choose, visit, module, scenario, form))


def _again(visit: Visit, module: Module, scenario: Scenario) -> str:
    here = practice_url(module, scenario.id)
    if (note := note_first(visit, module, here)) is not None:
        return note
    walk = _walk(visit, module, scenario)
    if walk.ended:  # a replayed Practise again in the middle of a new play does not restart it
        walk.again()
    return here


@routes.post("/modules/{module}/practice/{scenario}/again")
async def again(request: web.Request) -> web.StreamResponse:
    visit = signed_in(request)
    module, scenario = _scenario_of(request)
    go(await core(request, _again, visit, module, scenario))
