"""A list of rows (one or more lines each) whose highlighted row is marked `›`, not by colour alone.

Used by the course map and the question lists. The screen decides what the rows say; this only
shows them and keeps the pointer on the highlighted row.

A row's text is made into styled, wrapped lines only when the row is drawn (or its prompt asked
for), so a list of 5,000 rows (the course map of a large course) costs at start-up only what is
on screen; the lines' heights come from the plain text, and a row is made ahead only when a line
of it may need wrapping. Moving the highlight redraws the two rows it moves between, not the list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich._wrap import divide_line
from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.visual import Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

POINTER = "›"
GUTTER = 2  # the pointer and a space

Line = Content | str | tuple[str, str]  # a line: Content, plain text, or (text, style), made into Content when drawn
Row = Sequence[Line]  # the row's lines
_LEAD = re.compile(r"^[\s\d.:·✓✗○◐●+›-]*")
_LONGEST_INDENT = 11  # hanging_indent's largest answer
# Text made only of characters one cell wide (ASCII, Latin-1, Latin Extended-A and -B, general
# punctuation, the arrows and the marks the screens use): its cells are its length, without asking
# rich character by character. Anything else is measured by rich (tests/test_rows.py checks the set).
_NARROW = re.compile(r"[ -~\u00a0-\u024f\u2010-\u2027\u2030-\u205e\u2190-\u2193✓✗○◐●░█]*")


def hanging_indent(text: str) -> int:
    """Where a line's words start after its marks and numbers ("1. ", "✓ 2. "): wrapped lines go there."""
    lead = _LEAD.match(text)  # always matches (every part is optional)
    indent = len(lead.group(0)) if lead else 0
    return indent if indent <= _LONGEST_INDENT else 0


def cells(text: str) -> int:
    """The terminal cells `text` takes (rich's `cell_len`, without its per-character work for most text)."""
    return len(text) if _NARROW.fullmatch(text) else cell_len(text)


def _plain(line: Line) -> str:
    return line if isinstance(line, str) else line[0] if isinstance(line, tuple) else line.plain


def _content(line: Line) -> Content:
    return Content(line) if isinstance(line, str) else Content.assemble(line) if isinstance(line, tuple) else line


