"""Every word reachable at every supported size (issue 15): the welcome, the crisis line, the
too-small message and the plain-text crisis lines, at 80×24 and at the 60×20 minimum."""

from __future__ import annotations

import random

import pytest
from test_tui_support import MemoryStore, fixture_course

from course import cli
from course.content.loader import load_course
from course.outputs.plaintext import crisis_text
from course.paths import default_lessons_dir
from course.tui.app import CourseApp


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


# ------------------------------------------------------------------ every lesson page at 80×24


def page_lines(app) -> list[str]:
    """The lines of the lesson page as drawn on screen now (the page region only)."""
    region = app.screen.query_one("#page-scroll").scrollable_content_region  # not the scrollbar
    rows = screen_lines(app)[region.y:region.bottom]
    return [row[region.x:region.right].rstrip() for row in rows]


async def settled(pilot) -> None:
    """Until the screen stops changing (a page's Markdown is laid out in a few steps)."""
    before = None
    for _ in range(40):
        await pilot.pause()
        now = screen_lines(pilot.app)
        if now == before:
            return
        before = now


def patient_store() -> MemoryStore:
    store = MemoryStore()
    store.data.add_learner("Sam", "patient")
    return store


async def whole_pages(course) -> dict[tuple[str, int], list[str]]:
    """Every page of every lesson drawn on a screen 80 columns wide and tall enough for all of it."""
    pages = {}
    app = real_app(course, patient_store())
    async with app.run_test(size=(80, 90)) as pilot:  # taller than any page; taller is slower to draw
        for module in course.modules:
            for page in range(len(module.sections) + 1):  # the sections, then the key points
                app.open_lesson(module, 0)
                await pilot.pause()
                app.screen.page = page  # opening a lesson goes to a section, never to its key points
                await settled(pilot)
                assert app.screen.query_one("#page-scroll").hidden_below == 0
                pages[module.id, page] = [line for line in page_lines(app) if line.strip()]
                app.pop_screen()
                await pilot.pause()
    return pages


async def test_every_line_of_every_lesson_page_is_on_screen_at_80x24_before_the_page_turns(real_course):
    """Walk the whole course with → at 80×24, recording what each screen showed: every line of
    every page (drawn in full on a tall screen of the same width) was on screen before → turned
    it, and while some of it was hidden the screen said so in words."""
    whole = await whole_pages(real_course)
    app = real_app(real_course, patient_store())
    overflowing = 0
    async with app.run_test(size=(80, 24)) as pilot:
        for module in real_course.modules:
            app.open_lesson(module, 0)
            await settled(pilot)
            for page in range(len(module.sections) + 1):
                assert app.screen.page == page
                seen: set[str] = set()
                presses = 0
                while True:
                    seen.update(page_lines(app))
                    nav = app.screen.query_one("#lesson-nav").render()
                    hidden = app.screen.query_one("#page-scroll").hidden_below
                    assert ("more line" in str(nav)) == (hidden > 0), (module.id, page, hidden, str(nav))
                    scrolled = app.screen.query_one("#page-scroll").hidden_below > 0
                    await pilot.press("right")
                    await (pilot.pause() if scrolled else settled(pilot))  # a new page takes a few steps to lay out
                    presses += 1
                    if type(app.screen).__name__ != "LessonScreen" or app.screen.page != page:
                        break
                overflowing += presses > 1
                missing = [line for line in whole[module.id, page] if line not in seen]
                assert not missing, f"lesson {module.id}, page {page + 1}: never on screen before → turned it:\n" + \
                    "\n".join(missing)
            app.pop_screen()  # the quiz that → on the key points opened, or the lesson itself
            await pilot.pause()
    assert overflowing > 40, "most pages are longer than 80×24: the walk must have scrolled them"


