"""The presenter view, for a shared screen at a group session: a lesson's key points one at a
time, large and uncluttered. It shows only what the room may see: the facilitator's notes and
discussion prompts are never read here (they stay in the lesson reader's side panel).

A presenter's clicker usually sends PageDown / PageUp or the arrow keys: all of them step;
its "blank" button sends B or . (as slide software), which blacks the screen.

It uses the whole screen for the point and works down to 50×16 cells, so a 1280×720 projector
showing the served app at ?fontsize=32 fits; in a terminal, enlarge the font and it follows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from course import keymap
from course.content.model import Module
from course.i18n import _
from course.outputs.common import lesson_heading, lesson_text
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.footer import CourseFooter


class Slide(Static, can_focus=True):
    """The key point on show; focusable so the keys always have a home."""


COMPACT_WIDTH, COMPACT_HEIGHT = 70, 24  # below this, no margins: every cell for the point


class PresenterScreen(CourseScreen):
    CSS_PATH = "presenter.tcss"
    MIN_SIZE = (50, 16)
    PLACE = keymap.PRESENTER
    BINDINGS = bindings_for(PLACE)

    point: reactive[int] = reactive(0, init=False)

    def __init__(self, module: Module | None = None) -> None:
        super().__init__()
        self._module: Module | None = None
        self.points: list[str] = []
        if module is not None:
            self.load(module)

    def load(self, module: Module) -> PresenterScreen:
        """This (kept and reused) screen on `module`'s first key point. Kept from before, it is
        filled in now, so its first frame has the new point laid out (built at each opening, it
        was drawn once for its mount and again for its layout)."""
        self._module = module
        self.points = [lesson_text(self.app.course, point) for point in module.key_points] or [
            _("This lesson has no key points to show.")]
        self.set_reactive(PresenterScreen.point, 0)
        if self.is_mounted:
            self._show_lesson()
        return self

    @property
    def module(self) -> Module:
        assert self._module is not None, "PresenterScreen.load() chooses the lesson"
        return self._module

    def compose(self) -> ComposeResult:
        yield Static(id="presenter-lesson")
        with Vertical(id="presenter-stage"):
            yield Slide(id="presenter-point")
        yield Static(id="presenter-count")
        yield CourseFooter()

    def on_mount(self) -> None:
        self._show_lesson()

    def on_screen_resume(self) -> None:
        slide = self.query_one(Slide)
        if self.focused is not slide:  # focus() repaints it, and that repaint came a frame after the rest
            slide.focus()

    def watch_point(self) -> None:
        self._show()

    def _show_lesson(self) -> None:
        self.query_one("#presenter-lesson", Static).update(Content(lesson_heading(self.app.course, self.module)))
        self._show()

    def _show(self) -> None:
        self.query_one(Slide).update(Content(self.points[self.point]))
        last = self.point + 1 == len(self.points)
        where = (_("Key point {number} of {total} · the last one; Escape leaves") if last
                 else _("Key point {number} of {total}")).format(number=self.point + 1, total=len(self.points))
        self.query_one("#presenter-count", Static).update(Content(where))

    def action_step(self, step: int) -> None:
        self.point = max(0, min(len(self.points) - 1, self.point + step))

    def action_blank(self) -> None:
        from course.tui.screens.blank import BlankScreen

        self.app.push_screen(BlankScreen())

    def on_resize(self) -> None:
        self.set_class(self.size.width < COMPACT_WIDTH or self.size.height < COMPACT_HEIGHT, "-compact")
