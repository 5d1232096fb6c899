"""The crisis line, one key away on every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from course.outputs.helptext import crisis_lines
from course.tui.bindings import ALWAYS
from course.tui.widgets.footer import CourseFooter


def crisis_content(course) -> Content:
    parts: list[str | tuple[str, str]] = [
        "If you are in crisis, or thinking about harming yourself, you can talk to someone now.", "\n\n"]
    for line in crisis_lines(course):
        parts += [(line, "bold"), "\n"]
    parts += ["\n", "The course will wait for you. Press Escape to go back."]
    return Content.assemble(*parts)


class CrisisScreen(ModalScreen):
    BINDINGS = [*ALWAYS, Binding("escape", "app.pop_screen", "Close", id="crisis.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="crisis", classes="dialog"):
            yield Static(crisis_content(self.app.course))
        yield CourseFooter()

    def on_mount(self) -> None:
        box = self.query_one("#crisis", VerticalScroll)
        box.border_title = "Crisis line"
        box.focus()
