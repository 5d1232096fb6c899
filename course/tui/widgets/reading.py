"""A scrolling region for reading that says in words when there is more below.

A faint scrollbar is easy to miss, and at 80×24 almost every lesson page is longer than the
screen. `ReadingScroll` counts the lines hidden below, so its screen can say so ("12 more lines
below"); a dialog shows it in its border. `read_on` scrolls one screen further, keeping the last
lines of the screen before at the top so the reader keeps their place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import Static

from course import keymap
from course.i18n import _, ngettext
from course.tui.bindings import bindings_for

OVERLAP = 2  # lines of the screen before kept in view by read_on


def more_below(lines: int, keys: str) -> str:
    """What the reader is told while part of a page is hidden: how much, and the keys that show it."""
    return ngettext("▼ {n} more line below: {keys} to read on", "▼ {n} more lines below: {keys} to read on",
                    lines).format(n=lines, keys=keys)


# The widgets CountsHidden is mixed into, as the type checker sees them (at run time it is a plain mixin).
if TYPE_CHECKING:
    from textual.widget import Widget as _Scrolling
else:
    _Scrolling = object


class Pane(VerticalScroll):
    """A scrolling region that a click does not focus: clicking text to read it (or by accident)
    must not take the keyboard from the list or field that has it (Tab still reaches it)."""

    FOCUS_ON_CLICK = False


class CountsHidden(_Scrolling):
    """For a scrolling widget with a `hidden_below` reactive: keeps it at the number of lines
    scrolled out of view below, as the widget scrolls and as its size or content changes."""

    hidden_below: int  # the widget's reactive

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._measure()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        self._measure()
        return changed

    def _measure(self) -> None:
        self.hidden_below = max(0, self.max_scroll_y - round(self.scroll_y))


class ReadingScroll(CountsHidden, Pane):
    """`in_border`: say "more below" in the region's own border (a dialog's) instead of leaving it
    to the screen. `more_keys`: the keys that read on, as the reader is told them."""

    PLACE = keymap.READING
    BINDINGS = bindings_for(PLACE)

    hidden_below: reactive[int] = reactive(0, init=False)
    more_keys: reactive[str] = reactive("", init=False)

    def __init__(self, *children, in_border: bool = False, more_keys: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(*children, id=id, classes=classes)
        self.in_border = in_border
        self.set_reactive(ReadingScroll.more_keys, more_keys or _("↓ or Space"))

    @property
    def more_words(self) -> str:
        """What the reader is told about the hidden part; empty when everything is in view."""
        return more_below(self.hidden_below, self.more_keys) if self.hidden_below else ""

    def watch_hidden_below(self, before: int, now: int) -> None:
        if self.in_border:
            self.border_subtitle = self.more_words
        if bool(before) != bool(now):
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """With nothing below, Space and Enter are the screen's: the footer then shows what Enter
        does there ("Next question" after a quiz's feedback), not a hidden "read on"."""
        if action == "read_on":
            return self.hidden_below > 0
        return True

    def read_on(self) -> bool:
        """Scroll one screen further; False when the end is already in view (the caller may turn the page)."""
        self._measure()
        if not self.hidden_below:
            return False
        step = max(1, self.scrollable_content_region.height - OVERLAP)
        self.scroll_to(y=min(self.max_scroll_y, round(self.scroll_y) + step), animate=False, immediate=True)
        self._measure()
        return True

    def read_back(self) -> bool:
        """Scroll one screen back; False when the top is already in view."""
        if round(self.scroll_y) <= 0:
            return False
        step = max(1, self.scrollable_content_region.height - OVERLAP)
        self.scroll_to(y=max(0, round(self.scroll_y) - step), animate=False, immediate=True)
        self._measure()
        return True

    def action_read_on(self) -> None:
        """At the end, the key goes on to the screen: Enter after the last of a quiz's feedback is
        "next question"."""
        if not self.read_on():
            raise SkipAction()


class MoreBelow(Static):
    """One line under a `ReadingScroll` (found by id on the same screen) saying how much of it is
    hidden below and which keys show it; out of the way when everything is in view."""

    DEFAULT_CSS = """
    MoreBelow { height: auto; padding: 0 1; color: $text-primary; text-style: bold; }
    """

    def __init__(self, region_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.region_id = region_id

    def on_mount(self) -> None:
        self.display = False
        region = self.screen.query_one(f"#{self.region_id}", ReadingScroll)
        self.watch(region, "hidden_below", lambda: self._say(region))
        self.watch(region, "more_keys", lambda: self._say(region))

    def _say(self, region: ReadingScroll) -> None:
        words = region.more_words
        shown = bool(words)
        resized = shown != self.display  # one line or none: only showing or hiding it needs a layout
        self.display = shown
        self.update(words, layout=resized)
