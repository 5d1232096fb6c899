"""The Textual app: welcome, course map, lesson reader, quizzes, practice, help and crisis line.

The app holds the course, the progress store and the random source, and knows how to move
between screens. Screens are imported only when first shown, so start-up loads just what
the first screen needs. Everything the learner does is recorded through the domain core
(`course.progress.model`, `course.learning.quiz`) and saved from a thread: the store may wait for a lock.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, TypeVar, cast

from textual import events
from textual.app import App
from textual.geometry import Offset
from textual.message import Message
from textual.worker import Worker, WorkerState

from course.content.model import ROLE_NAMES, without_controls
from course.i18n import _, ngettext
from course.keymap import load_user_keys
from course.terminal import printable
from course.tui.bindings import APP, bindings_for
from course.tui.collector import IDLE_SECONDS, IdleCollector
from course.tui.cursor import focus_spot
from course.tui.messages import DISMISS_HINT, UNTIL_DISMISSED, MessageLog, lasting_timeout
from course.tui.snapshots import Snapshots
from course.tui.theme import HIGH_CONTRAST_NAME, high_contrast_theme

if TYPE_CHECKING:
    from argparse import Namespace
    from pathlib import Path

    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widget import AwaitMount

    from course.content.model import Course, Module, Role
    from course.learning.overview import SearchIndex
    from course.progress.model import Learner, Progress
    from course.progress.preview import ProgressView
    from course.progress.store import ProgressStore
    from course.tui.screens.base import OneLayoutPass
    from course.tui.screens.quiz import Unfinished
    from course.tui.screens.room import RoomServerFactory

ANIMATIONS_ENV = "KETAMINE_COURSE_ANIMATIONS"
BEFORE_A_LEARNER = {"help", "crisis", "quit", "command_palette", "messages", "high_contrast", "change_theme",
                    "focus_next", "focus_previous",  # Tab and Shift+Tab round the welcome form
                    "pop_screen"}
MIN_WIDTH, MIN_HEIGHT = 60, 20  # most screens; a screen with its own MIN_SIZE (the shared screens) says so
# Saving. A save waits this long for another copy of the course holding the lock, so the
# learner hears within a couple of seconds that saving is waiting (it took 26 s); a failed
# save is tried again every few seconds; at quit the course waits a little longer, then
# writes what it could not save to a rescue copy.
SAVE_LOCK_WAIT = 1.0
SAVE_RETRY_SECONDS = 2.0
QUIT_WAIT_SECONDS = 3.0
PREPARE_PASSES = 3  # layouts of a kept screen built in a pause (course.tui.screens.base lays out again only what is shown)

_KeptScreen = TypeVar("_KeptScreen", bound="Screen")


def _command_provider():
    from course.tui.commands import CourseCommands  # loaded when the palette first opens

    return CourseCommands


class SaveAttempted(Message):
    """A save has been tried (from the save thread): show what the store has to say."""


def _typed_ahead_enter() -> events.Key:
    """Enter typed while the app was starting, before Textual put the terminal in raw mode:
    the terminal's line discipline (ICRNL) turned its carriage return into a newline, which
    arrives as Ctrl+J. Nothing in the app is bound to Ctrl+J (it is the newline key in a
    terminal), so it is Enter wherever it comes from, unless the learner's keys.toml binds it."""
    return events.Key("enter", "\r")


