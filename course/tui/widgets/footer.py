"""A Footer that rebuilds only when the keys it shows change.

Textual's Footer rebuilds all its keys whenever anything asks for a bindings refresh (focus
moves, a quiz answer locks, a page turns), which can cost more than the keypress itself.
Here nothing happens when the keys are unchanged, and when only their words or enabled state
change (Enter: "Answer", then "Next question") the existing keys are updated in place.

Each rebuild also forgets the keys it removed: Textual's FooterKey watches the Footer's
`compact` through `data_bind`, and that watcher, with the removed key and its styles and
caches, would stay on the Footer until `compact` changes, which it never does. A footer on a
kept screen (lesson, quiz) grew by a dozen keys a lesson (textual issue #6666).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from course.i18n import _, N_

N_("palette")  # Textual's word for the command palette's key (Ctrl+P), shown in the footer


class CourseFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: list[tuple[Binding, bool]] | None = None

    def compose(self) -> ComposeResult:
        """Textual's keys, with their words in the language in use (bindings are declared with
        N_() when their class is made, before any language is chosen)."""
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else widget.description
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update_keys)

    def _keys_now(self) -> list[tuple[Binding, bool]]:
        """One (binding, enabled) per action, in the order the Footer shows them."""
        by_action: dict[str, tuple[Binding, bool]] = {}
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = (binding, enabled)
        return list(by_action.values())

    async def _update_keys(self) -> None:
        if not self.is_attached:
            return  # the screen has closed
        keys = self._keys_now()
        shown = self._shown
        self._shown = keys
        if shown is not None and [(b.key, b.description, e) for b, e in shown] == \
                [(b.key, b.description, e) for b, e in keys]:
            return
        widgets = [key for key in self.query_children(FooterKey) if not key.has_class("-command-palette")]
        if shown is None or len(widgets) != len(keys) or [b.key for b, _ in shown] != [b.key for b, _ in keys]:
            await self.recompose()
            self._forget_removed_keys()
            return
        for widget, (binding, enabled) in zip(widgets, keys):  # same keys: new words, same places
            widget.description = _(binding.description)
            widget.action = binding.action
            widget.tooltip = _(binding.tooltip or binding.description)
            widget.disabled = not enabled
            widget.refresh(layout=True)

    def _forget_removed_keys(self) -> None:
        """Drop the `compact` watchers of keys that are gone (Textual prunes them only when
        `compact` changes)."""
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if not node._closing]
