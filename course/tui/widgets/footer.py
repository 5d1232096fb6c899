"""The footer: the keys that matter on this screen, fitted to the terminal's width.

Which keys, their words and their order come from the keymap (`course.keymap`): on a narrow
terminal the footer first packs the keys closer, then uses their short labels, then leaves out
the least important (EXTRA, then MAIN, the rightmost first). ALWAYS keys (help, the crisis
line, quit, the command palette, the way back, the screen's main outcome) are never left out.

One line of text, redrawn only when the keys it shows change: Textual's Footer rebuilt a widget
per key on every bindings refresh (focus moves, a quiz answer locks, a page turns), which could
cost more than the keypress itself. A click on a key presses it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from course.i18n import _
from course.keymap import ALWAYS, BY_ID, EXTRA, KEYMAP

ORDER = {command.id: place for place, command in enumerate(KEYMAP)}
PALETTE = "palette"  # shown at the right-hand end, as Textual does


def key_display(shown: str) -> str:
    """Textual's key display, with function keys as they are printed on keyboards: a learner's
    own key (keys.toml) has no display of its own, and Textual writes "f2"."""
    return shown.upper() if re.fullmatch(r"f\d{1,2}", shown) else shown


class Key(NamedTuple):
    key: str  # what a click presses
    display: str
    label: str
    short: str
    rank: int
    enabled: bool
    id: str


class CourseFooter(Widget):
    DEFAULT_CSS = """
    CourseFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    CourseFooter > .footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    CourseFooter > .footer--label {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    CourseFooter > .footer--separator {
        color: $footer-foreground 40%;
    }
    """
    COMPONENT_CLASSES = {"footer--key", "footer--label", "footer--separator"}

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[Key] = []
        self._spans: list[tuple[int, int, Key]] = []  # where each key was drawn, for clicks
        self._update_pending = False  # an update of the keys asked for after the key's handler

    def on_mount(self) -> None:
        # told at once (not by a message to this widget): during a layout, see _bindings_changed
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed, immediate=True)
        self._update_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            if getattr(screen, "laying_out", False):
                # A key's use changed with the sizes just given ("read on" once more is below):
                # drawn in the layout's own paint (a call_later came after it, a frame later).
                self._update_keys()
                return
            # As soon as the key's own handler is done, so the footer is drawn in the same frame
            # as the rest of what the key changed (after the next refresh, it was a frame later).
            if not self._update_pending:
                self._update_pending = True
                self.call_later(self._update_keys)

    def _update_keys(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return  # the screen has closed
        keys = self._keys_now()
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def _keys_now(self) -> list[Key]:
        """One key per command shown in the footer, in the keymap's order."""
        found: dict[str, Key] = {}
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            name = binding.id or binding.action
            if not binding.show or name in found:
                continue
            command = BY_ID.get(binding.id or "")
            label = _(command.label) if command else binding.description
            short = _(command.short) if command and command.short else label
            found[name] = Key(key, key_display(self.app.get_key_display(binding)), label, short,
                              command.footer if command else EXTRA, enabled, name)
        return sorted(found.values(), key=lambda shown: ORDER.get(shown.id, len(ORDER)))

    # ------------------------------------------------------------ fitting and drawing

    @staticmethod
    def _width(keys: list[Key], compact: bool, short: set[Key]) -> int:
        """Cells needed: " F1 Help " each, or "F1 Help " when compact, less the last space; the
        palette key's bar."""
        extra = 1 if compact else 2
        return sum(cell_len(key.display) + 1 + cell_len(key.short if key in short else key.label) + extra
                   + (1 if key.id == PALETTE else 0) for key in keys) - 1

    def fit(self, width: int) -> tuple[list[Key], bool, set[Key]]:
        """The keys to show at `width`, whether packed close, and which take their short labels.
        All the keys with their full labels if they fit; else packed closer, then short labels
        one by one, then without EXTRA keys, then without MAIN ones, the least important first."""
        def least_first(key: Key) -> tuple[int, int]:
            return -(key.rank or EXTRA + 1), -self.keys.index(key)  # rank 0: shown, but not from the keymap

        give_way = sorted((key for key in self.keys if key.rank != ALWAYS), key=least_first)
        shortens = sorted((key for key in self.keys if key.short != key.label), key=least_first)
        for dropped in range(len(give_way) + 1):
            shown = [key for key in self.keys if key not in give_way[:dropped]]
            if not dropped and self._width(shown, False, set()) <= width:
                return shown, False, set()
            shortable = [key for key in shortens if key in shown]
            for count in range(len(shortable) + 1):
                if self._width(shown, True, set(shortable[:count])) <= width:
                    return shown, True, set(shortable[:count])
        return shown, True, set(shortens)

    def render(self) -> Content:
        width = self.size.width
        shown, compact, short = self.fit(width)
        key_style = self.get_visual_style("footer--key")
        label_style = self.get_visual_style("footer--label")
        dim = Style(dim=True)
        parts: list[tuple[str, Style] | str] = []
        spans: list[tuple[int, int, Key]] = []
        at = 0
        right = [key for key in shown if key.id == PALETTE]
        for key in [key for key in shown if key.id != PALETTE] + right:
            if key in right:
                gap = width - at - self._width(right, compact, short)
                parts += [" " * max(gap, 0), ("▏", self.get_visual_style("footer--separator"))]
                at += max(gap, 0) + 1
            label = key.short if key in short else key.label
            key_text = key.display if compact else f" {key.display} "
            label_text = f" {label} " if compact else f"{label} "
            if key is shown[-1] and not right or key in right:
                label_text = label_text.rstrip(" ")  # nothing follows the last key
            faded = key_style if key.enabled else key_style + dim
            parts += [(key_text, faded), (label_text, label_style if key.enabled else label_style + dim)]
            end = at + cell_len(key_text) + cell_len(label_text)
            spans.append((at, end, key))
            at = end
        self._spans = spans
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