async def test_right_and_space_scroll_a_long_page_before_turning_it_and_left_scrolls_back(real_course):
    """Lesson 3, section 1 at 80×24: its end (the pregnancy warning) is below the screen."""
    module = real_course.module("3")
    app = real_app(real_course, patient_store())
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(module, 0)
        await settled(pilot)
        lesson, page = app.screen, app.screen.query_one("#page-scroll")
        assert page.hidden_below > 0 and "more lines below: → or Space to read on" in "\n".join(screen_lines(app))
        assert not any("pregnancy" in line for line in page_lines(app))
        for key in ("right", "space", "n"):
            if not page.hidden_below:
                break
            top = page.scroll_y
            await pilot.press(key)
            await pilot.pause()
            assert lesson.page == 0 and page.scroll_y > top, f"{key} scrolls a long page first"
        assert page.hidden_below == 0
        assert any("pregnancy" in line for line in page_lines(app)), "the end of the page is on screen"
        assert "Next: " in str(lesson.query_one("#lesson-nav").render())
        await pilot.press("left")
        await pilot.pause()
        assert lesson.page == 0 and page.hidden_below > 0, "← scrolls back up before it turns back"
        while lesson.page == 0:
            await pilot.press("right")
            await pilot.pause()
        await settled(pilot)
        assert page.scroll_y == 0, "the next page opens at its top"


# ------------------------------------------------------------------ tables at 80 columns


async def progress_screen_text(course, size) -> str:
    store = MemoryStore()
    store.data.add_learner("Sam", "volunteer")
    app = real_app(course, store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await settled(pilot)
        assert type(app.screen).__name__ == "ProgressScreen"
        return "\n".join(await read_through(pilot, "#progress"))


async def read_through(pilot, selector: str) -> list[str]:
    """Every line of a scrolling region, read a screen at a time with Space (`read_on`), in order."""
    app = pilot.app
    region = app.screen.query_one(selector)
    lines: dict[int, str] = {}
    while True:
        box = region.scrollable_content_region
        rows = screen_lines(app)[box.y:box.bottom]
        for offset, row in enumerate(rows):
            lines[round(region.scroll_y) + offset] = row[box.x:box.right].rstrip()
        if not region.hidden_below:
            return [lines[y] for y in sorted(lines)]
        await pilot.press("space")
        await pilot.pause()


async def test_my_progress_at_80_columns_is_one_block_a_lesson_not_a_wrapped_table(real_course):
    text = await progress_screen_text(real_course, (80, 24))
    lines = text.split("\n")
    for position, module in enumerate(real_course.modules, start=1):
        if "volunteer" not in module.audiences:
            continue
        title = next(row for row, line in enumerate(lines) if line.strip() == f"{position}. {module.title}")
        details = lines[title + 1].strip()
        assert details.startswith("Read: ○ not yet · Quiz: ○ not yet · Best score: not taken"), details
    assert "Best score  Attempts" not in text


async def test_my_progress_on_a_wide_screen_is_a_table(real_course):
    text = await progress_screen_text(real_course, (120, 30))
    header = next(line for line in text.split("\n") if line.strip().startswith("Lesson "))
    assert header.split() == ["Lesson", "Read", "Quiz", "Best", "score", "Attempts"]


def test_a_table_too_wide_for_its_columns_becomes_one_block_a_row():
    from course.outputs.render import aligned_table

    headers = ("Name", "Role", "Complete", *(f"Q{n}" for n in range(1, 8)), "File")
    rows = (("Alexandra Example-Smith", "volunteer", "yes, 2026-12-02", *["100%"] * 7, "evening-group.toml"),
            ("Sam", "patient", "no, 13 to do", "0%", *["-"] * 6, "sam.toml"))
    lines = aligned_table(headers, rows, width=78)
    assert all(len(line) <= 78 for line in lines)
    assert lines[0] == "Alexandra Example-Smith"
    block = " ".join(lines[1:lines.index("")])
    assert "Role: volunteer · Complete: yes, 2026-12-02 · Q1: 100%" in block and "File: evening-group.toml" in block
    assert lines[lines.index("") + 1] == "Sam"
    narrow = aligned_table(("Missed by", "Question"), (("2 of 3", "A question long enough to wrap " * 3),), width=60)
    assert narrow[0].split() == ["Missed", "by", "Question"], "a table whose last column can wrap stays a table"


def test_the_group_report_in_a_terminal_fits_80_columns(tmp_path, real_course, capsys):
    from test_exports_support import complete, progress_with, save

    from course.progress.model import Learner

    saved = save(tmp_path / "evening-group-tuesday.toml",
                 progress_with(complete(real_course, Learner(name="Alexandra Example-Smith", role="volunteer")),
                               Learner(name="Sam", role="volunteer")))
    assert cli.main(["report", str(saved)]) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= 80 for line in out.split("\n")), max(out.split("\n"), key=len)
    assert "Alexandra Example-Smith\n    Role: volunteer · Complete: yes," in out


