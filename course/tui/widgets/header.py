"""The course's header: Textual's Header, safe when a title changes while it is mounting, and
fitted to the width: the screen's name is never cut; the course title gives way instead."""

from __future__ import annotations

import contextlib

from rich.cells import cell_len
from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

SEPARATOR = " — "  # as App.format_title writes it


def fitted(title: str, sub_title: str, room: int) -> str:
    """`title` shortened at a word, with "…", so that "title — sub_title" fits in `room` cells."""
    if not sub_title or not room or cell_len(title) + cell_len(SEPARATOR) + cell_len(sub_title) <= room:
        return title
    keep = room - cell_len(SEPARATOR) - cell_len(sub_title) - 1
    words = title[:max(keep, 0) + 1].split(" ")
    shortened = " ".join(words[:-1] if len(words) > 1 else words).rstrip(" :—-,")[:max(keep, 0)]
    return f"{shortened}…" if shortened else ""


class CourseHeader(Header):
    """Textual's Header updates its title from watchers set on mount. When the app's title
    changes while a screen is still being built (a learner typing fast on the welcome screen),
    the title widget may not exist yet and Textual raises NoMatches, closing the app. Here
    that update is simply skipped: the header draws the current title once it is mounted.

    Its watchers on the app are removed with it: Textual keeps a watcher, and so the widget that
    set it with its whole screen, until the watched value changes (textual issue #6666), and
    the app's title hardly ever does. Every screen built anew (My questions, practice, the
    group quiz) stayed in memory for the rest of the session."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Header's own watchers would run too, and raise
        Widget._on_mount(self, event)
        for target in (self.app, self.screen):
            self.watch(target, "title", self._show_title)
            self.watch(target, "sub_title", self._show_title)

    def on_unmount(self) -> None:
        watchers = getattr(self.app, "__watchers", {})  # where Textual keeps them (no public way to unwatch)
        for name in ("title", "sub_title"):
            if name in watchers:
                watchers[name][:] = [(node, callback) for node, callback in watchers[name] if node is not self]

    def on_resize(self) -> None:
        self._show_title()

    def _show_title(self) -> None:
        with contextlib.suppress(NoMatches, NoScreen):
            self.query_one(HeaderTitle).update(self.format_title())

    def format_title(self) -> Content:
        sub_title = self.screen_sub_title
        room = self.query_one(HeaderTitle).size.width
        return self.app.format_title(fitted(self.screen_title, sub_title, room), sub_title)
