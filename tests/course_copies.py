"""Test helpers for the loader's tests: a fixture course copied to change, one exact edit at a
time, and the problems it then has as an author reads them (`file:line: message`).

Each broken case is a valid fixture with one small text edit, so a test shows the author's
mistake next to the exact message it must produce. The copy is at ./course (the current folder
is the test's tmp_path), so the paths in the messages read `course/...` on every machine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.content.loader import check_course

FIXTURES = Path(__file__).parent / "fixtures"


def copy_here(fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of `fixture` at ./course, the current folder being tmp_path."""
    shutil.copytree(fixture, tmp_path / "course")
    monkeypatch.chdir(tmp_path)
    return Path("course")


def course_fixture(fixture: Path):
    """A `course` fixture for a test module: a fresh copy of `fixture` at ./course for each test."""

    @pytest.fixture(name="course")
    def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        return copy_here(fixture, tmp_path, monkeypatch)

    return course


def edit(folder: Path, file: str, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once, so the edit is unambiguous) with `new`."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(folder: Path, **how) -> list[str]:
    """Check the course (check_course's keywords: language, every_edition), which must fail,
    and return its problems as printed."""
    loaded, found = check_course(folder, **how)
    assert loaded is None, "a course with problems must not load"
    assert found, "a course that does not load must say why"
    return [str(problem) for problem in found]
