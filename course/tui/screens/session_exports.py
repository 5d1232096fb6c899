"""For facilitators: the files to print for a session from this lesson (plan, handout, answer key)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList

from course import keymap
from course.content.model import Module
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.exporting import SESSION_EXPORTS
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.choices import ChoiceList
from course.tui.widgets.footer import CourseFooter


class SessionExportsScreen(CourseModalScreen[str | None]):
    """Dismissed with the id of the chosen export (see `SESSION_EXPORTS`), or None."""

    CSS_PATH = "session_exports.tcss"
    PLACE = keymap.SESSION_FILES
    BINDINGS = bindings_for(PLACE)

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        self.choices = [(choice, words) for choice, words in SESSION_EXPORTS
                        if self.module.questions or choice not in ("handout", "answer-key")]

    def compose(self) -> ComposeResult:
        with Vertical(id="session-exports", classes="dialog"):
            yield Label(_("What would you like to print? Choose with ↑ ↓ and press Enter:"))
            yield ChoiceList([_(words) for _choice, words in self.choices], id="session-export-list")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#session-exports").border_title = _("Files for your session: {title}").format(title=self.module.title)
        self.query_one("#session-export-list").focus()

    @on(OptionList.OptionSelected, "#session-export-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
