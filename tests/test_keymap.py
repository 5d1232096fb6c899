"""One keymap (course.keymap): every key the app binds is defined there once, and the help, the
command palette and each screen's bindings come from it; a learner can change keys in keys.toml."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_support import FIXTURE, SIZE, MemoryStore, fixture_course, make_app, screen_text, start_as
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

import course.tui
from course import keymap
from course.keymap import BY_ID, EVERYWHERE, KEYMAP, WIDGETS, help_keys, help_line, help_sections, read_user_keys
from course.tui.bindings import APP, bindings_for


def course_classes() -> list[type]:
    """Every screen, widget and app class defined in course.tui."""
    found = []
    for info in pkgutil.walk_packages(course.tui.__path__, "course.tui."):
        module = importlib.import_module(info.name)
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, DOMNode) and cls.__module__ == module.__name__]
    return found


def bindings_outside_the_keymap(classes: list[type]) -> list[str]:
    """Each binding a class lists that is not exactly the keymap's for the class's place, and
    each key it handles itself (a `key_NAME` method, `on_key`) that the keymap does not list there."""
    problems = []
    for cls in classes:
        own = cls.__dict__.get("BINDINGS") or []
        place = APP if issubclass(cls, App) else cls.__dict__.get("PLACE")  # a subclass may inherit both
        expected = bindings_for(place) if place else []
        problems += [f"{cls.__name__}: {binding!r}" for binding in own if binding not in expected]
        problems += [f"{cls.__name__}: lacks {binding.id}" for binding in expected if binding not in own]
        listed = {key for command in KEYMAP if place in command.where for key in command.keys.split(",")}
        problems += [f"{cls.__name__}: handles {name[4:]} itself" for name in cls.__dict__
                     if name.startswith("key_") and name[4:] not in listed]
        problems += [f"{cls.__name__}: handles keys itself ({name})" for name in ("on_key", "_on_key")
                     if name in cls.__dict__]
    return problems


def test_every_binding_of_every_screen_and_widget_comes_from_the_keymap():
    classes = course_classes()
    names = {cls.__name__ for cls in classes}
    assert {"CourseApp", "MapScreen", "LessonScreen", "QuizScreen", "MyQuestionsScreen", "AnswerList",
            "ModuleList", "RoleList", "HelpScreen", "GroupQuizScreen", "PresenterScreen", "BlankScreen",
            "RoomScreen", "YourDataScreen", "PickScreen", "ConfirmScreen", "ReadingScroll"} <= names
    assert bindings_outside_the_keymap(classes) == []


def test_a_binding_added_outside_the_keymap_is_caught():
    class AddedByHand(Screen):
        PLACE = keymap.MAP
        BINDINGS = [*bindings_for(PLACE), Binding("z", "zap", "Zap")]

    class WithoutAPlace(Screen):
        BINDINGS = [Binding("z", "zap", "Zap", id="map.zap")]

    class ChangedKey(Screen):
        PLACE = keymap.RESULTS
        BINDINGS = [Binding("t", "retake", "Retake", id="results.retake")]

    class HandledByHand(Screen):
        PLACE = keymap.MAP
        BINDINGS = bindings_for(PLACE)

        def key_z(self, event) -> None:
            pass

    class ListenedByHand(Screen):
        def on_key(self, event) -> None:
            pass

    problems = bindings_outside_the_keymap([AddedByHand, WithoutAPlace, ChangedKey, HandledByHand, ListenedByHand])
    assert list(dict.fromkeys(problem.split(":")[0] for problem in problems)) == [
        "AddedByHand", "WithoutAPlace", "ChangedKey", "HandledByHand", "ListenedByHand"]


def test_every_place_in_the_keymap_is_a_screen_or_widget_that_binds_its_keys():
    places = {getattr(cls, "PLACE", None) for cls in course_classes()} - {None}
    for command in KEYMAP:
        assert set(command.where) - {EVERYWHERE} <= places, f"{command.id}: {command.where}"
    assert places >= WIDGETS


def test_every_key_is_in_the_help_under_its_screen():
    sections = dict(help_sections())
    for command in KEYMAP:
        if not command.keys:
            continue
        for place in command.where:
            titles = [title for title, places in keymap.SECTIONS if place in places]
            assert titles, f"{command.id}: no help section lists {place}"
            assert (help_keys(command), help_line(command)) in sections[titles[0]], command.id


def test_help_rows_read_well():
    rows = dict(help_sections())
    assert ("F1 or ?", "Help: every key on every screen, the crisis line and the notice") in rows["Everywhere"]
    assert ("Ctrl+Q", "Quit; your progress is saved (an unfinished quiz asks first)") in rows["Everywhere"]
    assert ("Shift+Up or [", "Move the chosen question up the list") in rows["My questions"]
    assert ("1 to 9", BY_ID["quiz.answer-1"].text) in rows["Quiz and practice"]
    assert sum(keys == "1 to 9" for keys, _ in rows["Quiz and practice"]) == 1  # one row for nine keys
    assert ("x", "Print for a session: session plan, handout or answer key (facilitators only)") in rows["Reading a lesson"]


# ------------------------------------------------------------------ the command palette


async def palette_titles(app) -> list[str]:
    from course.tui.commands import CourseCommands

    return [str(hit.display) async for hit in CourseCommands(app.screen).discover()]


def offered_here(app) -> set[str]:
    """What the keymap says the palette offers over the current screen, for this learner."""
    from textual.actions import parse

    role = app.learner.role if app.learner else None
    found = set()
    for command in KEYMAP:
        target, name, parameters = parse(command.action) if command.action else ("", "", ())
        node = app if target == "app" else app.screen
        if (command.palette and keymap.for_role(command, role)
                and (node is app or getattr(app.screen, "PLACE", None) in command.where)
                and node.check_action(name, parameters) is True):
            found.add(command.text)
    return found


async def test_the_palette_offers_each_screens_commands_from_the_keymap(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        titles = await palette_titles(app)  # the welcome screen: no learner yet
        assert set(titles) == {BY_ID[name].text for name in ("help", "crisis", "quit", "messages",
                                                              "theme.high-contrast", "theme")}
        await start_as(pilot, role_index=2)  # a facilitator has the most commands
        visited = []
        for keys in ([], ["enter"], ["escape", "m"], ["escape", "r"], ["escape", "q"]):
            await pilot.press(*keys)
            await pilot.pause()
            visited.append(type(app.screen).__name__)
            titles = await palette_titles(app)
            expected = offered_here(app)
            assert expected <= set(titles), type(app.screen).__name__
            assert expected - {BY_ID[name].text for name in ("help", "crisis", "quit")}  # more than the basics
        assert visited == ["MapScreen", "LessonScreen", "MyQuestionsScreen", "ProgressScreen", "QuizScreen"]


async def test_the_palette_offers_the_commands_of_the_results_group_quiz_and_room_screens(tmp_path):
    from test_tui_shared_screens import NoServer, room_app
    from test_tui_support import answer_quiz

    async def check(app) -> str:
        titles = await palette_titles(app)
        expected = offered_here(app) - {BY_ID[name].text for name in ("help", "crisis", "quit")}
        assert expected and expected <= set(titles), type(app.screen).__name__
        return getattr(app.screen, "PLACE", "")

    visited = {keymap.MAP, keymap.LESSON, keymap.QUESTIONS, keymap.PROGRESS}  # the test above
    app = make_app(tmp_path / "progress.toml")
    app.room_server = NoServer
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, role_index=2)
        await pilot.press("q")
        await pilot.pause()
        await answer_quiz(pilot, right=False)
        visited.add(await check(app))  # the results
        await pilot.press("escape", "enter", "g")
        await pilot.pause()
        visited.add(await check(app))  # the group quiz
    app, _room = room_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        visited.add(await check(app))  # the room
    assert visited == {place for command in KEYMAP if command.palette for place in command.where} - {EVERYWHERE}


async def test_the_palette_offers_export_on_my_questions_and_none_of_textuals_own_commands(tmp_path):
    app = make_app(tmp_path / "progress.toml")
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot, role_index=0)
        await pilot.press("m")
        await pilot.pause()
        titles = await palette_titles(app)
        assert titles[0] == BY_ID["questions.write"].text  # this screen's commands come first
        assert BY_ID["questions.export"].text in titles
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "Export your list to print" in shown and "Key: x (My questions)" in shown
        assert "Screenshot" not in shown and "Keys" not in shown.replace("Key:", "")
        await pilot.press(*"screenshot")
        await pilot.pause(0.6)
        assert "Screenshot" not in screen_text(app)


# ------------------------------------------------------------------ the learner's own keys


def keys_file(folder: Path, text: str) -> Path:
    """A learner's keys.toml holding `text`."""
    path = folder / "keys.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_keys_file_changes_keys_by_command_id():
    remap, problems = read_user_keys('"map.questions" = "k"\nhelp = ["f1", "h"]\n', "keys.toml")
    assert remap == {"map.questions": "k", "help": "f1,h"} and problems == []
    assert ("k", "My questions to ask my provider") in dict(help_sections(remap))["Course map"]


