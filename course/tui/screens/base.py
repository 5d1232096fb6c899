"""The bases of the course's screens: `self.app` is the CourseApp they run in, for the type checker.

Textual types a screen's `app` as `App[object]`, so `self.app.learner` was unchecked. Only the type
checker sees the narrower property (Textual's own `getters.app` pattern).

At run time they add one thing to Screen: a layout is done in one pass. After Textual lays a screen
out it gives each widget its new size, and a widget whose scrollable ("virtual") size changed asks
for another layout, which the one just done already accounts for: every key that changed the size
of something (a new page, the feedback, a longer text) was drawn twice, a frame or more apart, the
second time identical except for what depends on the second pass. On the course's screens that
second request is not made; a change that really needs a layout (a scrollbar appearing, a widget
resized by code) still asks for one. docs/performance.md, "Keys".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.widget import Widget

_laying_out = False  # True while a course screen gives its widgets the sizes of the layout just done
_size_updated = Widget._size_updated


def _size_updated_once(self: Widget, size: Size, virtual_size: Size, container_size: Size,
                       layout: bool = True) -> bool:
    return _size_updated(self, size, virtual_size, container_size, layout and not _laying_out)


Widget._size_updated = _size_updated_once  # type: ignore[method-assign]  # only differs inside _refresh_layout below


# The screens OneLayoutPass is mixed into, as the type checker sees them (at run time it is a plain
# mixin: a Screen subclass of its own would bring Screen's CSS back over ModalScreen's).
if TYPE_CHECKING:
    _Screen = Screen
else:
    _Screen = object


class OneLayoutPass(_Screen):
    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        global _laying_out
        _laying_out = True
        try:
            super()._refresh_layout(size, scroll)
        finally:
            _laying_out = False

if TYPE_CHECKING:
    from textual import getters

    from course.tui.app import CourseApp


class CourseScreen(OneLayoutPass, Screen[ScreenResultType]):
    """A full screen of the course app."""

    if TYPE_CHECKING:
        app = getters.app(CourseApp)


class CourseModalScreen(OneLayoutPass, ModalScreen[ScreenResultType]):
    """A window over another screen of the course app."""

    if TYPE_CHECKING:
        app = getters.app(CourseApp)