class CourseApp(App[int]):
    CSS_PATH = "app.tcss"
    COMMANDS = {_command_provider}  # the course's commands only: not Textual's "Keys" or "Screenshot"
    # Help, the crisis line, the palette and quit, with priority (course.tui.bindings). Textual's
    # own Ctrl+Q binding is not inherited: hidden from the footer, it would hide ours.
    _inherit_bindings = False
    BINDINGS = bindings_for(APP)

    def __init__(self, course: Course, store: ProgressStore | None, *, theme: str | None = None,
                 rng: random.Random | None = None, animations: bool | None = None,
                 room_server: RoomServerFactory | None = None, first_screen: Callable[[], Screen] | None = None,
                 choose_learner: bool = False, load_edition: Callable[[str], Course] | None = None,
                 language_asked: bool = False, keys_file: Path | None = None,
                 recheck_course: Callable[[], Sequence[object] | None] | None = None,
                 open_store: Callable[[], ProgressStore] | None = None, progress_path: Path | None = None,
                 preview: ProgressView | None = None) -> None:
        """`store` None: the progress is opened after the first screen is drawn, by `open_store`
        (it imports pydantic and the progress models, which the first screen does not need).
        Without `preview`, a first run (no progress file yet): the welcome. With it, the active
        learner read for the course map (course.progress.preview); the store replaces it before
        any key is handled. Anything that asks for the store before then opens it at once.
        `progress_path`: where the progress is (for the welcome)."""
        super().__init__()
        # The rest of the course's freshness check, after the first screen (course.content.cache.open_course_quickly).
        self._recheck_course = recheck_course
        self.course = without_controls(course)  # no escape code reaches the screen (course/terminal.py)
        # Another edition of the course, by language (None: this course only, as in most tests).
        self._load_edition = load_edition
        self._start_language = course.language  # from --lang, the computer's, or the course's
        self._language_asked = language_asked  # --lang was given: it wins over the learner's saved choice
        self._search_index: SearchIndex | None = None  # made on the first search, or ahead by warm_search
        self.room_server = room_server  # makes the room quiz's web server (handed in: the UI never imports the web)
        self._first_screen = first_screen
        self.is_guest = getattr(store, "guest", False)  # progress in memory only (course.tui.guest)
        if choose_learner and store is not None:  # a new browser session never opens the last learner by itself
            store.data.active_learner = None
        assert store is not None or open_store is not None, "a store, or a way to open one"
        self._store = store
        self._open_store = open_store
        self._progress: Progress | None = store.data if store is not None else None
        self._preview = preview
        where = store.path if store is not None else progress_path
        assert where is not None, "a first run names its progress file"
        self.progress_path: Path = where
        self.rng = rng or random.Random()
        self.title = self.course.title
        if animations is None:
            animations = os.environ.get(ANIMATIONS_ENV) == "1"
        self.animation_level = "full" if animations else "none"
        self._messages: list[str] = []
        # The learner's own keys (keys.toml), by command id; a mistake in the file is a notice.
        self.user_keys, problems = load_user_keys(keys_file) if keys_file else ({}, [])
        self._ctrl_j_bound = any("ctrl+j" in keys.split(",") for keys in self.user_keys.values())
        self._messages += problems
        self.message_log = MessageLog()  # every notice of the session, for the Messages screen
        self._save_lock = threading.Lock()
        self._warming = threading.Thread()  # the search index being made (see warm_search)
        self._snapshots = Snapshots()
        self._collector = IdleCollector()
        self._input_at = 0.0  # when the last key or mouse event came (time.monotonic)
        self._preparing: list[tuple[bool, str]] = []  # steps left, in the learner's pauses: (build or lay out, screen)
        self._prepare_timer: Timer | None = None
        self.prepared = False  # the kept screens built in a pause (after start-up, or once there is a learner)
        self._settled = False  # the pause after start-up has come (_settle_in)
        self._save_requested = self._save_done = 0
        self._retry: Timer | None = None  # the timer of the next try of a save that failed
        self.notices_shown = 0
        self._started = False
        self._early_keys: list[events.Key] | None = []  # typed before the first screen had its focus
        self.too_small = False  # the "too small" message is showing; only quitting works
        self.cursor_shown = Offset(0, 0)  # where the last redraw put the terminal's cursor (_display)
        self.unfinished: dict[tuple[str | None, str], Unfinished] = {}  # quizzes left part-way: (learner, module)
        self._quit_confirmed = False
        self._asking_to_quit: Screen | None = None
        self.register_theme(high_contrast_theme())
        self._pick_theme(theme)

    # ------------------------------------------------------------ state

    @property
    def store(self) -> ProgressStore:
        if self._store is None:
            self._open_progress()
        assert self._store is not None
        return self._store

    @property
    def progress(self) -> Progress:
        """The progress the app records into (the store saves snapshots of it). While the
        first screen is drawn from a preview, that preview (read-only: see __init__)."""
        if self._progress is None and self._preview is not None:
            return self._preview  # type: ignore[return-value]  # read-only, with the fields the first screen reads
        if self._progress is None:
            self._open_progress()
        assert self._progress is not None
        return self._progress

    @property
    def store_opened(self) -> bool:
        return self._store is not None

    def _open_progress(self) -> None:
        """A first run: open the progress now (after the welcome is drawn, or when first needed)."""
        if self._store is not None or self._open_store is None:
            return
        self._store = self._open_store()
        self._progress = self._store.data
        preview, self._preview = self._preview, None
        if self._started:
            self._show_new_notices()
        if preview is not None and self._started:
            self._after_preview(preview)

    def _after_preview(self, preview: ProgressView) -> None:
        """The first screen was drawn from a preview: if the store read anything else (another
        copy of the course saved meanwhile), show what it read."""
        from course.progress.preview import view_of

        learner = self.learner
        if learner is not None and self.progress.active_learner == preview.active_learner \
                and view_of(learner) == preview.active:
            return
        from course.tui.screens.course_map import MapScreen

        if learner is None:
            from course.tui.screens.learners import LearnersScreen
            from course.tui.screens.welcome import WelcomeScreen

            self.switch_screen(LearnersScreen(first=True) if self.learner_choices() else WelcomeScreen(first_run=True))
        elif isinstance(self.screen, MapScreen):
            self.screen.refresh_map()

    @property
    def search_index(self) -> SearchIndex:
        """The course's search index (course.learning.overview, which imports the progress
        models: not before the first screen, so the first-run welcome needs no pydantic)."""
        if self._search_index is None:
            from course.learning.overview import SearchIndex

            self._search_index = SearchIndex(self.course)
        return self._search_index

    @property
    def learner(self) -> Learner | None:
        if self._store is None:  # not opened yet: a first run (nobody yet), or the preview's learner
            return self._preview.active if self._preview is not None else None  # type: ignore[return-value]  # as above
        return self.progress.active

    @property
    def active_learner(self) -> Learner:
        """The learner, where there must be one: every screen but the welcome and the learner list."""
        learner = self.progress.active
        assert learner is not None, "no learner chosen yet"
        return learner

    def _pick_theme(self, requested: str | None) -> None:
        """--theme wins over the learner's saved theme; an unknown name is explained, not fatal."""
        saved = self.learner.theme if self.learner else None
        if requested and requested not in self.available_themes:
            names = ", ".join(sorted(self.available_themes))
            self._messages.append(_("There is no theme called “{requested}”. Themes you can use: {names}.").format(requested=requested, names=names))
            requested = None
        name = requested or saved
        if name and name in self.available_themes:
            self.theme = name

    def watch_theme(self, theme: str) -> None:
        learner = self.learner
        if learner is not None and learner.theme != theme:
            learner.theme = theme
            learner.touch()
            if self.is_running:  # a --theme set before start-up is saved with the next change
                self.save()

    # ------------------------------------------------------------ start-up and size

    async def on_mount(self) -> None:
        if self.user_keys:
            self.set_keymap(self.user_keys)
        if self.learner is not None and not self._language_asked:
            self._use_edition(self.learner.language)
        self._show_new_notices()
        for message in self._messages:
            self.notify(message, severity="warning", timeout=10)
        if self.is_guest:
            from course.tui.guest import GUEST_NOTICE

            self.notify(_(GUEST_NOTICE), title=_("Guest"), timeout=20)
        if self._store is None and self._first_screen is None:  # the first screen, then the progress
            if self._preview is None:  # a first run
                from course.tui.screens.welcome import WelcomeScreen

                await self.push_screen(WelcomeScreen(first_run=True))
            else:
                from course.tui.screens.course_map import MapScreen

                await self.push_screen(MapScreen())
            self.call_after_refresh(self._open_progress)
        elif self._first_screen is not None:
            await self.push_screen(self._first_screen())
        elif self.learner is None and self.learner_choices():  # --choose-learner, or the last one is gone
            from course.tui.screens.learners import LearnersScreen

            await self.push_screen(LearnersScreen(first=True))
        elif self.learner is None:
            from course.tui.screens.welcome import WelcomeScreen

            await self.push_screen(WelcomeScreen(first_run=True))
        else:
            from course.tui.screens.course_map import MapScreen

            await self.push_screen(MapScreen())
        self._started = True
        self.call_after_refresh(self._replay_early_keys)
        self.screen_change_signal.subscribe(self, lambda _screen: self._check_size(self.size.width, self.size.height))
        self._check_size(self.size.width, self.size.height)
        self.set_timer(IDLE_SECONDS, self._settle_in)
        self.set_interval(IDLE_SECONDS / 2, self._idle_tick)

    def warm_search(self) -> threading.Thread:
        """Make the search index in a thread, so that the first search (from the command
        palette or the search window) need not wait for it: 1.4 s on a 1,000-lesson course."""
        if not self.search_index.ready and not self._warming.is_alive():
            self._warming = threading.Thread(target=self.search_index.build, name="search index", daemon=True)
            self._warming.start()
        return self._warming

    def _settle_in(self) -> None:
        """While the learner reads the first screen: import what the next screens need, then build
        the kept screens one at a time (`_prepare_next`), so that each first opening is drawn as
        a later one is; then leave full garbage collections to the learner's pauses
        (course.tui.collector)."""
        import course.tui.screens.lesson  # noqa: F401
        import course.tui.screens.quiz  # noqa: F401
        from course.tui.widgets.prose import prepare

        prepare()
        if self._recheck_course is not None:
            threading.Thread(target=self._recheck, name="course check", daemon=True).start()
        self._settled = True
        if self.learner is not None and self.is_running:
            self._prepare_kept_screens(facilitator=self.learner.role == "facilitator")
        else:  # the welcome: prepared at a pause once there is a learner (_idle_tick)
            self._collector.start()

    def _idle_tick(self) -> None:
        """Every quarter second: the idle collector, and the kept screens prepared at a pause when
        they are not yet (a learner just made on the welcome; the screens of another language)."""
        self._collector.tick()
        if (self._settled and not self.prepared and not self._preparing and self._prepare_timer is None
                and self.learner is not None and time.monotonic() - self._input_at >= IDLE_SECONDS):
            self._prepare_kept_screens(facilitator=self.learner.role == "facilitator")

    def _recheck(self) -> None:
        """In a thread: is every file of the course as it was when it was cached? If not, the
        course is checked again, as `validate` checks it, and the learner told (the course on
        screen stays the one checked before; the changed one is used from the next start)."""
        assert self._recheck_course is not None
        problems = self._recheck_course()
        if problems is not None:
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(self._course_changed, [str(problem) for problem in problems])

    def _course_changed(self, problems: list[str]) -> None:
        if not problems:
            self.notify(_("The course's files changed since it was last checked. Quit and start again to see "
                          "the changes."))
            return
        listing = "\n".join(problems[:3]) + ("\n…" if len(problems) > 3 else "")
        self.notify(ngettext("The course's files changed and now have {n} problem:\n{listing}\nThe course on "
                             "screen is the one checked before. Fix it, then check again with: ketamine-course validate",
                             "The course's files changed and now have {n} problems:\n{listing}\nThe course on "
                             "screen is the one checked before. Fix them, then check again with: ketamine-course validate",
                             len(problems)).format(n=len(problems), listing=listing),
                    severity="warning", timeout=UNTIL_DISMISSED)

    def _prepare_kept_screens(self, facilitator: bool) -> None:
        """Every kept screen's first opening drawn in one paint, as its later ones are: the screens
        made now, their styles read in one go (reading a screen's styles restyles the whole app:
        30-100 ms each time), then each built (composed and mounted) and laid out at the app's size
        while hidden, one a turn (`_prepare_next`), in the order the learner is likely to want
        them. A screen built at its first opening was mounted and laid out in the key, and its
        first layout sent it a Resize that laid it out and drew it again a frame later."""
        if not self.is_running:  # closing (Textual's shutdown, a test's end): a screen built now would lose its widgets
            return
        from course.tui.screens.crisis import CrisisScreen
        from course.tui.screens.help import HelpScreen
        from course.tui.screens.lesson import LessonScreen
        from course.tui.screens.my_questions import MyQuestionsScreen
        from course.tui.screens.palette import CommandPalette
        from course.tui.screens.practice import PracticeScreen
        from course.tui.screens.quiz import QuizScreen

        modules = self.course.modules
        # (name, factory): a lesson screen is built with a lesson (its keys ask which), shown at load()
        kept: list[tuple[str, Callable[[], Screen]]] = [
            ("lesson", lambda: LessonScreen().load(modules[0])),
            ("quiz", QuizScreen), ("help", HelpScreen), ("crisis", CrisisScreen),
            ("palette", CommandPalette), ("practice", PracticeScreen), ("my_questions", MyQuestionsScreen)]
        with_questions = [module for module in modules if module.questions]
        if facilitator and modules:
            from course.tui.screens.presenter import PresenterScreen

            kept.insert(1, ("presenter", partial(PresenterScreen, modules[0])))
            if with_questions:
                from course.tui.screens.group_quiz import GroupQuizScreen

                kept.insert(2, ("group_quiz", partial(GroupQuizScreen, with_questions[0])))
        if not modules:
            kept = [(name, factory) for name, factory in kept if name not in ("lesson", "quiz")]
        screens = [(name, self.get_screen(name) if self.is_screen_installed(name) else self._kept_screen(name, factory))
                   for name, factory in kept]
        stylesheet, update = self.stylesheet, False
        for _name, screen in screens:
            for path in screen.css_path:  # as App._load_screen_css, with one restyle for all of them
                if not stylesheet.has_source(str(path), ""):
                    stylesheet.read(path)
                    update = True
        if update:
            stylesheet.reparse()
            stylesheet.update(self)
        # Each built (composed and mounted), then, once all are (a widget's first mount adds its CSS:
        # the rules change), each restyled, laid out and drawn unseen: one step a turn.
        names = [name for name, screen in screens if not screen.is_running]
        self._preparing = [(build, name) for build in (True, False) for name in names]
        self.prepared = False
        self._prepare_next()

    def _prepare_next(self) -> None:
        """The next step of `_prepare_kept_screens`; while the learner is typing, wait for their next
        pause (what a key asks for comes first)."""
        self._prepare_timer = None
        while self._preparing and self.is_running:
            if time.monotonic() - self._input_at < IDLE_SECONDS:  # the rest at the next pause
                self._prepare_timer = self.set_timer(IDLE_SECONDS, self._prepare_next)
                self._collector.start()  # collections in the pauses from now on, whatever is left to build
                return
            build, name = self._preparing.pop(0)
            if not self.is_screen_installed(name):  # forgotten meanwhile (another language)
                continue
            screen = self.get_screen(name)
            if screen in self.screen_stack or (build and screen.is_running):  # opened already
                continue
            if build:
                self.call_later(self._built, self._get_screen(screen)[1])
            else:
                self._lay_out_hidden(name, cast("OneLayoutPass", screen))
                self.call_later(self._prepare_next)
            return
        self.prepared = True
        self._collector.start()  # what is built now is frozen with the rest (course.tui.collector)

    async def _built(self, mounted: AwaitMount) -> None:
        await mounted
        self.call_later(self._prepare_next)

    def _lay_out_hidden(self, name: str, screen: OneLayoutPass) -> None:
        """A kept screen, hidden, made ready to be drawn as a later showing of it is: restyled,
        laid out as it will be shown (a scrollbar that the first layout makes appear: a hidden
        screen's is not laid out again at once) and drawn once, unseen (what a widget works out only
        as it is first drawn, a list's lines for its width, each line's styles, is then ready)."""
        if not screen.is_mounted or not self.size:
            return
        screen.restyle_hidden()
        for _pass in range(PREPARE_PASSES):
            screen._refresh_layout(self.size)
        screen._compositor.render_strips()
        if name == "palette":
            from course.tui.commands import language_commands

            language_commands(self)  # the editions' names: Babel's data for each language read now (50 ms)
            self.warm_search()  # the index for its full-text hits, in a thread (at its first opening otherwise)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.input_seen()
            self._input_at = time.monotonic()
            if self._store is None and self._preview is not None:  # a key before the store opened: open it first
                self._open_progress()
            if isinstance(event, events.Key) and not event.is_forwarded:
                if event.key == "ctrl+j" and not self._ctrl_j_bound:
                    event = _typed_ahead_enter()
                if self._early_keys is not None:  # no focus yet: the key would be lost
                    self._early_keys.append(event)
                    return
        await super().on_event(event)

    async def _replay_early_keys(self) -> None:
        """The keys typed while the app was starting, now that the first screen has its focus,
        in the order they were typed (a name and Enter typed ahead fill in the welcome)."""
        keys, self._early_keys = self._early_keys or [], None
        for key in keys:
            await super().on_event(key)

    def busy(self) -> None:
        """Something must be answered quickly (a room's answers arriving): as with a keypress,
        the next full garbage collection waits for a pause (a collection stops the app ~70 ms)."""
        self._collector.input_seen()

    def on_unmount(self) -> None:
        self._collector.stop()

    def on_resize(self, event: events.Resize) -> None:
        if self._started:  # before the first screen is up, on_mount checks the size
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Below the smallest size the screen in use can work at, say so plainly instead of drawing
        it broken. Each screen may have its own MIN_SIZE: the shared screens work at 50×16."""
        below = self.screen_stack[-1] if self.screen_stack else None
        if self.too_small:  # imported only then: it costs start-up its crisis list and plain text
            from course.tui.screens.too_small import TooSmallScreen

            below = next((screen for screen in reversed(self.screen_stack) if not isinstance(screen, TooSmallScreen)),
                         None)
        min_width, min_height = getattr(below, "MIN_SIZE", (MIN_WIDTH, MIN_HEIGHT))
        small = width < min_width or height < min_height
        if small and not self.too_small:
            from course.tui.screens.too_small import TooSmallScreen

            self.too_small = True
            self.push_screen(TooSmallScreen(min_width, min_height))
        elif not small and self.too_small:
            self.too_small = False
            if isinstance(self.screen, TooSmallScreen):
                self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.too_small and action != "quit":  # the message itself shows the crisis line
            return False
        if self.learner is None and action not in BEFORE_A_LEARNER:  # the welcome screen comes first
            return False
        if action == "high_contrast":
            return self.theme != HIGH_CONTRAST_NAME
        return True

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        """Save a snapshot from a thread: the store may wait a moment for its lock."""
        self._save_requested += 1
        snapshot = self._snapshots.take(self.progress)  # not a deep copy: that is slow with a long history
        # A description, or Textual would make one from repr(work): the whole progress, 0.1 s for a big file.
        self.run_worker(partial(self._save_snapshot, snapshot, self._save_requested), name="save",
                        description=_("save progress"), thread=True, exclusive=True, group="save", exit_on_error=False)

    def _save_snapshot(self, snapshot, number: int) -> None:
        with self._save_lock:
            if number < self._save_requested or number <= self._save_done:
                return  # a newer snapshot, holding this one's changes too, is saved by its own thread
            self.store.data = snapshot
            if self.store.save():
                self._save_done = number
        # Tell the app at once (post_message is thread-safe), not when the worker is done: a page
        # turn cancels the worker that is still waiting, and its notice came 26 s late.
        self.post_message(SaveAttempted())

    def on_save_attempted(self, _message: SaveAttempted) -> None:
        self._show_new_notices()
        if getattr(self.store, "pending", False) and self._retry is None:
            self._retry = self.set_timer(SAVE_RETRY_SECONDS, self._retry_save)

    def _retry_save(self) -> None:
        """A save that failed (a full disk, another copy holding the lock) is tried again until it works."""
        self._retry = None
        if getattr(self.store, "pending", False):
            self.save()

    def flush_saves(self, waiting: Callable[[str], object] | None = None) -> None:
        """Save anything not yet on disk, waiting for a save in progress. Called after the app
        exits: waits briefly for another copy holding the lock, and if the change still cannot
        be saved, writes it to a rescue copy beside the file (the store's notices say where).
        `waiting` is told, once, when the course has to wait (the screen is gone by then: the
        terminal would otherwise show nothing for those seconds)."""
        if self._store is None:  # a first run that ended before the progress was opened: nothing to save
            return
        told: list[object] = []

        def tell() -> None:
            if waiting is not None and not told:
                told.append(waiting(_("Your last changes are not saved yet: trying again for a few seconds. Ctrl+C "
                                      "stops now and keeps them in a rescue copy…")))

        try:
            if getattr(self.store, "pending", False):
                tell()
            with self._save_lock:
                if self._save_done >= self._save_requested and not getattr(self.store, "pending", False) \
                        and getattr(self.store, "intact", lambda: True)():
                    return
                # Saved, but a file was deleted or turned into a loop since (a sync tool, a careless
                # rm): it is written again, or rescued, not lost at quit.
                self.store.data = self._snapshots.take(self.progress)
                deadline = time.monotonic() + QUIT_WAIT_SECONDS
                while not self.store.save():
                    if self.store.read_only or time.monotonic() >= deadline:
                        if not self.store.read_only:
                            self.store.rescue()
                        return
                    tell()
                    time.sleep(0.2)
                self._save_done = self._save_requested
        except KeyboardInterrupt:  # Ctrl+C while told to wait (issue 17): not waiting, nothing lost
            if self.store.read_only:
                return
            with self._save_lock:  # a save thread still at work finishes first (it waits a second at most)
                self.store.data = self._snapshots.take(self.progress)
                self.store.rescue()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "save" and event.state == WorkerState.ERROR:
            self.notify(_("Your progress could not be saved just now; it is kept while the course is open."),
                        severity="warning", timeout=10)
            if self._retry is None:
                self._retry = self.set_timer(SAVE_RETRY_SECONDS, self._retry_save)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice stays long enough to read (file problems until dismissed) and is kept.
        Notices name files and folders, whose names may hold escape codes: they are dropped."""
        message, title = printable(message), printable(title)
        self.message_log.add(message, title, severity)
        timeout = lasting_timeout(title, severity, timeout)
        if timeout == UNTIL_DISMISSED:
            message += "\n" + _(DISMISS_HINT)
        super().notify(message, title=title, severity=severity, markup=markup, timeout=timeout)

    def _display(self, screen: Screen, renderable) -> None:
        """Before each redraw is written: the terminal cursor on the focused item (course.tui.cursor)."""
        if renderable is not None and screen is self.screen:
            spot = focus_spot(self.focused)
            if spot is not None:
                self.cursor_position = spot
            # What the terminal is told: cursor_position itself may change between redraws (a
            # kept screen's Input, filled in while hidden, sets it), which the terminal never sees.
            self.cursor_shown = self.cursor_position
        super()._display(screen, renderable)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """No text cursor blinks unless animations are on, the command palette's included."""
        if hasattr(event.widget, "cursor_blink"):  # Input, TextArea
            event.widget.cursor_blink = self.animation_level != "none"

    def _show_new_notices(self) -> None:
        if self._store is None:
            return
        notices = list(self.store.notices)
        for notice in notices[self.notices_shown:]:
            self.notify(notice, title=_("Progress file"), severity="warning", timeout=12)
        self.notices_shown = len(notices)

    # ------------------------------------------------------------ if something breaks

    def _print_error_renderables(self) -> None:
        """Textual prints a traceback (with local values, which can include the learner's
        progress) when the app fails. Write it to a private file instead and say so plainly."""
        if not self._exit_renderables or "debug" in self.features:
            super()._print_error_renderables()
            return
        import io

        from rich.console import Console

        from course.files import make_folder, replace_atomic

        if self.is_guest:  # nothing of a guest's is ever written on the computer serving the course
            self._exit_renderables.clear()
            print(_("Sorry: something went wrong and the course had to close."), file=sys.stderr)
            return
        report = self.progress_path.with_name("ketamine-course-error.txt")
        text = io.StringIO()
        console = Console(file=text, width=120, color_system=None, force_terminal=False)
        for renderable in self._exit_renderables:
            console.print(renderable)
        try:
            make_folder(report.parent)  # private (0700), as the store makes it: the report names the learner
            replace_atomic(report, text.getvalue().encode("utf-8"))
            where = _("Details for the developers were saved in {report} (private to you).").format(report=report)
        except OSError:
            where = _("The details could not be saved.")
        self._exit_renderables.clear()
        from course.outputs.plaintext import crisis_text

        print(_("Sorry: something went wrong and the course had to close. Your progress up to your last step is saved; start the course again to carry on. {where}\n{crisis_text}").format(where=where, crisis_text=crisis_text(self.course)),
              file=sys.stderr)

    # ------------------------------------------------------------ going places

    def lesson_start(self, module: Module) -> int:
        """Where opening a module starts: the section last read, unless it is finished."""
        record = self.learner.lessons.get(module.id) if self.learner else None
        if record is None or record.status == "done":
            return 0
        return min(record.last_section, len(module.sections) - 1)

    def _kept_screen(self, name: str, factory: Callable[[], _KeptScreen]) -> _KeptScreen:
        """One instance of a screen, kept and reused: updating a screen is quicker than building
        one. A fresh one only when the kept one is already open (a lesson opened from a lesson)."""
        if not self.is_screen_installed(name):
            self.install_screen(factory(), name)
        screen = self.get_screen(name)
        return factory() if screen in self.screen_stack else cast(_KeptScreen, screen)  # installed from factory

    def open_lesson(self, module: Module, section: int | None = None, *, reference: bool = False) -> None:
        from course.tui.screens.lesson import LessonScreen

        start = self.lesson_start(module) if section is None else section
        self.push_screen(self._kept_screen("lesson", LessonScreen).load(module, start, reference=reference))

    def start_quiz(self, module: Module, *, replace: bool = False) -> None:
        if not module.questions:
            self.notify(_("This module has no quiz."), timeout=5)
            return
        from course.tui.screens.quiz import QuizScreen

        screen = self._kept_screen("quiz", QuizScreen).load(module)
        self.switch_screen(screen) if replace else self.push_screen(screen)

    def start_practice(self, module: Module | None = None, *, replace: bool = False) -> None:
        from course.learning.quiz import review_queue

        queue = review_queue(self.active_learner, self.course, module.id if module else None, self.rng)
        if not queue:
            self.notify(_("Nothing to practise today: no missed question is due for review."), timeout=5)
            return
        from course.tui.screens.practice import PracticeScreen

        screen = self._kept_screen("practice", PracticeScreen).load(queue, module)
        self.switch_screen(screen) if replace else self.push_screen(screen)

    def show_map(self) -> None:
        """Back to the course map, closing whatever is on top of it."""
        from course.tui.screens.course_map import MapScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, MapScreen):
            self.pop_screen()
        if not isinstance(self.screen, MapScreen):
            self.switch_screen(MapScreen())
        else:
            self.screen.refresh_map()

    def action_show_map(self) -> None:
        self.show_map()

    def learner_choices(self) -> list[tuple[str, str, Role]]:
        """(id, name, role) of everyone who learns here: the progress file's list (whose files
        are read only when chosen) and anyone added since."""
        if self._store is None:  # a first run, not opened yet: nobody
            return []
        progress = self.progress
        known = {i: (entry.name, entry.role) for i, entry in getattr(self.store, "roster", {}).items()
                 if i not in progress.removed_learners}
        known.update((i, (learner.name, learner.role)) for i, learner in progress.learners.items())
        return [(i, name, role) for i, (name, role) in known.items()]

    def set_learner(self, learner_id: str) -> None:
        if learner_id not in self.progress.learners:  # read their file now, not at start-up
            learner = self.store.load_learner(learner_id)
            self._show_new_notices()
            if learner is None:
                return
            self.progress.learners[learner_id] = learner
        self.progress.active_learner = learner_id
        learner = self.active_learner
        if learner.theme and learner.theme in self.available_themes:
            self.theme = learner.theme
        self._use_edition(learner.language or self._start_language)
        self.save()
        self.show_map()
        self.notify(_("Learning as {name} ({role}).").format(name=learner.name or _("a learner without a name"),
                                                             role=_(ROLE_NAMES.get(learner.role, learner.role))), timeout=4)

    # ------------------------------------------------------------ language

    def _use_edition(self, language: str | None) -> bool:
        """Show the course and the app's words in `language`, if the course has that edition.
        Returns whether anything changed. The screens already built keep their words: the
        caller rebuilds them (switch_language), or nothing is shown yet (start-up)."""
        from course.i18n import match_language, use_language

        found = match_language(language, self.course.languages) if language else None
        if found is None or found == self.course.language or self._load_edition is None:
            return False
        from course.content.loader import CourseError

        try:
            course = self._load_edition(found)
        except CourseError as error:  # a drifted translation never reaches the learner
            self._messages.append(_("The {language} edition of this course cannot be shown: {problem}").format(
                language=found, problem=error.problems[0]))
            return False
        use_language(found)
        self.course = without_controls(course)
        self._search_index = None
        self.title = course.title
        return True

    def switch_language(self, language: str) -> None:
        """The learner's choice (command palette): remembered, and every screen rebuilt in it."""
        if self.learner is not None and self.learner.language != language:
            self.learner.language = language
            self.learner.touch()
            self.save()
        if not self._use_edition(language):
            for message in self._messages:
                self.notify(message, severity="warning", timeout=10)
            self._messages.clear()
            return
        from course.tui.screens.course_map import MapScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        if self.learner is None:  # the first run: the welcome again, and the choice kept for the new learner
            from course.tui.screens.welcome import WelcomeScreen

            self._start_language = self.course.language
            self.switch_screen(WelcomeScreen(first_run=True))
        else:
            self.switch_screen(MapScreen())
        for name in ("lesson", "quiz", "help", "crisis", "group_quiz", "practice", "my_questions",
                     "palette", "presenter"):  # kept screens hold the old edition's words
            if self.is_screen_installed(name):
                self.call_after_refresh(self._forget_screen, name)
        self.prepared = False  # built again in the new language at the next pause (_idle_tick)
        from course.i18n import language_name

        self.notify(_("Language: {name}").format(name=language_name(self.course.language)), timeout=4)

    def _forget_screen(self, name: str) -> None:
        if self.is_screen_installed(name) and self.get_screen(name) not in self.screen_stack:
            self.uninstall_screen(name)

    # ------------------------------------------------------------ actions (keys and commands)

    async def action_quit(self) -> None:
        """Answers in an unfinished quiz are not thrown away without asking; a guest leaving is
        offered their progress first: it is about to be gone."""
        from course.tui.screens.ask import AskScreen
        from course.tui.screens.quiz import unfinished_answers

        answered = 0 if self.too_small or self._quit_confirmed else unfinished_answers(self)
        if answered and self.screen is not self._asking_to_quit:  # Ctrl+Q again while asked: quit
            text = ngettext("You have given {n} answer in a quiz you have not finished. It is not scored, and it "
                            "is lost when the course closes. Everything else is saved.",
                            "You have given {n} answers in a quiz you have not finished. They are not scored, and "
                            "they are lost when the course closes. Everything else is saved.", answered).format(n=answered)
            self._asking_to_quit = AskScreen(_("Quit the course?"), text, [_("Go back to the quiz"), _("Quit anyway")])
            self.push_screen(self._asking_to_quit, self._quit_with_unfinished)
            return
        if not self.is_guest or not self.progress.learners or self.too_small:
            await super().action_quit()
            return
        from course.tui.screens.ask import AskScreen

        choices = [_("Download my progress, then leave"), _("Leave without it"), _("Stay")]
        self.push_screen(AskScreen(_("Leave the course?"), _("Your progress is kept only in this browser tab. "
                                   "Download it to carry on later: import it with “ketamine-course progress "
                                   "import FILE”."), choices), self._guest_leaving)

    def _quit_with_unfinished(self, choice: int | None) -> None:
        if choice == 1:
            self._quit_confirmed = True
            self.call_later(self.action_quit)

    def _guest_leaving(self, choice: int | None) -> None:
        if choice == 0:
            self.download_progress()
            self.set_timer(3, self.exit)  # time for the browser to fetch the file
        elif choice == 1:
            self.exit()

    def download_progress(self) -> None:
        from course.tui.delivery import deliver_export
        from course.tui.guest import DOWNLOAD_NAME, guest_download

        deliver_export(self, DOWNLOAD_NAME, guest_download(self.progress))

    def action_command_palette(self) -> None:
        """The course's own palette (course.tui.screens.palette), with the commands of the screen it opens over."""
        from course.tui.screens.palette import OPEN, CommandPalette

        if self.use_command_palette and not self.screen.has_class(OPEN):  # Textual's theme picker has it too
            self.push_screen(self._kept_screen("palette", CommandPalette).open_over(self.screen))

    def action_help(self) -> None:
        from course.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            screen = self._kept_screen("help", HelpScreen)
            if screen.is_mounted:  # shown before: its recent messages now, so its first frame has them
                screen.show_recent()
            self.push_screen(screen)

    def action_crisis(self) -> None:
        from course.tui.screens.crisis import CrisisScreen

        if isinstance(self.screen, CrisisScreen):
            self.pop_screen()
        else:
            self.push_screen(self._kept_screen("crisis", CrisisScreen))

    def action_continue(self) -> None:
        from course.learning.overview import resume_point

        point = resume_point(self.course, self.active_learner)
        if point is None:
            self.notify(_("You have read every lesson. Choose any module to read it again."), timeout=6)
            return
        self.open_lesson(point.module, point.section)

    def action_my_questions(self) -> None:
        from course.tui.screens.my_questions import MyQuestionsScreen

        self.push_screen(self._kept_screen("my_questions", MyQuestionsScreen).load())

    def action_search(self) -> None:
        from course.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_your_data(self) -> None:
        """Reset a lesson, a quiz or everything, or delete the learner (each asks first)."""
        from course.tui.screens.your_data import YourDataScreen

        if self.learner is not None:
            self.push_screen(YourDataScreen())

    def reset_progress(self, change, done: str) -> None:
        """Apply a reset (course.progress.model) to the active learner, save it, and remove the
        copies kept beside the progress that still hold what it deleted."""
        learner_id = self.progress.active_learner
        assert learner_id is not None, "a reset is offered to the learner using the course"
        change(self.learner)
        self.save()
        self._remove_copies_of(learner_id)
        self.show_map()
        self.notify(done, title=_("Your progress"), timeout=8)

    def forget_learner(self) -> None:
        """Delete the active learner from this computer: their file goes at the next save (the
        store deletes a removed learner's file), and the copies that hold them now."""
        learner_id, name = self.progress.active_learner, self.active_learner.name
        assert learner_id is not None, "active_learner names the learner"
        self.progress.remove_learner(learner_id)
        self.save()
        self._remove_copies_of(learner_id)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if self.learner_choices():
            from course.tui.screens.learners import LearnersScreen

            self.switch_screen(LearnersScreen(first=True))
        else:
            from course.tui.screens.welcome import WelcomeScreen

            self.switch_screen(WelcomeScreen(first_run=True))
        told = (_("{name} and all of their progress were deleted from this computer.").format(name=name) if name
                else _("The learner and all of their progress were deleted from this computer."))
        self.notify(told, title=_("Your progress"), timeout=8)

    def _remove_copies_of(self, learner_id: str) -> None:
        scrub = getattr(self.store, "scrub_copies", None)  # a guest's store keeps no copies
        if scrub is not None:
            scrub(learner_id)

    def action_switch_learner(self) -> None:
        from course.tui.screens.learners import LearnersScreen

        self.push_screen(LearnersScreen())

    def action_practise(self) -> None:
        self.start_practice()

    def action_my_progress(self) -> None:
        from course.tui.screens.my_progress import ProgressScreen

        self.push_screen(ProgressScreen())

    def action_messages(self) -> None:
        from course.tui.screens.messages import MessagesScreen

        if not isinstance(self.screen, MessagesScreen):
            self.push_screen(MessagesScreen())

    def action_high_contrast(self) -> None:
        self.theme = HIGH_CONTRAST_NAME

    def action_session_plan(self) -> None:
        from course.tui.navigation import export_plan_for_all

        export_plan_for_all(self)

    def action_assessment(self) -> None:
        from course.tui.navigation import toggle_assessment_from_palette

        toggle_assessment_from_palette(self)


