"""`mhcourse map`: a module's scenarios as a Mermaid graph, a Graphviz (DOT) graph or an indented outline.

It reads the TOML document itself, not the validated model, so that a draft with an option whose `next`
names no step (or has no `next`) can still be drawn: the map is where an author sees what is missing.
Every piece of author text is cut to one short line and escaped for the format it goes into.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _

FORMATS = ("mermaid", "dot", "text")
LABEL_LENGTH = 60
"""The most characters of author text in one label; the rest is cut with an ellipsis."""


@dataclass(frozen=True)
class MapOption:
    text: str
    next: str | None
    """The step it leads to; None when the option has no `next`."""
    tone: str


@dataclass(frozen=True)
class MapStep:
    id: str
    text: str
    options: tuple[MapOption, ...]

    @property
    def is_ending(self) -> bool:
        return not self.options


@dataclass(frozen=True)
class MapScenario:
    id: str
    title: str
    start: str
    steps: tuple[MapStep, ...]
    _by_id: dict[str, MapStep] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for step in self.steps:
            self._by_id.setdefault(step.id, step)

    def step(self, step_id: str | None) -> MapStep | None:
        return self._by_id.get(step_id) if step_id is not None else None

    def reachable(self) -> set[str]:
        """The ids of the steps that can be reached from `start`."""
        seen: set[str] = set()
        todo = [self.start]
        while todo:
            step = self.step(todo.pop())
            if step is None or step.id in seen:
                continue
            seen.add(step.id)
            todo.extend(o.next for o in step.options if o.next is not None)
        return seen


def scenarios_of(document: dict[str, Any]) -> list[MapScenario]:
    """Every scenario of a module document, as much of each as can be read."""
    return [_scenario(i, raw) for i, raw in enumerate(_tables(document.get("scenarios")))]


def _tables(value: Any) -> list[dict[str, Any]]:
    return [t for t in value if isinstance(t, dict)] if isinstance(value, list) else []


def _word(value: Any, default: str = "?") -> str:
    return value if isinstance(value, str) and value else default


def _scenario(index: int, raw: dict[str, Any]) -> MapScenario:
    steps = tuple(
        MapStep(_word(step.get("id")), _word(step.get("text"), ""),
                tuple(MapOption(_word(o.get("text"), ""), o.get("next") if isinstance(o.get("next"), str) else None,
                                _word(o.get("tone"))) for o in _tables(step.get("options"))))
        for step in _tables(raw.get("steps")))
    return MapScenario(_word(raw.get("id"), f"scenarios[{index}]"), _word(raw.get("title"), ""),
                       _word(raw.get("start")), steps)


def render(scenarios: list[MapScenario], fmt: str) -> str:
    """The map of `scenarios` in `fmt` (one of FORMATS)."""
    renderers: dict[str, Callable[[list[MapScenario]], list[str]]] = {
        "mermaid": _mermaid, "dot": _dot, "text": _text}
    return "\n".join(renderers[fmt](scenarios)) + "\n"


def short(text: str, length: int = LABEL_LENGTH) -> str:
    """Author text on one line (control characters and line breaks become spaces), cut to `length`."""
    one_line = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())
    return one_line if len(one_line) <= length else one_line[: length - 1].rstrip() + "…"


def _missing(target: str | None) -> str:
    if target is None:
        return _("no next step given")
    return _("missing step '{id}'").format(id=target)


# -- Mermaid ----------------------------------------------------------------------------------------------

_MERMAID_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;",
                     "|": "#124;", "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;"}
_TONE_COLOURS = {"helpful": "#1a7f37", "neutral": "#6e7781", "unhelpful": "#cf222e"}


def mermaid_text(text: str) -> str:
    """Author text inside a quoted Mermaid label: quotes, markup and Mermaid's own characters as entities."""
    return "".join(_MERMAID_ENTITIES.get(c, c) for c in short(text))


