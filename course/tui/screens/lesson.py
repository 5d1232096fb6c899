"""The lesson reader: one section per page, then the key points and an offer to take the quiz.

Each page change is recorded (`open_section`, `finish_lesson`) and saved, so "continue"
returns to the exact section. Facilitator notes are composed only for the facilitator role.
With `reference=True` (opened from a quiz's feedback) Escape goes back to the quiz.
"""

from __future__ import annotations

import re
import time

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Static

from course import keymap
from course.content.model import CITATION, Course, Module
from course.i18n import _, ngettext
from course.learning.completion import is_assessed
from course.learning.overview import modules_for
from course.progress.model import add_my_question, finish_lesson, open_section
from course.tui.bindings import allowed, bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.prose import Prose
from course.tui.widgets.reading import MoreBelow, ReadingScroll

MAX_PAGE_SECONDS = 600  # time on a page counts up to this; longer is probably a break
READING_PAUSE = 0.2  # seconds after a page is shown: the pages either side are built then
SPARE_PAGES = 3  # another lesson's pages kept (hidden) for the next lesson's first page and those either side
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def cite_markdown(text: str, course: Course) -> str:
    """`[@id]` as the source's short label in brackets, escaped so that a label such as
    "STAR*D" is not read as Markdown emphasis. Unknown ids vanish, as in `course.content.markup.cite`."""
    sources = course.source_map

    def label(match: re.Match) -> str:
        source = sources.get(match.group(1))
        if source is None:
            return ""
        return r"\[" + _MARKDOWN_SPECIAL.sub(r"\\\1", source.short) + r"\]"

    return CITATION.sub(label, text)


def lesson_heading(course: Course, path: list[Module], module: Module) -> str:
    """"Lesson 3 of 6: title". The number is the lesson's place in the whole course, as on the
    course map (the same for every role); the total is the lessons on the learner's path, as
    the map counts them ("0 of 6 lessons done"). When the path skips some of the course's
    lessons, so that its numbers are not 1 to its length, a total would not add up: none."""
    position = course.position(module)
    if path and position <= len(path) and path[position - 1] is module and course.position(path[-1]) == len(path):
        return _("Lesson {position} of {total}: {title}").format(position=position, total=len(path), title=module.title)
    return _("Lesson {position}: {title}").format(position=position, title=module.title)


def facilitator_markdown(module: Module) -> str:
    """Timings, notes and discussion prompts: for the facilitator role only."""
    notes = module.facilitator
    assert notes is not None, "only a lesson with facilitator notes has them shown"
    lines = ["**" + _("Facilitator notes") + "**", "", _("Keys for your session: **p** presenter view · **g** group quiz "
             "· **x** print the session plan, handout or answer key"), "",
             _("Suggested session: {minutes} minutes").format(minutes=notes.minutes), ""]
    if notes.agenda:
        lines += ["**" + _("Agenda") + "**", ""] + ["- " + _("{minutes} min: {activity}").format(minutes=item.minutes, activity=item.activity)
                                        for item in notes.agenda] + [""]
    lines += ["**" + _("Notes") + "**", "", notes.notes, "", "**" + _("Discussion prompts") + "**", ""]
    lines += [f"{number}. {prompt}" for number, prompt in enumerate(notes.prompts, start=1)]
    return "\n".join(lines) + "\n"


class PageScroll(ReadingScroll):
    """The lesson page: Space reads on like →, and at the end of the page turns it."""

    PLACE = keymap.LESSON_PAGE
    BINDINGS = bindings_for(PLACE)


