"""The command palette (Ctrl+P): type to find a command, a lesson, or words in the lessons; Up
and Down choose, Enter (or a click) runs the chosen one, Escape closes.

The course's own screen rather than Textual's `CommandPalette`, for speed (docs/performance.md,
"The command palette"): Textual's drew the screen beneath again, tinted, in every frame, wrapped
and measured every option twice, and gathered the commands in a worker before showing its box,
so opening it took five frames. This one covers the screen (nothing beneath is drawn), offers the
commands from its first frame, and draws only the lines in view (`PaletteList`). What it offers,
and in which order, is `course.tui.commands.CourseCommands`'s, made from the keymap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, Self

from textual import on, work
from textual.app import ComposeResult
from textual.command import DiscoveryHit, Hit
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from course import keymap
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.commands import FULL_TEXT_MIN, CourseCommands
from course.tui.screens.base import CourseScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.palette_list import Entry, PaletteList

OPEN = "--textual-command-palette"  # the class Textual's Ctrl+P looks for: the palette is open


class PaletteInput(Input):
    """Textual's Input, whose scrollable width changes as text is typed without laying the screen out
    again, and which has the palette filter its list as soon as the text changes, so both are drawn in
    the same frame (the Changed message is handled after the next frame)."""

    def __init__(self, typed: Callable[[str], None], **options: Any) -> None:
        super().__init__(**options)
        self._typed = typed

    def _watch_value(self, value: str) -> None:
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        super()._watch_value(value)  # sets the same size: no layout
        self._typed(value)


class CommandPalette(CourseScreen):
    CSS_PATH = "palette.tcss"
    PLACE = keymap.PALETTE
    BINDINGS = bindings_for(PLACE)
    AUTO_FOCUS = "#palette-input"
    COMPONENT_CLASSES = {"palette--match"}

    def __init__(self) -> None:
        super().__init__(classes=OPEN)
        self.calling: Screen | None = None  # the screen it opened over: its commands come first
        self.commands: CourseCommands | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="palette"):
            yield PaletteInput(self._show, placeholder=_("A command, a lesson, or words from the lessons"),
                               id="palette-input", compact=True, select_on_focus=False)
            yield PaletteList(id="palette-list")
        yield CourseFooter()

    def open_over(self, calling: Screen) -> CommandPalette:
        """The palette for `calling`, empty, its commands listed (the app keeps one and reuses it)."""
        self.calling = calling
        if self.is_mounted:
            self._start()
        return self

    def on_mount(self) -> None:
        self.query_one("#palette").border_title = _("Commands · type to find, ↑ ↓ to choose, Enter to run")
        self.query_one("#palette-input", Input).cursor_blink = self.app.animation_level != "none"
        if self.calling is not None:
            self._start()

    def _start(self) -> None:
        assert self.calling is not None
        self.commands = None  # emptying the field below lists nothing yet
        self.query_one("#palette-input", Input).value = ""
        self.commands = CourseCommands(self.calling, self.get_visual_style("palette--match", partial=True))
        self.app.warm_search()  # for the lessons' text, made while the learner types
        self._show("")

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """Only a screen beneath asks for regions of this screen to be drawn again (what it changed
        would show through a see-through screen): nothing of it shows through this one, and the
        screen it opened over changes as it is covered, which cost a second frame."""
        if regions and not layout and not recompose:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_screen_suspend(self) -> None:
        self.workers.cancel_group(self, "palette-index")

    # ------------------------------------------------------------ finding

    def _show(self, typed: str) -> None:
        query = typed.strip()
        commands = self.commands
        if commands is None:
            return
        hits: Sequence[DiscoveryHit | Hit]
        if not query:
            hits = commands.discovered()
        else:
            text_hits = commands.text_hits(query)
            if text_hits is None:  # the lessons' text is still being made ready: found when it is
                text_hits = []
                self._show_when_ready()
            hits = sorted([*commands.found(query), *text_hits], key=lambda hit: hit.score, reverse=True)
        listed = self.query_one(PaletteList)
        listed.empty_text = _("Nothing found: try other or fewer words") if query else ""
        listed.show([Entry(hit.prompt if isinstance(hit.prompt, Content) else Content(str(hit.prompt)),
                           hit.help or "", hit.command) for hit in hits])

    @work(exclusive=True, group="palette-index")
    async def _show_when_ready(self) -> None:
        await asyncio.to_thread(self.app.warm_search().join)
        typed = self.query_one("#palette-input", Input).value
        if len(typed.strip()) >= FULL_TEXT_MIN:
            self._show(typed)

    # ------------------------------------------------------------ choosing

    def key_up(self) -> None:
        self.query_one(PaletteList).move(-1)

    def key_down(self) -> None:
        self.query_one(PaletteList).move(1)

    @on(Input.Submitted, "#palette-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        listed = self.query_one(PaletteList)
        if listed.highlighted is not None:
            self._run(listed.entries[listed.highlighted])

    @on(PaletteList.Chosen)
    def _clicked(self, event: PaletteList.Chosen) -> None:
        self._run(self.query_one(PaletteList).entries[event.index])

    def _run(self, entry: Entry) -> None:
        self.app.delay_update()  # the next screen's first frame, not the one beneath a moment before
        self.dismiss()
        self.app.call_later(entry.run)
