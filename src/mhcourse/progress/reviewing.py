"""What a learner does with spaced review, the pre-test and refreshers: the calls every face makes (Learner
inherits them). The rules are here once; the faces only ask and show."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..learning.answers import Answer, Marked, mark
from .moments import now
from .review import Card, Due, questions_of, stamp

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..content.models import Module, Question
    from ..learning.outlined import ModuleLike
    from .profile import Profile
    from .store import Store

PRETEST_SIZE = 3
"""Questions in a module's pre-test: short, so it is no hurdle before the first lesson."""
DAYS_PER_MONTH = 30.44


def refresher_at(passed_on: datetime, months: int) -> datetime:
    """When a module passed at `passed_on` falls due for its refresher, `months` months on (the one rule)."""
    return passed_on + timedelta(days=months * DAYS_PER_MONTH)


def last_pass(store: Store, profile_id: int, module: ModuleLike) -> datetime | None:
    """When the learner last passed the module's quiz at its current pass mark."""
    from ..learning.quiz import passed
    from .moments import moment

    if module.quiz is None:
        return None
    times = [moment(a["finished"]) for a in store.attempts(profile_id, module.id)
             if a["finished"] and a["right"] is not None and a["total"]
             and passed(a["right"], a["total"], module.quiz.pass_mark)]
    return max(times) if times else None


class Reviewing:
    """Review cards, the pre-test and refreshers, for one learner (mixed into Learner)."""

    store: Store
    profile: Profile
    rng: random.Random | None
    guest: bool
    review_size: int
    refresher_months: int | None
    pretest_on: bool

    if TYPE_CHECKING:
        @property
        def modules(self) -> list[Module]: ...  # Learner's: the full modules, loaded when first asked for

        @property
        def outline(self) -> Sequence[ModuleLike]: ...  # Learner's: what home reads, nothing loaded

    # -- spaced review -----------------------------------------------------------------------------------

    def _cards(self) -> list[Card]:
        """Every card of a module this site offers whose question the module still has, soonest due first.

        Due times are compared as the store keeps them (UTC ISO text to the second: text order is time order),
        never parsed one by one, and each module's questions are looked up once: home asks this often, and a
        learner may have a thousand cards (`make bench`)."""
        offered = {m.id: m for m in self.modules}
        lookups: dict[str, dict[str, tuple[Question, str | None]]] = {}
        found = []
        for module_id, question_id, due in self.store.due_cards(self.profile.id):
            module = offered.get(module_id)
            if module is None:
                continue  # a module not offered here: out of review
            questions = lookups.get(module_id)
            if questions is None:
                questions = lookups[module_id] = questions_of(module)
            located = questions.get(question_id)
            if located is None:
                continue  # a question its author removed: out of review
            found.append(Card(module, located[0], due, located[1]))
        return found

    def due(self) -> Due:
        """How many cards are due now, and when the next one not yet due is (for home and `mhcourse progress`).

        The cards _cards gives (a module offered here, a question it still has), counted from the outline: home
        asks this before the full modules are loaded."""
        moment_now = stamp(now())
        offered = {m.id: m for m in self.outline}
        asked: dict[str, frozenset[str]] = {}
        dues = []
        for module_id, question_id, due in self.store.due_cards(self.profile.id):
            module = offered.get(module_id)
            if module is None:
                continue
            ids = asked.get(module_id)
            if ids is None:
                ids = asked[module_id] = module.question_ids()
            if question_id in ids:
                dues.append(due)
        due_now = sum(1 for due in dues if due <= moment_now)
        later = [due for due in dues if due > moment_now]
        return Due(due_now, later[0] if later else None)

    def review_cards(self, limit: int | None = None) -> list[Card]:
        """The cards of one review session: due now, across modules, soonest due first, at most `limit`
        (the site's review size, 10 unless it says otherwise)."""
        moment_now = stamp(now())
        due_now = [card for card in self._cards() if card.due <= moment_now]
        return due_now[: self.review_size if limit is None else limit]

    def answer_review(self, card: Card, answer: Answer) -> Marked:
        """Grade a review answer, keep it and reschedule its card (Again when wrong, Good when right)."""
        marked = mark(card.question, answer)
        self.store.record_review(self.profile.id, card.module.id, card.question.id, answer, marked.correct)
        return marked

    # -- the pre-test --------------------------------------------------------------------------------------

    def pretest_offered(self, module: Module) -> bool:
        """Whether the module's short pre-test is offered now: before its first lesson, once, when it has a quiz, to a
        learner whose record is kept (never a guest; an author's preview has it off)."""
        if not self.pretest_on or self.guest or module.quiz is None:
            return False
        if self.store.pretest(self.profile.id, module.id) is not None:
            return False
        record = self.store.records(self.profile.id).get(module.id)
        # "Before" means before any of the module: a learner who went to the quiz first has nothing to compare.
        return record is None or not (record.lessons_opened or record.attempts)

    def pretest_questions(self, module: Module) -> list[Question]:
        """A few of the module's own quiz questions, drawn at random (the same ones with MHCOURSE_SEED)."""
        questions = list(module.questions)
        (self.rng or random.Random()).shuffle(questions)
        return questions[:PRETEST_SIZE]

    def finish_pretest(self, module: Module, answers: dict[str, Answer]) -> tuple[int, int]:
        """Grade and keep the pre-test's score; no review cards, no quiz attempt. Returns (right, total)."""
        right = sum(1 for q in module.questions if q.id in answers and mark(q, answers[q.id]).correct)
        total = len(answers)
        self.store.record_pretest(self.profile.id, module.id, right, total)
        return right, total

    def skip_pretest(self, module: Module) -> None:
        """The learner chose not to take the pre-test: it is not offered again."""
        self.store.record_pretest(self.profile.id, module.id, None, 0)

    # -- refreshers ----------------------------------------------------------------------------------------

    def refresher_due(self, module: ModuleLike) -> str | None:
        """When a passed module's refresher fell due (UTC ISO), if it has: the last pass is older than the site's
        refresher_months. The module stays passed and its certificate stands; its quiz can be taken again."""
        passed_on = self.last_passed(module)
        if passed_on is None or not self.refresher_months:
            return None
        due = refresher_at(passed_on, self.refresher_months)
        return due.isoformat(timespec="seconds") if due <= now() else None

    def last_passed(self, module: ModuleLike) -> datetime | None:
        """When the learner last passed the module's quiz at its current pass mark."""
        return last_pass(self.store, self.profile.id, module)
