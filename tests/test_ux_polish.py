"""Small things QA found that a person sees: each test here failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.content.loader import load_course
from course.i18n import use_language

SHIPPED = Path(__file__).resolve().parents[1] / "lessons"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


def test_the_facilitators_headings_are_spanish_in_the_spanish_edition():
    from course.tui.screens.lesson import facilitator_markdown

    english = load_course(SHIPPED)
    module = next(m for m in english.modules if m.facilitator is not None and m.facilitator.agenda)
    english_headings = re.findall(r"^\*\*(.+)\*\*$", facilitator_markdown(module), re.M)
    use_language("es")
    spanish = load_course(SHIPPED, "es")
    spanish_headings = re.findall(r"^\*\*(.+)\*\*$", facilitator_markdown(spanish.module(module.id)), re.M)
    assert len(spanish_headings) == len(english_headings) >= 4
    assert not set(spanish_headings) & set(english_headings), spanish_headings


TYPED_AHEAD = [("ctrl+j", "\n"), ("A", "A"), ("n", "n"), ("a", "a"), ("ctrl+j", "\n")]


def early_typist(tmp_path: Path):
    """The app, with Enter, "Ana", Enter typed while it starts: they reach it before the first
    screen is up, and each Enter (turned into a newline by the terminal, which was still in
    cooked mode) arrives as Ctrl+J."""
    import random

    from test_tui_support import fixture_course
    from textual import events

    from course.progress.store import ProgressStore
    from course.tui import app as app_module

    class EarlyTypist(app_module.CourseApp):
        CSS_PATH = str(Path(app_module.__file__).parent / app_module.CourseApp.CSS_PATH)

        async def on_mount(self) -> None:
            for key, character in TYPED_AHEAD:
                self.post_message(events.Key(key, character))
            await super().on_mount()

    return EarlyTypist(fixture_course(), ProgressStore.open(tmp_path / "progress.toml"), rng=random.Random(0),
                       animations=False)


async def test_a_name_and_enter_typed_while_the_app_starts_fill_in_the_welcome(tmp_path):
    app = early_typist(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"
        assert app.active_learner.name == "Ana"


async def test_ctrl_j_works_as_enter(tmp_path):
    from test_tui_support import make_app

    app = make_app(tmp_path / "progress.toml", animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+j", *"Ana", "ctrl+j")
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"
        assert app.active_learner.name == "Ana"


async def test_ctrl_j_stays_the_learners_when_their_keys_file_binds_it(tmp_path):
    from test_tui_support import make_app

    from course import keymap

    assert not [c.id for c in keymap.KEYMAP if "ctrl+j" in c.keys.split(",")], "the course's own keys leave Ctrl+J"
    keys = tmp_path / "keys.toml"
    keys.write_text('help = "f1,ctrl+j"\n', encoding="utf-8")
    app = make_app(tmp_path / "progress.toml", animations=False, keys_file=keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
