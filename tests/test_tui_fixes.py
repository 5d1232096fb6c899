"""Fixes from the accessibility review: fast typing on the welcome screen, no blinking cursor in
the command palette, notices that stay long enough and can be read again, and the course map's
highlighted module marked by a pointer as well as by colour."""

from __future__ import annotations

import pytest
from test_tui_support import SIZE, MemoryStore, make_app, start_as
from textual import events

from course.tui.messages import MIN_SECONDS, UNTIL_DISMISSED, lasting_timeout


def screen_name(app) -> str:
    return type(app.screen).__name__


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def type_at_once(app, keys: list[str]) -> None:
    """Keys as a fast typist (or a paste) sends them: all queued before the app handles the first."""
    for key in keys:
        character = {"enter": "\r"}.get(key, key if len(key) == 1 else None)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)


# ------------------------------------------------------------------ the welcome screen


@pytest.mark.parametrize(("keys", "name", "role"), [
    (["enter", *"Sam", "enter"], "Sam", "patient"),
    (["down", "enter", *"Sam", "enter"], "Sam", "volunteer"),
    (["down", "down", "enter", *"Jo", "enter"], "Jo", "facilitator"),
    (["enter", "enter"], "", "patient"),  # Enter twice: no name, and the course starts
], ids=["enter-name-enter", "down-first", "facilitator", "enter-enter"])
async def test_a_fast_enter_name_enter_on_the_welcome_screen_is_never_lost(keys, name, role):
    app = make_app(store=MemoryStore())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, keys)
        for _ in range(100):  # until the map is up (a fixed pause was too short on a busy machine)
            await pilot.pause(0.05)
            if screen_name(app) == "MapScreen" and app.screen.is_mounted:
                break
        assert screen_name(app) == "MapScreen"
        assert (app.learner.name, app.learner.role) == (name, role)


async def test_the_name_field_says_where_the_name_goes_for_the_role_chosen():
    """Patients have no completion record: the welcome told them their name went on one."""
    app = make_app(store=MemoryStore())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "question list" in screen_text(app) and "completion record" not in screen_text(app)
        await pilot.press("down")  # a volunteer
        await pilot.pause()
        assert "it goes on your completion record" in screen_text(app)
        await pilot.press("up")
        await pilot.pause()
        assert "it goes on your printed question list" in screen_text(app)


# ------------------------------------------------------------------ the command palette


async def test_the_command_palette_cursor_does_not_blink_when_animations_are_off():
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert screen_name(app) == "CommandPalette"
        assert [field.cursor_blink for field in app.screen.query("Input")] == [False]


async def test_the_crisis_line_opens_from_the_command_palette_too():
    """The palette is a modal screen: it hides the app's ordinary bindings, so F2 must be a priority one."""
    app = make_app(store=MemoryStore(), animations=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert screen_name(app) == "CommandPalette"
        await pilot.press("f2")
        await pilot.pause()
        assert screen_name(app) == "CrisisScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "CommandPalette"


async def test_the_cursor_blinks_when_animations_are_on():
    app = make_app(store=MemoryStore(), animations=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert [field.cursor_blink for field in app.screen.query("Input")] == [True]


# ------------------------------------------------------------------ notices


def test_notices_stay_long_enough_and_file_problems_until_dismissed():
    assert lasting_timeout("", "information", 4) == MIN_SECONDS
    assert lasting_timeout("Export", "information", 30) == 30
    assert lasting_timeout("", "warning", 5) >= 10
    assert lasting_timeout("Progress file", "warning", 12) == UNTIL_DISMISSED
    assert lasting_timeout("Export", "error", 30) == UNTIL_DISMISSED


async def test_a_progress_file_problem_stays_and_can_be_read_again(tmp_path):
    path = tmp_path / "progress.toml"
    path.write_text("this is = not [valid toml", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [shown] = [n for n in app._notifications if "could not be read" in n.message]
        assert shown.timeout == UNTIL_DISMISSED
        await pilot.press("ctrl+p", *"messages")  # from the very first screen
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "MessagesScreen"
        assert "could not be read" in screen_text(app) and "⚠ Progress file" in screen_text(app)
        await pilot.press("c")  # dismiss them and close; the list keeps them
        await pilot.pause()
        assert not list(app._notifications) and screen_name(app) == "WelcomeScreen"
        await pilot.press("f1")
        await pilot.pause()
        assert "could not be read" in str(app.screen.query_one("#help-messages").render())


async def test_short_notices_last_at_least_ten_seconds(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        await pilot.press("q", "escape")  # nothing answered: no notice; then one with timeout=5
        await pilot.press("q", "1", "enter", "escape")
        await pilot.pause()
        await pilot.press("down", "enter")  # discard the answer
        await pilot.pause()
        [left] = [n for n in app._notifications if "not scored" in n.message]
        assert left.timeout >= 10
        assert "not scored" in app.message_log.notices[-1].text


# ------------------------------------------------------------------ the course map


async def test_the_highlighted_module_is_marked_with_a_pointer_not_only_colour(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        shown = screen_text(app)
        assert "› ○ 1. Welcome to the clinic" in shown and "  ○ 2. Going home" in shown
        await pilot.press("down")
        await pilot.pause()
        shown = screen_text(app)
        assert "  ○ 1. Welcome to the clinic" in shown and "› ○ 2. Going home" in shown


async def test_showing_the_map_while_a_new_map_is_being_built_does_not_crash():
    """Enter typed twice fast asked for the map twice: the second call refreshed a map that had
    not composed its list yet (NoMatches, and the course closed)."""
    from course.tui.screens.course_map import MapScreen

    app = make_app(store=MemoryStore())
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, 0)
        app.switch_screen(MapScreen())  # the first "show the map", not yet mounted…
        app.show_map()  # …and the second
        await pilot.pause(0.3)
        assert screen_name(app) == "MapScreen" and app.return_code is None
        assert app.screen.query_one("#modules").option_count > 0


async def test_my_questions_answers_for_its_keys_while_it_is_not_built(tmp_path):
    """The footer and the key map ask a screen about its keys at any time, also before its
    widgets exist (keys typed fast): that must not raise (it ended the app)."""
    from course.tui.screens.my_questions import MyQuestionsScreen

    app = make_app(tmp_path / "progress.toml")
    app.progress.add_learner("Sam", "patient")
    async with app.run_test(size=SIZE):
        screen = MyQuestionsScreen()
        assert screen.check_action("edit", ()) is None  # dimmed: no question chosen yet
