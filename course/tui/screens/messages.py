"""Messages: every notice shown in the corner this session, newest first, so that none is lost
to someone who reads slowly or looked away. c dismisses the notices still in the corner."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter


def messages_content(log) -> Content:
    notices = log.newest_first()
    if not notices:
        return Content(_("No messages yet this session."))
    return Content("\n").join(Content(notice.describe()) for notice in notices)


class MessagesScreen(CourseModalScreen):
    PLACE = keymap.MESSAGES
    BINDINGS = bindings_for(PLACE)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="messages", classes="dialog"):
            yield Static(messages_content(self.app.message_log), id="message-list")
        yield CourseFooter()

    def on_mount(self) -> None:
        box = self.query_one("#messages", VerticalScroll)
        box.border_title = _("Messages this session, newest first · ⚠ marks the important ones")
        box.focus()

    def action_clear(self) -> None:
        """Dismiss them all and close: the corner of the screen underneath is cleared as it comes back."""
        self.app.clear_notifications()
        self.app.pop_screen()
