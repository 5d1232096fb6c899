"""Option lists whose state reads without colour: symbols mark the highlighted, chosen or ticked item.

With NO_COLOR, or on a screen reader's plain text, the highlight bar alone would be lost; a
symbol in the text itself is not.
"""

from __future__ import annotations

from textual import events, on
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from course import keymap
from course.i18n import _
from course.tui.bindings import bindings_for
from course.tui.widgets.reading import CountsHidden, more_below
from course.tui.widgets.rows import PointerList


class MarkedList(OptionList):
    """An OptionList that redraws an option's text when the highlight moves onto or off it."""

    def __init__(self, count: int, *, id: str | None = None) -> None:
        self._shown_highlight: int | None = 0 if count else None
        super().__init__(*[Option(self._prompt(i)) for i in range(count)], id=id)

    def _prompt(self, index: int) -> Content:
        raise NotImplementedError

    def _is_highlighted(self, index: int) -> bool:
        return index == self._shown_highlight

    def on_mount(self) -> None:
        if self.option_count:
            self.highlighted = self._shown_highlight or 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        previous, self._shown_highlight = self._shown_highlight, event.option_index
        for index in {previous, event.option_index}:
            if index is not None and index < self.option_count:
                self.replace_option_prompt_at_index(index, self._prompt(index))

    def _redraw(self) -> None:
        for index in range(self.option_count):
            self.replace_option_prompt_at_index(index, self._prompt(index))


class ChoiceList(MarkedList):
    """Pick one of a few labels with the arrow keys: the highlighted one is the choice, marked ●."""

    def __init__(self, labels: list[str], *, chosen: int = 0, id: str | None = None) -> None:
        self._labels = labels
        super().__init__(len(labels), id=id)
        self._shown_highlight = chosen
        self._redraw()

    def _prompt(self, index: int) -> Content:
        return Content(f"{'●' if self._is_highlighted(index) else '○'} {self._labels[index]}")

    @property
    def chosen(self) -> int:
        return self.highlighted or 0


class ModuleList(CountsHidden, PointerList):
    """The course map's list of modules, the highlighted one marked ›: Enter opens it (shown in the
    Footer). Its border says in words when there are more modules below."""

    hidden_below: reactive[int] = reactive(0, init=False)

    def watch_hidden_below(self, lines: int) -> None:
        self.border_subtitle = more_below(lines, _("↓")) if lines else ""

    PLACE = keymap.MODULE_LIST
    BINDINGS = bindings_for(PLACE)


