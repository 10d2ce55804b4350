"""The course app: screens on a stack, Get help now on every one, progress saved as it happens."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..i18n import N_, SHIPPED, _, use_language
from ..progress.desk import Desk
from ..progress.profile import Opening, Profile
from . import faults, runtime, themes
from .cursor import FollowsFocus
from .kiosk import FacilitatorExitScreen, Kiosk
from .screens.help import GetHelpScreen
from .widgets.footer import binding_words

if TYPE_CHECKING:
    from textual.command import CommandListItem
    from textual.widget import AwaitMount

    # Not imported at start-up: pydantic and the catalog wait until the first screen is shown.
    from ..content.helplines import Helplines
    from ..content.models import Module
    from ..content.summary import ModuleSummary
    from ..learning.track import Track
    from ..progress.learner import Learner, Outline
    from ..site.config import SiteConfig
    from .preview import PreviewWatch

PRELOAD_DELAY = 0.2
"""Seconds between the first frame and loading the catalog: the first screen settles within this."""
CatalogLoader = Callable[[], "tuple[list[Module], list[str]]"]
"""Loads the modules on offer, in order, and notices about module files left out."""
OutlineLoader = Callable[[], "list[ModuleSummary] | None"]
"""The modules on offer in outline (content/summary.py), from a warm cache, no pydantic; None: ask CatalogLoader."""


class CourseApp(faults.Guarded, FollowsFocus, inherit_bindings=False):
    """The learner's app. `modules` is the catalog in order; `desk` lets learners in (in memory for previews)."""

    CSS_PATH = "course.tcss"
    TITLE = N_("Mental health awareness")
    BINDINGS = [
        Binding("f1", "get_help", N_("Get help now"), priority=True, key_display="F1"),
        Binding("ctrl+g", "get_help", N_("Get help now"), priority=True, show=False),
        Binding("question_mark", "get_help", N_("Get help now"), show=False),
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        # Textual's own says "palette"; learners find themes, their PIN and certificate here.
        Binding("ctrl+p", "command_palette", N_("More"), show=False, priority=True,
                tooltip=N_("More: themes, local support, your PIN, your certificate")),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        modules: list[Module] | CatalogLoader,
        desk: Desk,
        *,
        preview: Module | None = None,
        seed: int | None = None,
        site: SiteConfig | None = None,
        preview_at: str | None = None,
        watch: Path | None = None,
        outline: OutlineLoader | None = None,
    ) -> None:
        """`modules` is the catalog in order, or a CatalogLoader that `mhcourse` passes so the first
        screen is shown before the catalog loads. `desk` holds the profiles under the site's policy for
        opening them (kiosk mode in it). `site` is None when there is no config file. A `preview` opens at
        `preview_at` (`mhcourse preview --at`) and is reloaded when the file `watch` is saved (tui/preview.py).
        `outline` gives the catalog in outline, known (load_course) before pydantic is imported."""
        super().__init__()
        self.configured_site = site  # from a config file, or None: the first screens need only this
        self._site = site
        self._modules = None if callable(modules) else modules
        self._load_catalog = modules if callable(modules) else None
        self._load_outline = outline
        self.outline: list[ModuleSummary] | None = None  # load_course's, from a warm cache; the full ones follow
        self._helplines: Helplines | None = None
        self.desk = desk
        self.kiosk: Kiosk | None = desk.kiosk
        self.last_activity = time.monotonic()
        self.preview = preview
        self.preview_at = preview_at
        self.preview_watch: PreviewWatch | None = None  # reloads the preview when its file is saved (--watch)
        self._watch = watch
        self.rng = random.Random(seed)
        self.learner: Learner | None = None
        self.unsaved: list[faults.Unsaved] | None = None
        """While the Retry dialog is up (tui/faults.py): the steps not saved, posted again on Retry."""
        self._no_colour = themes.NoColour()
        for theme in themes.THEMES.values():
            self.register_theme(theme)
        self.theme = themes.THEMES[themes.DEFAULT].name
        # Setting the theme makes Textual queue refresh_css, which parses every stylesheet again in a fresh
        # Stylesheet and then drops that parse cache, so course.tcss was parsed twice before the first frame.
        # Nothing is parsed yet: the stylesheet takes the theme's variables now, and that queued refresh is
        # let go by (refresh_css) unless the theme has changed again since.
        self.stylesheet.set_variables(self.get_css_variables())
        self._theme_styled: str | None = self.theme

    def refresh_css(self, animate: bool = True) -> None:
        styled, self._theme_styled = self._theme_styled, None
        if styled is not None and styled == self.theme:
            return  # the stylesheet already has this theme's variables (__init__)
        super().refresh_css(animate)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **themes.VARIABLES}

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Under NO_COLOR Textual 8.2 still sends greys (its Monochrome filter): send no colour at all
        instead, focus and selection shown by reverse video, bold and heavy frames (course.tcss, `:nocolor`)."""
        filters = super().get_line_filters()
        if not self.no_color:
            return filters
        return [*(f for f in filters if not isinstance(f, (Monochrome, NoColor))), self._no_colour]

    # -- what is loaded once the first screen is up ------------------------------------

    @property
    def site(self) -> SiteConfig:
        """The site configuration in effect: the config file's, or the defaults."""
        if self._site is None:
            from ..site.config import SiteConfig

            self._site = SiteConfig()
        return self._site

    @property
    def track(self) -> Track:
        """The site's track, known without the site's models when there is no config file (site/bundled.py)."""
        from ..site.bundled import track_in_effect

        return track_in_effect(self.configured_site)

    @property
    def helplines(self) -> Helplines:
        if self._helplines is None:
            self._helplines = self.site.helplines
        return self._helplines

    @property
    def modules(self) -> list[Module]:
        """The modules on offer, in order; loaded on first use (at the latest just after the first frame)."""
        if self._modules is None:
            assert self._load_catalog is not None
            self._modules, notices = self._load_catalog()
            for notice in notices:
                self.notify(notice, title=_("Please note"), timeout=12)
        return self._modules

    def on_ready(self) -> None:
        """The first frame is on the terminal: once its focus and footer have settled, load what the
        learner's next step needs while they read it (a key pressed sooner loads it at once)."""
        self.set_timer(PRELOAD_DELAY, self.load_course)

    def load_course(self) -> None:
        """The catalog, as the next key may need it: in outline from a warm cache (content/summary.py: no pydantic,
        the course known in a few milliseconds), else in full. At the next idle moments after: the full modules
        (pydantic, the format's models, the cached modules revived), then Get help now's list (the process's first
        validation). A key that needs either sooner (a profile's Enter, F1) loads it at once."""
        if self._modules is None and self.outline is None:
            found = self._load_outline() if self._load_outline is not None else None
            if found is None:
                _ = self.modules
            else:
                self.outline = found
        self.call_later(self.load_modules)
        self.call_later(self.load_helplines)

    def load_modules(self) -> None:
        _ = self.modules
        if self.learner is not None:  # a learner who went in on the outline has them from now on
            _ = self.learner.modules

    def course(self) -> list[Module] | Outline:
        """The modules for a learner going in: in full once loaded, else in outline, which their home needs and no more
        (Learner.outline): the full ones follow at the next idle moment, or at once when the learner opens something."""
        if self._modules is None and self.outline is None:
            self.load_course()  # a key sooner than the preload: the outline now, if the cache has it
        if self._modules is None and self.outline is not None:
            from ..progress.learner import Outline

            return Outline(self.outline, lambda: self.modules)
        return self.modules

    def load_helplines(self) -> None:
        _ = self.helplines

    # -- faults: told in plain words, never a traceback; a kiosk never exits (tui/faults.py) --

    def fault(self, error: BaseException, unfinished: Screen | None = None,
              step: faults.Unsaved | None = None) -> bool:
        """Handle an exception from a handler (`step`: its message, kept for Retry), a timer or a worker;
        False leaves it to Textual."""
        return faults.handle(self, error, unfinished, step)

    def _handle_exception(self, error: Exception) -> None:
        if not self.fault(error):
            super()._handle_exception(error)

    async def back_to_profiles(self, message: str) -> None:
        await self.lock()
        self.notify(message, title=_("Please note"), severity="error", timeout=20)

    # -- start ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        from .screens.profiles import ProfileScreen, WelcomeScreen

        self.speak_title()  # the process's language is set before the app starts (commands/)
        if self.desk.notice:
            self.notify(self.desk.notice, title=_("Please note"), timeout=12)
        if self.kiosk is not None:
            self.set_interval(min(15.0, self.kiosk.idle_seconds / 4), self.lock_if_idle)
        # Full garbage collections while the learner reads, not while they type (runtime.py).
        self.set_interval(runtime.IDLE_CHECK_SECONDS,
                          lambda: runtime.collect_if_idle(time.monotonic() - self.last_activity))
        if self.preview is not None:
            from .preview import PreviewWatch, open_preview

            self.learner = self.desk.preview(self.preview, self.rng)
            open_preview(self, self.preview, self.preview_at)  # the content note first, as a learner sees it
            if self._watch is not None:
                self.preview_watch = PreviewWatch(self, self._watch)
                self.preview_watch.start()
            return
        # Greeted in the look of whoever used the course last (the site default in kiosk mode or with hidden
        # names): a learner who needs high contrast is not dropped into dark before choosing their profile.
        self.use_theme(self.desk.greeting_setting("theme"))
        if not self.desk.profiles() and self.kiosk is None:
            self.push_screen(WelcomeScreen())
        else:
            self.push_screen(ProfileScreen())

    def open_profile(self, profile: Profile) -> None:
        """A profile was chosen from the list: read it again now (it may have gained a PIN since the
        list was drawn) and ask for its PIN when it has one."""
        self.proceed(self.desk.open(profile.id), profile)

    def make_profile(self, name: str) -> None:
        """A new profile called `name`. Where PINs are required, its PIN is typed first and the profile is
        made with it in one step (Esc before that leaves nothing behind); otherwise it is made at once and,
        on a shared computer, offered a PIN. Raises ProfileError for a taken or unusable name, at once."""
        from .screens.pin import NewPinScreen

        if not self.desk.require_pin:
            self.proceed(self.desk.create(name), new=True)
            return
        made: list[Opening] = []

        def save(pin: str) -> None:
            made.append(self.desk.create(name, pin))

        def pin_set(done: bool | None) -> None:
            if done and made and made[0].profile is not None:
                self.start_learning(made[0].profile)

        self.push_screen(NewPinScreen(self.desk.free_name(name), save, required=True, new=True), pin_set)

    def proceed(self, opening: Opening, chosen: Profile | None = None, *, new: bool = False) -> None:
        """The next step of opening a profile: in, a PIN to type, a PIN to set first, or why not."""
        from .screens.pin import NewPinScreen, PinEntryScreen

        if opening.status == "pin" and chosen is not None:
            self.push_screen(PinEntryScreen(chosen), self._pin_typed)
        elif opening.ok and opening.profile is not None:
            profile = opening.profile
            if self.desk.offers_pin(opening, new=new):
                required = opening.set_pin

                def pin_set(done: bool | None) -> None:
                    if done or not required:
                        self.start_learning(profile)

                self.push_screen(NewPinScreen(profile.name, partial(self.desk.set_pin, profile),
                                              required=required, new=new), pin_set)
            else:
                self.start_learning(profile)
        elif opening.status == "gone":
            self.notify(_("That profile is no longer on this computer."))

    def _pin_typed(self, opening: Opening | None) -> None:
        if opening is not None:
            self.proceed(opening)

    def ask_confidence(self, module: Module, when: str, then: Callable[[], object] | None = None) -> None:
        """The optional confidence question, skippable; the caller has asked the core whether it is asked now
        (Learner.asks_confidence: the site's setting, never of a guest or in a preview, once per module and stage).
        `then` runs after it: the pre-test follows it before the first lesson."""
        from .screens.confidence import ConfidenceScreen

        learner = self.learner
        if learner is None:
            if then is not None:
                then()
            return

        def answered(value: int | None) -> None:
            learner.confidence(module, when, value)
            if then is not None:
                then()

        self.push_screen(ConfidenceScreen(module, when), answered)

    def offers_pretest(self, module: Module) -> bool:
        """The core offers the module's pre-test now (Learner.pretest_offered: before its first lesson, to a learner
        whose record is kept: not a guest, not an author's preview)."""
        learner = self.learner
        return learner is not None and learner.pretest_offered(module)

    def save_certificate(self) -> None:
        """Save the certificate, or say why not (screens/certificate.py)."""
        from .screens.certificate import save_certificate

        save_certificate(self)

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        from ..progress.certificate import saved_words

        self.notify(saved_words(event.path), timeout=12)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        from ..progress.certificate import NOT_SAVED

        self.notify(NOT_SAVED, severity="error", timeout=12)

    def show_local_support(self) -> None:
        from .screens.support import LocalSupportScreen, has_local_support

        if has_local_support(self.configured_site):
            self.push_screen(LocalSupportScreen())
        else:
            self.notify(_("No local support is listed on this computer. Press F1 for Get help now."))

    def set_my_pin(self) -> None:
        from .screens.pin import SetPinScreen

        if self.learner is None or self.is_guest or self.preview is not None:
            self.notify(_("Choose your profile first: a PIN belongs to a profile."))
            return
        self.push_screen(SetPinScreen())

    def start_learning(self, profile: Profile) -> None:
        """A profile was chosen or made: go to the learner's home."""
        self._go_home(self.desk.start(profile, self.course(), self.rng))

    def start_guest(self) -> None:
        """Learn without a profile: everything lives in memory and is gone when the session ends."""
        self._go_home(self.desk.guest(self.course(), self.rng))
        self.notify(_("You are learning as a guest. Nothing is saved on this computer."), timeout=8)

    @property
    def is_guest(self) -> bool:
        return self.learner is not None and self.learner.is_guest

    def _go_home(self, learner: Learner) -> None:
        from .screens.home import HomeScreen

        self.learner = learner
        self.speak(learner.language)  # before the home screen is built: it speaks the learner's language
        self.use_theme(self.learner.setting("theme"))
        self.push_screen(HomeScreen())

    def learner_leaves(self) -> None:
        """The learner is out (switch profile, lock, kiosk's end of session): the course speaks the language
        of the profile screen again (Desk.language: the site's or the computer's)."""
        self.learner = None
        self.speak(self.desk.language())

    def speak(self, language: str) -> None:
        """Speak `language` from now on (screens built after this are in it), the window's title too."""
        use_language(language)
        self.speak_title()

    def speak_title(self) -> None:
        """The window's title in the language spoken now (TITLE is marked N_() where it is written)."""
        self.title = _(self.TITLE or self.__class__.__name__)

    def choose_language(self) -> None:
        """Ctrl+P, then Language: the language modal; the choice is kept in the profile (not a guest's)."""
        from .screens.language import LanguageScreen

        self.push_screen(LanguageScreen(), self._language_chosen)

    def _language_chosen(self, code: str | None) -> None:
        if code is None or code not in SHIPPED or self.learner is None:
            return
        self.learner.set_language(code)
        self.speak(code)
        self.run_worker(self.rebuild_screens(), group="language", exclusive=True)

    async def rebuild_screens(self) -> None:
        """Everything in the language now spoken: the learner's screens are closed and their home (or the
        preview's first screen) is built again; their place is kept by the store, so Continue finds it."""
        from .screens.home import HomeScreen

        if self.preview is not None:
            from .preview import open_preview

            while len(self.screen_stack) > 1:
                await self.pop_screen()
            assert self.learner is not None
            self.preview = self.learner.shown(self.preview)
            open_preview(self, self.preview, None)
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            await self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            await self.switch_screen(HomeScreen())

    def use_theme(self, key: str | None) -> None:
        """Show the course in this theme (a key of themes.THEMES), or in the default one."""
        self.theme = themes.THEMES[key if key in themes.THEMES else themes.DEFAULT].name

    # -- notifications -------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications show their text literally (Textual parses markup by default): many carry a
        module title, a file name or a link, and a "[/]" in one would crash the app."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_help_quit(self) -> None:
        """Ctrl+C says how to quit, as in Textual, whose own message is markup (which notify no longer parses).

        In kiosk mode the quit key does something else (action_quit), and ctrl+c says what is true there."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                if self.kiosk is None:
                    self.notify(_("Press {key} to quit the app.").format(key=key), title=_("Do you want to quit?"))
                elif self.learner is not None:
                    self.notify(_("Press {key} to end your session. Your progress is saved, and the next person "
                                  "can start here. Only a facilitator closes the course.").format(key=key),
                                title=_("Do you want to stop?"))
                else:
                    self.notify(_("Only a facilitator closes the course: press {key}, then enter the facilitator "
                                  "PIN.").format(key=key), title=_("Closing the course"))
                return

    # -- quitting, and kiosk mode ----------------------------------------------------------

    async def action_quit(self) -> None:
        """Progress is saved as it happens, so quitting loses nothing. In kiosk mode it ends the session instead."""
        if self.kiosk is None:
            self.exit()
        elif self.learner is not None:
            await self.lock()
            self.notify(_("Your progress is saved. The next person can start here."))
        else:
            self.push_screen(FacilitatorExitScreen(self.kiosk), self._facilitator_answer)

    def retry_screen(self, why: str, gone: Callable[[], None]) -> Screen[bool]:
        """The Retry dialog (faults.offer_retry asks the app for it: the screens already import faults)."""
        from .screens.retry import RetryScreen

        return RetryScreen(why, gone)

    def _facilitator_answer(self, leave: bool | None) -> None:
        if leave:
            self.exit()

    async def lock(self) -> None:
        """Back to the profile screen, with no learner open (kiosk: idle time, or quit)."""
        from .screens.profiles import ProfileScreen

        self.learner_leaves()
        if self.kiosk is not None:  # the next person may be anyone: back to the site's default look
            self.use_theme(None)
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        screen = self.screen
        if isinstance(screen, ProfileScreen) and screen.step is not None:  # a name typed on the way in, names hidden
            await screen.start_over()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.last_activity = time.monotonic()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        if self.kiosk is None or not self._in_use() or self._locking():
            return
        if time.monotonic() - self.last_activity >= self.kiosk.idle_seconds:
            self.run_worker(self._lock_when_idle(), group="idle-lock")

    def _locking(self) -> bool:
        """A lock under way: on a busy machine popping the screens can outlast the next check, and a second
        lock then would pop past the profile screen or cancel the first one halfway down the stack."""
        return any(worker.group == "idle-lock" and not worker.is_finished for worker in self.workers)

    def _in_use(self) -> bool:
        """A learner is in, or on the way in (a name typed, a PIN being set): the idle lock clears both."""
        return self.learner is not None or len(self.screen_stack) > 2 or getattr(self.screen, "step", None) is not None

    async def _lock_when_idle(self) -> None:
        await self.lock()
        self.notify(_("The session was locked after a while without activity. Progress is saved."), timeout=10)

    # -- help, themes, commands ----------------------------------------------------------

    def learner_country(self) -> str | None:
        from ..content.helplines import first_country
        from ..progress.faults import STORAGE_FAULTS

        try:  # Get help now opens even while the record cannot be read (the shared database is down)
            chosen = self.learner.setting("country") if self.learner else None
        except STORAGE_FAULTS:
            chosen = None
        return first_country(chosen, self.site.helplines_settings.country)

    def action_get_help(self) -> None:
        if isinstance(self.screen, GetHelpScreen):
            return
        self.push_screen(GetHelpScreen(self.helplines, self.learner_country()))

    def set_course_theme(self, key: str) -> None:
        self.theme = themes.THEMES[key].name
        if self.learner is not None:
            self.learner.set_setting("theme", key)

    def set_country(self, code: str) -> None:
        if self.learner is not None:
            self.learner.set_setting("country", code)
        country = self.helplines.find(code)
        self.notify(_("Get help now will list {country} first.").format(country=country.name if country else code))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Get help now"), _("Crisis lines and what to do in immediate danger (F1)"),
                            self.action_get_help)
        if self.learner is not None:
            # Found by "language" too, whatever the course speaks: someone who landed in a language they cannot
            # read looks for the word they know.
            words = _("Language")
            title = words if words == "Language" else f"{words} · Language"
            yield SystemCommand(title, _("Choose the language of the course"), self.choose_language)
        for key, label in themes.NAMES.items():
            yield SystemCommand(_("Theme: {name}").format(name=_(label)), _(themes.SWITCH[key]),
                                partial(self.set_course_theme, key))
        from .screens.support import has_local_support

        if has_local_support(self.configured_site):
            yield SystemCommand(_("Local support"), _("Groups, services and organisations near here"),
                                self.show_local_support)
        if self.learner is not None and not self.is_guest and self.preview is None:
            yield SystemCommand(_("My PIN"), _("Protect your profile with a PIN, change it or remove it"),
                                self.set_my_pin)
            if self.kiosk is None:
                yield SystemCommand(_("Save my certificate"), _("When you have passed the course"),
                                    self.save_certificate)
            else:  # nothing is saved on a shared computer: the learner gets a reference a facilitator prints
                yield SystemCommand(_("My certificate"), _("Its reference, for a facilitator to print"),
                                    self.save_certificate)
        for country in (c for c in self.helplines.country if not c.local):
            yield SystemCommand(
                _("My country: {country}").format(country=country.name),
                _("List this country's crisis lines first in Get help now"),
                partial(self.set_country, country.code),
            )
        yield SystemCommand(_("Keys"), _("The keys of this screen, in plain words"), self.action_show_help_panel)
        if not self.kiosk:
            yield SystemCommand(_("Quit"), _("Your progress is saved as you go"), self.action_quit)

    def action_command_palette(self) -> None:
        """Textual's palette with its own words in the learner's language (widgets/palette.py)."""
        from .widgets.palette import CoursePalette

        if self.use_command_palette and not CoursePalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CoursePalette(id="--command-palette"))

    def search_commands(self, commands: Sequence[CommandListItem], placeholder: str = "") -> AwaitMount:
        """A list of commands to search (Get help now's country choice), in the learner's words."""
        from textual.command import SimpleProvider

        from .widgets.palette import CoursePalette

        provider = SimpleProvider(self.screen, list(commands))
        return self.push_screen(CoursePalette([provider], placeholder=placeholder or None))  # type: ignore[list-item]

    def action_show_help_panel(self) -> None:
        """The course's own list of keys (screens/keys.py), not Textual's panel of every widget's keys."""
        from .screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen, kiosk=self.kiosk is not None))

    def get_key_display(self, binding: Binding) -> str:
        """Keys in the learner's words everywhere: "Ctrl+Q", "Esc", "Enter", not "^q", "esc", "⏎"."""
        return binding_words(binding)
