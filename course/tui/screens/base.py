"""The bases of the course's screens: `self.app` is the CourseApp they run in, for the type checker.

Textual types a screen's `app` as `App[object]`, so `self.app.learner` was unchecked. Only the type
checker sees the narrower property (Textual's own `getters.app` pattern).

At run time they add one thing to Screen: a layout is done in one pass. After Textual lays a screen
out it gives each widget its new size, and a widget whose scrollable ("virtual") size changed asks
for another layout, which the one just done already accounts for: every key that changed the size
of something (a new page, the feedback, a longer text) was drawn twice, a frame or more apart, the
second time identical except for what depends on the second pass. On the course's screens that
second request is not made; a change that really needs a layout (a scrollbar appearing, "more
below" shown) is laid out again at once, in the same frame. What widgets ask to repaint while they
are given their sizes is drawn in the layout's own paint, and so is the screen's own repaint as it
is shown. A screen under an opaque one is not drawn through it. Up to four passes are made in one
frame (a scrollbar, then "more below", then a scroll to what was just laid out: `after_layout`),
and requests for a layout or a repaint made before a frame but not yet handled by the screen are
taken into that frame. docs/performance.md, "Keys".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, messages
from textual.geometry import Region, Size
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.widget import Widget

_laying_out = False  # True while a course screen gives its widgets the sizes of the layout just done
_size_updated = Widget._size_updated


def _size_updated_once(self: Widget, size: Size, virtual_size: Size, container_size: Size,
                       layout: bool = True) -> bool:
    return _size_updated(self, size, virtual_size, container_size, layout and not _laying_out)


Widget._size_updated = _size_updated_once  # type: ignore[method-assign]  # only differs inside _refresh_layout below

_repainted: list[Widget] | None = None  # while a course screen lays out: the widgets that asked for a refresh or a scroll
_refresh = Widget.refresh
_refresh_scroll = Widget._refresh_scroll
_REQUESTS = (messages.Layout, messages.Update, messages.UpdateScroll)
EXTRA_PASSES = 4  # layouts again in one frame at most (a scrollbar, "more below", a scroll, "more below" gone)


def _refresh_noted(self: Widget, *regions: Region, repaint: bool = True, layout: bool = False,
                   recompose: bool = False) -> Widget:
    if _repainted is not None:
        _repainted.append(self)
    return _refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)


def _refresh_scroll_noted(self: Widget) -> None:
    if _repainted is not None:
        _repainted.append(self)
    _refresh_scroll(self)


Widget.refresh = _refresh_noted  # type: ignore[method-assign,assignment]  # only differs inside _refresh_layout below
Widget._refresh_scroll = _refresh_scroll_noted  # type: ignore[method-assign]  # likewise


def _layout_taken(widget: Widget) -> None:
    """What Textual does as it passes a widget's request for a layout on to its screen (Widget.
    _check_refresh), for a layout done at once: the request taken, its containers measured again."""
    widget._layout_required = False
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        ancestor._clear_arrangement_cache()
        ancestor._layout_updates += 1
        if not ancestor.styles.auto_dimensions:
            break


def _layouts_taken(asked: list[Widget]) -> bool:
    """Whether a widget asked for another layout (its scrollbar, its display, its scroll); if so,
    what Textual would do when that widget is next idle is done now."""
    again = False
    for widget in asked:
        if widget._scroll_required:
            widget._scroll_required = False  # the next layout puts it where it scrolled to
            again = True
        if widget._layout_required:
            _layout_taken(widget)
            again = True
    return again


def _style_inputs(app) -> tuple[object, ...]:
    """What a screen's styles depend on besides its own nodes' classes (whose changes restyle
    them at once, shown or not): the app's rules (a list made anew when a screen's or a widget's
    CSS is added), Textual's count of invalidations (a theme), the app's classes and pseudo-classes
    (a change restyles only the screens on the stack)."""
    return (app.stylesheet.rules, app._css_update_count, app.theme, frozenset(app.classes),
            frozenset(app.get_pseudo_classes()))


def _same_inputs(now: tuple[object, ...], before: tuple[object, ...] | None) -> bool:
    return before is not None and now[0] is before[0] and now[1:] == before[1:]


# The screens OneLayoutPass is mixed into, as the type checker sees them (at run time it is a plain
# mixin: a Screen subclass of its own would bring Screen's CSS back over ModalScreen's).
if TYPE_CHECKING:
    _Screen = Screen
else:
    _Screen = object


class OneLayoutPass(_Screen):
    _paint_after_layout: bool | None = None  # while laying out: whether the layout asked to paint; else None
    _after_layout: list[Callable[[], object]] | None = None
    _styled_for: tuple[object, ...] | None = None  # _style_inputs when the screen was last restyled as it was shown

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles every node of a screen as it is shown again (Screen._on_screen_resume,
        called after this: handlers run down the classes): a kept screen's 4-12 ms in the key's
        frame on the keys benchmark. Not when nothing its styles depend on changed since the last."""
        if not event.refresh_styles:  # shown again as a window over it closed: not restyled
            return
        inputs = _style_inputs(self.app)
        if _same_inputs(inputs, self._styled_for):
            event.refresh_styles = False
        self._styled_for = inputs

    def restyle_hidden(self) -> None:
        """Restyle the screen now, while it is hidden (the app does it in the learner's pause), if
        being shown would: its first showing is then not restyled in the key's frame."""
        inputs = _style_inputs(self.app)
        if not _same_inputs(inputs, self._styled_for):
            self.update_node_styles(animate=False)
            self._styled_for = inputs

    def after_layout(self, callback: Callable[[], object]) -> None:
        """Call `callback` after the next layout has settled, before it is drawn: what it changes (a
        scroll to a widget just laid out) is laid out again and drawn in the same frame."""
        if self._after_layout is None:
            self._after_layout = []
        self._after_layout.append(callback)

    @property
    def laying_out(self) -> bool:
        """True while the screen lays out: a widget's repaint asked for now is in the layout's paint."""
        return self._paint_after_layout is not None

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        """One layout pass; the widgets that asked to be repainted while it gave them their sizes (a
        scroll cue, a scrollbar, "more below") are drawn in its paint, not in a frame of their own."""
        global _laying_out, _repainted
        asked: list[Widget] = []
        _laying_out, _repainted, self._paint_after_layout = True, asked, False
        try:
            super()._refresh_layout(size, scroll)
            # A widget that asked for another layout as it was given its size (a scrollbar or "more
            # below" that appears, a scroll): laid out again now, in the same frame, not in the next.
            for _ in range(EXTRA_PASSES if self._paint_after_layout else 0):
                if not _layouts_taken(asked):  # the layout has settled: now what waited for it
                    callbacks, self._after_layout = self._after_layout, None
                    for callback in callbacks or ():
                        callback()
                    if not _layouts_taken(asked):
                        break
                super()._refresh_layout(size)
        finally:
            paint = self._paint_after_layout
            _laying_out, _repainted, self._paint_after_layout = False, None, None
        if paint:
            visible = self._compositor.visible_widgets
            repainted = {widget for widget in asked if widget._repaint_required and widget in visible}
            if repainted:
                self._compositor.update_widgets(repainted)
                for widget in repainted:
                    widget._repaint_required = False  # drawn now: not again when its message comes
            super()._compositor_refresh()

    def _on_timer_update(self) -> None:
        """A repaint of the whole screen (Textual asks for one as a screen is shown) and a layout due
        in the same frame: one paint, not the layout's and then the whole screen's right after it."""
        if self.is_current and not self.app._batch_count:
            self._take_undelivered()
        if self._layout_required and self._repaint_required and self.is_current and not self.app._batch_count:
            self._dirty_widgets.add(self)  # the whole screen, in the layout's own paint
            self._repaint_required = False
        super()._on_timer_update()

    def _take_undelivered(self) -> None:
        """A widget asks its screen for a layout or a redraw with a message, sent when the widget is
        next idle and handled when the screen next is: the frame may come first (Textual's refresh
        timer does not wait for the screen's messages), and what was asked for before it is drawn a
        frame later. Such requests are taken into this frame: the widgets' not yet sent, and the
        screen's messages not yet handled."""
        widgets = [widget for widget in self._compositor.widgets if widget is not self]
        if _layouts_taken([widget for widget in widgets if widget._layout_required or widget._scroll_required]):
            self._layout_required = True
        for widget in widgets:
            if widget._repaint_required and widget.display:
                widget._repaint_required = False
                self._dirty_widgets.add(widget)
        queued = getattr(self._message_queue, "values", ())  # textual._queue.Queue's deque
        for message in [message for message in queued if type(message) in _REQUESTS and not message._no_default_action]:
            message.prevent_default()  # done now: Screen's handler is not called when the message comes
            if isinstance(message, messages.Update):
                self._dirty_widgets.add(message.widget)
            elif isinstance(message, messages.UpdateScroll):
                self._scroll_required = True
            else:
                self._take_layout_message(message.widget)

    def _take_layout_message(self, widget: Widget) -> None:
        """What Screen._on_layout does."""
        for ancestor in widget.ancestors:
            if not isinstance(ancestor, Widget):
                break
            self._layout_widgets.setdefault(ancestor, set()).add(widget)
            self._layout_required = True
            if not ancestor.styles.auto_dimensions:
                break
            widget = ancestor

    def _compositor_refresh(self) -> None:
        """Textual counts the screen just under the top one as showing through it, even when the top
        one is opaque: whatever changed there (pushing a screen refreshes the one it covers) had
        the top screen drawn again, a frame after its own first frame. Hidden, it is drawn again
        when it is back on top (Textual repaints a screen as it resumes)."""
        if self._paint_after_layout is not None:  # in _refresh_layout: painted at its end
            self._paint_after_layout = True
            return
        top = self.app.screen
        if top is not self and top.styles.background.a == 1 and not self.app.is_inline:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        super()._compositor_refresh()

if TYPE_CHECKING:
    from textual import getters

    from course.tui.app import CourseApp


class CourseScreen(OneLayoutPass, Screen[ScreenResultType]):
    """A full screen of the course app."""

    if TYPE_CHECKING:
        app = getters.app(CourseApp)


class CourseModalScreen(OneLayoutPass, ModalScreen[ScreenResultType]):
    """A window over another screen of the course app."""

    if TYPE_CHECKING:
        app = getters.app(CourseApp)