class AnswerList(MarkedList):
    """A question's answers, numbered, the highlighted one marked ›.

    One answer: its number, or Enter on the highlighted one, answers at once. Several answers:
    numbers or Space tick and untick ([x] / [ ]), Enter confirms. Afterwards the list is locked
    and marks each answer ✓ right or ✗ wrong, in words too.
    """

    DEFAULT_CSS = """
    AnswerList {
        height: auto;
        max-height: 12;
        border: round $border-blurred;
        padding: 0;
    }

    AnswerList:focus {
        border: round $border;
    }
    """
    PLACE = keymap.ANSWER_LIST
    BINDINGS = bindings_for(PLACE)

    class Answered(Message):
        """The learner answered: `chosen` holds indexes in the order shown."""

        def __init__(self, chosen: set[int]) -> None:
            self.chosen = chosen
            super().__init__()

    class NothingTicked(Message):
        """Enter with nothing ticked on a several-answers question."""

    def __init__(self, texts: list[str], multiple: bool, *, id: str | None = None) -> None:
        self.texts = texts
        self.multiple = multiple
        self.ticked: set[int] = set()
        self.locked = False
        self.outcome: dict[int, tuple[str, str]] = {}
        self._answering: int | None = None  # answered by its number, not yet highlighted
        self._lines_width = 0  # the width the answers' lines were made for
        super().__init__(len(texts), id=id)

    def _prompt(self, index: int) -> Content:
        pointer = "›" if self._is_highlighted(index) else " "
        lead = f"{pointer} {index + 1}."
        if self.locked:
            symbol, note = self.outcome.get(index, (" ", ""))
            return Content(f"{lead} {symbol} {self.texts[index]}" + (f"  ({note})" if note else ""))
        if self.multiple:
            box = "[x]" if index in self.ticked else "[ ]"
            return Content(f"{lead} {box} {self.texts[index]}")
        return Content(f"{lead} {self.texts[index]}")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:  # and MarkedList's
        self.scroll_visible(animate=False)  # a long question may have pushed the answers below the screen

    def reset(self, texts: list[str], multiple: bool) -> None:
        """Show a new question's answers, unlocked and unticked."""
        self.texts, self.multiple = texts, multiple
        self.ticked, self.locked, self.outcome, self._answering = set(), False, {}, None
        self._shown_highlight = 0 if texts else None
        self.set_options(Option(self._prompt(i)) for i in range(len(texts)))
        self.highlighted = self._shown_highlight
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # When locked, Enter falls through to the screen: "next question".
        if action == "tick" and not self.multiple:
            return False  # Space ticks, and only ticks: a reader reading on with Space never answers by it
        return not (action in ("confirm", "tick", "number") and self.locked)

    def _answer(self, chosen: set[int]) -> None:
        self.locked = True  # at once: keys typed ahead must not answer twice
        # Nothing redrawn here: the screen's reveal (show_outcome) redraws the list and the keys with
        # the feedback, in one frame (a redraw here was drawn alone, a frame before the feedback).
        self.post_message(self.Answered(chosen))

    def action_number(self, number: int) -> None:
        index = number - 1
        if index >= len(self.texts):
            return
        if self.multiple:
            self.highlighted = index
            self._toggle(index)
        else:
            self._answering = index  # highlighted with the outcome (show_outcome)
            self._answer({index})

    def action_tick(self) -> None:  # not action_toggle: DOMNode's toggles an attribute by name
        if self.highlighted is None:
            return
        if self.multiple:
            self._toggle(self.highlighted)
        else:
            self._answer({self.highlighted})

    def action_confirm(self) -> None:
        if not self.multiple:
            if self.highlighted is not None:
                self._answer({self.highlighted})
        elif self.ticked:
            self._answer(set(self.ticked))
        else:
            self.post_message(self.NothingTicked())

    def _toggle(self, index: int) -> None:
        self.ticked ^= {index}
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def show_outcome(self, marks: dict[int, tuple[str, str]]) -> None:
        """Lock the list and show the outcome: `marks` maps shown indexes to (symbol, words)."""
        self.locked = True
        self.outcome = marks
        if self._answering is not None:  # the answer chosen by its number: highlighted now, with the rest
            self._shown_highlight, self._answering = self._answering, None
            self.set_reactive(OptionList.highlighted, self._shown_highlight)
        self._redraw()
        self.refresh_bindings()

    # Textual's OptionList forgets its lines at every resize, when the Resize event comes (a frame
    # after the layout), and makes them while it is drawn, after the layout (a scrollbar that went
    # with the old question's height was taken away in a layout after that): a new question was
    # drawn two or three times. Here the lines are made again only for another width, and made as
    # soon as the layout gives the list its size, so that the list is drawn once, in that frame.

    def _update_lines(self) -> None:
        if not self._line_cache.lines and self.scrollable_content_region:
            self._lines_width = self.scrollable_content_region.width  # the width they are made for
        super()._update_lines()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if self._line_cache.lines and self.scrollable_content_region.width != self._lines_width:
            self._clear_caches()
        if not self._line_cache.lines:
            self._update_lines()  # now, not while drawn: this layout knows their height
        return changed

    @on(events.Resize)
    def _keep_lines(self, event: events.Resize) -> None:
        event.prevent_default()  # OptionList's _on_resize not called: see _size_updated
