"""The idle collector: full collections only in pauses after input, and Python's own
collection restored when the app stops."""

from __future__ import annotations

import gc

import pytest

from course.tui import collector
from course.tui.collector import BACKSTOP, YOUNG, IdleCollector


@pytest.fixture
def watched(monkeypatch):
    """A started collector on a clock the test moves, with its collections recorded (args of
    each gc.collect call) instead of run; stopped at the end."""
    clock = [100.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    collections: list[tuple] = []
    monkeypatch.setattr(collector.gc, "collect", lambda *args: collections.append(args) or 0)
    idle = IdleCollector()
    idle.start()
    collections.clear()
    yield clock, collections, idle
    idle.stop()


def test_start_freezes_and_stop_restores():
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    idle = IdleCollector()
    idle.start()
    try:
        assert gc.get_threshold()[0] == YOUNG  # keys seldom meet a young collection
        assert gc.get_threshold()[2] == BACKSTOP
        assert gc.get_freeze_count() > frozen_before
    finally:
        idle.stop()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() <= frozen_before


def test_full_collections_wait_for_a_pause_after_input(watched):
    clock, collections, idle = watched
    idle.tick()
    assert collections == []  # no input yet: nothing to collect
    idle.input_seen()
    clock[0] += collector.IDLE_SECONDS / 2
    idle.tick()
    assert collections == []  # still typing
    clock[0] = 100.0 + collector.FULL_IDLE_SECONDS + 1
    idle.tick()
    idle.tick()
    assert collections == [()]  # one full collection per pause


def test_a_short_pause_collects_only_the_young_generations(watched):
    """A full collection 0.5 s after a key landed inside the next key of anyone pressing keys
    0.5-0.6 s apart: then only the young generations (milliseconds) are collected, the full
    collection waits for a longer pause, and a key in between puts it off again."""
    clock, collections, idle = watched
    for _ in range(3):  # a key every 0.6 s, the collector's timer ticking between
        idle.input_seen()
        clock[0] += 0.6
        idle.tick()
        idle.tick()
    assert collections == [(1,)] * 3, "a short pause: the young generations, once"
    clock[0] += collector.FULL_IDLE_SECONDS
    idle.tick()
    assert collections[-1] == (), "the longer pause: everything"


def test_a_short_pause_collects_fully_when_pythons_own_full_collection_is_near(watched, monkeypatch):
    """Someone who never pauses long: the full collection comes in a short pause before
    Python's automatic one (after BACKSTOP young ones) would come inside a key."""
    clock, collections, idle = watched
    monkeypatch.setattr(collector.gc, "get_count", lambda: (0, 0, BACKSTOP // 2))
    idle.input_seen()
    clock[0] += collector.IDLE_SECONDS
    idle.tick()
    assert collections == [()]


def test_freed_pages_go_back_after_a_full_collection_only(watched, monkeypatch):
    """Garbage of several lessons is freed at once by a full collection; its pages go back to the
    system then (malloc_trim), not after the young collections of short pauses."""
    clock, collections, idle = watched
    monkeypatch.setattr(collector, "release_freed_memory", lambda: collections.append(("release",)))
    idle.input_seen()
    clock[0] += 0.6
    idle.tick()
    assert collections == [(1,)]
    clock[0] += collector.FULL_IDLE_SECONDS
    idle.tick()
    assert collections[1:] == [(), ("release",)]


def test_releasing_freed_memory_is_harmless_anywhere():
    collector.release_freed_memory()
    collector.release_freed_memory()
