"""What the benchmarks share: generated modules of realistic size, figures, and the result rows."""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

WORDS = ["mental", "health", "is", "part", "of", "health", "and", "most", "people", "recover", "with", "time",
         "support", "and", "care", "talking", "helps", "listening", "helps", "too", "a", "friend", "can", "notice",
         "changes", "in", "sleep", "mood", "energy", "or", "appetite", "stress", "anxiety", "depression", "stigma",
         "community", "trust", "doctor", "nurse", "helpline", "family", "school", "work", "feelings", "thoughts",
         "body", "breathing", "routine", "walk", "rest", "meal", "message", "call", "check", "in", "ask", "directly",
         "without", "judging", "offer", "practical", "help", "respect", "choices", "keep", "safe", "share", "hope"]
OLD = time.time() - 3600
"""Generated files are dated an hour back: a real module file was not written a moment ago (content/cache.py)."""


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def question(rng: random.Random, qid: str, kind: str) -> dict[str, Any]:
    q: dict[str, Any] = {"id": qid, "type": kind, "prompt": sentence(rng, 16).rstrip(".") + "?",
                         "explanation": paragraph(rng, 2)}
    if kind == "single":
        right = rng.randrange(4)
        q["choices"] = [{"text": f"{i + 1}. {sentence(rng, 8)}", "correct": i == right,
                         "feedback": sentence(rng, 10)} for i in range(4)]
    elif kind == "multiple":
        q["choices"] = [{"text": f"{i + 1}. {sentence(rng, 7)}", "correct": i % 2 == 0} for i in range(5)]
    elif kind == "true_false":
        q["answer"] = rng.random() < 0.5
    elif kind == "order":
        q["items"] = [f"Step {i + 1}: {sentence(rng, 5)}" for i in range(4)]
    else:
        q["pairs"] = [{"term": f"Term {i + 1}", "meaning": f"Meaning {i + 1}: {sentence(rng, 6)}"} for i in range(4)]
    return q


def module_document(index: int, *, lessons: int = 4, questions: int = 10, kinds: tuple[str, ...] | None = None,
                    shuffle: bool = True) -> dict[str, Any]:
    """A valid format-1 module of about 20 KB (with the defaults), different for each index."""
    rng = random.Random(index)
    kinds = kinds or ("single", "multiple", "true_false", "order", "match")
    mid = f"generated-{index:04d}"
    doc: dict[str, Any] = {
        "format": 1,
        "module": {
            "id": mid, "title": f"Generated module {index}", "summary": sentence(rng, 20), "minutes": 30,
            "order": index, "tags": ["generated", "benchmark"], "authors": ["mhcourse benchmarks"],
            "sources": [{"title": "Mental disorders", "publisher": "World Health Organization", "year": 2022,
                         "url": "https://www.who.int/news-room/fact-sheets/detail/mental-disorders"}],
        },
        "lessons": [],
    }
    for li in range(lessons):
        body = "\n\n".join(f"## {sentence(rng, 4).rstrip('.')}\n\n{paragraph(rng, 6)}\n\n"
                           f"- {sentence(rng, 8)}\n- {sentence(rng, 8)}"
                           for _ in range(3))
        lesson = {"id": f"lesson-{li + 1}", "title": sentence(rng, 5).rstrip("."), "body": body,
                  "key_points": [sentence(rng, 9) for _ in range(3)],
                  "checks": [question(rng, f"check-{li + 1}", "true_false")]}
        doc["lessons"].append(lesson)
    doc["quiz"] = {"pass_mark": 0.7, "shuffle": shuffle,
                   "questions": [question(rng, f"q{i + 1}", kinds[i % len(kinds)]) for i in range(questions)]}
    doc["scenarios"] = [{
        "id": "talk", "title": "A talk with a friend", "intro": paragraph(rng, 2), "start": "open",
        "steps": [
            {"id": "open", "text": paragraph(rng, 2), "options": [
                {"text": sentence(rng, 8), "next": "listen", "tone": "helpful", "feedback": sentence(rng, 10)},
                {"text": sentence(rng, 8), "next": "brush", "tone": "unhelpful", "feedback": sentence(rng, 10)}]},
            {"id": "listen", "text": paragraph(rng, 2)},
            {"id": "brush", "text": paragraph(rng, 2)},
        ],
    }]
    return doc


def write_modules(folder: Path, count: int, **kw: Any) -> list[Path]:
    """`count` generated module files in `folder`, dated an hour back."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"generated-{i:04d}.toml"
        path.write_text(tomli_w.dumps(module_document(i, **kw), multiline_strings=True), encoding="utf-8")
        os.utime(path, (OLD, OLD))
        paths.append(path)
    return paths


# -- figures -------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass
class Figure:
    """Repeated measurements of one thing (seconds, bytes, ...)."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.samples)
        k = (len(ordered) - 1) * p / 100
        f = int(k)
        c = min(f + 1, len(ordered) - 1)
        return ordered[f] + (ordered[c] - ordered[f]) * (k - f)


@dataclass
class Row:
    """One line of the table; `ok` is None for a figure without a budget."""

    name: str
    value: str
    spread: str = ""
    baseline: str = ""
    ratio: str = ""
    budget: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.ok is None:
            return self.note or "-"
        return "OK" if self.ok else "MISSED"

    @property
    def missed(self) -> bool:
        return self.ok is False


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ms_spread(figure: Figure) -> str:
    return f"{ms(figure.low)} – {ms(figure.high)}"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"
