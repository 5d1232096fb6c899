"""Issue 14, fault 1: escape sequences in a course folder never reach the terminal.

A crafted folder (an OSC title sequence in a lesson title, ESC[2J in a section, BEL in a
heading, C1 controls in a quiz, ESC in a module folder's name) must be reported by `validate`
as file:line; and even a course that got past the loader, a file name or a typed argument
holding them must not act on the terminal: `read`, exports, the app's screen and every CLI
message neutralise them.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from course_copies import FIXTURES, copy_here, edit

from course import cli
from course.content.loader import load_course
from course.outputs.document import Document, Heading, Items, Para
from course.outputs.render import render
from course.progress.store import ProgressStore
from course.terminal import CONTROL, describe, printable, shown

VALID = FIXTURES / "valid"
TITLE_SEQUENCE = "\x1b]0;PWNED\x07"  # OSC: set the window title, ended by BEL
CLEAR = "\x1b[2J"
C1_CLEAR = "\x9b2J"  # the same in one C1 character (CSI)
EVIL_FOLDER = f"02-going{CLEAR}home"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def crafted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid fixture at ./course with escape codes in every kind of place an author writes."""
    folder = copy_here(VALID, tmp_path, monkeypatch)
    lesson, quiz = "01-welcome/lesson.md", "01-welcome/quiz.toml"
    edit(folder, lesson, 'title = "Welcome to the clinic"', r'title = "Welcome\u001b]0;PWNED\u0007 to the clinic"')  # line 3
    edit(folder, lesson, "## What to bring", "## What to bring\x07")  # line 31: a literal BEL in a heading
    edit(folder, lesson, "Please arrive 15 minutes early", f"Please {CLEAR}arrive 15 minutes early")  # line 29
    edit(folder, quiz, 'text = "Exactly on time"', r'text = "Exactly\u009b2J on time"')  # line 15: C1 by escape
    edit(folder, quiz, 'prompt = "What should you bring?"', f'prompt = "What should you{C1_CLEAR} bring?"')  # line 23: literal C1
    (folder / "02-going-home").rename(folder / EVIL_FOLDER)
    edit(folder, "course.toml", '"02-going-home"]', r'"02-going\u001b[2Jhome"]')  # line 8
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ validate


def test_validate_reports_every_control_character_as_file_and_line(crafted: Path, capsys):
    code, out, err = run(capsys, "validate", str(crafted))
    assert code == 1
    escape, bell, csi = describe("\x1b"), describe("\x07"), describe("\x9b")
    expected = [
        f"course/01-welcome/lesson.md:3: control character {escape}, written as a TOML escape such as \\u001b:",
        f"course/01-welcome/lesson.md:29: control character {escape} in the text",
        f"course/01-welcome/lesson.md:31: control character {bell} in the text",
        f"course/01-welcome/quiz.toml:15: control character {csi}, written as a TOML escape such as \\u009b:",
        f"course/01-welcome/quiz.toml:23: control character {csi} in the text",
        "course/02-going\\x1b[2Jhome: the folder's name holds control character "
        f"{escape}: a terminal would obey it as a command whenever the name is shown; rename the folder",
        f"course/course.toml:8: control character {escape}, written as a TOML escape such as \\u001b:",
    ]
    lines = out.splitlines()
    assert len(lines) == len(expected), out
    for line, start in zip(lines, expected):
        assert line.startswith(start), (line, start)
    assert not RAW.search(out + err), "validate's own output must not carry the escape codes"
    assert "7 problems" in err


def test_escape_codes_anywhere_in_a_toml_value_or_key_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = copy_here(VALID, tmp_path, monkeypatch)
    edit(folder, "01-welcome/lesson.md", 'key_points = ["Arrive 15 minutes early.",',
         r'key_points = ["Arrive 15 minutes early.\e[8m",')  # TOML 1.1's \e, in a list
    edit(folder, "01-welcome/quiz.toml", 'explanation = "Arriving early leaves time for the forms."',
         'explanation = """\nArriving early\\r leaves time for the forms."""')
    edit(folder, "course.toml", 'how = "Call or text 988."', 'how = "Call or text 988."\n"\\u0007" = 1')
    with pytest.raises(Exception) as raised:
        load_course(folder)
    found = [(Path(p.path).name, p.line) for p in raised.value.problems if "control character" in p.message]
    # a quoted key with an escape is placed at its table's line (tomllines does not unescape keys)
    assert sorted(found) == [("course.toml", 10), ("lesson.md", 9), ("quiz.toml", 7)]


def test_a_clean_course_is_still_clean_and_tabs_are_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = copy_here(VALID, tmp_path, monkeypatch)
    edit(folder, "01-welcome/lesson.md", "Please arrive", "Please\tarrive")
    assert load_course(folder).modules[0].sections[0].body.startswith("Please\tarrive")


# ------------------------------------------------------------------ past the loader: read, exports, app


