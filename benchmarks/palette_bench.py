"""The command palette on courses of every size: from Ctrl+P to the list drawn, and from each
letter typed to the filtered list drawn, for a facilitator (the most commands: five for each
lesson). Budget: p95 under 100 ms on a 1,000-lesson course.

One app per course size, all running at once in the same event loop, so each round times every
size side by side (in a rotating order) and the growth from the smallest course to the largest
is a paired ratio. Keys are sent and timed as in `keys_bench` (`timed_press`: to the last
paint of the current screen). The query typed is "lesson 5": it matches lesson commands at
every letter, and from the third letter the palette also searches the lessons' text.

The first palette opened in a session also starts making the search index in a thread (on a
1,000-lesson course that takes seconds); its letters are timed apart, as "first use".

Most of a palette's time is Textual's own (its screen, its list, the dimmed screen beneath), the
same for every course; the course's part is timed on its own too: the palette's commands
(`CourseCommands.discover`, then `search` for each letter typed), called directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

from benchmarks import keys_bench
from benchmarks.keys_bench import PaintClock, settle, timed_press
from benchmarks.stats import Row, median, ms, paired_ratio, percentile

P95_BUDGET = 0.100  # seconds, on the largest course
QUERY = "lesson 5"


async def _start(stack: contextlib.AsyncExitStack, course):
    from course.progress.model import Progress
    from course.tui.app import CourseApp

    class InMemory:  # nothing is written: the palette is what is measured
        path = Path("/nonexistent/progress.toml")
        notices: list[str] = []
        read_only = False

        def __init__(self) -> None:
            self.data = Progress()
            self.data.add_learner("Jo", "facilitator")

        def save(self) -> bool:
            return True

    app = CourseApp(course, InMemory(), animations=False)
    pilot = await stack.enter_async_context(app.run_test(size=keys_bench.SIZE))
    await settle(pilot)
    return pilot


async def _cycle(pilot, clock: PaintClock, opened: list[float], typed: list[float]) -> None:
    opened.append((await timed_press(pilot, "ctrl+p", clock=clock))[0])
    if type(pilot.app.screen).__name__ != "CommandPalette":
        raise AssertionError("Ctrl+P did not open the command palette")
    for letter in QUERY:
        typed.append((await timed_press(pilot, "space" if letter == " " else letter, clock=clock))[0])
    await pilot.press("escape")
    await settle(pilot)


async def collect(courses: dict[int, object], rounds: int) -> dict[int, dict[str, list[float]]]:
    """Per course size: seconds to open, and to filter after each letter (first use apart)."""
    times = {size: {"open": [], "filter": [], "first open": [], "first letters": [], "commands": [], "search": []}
             for size in courses}
    async with contextlib.AsyncExitStack() as stack:
        pilots = {size: await _start(stack, course) for size, course in courses.items()}
        with PaintClock() as clock:
            for size, pilot in pilots.items():  # first use: the index starts being made
                await _cycle(pilot, clock, times[size]["first open"], times[size]["first letters"])
            for _wait in range(600):  # then let every index finish (untimed)
                if all(pilot.app.search_index.ready for pilot in pilots.values()):
                    break
                await asyncio.sleep(0.1)
            sizes = list(pilots)
            for round_number in range(rounds):
                shift = round_number % len(sizes)
                for size in sizes[shift:] + sizes[:shift]:
                    await _cycle(pilots[size], clock, times[size]["open"], times[size]["filter"])
                    await _commands(pilots[size].app, times[size]["commands"], times[size]["search"])
    return times


async def _commands(app, discovered: list[float], searched: list[float]) -> None:
    """The course's part alone: the commands listed when the palette opens, and each search."""
    from course.tui.commands import CourseCommands

    provider = CourseCommands(app.screen)
    began = time.perf_counter()
    [hit async for hit in provider.discover()]
    discovered.append(time.perf_counter() - began)
    for end in range(1, len(QUERY) + 1):
        began = time.perf_counter()
        [hit async for hit in provider.search(QUERY[:end])]
        searched.append(time.perf_counter() - began)


def rows_for(times: dict[int, dict[str, list[float]]]) -> list[Row]:
    rows = []
    largest, smallest = max(times), min(times)
    for size, series in sorted(times.items()):
        for name, label in (("open", "open the command palette (Ctrl+P)"), ("filter", f"type “{QUERY}”, a letter")):
            values = series[name]
            p95 = percentile(values, 0.95)
            budget = size == largest
            rows.append(Row("palette", f"{label}, {size} lessons",
                            f"p50 {ms(median(values))}, p95 {ms(p95)} ({len(values)} samples)",
                            f"p95 ≤ {P95_BUDGET * 1000:.0f} ms" if budget else "", p95 <= P95_BUDGET if budget else None))
        first = series["first open"] + series["first letters"]
        rows.append(Row("palette", f"the course's part: its commands, then a search a letter, {size} lessons",
                        f"commands p50 {ms(median(series['commands']))}; search p50 {ms(median(series['search']))}, "
                        f"p95 {ms(percentile(series['search'], 0.95))}"))
        rows.append(Row("palette", f"first use in a session, {size} lessons (the search index being made)",
                        f"open {ms(series['first open'][0])}; letters p50 {ms(median(series['first letters']))}, "
                        f"max {ms(max(first))}"))
    if largest != smallest:
        for name, label in (("open", "open"), ("filter", "a letter"), ("search", "the course's search")):
            ratio = paired_ratio(times[largest][name], times[smallest][name])
            rows.append(Row("palette", f"{label}: {largest} lessons against {smallest}, side by side",
                            f"×{ratio:.2f} (median of round-by-round ratios)"))
    return rows


def measure(courses: dict[int, Path], rounds: int) -> list[Row]:
    from course.content.loader import load_course

    loaded = {size: load_course(folder) for size, folder in courses.items()}
    return rows_for(asyncio.run(collect(loaded, rounds)))