@pytest.mark.parametrize(("text", "words"), [
    ('"map.question" = "k"', "“map.question” is not the name of a key"),
    ('"map.choose" = "k"', "“map.choose” is not the name of a key"),  # Textual's own arrow keys
    ('"map.questions" = "k k"', "should be written like"),
    ('"map.questions" = 3', "should be written like"),
    ('"map.questions" = "k', "not a keys file the course can read"),
    ('"map.questions" = "q"', "it also does this there: Take the chosen module's quiz"),
    ('"crisis" = "m"', "it also does this there: My questions to ask my provider"),
])
def test_a_mistake_in_the_keys_file_is_explained(text, words):
    remap, problems = read_user_keys(text, "keys.toml")
    assert len(problems) == 1 and words in problems[0]


async def test_the_app_uses_the_learners_keys_in_its_keys_footer_and_help(tmp_path):
    app = make_app(store=MemoryStore(), keys_file=keys_file(tmp_path, '"map.questions" = "k"\n"crisis" = "f12,f2"\n'))
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "k Questions" in footer and "F12 Crisis" in footer
        from course.tui.commands import CourseCommands

        hints = {offer.title: offer.help for offer in CourseCommands(app.screen)._commands()}
        assert hints[BY_ID["map.questions"].text] == "Key: k (Course map)"
        assert hints[BY_ID["crisis"].text] == "Key: F12 or F2"
        await pilot.press("m")
        await pilot.pause()
        assert type(app.screen).__name__ == "MapScreen"  # m no longer does it
        await pilot.press("f1")
        await pilot.pause()
        assert "**k**: My questions to ask my provider" in app.screen.query_one("Prose").source
        await pilot.press("escape", "k")
        await pilot.pause()
        assert type(app.screen).__name__ == "MyQuestionsScreen"


