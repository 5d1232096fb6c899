"""The bases of the course's screens: `self.app` is the CourseApp they run in, for the type checker.

Textual types a screen's `app` as `App[object]`, so `self.app.learner` was unchecked. Only the type
checker sees the narrower property (Textual's own `getters.app` pattern); at run time they add nothing to Screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen, Screen, ScreenResultType

if TYPE_CHECKING:
    from textual import getters

    from course.tui.app import CourseApp


class CourseScreen(Screen[ScreenResultType]):
    """A full screen of the course app."""

    if TYPE_CHECKING:
        app = getters.app(CourseApp)


class CourseModalScreen(ModalScreen[ScreenResultType]):
    """A window over another screen of the course app."""

    if TYPE_CHECKING:
        app = getters.app(CourseApp)
