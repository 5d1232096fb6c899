"""Every question the lessons suggest asking your provider: Enter adds one, and the list stays
open so that several can be added in a row. The caller does the adding (`add`)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList

from course import keymap
from course.i18n import _
from course.learning.question_list import Suggestion
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.rows import PointerList


class SuggestionsScreen(CourseModalScreen[None]):
    CSS_PATH = "suggestions.tcss"
    PLACE = keymap.SUGGESTIONS
    BINDINGS = bindings_for(PLACE)

    def __init__(self, items: list[Suggestion], listed: Callable[[str], bool], add: Callable[[Suggestion], None]) -> None:
        super().__init__()
        self.items = items
        self.listed = listed
        self.add = add

    def compose(self) -> ComposeResult:
        with Vertical(id="suggested", classes="dialog"):
            yield Label(_("Choose with ↑ ↓ and press Enter to add it to your list. Escape when you are done.")
                        if self.items else _("The lessons you can read suggest no questions."))
            yield PointerList(id="suggestion-list")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#suggested").border_title = _("Questions the lessons suggest")
        first_new = next((i for i, item in enumerate(self.items) if not self.listed(item.text)), 0)
        self._show(first_new)
        self.query_one("#suggestion-list").focus()

    def _row(self, item: Suggestion) -> list[Content | str]:
        mark = _("✓ in your list") if self.listed(item.text) else _("+ press Enter to add")
        return [Content(item.text), Content(_("  {mark} · lesson {position}: {title}").format(mark=mark, position=item.position, title=item.module.title))]

    def _show(self, highlighted: int) -> None:
        self.query_one(PointerList).show([self._row(item) for item in self.items], highlighted)

    @on(OptionList.OptionSelected, "#suggestion-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        item = self.items[event.option_index]
        if self.listed(item.text):
            self.notify(_("That question is already in your list."))
            return
        self.add(item)
        self.query_one(PointerList).update_row(event.option_index, self._row(item))
