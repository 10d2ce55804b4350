"""The author's lint (`mhcourse validate --strict`): warnings for safe, kind, readable content."""

from __future__ import annotations

import re
import statistics
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from markdown_it import MarkdownIt

from ..i18n import _
from .locate import KeyLines
from .models import Module, MultipleQuestion, SingleQuestion
from .problems import KeyPath, Problem
from .readability import grade, word_count

MAX_GRADE = 9.0
LONG_LESSON_FACTOR = 3
MIN_SOURCES = 2
# Helpline and emergency numbers belong in Get help now (kept current by each site), never in a module.
_HELPLINE_NUMBERS = ["988", "9-8-8", "116 123", "85258", "13 11 14", "0477 13 11 14", "1737",
                     "911", "999", "112", "111", "000"]
_HELPLINE = re.compile(
    r"(?<![\w,.])(?:" + "|".join(re.escape(n).replace(r"\ ", r"[\s-]") for n in _HELPLINE_NUMBERS) + r")(?!\w|[,.]\d)"
)
_PHONE_LIKE = re.compile(r"\b\d{3}[ -]\d{3}[ -]\d{3,4}\b|\b1[ -]?800[ -]?\d{3}[ -]?\d{3,4}\b")
# Markers an author leaves on unfinished text: upper case only ("todo" can be an ordinary word).
_UNFINISHED = re.compile(r"(?<![\w])(?:TODO|TBD|FIXME|XXX)(?![\w])|(?i:\blorem ipsum\b)")
# Keys whose values in `mhcourse new`'s skeleton an author may keep: ids, the module's own title, codes.
_KEPT_FROM_SKELETON = frozenset({"id", "type", "language", "version", "license", "next", "start", "tone"})
_SUICIDE_OR_SELF_HARM = re.compile(r"\bsuicid\w*|\bself[- ]?harm\w*", re.I)
# Quoted stretches: "..." “...” „...“ «...» (French « ... », with its spaces) ‹...› `...`, and '...' when the
# quote is not an apostrophe inside a word.
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|‹[^›\n]*›|`[^`\n]*`|‘[^’\n]*’"
                     r"|(?<![\w])'[^'\n]*'(?![\w])")


@dataclass(frozen=True)
class Phrase:
    text: str
    instead: str
    pattern: re.Pattern[str]


@cache
def stigmatising_phrases(language: str = "en") -> tuple[Phrase, ...]:
    """The phrase list for a language (its base tag: "es-MX" -> es): content/data/language-es.toml, or
    content/data/language.toml (English) for English and any language without a list of its own. Data, not
    code, so a list can grow without a release."""
    base = language.split("-")[0].lower()
    data = files("mhcourse.content").joinpath("data")
    chosen = data.joinpath(f"language-{base}.toml")
    if base == "en" or not base.isalpha() or not chosen.is_file():
        chosen = data.joinpath("language.toml")
    raw = tomllib.loads(chosen.read_text(encoding="utf-8"))
    return tuple(
        Phrase(p["text"], p["instead"], re.compile(_whole_words(p["text"]), re.I))
        for p in raw["phrase"]
    )


def _whole_words(text: str) -> str:
    """A pattern for `text` as whole words, any run of white space between them; an apostrophe matches ' or ’,
    and a phrase ending in one ("souffre d'") runs on into the next word."""
    pattern = re.sub(r"['’]", lambda _m: "['’]", re.escape(text).replace(r"\ ", r"\s+"))
    end = r"(?![\w])" if text[-1:].isalnum() else ""
    return r"(?<![\w])" + pattern + end


def texts(module: Module) -> Iterator[tuple[KeyPath, str]]:
    """Every piece of author text in a module, with its key path."""
    info = module.module
    yield ("module", "title"), info.title
    yield ("module", "summary"), info.summary
    if info.content_note:
        yield ("module", "content_note"), info.content_note
    for li, lesson in enumerate(module.lessons):
        at: KeyPath = ("lessons", li)
        yield at + ("title",), lesson.title
        yield at + ("body",), lesson.body
        for k, point in enumerate(lesson.key_points):
            yield at + ("key_points", k), point
        for qi, question in enumerate(lesson.checks):
            yield from _question_texts(at + ("checks", qi), question)
    for qi, question in enumerate(module.questions):
        yield from _question_texts(("quiz", "questions", qi), question)
    for si, scenario in enumerate(module.scenarios):
        at = ("scenarios", si)
        yield at + ("title",), scenario.title
        if scenario.intro:
            yield at + ("intro",), scenario.intro
        for ti, step in enumerate(scenario.steps):
            yield at + ("steps", ti, "text"), step.text
            for oi, option in enumerate(step.options):
                yield at + ("steps", ti, "options", oi, "text"), option.text
                if option.feedback:
                    yield at + ("steps", ti, "options", oi, "feedback"), option.feedback


def _question_texts(at: KeyPath, question) -> Iterator[tuple[KeyPath, str]]:
    yield at + ("prompt",), question.prompt
    yield at + ("explanation",), question.explanation
    for ci, choice in enumerate(getattr(question, "choices", [])):
        yield at + ("choices", ci, "text"), choice.text
        if choice.feedback:
            yield at + ("choices", ci, "feedback"), choice.feedback
    for ii, item in enumerate(getattr(question, "items", [])):
        yield at + ("items", ii), item
    for pi, pair in enumerate(getattr(question, "pairs", [])):
        yield at + ("pairs", pi, "term"), pair.term
        yield at + ("pairs", pi, "meaning"), pair.meaning


def unquoted(text: str) -> str:
    """The text with quoted stretches blanked out (kept the same length, so offsets still hold)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def phrase_uses(text: str, language: str = "en") -> Iterator[tuple[int, Phrase]]:
    """(offset, phrase) for each stigmatising phrase of the language's list used (not merely mentioned) in
    the text.

    Where phrases overlap ("suicide epidemic" and "epidemic") only the longest is reported.
    """
    plain = unquoted(text)
    found = sorted(
        ((m.start(), m.end(), phrase) for phrase in stigmatising_phrases(language)
         for m in phrase.pattern.finditer(plain)),
        key=lambda hit: (hit[0], -(hit[1] - hit[0])),
    )
    covered = -1
    for start, end, phrase in found:
        if start >= covered:
            covered = end
            yield start, phrase


def phone_numbers(text: str) -> list[str]:
    """Helpline, emergency or other phone numbers written into the text."""
    return [m.group() for pattern in (_HELPLINE, _PHONE_LIKE) for m in pattern.finditer(text)]


def lint_module(module: Module, text: str, path) -> list[Problem]:
    """Every lint warning for one valid module; `text` is its TOML, used to locate lines."""
    lines = KeyLines(text)
    raw_lines = text.splitlines()
    found: list[Problem] = []

    def warn(key: KeyPath, message: str, offset_in_value: str | None = None, rule: str = "lint") -> None:
        line = lines.line_of(key)
        if offset_in_value is not None:
            line += offset_in_value.count("\n") + _opens_multiline(raw_lines, line)
        found.append(Problem(path, message, line, key, warning=True, rule=rule))

    for key, value in texts(module):
        for offset, phrase in phrase_uses(value, module.module.language):
            used = phrase.pattern.search(value[offset:])
            assert used is not None  # phrase_uses found it at this offset
            said = _("'{phrase}' can stigmatise; say '{instead}'").format(phrase=one_line(used.group()),
                                                                           instead=phrase.instead)
            warn(key, said, value[:offset], rule="lint:language")
    for key, value in texts(module):
        for number in phone_numbers(value):
            warn(key, _("'{number}' looks like a phone number; point to Get help now (F1) instead, "
                        "because each site keeps its own list of helplines current").format(number=one_line(number)),
                 rule="lint:phone-number")
    if len(module.module.sources) < MIN_SOURCES:
        warn(("module",), _("the module lists {count} source(s); add [[module.sources]] so there are at least {least}")
             .format(count=len(module.module.sources), least=MIN_SOURCES), rule="lint:sources")
    for key, question in _choice_questions(module):
        missing = [i for i, c in enumerate(question.choices) if not c.feedback]
        if missing:
            unexplained = _("{count} choice(s) have no feedback; explain why each choice is right or wrong")
            warn(key + ("choices", missing[0]), unexplained.format(count=len(missing)), rule="lint:choice-feedback")
    if not module.module.content_note:
        for key, value in texts(module):
            if _SUICIDE_OR_SELF_HARM.search(value):
                warn(key, _("the module mentions suicide or self-harm but has no content_note; "
                            "add a short, specific one"), rule="lint:content-note")
                break
    _lesson_warnings(module, warn)
    _option_warnings(module, warn)
    found.extend(placeholder_problems(module, text, path, strict=True))
    return found


def one_line(text: str) -> str:
    """Text quoted in a message, its line breaks and runs of white space made single spaces."""
    return " ".join(text.split())


def _option_warnings(module: Module, warn) -> None:
    """A scenario option without feedback: the learner who picks it is never told why it helps or not."""
    for si, scenario in enumerate(module.scenarios):
        for ti, step in enumerate(scenario.steps):
            for oi, option in enumerate(step.options):
                if not option.feedback:
                    warn(("scenarios", si, "steps", ti, "options", oi),
                         _("option {number} of step '{step}' in scenario '{scenario}' has no feedback; say why "
                           "this reply helps or not").format(number=oi + 1, step=step.id, scenario=scenario.id),
                         rule="lint:option-feedback")


def _lesson_warnings(module: Module, warn) -> None:
    counts = [word_count(lesson.body) for lesson in module.lessons]
    median = statistics.median(counts)
    for li, lesson in enumerate(module.lessons):
        if len(counts) >= 3 and median and counts[li] > LONG_LESSON_FACTOR * median:
            warn(("lessons", li, "body"),
                 _("this lesson has {words} words, over {factor} times the module's median ({median:.0f}); split it")
                 .format(words=counts[li], factor=LONG_LESSON_FACTOR, median=median), rule="lint:long-lesson")
        for at in indented_lines(lesson.body):
            warn(("lessons", li, "body"),
                 _("this text is indented, so it shows as code; remove the indentation"), "\n" * at,
                 rule="lint:indented")
        # The Flesch-Kincaid grade is calibrated on English only: another language's text is not measured.
        level = grade(lesson.body) if module.module.language.split("-")[0] == "en" else 0.0
        if level > MAX_GRADE:
            warn(("lessons", li, "body"),
                 _("reading grade {grade:.1f} is above {most:.0f}; use shorter sentences and everyday words")
                 .format(grade=level, most=MAX_GRADE), rule="lint:reading-grade")


def _choice_questions(module: Module) -> Iterator[tuple[KeyPath, SingleQuestion | MultipleQuestion]]:
    for li, lesson in enumerate(module.lessons):
        for qi, q in enumerate(lesson.checks):
            if isinstance(q, (SingleQuestion, MultipleQuestion)):
                yield ("lessons", li, "checks", qi), q
    for qi, q in enumerate(module.questions):
        if isinstance(q, (SingleQuestion, MultipleQuestion)):
            yield ("quiz", "questions", qi), q


def _opens_multiline(raw_lines: list[str], line: int) -> int:
    """1 when the value on `line` opens a multi-line string right there (TOML drops that first newline)."""
    if 0 < line <= len(raw_lines):
        stripped = raw_lines[line - 1].rstrip()
        return int(stripped.endswith(("'''", '"""')))
    return 0


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def indented_lines(body: str) -> list[int]:
    """The line (0 = the body's first) where each indented code block starts.

    Markdown shows text indented by 4 spaces (or a tab) as code, unless it continues a list item;
    a fenced block (```) is code on purpose and is not reported. markdown-it reads the body as the faces do.
    """
    found = []
    for token in _markdown().parse(body.replace("\r\n", "\n").replace("\r", "\n")):
        if token.type == "code_block" and token.map is not None:
            found.append(token.map[0])
    return found


@cache
def skeleton_texts() -> frozenset[str]:
    """Every line of text `mhcourse new` writes for the author to replace (its placeholders)."""
    from .scaffold import skeleton

    document = tomllib.loads(skeleton("placeholder", ""))
    found: set[str] = set()

    def walk(value, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in _KEPT_FROM_SKELETON:
            found.update(line.strip() for line in value.splitlines() if line.strip())

    walk(document, "")
    # An ordinary title too: the skeleton's other placeholders still catch a lesson left as it was written.
    found.discard(document["lessons"][0]["title"])
    return frozenset(found)


def _author_texts(module: Module) -> Iterator[tuple[KeyPath, str]]:
    """The texts a learner sees, and the sources and authors: everything a placeholder can be left in."""
    yield from texts(module)
    for si, source in enumerate(module.module.sources):
        at: KeyPath = ("module", "sources", si)
        yield at + ("title",), source.title
        yield at + ("publisher",), source.publisher
        if source.url:
            yield at + ("url",), str(source.url)
    for ai, author in enumerate(module.module.authors):
        yield ("module", "authors", ai), author


def placeholder_problems(module: Module, text: str, path, strict: bool) -> list[Problem]:
    """Text left from `mhcourse new`'s skeleton, and TODO-style markers: errors with --strict, else warnings."""
    lines = KeyLines(text)
    raw_lines = text.splitlines()
    placeholders = skeleton_texts()
    found: list[Problem] = []
    for key, value in _author_texts(module):
        value_lines = value.splitlines() or [value]
        for at, line_text in enumerate(value_lines):
            if line_text.strip() in placeholders:
                message = _("'{text}' is a placeholder from `mhcourse new`; replace it with your own text").format(
                    text=one_line(line_text))
            elif (marker := _UNFINISHED.search(line_text)) is not None:
                message = _("'{marker}' marks unfinished text; finish it and remove the marker").format(
                    marker=marker.group())
            else:
                continue
            line = lines.line_of(key)
            if len(value_lines) > 1:
                line += at + _opens_multiline(raw_lines, line)
            found.append(Problem(path, message, line, key, warning=not strict, rule="lint:placeholder"))
            break
    return found
