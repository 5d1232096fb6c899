"""The command palette's list: each command's title, its help line under it, the chosen one marked
`›` as well as by colour (so without colour, and read aloud, it is still plain which one Enter runs).

Only the lines in view are drawn (Textual's Line API). The lines are wrapped once when the list is
filled or its width changes, a few milliseconds for the hundred-odd entries a palette offers;
moving the highlight redraws the two entries it moves between. The list does not take the focus:
the palette's text field keeps it, and the palette moves the highlight (Up, Down) and runs it
(Enter, or a click on an entry).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

POINTER = "› "
INDENT = "  "
THUMB = "▐"  # the scroll bar, in the last column: Textual's would be drawn a frame after the list


class Entry(NamedTuple):
    prompt: Content  # the title, its matching letters styled
    help: str  # the line under it ("" for none)
    run: Callable[[], object]


class PaletteList(ScrollView, can_focus=False):
    DEFAULT_CSS = """
    PaletteList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;  /* scrolls with the mouse wheel; its bar is drawn with the lines (THUMB) */
        scrollbar-size-vertical: 0;
        background: $surface;
    }
    PaletteList > .palette-list--highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    PaletteList > .palette-list--help {
        color: $text-muted;
    }
    PaletteList:nocolor > .palette-list--highlighted {
        text-style: bold reverse;
    }
    """
    COMPONENT_CLASSES = {"palette-list--highlighted", "palette-list--help"}

    class Chosen(Message):
        """An entry was clicked: the palette runs it."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.highlighted: int | None = None
        self._lines: list[tuple[int, Content, bool]] = []  # (entry, line, is help)
        self._starts: list[int] = []  # each entry's first line
        self._width = 0
        self.empty_text = ""  # said on the first line when there are no entries

    def show(self, entries: Sequence[Entry]) -> None:
        """Offer `entries`, the first one highlighted, scrolled to the top."""
        self.entries = list(entries)
        self.highlighted = 0 if self.entries else None
        self._wrap(self._width)
        self.set_scroll(None, 0)
        self.refresh()

    def _wrap(self, width: int) -> None:
        self._width = width
        if width <= 0:  # not laid out yet: wrapped when it is (_size_updated)
            return
        lines: list[tuple[int, Content, bool]] = []
        starts: list[int] = []
        inner = max(width - len(POINTER) - len(THUMB), 1)
        for index, entry in enumerate(self.entries):
            starts.append(len(lines))
            lines += [(index, line, False) for line in entry.prompt.wrap(inner)]
            if entry.help:
                lines += [(index, line, True) for line in Content(entry.help).wrap(max(inner - len(INDENT), 1))]
        self._lines, self._starts = lines, starts
        size = Size(width, len(lines))
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)  # its lines change, not its place on the screen
            self._scroll_update(size)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Wrapped at the width the layout gives, before the frame that draws it."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        width = self.scrollable_content_region.width
        if width != self._width:
            self._wrap(width)
            self.refresh()
        return resized

    # ------------------------------------------------------------ the highlight

    def move(self, step: int) -> None:
        """Move the highlight by `step` entries, staying within the list, and keep it in view."""
        if self.highlighted is None:
            return
        self.highlight(min(max(self.highlighted + step, 0), len(self.entries) - 1))

    def highlight(self, index: int) -> None:
        before, self.highlighted = self.highlighted, index
        for changed in {before, index} - {None}:
            self._refresh_entry(changed)
        top, height = self._span(index)
        self.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True)

    def _span(self, index: int) -> tuple[int, int]:
        top = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        return top, end - top

    def _refresh_entry(self, index: int | None) -> None:
        if index is None or index >= len(self._starts):
            return
        top, height = self._span(index)
        self.refresh(Region(0, top - self.scroll_offset.y, self.size.width, height))

    # ------------------------------------------------------------ drawing and clicks

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width - len(THUMB)
        line = self._line(y + self.scroll_offset.y, width)
        return Strip.join([line, Strip([Segment(self._thumb(y), self.rich_style)])])

    def _thumb(self, y: int) -> str:
        """The scroll bar's cell on line `y` of the view: where the view is in the list, if it does not all fit."""
        height, total = self.size.height, len(self._lines)
        if total <= height or height <= 0:
            return " "
        size = max(1, round(height * height / total))
        top = min(round(self.scroll_offset.y * height / total), height - size)
        return THUMB if top <= y < top + size else " "

    def _line(self, at: int, width: int) -> Strip:
        if at >= len(self._lines):
            if at == 0 and self.empty_text:
                text = Content(INDENT + self.empty_text).stylize(self.get_visual_style("palette-list--help", partial=True))
                return Strip(list(text.render_segments(self.visual_style))).adjust_cell_length(width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        index, line, is_help = self._lines[at]
        base = self.visual_style
        if index == self.highlighted:
            base = base + self.get_visual_style("palette-list--highlighted")
        if is_help and index != self.highlighted:  # muted, but not on the highlight's colour
            line = line.stylize_before(self.get_visual_style("palette-list--help", partial=True))
        if is_help:
            lead = INDENT + INDENT
        else:
            lead = POINTER if at == self._starts[index] and index == self.highlighted else INDENT
        content = Content(lead) + line
        segments = list(content.render_segments(base))
        return Strip(segments).adjust_cell_length(width, base.rich_style)

    def entry_at(self, y: int) -> int | None:
        """The entry drawn on line `y` of the list as it is scrolled, if any."""
        at = y + self.scroll_offset.y
        if 0 <= at < len(self._lines):
            return bisect.bisect_right(self._starts, at) - 1
        return None

    def on_click(self, event: events.Click) -> None:
        index = self.entry_at(event.y)
        if index is not None:
            event.stop()
            self.highlight(index)
            self.post_message(self.Chosen(index))

