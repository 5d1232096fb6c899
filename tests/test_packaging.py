"""The wheel carries the course content and the app's stylesheets, not just the Python code.

The build uses this interpreter's setuptools (the test extra brings one new enough), so it
needs no network; it works on a copy of the project in tmp_path, so it never leaves build/ or
*.egg-info folders in the shared work tree.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

def expected_files() -> set[str]:
    """What the wheel must hold: the course file, every lesson and quiz, every stylesheet."""
    lessons = REPO / "lessons"
    wanted = {"course/lessons/course.toml"}
    wanted |= {f"course/lessons/{path.relative_to(lessons).as_posix()}"
               for pattern in ("*/lesson.md", "*/quiz.toml") for path in lessons.glob(pattern)}
    wanted |= {path.relative_to(REPO).as_posix() for path in (REPO / "course" / "tui").rglob("*.tcss")}
    return wanted


def can_build_offline() -> bool:
    """--no-build-isolation uses this interpreter's setuptools, which needs its own
    bdist_wheel (setuptools 70.1 and later) or the `wheel` package."""
    def has(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # the parent package is missing
            return False
    return has("setuptools") and (has("setuptools.command.bdist_wheel") or has("wheel"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    if not can_build_offline():
        pytest.skip("building a wheel offline needs setuptools>=70.1 or the 'wheel' package: pip install wheel")
    source = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache", "tests", "benchmarks"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "--wheel-dir", str(out), str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    [built] = out.glob("ketamine_course-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_holds_every_lesson_quiz_and_stylesheet(wheel: zipfile.ZipFile):
    wanted = expected_files()
    assert len([name for name in wanted if name.endswith("lesson.md")]) >= 1
    assert [name for name in wanted if name.endswith(".tcss")], "course/tui has no stylesheets?"
    missing = wanted - set(wheel.namelist())
    assert not missing, f"missing from the wheel: {sorted(missing)}"


def test_the_wheel_holds_the_python_packages_and_the_command(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    for module in ("course/__init__.py", "course/cli/__init__.py", "course/content/loader.py", "course/tui/app.py"):
        assert module in names
    [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    assert "ketamine-course = course.cli:main" in wheel.read(entry_points).decode()


def test_the_packaged_course_is_the_same_as_the_checkout(wheel: zipfile.ZipFile):
    for name in sorted(expected_files()):
        original = REPO / ("lessons" + name.removeprefix("course/lessons") if name.startswith("course/lessons/") else name)
        assert wheel.read(name) == original.read_bytes(), name
