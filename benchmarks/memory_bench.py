"""Memory over a session: resident memory after 10 and after 100 cycles of reading and quizzing.

Each cycle is what a learner does with a module: open it from the course map, turn two pages,
go back, take its quiz, answer two questions, leave. After each cycle the learner pauses
(THINK_SECONDS), as people do, so the app's idle garbage collection runs as it would;
before each sample the pause is long enough for it to have run. The app
runs headless under Pilot in a fresh interpreter (`python -m benchmarks.memory_bench
CYCLES`), so nothing of the harness or another benchmark is counted; resident memory is
VmRSS from /proc. Memory is sampled every ten cycles; the
budget compares the last sample with the first. If memory keeps growing, `--objects` lists
the kinds of objects that accumulated between samples, and `--trace` the lines that
allocated what grew (tracemalloc; slow): how the leaks fixed so far were found.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.stats import Row

GROWTH_BUDGET = 0.10  # resident memory after the last cycle at most 10% above that after the first sample
SAMPLE_AT = 10
THINK_SECONDS = 0.6
SAMPLE_PAUSE = 2.0  # before a sample: longer than the app's pause before a full collection (1.5 s) plus a tick
CYCLE_KEYS = ("enter", "right", "right", "escape", "q", "1", "enter", "2", "escape", "down", "enter")  # leave, discarding


def resident_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def object_counts() -> collections.Counter:
    """Objects by kind; widgets also by whether they are still in the app."""
    from textual.widget import Widget

    gc.collect()
    counts = collections.Counter()
    for thing in gc.get_objects():
        kind = type(thing).__qualname__
        if isinstance(thing, Widget):
            kind += " (widget)" if thing.is_attached else " (widget, removed)"
        counts[kind] += 1
    return counts


async def cycles(count: int, progress_path: Path, objects: bool = False) -> dict:
    from benchmarks.keys_bench import SIZE, key_event, settle
    from course.content.loader import load_course
    from course.paths import default_lessons_dir
    from course.progress.store import ProgressStore
    from course.tui.app import CourseApp

    course = load_course(default_lessons_dir())
    app = CourseApp(course, ProgressStore.open(progress_path), animations=False)
    samples: dict[int, int] = {}
    first = min(SAMPLE_AT, max(1, count // 2))  # 10, or fewer in a short trial run
    counts = None
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        modules = len(course.modules)
        for cycle in range(1, count + 1):
            for key in ("home" if cycle % modules == 1 else "down", *CYCLE_KEYS):
                app._driver.send_message(key_event(key))
                await settle(pilot)
            await app.workers.wait_for_complete()
            if type(app.screen).__name__ != "MapScreen":
                raise AssertionError(f"cycle {cycle} ended on {type(app.screen).__name__}, not the course map")
            await asyncio.sleep(THINK_SECONDS)
            if cycle in (first, count) or cycle % SAMPLE_AT == 0:
                await asyncio.sleep(SAMPLE_PAUSE)  # the app's idle collection has run: what is left is kept
                samples[cycle] = resident_kib()
                if objects == "trace":
                    import tracemalloc
                    if counts is None:
                        tracemalloc.start(3)
                        counts = tracemalloc.take_snapshot()
                    else:
                        for stat in tracemalloc.take_snapshot().compare_to(counts, "traceback")[:12]:
                            print(stat, *stat.traceback.format()[-6:], sep="\n  ", file=sys.stderr)
                elif objects:
                    now = object_counts()
                    if counts is not None:
                        grown = (now - counts).most_common(40)
                        print("\n".join(f"{n:8d} {kind}" for kind, n in grown), file=sys.stderr)
                    counts = now
    app.flush_saves()
    return samples


def measure(count: int = 100) -> list[Row]:
    """Run the cycles in a fresh interpreter and compare the first sample with the last."""
    with tempfile.TemporaryDirectory(prefix="ketamine-bench-memory-") as folder:
        result = subprocess.run([sys.executable, "-m", "benchmarks.memory_bench", str(count), folder],
                                capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if result.returncode:
        raise RuntimeError(f"the memory benchmark failed:\n{result.stderr[-3000:]}")
    samples = {int(cycle): kib for cycle, kib in json.loads(result.stdout).items()}
    first, last = samples[min(samples)], samples[max(samples)]
    growth = last / first - 1
    per_cycle = (last - first) / max(1, max(samples) - min(samples))
    return [Row("memory", f"resident memory over a session ({min(samples)} → {max(samples)} read-and-quiz cycles)",
                f"{first / 1024:.1f} MiB → {last / 1024:.1f} MiB ({growth:+.1%}; {per_cycle:+.0f} KiB a cycle)",
                f"≤ +{GROWTH_BUDGET:.0%}", growth <= GROWTH_BUDGET)]


def main(argv: list[str]) -> int:
    from benchmarks.synthetic import make_returning_learner_progress, write_progress

    count, folder = int(argv[0]), Path(argv[1])
    progress = write_progress(make_returning_learner_progress(), folder / "progress.toml")
    samples = asyncio.run(cycles(count, progress, objects="trace" if "--trace" in argv else "--objects" in argv))
    print(json.dumps(samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
