"""Where the terminal's cursor goes: on the focused item, so that braille displays and screen
review (which follow the cursor, hidden or not) show what is selected.

Textual leaves the cursor where an Input last put it, often a stale spot from another screen.
The app places it on every redraw (`CourseApp._display`): a text field keeps its own cursor; a
list puts it on the highlighted option's first line; anything else (a lesson page, a button,
the results) on the first line of what it shows.
"""

from __future__ import annotations

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import OptionList


def focus_spot(widget: Widget | None) -> Offset | None:
    """The screen cell for the cursor, or None to leave it where it is (nothing has the focus)."""
    if widget is None or not widget.is_mounted:
        return None
    own = getattr(widget, "cursor_screen_offset", None)  # Input, TextArea: their own text cursor
    if isinstance(own, Offset):
        return own
    box = widget.scrollable_content_region
    if isinstance(widget, OptionList) and widget.highlighted is not None:
        line = _option_line(widget, widget.highlighted)
        if line is not None:
            y = box.y + line - round(widget.scroll_y)
            if box.y <= y < box.bottom:
                return Offset(box.x, y)
    return box.offset


def _option_line(options: OptionList, index: int) -> int | None:
    """The first line of an option inside the list (the same lookup OptionList scrolls by)."""
    try:
        return options._index_to_line[index]
    except (AttributeError, KeyError):  # a Textual without this lookup: the list's first line will do
        return None
