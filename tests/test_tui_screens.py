"""The app's smaller parts: progress notices, the command palette, search, learners, questions."""

from __future__ import annotations

from test_tui_support import SIZE, MemoryStore, make_app, start_as

from course.progress.model import Progress


def notifications(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_a_broken_progress_file_is_explained_on_start(tmp_path):
    path = tmp_path / "progress.toml"
    path.write_text("this is = not [valid toml", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert any("could not be read" in message for message in notifications(app))


class FailingStore(MemoryStore):
    def save(self) -> bool:
        self.notices.append("Progress could not be saved: the disk is full. It is kept in memory.")
        return False


async def test_a_failed_save_is_shown_and_the_course_goes_on(tmp_path):
    store = FailingStore()
    app = make_app(tmp_path / "unused.toml", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"
        assert any("disk is full" in message for message in notifications(app))


async def test_the_map_says_status_in_words_and_symbols(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        await pilot.press("enter", "right")  # lesson 1 in progress
        await pilot.press("escape")
        await pilot.pause()
        modules = app.screen.query_one("#modules")
        rows = [str(option.prompt) for option in modules.options]
        assert rows[0].startswith("› ◐ 1. Welcome to the clinic") and "In progress" in rows[0]  # › the highlighted
        assert rows[1].startswith("  ○ 2. Going home") and "Not started" in rows[1]
        assert "quiz not taken" in rows[0] and "5 min" in rows[0]
        details = str(app.screen.query_one("#module-info").render())
        assert "Know when to arrive" in details and "Section 2 of 2" in details
        overall = str(app.screen.query_one("#map-overall").render())
        assert "0 of 2 lessons done" in overall
        assert "Press c to continue" in str(app.screen.query_one("#map-continue").render())


async def test_the_command_palette_goes_to_a_lesson(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        await pilot.press("ctrl+p", *"going home")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"
        assert app.screen.module.id == "going-home"


async def test_the_command_palette_searches_the_lesson_text(tmp_path):
    from course.tui.commands import CourseCommands

    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        provider = CourseCommands(app.screen)
        hits = [hit async for hit in provider.search("remainder")]
        assert [str(hit.match_display) for hit in hits] == ["Found in lesson 2: Resting"]
        hits[0].command()
        await pilot.pause()
        assert (app.screen.module.id, app.screen.page) == ("going-home", 1)


async def test_search_finds_sections_and_opens_the_one_chosen(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        await pilot.press("slash", *"medicines")
        await pilot.pause()
        assert "1 section found" in str(app.screen.query_one("#search-count").render())
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"
        assert (app.screen.module.id, app.screen.page) == ("welcome", 1)


async def test_questions_for_the_provider_are_added_and_listed(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        await pilot.press("enter", "a", "down", "enter")  # the second suggestion
        await pilot.pause()
        await pilot.press("a", "tab", *"Will it hurt?", "enter")  # the first is now taken: write one
        await pilot.pause()
        assert [q.text for q in app.learner.questions] == ["Can I bring someone with me?", "Will it hurt?"]
        await pilot.press("escape", "m")
        await pilot.pause()
        listing = [str(option.prompt) for option in app.screen.query_one("#question-list").options]
        assert "1. Can I bring someone with me?" in listing[0] and "2. Will it hurt?" in listing[1]


async def test_learners_can_be_switched_added_and_changed(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, role_index=0, name="Ana")
        first = app.progress.active_learner
        await pilot.press("l", "down", "enter")  # add a new learner
        await pilot.pause()
        await start_as(pilot, role_index=2, name="Ben")
        assert app.learner.name == "Ben" and app.progress.active_learner != first
        assert type(app.screen).__name__ == "MapScreen"
        rows = [str(option.prompt) for option in app.screen.query_one("#modules").options]
        assert len(rows) == 1  # the facilitator's modules only

        await pilot.press("l", "enter")  # back to Ana
        await pilot.pause()
        assert app.progress.active_learner == first
        await pilot.press("l", "down", "down", "down", "enter")  # change my name or role
        await pilot.pause()
        await pilot.press("down", "enter", *"Ana B", "enter")  # the old name is selected: typing replaces it
        await pilot.pause()
        assert (app.learner.name, app.learner.role) == ("Ana B", "volunteer")


async def test_a_returning_learner_starts_on_the_map(tmp_path):
    progress = Progress()
    progress.add_learner("Cy", "patient")
    app = make_app(tmp_path / "unused.toml", store=MemoryStore(progress))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"
        assert "Press c to start" in str(app.screen.query_one("#map-continue").render())
