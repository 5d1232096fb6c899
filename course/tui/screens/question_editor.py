"""Write a new question for your provider, or change the wording of one in your list."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from course import keymap
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter

MAX_LENGTH = 300


class QuestionEditorScreen(CourseModalScreen[str | None]):
    """Dismissed with the text (stripped, never empty), or None when cancelled."""

    CSS_PATH = "question_editor.tcss"
    PLACE = keymap.EDITOR
    BINDINGS = bindings_for(PLACE)

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.heading = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="question-editor", classes="dialog"):
            yield Label(_("Type your question and press Enter (Escape: cancel, nothing changes):"))
            yield Input(value=self.text, placeholder=_("e.g. How will we know if it is working?"), id="question-text",
                        compact=True, max_length=MAX_LENGTH)
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#question-editor").border_title = self.heading
        self.query_one("#question-text").focus()

    @on(Input.Submitted, "#question-text")
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.dismiss(text)
        else:
            self.notify(_("Type a question first, or press Escape to cancel."))

    def action_cancel(self) -> None:
        self.dismiss(None)
