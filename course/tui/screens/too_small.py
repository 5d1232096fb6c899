"""Shown instead of a broken layout when the terminal is smaller than the course can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from course.i18n import _
from course.outputs.plaintext import CRISIS_LEAD
from course.tui.screens.base import CourseScreen
from course.tui.widgets.bullets import crisis_list
from course.tui.widgets.reading import ReadingScroll


class TooSmallScreen(CourseScreen):
    CSS_PATH = "too_small.tcss"
    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width, self.min_height = min_width, min_height

    def compose(self) -> ComposeResult:
        with ReadingScroll(id="too-small"):
            yield Static(Content(_("This window is too small for the course. It needs at least {columns} columns "
                                   "and {rows} rows. Please make the window bigger; your place is kept.").format(
                columns=self.min_width, rows=self.min_height)), classes="title")
            yield Static(Content(_("Ctrl+Q quits. ↓ or Space scrolls this message.")))
            yield Static(Content(_(CRISIS_LEAD)), classes="field-label")
            yield crisis_list(self.app.course)

    def on_mount(self) -> None:
        self.query_one("#too-small").focus()
