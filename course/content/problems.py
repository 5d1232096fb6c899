"""An author's mistakes as `file:line: what is wrong: how to fix it`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem is about the whole path (a missing folder)
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class CourseError(Exception):
    """The course folder has problems; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path) -> str:
    """A path as the author would type it: relative to here when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if not relative.startswith("..") else str(path)


class Report:
    """Collects problems for one file."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.file = path
        self._problems = problems

    @property
    def path(self) -> str:
        return display_path(self.file)  # only when there is a problem: it asks the OS for the cwd

    def add(self, line: int, message: str) -> None:
        self._problems.append(Problem(self.path, line, message))

    def at(self, line: int) -> str:
        """This file and a line, as a message names a place in another file."""
        return f"{self.path}:{line}"
