"""The progress store with a large file: 50 learners, each with a full history.

Each save follows a small change to the active learner, as in the app; saves and loads
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
    from course.progress import open_section
    from course.progress_store import ProgressStore

    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "progress.toml"
    store = ProgressStore.open(path)
    store.data = make_progress(learners=learners)
    if not store.save():
        raise AssertionError(f"could not save the large progress file: {store.notices}")
    size = path.stat().st_size
    copy = workdir / "copy.toml"
    saves, loads, snapshots = [], [], []
    try:
        for sample in range(samples):
            learner = store.data.active
            open_section(learner, "module-1", sample % 7)
            began = time.perf_counter()
            store.data.model_copy(deep=True)  # what the app does before handing a save to its thread
            snapshots.append(time.perf_counter() - began)
            began = time.perf_counter()
            if not store.save():
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
        Row("progress", "app's snapshot before a save (deep copy)",
            f"p50 {ms(median(snapshots))}, p95 {ms(percentile(snapshots, 0.95))}"),
    ]
