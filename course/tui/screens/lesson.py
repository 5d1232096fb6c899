"""The lesson reader: one section per page, then the key points and an offer to take the quiz.

Each page change is recorded (`open_section`, `finish_lesson`) and saved, so "continue"
returns to the exact section. Facilitator notes are composed only for the facilitator role.
With `reference=True` (opened from a quiz's feedback) Escape goes back to the quiz.
"""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from course.model import Module
from course.plaintext import cite
from course.progress import add_my_question, finish_lesson, open_section
from course.tui.bindings import ALWAYS

MAX_PAGE_SECONDS = 600  # time on a page counts up to this; longer is probably a break


def facilitator_text(module: Module) -> Content:
    notes = module.facilitator
    parts: list[str | tuple[str, str]] = [
        ("Facilitator notes", "bold"), "\n", f"Suggested session: {notes.minutes} minutes", "\n\n"]
    if notes.agenda:
        parts += [("Agenda", "bold"), "\n"]
        parts += [line for item in notes.agenda for line in (f"{item.minutes:>3} min  {item.activity}", "\n")]
        parts.append("\n")
    parts += [("Notes", "bold"), "\n", notes.notes, "\n\n", ("Discussion prompts", "bold"), "\n"]
    parts += [line for n, prompt in enumerate(notes.prompts, 1) for line in (f"{n}. {prompt}", "\n")]
    return Content.assemble(*parts)


class LessonScreen(Screen):
    BINDINGS = [
        *ALWAYS,
        Binding("right,n", "next", "Next", key_display="→", id="lesson.next"),
        Binding("left,b", "previous", "Previous", key_display="←", id="lesson.previous"),
        Binding("a", "ask", "Add a question", id="lesson.ask"),
        Binding("q", "quiz", "Quiz", id="lesson.quiz"),
        Binding("f", "toggle_notes", "Facilitator notes", id="lesson.notes"),
        Binding("escape", "back", "Back", id="lesson.back"),
    ]

    page: reactive[int] = reactive(0, init=False)

    def __init__(self, module: Module, section: int = 0, *, reference: bool = False) -> None:
        super().__init__()
        self.module = module
        self.reference = reference
        self.set_reactive(LessonScreen.page, max(0, min(section, len(module.sections) - 1)))
        self._page_shown_at = time.monotonic()

    @property
    def last_page(self) -> int:
        """The key points page comes after the sections."""
        return len(self.module.sections)

    @property
    def is_facilitator(self) -> bool:
        return self.app.learner is not None and self.app.learner.role == "facilitator" and self.module.facilitator is not None

    def compose(self) -> ComposeResult:
        position = self.app.course.modules.index(self.module) + 1
        yield Header()
        self.heading = f"Lesson {position} of {len(self.app.course.modules)}: {self.module.title}"
        yield Static(id="lesson-position", classes="title")
        with Horizontal(id="lesson-body"):
            with VerticalScroll(id="page-scroll"):
                yield Markdown(id="page")
            if self.is_facilitator:
                with VerticalScroll(id="facilitator"):
                    yield Static(facilitator_text(self.module))
        yield Static(id="lesson-nav")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = "Back to the quiz with Escape" if self.reference else "Lesson"
        self.query_one("#page-scroll").focus()
        await self._show_page()

    async def watch_page(self) -> None:
        await self._show_page()

    # ------------------------------------------------------------ showing a page

    def _page_markdown(self) -> str:
        course, module = self.app.course, self.module
        if self.page < self.last_page:
            section = module.sections[self.page]
            return f"## {section.title}\n\n{cite(section.body, course)}\n"
        lines = ["## Key points", ""] + [f"- {point}" for point in module.key_points] + [""]
        if module.ask_your_provider:
            lines += ["## Questions you could ask your provider", ""]
            lines += [f"- {question}" for question in module.ask_your_provider]
            lines += ["", "Press **a** to add one of these (or your own) to your list of questions.", ""]
        if module.what_to_bring:
            lines += ["## What to bring", ""] + [f"- {item}" for item in module.what_to_bring] + [""]
        if module.questions and not self.reference:
            size = min(course.quiz_size, len(module.questions))
            lines += ["## Ready for the quiz?", "",
                      f"{size} questions; {course.pass_mark}% to pass. You can take it as often as you like.", "",
                      "Press **→** or **q** to start it, or **Escape** for the course map.", ""]
        return "\n".join(lines)

    def _position_text(self) -> str:
        total = len(self.module.sections)
        if self.page < self.last_page:
            return f"Section {self.page + 1} of {total}"
        return f"Key points · end of the lesson ({total} sections read)"

    def _nav_text(self) -> str:
        sections = self.module.sections
        back = f"← {sections[self.page - 1].title}" if self.page > 0 else ""
        if self.page + 1 < self.last_page:
            forward = f"Next: {sections[self.page + 1].title} →"
        elif self.page + 1 == self.last_page:
            forward = "Next: key points →"
        elif self.reference:
            forward = "Escape: back to the quiz"
        elif self.module.questions:
            forward = "Next: the quiz →"
        else:
            forward = "Escape: course map"
        return f"{back}   ·   {forward}" if back else forward

    async def _show_page(self) -> None:
        self._record_position()
        await self.query_one("#page", Markdown).update(self._page_markdown())
        self.query_one("#lesson-position", Static).update(
            Content.assemble(self.heading, ("   ·   " + self._position_text(), "not bold")))
        self.query_one("#lesson-nav", Static).update(Content(self._nav_text()))
        self.query_one("#page-scroll").scroll_home(animate=False)
        self.refresh_bindings()

    def _record_position(self) -> None:
        learner = self.app.learner
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
        if action == "toggle_notes":
            return self.is_facilitator
        if action == "quiz":
            return bool(self.module.questions) and not self.reference
        if action == "previous":
            return self.page > 0 or None  # None: shown dimmed on the first page
        if action == "next":
            return self.page < self.last_page or (bool(self.module.questions) and not self.reference) or None
        return True

    def action_next(self) -> None:
        if self.page < self.last_page:
            self.page += 1
        elif self.module.questions and not self.reference:
            self.app.start_quiz(self.module, replace=True)

    def action_previous(self) -> None:
        if self.page > 0:
            self.page -= 1

    def action_quiz(self) -> None:
        self.app.start_quiz(self.module, replace=True)

    def action_toggle_notes(self) -> None:
        notes = self.query_one("#facilitator")
        notes.display = not notes.display

    def action_back(self) -> None:
        self._record_position()
        self.app.pop_screen()

    def action_ask(self) -> None:
        from course.tui.screens.add_question import AddQuestionScreen

        existing = {question.text for question in self.app.learner.questions}
        self.app.push_screen(AddQuestionScreen(self.module, existing), self._add_question)

    def _add_question(self, text: str | None) -> None:
        if not text:
            return
        added = add_my_question(self.app.learner, text, self.module.id)
        if added is None:
            self.notify("That question is already in your list.", timeout=4)
            return
        self.app.save()
        self.notify(f"Added to your questions: {text}", timeout=4)
