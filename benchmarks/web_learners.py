"""Simulated learners on the web page: the client process of the web benchmark (benchmarks/bench_web.py).

    python benchmarks/web_learners.py --url http://127.0.0.1:PORT [--learners 50] [--seconds 60] [--every 2]

Each learner is its own aiohttp ClientSession (its own cookie jar, so its own signed-in session).
It signs in (a profile of its own, made on /profiles/new, where the page offers that; else as a
guest), finds the first module on its home page, and then, every `--every` seconds for `--seconds`
seconds, answers a question as a browser would: it opens its place (the module's quiz; the first
lesson, with its knowledge check, while the quiz page does not exist), reads the page's form
(webforms.py, its <form> elements only), picks a valid answer, posts it and follows the redirect.
A form that is not a question (a content note, the confidence question, "Try again" on the
results) is sent too, so the walk goes on; after a question's feedback the learner goes on to the
quiz's next question. Learners start spread over the first interval, as a room does.

Every request is timed alone, redirects not followed automatically (the POST and the page it sends
to are two requests, as in a browser's network panel), from just before it is sent to the end of
its body. Prints one JSON object on standard output: the times (s), the count of requests answered
with an error status, and what the learners did. Loopback only; bounded: it stops at `--seconds`.
Learners do not sign out, so the server still holds every session when the parent measures it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from webforms import Page, fill, read_page  # noqa: E402

REDIRECTS = 5


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    did: Counter[str] = field(default_factory=Counter)
    kinds: dict[str, list[float]] = field(default_factory=dict)
    """The times by kind of request ("GET /modules/{}/lessons/{}")."""
    timing: bool = False
    """Requests are counted only once every learner is signed in: sign-in is set-up, not the load."""


def kind_of(method: str, path: str) -> str:
    """The request's kind: its method and path with the ids left out (the segment after a known one)."""
    parts = path.split("/")
    named = ("modules", "lessons", "checks", "feedback", "practice", "confidence")
    return method + " " + "/".join("{}" if i and parts[i - 1] in named else p for i, p in enumerate(parts))


class Learner:
    def __init__(self, number: int, name: str, base: str, tally: Tally) -> None:
        self.number = number
        self.name = name
        self.base = base
        self.tally = tally
        self.rng = random.Random(number)
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # unsafe: an IP host
        self.start = self.place = "/home"

    async def request(self, method: str, path: str, data: list[tuple[str, str]] | None = None,
                      forms_only: bool = False) -> tuple[str, Page]:
        """One page, following redirects by hand, each request timed apart; the final path and page."""
        url = urljoin(self.base, path)
        for _ in range(REDIRECTS + 1):
            start = time.perf_counter()
            async with self.http.request(method, url, data=data, allow_redirects=False) as response:
                body = await response.text()
                elapsed = time.perf_counter() - start
            if self.tally.timing:
                self.tally.times.append(elapsed)
                self.tally.kinds.setdefault(kind_of(method, urlsplit(url).path), []).append(elapsed)
                if response.status >= 400:
                    self.tally.errors[f"{response.status} {method} {urlsplit(url).path}"] += 1
            if response.status in (301, 302, 303, 307, 308):
                url = urljoin(url, response.headers["Location"])
                method, data = "GET", None
                continue
            where = urlsplit(url).path
            return where, read_page(body, where, forms_only=forms_only) if response.status < 400 else Page()
        raise RuntimeError(f"more than {REDIRECTS} redirects from {path}")

    async def sign_in(self) -> None:
        where, page = await self.request("GET", "/profiles/new")
        forms = page.forms_to("/profiles/new")
        if forms:
            typed = {"name": self.name, "pin": "", "pin_again": ""}
            where, page = await self.request("POST", "/profiles/new", fill(forms[0], typed=typed))
            if where != "/profiles/new":
                self.tally.did["signed in with a profile"] += 1
                return
        where, page = await self.request("GET", "/")
        if where == "/home":
            return
        await self.request("POST", "/guest", fill(page.forms_to("/guest")[0]))
        self.tally.did["signed in as a guest"] += 1

    async def find_place(self) -> None:
        """The first module's quiz; its first lesson while there is no quiz page; home while neither exists."""
        _, home = await self.request("GET", "/home")
        module = next((link for link in home.links_to("/modules/") if link.count("/") == 2), None)
        self.place = "/home"
        if module is None:
            return
        quiz = f"{module}/quiz"
        where, page = await self.request("GET", quiz)
        if page.forms_to(module):
            self.start = self.place = quiz
            return
        _, module_page = await self.request("GET", module)
        self.place = next(iter(module_page.links_to(f"{module}/lessons/")), self.place)
        self.start = self.place

    async def answer(self) -> None:
        """Open the place, send its question's form (or what stands before it), follow the redirect; the
        page it lands on is the next place, or the start again (the quiz: its next question) when that
        page asks nothing more (a question's feedback, whose link goes on to the next)."""
        where, page = await self.request("GET", self.place, forms_only=True)
        forms = [f for f in page.forms if f.method == "post" and f.action.startswith("/modules/")]
        if not forms:
            self.tally.did[f"no form on {kind_of('GET', where)}"] += 1
            self.place = self.start
            return
        form = next((f for f in forms if f.is_question), forms[0])
        landed, after = await self.request("POST", form.action, fill(form, self.rng), forms_only=True)
        self.tally.did["answered a question" if form.is_question else f"sent {kind_of('POST', form.action)}"] += 1
        # Where the form sent it, while that page asks something; else the start (the next question).
        asks = any(f.method == "post" and f.action.startswith("/modules/") for f in after.forms)
        self.place = landed if asks else self.start

    async def close(self) -> None:
        await self.http.close()


async def run(base: str, learners: int, seconds: float, every: float, names: str) -> Tally:
    tally = Tally()
    crowd = [Learner(n + 1, f"{names} {n + 1:02d}", base, tally) for n in range(learners)]
    try:
        await asyncio.gather(*(learner.sign_in() for learner in crowd))
        await asyncio.gather(*(learner.find_place() for learner in crowd))
        tally.timing = True
        loop = asyncio.get_running_loop()
        start = loop.time()
        await asyncio.gather(*(_keep_answering(learner, start + n * every / learners, start + seconds, every)
                               for n, learner in enumerate(crowd)))
    finally:
        await asyncio.gather(*(learner.close() for learner in crowd))
    return tally


async def _keep_answering(learner: Learner, first: float, until: float, every: float) -> None:
    loop = asyncio.get_running_loop()
    due = first
    while due < until:
        await asyncio.sleep(max(0.0, due - loop.time()))
        await learner.answer()
        due += every


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--every", type=float, default=2.0)
    parser.add_argument("--names", default="Learner", help="profile names: NAMES 01, NAMES 02, ...")
    args = parser.parse_args(argv)
    if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the simulated learners visit a server on this computer only (loopback)")
    tally = asyncio.run(run(args.url, args.learners, args.seconds, args.every, args.names))
    kinds = {kind: [len(times), sorted(times)[int(0.95 * (len(times) - 1))]] for kind, times in tally.kinds.items()}
    json.dump({"times": tally.times, "errors": dict(tally.errors), "did": dict(tally.did), "kinds": kinds},
              sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
