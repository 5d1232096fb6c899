"""How loading and validating content scales: synthetic courses of 10, 100 and 1,000 lessons.

The timing is in-process (modules already imported) so it measures the loader's own work;
cold start with each course is measured by the start-up benchmark, side by side with the
real course.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.stats import Row, interleaved, median, ms, percentile
from benchmarks.synthetic import make_course

VALIDATE_BUDGET = 1.0  # seconds, for the largest course


def make_courses(sizes: Sequence[int], root: Path) -> dict[int, Path]:
    return {size: make_course(size, root / f"course-{size}") for size in sizes}


def time_validation(folder: Path) -> float:
    from course.content.loader import check_course

    began = time.perf_counter()
    course, problems = check_course(folder)
    seconds = time.perf_counter() - began
    if course is None:
        raise AssertionError(f"the synthetic course in {folder} is not valid: {problems[:3]}")
    return seconds


def measure(courses: dict[int, Path], runs: int) -> list[Row]:
    import course.content.loader  # noqa: F401  # imported before timing: the import is start-up's cost

    samples = interleaved(runs, list(courses), lambda size: time_validation(courses[size]))
    largest = max(courses)
    rows = []
    for size in sorted(courses):
        times = samples[size]
        per_lesson = median(times) / size
        result = f"median {ms(median(times))}, p95 {ms(percentile(times, 0.95))} ({per_lesson * 1000:.2f} ms a lesson)"
        budget, ok = ("", None)
        if size == largest:
            budget, ok = f"< {VALIDATE_BUDGET:.0f} s", median(times) < VALIDATE_BUDGET
        rows.append(Row("content", f"load + validate, {size} lessons", result, budget, ok))
    rows.append(growth_row("load + validate", {size: median(samples[size]) for size in courses}))
    return rows


def growth_row(what: str, medians: dict[int, float]) -> Row:
    """How the cost grows: the ratio between consecutive sizes (10× more lessons → N× the time)."""
    sizes = sorted(medians)
    steps = [f"{small}→{large}: ×{medians[large] / medians[small]:.1f}" for small, large in zip(sizes, sizes[1:])]
    return Row("content", f"{what}: growth", ", ".join(steps) or "n/a")
