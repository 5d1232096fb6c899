"""A course that validated cleanly is trusted while its files are unchanged (course.content.cache).

Trusting must never hide a mistake: any edit, any file added or removed, and the course is
checked again with every problem reported exactly as `validate` reports it.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from course.content.cache import open_course, open_course_quickly
from course.content.loader import check_course
from course.content.model import values
from course.content.problems import display_path

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def course_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(FIXTURES / "valid", folder)
    return folder


def opened(folder: Path, cache: Path, language: str | None = None):
    course, problems = open_course(folder, language, cache_folder=cache)
    return course, problems, {type(module).__name__ for module in course.modules} if course else set()


def test_a_clean_course_comes_from_the_cache_the_second_time_the_same(course_folder, tmp_path):
    cache = tmp_path / "cache"
    first, problems, kinds = opened(course_folder, cache)
    assert problems == [] and kinds == {"Module"}  # checked
    second, problems, kinds = opened(course_folder, cache)
    assert problems == [] and kinds == {"CachedModule"}
    module = second.modules[0]
    with pytest.raises(AttributeError):
        object.__getattribute__(module, "sections")  # not read yet: only the front matter is
    assert module.has_quiz
    assert [values(m) for m in second.modules] == [values(m) for m in first.modules]  # sections and questions read now
    assert values(second) | {"modules": []} == values(first) | {"modules": []}
    assert second.module("going-home") is second.modules[1] and second.position(second.modules[1]) == 2


def test_an_edit_is_checked_again_and_its_mistake_reported_as_validate_does(course_folder, tmp_path):
    cache = tmp_path / "cache"
    opened(course_folder, cache)
    quiz = course_folder / "01-welcome" / "quiz.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('kind = "single"', 'kind = "one"', 1), encoding="utf-8")
    course, problems, _ = opened(course_folder, cache)
    assert course is None
    assert problems == check_course(course_folder)[1] and "'kind' is 'one'" in str(problems[0])
    assert str(problems[0]).startswith(f"{display_path(quiz)}:3: question 'arrive-early': ")


def test_a_folder_added_to_the_course_is_noticed(course_folder, tmp_path):
    cache = tmp_path / "cache"
    opened(course_folder, cache)
    (course_folder / "03-extra").mkdir()
    course, problems, _ = opened(course_folder, cache)
    assert course is None and "folder '03-extra' is not listed in 'modules'" in str(problems[0])


def test_a_fixed_course_is_cached_again_and_each_edition_apart(tmp_path):
    folder, cache = tmp_path / "sample", tmp_path / "cache"
    shutil.copytree(FIXTURES / "sample-zh", folder)
    english = opened(folder, cache)[0]
    chinese = opened(folder, cache, "zh-Hans")[0]
    again, _, kinds = opened(folder, cache, "zh-Hans")
    assert kinds == {"CachedModule"} and again.title == chinese.title != english.title
    assert opened(folder, cache)[0].title == english.title


def test_a_damaged_cache_is_ignored_and_written_again(course_folder, tmp_path):
    cache = tmp_path / "cache"
    opened(course_folder, cache)
    (kept,) = cache.iterdir()
    kept.write_bytes(kept.read_bytes()[:200])
    course, problems, kinds = opened(course_folder, cache)
    assert problems == [] and kinds == {"Module"}
    assert opened(course_folder, cache)[2] == {"CachedModule"}


def test_the_cache_is_private(course_folder, tmp_path):
    cache = tmp_path / "cache" / "courses"
    opened(course_folder, cache)
    (kept,) = cache.iterdir()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_cached_course_opens_without_pydantic(course_folder, tmp_path):
    cache = tmp_path / "cache"
    opened(course_folder, cache)
    script = ("import sys; from pathlib import Path; from course.content.cache import open_course; "
              f"course, problems = open_course(Path({str(course_folder)!r}), cache_folder=Path({str(cache)!r})); "
              "course.modules[0].questions; print(type(course.modules[0]).__name__, 'pydantic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["CachedModule", "False"]


# ---------------------------------------------------------------- the app's start: a quick look, the rest after


def quickly(folder: Path, cache: Path):
    course, problems, later = open_course_quickly(folder, cache_folder=cache)
    return course, problems, later, {type(module).__name__ for module in course.modules} if course else set()


def test_a_quick_open_trusts_the_cache_and_checks_every_file_after_the_first_screen(course_folder, tmp_path):
    cache = tmp_path / "cache"
    opened(course_folder, cache)
    course, problems, later, kinds = quickly(course_folder, cache)
    assert problems == [] and kinds == {"CachedModule"} and later is not None and later() is None  # nothing changed

    lesson = course_folder / "02-going-home" / "lesson.md"
    folder_time = lesson.parent.stat().st_mtime_ns
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Going home", "Going home safely", 1), encoding="utf-8")
    assert lesson.parent.stat().st_mtime_ns == folder_time  # an edit in place: the folder's time says nothing
    course, problems, later, kinds = quickly(course_folder, cache)
    assert kinds == {"CachedModule"} and course.modules[1].title == "Going home"  # the quick look trusts the cache
    assert later is not None and later() == []  # the rest of the check sees the edit; the course is clean
    again, _, kinds = opened(course_folder, cache)
    assert kinds == {"CachedModule"} and again.modules[1].title == "Going home safely"  # cached again, as edited


def test_a_broken_edit_found_after_the_first_screen_is_reported_as_validate_does(course_folder, tmp_path):
    cache = tmp_path / "cache"
    opened(course_folder, cache)
    quiz = course_folder / "01-welcome" / "quiz.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('kind = "single"', 'kind = "one"', 1), encoding="utf-8")
    course, problems, later, kinds = quickly(course_folder, cache)
    assert course is not None and later is not None
    assert later() == check_course(course_folder)[1] and str(check_course(course_folder)[1][0]).startswith(
        f"{display_path(quiz)}:3: ")
    assert opened(course_folder, cache)[0] is None  # and the next start checks it, as ever


def test_a_quick_open_checks_at_once_when_the_course_file_or_its_folders_change(course_folder, tmp_path):
    cache = tmp_path / "cache"
    opened(course_folder, cache)
    (course_folder / "03-extra").mkdir()
    course, problems, later, _ = quickly(course_folder, cache)
    assert course is None and later is None and "folder '03-extra' is not listed in 'modules'" in str(problems[0])
    (course_folder / "03-extra").rmdir()
    course_file = course_folder / "course.toml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("pass_mark = 80", "pass_mark = 90"),
                           encoding="utf-8")
    course, problems, later, kinds = quickly(course_folder, cache)
    assert kinds == {"Module"} and later is None and course.pass_mark == 90  # checked at once


async def test_the_app_reports_a_course_changed_under_it(tmp_path):
    import asyncio
    import random

    from test_tui_support import MemoryStore, fixture_course

    from course.progress.model import Progress
    from course.tui.app import CourseApp

    progress = Progress()
    progress.add_learner("Cy", "patient")
    problem = "lessons/01-welcome/quiz.toml:3: question 'arrive-early': 'kind' is 'one'"
    answers: list = [None, [], [problem]]
    app = CourseApp(fixture_course(), MemoryStore(progress), rng=random.Random(0), recheck_course=lambda: answers.pop(0))
    async with app.run_test(size=(100, 30)) as pilot:
        for _answer in range(3):
            await asyncio.to_thread(app._recheck)
            await pilot.pause()
        texts = [notice.text for notice in app.message_log.notices]
        assert len(texts) == 2, texts  # nothing said while the files are as they were
        assert texts[0].startswith("The course's files changed since it was last checked. Quit and start again")
        assert problem in texts[1] and "1 problem:" in texts[1] and "ketamine-course validate" in texts[1]
