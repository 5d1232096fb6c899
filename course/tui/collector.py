"""Garbage collection while the learner pauses, not while a keypress is being answered.

Textual leaves cyclic garbage behind every frame (its cached Strips refer to themselves),
so Python's automatic full collections come every few keys and each stops the app for
100-250 ms on a 150,000-object heap: the slowest keypresses of the benchmark
(docs/performance.md). So, once the first screen is up: the objects that exist then are
collected once and frozen (never scanned again), automatic collection keeps its cheap young
generations but almost never a full one, and the collections run in the learner's pauses:
the young generations (a few milliseconds) when no key or mouse event has come for
IDLE_SECONDS, a full collection (70-120 ms on a quiet machine) only after FULL_IDLE_SECONDS.
A full collection that started 0.5 s after a key landed inside the next key of anyone
pressing keys 0.5-0.6 s apart (a facilitator revealing answers, a learner answering): the
key waited for it. A pause of a second and a half is a pause to read, and the key after it
seldom comes within the collection's tenth of a second. Someone who never pauses that long
gets the full collection at a short pause once Python's own is half-way due (BACKSTOP), rather
than inside a key. (The cost: garbage lives longer; the memory benchmark's resident memory
is about 9 MiB higher, its growth over a session unchanged.)

The youngest generation is collected after YOUNG new objects rather than Python's 700: a key
that builds a screen makes 5-50 thousand objects, so with 700 it met 5-50 young collections and
a few middle ones, 1-11 ms of its time; the pauses collect the young ones anyway. Measured in one
run, keys alternating between the two thresholds (docs/performance.md).

The same pauses empty a Textual cache that keeps removed widgets' rendered lines alive:
`StylesCache.get_inner_outer` is an `lru_cache` on a method, so up to 1,024 widgets' styles
caches (every line they drew) outlive the widgets (textual issue #6665). A session of
reading and quizzing grew by about 2 MiB a lesson until it was emptied.

After each full collection the C allocator is asked to give back the pages the garbage
freed (`malloc_trim`, glibc; under a millisecond or a few). With full collections only in the
longer pauses, several lessons' garbage piles up between them; freed, its pages stayed with
the process, and resident memory crept up with each higher pile even though the objects
left alive did not grow: +10% from 10 to 100 read-and-quiz cycles (docs/performance.md).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

from textual._styles_cache import StylesCache

IDLE_SECONDS = 0.5  # a pause in typing: people read, think, reach for a key
FULL_IDLE_SECONDS = 1.5  # a pause to read: long enough that the next key seldom meets a full collection
BACKSTOP = 100  # automatic full collection after this many middle ones (Python's default: 10)
YOUNG = 7000  # new objects before a young collection (Python's default: 700)


def _find_trim() -> Callable[[], object] | None:
    """glibc's `malloc_trim(0)`: free pages back to the system; None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return lambda: trim(0)


_trim: Callable[[], object] | None = None
_trim_looked_up = False


def release_freed_memory() -> None:
    """Give the allocator's free pages back (after a full collection, in a pause)."""
    global _trim, _trim_looked_up
    if not _trim_looked_up:  # looked up at the first pause, not at start-up
        _trim, _trim_looked_up = _find_trim(), True
    if _trim is not None:
        _trim()


class IdleCollector:
    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None
        self._last_input = time.monotonic()
        self._pending = False  # input since the last full collection
        self._young_pending = False  # input since the last collection of the young generations

    def start(self) -> None:
        """Freeze what start-up made and leave full collections to `tick`."""
        if self._thresholds is not None:
            return
        self._thresholds = gc.get_threshold()
        gc.collect()
        gc.freeze()
        _, middle, _ = self._thresholds
        gc.set_threshold(YOUNG, middle, BACKSTOP)

    def stop(self) -> None:
        """Back to Python's own collection (the app is closing, or a test ends)."""
        if self._thresholds is None:
            return
        gc.set_threshold(*self._thresholds)
        gc.unfreeze()
        self._thresholds = None

    def input_seen(self) -> None:
        self._last_input = time.monotonic()
        self._pending = self._young_pending = True

    def tick(self) -> None:
        """Called by a timer: after a pause that followed some input, collect the young
        generations; after a longer one, everything."""
        if self._thresholds is None or not self._pending:
            return
        paused = time.monotonic() - self._last_input
        if paused >= FULL_IDLE_SECONDS or (paused >= IDLE_SECONDS and gc.get_count()[2] >= BACKSTOP // 2):
            # (a short pause, but the automatic full collection is near: better now than in a key)
            self._pending = self._young_pending = False
            StylesCache.get_inner_outer.cache_clear()
            gc.collect()
            release_freed_memory()
        elif paused >= IDLE_SECONDS and self._young_pending:
            self._young_pending = False
            StylesCache.get_inner_outer.cache_clear()
            gc.collect(1)
