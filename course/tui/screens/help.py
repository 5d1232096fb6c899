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

    def on_screen_resume(self) -> None:
        notices = self.app.message_log.newest_first()[:RECENT]
        messages = self.query_one("#help-messages", Static)
        messages.display = bool(notices)  # a notice that vanished too soon can be read again here
        if notices:
            messages.update(Content.assemble((_("Recent messages (all of them: Ctrl+P, then Messages)"), "bold"), "\n",
                                             Content("\n").join(Content(n.describe()) for n in notices)))
        self.query_one("#help", ReadingScroll).scroll_home(animate=False)
