"""The learner's own questions to ask their provider (a simple list; editing comes later)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from course.tui.bindings import ALWAYS
from course.tui.widgets.footer import CourseFooter


class MyQuestionsScreen(Screen):
    BINDINGS = [*ALWAYS, Binding("escape", "app.pop_screen", "Back", id="questions.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("My questions to ask my provider", classes="title")
        with VerticalScroll(id="my-questions"):
            yield Static(self._listing())
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = "Questions"
        self.query_one("#my-questions").focus()

    def _listing(self) -> Content:
        course, questions = self.app.course, self.app.learner.questions
        if not questions:
            return Content("Your list is empty. While reading a lesson, press a to add a question "
                           "you would like to ask your provider.")
        parts: list[str | tuple[str, str]] = []
        for number, question in enumerate(questions, start=1):
            module = course.module(question.module) if question.module else None
            asked = " ✓ asked" if question.asked else ""
            parts += [(f"{number}. {question.text}", "bold"), asked, "\n"]
            if module:
                parts += [f"   from the lesson “{module.title}”", "\n"]
        parts += ["\n", "Add more while reading a lesson: press a."]
        return Content.assemble(*parts)