def first_run(path: Path) -> bool:
    """Nothing saved yet at `path`: no progress file (nor a link to one) and no folder of
    learners' files beside it (course.progress.learners_folder). The store would open empty."""
    from course.progress import learners_folder

    return not os.path.lexists(path) and not os.path.lexists(learners_folder(path))


def run_app(course: Course, args: Namespace, *, room_server: RoomServerFactory | None = None,
            first_screen: Callable[[], Screen] | None = None,
            recheck_course: Callable[[], Sequence[object] | None] | None = None) -> int:
    from course.paths import keys_path, progress_path

    path = progress_path(getattr(args, "progress", None))

    def open_store() -> ProgressStore:  # only the active learner's file is read: start-up does not grow with the group
        from course.progress.store import ProgressStore

        return ProgressStore.open(path, lazy=True, lock_timeout=SAVE_LOCK_WAIT)

    def read_preview(path: Path) -> ProgressView | None:  # not imported on a first run: the welcome needs none
        from course.progress.preview import preview

        return preview(path)

    store: ProgressStore | None
    preview = None
    if getattr(args, "guest", False):
        from course.tui.guest import GuestStore

        store = GuestStore()
    elif first_screen is None and (first_run(path) or not (getattr(args, "theme", None) or getattr(
            args, "choose_learner", False)) and (preview := read_preview(path)) is not None):
        # The first screen is drawn before the progress is opened: the welcome when nothing is
        # saved yet, or the map from a preview of the learner (--theme changes the learner: not then).
        store = None
    else:
        store = open_store()
    from course.content.cache import load_course  # another edition: from the cache too, when unchanged
    from course.paths import default_lessons_dir

    folder = getattr(args, "lessons", None) or default_lessons_dir()
    app = CourseApp(course, store, theme=getattr(args, "theme", None), room_server=room_server,
                    first_screen=first_screen, choose_learner=getattr(args, "choose_learner", False),
                    load_edition=partial(load_course, folder), language_asked=bool(getattr(args, "lang", None)),
                    keys_file=keys_path(), open_store=open_store, progress_path=path, recheck_course=recheck_course,
                    preview=preview if store is None else None)
    try:
        app.run()
    finally:
        app.flush_saves(waiting=lambda text: print(f"ketamine-course: {text}", file=sys.stderr, flush=True))
    for notice in (app.store.notices if app.store_opened else [])[app.notices_shown:]:  # e.g. the last save failed after the screen closed
        print(f"ketamine-course: {notice}", file=sys.stderr)
    return app.return_code or 0
