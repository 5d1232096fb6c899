"""Pick one of the lesson's suggested questions for your provider, or write your own."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from course import keymap
from course.content.model import Module
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter


class AddQuestionScreen(CourseModalScreen[str | None]):
    """Dismissed with the chosen text, or None."""

    CSS_PATH = "add_question.tcss"
    PLACE = keymap.ADD_QUESTION
    BINDINGS = bindings_for(PLACE)

    def __init__(self, module: Module, existing: set[str]) -> None:
        super().__init__()
        self.module = module
        self.existing = existing

    def compose(self) -> ComposeResult:
        with Vertical(id="add-question", classes="dialog"):
            if self.module.ask_your_provider:
                yield Label(_("Choose a suggestion with ↑ ↓ and press Enter to add it:"))
                yield OptionList(*[self._option(i, text) for i, text in enumerate(self.module.ask_your_provider)],
                                 id="suggestions")
            yield Label(_("Or write your own question and press Enter:"), id="own-label")
            yield Input(placeholder=_("Your question"), id="own-question", compact=True, max_length=300)
        yield CourseFooter()

    def _option(self, index: int, text: str) -> Option:
        if text in self.existing:
            return Option(Content(_("✓ {text} (already in your list)").format(text=text)), id=f"s{index}", disabled=True)
        return Option(Content(f"+ {text}"), id=f"s{index}")

    def on_mount(self) -> None:
        self.query_one("#add-question").border_title = _("Add a question to ask your provider")
        self.query_one("#own-question", Input).cursor_blink = self.app.animation_level != "none"
        suggestions = self.query("#suggestions")
        if suggestions and any(not option.disabled for option in suggestions.first(OptionList).options):
            suggestions.first().focus()
        else:
            self.query_one("#own-question").focus()

    @on(OptionList.OptionSelected, "#suggestions")
    def suggestion_chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.module.ask_your_provider[event.option_index])

    @on(Input.Submitted, "#own-question")
    def own_question(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
