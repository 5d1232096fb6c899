"""Help: every key, the crisis line and the notice (the same text as `ketamine-course read help`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.i18n import _
from course.outputs.helptext import help_markdown
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.prose import Prose
from course.tui.widgets.reading import ReadingScroll

RECENT = 5


class HelpScreen(CourseModalScreen):
    """Kept and reused by the app: built once, then only its recent messages are updated."""

    CSS_PATH = "help.tcss"
    PLACE = keymap.HELP
    BINDINGS = bindings_for(PLACE)

    def compose(self) -> ComposeResult:
        with ReadingScroll(id="help", classes="dialog", in_border=True):
            yield Static(id="help-messages")
            yield Prose(help_markdown(self.app.course, self.app.user_keys))
        yield CourseFooter()

    def on_mount(self) -> None:
        scroll = self.query_one("#help", ReadingScroll)
        scroll.border_title = _("Help · Escape or F1 to close")
        scroll.focus()

    _recent: tuple[str, ...] | None = None  # the recent messages shown

    def on_screen_resume(self) -> None:
        self.show_recent()

    def show_recent(self) -> None:
        """The recent messages, at the top. The app calls this before showing the kept screen again,
        so its first frame has them; changed only when they changed (each change is a layout)."""
        recent = tuple(notice.describe() for notice in self.app.message_log.newest_first()[:RECENT])
        if recent != self._recent:
            self._recent = recent
            messages = self.query_one("#help-messages", Static)
            messages.display = bool(recent)  # a notice that vanished too soon can be read again here
            if recent:
                messages.update(Content.assemble((_("Recent messages (all of them: Ctrl+P, then Messages)"), "bold"), "\n",
                                                 Content("\n").join(Content(text) for text in recent)))
        scroll = self.query_one("#help", ReadingScroll)
        if scroll.scroll_y:
            scroll.scroll_home(animate=False)
