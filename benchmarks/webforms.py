"""Read a web page's forms and links as a browser does, and fill a form with a valid answer.

Standard library only (html.parser), so both the web benchmark's client (benchmarks/web_learners.py)
and the HTTP-level walkthrough test (tests/web/test_walkthrough.py, which loads this file by its
path) use the one reader. Nothing here knows the course's pages: a form is its action and its
fields, and a valid answer is one value for each group of radio buttons, at least one box of each
group of checkboxes, and one option in each select, distinct across selects that offer the same
options (an order or a match question: each item, or each meaning, is used once).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

CHOICE_KINDS = frozenset({"radio", "checkbox", "select"})
TYPED_KINDS = frozenset({"text", "password", "search", "email", "number", "tel", "url", "textarea"})


@dataclass
class Field:
    """One control: kind is the input's type, "select", "textarea" or "submit" (a button)."""

    kind: str
    name: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    """A select's option values (the empty placeholder option left out)."""
    checked: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def named(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]

    @property
    def is_question(self) -> bool:
        """The form asks something: it has radio buttons, checkboxes or select boxes."""
        return any(f.kind in CHOICE_KINDS for f in self.fields)

    @property
    def buttons(self) -> list[Field]:
        return [f for f in self.fields if f.kind == "submit"]


@dataclass
class Page:
    forms: list[Form] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    alerts: int = 0
    """Elements with role="alert": an error the page shows (a missing answer, say)."""

    def forms_to(self, prefix: str) -> list[Form]:
        return [f for f in self.forms if f.action.startswith(prefix)]

    def links_to(self, prefix: str) -> list[str]:
        return [link for link in self.links if link.startswith(prefix)]


class _Reader(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.page = Page()
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: list[str] | None = None
        """The text of an option without a value attribute, while it is read."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("role") == "alert":
            self.page.alerts += 1
        if tag == "a" and "href" in a:
            self.page.links.append(a["href"])
        elif tag == "form":
            self.form = Form(a.get("action") or self.url, (a.get("method") or "get").lower())
            self.page.forms.append(self.form)
        elif self.form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            kind = "submit" if kind in ("submit", "image") else kind
            default = "on" if kind in ("radio", "checkbox") else ""
            self.form.fields.append(Field(kind, a["name"], a.get("value", default), checked="checked" in a))
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self.form.fields.append(Field("submit", a.get("name", ""), a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.form.fields.append(Field("textarea", a["name"]))
        elif tag == "select" and a.get("name"):
            self.select = Field("select", a["name"])
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            if "value" in a:
                self._option(a["value"])
            else:
                self.option = []

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self.option is not None:
            self._option(" ".join("".join(self.option).split()))
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.form = None

    def _option(self, value: str) -> None:
        if value and self.select is not None:
            self.select.options.append(value)


FORM = re.compile(r"<form\b.*?</form>", re.S | re.I)


def read_page(html: str, url: str = "", *, forms_only: bool = False) -> Page:
    """The forms, links and alerts of a page; `url` is the form action when a form names none.
    `forms_only` reads the forms alone (html.parser is slow: a client of 50 learners reads less)."""
    reader = _Reader(url)
    reader.feed("".join(FORM.findall(html)) if forms_only else html)
    reader.close()
    return reader.page


def fill(form: Form, rng: random.Random | None = None, typed: dict[str, str] | None = None,
         button: str | None = None) -> list[tuple[str, str]]:
    """A valid submission of `form`: hidden fields as they are, `typed` text, a choice in each group
    (at random with `rng`, else the first), and the button whose value is `button` (else the first,
    which sends its name only if it has one)."""
    typed = typed or {}
    data: list[tuple[str, str]] = []
    done: set[str] = set()
    for f in form.fields:
        if f.kind == "hidden":
            data.append((f.name, f.value))
        elif f.kind in TYPED_KINDS:
            data.append((f.name, typed.get(f.name, f.value)))
        elif f.kind in ("radio", "checkbox") and f.name not in done:
            done.add(f.name)
            data.extend((f.name, v) for v in _boxes(form.named(f.name), rng))
    data.extend(_selects([f for f in form.fields if f.kind == "select"], rng))
    # The button pressed: the one asked for, else the first, as Enter in a field presses the first.
    buttons = form.buttons
    chosen = next((b for b in buttons if b.value == button), buttons[0] if buttons else None)
    if chosen is not None and chosen.name:
        data.append((chosen.name, chosen.value))
    return data


def _boxes(group: list[Field], rng: random.Random | None) -> list[str]:
    values = [f.value for f in group]
    if group[0].kind == "radio":
        return [rng.choice(values) if rng else values[0]]
    if rng is None:
        return values[:1]
    return rng.sample(values, rng.randint(1, len(values)))


def _selects(selects: list[Field], rng: random.Random | None) -> Iterable[tuple[str, str]]:
    """Selects that offer the same options get distinct values while there are enough to go round."""
    groups: dict[tuple[str, ...], list[Field]] = {}
    for s in selects:
        groups.setdefault(tuple(s.options), []).append(s)
    for options, group in groups.items():
        if not options:
            continue
        if len(group) <= len(options):
            values = list(options)
            if rng is not None:
                rng.shuffle(values)
            yield from ((s.name, v) for s, v in zip(group, values, strict=False))
        else:
            yield from ((s.name, rng.choice(options) if rng else options[0]) for s in group)
