"""A list of rows (one or more lines each) whose highlighted row is marked `›`, not by colour alone.

Used by the course map and the question lists. The screen decides what the rows say; this only
shows them and keeps the pointer on the highlighted row.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

POINTER = "›"

Row = list[Content | str]  # the row's lines
_LEAD = re.compile(r"^[\s\d.:·✓✗○◐●+›-]*")


def hanging_indent(text: str) -> int:
    """Where a line's words start after its marks and numbers ("1. ", "✓ 2. "): wrapped lines go there."""
    lead = _LEAD.match(text)  # always matches (every part is optional)
    indent = len(lead.group(0)) if lead else 0
    return indent if indent < 12 else 0


class PointerList(OptionList):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Row] = []
        self._ids: list[str | None] = []
        self._marked: int | None = None
        self._width: int | None = None  # the width the prompts were wrapped for

    def show(self, rows: list[Row], highlighted: int | None = 0, ids: list[str] | None = None) -> None:
        """Replace the rows, highlighting (and pointing at) `highlighted`, kept within the list."""
        self._rows = rows
        self._ids = list(ids) if ids else [None] * len(rows)
        self._marked = None if not rows else max(0, min(highlighted or 0, len(rows) - 1))
        width = self.scrollable_content_region.width - 2
        prompts: list[Content | str]
        if width > 10:
            prompts = [self._prompt(index, width) for index in range(len(rows))]
        else:  # not laid out yet: the rows are made once, at their width, when it is known (on_resize)
            prompts, self._width = [""] * len(rows), None
        self.set_options(Option(prompt, id=self._ids[index]) for index, prompt in enumerate(prompts))
        self.highlighted = self._marked

    def update_row(self, index: int, row: Row) -> None:
        """Redraw one row in place (the list keeps its scroll position and highlight)."""
        self._rows[index] = row
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def _prompt(self, index: int, width: int | None = None) -> Content:
        """The row's lines after a 2-column gutter (the pointer), long lines wrapped with a hanging
        indent so that a wrapped question or title stays clear of the gutter and the numbers."""
        pointer = POINTER if index == self._marked else " "
        width = self._width = width if width is not None else self.scrollable_content_region.width - 2
        lines: list[Content] = []
        for number, line in enumerate(self._rows[index]):
            line = Content(line) if isinstance(line, str) else line
            hang = hanging_indent(line.plain)
            fits = line.cell_length <= width - hang  # most rows: no wrapping (5,000 of them on a large map)
            pieces = line.wrap(width - hang) if width - hang > 10 and not fits else [line]
            for piece_number, piece in enumerate(pieces):
                gutter = f"{pointer} " if number == piece_number == 0 else "  "
                lines.append(Content.assemble(gutter, " " * hang if piece_number else "", piece))
        return Content("\n").join(lines)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width - 2  # the same for every row: asked once
        if width == self._width:
            return  # the height changed, or the rows were made at this width already
        for index in range(min(self.option_count, len(self._rows))):  # wrap again at the new width
            self.replace_option_prompt_at_index(index, self._prompt(index, width))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        previous, self._marked = self._marked, event.option_index
        for index in {previous, event.option_index}:
            if index is not None and index < min(self.option_count, len(self._rows)):
                self.replace_option_prompt_at_index(index, self._prompt(index))
