"""The shared screens on a projector: the presenter view and the room quiz work down to 50×16
cells (a 1280×720 projector at ?fontsize=32), the "too small" message belongs to the screen in
use, and the keys to step, black the screen and show or hide the join code. Pilot, keyboard only.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from test_tui_audiences import FACILITATOR, open_first_lesson_as, screen_name, screen_text
from test_tui_support import make_app

from course.learning.room import Room, room_questions
from course.tui.screens.room import RoomScreen

PROJECTOR = (50, 16)  # 1280×720 at font size 32


@asynccontextmanager
async def presenting(tmp_path):
    """The app at 100×30 with a facilitator in the first lesson's presenter view."""
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        await pilot.press("p")
        await pilot.pause()
        yield app, pilot


def flat(app) -> str:
    """The screen's words, however they wrap."""
    return " ".join(screen_text(app).split())


async def test_the_presenter_view_works_at_50_by_16_and_the_lesson_asks_for_more_room(tmp_path):
    async with presenting(tmp_path) as (app, pilot):
        await pilot.resize_terminal(*PROJECTOR)
        await pilot.pause()
        assert screen_name(app) == "PresenterScreen", "the presenter view fits a projector at a large font"
        shown = screen_text(app)
        assert "Arrive 15 minutes early." in shown and "Key point 1 of 2" in shown
        await pilot.press("right")
        assert "Bring your list of medicines." in screen_text(app)
        await pilot.press("escape")  # back to the lesson, which needs 60×20: it says so
        await pilot.pause()
        assert screen_name(app) == "TooSmallScreen"
        assert "at least 60 columns and 20 rows" in flat(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen_name(app) == "LessonScreen"


async def test_the_too_small_message_names_the_screens_own_minimum(tmp_path):
    async with presenting(tmp_path) as (app, pilot):
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert screen_name(app) == "TooSmallScreen"
        assert "at least 50 columns and 16 rows" in flat(app)
        await pilot.resize_terminal(*PROJECTOR)
        await pilot.pause()
        assert screen_name(app) == "PresenterScreen"


async def test_b_blacks_the_screen_and_brings_it_back(tmp_path):
    async with presenting(tmp_path) as (app, pilot):
        await pilot.press("b")
        await pilot.pause()
        assert screen_name(app) == "BlankScreen"
        assert not screen_text(app).strip(), "nothing at all on a black screen"
        await pilot.press("full_stop")
        await pilot.pause()
        assert screen_name(app) == "PresenterScreen" and "Arrive 15 minutes early." in screen_text(app)


class NoServer:
    """The room's screen without a network: the address it would show."""

    def __init__(self, room, host, port) -> None:
        self.address, self.join_url, self.refused = "http://192.0.2.10:8001/", f"http://192.0.2.10:8001/?code={room.code}", 0

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


def room_app(tmp_path):
    from course.progress.store import ProgressStore
    from course.tui.app import CourseApp

    app = make_app(tmp_path / "progress.toml")
    room = Room(app.course, room_questions(app.course))
    return CourseApp(app.course, ProgressStore.open(tmp_path / "progress.toml"), room_server=NoServer,
                     first_screen=lambda: RoomScreen(room, exit_when_closed=True)), room


async def test_the_room_screen_at_50_by_16_keeps_the_code_and_the_question(tmp_path):
    app, room = room_app(tmp_path)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        assert screen_name(app) == "RoomScreen"
        shown = screen_text(app)
        assert f"Code: {room.code[:3]} {room.code[3:]}" in shown and "http://192.0.2.10:8001/" in shown
        assert "▀" not in shown, "no QR code where it cannot fit"
        await pilot.press("enter")
        shown = screen_text(app)
        assert "Question 1 of 4" in shown and "How early should you arrive?" in shown
        assert "B. 15 minutes early" in shown and "Answered: 0 of 0" in shown
        assert f"code {room.code[:3]} {room.code[3:]}" in shown, "latecomers can still join"
        await pilot.press("j")
        assert "code" not in screen_text(app).lower().split("question")[0], "the join line hides"
        await pilot.press("j", "b")
        assert screen_name(app) == "BlankScreen"
        await pilot.press("b", "enter")
        assert "(correct)" in screen_text(app)
        await pilot.press("left")
        assert room.index == 0 and room.is_revealed
        await pilot.press("right", "right")
        assert room.index == 2 and room.phase == "open", "moving on opens the next question"


async def test_the_room_screen_shows_the_qr_code_where_it_fits(tmp_path):
    app, room = room_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "█▀▀▀▀▀█" in screen_text(app), "a QR code's corner"
        await pilot.press("j")
        assert "█▀▀▀▀▀█" not in screen_text(app)


async def open_a_room_from_the_group_quiz(pilot) -> None:
    """A facilitator in the first lesson's group quiz presses o (open a room)."""
    await open_first_lesson_as(pilot, FACILITATOR)
    await pilot.press("g")
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()


async def test_the_group_quiz_opens_a_room_on_the_chosen_address(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    app.room_server = NoServer
    async with app.run_test(size=(100, 30)) as pilot:
        await open_a_room_from_the_group_quiz(pilot)
        assert screen_name(app) == "AskScreen"
        assert "Warning: the room will listen on every network address" in flat(app)
        await pilot.press("down", "down", "enter")  # only this computer
        await pilot.pause()
        assert screen_name(app) == "RoomScreen"
        room_screen = app.screen
        assert room_screen.host == "127.0.0.1"
        assert [q.module.id for q in room_screen.room.questions] == [app.course.modules[0].id] * 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "enter")  # close without saving
        await pilot.pause()
        assert screen_name(app) == "GroupQuizScreen"
        assert room_screen.room.phase == "ended" and not room_screen.room.participants


async def test_without_a_server_the_group_quiz_says_how_to_open_a_room(tmp_path):
    app = make_app(tmp_path / "progress.toml")  # no room_server handed in
    async with app.run_test(size=(100, 30)) as pilot:
        await open_a_room_from_the_group_quiz(pilot)
        assert screen_name(app) == "GroupQuizScreen"
        assert "ketamine-course room" in " ".join(str(n.message) for n in app._notifications)


def offered(app) -> set[str]:
    """The commands whose keys do something now (shown in the footer, help and palette or not)."""
    return {binding.id for _, binding, enabled, _ in app.screen.active_bindings.values() if enabled and binding.id}


async def test_the_room_offers_no_previous_question_on_question_1(tmp_path):
    """Revealed, question 1 says Enter goes on, with no "(← the previous one)", and the previous
    question is not offered: there is nothing before it. From question 2 both are, and ← goes back."""
    app, room = room_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "enter")  # question 1 opened, then revealed
        await pilot.pause()
        shown = screen_text(app)
        assert "(correct)" in shown and "Press Enter for the next question." in shown
        assert "previous" not in shown and "room.back" not in offered(app)
        await pilot.press("left")
        await pilot.pause()
        assert room.index == 0 and room.is_revealed
        await pilot.press("enter", "enter")  # question 2 opened, then revealed
        await pilot.pause()
        shown = screen_text(app)
        assert "Question 2 of 4" in shown and "Press Enter for the next question (← the previous one)." in shown
        assert "room.back" in offered(app)
        await pilot.press("left")
        await pilot.pause()
        assert room.index == 0
