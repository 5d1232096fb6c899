"""Help: every key, the crisis line and the notice (the same text as `ketamine-course read help`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from course.helptext import help_markdown
from course.tui.bindings import ALWAYS
from course.tui.widgets.footer import CourseFooter


class HelpScreen(ModalScreen):
    BINDINGS = [*ALWAYS, Binding("escape", "app.pop_screen", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(help_markdown(self.app.course))
        yield CourseFooter()

    def on_mount(self) -> None:
        scroll = self.query_one("#help", VerticalScroll)
        scroll.border_title = "Help · Escape or F1 to close"
        scroll.focus()
