"""One learner taking the course: the calls both faces (TUI and plain) make, on the store and the rules.

Each call saves at once, so quitting at any moment loses nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..content.translations import course_in, in_language, language_note
from ..i18n import ENGLISH
from ..learning import progress as rules
from ..learning.answers import Answer, Marked, mark
from ..learning.progress import ModuleRecord, ModuleState, Overview, Place
from ..learning.quiz import Attempt, Score, plan_quiz, score, still_in
from ..learning.scenario import ScenarioRun
from ..learning.track import CertificateCheck, Track, certificate_check
from . import certificate as certificates
from . import journey
from .journey import Gate, NextStep, QuizQuestion, Results, StepWords, Target, Walk
from .profile import Profile
from .review import REVIEW_SIZE
from .reviewing import Reviewing
from .store import Store

if TYPE_CHECKING:
    # Not imported with the learner: a TUI start opens a learner's home from the outline, before pydantic.
    from ..content.models import Module, Question, Scenario
    from ..content.summary import ModuleSummary
    from ..learning.outlined import ModuleLike


@dataclass(frozen=True)
class Outline:
    """The course in outline (content/summary.py: the originals, in order, each with its translations) and how to
    load it in full: a TUI start has only this when a learner goes in, and home needs no more (issue 21)."""

    modules: Sequence[ModuleSummary]
    load: Callable[[], list[Module]]
    """The full modules, in the same order (CourseApp.modules: at once when they are loaded already)."""


@dataclass
class Learner(Reviewing):
    store: Store
    profile: Profile
    course: list[Module] | Outline
    """The modules on offer, in order: in full, or in outline with the way to load them (`modules`: the full ones,
    loaded the first time they are asked for; `outline`: what home and the progress rules read)."""
    rng: random.Random | None = None
    guest: bool = False
    """A guest's record lives in a store in memory and is not kept (Desk.guest)."""
    review_size: int = REVIEW_SIZE
    """Cards in one review session ([course] review_size)."""
    refresher_months: int | None = None
    """A passed module's refresher falls due after this many months ([course] refresher_months); None: never."""
    pretest_on: bool = False
    """Offer each module's short pre-test before its first lesson ([course] pretest)."""
    confidence_on: bool = True
    """Ask the optional confidence question ([course] confidence_check; never in an author's preview)."""
    language: str = ENGLISH
    """The language the learner reads the course in (i18n.choose_language); `modules` are in it where they
    can be (content/translations.py)."""

    def __post_init__(self) -> None:
        self._full: list[Module] | None = None
        self._outline: list[ModuleSummary] = []
        self._in_language()

    def _in_language(self) -> None:
        """The course in the learner's language where it can be (content/translations.py; outlines alike)."""
        if isinstance(self.course, Outline):
            self._outline = [summary.in_language(self.language) for summary in self.course.modules]
            if self._full is not None:
                self._full = course_in(self._full, self.language)
        else:
            self._full = course_in(self.course, self.language)

    @property
    def modules(self) -> list[Module]:
        """The modules on offer in full, in the learner's language: loaded now when only the outline was given
        (the TUI loads them at its first idle moment; a lesson, quiz or certificate needs them at once)."""
        if self._full is None:
            assert isinstance(self.course, Outline)
            self._full = course_in(self.course.load(), self.language)
        return self._full

    @property
    def outline(self) -> Sequence[ModuleLike]:
        """The modules as home and the progress rules read them: in full once loaded, else their outline, which
        gives the same answers (learning/outlined.py) without loading anything."""
        return self._outline if self._full is None else self._full

    def set_language(self, language: str) -> None:
        """The learner chooses a language: kept in their profile, and the course is shown in it from now on.
        Their progress belongs to module and question ids, which every translation keeps, so none is lost."""
        self.set_setting("language", language)
        self.language = language
        self._in_language()

    def shown(self, module: Module) -> Module:
        """`module` in the learner's language where it can be."""
        return in_language(module, self.language)

    def taken_in(self, module: Module, attempt: Attempt) -> Module:
        """`module` in the language `attempt` was taken in: its answers are the texts chosen in that language."""
        return in_language(module, attempt.language)

    def language_note(self, module: Module) -> str | None:
        """The short note a module shown in another language than the learner's carries; None when none."""
        return language_note(module, self.language)

    @property
    def is_guest(self) -> bool:
        return self.guest

    # -- reading the record ----------------------------------------------------------------

    def records(self) -> dict[str, ModuleRecord]:
        return self.store.records(self.profile.id)

    def overview(self) -> Overview:
        return rules.overview(self.outline, self.records())

    def state(self, module: ModuleLike) -> ModuleState:
        return rules.module_state(module, self.records().get(module.id))

    def record(self, module: ModuleLike) -> ModuleRecord:
        return self.records().get(module.id, ModuleRecord())

    def continue_place(self) -> Place | None:
        return rules.continue_place(self.outline, self.records(), self.store.place(self.profile.id))

    @property
    def has_started(self) -> bool:
        """Whether the learner has opened anything yet: "Continue where you left off" or "Start here"."""
        return self.store.place(self.profile.id) is not None

    def next_step(self) -> NextStep | None:
        """Continue where the learner left off (or where to start): the module, what it opens, the words."""
        place = self.continue_place()
        module = None if place is None else self.module(place.module_id)
        if place is None or module is None:
            return None
        return NextStep(place, module, journey.target(module, place), self.has_started,
                        journey.place_words(module, place))

    def next_words(self) -> StepWords | None:
        """Continue's line as home shows it (next_step's lead and words), from the outline: nothing loaded."""
        place = self.continue_place()
        module = None if place is None else self.outlined(place.module_id)
        if place is None or module is None:
            return None
        return StepWords(self.has_started, journey.place_words(module, place))

    def after_passing(self, module: Module) -> NextStep | None:
        """What a results page offers once `module` is passed: the next step (as Continue on home sees it) when it
        leads into another module; None while `module` is not passed, or when nothing else is left to do."""
        if self.state(module).status is not rules.Status.PASSED:
            return None
        step = self.next_step()
        return step if step is not None and step.module.id != module.id else None

    def place_words(self, place: Place) -> str:
        """'Depression › What helps' for a saved place."""
        return journey.place_words(self.module(place.module_id), place)

    def missing_recommended(self, module: ModuleLike) -> list[ModuleLike]:
        return rules.missing_recommended(module, self.outline, self.records())

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def outlined(self, module_id: str) -> ModuleLike | None:
        """The module with this id as home reads it (`outline`): nothing is loaded to answer."""
        return next((m for m in self.outline if m.id == module_id), None)

    # -- lessons ---------------------------------------------------------------------------

    def open_lesson(self, module: Module, lesson_id: str) -> None:
        self.store.lesson_opened(self.profile.id, module.id, lesson_id)

    def finish_lesson(self, module: Module, lesson_id: str) -> None:
        """The learner reached the end of the lesson: it counts as completed."""
        self.store.lesson_completed(self.profile.id, module.id, lesson_id)

    def reading_position(self, module: Module, lesson_id: str) -> int:
        """The part of the lesson's body (content/parts.py) the learner was reading: where it opens again.

        0 is the top; a position the lesson no longer has (the author shortened it) is its last part.
        """
        lesson = module.lesson(lesson_id)
        if lesson is None:
            return 0
        from ..content.parts import clamp  # markdown-it: for a lesson, not for home (a start's first key)

        return clamp(lesson.body, self.store.reading_position(self.profile.id, module.id, lesson_id))

    def keep_reading_position(self, module: Module, lesson_id: str, part: int) -> None:
        """Keep the part the learner is reading now. Cheap to call often: the store writes only a change."""
        lesson = module.lesson(lesson_id)
        if lesson is None:
            return
        from ..content.parts import clamp

        self.store.keep_reading_position(self.profile.id, module.id, lesson_id, clamp(lesson.body, part))

    def answer_check(self, module: Module, lesson_id: str, question: Question, answer: Answer) -> Marked:
        marked = mark(question, answer)
        self.store.record_check(self.profile.id, module.id, lesson_id, question.id, answer, marked.correct)
        return marked

    def after_lesson(self, module: Module, index: int) -> Target | None:
        """Next from the end of lesson `index`: the next lesson, else the quiz, else None (the module)."""
        return journey.after_lesson(module, index)

    # -- the gate into a module: the content note ------------------------------------------

    def gate(self, module: ModuleLike) -> Gate:
        """What comes before going into `module`: its content note, and whether it is asked now."""
        return Gate(module.content_note or None, self.needs_content_note(module))

    def skip_module(self, module: Module) -> None:
        """The learner skipped the module at its content note: it counts as skipped."""
        self.store.set_skipped(self.profile.id, module.id, True)

    def take_back_skip(self, module: Module) -> None:
        """The module is no longer skipped (its content note is asked again on the way in)."""
        self.store.set_skipped(self.profile.id, module.id, False)

    def needs_content_note(self, module: ModuleLike) -> bool:
        """Whether the module's content note, with its choice, comes before going in (every path asks this)."""
        return rules.needs_content_note(module, self.records().get(module.id))

    def accept_content_note(self, module: Module) -> None:
        """The learner read the note and chose to go on: it is not asked again, and a skip is taken back."""
        self.store.note_read(self.profile.id, module.id)

    # -- the quiz --------------------------------------------------------------------------

    def unfinished_attempt(self, module: Module) -> Attempt | None:
        """The attempt to resume, with only the questions the module still has (learning/quiz.py still_in)."""
        attempt = self.store.unfinished_attempt(self.profile.id, module.id)
        return None if attempt is None else still_in(attempt, module)

    def quiz_attempt(self, module: Module) -> Attempt:
        """The unfinished attempt (resumed in its own order), or a new one."""
        attempt = self.unfinished_attempt(module)
        if attempt is not None:
            self.store.save_place(self.profile.id, Place(module.id, "quiz"))
            return attempt
        return self.new_attempt(module)

    def new_attempt(self, module: Module) -> Attempt:
        """A fresh attempt: reshuffled when the module says shuffle."""
        assert module.quiz is not None
        plan = plan_quiz(module, self.rng)
        return self.store.start_attempt(self.profile.id, module.id, plan, module.quiz.pass_mark,
                                        module.module.language)

    def quiz_label(self, module: Module) -> str:
        """The quiz's state for a module's list: 'passed, best 9/10 · resume at question 3' and the like."""
        return journey.quiz_label(module, self.state(module), self.unfinished_attempt(module))

    def next_question(self, module: Module, attempt: Attempt) -> QuizQuestion | None:
        """The next question to ask (removed ones passed over); None when the attempt can be finished."""
        return journey.next_question(in_language(module, attempt.language), attempt)

    def answer(self, attempt: Attempt, question: Question, answer: Answer) -> Marked:
        """Grade and keep an answer, with the prompt as the learner saw it (a later edit never rewrites history)."""
        marked = mark(question, answer)
        self.store.record_answer(attempt.id, question.id, answer, marked.correct, question.prompt)
        attempt.answers[question.id] = answer
        return marked

    def finish_attempt(self, module: Module, attempt: Attempt) -> Score:
        # Answers are kept as the texts chosen, so they are scored against the language they were given in.
        result = score(in_language(module, attempt.language), attempt.answers, attempt.plan)
        self.store.finish_attempt(attempt.id, result.right, result.total, result.passed)
        attempt.finished = True
        return result

    def last_results(self, module: Module) -> tuple[Attempt, Results] | None:
        """The newest finished attempt and its results, scored as finish_attempt scores it (a page that shows
        them again after a reload, as the web page does); None before any attempt is finished."""
        attempt = self.store.last_finished_attempt(self.profile.id, module.id)
        if attempt is None:
            return None
        attempt = still_in(attempt, module)
        taken = in_language(module, attempt.language)
        return attempt, self.results(module, attempt, score(taken, attempt.answers, attempt.plan))

    def results(self, module: Module, attempt: Attempt, result: Score) -> Results:
        """A finished attempt's score in words and its review, question by question (removed ones left out), in
        the language the attempt was taken in."""
        return journey.results(in_language(module, attempt.language), attempt, result)

    # -- scenarios -------------------------------------------------------------------------

    def walk(self, module: Module, scenario: Scenario) -> Walk:
        """Start a practice conversation: its place is saved, and reaching an ending is recorded."""
        return Walk(self, module, scenario)

    def open_scenario(self, module: Module, scenario_id: str) -> None:
        self.store.save_place(self.profile.id, Place(module.id, "scenario", scenario_id))

    def finish_scenario(self, module: Module, run: ScenarioRun) -> None:
        path: list[dict[str, Any]] = [
            {"step": c.step_id, "option": c.text, "tone": c.tone} for c in run.path
        ]
        self.store.record_scenario_run(self.profile.id, module.id, run.scenario.id, path, run.step_id)

    # -- confidence checks ------------------------------------------------------------------

    def confidence(self, module: Module, when: str, value: int | None) -> None:
        """Keep the answer to 'How confident do you feel to ...' (1-5), or None when skipped.

        when is 'before' (before the module's first lesson; the first answer is kept) or
        'after' (after its quiz; the latest answer is kept).
        """
        self.store.record_confidence(self.profile.id, module.id, when, value)

    def confidence_asked(self, module: Module, when: str) -> bool:
        """Whether that question was already answered or skipped (then it is not asked again)."""
        return when in self.store.confidence(self.profile.id, module.id)

    def asks_confidence(self, module: Module, when: str, *, passed: bool = False) -> bool:
        """Whether every face asks the confidence question now: when the site asks it, never of a guest, once.

        'before' is asked as the module's first lesson opens (call it before open_lesson: no lesson opened
        yet); 'after' once its quiz is passed (`passed`: the attempt just finished passed).
        """
        if not self.confidence_on or self.is_guest or self.confidence_asked(module, when):
            return False
        if when == "before":
            return not self.record(module).lessons_opened
        return passed

    # -- certificate ------------------------------------------------------------------------

    def certificate_check(self, track: Track | None = None) -> CertificateCheck[Module]:
        """Whether this learner has passed every module the track requires (self.modules is the catalog)."""
        return certificate_check(track or Track(), self.modules, self.records())

    def certificate_ready(self, track: Track | None = None) -> bool:
        """certificate_check's answer, ready or not, from the outline (home offers the certificate: nothing loaded)."""
        return certificate_check(track or Track(), self.outline, self.records()).ready

    def issue_certificate(self, track: Track | None = None, organization: str = "mhcourse") -> certificates.Certificate:
        """Issue and record the certificate; raises certificate.CertificateRefused before the track is passed.

        Save it with certificate.save(cert, path) (.html or .txt).
        """
        return certificates.issue(self.store, self.profile.id, self.modules, track or Track(), organization,
                                  self.refresher_months)

    # -- PIN --------------------------------------------------------------------------------

    def set_pin(self, pin: str | None) -> None:
        """Protect this profile with a PIN or passphrase, or remove it (None); raises ProfileError for a bad one.
        The profile's web sessions end (a copied session cookie stops working): the web face changes a
        PIN through Desk.set_pin, which keeps its own session."""
        self.store.set_pin(self.profile.id, pin)
        self.store.end_profile_web_sessions(self.profile.id)

    # -- settings --------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        return self.store.setting(self.profile.id, key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.store.set_setting(self.profile.id, key, value)
