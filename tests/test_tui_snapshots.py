"""Snapshots of the main screens on the fixture course, at 100×30, with a fixed random seed.

Update after an intended change with: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

from test_tui_support import SIZE, MemoryStore, answer_keys, make_app


def app_in_memory():
    """No file: the welcome screen shows the same path everywhere, and nothing is written."""
    return make_app(store=MemoryStore(), seed=0, animations=False)


async def begin(pilot) -> None:
    await pilot.press("down", "enter", *"Sam", "enter")  # a volunteer called Sam
    await pilot.pause()


def test_welcome_screen(snap_compare):
    assert snap_compare(app_in_memory(), terminal_size=SIZE)


def test_course_map(snap_compare):
    async def run_before(pilot):
        await begin(pilot)
        await pilot.press("enter", "right", "escape")  # lesson 1 in progress
        await pilot.pause()

    assert snap_compare(app_in_memory(), terminal_size=SIZE, run_before=run_before)


def test_lesson_page(snap_compare):
    async def run_before(pilot):
        await begin(pilot)
        await pilot.press("enter", "right")  # section 2 of 2
        await pilot.pause()

    assert snap_compare(app_in_memory(), terminal_size=SIZE, run_before=run_before)


def test_question_with_feedback(snap_compare):
    async def run_before(pilot):
        await begin(pilot)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press(*answer_keys(pilot.app.screen.drawn[0], right=False))
        await pilot.pause()

    assert snap_compare(app_in_memory(), terminal_size=SIZE, run_before=run_before)


def test_results_screen(snap_compare):
    async def run_before(pilot):
        await begin(pilot)
        await pilot.press("q")
        await pilot.pause()
        drawn = pilot.app.screen.drawn
        await pilot.press(*answer_keys(drawn[0], right=True), "enter")
        await pilot.press(*answer_keys(drawn[1], right=False), "enter")
        await pilot.pause()

    assert snap_compare(app_in_memory(), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare):
    async def run_before(pilot):
        await begin(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_in_memory(), terminal_size=SIZE, run_before=run_before)


async def begin_as_facilitator_in_lesson_1(pilot) -> None:
    await pilot.press("down", "down", "enter", *"Jo", "enter", "enter")  # a facilitator, lesson 1
    await pilot.pause()


def test_presenter_view(snap_compare):
    async def run_before(pilot):
        await begin_as_facilitator_in_lesson_1(pilot)
        await pilot.press("p", "right")  # key point 2 of 2
        await pilot.pause()

    assert snap_compare(app_in_memory(), terminal_size=SIZE, run_before=run_before)


def test_group_quiz_revealed(snap_compare):
    async def run_before(pilot):
        await begin_as_facilitator_in_lesson_1(pilot)
        await pilot.press("g", "enter")  # question 1, answer revealed
        await pilot.pause()

    assert snap_compare(app_in_memory(), terminal_size=SIZE, run_before=run_before)
