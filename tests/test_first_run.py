"""The first run (no progress file yet): the welcome is drawn before the progress is opened.

Opening the progress imports pydantic and the progress models (about a third of a cold
start); the welcome needs neither, so the app opens the store right after the welcome is
up (docs/performance.md, Cold start). These tests check that it still behaves as before:
the learner who starts is saved, and a problem with the progress file is still told.
No timings here: the benchmark measures them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from test_tui_support import FIXTURE, SIZE, fixture_course, start_as

from course.content.cache import open_course
from course.progress.store import ProgressStore
from course.tui.app import CourseApp, first_run

REPO = Path(__file__).resolve().parent.parent


def first_run_app(path: Path) -> CourseApp:
    return CourseApp(fixture_course(), None, open_store=lambda: ProgressStore.open(path, lazy=True), progress_path=path)


def test_only_a_missing_file_and_folder_is_a_first_run(tmp_path):
    path = tmp_path / "progress.toml"
    assert first_run(path)
    (tmp_path / "progress-learners").mkdir()  # learners' files without their index: the store adopts them
    assert not first_run(path)
    (tmp_path / "progress-learners").rmdir()
    path.symlink_to(tmp_path / "elsewhere.toml")  # a link to a file not made yet: the store follows it
    assert not first_run(path)


async def test_the_welcome_comes_first_and_the_learner_who_starts_is_saved(tmp_path):
    path = tmp_path / "progress.toml"
    app = first_run_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert type(app.screen).__name__ == "WelcomeScreen"
        await pilot.pause()
        assert app.store_opened  # right after the welcome was drawn
        assert str(path.name) in " ".join(str(label.render()) for label in app.screen.query("#welcome-where"))
        await start_as(pilot, role_index=1, name="Sam")
        assert type(app.screen).__name__ == "MapScreen"
        await pilot.press("ctrl+q")
    app.flush_saves()
    again = ProgressStore.open(path)
    assert [learner.name for learner in again.data.learners.values()] == ["Sam"]


async def test_a_problem_found_when_the_progress_opens_is_still_told(tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the progress folder should be", encoding="utf-8")
    path = folder / "progress.toml"
    app = first_run_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.store_opened and app.store.notices
        assert app.notices_shown == len(app.store.notices)  # shown on screen, as at any start


async def test_a_first_run_that_ends_at_once_saves_nothing_and_opens_nothing(tmp_path):
    path = tmp_path / "progress.toml"
    app = first_run_app(path)
    app.flush_saves()  # as run_app does after the app, here without it ever running
    assert not app.store_opened and not path.exists()


def test_the_welcome_is_drawn_without_pydantic_nor_markdown_it(tmp_path):
    """In a fresh interpreter, as `ketamine-course` starts: what is imported when the welcome mounts."""
    script = textwrap.dedent("""
        import asyncio, json, sys
        from pathlib import Path
        from course.content.cache import open_course
        from course.tui.app import CourseApp
        from course.tui.screens.welcome import WelcomeScreen

        seen = {}
        mounted = WelcomeScreen.on_mount

        def on_mount(self):
            result = mounted(self)  # composed and mounted, about to be drawn
            seen.update({name: name in sys.modules for name in ("pydantic", "course.progress.model", "markdown_it")})
            return result

        WelcomeScreen.on_mount = on_mount

        def open_store():
            from course.progress.store import ProgressStore
            return ProgressStore.open(Path(sys.argv[1]), lazy=True)

        async def main():
            course, _problems = open_course(Path(sys.argv[2]), cache_folder=Path(sys.argv[3]))
            app = CourseApp(course, None, open_store=open_store, progress_path=Path(sys.argv[1]))
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                seen["opened"] = app.store_opened
        asyncio.run(main())
        print(json.dumps(seen))
    """)
    cache = tmp_path / "cache"
    open_course(FIXTURE, cache_folder=cache)  # validated once (with pydantic), then read from the cache
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "progress.toml"), str(FIXTURE), str(cache)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"pydantic": False, "course.progress.model": False,
                                                        "markdown_it": False, "opened": True}


def test_run_app_on_a_first_run_opens_no_store_and_reads_no_preview(tmp_path):
    """`run_app` as `ketamine-course` calls it, the app's run replaced: what it loads first."""
    cache = tmp_path / "cache"
    open_course(FIXTURE, cache_folder=cache)
    script = textwrap.dedent("""
        import argparse, json, sys
        from pathlib import Path
        from course.content.cache import open_course
        from course.tui import app as app_module

        seen = {}

        def run(self, *args, **kwargs):
            seen.update({name: name in sys.modules for name in ("pydantic", "course.progress.preview")})
            seen["opened"] = self.store_opened

        app_module.CourseApp.run = run
        course, _problems = open_course(Path(sys.argv[2]), cache_folder=Path(sys.argv[3]))
        app_module.run_app(course, argparse.Namespace(progress=sys.argv[1], lessons=sys.argv[2]))
        print(json.dumps(seen))
    """)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "progress.toml"), str(FIXTURE), str(cache)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"pydantic": False, "course.progress.preview": False,
                                                        "opened": False}
    assert not (tmp_path / "progress.toml").exists()
