"""The idle collector: full collections only in pauses after input, and Python's own
collection restored when the app stops."""

from __future__ import annotations

import gc

from course.tui import collector
from course.tui.collector import BACKSTOP, IdleCollector


def test_start_freezes_and_stop_restores():
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    idle = IdleCollector()
    idle.start()
    try:
        assert gc.get_threshold()[2] == BACKSTOP
        assert gc.get_freeze_count() > frozen_before
    finally:
        idle.stop()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() <= frozen_before


def test_full_collections_wait_for_a_pause_after_input(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    collections = []
    monkeypatch.setattr(collector.gc, "collect", lambda *args: collections.append(args) or 0)
    idle = IdleCollector()
    idle.start()
    try:
        collections.clear()
        idle.tick()
        assert collections == []  # no input yet: nothing to collect
        idle.input_seen()
        clock[0] += collector.IDLE_SECONDS / 2
        idle.tick()
        assert collections == []  # still typing
        clock[0] += collector.IDLE_SECONDS
        idle.tick()
        idle.tick()
        assert len(collections) == 1  # one collection per pause
    finally:
        idle.stop()
