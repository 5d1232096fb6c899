"""Garbage collection while the learner pauses, not while a keypress is being answered.

Textual leaves cyclic garbage behind every frame (its cached Strips refer to themselves),
so Python's automatic full collections come every few keys and each stops the app for
100-250 ms on a 150,000-object heap: the slowest keypresses of the benchmark
(docs/performance.md). So, once the first screen is up: the objects that exist then are
collected once and frozen (never scanned again), automatic collection keeps its cheap young
generations but almost never a full one, and full collections run when no key or mouse
event has come for IDLE_SECONDS.

The same pauses empty a Textual cache that keeps removed widgets' rendered lines alive:
`StylesCache.get_inner_outer` is an `lru_cache` on a method, so up to 1,024 widgets' styles
caches (every line they drew) outlive the widgets (textual issue #6665). A session of
reading and quizzing grew by about 2 MiB a lesson until it was emptied.
"""

from __future__ import annotations

import gc
import time

from textual._styles_cache import StylesCache

IDLE_SECONDS = 0.5  # a pause in typing: people read, think, reach for a key
BACKSTOP = 100  # automatic full collection after this many young ones (Python's default: 10)


class IdleCollector:
    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None
        self._last_input = time.monotonic()
        self._pending = False  # input since the last full collection

    def start(self) -> None:
        """Freeze what start-up made and leave full collections to `tick`."""
        if self._thresholds is not None:
            return
        self._thresholds = gc.get_threshold()
        gc.collect()
        gc.freeze()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, BACKSTOP)

    def stop(self) -> None:
        """Back to Python's own collection (the app is closing, or a test ends)."""
        if self._thresholds is None:
            return
        gc.set_threshold(*self._thresholds)
        gc.unfreeze()
        self._thresholds = None

    def input_seen(self) -> None:
        self._last_input = time.monotonic()
        self._pending = True

    def tick(self) -> None:
        """Called by a timer: collect fully after a pause that followed some input."""
        if self._thresholds is None or not self._pending:
            return
        if time.monotonic() - self._last_input >= IDLE_SECONDS:
            self._pending = False
            StylesCache.get_inner_outer.cache_clear()
            gc.collect()
