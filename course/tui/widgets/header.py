"""The course's header: Textual's Header, safe when a title changes while it is mounting."""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class CourseHeader(Header):
    """Textual's Header updates its title from watchers set on mount. When the app's title
    changes while a screen is still being built (a learner typing fast on the welcome screen),
    the title widget may not exist yet and Textual raises NoMatches, closing the app. Here
    that update is simply skipped: the header draws the current title once it is mounted."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Header's own watchers would run too, and raise
        Widget._on_mount(self, event)

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoMatches, NoScreen):
                pass

        for target in (self.app, self.screen):
            self.watch(target, "title", set_title)
            self.watch(target, "sub_title", set_title)
