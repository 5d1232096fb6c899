"""Small statistics and the results table shared by every benchmark.

The machines are shared and noisy, so no single timing means anything: every figure is a
median (or p95) over repeated runs, and every comparison is a ratio of runs taken side by
side, round by round, in the same process.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile (0.95 for p95), interpolated between the nearest samples."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def paired_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of round-by-round ratios: each pair was measured side by side, so a noisy
    moment on the machine slows both and cancels out."""
    return median([n / d for n, d in zip(numerators, denominators)])


def interleaved(rounds: int, subjects: Sequence[T], measure: Callable[[T], R]) -> dict[T, list[R]]:
    """Measure every subject once per round, rotating the order each round so none is always
    first (first after a pause) or last; returns the samples of each subject in round order."""
    samples: dict[T, list[R]] = {subject: [] for subject in subjects}
    for round_number in range(rounds):
        shift = round_number % len(subjects)
        for subject in [*subjects[shift:], *subjects[:shift]]:
            samples[subject].append(measure(subject))
    return samples


@dataclass
class Row:
    """One line of the results table. `ok` is None when the row has no budget."""

    group: str
    measure: str
    result: str
    budget: str = ""
    ok: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "**MISS**", None: ""}[self.ok]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.0995 else f"{seconds * 1000:.1f} ms"


def markdown_table(rows: Iterable[Row]) -> str:
    lines = ["| group | measure | result | budget | verdict |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        cells = [row.group, row.measure, row.result, row.budget, row.verdict]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)
