"""A black screen for the projector (as B or . does in slide software): the room looks at the
facilitator, not the slide. The same keys, or Escape, bring the slide back."""

from __future__ import annotations

from course import keymap
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen


class BlankScreen(CourseScreen):
    MIN_SIZE = (1, 1)  # nothing to lay out
    PLACE = keymap.BLANK
    BINDINGS = bindings_for(PLACE)
    CSS_PATH = "blank.tcss"

    def on_mount(self) -> None:
        self.sub_title = _("Black screen")
