"""The shipped catalogs say everything the source asks them to, and the compiled .mo files say exactly that.

Reads the template `make test` extracts before pytest (locale/mhcourse.pot; extracted here with Babel when it
is missing). A new or changed user-facing string fails these tests until every shipped language translates it
and `make catalogs` compiles it (docs/translating.md): that is intended, so no English line slips into a
Spanish or French screen unseen. An entry the same in both languages on purpose (a product name, "Email")
carries the translator comment `# same-on-purpose` in its .po.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from mhcourse.i18n import ENGLISH, LOCALE_DIR, SHIPPED

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "locale" / "mhcourse.pot"
SOURCE = ROOT / "src" / "mhcourse"
LANGUAGES = [code for code in SHIPPED if code != ENGLISH]
SAME_ON_PURPOSE = "same-on-purpose"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[.\[][^{}]*)?(?:[!:][^{}]*)?\}|%\(\w+\)[sdr]|%[sdr]")
SHOWN = 40
"""At most this many problems are listed in a failure (the count says how many there are)."""


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Catalog:
    if POT.exists():
        with POT.open("rb") as file:
            return read_po(file)
    from babel.messages.frontend import CommandLineInterface

    pot = tmp_path_factory.mktemp("pot") / "mhcourse.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "ngettext:1,2",
                                "-k", "N_", "--project", "mhcourse", "-o", str(pot), str(SOURCE)])
    with pot.open("rb") as file:
        return read_po(file)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "mhcourse.po"


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def forms(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def translations(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def placeholders(texts: tuple[str, ...]) -> set[str]:
    return {found for text in texts for found in PLACEHOLDER.findall(text or "")}


def fail_with(problems: list[str], advice: str) -> None:
    if problems:
        shown = "\n  ".join(problems[:SHOWN])
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        pytest.fail(f"{len(problems)} problem(s); {advice}:\n  {shown}{more}")


def short(msgid: str | tuple[str, ...]) -> str:
    text = msgid[0] if isinstance(msgid, tuple | list) else msgid
    return repr(text[:70] + ("..." if len(text) > 70 else ""))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language, template):
    """Every msgid of the source is in the language's .po, translated in every plural form, not fuzzy, not
    the English again (unless `# same-on-purpose`), with the same {placeholders}."""
    catalog = read_catalog(language)
    problems = []
    for wanted in template:
        if not wanted.id:
            continue  # the header
        message = catalog.get(wanted.id, wanted.context)
        if message is None:
            problems.append(f"missing: {short(wanted.id)}")
            continue
        said = translations(message)
        english = forms(wanted)
        if message.fuzzy:
            problems.append(f"fuzzy (check it, then remove the fuzzy flag): {short(wanted.id)}")
        elif not all(text.strip() for text in said) or len(said) != (catalog.num_plurals if wanted.pluralizable
                                                                     else 1):
            problems.append(f"not translated (every plural form): {short(wanted.id)}")
        elif set(said) <= set(english) and SAME_ON_PURPOSE not in message.user_comments:
            problems.append(f"the same as the English (translate it, or add `# {SAME_ON_PURPOSE}`): "
                            f"{short(wanted.id)}")
        elif placeholders(said) != placeholders(english):  # a plural form may leave {count} to its words
            problems.append(f"placeholders {sorted(placeholders(said))} instead of {sorted(placeholders(english))}: "
                            f"{short(wanted.id)}")
    fail_with(problems, f"translate them in {po_path(language).relative_to(ROOT)}, then run make catalogs")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_says_what_the_po_says(language):
    """The .mo that ships (committed beside its .po) is the .po compiled: a stale one fails."""
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(language))
    compiled.seek(0)
    expected = said(read_mo(compiled))
    with (po_path(language).with_suffix(".mo")).open("rb") as file:
        shipped = said(read_mo(file))
    changed = sorted(short(msgid) for msgid in expected.keys() | shipped.keys()
                     if expected.get(msgid) != shipped.get(msgid))
    fail_with(changed, f"{po_path(language).with_suffix('.mo').relative_to(ROOT)} is stale: run make catalogs")


def said(catalog: Catalog) -> dict[tuple[str, ...], tuple[str, ...]]:
    """What a compiled catalog says: each msgid (every form) and its translation (every form); no header."""
    return {forms(m): translations(m) for m in catalog if m.id}


GETTEXT_CALLS = {"_", "N_", "ngettext", "gettext"}


def test_no_message_is_empty(template):
    """`_("")` would translate to the catalog's header (Babel leaves it out of the template with a warning)."""
    problems = [f"blank msgid: {short(m.id)}" for m in template if m.id and not all(f.strip() for f in forms(m))]
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT_CALLS
                    and any(isinstance(arg, ast.Constant) and isinstance(arg.value, str) and not arg.value.strip()
                            for arg in node.args)):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: an empty message")
    for path in sorted(SOURCE.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""\b_\(\s*(""|'')\s*\)""", line):
                problems.append(f"{path.relative_to(ROOT)}:{number}: an empty message")
    fail_with(problems, "give each message its words")
