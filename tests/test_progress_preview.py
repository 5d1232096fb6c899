"""The preview of the active learner (course.progress.preview): what the course map is drawn
from before the store opens. It must read exactly what the store reads, or nothing at all."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest
from test_tui_support import FIXTURE, SIZE, fixture_course

from course.content.cache import open_course
from course.learning.quiz import Drawn, note_miss, record_attempt
from course.progress import learners_folder
from course.progress.model import add_my_question, finish_lesson, open_section, set_note
from course.progress.preview import preview, view_of
from course.progress.store import ProgressStore, dumps
from course.progress.values import learner_file_name
from course.tui.app import CourseApp

T = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)


def busy_learner_saved(path):
    """A learner with something in every part of their file, saved by the store."""
    course = fixture_course()
    store = ProgressStore.open(path)
    learner_id = store.data.add_learner("Sam", "volunteer")
    learner = store.data.learners[learner_id]
    module = course.modules[0]
    open_section(learner, module.id, 1, seconds=40)
    finish_lesson(learner, module.id)
    drawn = [Drawn(module.id, question, tuple(range(len(question.options)))) for question in module.questions]
    record_attempt(learner, drawn, [{0} for _ in drawn], course.pass_mark, at=T)
    note_miss(learner, f"{module.id}/{module.questions[0].id}", at=T)
    add_my_question(learner, "Is it safe with my other medicines?", module.id)
    set_note(learner, module.id, "Ask about\nthe driving rule")
    learner.theme, learner.language, learner.assessed = "gruvbox", "es", True
    other = store.data.add_learner("Alex", "patient")
    store.data.active_learner = learner_id
    assert store.save()
    return learner_id, other


def test_the_preview_reads_what_the_store_reads(tmp_path):
    path = tmp_path / "progress.toml"
    learner_id, other = busy_learner_saved(path)
    seen = preview(path)
    assert seen is not None and seen.active_learner == learner_id and list(seen.learners) == [learner_id]
    store = ProgressStore.open(path, lazy=True)
    assert view_of(store.data.active) == seen.active
    assert seen.active.quizzes and seen.active.review and seen.active.questions and seen.active.notes


def edit_learner_file(path, learner_id, old: str, new: str) -> None:
    file = learners_folder(path) / learner_file_name(learner_id)
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new"), [
    ('name = "Sam"', 'name = "Sam\\u001b[2J"'),  # a control character: the model removes it
    ("created = 20", "created = 1979-05-27T07:32:00\nextra = 1\nupdated_x = 20"),  # an unknown field
    ('role = "volunteer"', 'role = "nurse"'),  # not a role
    ("seconds = 40", "seconds = 4000000000000"),  # beyond the range: the model saturates it
    ("seconds = 40", "seconds = 40.0"),  # a number of another kind
    ("best_score = 50", "best_score = 101"),  # not a percentage
    ("schema_version = 4", "schema_version = 3"),  # an older format: the store upgrades it
    ("schema_version = 4", "schema_version = 5"),  # a newer one: the store opens it read-only
    ("# end of ketamine-course progress", ""),  # cut short
])
def test_anything_the_store_would_change_or_explain_is_left_to_the_store(tmp_path, old, new):
    path = tmp_path / "progress.toml"
    learner_id, _other = busy_learner_saved(path)
    edit_learner_file(path, learner_id, old, new)
    assert preview(path) is None


def test_a_time_without_a_zone_a_link_or_a_missing_file_is_left_to_the_store(tmp_path):
    path = tmp_path / "progress.toml"
    learner_id, _other = busy_learner_saved(path)
    file = learners_folder(path) / learner_file_name(learner_id)
    text = file.read_text(encoding="utf-8")
    created = next(line for line in text.splitlines() if line.startswith("created = "))
    file.write_text(text.replace(created, created.rstrip("Z")), encoding="utf-8")
    assert preview(path) is None
    file.write_text(text, encoding="utf-8")
    assert preview(path) is not None
    moved = tmp_path / "elsewhere.toml"
    path.rename(moved)
    path.symlink_to(moved)
    assert preview(path) is None
    path.unlink()
    assert preview(path) is None


async def test_the_map_drawn_from_the_preview_then_the_store_and_nothing_lost(tmp_path):
    path = tmp_path / "progress.toml"
    learner_id, _other = busy_learner_saved(path)
    seen = preview(path)
    app = CourseApp(fixture_course(), None, open_store=lambda: ProgressStore.open(path, lazy=True), progress_path=path,
                    preview=seen)
    async with app.run_test(size=SIZE) as pilot:
        assert type(app.screen).__name__ == "MapScreen"
        await pilot.pause()
        assert app.store_opened and app.learner is app.store.data.active is not None
        assert app.learner is not seen.active
        await pilot.press("c")  # continue: a lesson, a page turn that is saved
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        await pilot.press("ctrl+q")
    app.flush_saves()
    again = ProgressStore.open(path, lazy=True)
    assert again.data.active_learner == learner_id
    assert view_of(again.data.active) != seen.active  # the page turn was saved into the learner's file
    assert again.data.active.questions[0].text == "Is it safe with my other medicines?"


async def test_a_learner_changed_between_the_preview_and_the_store_is_shown_as_the_store_reads_it(tmp_path):
    path = tmp_path / "progress.toml"
    learner_id, _other = busy_learner_saved(path)
    seen = preview(path)
    edit_learner_file(path, learner_id, 'name = "Sam"', 'name = "Samantha"')  # another copy saved meanwhile
    app = CourseApp(fixture_course(), None, open_store=lambda: ProgressStore.open(path, lazy=True), progress_path=path,
                    preview=seen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.learner.name == "Samantha"
        assert "Samantha" in str(app.screen.query_one("#map-overall").render())


def test_a_file_of_several_learners_in_the_earlier_layout_is_previewed_too(tmp_path):
    path = tmp_path / "progress.toml"
    learner_id, other = busy_learner_saved(tmp_path / "saved" / "progress.toml")
    whole = ProgressStore.open(tmp_path / "saved" / "progress.toml").data
    path.write_text(dumps(whole), encoding="utf-8")
    seen = preview(path)
    assert seen is not None and seen.active_learner == learner_id and set(seen.learners) == {learner_id, other}
    assert view_of(ProgressStore.open(path, lazy=True).data.active) == seen.active
    path.write_text(dumps(whole).replace('name = "Alex"', 'name = "Alex\\u0007"'), encoding="utf-8")
    assert preview(path) is None  # another learner the store would change: the store reads it


def test_the_map_is_drawn_without_pydantic_then_the_store_opens(tmp_path):
    """In a fresh interpreter, as `ketamine-course` starts for a returning learner."""
    path = tmp_path / "progress.toml"
    busy_learner_saved(path)
    cache = tmp_path / "cache"
    open_course(FIXTURE, cache_folder=cache)  # validated once (with pydantic), then read from the cache
    script = textwrap.dedent("""
        import asyncio, json, sys
        from pathlib import Path
        from course.content.cache import open_course
        from course.progress.preview import preview
        from course.tui.app import CourseApp
        from course.tui.screens.course_map import MapScreen

        seen = {}
        mounted = MapScreen.on_mount

        def on_mount(self):
            result = mounted(self)  # composed and mounted, about to be drawn
            seen.update({name: name in sys.modules for name in ("pydantic", "course.progress.model", "babel.numbers")})
            return result

        MapScreen.on_mount = on_mount

        def open_store():
            from course.progress.store import ProgressStore
            return ProgressStore.open(Path(sys.argv[1]), lazy=True)

        async def main():
            course, _problems = open_course(Path(sys.argv[2]), cache_folder=Path(sys.argv[3]))
            app = CourseApp(course, None, open_store=open_store, progress_path=Path(sys.argv[1]),
                            preview=preview(Path(sys.argv[1])))
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                seen["opened"] = app.store_opened
        asyncio.run(main())
        print(json.dumps(seen))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(path), str(FIXTURE), str(cache)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"pydantic": False, "course.progress.model": False,
                                                        "babel.numbers": False, "opened": True}


def test_whole_numbers_below_a_thousand_are_written_as_babel_writes_them():
    """format_number skips Babel's locale data for them (the map's percentages) where that is the same."""
    from babel.numbers import format_decimal

    from course import i18n

    before = i18n.current_language()
    try:
        for language in sorted(i18n.PLAIN_DIGITS):
            i18n.use_language(language)
            written = [i18n.format_number(n) for n in (*range(1000), 1000, 12345, 2.5)]
            babel = [format_decimal(n, locale=i18n._locale()) for n in (*range(1000), 1000, 12345, 2.5)]
            assert written == babel, language
    finally:
        i18n.use_language(before)
