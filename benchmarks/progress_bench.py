"""The progress store with a group's progress: 200 learners, each with a full history, kept
as the store keeps it (an index and one file per learner).

Three copies of the course have the same progress open, as the app opens it (the index and
the active learner): A and C are the same learner (one person's two windows), B another
learner (a shared group machine). Each sample is a page turn in each, saved the app's way
(a snapshot on the UI thread, then `store.save()`, which the app runs on a thread):

- A saves right after its own last save: nobody else wrote in between;
- B saves right after A saved: another copy saved another learner (every save at a group
  machine where several people learn);
- A saves again right after C saved the same learner: the store reads C's file and merges.

Opening is timed too, the app's way and whole (`load_all`, as an export or report reads it),
with the group and with the same learner alone.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.stats import Row, median, ms, percentile
from benchmarks.synthetic import group_progress, progress_bytes

SAVE_P95_BUDGET = 0.020  # seconds: a save with nobody else writing
AFTER_OTHER_P95_BUDGET = 0.030  # seconds: a save right after another copy saved


def _close(store) -> None:
    close = getattr(store, "close", None)  # a store that holds a lock releases it here
    if callable(close):
        close()


class Copy:
    """One copy of the course: its store, opened as the app opens it, on `learner_id`."""

    def __init__(self, path: Path, learner_id: str | None = None) -> None:
        from course.progress.store import ProgressStore
        from course.tui.snapshots import Snapshots

        self.store = ProgressStore.open(path, lazy=True)
        if learner_id is not None:
            self.store.load_learner(learner_id)
            self.store.data.active_learner = learner_id
        self.live = self.store.data  # the app's own copy, which it keeps changing
        self.snapshots = Snapshots()
        self.turns = 0

    def page_turn_and_save(self) -> tuple[float, float]:
        """Seconds for the snapshot (UI thread) and for the save."""
        from course.progress.model import open_section

        self.turns += 1
        open_section(self.live.active, "module-1", self.turns % 7)
        began = time.perf_counter()
        self.store.data = self.snapshots.take(self.live)
        snapshot = time.perf_counter() - began
        began = time.perf_counter()
        if not self.store.save():
            raise AssertionError(f"save failed: {self.store.notices}")
        return snapshot, time.perf_counter() - began


def _time_open(path: Path, whole: bool) -> float:
    from course.progress.store import ProgressStore

    began = time.perf_counter()
    store = ProgressStore.open(path, lazy=not whole)
    if whole:
        store.load_all()
    seconds = time.perf_counter() - began
    _close(store)
    return seconds


def _p(values: list[float]) -> str:
    return f"p50 {ms(median(values))}, p95 {ms(percentile(values, 0.95))}"


def measure(workdir: Path, samples: int, learners: int = 200) -> list[Row]:
    workdir.mkdir(parents=True, exist_ok=True)
    path = group_progress(workdir / "group" / "progress.toml", learners)
    alone = group_progress(workdir / "alone" / "progress.toml", learners, keep=1)
    index_bytes, learner_bytes = progress_bytes(path)
    a = Copy(path)
    others = [learner_id for learner_id in a.store.roster if learner_id != a.live.active_learner]
    b, c = Copy(path, others[0] if others else None), Copy(path)
    alone_copy = Copy(alone)
    plain, after_other, after_same, snapshots, alone_saves = [], [], [], [], []
    opens = {"group, the app's way": [], "alone, the app's way": [], "group, whole": []}
    try:
        for _ in range(samples):
            snapshot, seconds = a.page_turn_and_save()
            snapshots.append(snapshot)
            plain.append(seconds)
            if others:
                after_other.append(b.page_turn_and_save()[1])
            c.page_turn_and_save()
            after_same.append(a.page_turn_and_save()[1])
            alone_saves.append(alone_copy.page_turn_and_save()[1])
            opens["group, the app's way"].append(_time_open(path, whole=False))
            opens["alone, the app's way"].append(_time_open(alone, whole=False))
        for _ in range(max(1, samples // 10)):  # seconds each: a few are enough
            opens["group, whole"].append(_time_open(path, whole=True))
    finally:
        for copy in (a, b, c, alone_copy):
            _close(copy.store)
    label = f"{learners} learners, full histories"
    group, one = opens["group, the app's way"], opens["alone, the app's way"]
    rows = [
        Row("progress", f"files on disk, {label}",
            f"index {index_bytes / 1024:.0f} KiB; learners' files {learner_bytes / 1024:.0f} KiB in all, "
            f"{learner_bytes / max(1, learners) / 1024:.0f} KiB each"),
        Row("progress", "save (store.save), nobody else saving", _p(plain),
            f"p95 ≤ {SAVE_P95_BUDGET * 1000:.0f} ms", percentile(plain, 0.95) <= SAVE_P95_BUDGET),
        Row("progress", "save (store.save), the same learner alone", _p(alone_saves)),
    ]
    if after_other:
        rows.append(Row("progress", "save right after another copy saved (another learner)", _p(after_other),
                        f"p95 ≤ {AFTER_OTHER_P95_BUDGET * 1000:.0f} ms",
                        percentile(after_other, 0.95) <= AFTER_OTHER_P95_BUDGET))
    rows += [
        Row("progress", "save right after another copy saved the same learner (read and merge)", _p(after_same),
            f"p95 ≤ {AFTER_OTHER_P95_BUDGET * 1000:.0f} ms", percentile(after_same, 0.95) <= AFTER_OTHER_P95_BUDGET),
        Row("progress", "open the app's way (the index and the active learner)",
            f"{label}: {_p(group)}; the same learner alone: {_p(one)}; "
            f"×{median([g / o for g, o in zip(group, one)]):.2f} side by side"),
        Row("progress", "open whole (every learner: export, report)",
            f"{label}: {_p(opens['group, whole'])} ({len(opens['group, whole'])} samples)"),
        Row("progress", "app's snapshot before a save (UI thread)", _p(snapshots)),
    ]
    return rows
