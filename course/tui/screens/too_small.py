"""Shown instead of a broken layout when the terminal is smaller than the course can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from course.outputs.helptext import crisis_lines


class TooSmallScreen(Screen):
    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width, self.min_height = min_width, min_height

    def compose(self) -> ComposeResult:
        text = (f"This window is too small for the course. It needs at least {self.min_width} columns "
                f"and {self.min_height} rows. Please make the window bigger; your place is kept.\n\n"
                + "If you are in crisis: " + " ".join(crisis_lines(self.app.course)) + "\n\nCtrl+Q quits.")
        yield Static(Content(text), id="too-small")
