"""Nothing a screen has removed stays in memory: a session of reading and quizzing must not grow.

The benchmark measures resident memory over 100 cycles (docs/performance.md); these tests
pin down the leaks it found, by counting the objects left behind.
"""

from __future__ import annotations

import gc

from test_tui_support import SIZE, MemoryStore, make_app
from textual._styles_cache import StylesCache
from textual.widget import Widget

from course.progress.model import Progress
from course.tui.collector import FULL_IDLE_SECONDS, IDLE_SECONDS


def detached(kind: type) -> int:
    """How many widgets of `kind` are alive but no longer in the app."""
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, kind) and not thing.is_attached)


async def test_removed_widgets_do_not_pile_up(tmp_path):
    """Textual's own Footer kept every key it rebuilt (its `compact` watchers, textual#6666): a
    dozen widgets a lesson. Whatever screens remove may linger until the next change (Textual
    holds the last batch), but never accumulates."""
    progress = Progress()
    progress.add_learner("Sam", "patient")
    app = make_app(store=MemoryStore(progress))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        left = []
        for _ in range(4):  # screens open and close, their keys and contents change
            for keys in (["enter", "right", "escape"], ["q", "1", "enter"], ["escape", "down", "enter"], ["m"], ["escape"],
                         ["f2"], ["escape"]):  # the quiz left discarding the answers
                await pilot.press(*keys)
                await pilot.pause()
            left.append(detached(Widget))
        assert type(app.screen).__name__ == "MapScreen"
        assert left[-1] <= left[0], left


async def test_removed_widgets_drawn_lines_are_released_in_the_learners_pauses(tmp_path):
    """Textual's StylesCache.get_inner_outer (an lru_cache on a method) keeps the styles cache
    of up to 1,024 removed widgets, with every line they drew: the app empties it when idle."""
    progress = Progress()
    progress.add_learner("Sam", "patient")
    app = make_app(store=MemoryStore(progress))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("enter", "right", "right", "escape", "f1", "escape", "q", "1", "escape")
            await pilot.pause()
        await pilot.pause(FULL_IDLE_SECONDS + IDLE_SECONDS)  # the learner reads: the idle collector runs
        app._collector.stop()  # what start-up froze is counted too
        gc.collect()
        live = {id(widget._styles_cache) for widget in gc.get_objects() if isinstance(widget, Widget)}
        kept = [cache for cache in gc.get_objects() if isinstance(cache, StylesCache) and id(cache) not in live]
        assert kept == []