class _RowOption(Option):
    """An option whose prompt is made from its row the first time it is drawn or asked for."""

    def __init__(self, owner: PointerList, index: int, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._owner, self._index = owner, index
        self._made: Content | None = None
        self._made_for: int | None = None  # the width it was made at

    @property
    def prompt(self) -> Content:
        if self._made is None or self._made_for != self._owner._width:
            self._made, self._made_for = self._owner._prompt(self._index), self._owner._width
            self._visual = None
        return self._made

    def forget(self) -> None:
        """Make the prompt again when next drawn (the row, its pointer or the width changed)."""
        self._made = self._visual = None


class PointerList(OptionList):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[Row] = []
        self._needs: list[int | None] = []  # per row, the width it needs not to wrap (see _need)
        self._measured: tuple[int | None, dict[int, int]] = (None, {})  # a width and the rows' heights at it
        self._marked: int | None = None
        self._width: int | None = None  # the width the prompts are wrapped for

    def show(self, rows: Sequence[Row], highlighted: int | None = 0, ids: Sequence[str] | None = None) -> None:
        """Replace the rows, highlighting (and pointing at) `highlighted`, kept within the list."""
        self._rows = rows
        self._needs = [None] * len(rows)
        self._measured = (None, {})
        self._marked = None if not rows else max(0, min(highlighted or 0, len(rows) - 1))
        self.set_options([_RowOption(self, index, ids[index] if ids else None) for index in range(len(rows))])
        self.highlighted = self._marked

    def update_row(self, index: int, row: Row) -> None:
        """Redraw one row in place (the list keeps its scroll position and highlight)."""
        rows = self._rows if isinstance(self._rows, list) else list(self._rows)
        rows[index] = row
        self._rows = rows
        self._needs[index] = None
        self._measured[1].pop(index, None)
        self._forget(index)
        self._clear_caches()  # its height may change

    def _prompt(self, index: int) -> Content:
        """The row's lines after a 2-column gutter (the pointer), long lines wrapped with a hanging
        indent so that a wrapped question or title stays clear of the gutter and the numbers."""
        pointer = POINTER if index == self._marked else " "
        width = self._width if self._width is not None else self.scrollable_content_region.width - GUTTER
        lines: list[Content] = []
        for number, line in enumerate(self._rows[index]):
            content = _content(line)
            text = content.plain
            hang = hanging_indent(text)
            fits = cells(text) <= width - hang and "\n" not in text  # most rows: no wrapping
            pieces = content.wrap(width - hang) if width - hang > 10 and not fits else [content]
            for piece_number, piece in enumerate(pieces):
                gutter = f"{pointer} " if number == piece_number == 0 else "  "
                lines.append(Content.assemble(gutter, " " * hang if piece_number else "", piece))
        return Content("\n").join(lines)

    def _height(self, index: int, width: int) -> int:
        """The row's lines as drawn at `width`, from the plain text (as `_prompt` would wrap it)."""
        need = self._needs[index]
        if need is None:  # the cells its widest line needs with its indent: measured once per row
            need = self._needs[index] = self._need(self._rows[index])
        if need <= width:
            return len(self._rows[index])
        height = 0
        for line in self._rows[index]:
            text = _plain(line)
            if "\n" in text or "\t" in text:  # not a row's usual line: measure the row as drawn
                option = self._options[index]
                prompt = option.prompt if isinstance(option, _RowOption) else self._prompt(index)
                return prompt.plain.count("\n") + 1
            length, hang = cells(text), hanging_indent(text)
            fits = length <= width - hang or width - hang <= 10
            height += 1 if fits else len(divide_line(text, width - hang, fold=True)) + 1  # Content.wrap's cuts
        return height

    @staticmethod
    def _need(row: Row) -> int:
        """The width at which no line of the row wraps (a large number for a line with a newline)."""
        need = 0
        for line in row:
            text = _plain(line)
            if "\n" in text or "\t" in text:
                return 1 << 30
            length = cells(text)
            need = max(need, length + hanging_indent(text))
        return need

    def _forget(self, index: int | None) -> None:
        if index is not None and index < len(self._options):
            option = self._options[index]
            if isinstance(option, _RowOption):
                option.forget()

    def _update_lines(self) -> None:
        """OptionList's line map (which line shows which row), with each row's height from
        `_height` instead of from every row's prompt made and measured."""
        region = self.scrollable_content_region
        if not region:
            return
        width = region.width - GUTTER
        if width != self._width:  # (re)sized: every prompt is made again, at its new width, when drawn
            self._width = width
            self._option_render_cache.clear()
            self._line_cache.clear()
        cache = self._line_cache
        lines = cache.lines
        start = lines[-1][0] + 1 if lines else 0
        if start < len(self._options):
            if self._measured[0] != width:  # the heights at this width, kept while the rows are the same
                self._measured = (width, {})
            known = self._measured[1]
            for index in range(start, len(self._options)):
                cache.index_to_line[index] = len(lines)
                height = known.get(index)
                if height is None:
                    height = known[index] = self._height(index, width)
                cache.heights[index] = height
                lines.extend([(index, line) for line in range(height)])
        virtual_size = Size(region.width, len(lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _get_visual(self, option: Option) -> Visual:
        if isinstance(option, _RowOption) and option._made_for != self._width:
            option.forget()  # made at another width
        return super()._get_visual(option)

    def watch_highlighted(self, highlighted: int | None) -> None:
        """The pointer moves with the highlight in the same turn (not when the highlight's message
        comes back), so both are drawn in the same frame as what the screen shows for the row."""
        super().watch_highlighted(highlighted)
        if highlighted is None or self._options[highlighted].disabled:
            return
        previous, self._marked = self._marked, highlighted
        if previous != highlighted:
            for index in (previous, highlighted):
                self._forget(index)
            self._option_render_cache.clear()  # only the rows drawn so far: the line map stays
            self.refresh()