# ------------------------------------------------------------------ the cursor follows the focus


def cursor_line(app) -> str:
    """The screen line the terminal cursor is on, from the cursor's column: where the last redraw
    put it (`cursor_position` may change between redraws, unseen by the terminal)."""
    spot = app.cursor_shown
    return screen_lines(app)[spot.y][spot.x:]


async def test_the_terminal_cursor_follows_the_selection_on_every_kind_of_screen(real_course):
    """Braille displays and screen review follow the terminal cursor: it sits on the chosen role,
    the name being typed, the highlighted module and answer, and the page being read."""
    app = real_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert cursor_line(app).startswith("● Patient preparing")
        await pilot.press("down")
        await pilot.pause()
        assert cursor_line(app).startswith("● Peer-support volunteer")
        await pilot.press("enter", *"Sam")
        await pilot.pause()
        name = app.screen.query_one("#name")
        assert app.cursor_shown == name.cursor_screen_offset and cursor_line(app).startswith(" ")
        assert screen_lines(app)[app.cursor_shown.y][:app.cursor_shown.x].strip() == "Sam"
        await pilot.press("enter")
        await settled(pilot)

        assert cursor_line(app).startswith("› ○ 1. What ketamine therapy is")  # the course map
        await pilot.press("down", "down")
        await pilot.pause()
        assert cursor_line(app).startswith("› ○ 3. The treatment journey")

        await pilot.press("q")  # the quiz: the highlighted answer
        await settled(pilot)
        assert cursor_line(app).startswith("› 1.")
        await pilot.press("down")
        await pilot.pause()
        assert cursor_line(app).startswith("› 2.")
        await pilot.press("escape")
        await settled(pilot)

        await pilot.press("enter")  # the lesson: the first line of the page being read
        await settled(pilot)
        assert cursor_line(app).startswith("Evaluation and screening")
        await pilot.press("right")
        await pilot.pause()
        page = app.screen.query_one("#page-scroll")
        assert app.cursor_shown == page.scrollable_content_region.offset

        await pilot.press("f2")  # a dialog: its first line
        await pilot.pause()
        assert cursor_line(app).startswith("If you are in crisis")
        await pilot.press("escape")
        await pilot.pause()
        assert app.cursor_shown == page.scrollable_content_region.offset, "back on the page it left"


# ------------------------------------------------------------------ mouse and keyboard together


def spots_to_click(app) -> list[tuple[int, int]]:
    """One cell on each part of the screen that is not a control (not a list, field, button, the
    footer's keys or the header): clicking there must leave the keyboard where it was."""
    from textual.widgets import Button, Footer, Header, Input, OptionList

    from course.tui.widgets.footer import CourseFooter

    controls = (Button, Input, OptionList)  # what a click may rightly give the keyboard to
    screen, spots, seen = app.screen, [], set()
    for y in range(screen.size.height):
        for x in range(0, screen.size.width, 2):
            try:
                widget, _ = screen.get_widget_at(x, y)
            except Exception:
                continue
            if widget in seen or any(isinstance(node, (Footer, CourseFooter, Header)) for node in widget.ancestors_with_self):
                continue
            seen.add(widget)
            if not any(isinstance(node, controls) for node in widget.ancestors_with_self):
                spots.append((x, y))
    return spots


async def clicks_leave_the_focus(pilot, where: str) -> None:
    app = pilot.app
    focused, spots = app.focused, spots_to_click(app)
    assert focused is not None, f"{where}: nothing has the focus"
    assert spots, where
    for x, y in spots:
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert app.focused is focused, f"{where}: a click at {x},{y} moved the keyboard to {app.focused}"