async def test_a_bad_keys_file_is_a_notice_and_the_usual_keys_work(tmp_path):
    app = make_app(store=MemoryStore(), keys_file=keys_file(tmp_path, '"map.questions" = \n'))
    async with app.run_test(size=SIZE) as pilot:
        await start_as(pilot)
        assert any("not a keys file the course can read" in notice.text for notice in app.message_log.newest_first())
        await pilot.press("m")
        await pilot.pause()
        assert type(app.screen).__name__ == "MyQuestionsScreen"


def test_read_help_shows_the_learners_keys(tmp_path):
    keys = keys_file(tmp_path, '"map.questions" = "k"\n"nothing" = "x"\n')
    env = {**os.environ, "NO_COLOR": "1", "KETAMINE_COURSE_KEYS": str(keys)}
    done = subprocess.run([sys.executable, "-m", "course", "--lessons", str(FIXTURE), "read", "help"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0
    assert "  k  " in done.stdout and "My questions to ask my provider" in done.stdout
    assert "“nothing” is not the name of a key" in done.stderr
    assert fixture_course().title in done.stdout


def test_the_accessibility_guide_lists_every_key_a_learner_can_change():
    from pathlib import Path

    guide = (Path(__file__).parent.parent / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for command in KEYMAP:
        if command.bound:
            assert f"| `{command.id}` | {keymap.keys_words(command.keys)} | {help_line(command)} |" in guide, command.id
