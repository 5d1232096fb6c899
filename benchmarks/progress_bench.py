"""The progress store with a large file: 50 learners, each with a full history.

Each save follows a small change to the active learner and goes the way the app's does: a
snapshot on the UI thread, then `store.save()` (on the app's save thread). Saves and loads
alternate so both see the same machine conditions.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from benchmarks.stats import Row, median, ms, percentile
from benchmarks.synthetic import make_progress

SAVE_P95_BUDGET = 0.020  # seconds


def _close(store) -> None:
    close = getattr(store, "close", None)  # a store that holds a lock releases it here
    if callable(close):
        close()


def measure(workdir: Path, samples: int, learners: int = 50) -> list[Row]:
    from course.progress.model import open_section
    from course.progress.store import ProgressStore
    from course.tui.snapshots import Snapshots

    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "progress.toml"
    live = make_progress(learners=learners)  # the app's own copy, which it keeps changing
    snapshots = Snapshots()
    store = ProgressStore.open(path)
    store.data = snapshots.take(live)
    if not store.save():
        raise AssertionError(f"could not save the large progress file: {store.notices}")
    size = path.stat().st_size
    copy = workdir / "copy.toml"
    saves, loads, snapshot_times = [], [], []
    try:
        for sample in range(samples):
            open_section(live.active, "module-1", sample % 7)  # a page turn, as in the app
            began = time.perf_counter()
            store.data = snapshots.take(live)  # on the app's UI thread
            snapshot_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            if not store.save():  # on the app's save thread
                raise AssertionError(f"save failed: {store.notices}")
            saves.append(time.perf_counter() - began)
            shutil.copyfile(path, copy)
            began = time.perf_counter()
            loaded = ProgressStore.open(copy)
            loads.append(time.perf_counter() - began)
            _close(loaded)
            if len(loaded.data.learners) != learners:
                raise AssertionError(f"the file read back has {len(loaded.data.learners)} learners")
    finally:
        _close(store)
    label = f"{learners} learners, full history"
    return [
        Row("progress", f"file size, {label}", f"{size / 1024:.0f} KiB"),
        Row("progress", "save (store.save)", f"p50 {ms(median(saves))}, p95 {ms(percentile(saves, 0.95))}",
            f"p95 ≤ {SAVE_P95_BUDGET * 1000:.0f} ms", percentile(saves, 0.95) <= SAVE_P95_BUDGET),
        Row("progress", "load (ProgressStore.open)", f"p50 {ms(median(loads))}, p95 {ms(percentile(loads, 0.95))}"),
        Row("progress", "app's snapshot before a save (UI thread)",
            f"p50 {ms(median(snapshot_times))}, p95 {ms(percentile(snapshot_times, 0.95))}"),
    ]