async def test_clicking_anywhere_but_a_control_never_takes_the_keyboard(real_course):
    store = MemoryStore()
    app = real_app(real_course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await clicks_leave_the_focus(pilot, "welcome")
        await pilot.press("down", "down", "enter", *"Jo", "enter")  # a facilitator: the notes pane too
        await settled(pilot)
        await clicks_leave_the_focus(pilot, "course map")
        await pilot.press("enter")
        await settled(pilot)
        await clicks_leave_the_focus(pilot, "lesson with facilitator notes")
        await pilot.press("f1")
        await pilot.pause()
        await clicks_leave_the_focus(pilot, "help")
        await pilot.press("escape", "q")
        await settled(pilot)
        await clicks_leave_the_focus(pilot, "quiz")


async def test_a_click_on_the_welcome_never_loses_the_name_being_typed(real_course):
    app = real_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#welcome-intro")  # on the notice, before choosing
        await pilot.press("down", "enter", *"Sa")
        await pilot.click("#welcome-intro", offset=(4, 3))
        await pilot.click("#welcome-more")
        await pilot.press("m", "enter")
        await settled(pilot)
        assert type(app.screen).__name__ == "MapScreen"
        assert (app.learner.name, app.learner.role) == ("Sam", "volunteer")


async def test_the_help_at_the_smallest_size_says_there_is_more_and_space_reads_all_of_it(real_course):
    from course.keymap import help_sections

    app = real_app(real_course, patient_store())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f1")
        await settled(pilot)
        assert "more lines below: ↓ or Space to read on" in "\n".join(screen_lines(app))
        text = " ".join(" ".join(await read_through(pilot, "#help")).split())
        for where, _rows in help_sections():
            assert where in text, where
        for line in real_course.crisis:
            assert f"{line.name}: {line.how}" in text
        assert "more lines below" not in "\n".join(screen_lines(app)), "at the end nothing more is promised"


async def test_the_course_map_says_in_words_when_modules_or_details_are_below(real_course):
    app = real_app(real_course, patient_store())
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        shown = "\n".join(screen_lines(app))
        assert "more lines below: ↓ to read on" in shown, "the module list's border"
        assert "more lines below: Tab, then ↓" in " ".join(shown.split()), "the module's details"
        await pilot.press("end")
        await pilot.pause()
        assert "more lines below: ↓ to read on" not in "\n".join(screen_lines(app))


async def test_enter_reads_on_wherever_the_focus_is_on_text_to_read(real_course):
    """The focus is always on something that answers Enter: on a lesson page or a long window,
    Enter reads on (and turns the page at its end, as → does)."""
    app = real_app(real_course, patient_store())
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(real_course.module("3"), 0)
        await settled(pilot)
        lesson, page = app.screen, app.screen.query_one("#page-scroll")
        assert app.focused is page and page.hidden_below
        await pilot.press("enter")
        await pilot.pause()
        assert lesson.page == 0 and page.scroll_y > 0
        while lesson.page == 0:
            await pilot.press("enter")
            await pilot.pause()
        assert lesson.page == 1
        await pilot.press("f1")
        await settled(pilot)
        help_window = app.screen.query_one("#help")
        await pilot.press("enter")
        await pilot.pause()
        assert help_window.scroll_y > 0


async def test_enter_shows_the_rest_of_a_quizs_feedback_before_the_next_question(real_course):
    from test_tui_support import answer_keys

    app = real_app(real_course, patient_store())
    overflowed = 0
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_quiz(real_course.module("4"))
        await settled(pilot)
        quiz = app.screen
        for index, drawn in enumerate(quiz.drawn[:-1]):
            await pilot.press(*answer_keys(drawn, right=False))
            await pilot.pause()
            view = quiz.query_one("#question")
            assert "Next question" in "\n".join(screen_lines(app)[-1:]), "the footer still offers Enter"
            while view.hidden_below:
                overflowed += 1
                assert "more line" in "\n".join(screen_lines(app)) and "Enter to read on" in "\n".join(screen_lines(app))
                await pilot.press("enter")
                await pilot.pause()
                assert quiz.index == index, "Enter showed the rest of the feedback, not the next question"
            await pilot.press("enter")
            await pilot.pause()
            assert quiz.index == index + 1
    assert overflowed, "at 80x24 some feedback is longer than the screen"


async def test_the_end_of_a_quizs_feedback_is_its_border_not_a_blank_line_that_needs_another_enter(real_course):
    """A blank row under the feedback counted as "▼ 1 more line below": with the whole box on
    screen, Enter scrolled one empty line instead of going on to the next question."""
    from test_tui_support import answer_keys

    app = real_app(real_course, patient_store())
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_quiz(real_course.module("5"))
        await settled(pilot)
        quiz = app.screen
        for index, drawn in enumerate(quiz.drawn):
            await pilot.press(*answer_keys(drawn, right=index % 2 == 0))
            await settled(pilot)
            view = quiz.query_one("#question")
            while view.hidden_below:
                view.read_on()
                await settled(pilot)
            region = view.scrollable_content_region
            last = screen_lines(app)[region.bottom - 1][region.x:region.right]
            assert last.strip().startswith("╰"), f"question {index + 1}: the view ends with {last!r}"
            await pilot.press("enter")
            await settled(pilot)


async def test_the_group_quiz_says_when_the_answer_runs_below_and_enter_shows_it_first(real_course):
    """At 80×24 a revealed question (each option's feedback, the explanation) is longer than the
    screen: the explanation was hidden with only a faint scrollbar, and Enter went on to the next
    question without showing it."""
    store = MemoryStore()
    store.data.add_learner("Fay", "facilitator")
    app = real_app(real_course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(real_course.module("1"), 0)
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)
        group = app.screen
        await pilot.press("enter")  # reveal
        await settled(pilot)
        view = group.query_one("#group-quiz")
        assert group.quiz.is_revealed and view.hidden_below, "the revealed first question is longer than 80×24"
        assert "more lines below" in "\n".join(screen_lines(app))
        while view.hidden_below:
            await pilot.press("enter")
            await settled(pilot)
            assert group.quiz.index == 0, "Enter showed the rest of the answer, not the next question"
        assert any(line.strip().startswith("Why:") for line in screen_lines(app))
        await pilot.press("enter")
        await settled(pilot)
        assert group.quiz.index == 1


async def test_the_room_says_when_the_answer_runs_below_and_enter_shows_it_first(real_course, tmp_path):
    """The room's shared screen, as the group quiz: after a reveal at 80×24 the explanation was
    below the screen with nothing saying so, and Enter opened the next question."""
    from test_tui_shared_screens import NoServer

    from course.learning.room import Room, room_questions
    from course.tui.screens.room import RoomScreen

    room = Room(real_course, room_questions(real_course, [real_course.module("1")]))
    app = CourseApp(real_course, MemoryStore(), rng=random.Random(0), room_server=NoServer,
                    first_screen=lambda: RoomScreen(room, exit_when_closed=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # open the first question: Enter does what the screen says, hidden lines or not
        await settled(pilot)
        await pilot.press("enter")  # reveal it
        await settled(pilot)
        stage = app.screen.query_one("#room-stage")
        assert room.is_revealed and stage.hidden_below, "the revealed first question is longer than 80×24"
        assert "more lines below" in "\n".join(screen_lines(app))
        while stage.hidden_below:
            await pilot.press("enter")
            await settled(pilot)
            assert room.index == 0, "Enter showed the rest of the answer, not the next question"
        assert any(line.strip().startswith("Why:") for line in screen_lines(app))
        await pilot.press("enter")
        await settled(pilot)
        assert room.index == 1


async def test_a_clicker_reads_the_rooms_revealed_answer_then_moves_on(real_course):
    """PgDn is what a presenter's clicker sends. On a revealed answer longer than the screen it
    scrolled, and at the end it did nothing at all: the facilitator could not move on."""
    from test_tui_shared_screens import NoServer

    from course.learning.room import Room, room_questions
    from course.tui.screens.room import RoomScreen

    room = Room(real_course, room_questions(real_course, [real_course.module("1")]))
    app = CourseApp(real_course, MemoryStore(), rng=random.Random(0), room_server=NoServer,
                    first_screen=lambda: RoomScreen(room, exit_when_closed=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # open the first question
        await settled(pilot)
        await pilot.press("enter")  # reveal it
        await settled(pilot)
        stage = app.screen.query_one("#room-stage")
        assert stage.hidden_below
        presses = 0
        while room.index == 0:
            seen = (stage.scroll_y, room.index)
            await pilot.press("pagedown")
            await settled(pilot)
            presses += 1
            assert (stage.scroll_y, room.index) != seen, "PgDn did nothing"
            if room.index == 0:
                assert presses < 10
        assert presses > 1, "the rest of the answer came first"
        await pilot.press("pageup")
        await settled(pilot)
        assert room.index == 0


async def test_a_notice_does_not_cover_the_too_small_message_and_shows_once_the_window_is_bigger():
    app = real_app(fixture_course())
    async with app.run_test(size=(40, 12), notifications=True) as pilot:  # tests hide notices unless asked
        await pilot.pause()
        assert type(app.screen).__name__ == "TooSmallScreen"
        app.notify("A notice that would cover the message", timeout=30)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "A notice" not in shown and "This window is too small" in shown
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert "A notice" in "\n".join(screen_lines(app))