def _mermaid(scenarios: list[MapScenario]) -> list[str]:
    out = ["flowchart TD"]
    links: dict[str, list[int]] = {}
    count = 0
    for si, scenario in enumerate(scenarios):
        ids = {step.id: f"s{si}_{n}" for n, step in enumerate(scenario.steps)}
        reachable = scenario.reachable()
        out.append(f'  subgraph sc{si}["{mermaid_text(scenario.id + ": " + scenario.title)}"]')
        out.append(f'    sc{si}_start(["{mermaid_text(_("start"))}"])')
        start = ids.get(scenario.start)
        if start is None:
            start = f"sc{si}_nostart"
            out.append(f'    {start}{{{{"{mermaid_text(_missing(scenario.start))}"}}}}:::missing')
        out.append(f"    sc{si}_start --> {start}")
        count += 1
        for step in scenario.steps:
            label = mermaid_text(step.id) + "<br/>" + mermaid_text(step.text)
            if step.is_ending:
                out.append(f'    {ids[step.id]}(["{mermaid_text(_("ending"))}: {label}"]):::ending')
            elif step.id not in reachable:
                out.append(f'    {ids[step.id]}["{mermaid_text(_("unreachable"))}: {label}"]:::missing')
            else:
                out.append(f'    {ids[step.id]}["{label}"]')
        for step in scenario.steps:
            for oi, option in enumerate(step.options):
                target = ids.get(option.next) if option.next is not None else None
                if target is None:
                    target = f"{ids[step.id]}_missing{oi}"
                    out.append(f'    {target}{{{{"{mermaid_text(_missing(option.next))}"}}}}:::missing')
                edge = mermaid_text(option.tone) + ": " + mermaid_text(option.text)
                out.append(f'    {ids[step.id]} -->|"{edge}"| {target}')
                links.setdefault(option.tone, []).append(count)
                count += 1
        out.append("  end")
    out.append("  classDef ending stroke-width:3px")
    out.append("  classDef missing stroke:#cf222e,stroke-dasharray:5 5")
    for tone, indices in links.items():
        if tone in _TONE_COLOURS:
            out.append(f"  linkStyle {','.join(map(str, indices))} stroke:{_TONE_COLOURS[tone]}")
    return out


# -- Graphviz -----------------------------------------------------------------------------------------------


def dot_text(text: str) -> str:
    """Author text inside a quoted DOT string: backslashes and quotes escaped (no \\n, \\l or \\N escapes)."""
    return short(text).replace("\\", "\\\\").replace('"', '\\"')


def _dot(scenarios: list[MapScenario]) -> list[str]:
    out = ["digraph scenarios {", "  node [shape=box, style=rounded];"]
    for si, scenario in enumerate(scenarios):
        ids = {step.id: f"s{si}_{n}" for n, step in enumerate(scenario.steps)}
        reachable = scenario.reachable()
        out.append(f"  subgraph cluster_{si} {{")
        out.append(f'    label="{dot_text(scenario.id + ": " + scenario.title)}";')
        out.append(f'    sc{si}_start [label="{dot_text(_("start"))}", shape=circle];')
        start = ids.get(scenario.start)
        if start is None:
            start = f"sc{si}_nostart"
            out.append(f'    {start} [label="{dot_text(_missing(scenario.start))}", color=red, style=dashed];')
        out.append(f"    sc{si}_start -> {start};")
        for step in scenario.steps:
            label = dot_text(step.id) + "\\n" + dot_text(step.text)
            if step.is_ending:
                out.append(f'    {ids[step.id]} [label="{dot_text(_("ending"))}: {label}", peripheries=2];')
            elif step.id not in reachable:
                out.append(f'    {ids[step.id]} [label="{dot_text(_("unreachable"))}: {label}", color=red, '
                           "style=dashed];")
            else:
                out.append(f'    {ids[step.id]} [label="{label}"];')
        for step in scenario.steps:
            for oi, option in enumerate(step.options):
                target = ids.get(option.next) if option.next is not None else None
                if target is None:
                    target = f"{ids[step.id]}_missing{oi}"
                    out.append(f'    {target} [label="{dot_text(_missing(option.next))}", color=red, style=dashed];')
                colour = _TONE_COLOURS.get(option.tone, "black")
                edge = dot_text(option.tone) + ": " + dot_text(option.text)
                out.append(f'    {ids[step.id]} -> {target} [label="{edge}", color="{colour}"];')
        out.append("  }")
    out.append("}")
    return out


# -- text ---------------------------------------------------------------------------------------------------


def _text(scenarios: list[MapScenario]) -> list[str]:
    out: list[str] = []
    for scenario in scenarios:
        if out:
            out.append("")
        out.append(f"{scenario.id}: {short(scenario.title)}")
        shown: set[str] = set()
        start = scenario.step(scenario.start)
        if start is None:
            out.append(f"  start -> !! {_missing(scenario.start)}")
        else:
            _outline(scenario, start, 1, shown, out)
        for step in scenario.steps:
            if step.id not in shown:
                out.append("  " + _("!! unreachable: {step}").format(step=_step_line(step)))
                shown.add(step.id)
    return out


def _step_line(step: MapStep) -> str:
    ending = f" [{_('ending')}]" if step.is_ending else ""
    return f'{step.id}{ending}: "{short(step.text)}"'


def _outline(scenario: MapScenario, step: MapStep, depth: int, shown: set[str], out: list[str]) -> None:
    """The step, then each option and, the first time it is reached, the step it leads to (depth first)."""
    shown.add(step.id)
    out.append("  " * depth + _step_line(step))
    for option in step.options:
        target = scenario.step(option.next)
        line = "  " * (depth + 1) + f'{option.tone}: "{short(option.text)}" ->'
        if target is None:
            out.append(f"{line} !! {_missing(option.next)}")
        elif target.id in shown:
            out.append(f"{line} " + _("{step} (above)").format(step=target.id))
        else:
            out.append(line)
            _outline(scenario, target, depth + 2, shown, out)
