"""A black screen for the projector (as B or . does in slide software): the room looks at the
facilitator, not the slide. The same keys, or Escape, bring the slide back."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from course.i18n import N_, _
from course.tui.bindings import ALWAYS


class BlankScreen(Screen):
    MIN_SIZE = (1, 1)  # nothing to lay out
    BINDINGS = [
        *ALWAYS,
        Binding("b,full_stop,escape", "app.pop_screen", N_("Show the screen again"), show=False, id="blank.back"),
    ]
    DEFAULT_CSS = """
    BlankScreen { background: #000000; }
    """

    def on_mount(self) -> None:
        self.sub_title = _("Black screen")
