"""Choosing the language in the app (issue 13): the course's editions, the learner's saved
choice, the command palette, and --lang winning over a saved choice.

The sample course (tests/fixtures/sample-zh) has an English and a Chinese edition.
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

import pytest
from test_tui_support import SIZE, MemoryStore

from course.content.loader import load_course
from course.i18n import current_language, use_language
from course.progress.model import Progress

SAMPLE = Path(__file__).parent / "fixtures" / "sample-zh"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")  # the language is the process's: leave it as the other tests expect


def make_app(language: str = "en", saved: str | None = None, asked: bool = False):
    from course.tui.app import CourseApp

    progress = Progress()
    progress.add_learner("Mai", "patient")
    progress.active.language = saved
    use_language(language)
    store = MemoryStore(progress)
    app = CourseApp(load_course(SAMPLE, language), store, rng=random.Random(0),
                    load_edition=partial(load_course, SAMPLE), language_asked=asked)
    return app, store


def map_text(app) -> str:
    return " ".join(str(app.screen.query_one("#modules").render_line(y)) for y in range(4))


async def test_the_learners_saved_language_is_used_at_start():
    app, _store = make_app(saved="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.course.language == "zh-Hans" and current_language() == "zh-Hans"
        assert app.course.title == "第一次就诊之前"
        assert "第一次就诊" in map_text(app)


async def test_lang_on_the_command_line_wins_over_the_saved_choice():
    app, _store = make_app(language="en", saved="zh-Hans", asked=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.course.language == "en" and app.course.title == "Before Your First Visit"


async def test_the_palette_switches_the_language_and_it_is_remembered():
    app, store = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.course.language == "en"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Language")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.course.language == "zh-Hans" and app.course.title == "第一次就诊之前"
        assert store.data.active.language == "zh-Hans" and store.saves
        assert app.screen.__class__.__name__ == "MapScreen"
        assert "第一次就诊" in map_text(app)  # the map is rebuilt in the new edition