class LessonScreen(CourseScreen):
    """Kept and reused by the app (`load` then push): building a screen costs more than
    updating one. Each page is its own Prose (one widget, however long the Markdown), built
    once and then shown or hidden, and the pages either side are built ahead while the learner
    reads, so turning a page is quick."""

    CSS_PATH = "lesson.tcss"
    PLACE = keymap.LESSON
    BINDINGS = bindings_for(PLACE)

    # No repaint of the whole screen when it changes: the page's widgets redraw what changed (a
    # repaint drew the screen once more, unchanged, a frame before the new page).
    page: reactive[int] = reactive(0, init=False, repaint=False)

    def __init__(self) -> None:
        super().__init__()
        self._module: Module | None = None  # chosen by load() before the screen is first shown
        self.reference = False
        self._entering = False  # set by load(): the next resume shows the loaded lesson
        self._pages: dict[int, Prose] = {}
        self._pages_for: tuple[str, bool, bool] | None = None  # (module id, reference, assessed) of the pages
        self._notes_for: str | None = None  # the module whose facilitator notes are loaded
        self._page_shown_at = time.monotonic()
        self._old_pages: list[Prose] = []  # another lesson's pages, hidden: reused, or removed in a pause
        self._tidy_timer: Timer | None = None
        self._ahead_pending = False  # the pause came while another screen was over the lesson

    def load(self, module: Module, section: int = 0, *, reference: bool = False) -> LessonScreen:
        """Choose the lesson and section to show when this screen is next pushed."""
        self._module = module
        self.reference = reference
        self.set_reactive(LessonScreen.page, max(0, min(section, len(module.sections) - 1)))
        self._entering = True
        if self.is_mounted:  # kept from before: show the lesson now, so the screen's first frame has it
            self._enter()
        return self

    def prepare(self, module: Module, section: int) -> None:
        """While the learner rests on the course map with `module` highlighted (not in a key; the
        screen hidden): the page opening it would show, in a hidden page laid out and drawn
        unseen, so that Enter only shows it (its Markdown is parsed, wrapped and drawn now, and
        nothing is mounted in the key). Nothing is recorded and nothing the learner sees changes;
        the screen's own state (which lesson, which page) is load()'s, as before."""
        if not self.is_mounted or self in self.app.screen_stack:
            return
        page = max(0, min(section, len(module.sections) - 1))
        if self._pages_for == (module.id, False, is_assessed(self.app.active_learner)) and page in self._pages:
            return  # its page is built: shown again as it is
        mounted = None
        if not self._old_pages:  # else a page would be mounted in the key
            spare = Prose(classes="page")
            spare.display = False
            self._old_pages.append(spare)
            mounted = self._scroll.mount(spare)
        self._old_pages[-1].update(self._markdown_for(module, page, reference=False))
        self.call_later(self._lay_out_prepared, module, self._old_pages[-1], mounted)

    async def _lay_out_prepared(self, module: Module, prepared: Prose, mounted: AwaitMount | None) -> None:
        """The prepared page shown in the hidden screen, laid out and drawn once unseen (the lines
        of its text at its width, each line's styles): Enter's frame finds them made."""
        if mounted is not None:
            await mounted
        if (self in self.app.screen_stack or prepared not in self._old_pages or not self.app.is_running
                or not self.app.size):
            return
        for widget in (*self._pages.values(), *self._old_pages):
            widget.display = widget is prepared
        learner = self.app.learner  # the notes beside the page, as _enter will show them: the page's width
        self._notes.display = learner is not None and learner.role == "facilitator" and module.facilitator is not None
        self._scroll.scroll_home(animate=False)
        self._refresh_layout(self.app.size)
        self._compositor.render_strips()

    @property
    def module(self) -> Module:
        """The lesson shown."""
        assert self._module is not None, "LessonScreen.load() chooses the lesson"
        return self._module

    @property
    def last_page(self) -> int:
        """The key points page comes after the sections."""
        return len(self.module.sections)

    @property
    def is_facilitator(self) -> bool:
        learner = self.app.learner
        return learner is not None and learner.role == "facilitator" and self.module.facilitator is not None

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(id="lesson-position", classes="title")
        with Horizontal(id="lesson-body"):
            yield PageScroll(id="page-scroll", more_keys=_("→ or Space"))
            with Vertical(id="facilitator"):
                with ReadingScroll(id="facilitator-scroll", more_keys=_("Tab, then ↓")):
                    yield Prose(id="facilitator-notes")
                yield MoreBelow("facilitator-scroll")
        yield Static(id="lesson-nav")
        yield CourseFooter()

    def on_mount(self) -> None:
        self._scroll = self.query_one("#page-scroll", PageScroll)
        self.watch(self._scroll, "hidden_below", self._show_nav, init=False)
        self._notes = self.query_one("#facilitator", Vertical)
        self._position = self.query_one("#lesson-position", Static)
        self._nav = self.query_one("#lesson-nav", Static)

    def on_screen_resume(self) -> None:
        if self._entering:  # not yet shown by load(): the screen's first time
            self._enter()
        elif self._ahead_pending and self._tidy_timer is None:  # back from a screen opened before the pause
            self._tidy_timer = self.set_timer(READING_PAUSE, self._build_ahead)

    def _enter(self) -> None:
        """Show the lesson load() chose (back from help, the crisis line or a question, nothing moved)."""
        self._entering = False
        self.sub_title = _("Back to the quiz with Escape") if self.reference else _("Lesson")
        self.heading = lesson_heading(self.app.course, modules_for(self.app.course, self.app.active_learner), self.module)
        built_for = (self.module.id, self.reference, is_assessed(self.app.active_learner))
        if self._pages_for != built_for:
            self._forget_pages()
            self._pages_for = built_for
        if self.is_facilitator and self._notes_for != self.module.id:
            self._notes_for = self.module.id
            self.query_one("#facilitator-notes", Prose).update(facilitator_markdown(self.module))
        self._notes.display = self.is_facilitator
        self._page_shown_at = time.monotonic()
        self._scroll.focus()
        self._show_page()

    def _forget_pages(self) -> None:
        """Drop another lesson's pages: hidden now, and reused for this lesson's (an update of a
        mounted page is drawn in the frame that shows it; a new page is mounted first)."""
        old = list(self._pages.values())
        self._pages = {}
        for widget in old:
            widget.display = False
        self._old_pages += old

    def watch_page(self) -> None:
        self._show_page()

    # ------------------------------------------------------------ showing a page

    def _page_markdown(self, page: int) -> str:
        return self._markdown_for(self.module, page, self.reference)

    def _markdown_for(self, module: Module, page: int, reference: bool) -> str:
        course = self.app.course
        if page < len(module.sections):
            section = module.sections[page]
            return f"## {section.title}\n\n{cite_markdown(section.body, course)}\n"
        lines = ["## " + _("Key points"), ""] + [f"- {point}" for point in module.key_points] + [""]
        if module.ask_your_provider:
            lines += ["## " + _("Questions you could ask your provider"), ""]
            lines += [f"- {question}" for question in module.ask_your_provider]
            lines += ["", _("Press **a** to add one of these (or your own) to your list of questions."), ""]
        if module.what_to_bring:
            lines += ["## " + _("What to bring"), ""] + [f"- {item}" for item in module.what_to_bring] + [""]
        if module.questions and not reference:
            size = min(course.quiz_size, len(module.questions))
            lines += self._quiz_invitation(size, course.pass_mark)
        return "\n".join(lines)

    def _quiz_invitation(self, size: int, pass_mark: int) -> list[str]:
        """The end of a lesson: its quiz, with the pass mark only for a learner who is assessed."""
        if is_assessed(self.app.active_learner):
            heading = _("Ready for the quiz?")
            about = ngettext("{size} question; {pass_mark}% to pass. You can take it as often as you like.",
                             "{size} questions; {pass_mark}% to pass. You can take it as often as you like.", size)
        else:
            heading = _("Ready for the self-check?")
            about = ngettext("{size} question to check what you know and find what to look at again. There is no "
                             "pass mark, and you can take it as often as you like.",
                             "{size} questions to check what you know and find what to look at again. There is no "
                             "pass mark, and you can take it as often as you like.", size)
        return ["## " + heading, "", about.format(size=size, pass_mark=pass_mark), "",
                _("Press **→** or **q** to start it, or **Escape** for the course map."), ""]

    def _position_text(self) -> str:
        total = len(self.module.sections)
        if self.page < self.last_page:
            return _("Section {number} of {total}").format(number=self.page + 1, total=total)
        return _("Key points (end of the lesson)")

    def _nav_text(self) -> str:
        if self._scroll.hidden_below:
            return self._scroll.more_words
        sections = self.module.sections
        back = f"← {sections[self.page - 1].title}" if self.page > 0 else ""
        if self.page + 1 < self.last_page:
            forward = _("Next: {title} →").format(title=sections[self.page + 1].title)
        elif self.page + 1 == self.last_page:
            forward = _("Next: key points →")
        elif self.reference:
            forward = _("Escape: back to the quiz")
        elif self.module.questions:
            forward = _("Next: the quiz →") if is_assessed(self.app.active_learner) else _("Next: the self-check →")
        else:
            forward = _("Escape: course map")
        return f"{back}   ·   {forward}" if back else forward

    def _page_widget(self, page: int, shown: bool) -> Prose:
        """The page's Prose, built (and mounted) the first time it is needed."""
        widget = self._pages.get(page)
        if widget is None and self._old_pages:
            markdown = self._page_markdown(page)  # a page prepared with it (on the map), else any
            widget = next((spare for spare in self._old_pages if spare.source == markdown), self._old_pages[-1])
            self._old_pages.remove(widget)
            self._pages[page] = widget
            widget.update(markdown)
            widget.display = shown
        elif widget is None:
            widget = self._pages[page] = Prose(self._page_markdown(page), classes="page")
            widget.display = shown
            self._scroll.mount(widget)
        return widget

    def _show_page(self) -> None:
        self._record_position()
        current = self._page_widget(self.page, shown=True)
        for widget in (*self._pages.values(), *self._old_pages):
            widget.display = widget is current
        self._position.update(Content.assemble(self.heading, ("   ·   " + self._position_text(), "not bold")))
        self._scroll.scroll_home(animate=False)
        self._show_nav()
        self.refresh_bindings()
        if self._tidy_timer is not None:
            self._tidy_timer.stop()
        self._tidy_timer = self.set_timer(READING_PAUSE, self._build_ahead)

    def _build_ahead(self) -> None:
        """While the learner reads the page (not in the frames that show it, where each mount or
        removal is one more layout and paint): build the pages either side of this one, and remove
        another lesson's pages but a few kept for the next lesson opened."""
        self._tidy_timer = None
        if not self.is_active:  # a screen over the lesson (the presenter view, the group quiz): its
            self._ahead_pending = True  # frames would wait for this one's layout; built once back here
            return
        self._ahead_pending = False
        if self._module is not None and not self._entering:
            for page in (self.page + 1, self.page - 1):
                if 0 <= page <= self.last_page:
                    self._page_widget(page, shown=False)
        if len(self._old_pages) > SPARE_PAGES:
            self._scroll.remove_children(self._old_pages[SPARE_PAGES:])
            del self._old_pages[SPARE_PAGES:]

    def _record_position(self) -> None:
        learner = self.app.active_learner
        now = time.monotonic()
        seconds = min(MAX_PAGE_SECONDS, int(now - self._page_shown_at))
        self._page_shown_at = now
        if self.page < self.last_page:
            open_section(learner, self.module.id, self.page, seconds)
        else:
            open_section(learner, self.module.id, self.last_page - 1, seconds)
            finish_lesson(learner, self.module.id)
        self.app.save()

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not allowed(self, action):  # the facilitator's keys (course.keymap)
            return False
        if action == "toggle_notes":
            return self.module.facilitator is not None
        if action == "group_quiz":
            return bool(self.module.questions)
        if action == "quiz":
            return bool(self.module.questions) and not self.reference
        return True  # next and previous stay put in the Footer; at either end they do nothing

    def _show_nav(self) -> None:
        if self.module is not None:
            self._nav.update(Content(self._nav_text()), layout=False)  # one line high (lesson.tcss): no layout

    def action_next(self) -> None:
        if self._scroll.read_on():
            return
        if self.page < self.last_page:
            self.page += 1
        elif self.module.questions and not self.reference:
            self.app.start_quiz(self.module, replace=True)

    def action_previous(self) -> None:
        if self._scroll.read_back():
            return
        if self.page > 0:
            self.page -= 1

    def action_quiz(self) -> None:
        self.app.start_quiz(self.module, replace=True)

    def action_presenter(self) -> None:
        from course.tui.navigation import open_presenter

        open_presenter(self.app, self.module)

    def action_group_quiz(self) -> None:
        from course.tui.navigation import open_group_quiz

        open_group_quiz(self.app, self.module)

    def action_session_files(self) -> None:
        from course.tui.navigation import open_session_exports

        open_session_exports(self.app, self.module)

    def action_toggle_notes(self) -> None:
        self._notes.display = not self._notes.display

    def action_back(self) -> None:
        self._record_position()
        self.app.pop_screen()

    def action_ask(self) -> None:
        from course.tui.screens.add_question import AddQuestionScreen

        existing = {question.text for question in self.app.active_learner.questions}
        self.app.push_screen(AddQuestionScreen(self.module, existing), self._add_question)

    def _add_question(self, text: str | None) -> None:
        if not text:
            return
        added = add_my_question(self.app.active_learner, text, self.module.id)
        if added is None:
            self.notify(_("That question is already in your list."), timeout=4)
            return
        self.app.save()
        self.notify(_("Added to your questions: {text}").format(text=text), timeout=4)