def poisoned(course):
    """The course with escape codes in its title, a lesson title, a section and a quiz option, as if
    some other way in had skipped the loader's checks."""
    module = course.modules[0]
    section = replace(module.sections[0], title=f"Arriving{TITLE_SEQUENCE}",
                      body=f"Please {CLEAR}arrive \x1b[8mhidden\x1b[0m early.")
    question = module.questions[0]
    option = replace(question.options[1], text=f"Exactly{C1_CLEAR} on time")
    question = replace(question, prompt=f"How early{TITLE_SEQUENCE}?", options=[question.options[0], option])
    module = replace(module, title=f"Welcome{TITLE_SEQUENCE}", sections=[section, *module.sections[1:]],
                     questions=[question, *module.questions[1:]])
    return replace(course, title=f"Course{CLEAR}", modules=[module, *course.modules[1:]])


def test_read_shows_no_control_character_even_from_a_course_past_the_loader(monkeypatch, capsys):
    from course.cli import course_commands

    monkeypatch.setattr(course_commands, "load", lambda args: poisoned(load_course(VALID)))
    for args in (["read"], ["read", "1", "--quiz", "--answers", "--facilitator"], ["read", "all"], ["read", "help"]):
        code, out, err = run(capsys, *args)
        assert code == 0
        assert not RAW.search(out + err), args
    assert "Lesson 1: Welcome]0;PWNED\n" in run(capsys, "read", "1")[1]


def test_read_keeps_its_own_bold_headings_on_a_terminal(monkeypatch, capsys):
    from course.outputs import plaintext

    monkeypatch.setattr(plaintext, "wants_emphasis", lambda stream: True)
    out = run(capsys, "--lessons", str(VALID), "read", "1")[1]
    assert "\x1b[1mLesson 1: Welcome to the clinic\x1b[0m" in out


def test_exports_drop_control_characters_in_every_format():
    document = Document(f"Title{TITLE_SEQUENCE}").add(Heading(f"Head{CLEAR}"), Para(f"Text\x07{C1_CLEAR}"),
                                                        Items(("item\x1b[8m",)))
    for fmt in ("txt", "md", "html"):
        assert not RAW.search(render(document, fmt)), fmt


def test_the_group_reports_csv_has_no_control_characters():
    from course.outputs.report import _csv

    assert _csv([[f"Sam{TITLE_SEQUENCE}", f"=1+1{CLEAR}"]]) == "Sam]0;PWNED,'=1+1[2J\n"


async def test_the_apps_screen_shows_no_control_character(tmp_path: Path):
    from course.tui.app import CourseApp

    course = poisoned(load_course(VALID))
    app = CourseApp(course, ProgressStore.open(tmp_path / "progress.toml"), rng=random.Random(0))
    seen: list[str] = []

    def screen_text() -> str:
        return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter", *"Sam", "enter")  # a volunteer called Sam
        await pilot.pause()
        app.open_lesson(app.course.modules[0])
        await pilot.pause()
        seen.append(screen_text())
        app.start_quiz(app.course.modules[0])
        await pilot.pause()
        seen.append(screen_text())
        app.notify(f"Saved to /tmp/x{TITLE_SEQUENCE}.html", title=f"Export{CLEAR}")  # a path in a notice
        await pilot.pause()
        seen += [f"{n.title}: {n.message}" for n in app._notifications]
    assert "Arriving]0;PWNED" in seen[0] and "Quiz: Welcome]0;PWNED" in seen[1], seen[1]
    assert "Export[2J: Saved to /tmp/x]0;PWNED.html" in seen
    for text in seen:
        assert not RAW.search(text), repr(RAW.search(text))
    assert app.title == "Course[2J"


# ------------------------------------------------------------------ CLI messages that echo a name or a path


def test_cli_messages_show_escape_codes_in_paths_and_names_instead_of_obeying_them(tmp_path: Path, capsys):
    folder = str(tmp_path / f"nowhere{TITLE_SEQUENCE}")
    for args in (["validate", folder], ["--lessons", folder, "read"], ["--lessons", str(VALID), "read", CLEAR],
                 ["verify", folder], ["--lessons", str(VALID), "export", "handout", "1", "-o", folder + "/x.md"],
                 ["read", "--no-such-option" + CLEAR]):
        try:
            code, out, err = run(capsys, *args)
        except SystemExit:  # argparse's usage error
            out, err = capsys.readouterr()
        assert not RAW.search(out + err), (args, out + err)
        assert "\\x1b" in out + err, (args, out + err)


def test_the_stream_guard_is_removed_after_each_command(capsys):
    import sys

    before = sys.stdout, sys.stderr
    run(capsys, "--lessons", str(VALID), "where")
    assert (sys.stdout, sys.stderr) == before


# ------------------------------------------------------------------ the helpers themselves


def test_printable_drops_and_shown_writes_out_every_control_but_tab_newline_and_bold():
    every = "".join(map(chr, range(0x00, 0xA0)))
    assert printable(every) == "\t\n" + "".join(map(chr, range(0x20, 0x7F)))
    text = shown(f"a\x1b[1mb\x1b[0mc{CLEAR}\x9b\x07\td\n")
    assert text == "a\x1b[1mb\x1b[0mc\\x1b[2J\\x9b\\x07\td\n"
    assert CONTROL.search("café — “quoted” ✓ \u2028") is None  # ordinary Unicode is text
