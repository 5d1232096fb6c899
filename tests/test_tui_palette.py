"""The command palette (Ctrl+P), the course's own screen (course.tui.screens.palette): typed
words filter it, Up and Down choose, Enter or a click runs the chosen command, Escape closes it;
the chosen one is marked `›`, not by colour alone; it fits 80×24 and speaks Spanish. What it
offers is the keymap's (tests/test_keymap.py)."""

from __future__ import annotations

import pytest
from test_tui_spanish import returning, spanish_app
from test_tui_support import MemoryStore, make_app, screen_text, start_as

from course.i18n import use_language
from course.tui.widgets.palette_list import POINTER, PaletteList


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


def listed(app) -> list[str]:
    return [entry.prompt.plain for entry in app.screen.query_one(PaletteList).entries]


def chosen(app) -> str:
    """The entry marked by the pointer on the screen as drawn."""
    [line] = [line for line in screen_text(app).splitlines() if f"│ {POINTER}" in line]
    return line.split(POINTER, 1)[1].strip(" │▐")


async def test_up_and_down_choose_and_enter_runs_the_chosen_command():
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_as(pilot)  # a patient
        await pilot.press("ctrl+p", *"lesson 1")
        await pilot.pause()
        assert listed(app)[:2] == ["Go to lesson 1: Welcome to the clinic", "Quiz for lesson 1: Welcome to the clinic"]
        assert chosen(app) == listed(app)[0]
        await pilot.press("down")
        await pilot.pause()
        assert chosen(app) == listed(app)[1]
        await pilot.press("down", "up", "up", "up")  # not past the first
        await pilot.pause()
        assert chosen(app) == listed(app)[0]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuizScreen" and app.screen.module.id == "welcome"


async def test_a_click_runs_the_command_clicked():
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_as(pilot)
        await pilot.press("ctrl+p", *"my progress")
        await pilot.pause()
        assert listed(app)[0].startswith("My progress")
        await pilot.click(PaletteList, offset=(5, 1))  # its second line
        await pilot.pause()
        assert type(app.screen).__name__ == "ProgressScreen"


async def test_escape_closes_it_and_it_opens_again_empty_with_this_screens_commands():
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_as(pilot)
        await pilot.press("ctrl+p", *"zzzz")
        await pilot.pause()
        assert listed(app) == [] and "Nothing found: try other or fewer words" in screen_text(app)
        await pilot.press("escape", "m")
        await pilot.pause()
        assert type(app.screen).__name__ == "MyQuestionsScreen"
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one("#palette-input").value == ""
        assert listed(app)[0] == "Write a question of your own"  # My questions' own commands first
        assert "Nothing found" not in screen_text(app)


async def test_the_chosen_command_stays_in_view_in_a_long_list():
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_as(pilot, role_index=2)  # a facilitator: the most commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        entries = listed(app)
        await pilot.press(*["down"] * (len(entries) - 1))
        await pilot.pause()
        assert chosen(app) == entries[-1][:len(chosen(app))]  # the last, scrolled into view
        assert app.screen.query_one(PaletteList).scroll_offset.y > 0


async def test_the_palette_in_spanish():
    app = spanish_app(returning())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        shown = screen_text(app)
        assert "Comandos · escriba para buscar, ↑ ↓ para elegir, Intro para ejecutar" in shown
        assert "Un comando, una lección o palabras de las lecciones" in shown
        await pilot.press(*"zzzz")
        await pilot.pause()
        assert "No se encontró nada: pruebe con otras palabras o con menos" in screen_text(app)


async def test_the_palette_open_while_the_app_prepares_its_kept_screens():
    """Ctrl+P before the learner's first pause: the pause prepares another palette, which must not
    clash with the one open (two screens with one id closed the app)."""
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_as(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app._prepare_kept_screens(facilitator=False)
        await pilot.pause()
        await pilot.press(*"zz")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette" and "Nothing found" in screen_text(app)
