"""Every word reachable at every supported size (issue 15): the welcome, the crisis line, the
too-small message and the plain-text crisis lines, at 80×24 and at the 60×20 minimum."""

from __future__ import annotations

import random

import pytest

from course import cli
from course.content.loader import load_course
from course.outputs.plaintext import crisis_text
from course.paths import default_lessons_dir
from course.tui.app import CourseApp
from test_tui_support import MemoryStore, fixture_course


@pytest.fixture(scope="module")
def real_course():
    return load_course(default_lessons_dir())


def real_app(course, store=None) -> CourseApp:
    return CourseApp(course, store or MemoryStore(), rng=random.Random(0))


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


# ------------------------------------------------------------------ the crisis line


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_crisis_line_shows_every_entry_and_the_way_back_at_small_sizes(real_course, size):
    app = real_app(real_course)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        for entry in real_course.crisis:
            assert f"• {entry.name}:" in shown, f"{entry.name} is not on the crisis screen at {size}:\n{shown}"
        assert "Outside the US" in shown and "Press Escape to go back" in shown, shown
        assert app.screen.query_one("#crisis").hidden_below == 0


async def test_a_wrapped_crisis_entry_is_indented_under_its_text_not_a_new_bullet(real_course):
    app = real_app(real_course)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        lines = screen_lines(app)
        first = next(row for row, line in enumerate(lines) if "• 988 Suicide & Crisis Lifeline (US):" in line)
        bullet = lines[first].index("•")
        wrapped = lines[first + 1]
        assert wrapped[bullet:bullet + 2] == "  " and wrapped[bullet + 2] != " ", "a wrapped line hangs under the text"
        assert "988lifeline.org" in wrapped


async def test_only_the_crisis_names_are_bold(real_course):
    app = real_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                if "Call 911 if anyone" in segment.text or "press 1" in segment.text:
                    assert not (segment.style and segment.style.bold), f"{segment.text!r} is bold"


# ------------------------------------------------------------------ the welcome screen


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 30)])
async def test_the_welcome_shows_every_role_and_the_start_at_small_sizes(real_course, size):
    app = real_app(real_course)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        for role in ("Patient preparing", "Peer-support volunteer", "Facilitator running"):
            assert role in shown, f"{role} is hidden at {size}:\n{shown}"
        assert "Start the course" in shown and "Your name" in shown
        assert "Please note:" in shown and "Welcome to" in shown


async def test_the_welcome_says_there_is_more_to_read_and_pgdn_shows_it_with_the_focus_kept(real_course):
    app = real_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = set(screen_lines(app))
        assert any("more lines below: PgDn to read on" in line for line in seen), "\n".join(screen_lines(app))
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
            seen |= set(screen_lines(app))
        assert app.focused.id == "role"
        shown = "\n".join(seen)
        for entry in real_course.crisis:
            assert f"• {entry.name}:" in shown
        assert "Your progress stays on this computer" in shown
        assert not any("more line" in line for line in screen_lines(app)), "at the end nothing more is promised"
        await pilot.press("pageup", "pageup", "pageup", "pageup")
        await pilot.pause()
        assert any("Welcome to" in line for line in screen_lines(app))


# ------------------------------------------------------------------ too small, and plain text


async def test_the_too_small_message_lists_the_crisis_lines_and_scrolls():
    app = real_app(fixture_course())
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "TooSmallScreen"
        seen = set(screen_lines(app))
        assert any("Ctrl+Q quits" in line for line in seen)
        for _ in range(4):
            await pilot.press("space")
            await pilot.pause()
            seen |= set(screen_lines(app))
        shown = "\n".join(seen)
        for entry in app.course.crisis:
            assert f"• {entry.name}:" in shown, shown


def test_the_crisis_lines_in_plain_text_are_one_item_each_with_a_hanging_indent(real_course):
    text = crisis_text(real_course)
    lines = text.split("\n")
    assert lines[0] == "If you are in crisis:"
    items = [line for line in lines[1:] if line.startswith("- ")]
    assert len(items) == len(real_course.crisis)
    assert all(line.startswith(("- ", "  ")) and len(line) <= 78 for line in lines[1:])


def test_read_lists_the_crisis_lines_one_a_line(real_course, capsys):
    assert cli.main(["read"]) == 0
    out = capsys.readouterr().out
    assert crisis_text(real_course) in out


def test_read_a_lesson_prints_what_to_bring(real_course, capsys):
    module = next(m for m in real_course.modules if m.what_to_bring)
    assert cli.main(["read", module.id]) == 0
    out = capsys.readouterr().out
    heading = out.index("\nWhat to bring\n-------------\n", out.index("\nKey points\n"))
    assert heading < out.index("\nSources\n")
    assert out[heading:].count("\n- ") >= len(module.what_to_bring)


def test_the_crash_message_lists_the_crisis_lines(tmp_path, capsys):
    from course.progress.store import ProgressStore

    app = CourseApp(fixture_course(), ProgressStore.open(tmp_path / "progress.toml"))
    app._exit_renderables.append("boom")
    app._print_error_renderables()
    err = capsys.readouterr().err
    assert crisis_text(app.course) in err
