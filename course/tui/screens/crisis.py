"""The crisis line, one key away on every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.bullets import crisis_list
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.reading import ReadingScroll


class CrisisScreen(CourseModalScreen):
    CSS_PATH = "crisis.tcss"
    PLACE = keymap.CRISIS
    BINDINGS = bindings_for(PLACE)

    def compose(self) -> ComposeResult:
        with ReadingScroll(id="crisis", classes="dialog", in_border=True):
            yield Static(Content(_("If you are in crisis, or thinking about harming yourself, you can talk to "
                                   "someone now.")), id="crisis-lead")
            yield crisis_list(self.app.course)
            yield Static(Content(_("The course will wait for you. Press Escape to go back.")), id="crisis-end")
        yield CourseFooter()

    def on_mount(self) -> None:
        box = self.query_one("#crisis", ReadingScroll)
        box.border_title = _("Crisis line")
        box.focus()
