"""A small dialog: which kind of file to export (a page to print, Markdown or plain text)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList

from course import keymap
from course.i18n import N_, _
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.choices import ChoiceList
from course.tui.widgets.footer import CourseFooter

FORMAT_WORDS = {
    "html": N_("A page to print (.html): open it in your web browser, then print"),
    "md": N_("Markdown (.md): for a notes app or a text editor"),
    "txt": N_("Plain text (.txt): for any editor, or a screen reader"),
}
PREFERRED = ("html", "md", "txt")  # the printable page first


class FormatScreen(CourseModalScreen[str | None]):
    """Dismissed with the chosen format, or None."""

    CSS_PATH = "export_format.tcss"
    PLACE = keymap.EXPORT_FORMAT
    BINDINGS = bindings_for(PLACE)

    def __init__(self, what: str, formats: tuple[str, ...]) -> None:
        super().__init__()
        self.what = what
        self.formats = [fmt for fmt in PREFERRED if fmt in formats]

    def compose(self) -> ComposeResult:
        with Vertical(id="export-format", classes="dialog"):
            yield Label(_("Choose the kind of file with ↑ ↓ and press Enter:"))
            yield ChoiceList([_(FORMAT_WORDS[fmt]) for fmt in self.formats], id="formats")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#export-format").border_title = _("Export: {what}").format(what=self.what)
        self.query_one("#formats").focus()

    @on(OptionList.OptionSelected, "#formats")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.formats[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
