"""A question with a few answers, asked in a small dialog (close the room? leave as a guest?)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static

from course import keymap
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.choices import ChoiceList
from course.tui.widgets.footer import CourseFooter


class AskScreen(CourseModalScreen[int | None]):
    """A question with a few answers: dismissed with the chosen one's index, or None."""

    PLACE = keymap.ASK
    BINDINGS = bindings_for(PLACE)

    def __init__(self, title: str, text: str, choices: list[str]) -> None:
        super().__init__()
        self.title_text, self.text, self.choices = title, text, choices

    def compose(self) -> ComposeResult:
        with Vertical(id="ask", classes="dialog"):
            yield Static(Content(self.text), id="ask-text")
            yield Label(_("Choose with ↑ ↓ and press Enter:"))
            yield ChoiceList(self.choices, id="ask-choices")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#ask").border_title = self.title_text
        self.query_one("#ask-choices").focus()

    @on(OptionList.OptionSelected, "#ask-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
