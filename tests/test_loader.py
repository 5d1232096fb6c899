"""The loader (`course.content.loader`) on small fixture courses.

Every broken case is the valid fixture (tests/fixtures/valid) with one small text edit, so
the test shows the author's mistake next to the exact `file:line: message` it must produce.
The tests run from the folder that holds the copied course, so paths read `course/...`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from course_copies import FIXTURES, course_fixture, edit, problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content.loader import CourseError, Problem, check_course, load_course

VALID = FIXTURES / "valid"
COURSE = "course.toml"
LESSON_1, QUIZ_1 = "01-welcome/lesson.md", "01-welcome/quiz.toml"
LESSON_2, QUIZ_2 = "02-going-home/lesson.md", "02-going-home/quiz.toml"


course = course_fixture(VALID)  # a fresh copy at ./course for each test


# ---------------------------------------------------------------- the valid fixture


def test_valid_fixture_loads_with_no_problems():
    loaded, found = check_course(VALID)
    assert found == []
    assert loaded.title == "Before Your First Visit"
    assert [m.folder for m in loaded.modules] == ["01-welcome", "02-going-home"]
    welcome, going_home = loaded.modules
    assert [s.id for s in welcome.sections] == ["arrive", "what-to-bring"]
    assert [s.line for s in welcome.sections] == [27, 31]
    assert welcome.sections[1].body == "Bring a list of **all** your medicines [@clinic-handbook]."
    assert [q.id for q in welcome.questions] == ["arrive-early", "bring-list"]
    assert welcome.questions[1].correct_indexes == {0, 2}
    assert [item.activity for item in welcome.facilitator.agenda] == ["Welcome and introductions", "Read and discuss"]
    assert going_home.facilitator is None
    assert loaded.module("going-home") is going_home and loaded.module("2") is going_home


def test_load_course_returns_the_course_or_raises_with_every_problem(course: Path):
    assert load_course(course).id == "clinic-basics"
    edit(course, QUIZ_1, 'section = "arrive"', 'section = "arival"')
    edit(course, QUIZ_2, 'id = "rest"', 'id = "drive-home"')
    with pytest.raises(CourseError) as raised:
        load_course(course)
    assert [(p.path, p.line) for p in raised.value.problems] == [("course/01-welcome/quiz.toml", 5), ("course/02-going-home/quiz.toml", 19)]
    assert str(raised.value) == "\n".join(str(p) for p in raised.value.problems)


def test_windows_line_endings_and_a_byte_order_mark_are_fine(course: Path):
    for path in course.rglob("*.*"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    loaded, found = check_course(course)
    assert found == [] and loaded.modules[0].sections[0].line == 27



def test_the_quick_look_for_control_characters_misses_none():
    """A file is searched for control characters only when its bytes may hold one: every
    character CONTROL finds (and a carriage return) must make the quick look say so."""
    from course.content.loader import _may_hold_control
    from course.terminal import CONTROL

    for code in range(0x800):
        char = chr(code)
        for text in (char, f"plain ¿é text {char} more", f"ascii {char}"):
            if CONTROL.search(text):
                assert _may_hold_control(text.encode()), repr(text)
    assert not _may_hold_control("¿Qué? «sí» \u00a0 ☕ tab\tand\nnewline".encode())


# ---------------------------------------------------------------- one mistake, one problem

# (what is wrong, file, text in the valid fixture, what the author wrote instead, the problem)
ONE_MISTAKE = [
    # bad TOML
    ("bad TOML in course.toml", COURSE, "pass_mark = 80", "pass_mark = = 80",
     "course/course.toml:5: TOML syntax error: Invalid value; check the quotes, brackets and commas on this line"),
    ("bad TOML in a quiz", QUIZ_1, 'kind = "multiple"', 'kind "multiple"',
     "course/01-welcome/quiz.toml:20: TOML syntax error: Expected '=' after a key in a key/value pair; check the quotes, brackets and commas on this line"),
    ("a string with no closing quote", QUIZ_1, 'kind = "multiple"', 'kind = "multiple',
     "course/01-welcome/quiz.toml:20: TOML syntax error: a quoted text has no closing quote; check the quotes, brackets and commas on this line"),
    ("a key given twice", COURSE, 'quiz_size = 2', 'quiz_size = 2\nquiz_size = 3',
     "course/course.toml:7: TOML syntax error: this key already has a value above: give it only once; check the quotes, brackets and commas on this line"),
    ("bad TOML in front matter", LESSON_2, "minutes = 4", "minutes = four",
     "course/02-going-home/lesson.md:4: TOML syntax error: Invalid value; check the quotes, brackets and commas on this line"),
    ("bad TOML on the first front-matter line (line 2 of lesson.md)", LESSON_2, 'id = "going-home"', 'id = going home',
     "course/02-going-home/lesson.md:2: TOML syntax error: Invalid value; check the quotes, brackets and commas on this line"),
    # unknown fields
    ("unknown field in course.toml", COURSE, "pass_mark = 80", "passmark = 80",
     "course/course.toml:5: unknown field 'passmark': remove it or fix its spelling (see: ketamine-course help authoring)"),
    ("unknown field in a source", COURSE, 'kind = "regulator"', 'kind = "regulator"\nyear = 2024',
     "course/course.toml:24: unknown field 'year': remove it or fix its spelling (see: ketamine-course help authoring)"),
    ("unknown field in front matter", LESSON_2, "minutes = 4", "minutes = 4\nminute = 4",
     "course/02-going-home/lesson.md:5: unknown field 'minute': remove it or fix its spelling (see: ketamine-course help authoring)"),
    ("unknown field in facilitator notes", LESSON_1, "minutes = 15", "minutes = 15\nnote = \"x\"",
     "course/01-welcome/lesson.md:15: unknown field 'note': remove it or fix its spelling (see: ketamine-course help authoring)"),
    ("unknown field in a question", QUIZ_1, 'tags = ["scenario"]', 'tag = ["scenario"]',
     "course/01-welcome/quiz.toml:25: question 'bring-list': unknown field 'tag': remove it or fix its spelling (see: ketamine-course help authoring)"),
    ("unknown field in an option", QUIZ_1, "correct = true\nfeedback = \"Yes: every", "corect = true\nfeedback = \"Yes: every",
     "course/01-welcome/quiz.toml:29: question 'bring-list', option 1: unknown field 'corect': remove it or fix its spelling (see: ketamine-course help authoring)"),
    ("unknown top-level field in a quiz", QUIZ_2, '[[questions]]\nid = "drive-home"', 'title = "Quiz"\n\n[[questions]]\nid = "drive-home"',
     "course/02-going-home/quiz.toml:1: unknown field 'title': a quiz file holds only [[questions]]"),
    # missing fields
    ("missing field in course.toml", COURSE, 'version = "1.0.0"\n', "",
     "course/course.toml:1: missing field 'version': add it (see: ketamine-course help authoring)"),
    ("missing field in front matter", LESSON_2, 'key_points = ["Someone else drives you home."]\n', "",
     "course/02-going-home/lesson.md:2: missing field 'key_points': add it (see: ketamine-course help authoring)"),
    ("missing field in a question", QUIZ_1, 'explanation = "Arriving early leaves time for the forms."\n', "",
     "course/01-welcome/quiz.toml:1: question 'arrive-early': missing field 'explanation': add it (see: ketamine-course help authoring)"),
    ("an option without feedback", QUIZ_1, 'feedback = "Not quite: the forms take about 15 minutes."\n', "",
     "course/01-welcome/quiz.toml:14: question 'arrive-early', option 2: missing field 'feedback': add it (see: ketamine-course help authoring)"),
    # wrong types and values
    ("a number written as text", LESSON_2, "minutes = 4", 'minutes = "four"',
     "course/02-going-home/lesson.md:4: 'minutes' is wrong: input should be a valid integer, unable to parse string as an integer (got str); see: ketamine-course help authoring"),
    ("a list written as text", LESSON_1, 'audiences = ["patient", "volunteer", "facilitator"]', 'audiences = "patient"',
     "course/01-welcome/lesson.md:5: 'audiences' is wrong: input should be a valid list (got str); see: ketamine-course help authoring"),
    ("an unknown audience", LESSON_2, 'audiences = ["patient", "volunteer"]', 'audiences = ["patient", "voluntere"]',
     "course/02-going-home/lesson.md:5: 'audiences' is 'voluntere'; it must be one of 'patient', 'volunteer' or 'facilitator'"),
    ("a date in quotes that is not a date", LESSON_2, "reviewed = 2026-11-01", 'reviewed = "last week"',
     "course/02-going-home/lesson.md:6: 'reviewed' is 'last week'; write a date as YYYY-MM-DD, without quotes"),
    ("a number out of range in course.toml", COURSE, "pass_mark = 80", "pass_mark = 0",
     "course/course.toml:5: 'pass_mark' is wrong: input should be greater than or equal to 1 (got int); see: ketamine-course help authoring"),
    ("text where a number belongs in course.toml", COURSE, "quiz_size = 2", 'quiz_size = "two"',
     "course/course.toml:6: 'quiz_size' is wrong: input should be a valid integer, unable to parse string as an integer (got str); see: ketamine-course help authoring"),
    ("an unknown source kind", COURSE, 'kind = "regulator"', 'kind = "book"',
     "course/course.toml:23: 'kind' is 'book'; it must be one of 'article', 'study', 'regulator', 'guideline', 'statistics' or 'organisation'"),
    ("an empty agenda activity", LESSON_1, 'activity = "Read and discuss"', 'activity = ""',
     "course/01-welcome/lesson.md:24: 'activity' is empty: write some text"),
    ("an empty list of objectives", LESSON_2, 'objectives = ["Know who drives you home"]', "objectives = []",
     "course/02-going-home/lesson.md:8: 'objectives' is empty: give at least one entry"),
    ("an unknown question kind", QUIZ_1, 'kind = "single"', 'kind = "singel"',
     "course/01-welcome/quiz.toml:3: question 'arrive-early': 'kind' is 'singel'; it must be one of 'single', 'multiple' or 'true_false'"),
    ("a question id with spaces", QUIZ_1, 'id = "arrive-early"', 'id = "Arrive early"',
     "course/01-welcome/quiz.toml:2: question 'Arrive early': 'id' is 'Arrive early'; use lowercase letters, digits and '-' only"),
    ("objective written as text", QUIZ_1, "objective = 1", 'objective = "one"',
     "course/01-welcome/quiz.toml:4: question 'arrive-early': 'objective' is wrong: input should be a valid integer, unable to parse string as an integer (got str); see: ketamine-course help authoring"),
    ("a question with one option", QUIZ_2, '[[questions.options]]\ntext = "Run a marathon"\nfeedback = "No: rest instead."\n', "",
     "course/02-going-home/quiz.toml:18: question 'rest': 'options' needs at least 2 entries but has 1: add more"),
    # duplicate ids
    ("duplicate source id", COURSE, 'citation = "A transport guide."',
     'citation = "A transport guide."\n\n[[sources]]\nid = "clinic-handbook"\nshort = "Again"\nkind = "study"\ncitation = "Again."',
     "course/course.toml:27: duplicate source id 'clinic-handbook': give each one its own id"),
    ("duplicate module id across folders", LESSON_2, 'id = "going-home"', 'id = "welcome"',
     "course/02-going-home/lesson.md:2: duplicate module id 'welcome' (also used in 01-welcome): give each module its own id"),
    ("duplicate question id", QUIZ_1, 'id = "bring-list"', 'id = "arrive-early"',
     "course/01-welcome/quiz.toml:19: duplicate question id 'arrive-early': give each question its own id"),
    ("duplicate section id", LESSON_2, "Rest for the remainder of the day.", "Rest for the remainder of the day.\n\n## Home again {#home}\n\nStill home.",
     "course/02-going-home/lesson.md:20: duplicate section id 'home' (also on line 12): give the heading its own {#id}"),
    ("module folder listed twice", COURSE, '"02-going-home"]', '"02-going-home", "01-welcome"]',
     "course/course.toml:8: module folder '01-welcome' is listed twice in 'modules': list it once"),
    # cross-references
    ("a question pointing at a missing section", QUIZ_1, 'section = "arrive"', 'section = "arival"',
     "course/01-welcome/quiz.toml:5: question 'arrive-early' points at section 'arival', which the lesson does not have; use one of: arrive, what-to-bring"),
    ("a lesson source not in the registry", LESSON_1, 'sources = ["clinic-handbook"]', 'sources = ["clinic-handbook", "handbook"]',
     "course/01-welcome/lesson.md:7: source 'handbook' is not in the course's [[sources]]: add it to course.toml or fix the id"),
    ("a citation not in the registry", LESSON_1, "forms [@clinic-handbook]", "forms [@handbook]",
     "course/01-welcome/lesson.md:29: citation [@handbook] is not in the course's [[sources]]: add it to course.toml or fix the id"),
    ("a citation not in the lesson's sources", LESSON_1, "forms [@clinic-handbook]", "forms [@transport-guide]",
     "course/01-welcome/lesson.md:29: citation [@transport-guide] is not in this lesson's 'sources': add \"transport-guide\" to them"),
    ("a quiz objective out of range", QUIZ_1, "objective = 2", "objective = 3",
     "course/01-welcome/quiz.toml:21: question 'bring-list' tests objective 3, but the lesson has 2; use a number from 1 to 2"),
    # answer keys
    ("single choice with no correct option", QUIZ_2, 'correct = true\nfeedback = "Yes."', 'feedback = "Yes."',
     "course/02-going-home/quiz.toml:18: question 'rest' is single-choice but has 0 correct options: mark exactly one option 'correct = true' (or use kind = \"multiple\")"),
    ("single choice with two correct options", QUIZ_1, 'text = "Exactly on time"', 'text = "Exactly on time"\ncorrect = true',
     "course/01-welcome/quiz.toml:1: question 'arrive-early' is single-choice but has 2 correct options: mark exactly one option 'correct = true' (or use kind = \"multiple\")"),
    ("true/false with two options of one value", QUIZ_2, 'value = true', 'value = false',
     "course/02-going-home/quiz.toml:1: question 'drive-home' is true/false: give exactly two options, one with value = true and one with value = false, and mark the right one 'correct = true'"),
    ("true/false written as text, the old way", QUIZ_2, 'value = true', 'text = "True"',
     "course/02-going-home/quiz.toml:10: question 'drive-home', option 1: a true/false option is written value = true or value = false, not as text (the app shows True or False in the learner's language): replace text = \"True\" with value = true"),
    ("true/false value in quotes", QUIZ_2, 'value = true', 'value = "true"',
     "course/02-going-home/quiz.toml:10: question 'drive-home', option 1: a true/false option needs value = true or value = false (without quotes)"),
    ("a value on an option that is not true/false", QUIZ_2, 'text = "Run a marathon"', 'text = "Run a marathon"\nvalue = false',
     "course/02-going-home/quiz.toml:32: question 'rest', option 2: 'value' is only for true/false options: remove it"),
    # lesson structure
    ("an empty section", LESSON_2, "Rest for the remainder of the day.", "",
     "course/02-going-home/lesson.md:16: section 'Resting' is empty: write its text under the heading, or remove the heading"),
    ("a heading without a title", LESSON_2, "## Resting {#rest}", "## {#rest}",
     "course/02-going-home/lesson.md:16: a '## ' heading with no title: give the section a title"),
    ("text before the first heading", LESSON_2, "+++\n\n## Going home", "+++\nHello.\n## Going home",
     "course/02-going-home/lesson.md:11: text before the first '## ' heading: put it under a section heading"),
    ("a lesson without front matter", LESSON_2, "+++\nid", "id",
     "course/02-going-home/lesson.md:1: a lesson must start with a line '+++', then its TOML front matter, then another '+++' line"),
    ("a lesson whose front matter is never closed", LESSON_2, "+++\n\n## Going home", "\n## Going home",
     "course/02-going-home/lesson.md:1: the front matter is never closed: add a line '+++' after it"),
    # module folders
    ("a module listed with no folder", COURSE, '"02-going-home"]', '"02-going-home", "03-after-care"]',
     "course/course.toml:8: module '03-after-care' is listed in 'modules' but there is no folder course/03-after-care: create it or remove it from the list"),
    ("a module folder not listed", COURSE, ', "02-going-home"]', "]",
     "course/course.toml:8: folder '02-going-home' is not listed in 'modules': add \"02-going-home\" to the list, or move the folder out of the course"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [case[1:] for case in ONE_MISTAKE], ids=[case[0] for case in ONE_MISTAKE])
def test_one_mistake_gives_exactly_one_problem_at_the_right_line(course: Path, file: str, old: str, new: str, expected: str):
    edit(course, file, old, new)
    assert problems(course) == [expected]


def test_a_lesson_with_no_sections_at_all(course: Path):
    lesson = course / LESSON_2
    front_matter_only = lesson.read_text(encoding="utf-8").split("\n## ")[0]
    lesson.write_text(front_matter_only, encoding="utf-8")
    assert problems(course) == ["course/02-going-home/lesson.md:11: the lesson has no sections: add at least one '## ' heading with text under it"]


def test_empty_front_matter_reports_every_missing_field(course: Path):
    edit(course, LESSON_2, '+++\nid = "going-home"', "+++\n+++\nid = \"going-home\"")
    found = problems(course)
    assert found[0] == "course/02-going-home/lesson.md:2: missing field 'audiences': add it (see: ketamine-course help authoring)"
    assert len([p for p in found if "missing field" in p]) == 8


def test_multiple_choice_with_no_correct_option(course: Path):
    edit(course, QUIZ_1, 'text = "A list of your medicines"\ncorrect = true', 'text = "A list of your medicines"')
    edit(course, QUIZ_1, 'text = "Your questions"\ncorrect = true', 'text = "Your questions"')
    assert problems(course) == ["course/01-welcome/quiz.toml:18: question 'bring-list' has no correct option: mark at least one option 'correct = true'"]


def test_missing_files(course: Path):
    (course / QUIZ_1).unlink()
    (course / LESSON_2).unlink()
    assert problems(course) == [
        "course/01-welcome/quiz.toml:1: missing quiz.toml: every module needs a quiz bank (see: ketamine-course help authoring)",
        "course/02-going-home/lesson.md:1: missing lesson.md: every module folder needs a lesson (see: ketamine-course help authoring)",
    ]


def test_a_quiz_without_questions(course: Path):
    (course / QUIZ_2).write_text("# nothing yet\n", encoding="utf-8")
    assert problems(course) == ["course/02-going-home/quiz.toml:1: no questions: add at least one [[questions]] table (see: ketamine-course help authoring)"]


def test_a_folder_without_course_toml(course: Path):
    (course / COURSE).unlink()
    assert problems(course) == ["course/course.toml:1: no course.toml here: give the path of a course folder (the one holding course.toml)"]


def test_a_course_folder_that_does_not_exist(course: Path):
    assert problems(Path("no-such-course")) == ["no-such-course: no such folder: give the path of a course folder (the one holding course.toml)"]


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(course: Path):
    quiz = course / QUIZ_2
    quiz.write_bytes(quiz.read_bytes().replace(b"Rest helps.", "Rest helps \xe9.".encode("latin-1")))
    assert problems(course) == ["course/02-going-home/quiz.toml:23: not UTF-8 text (byte 531): save the file as UTF-8"]


def test_line_numbers_count_only_newlines(course: Path):
    # U+2028 is a line break for str.splitlines() but not for TOML or for editors' line numbers.
    edit(course, QUIZ_1, "[[questions]]\nid = \"arrive-early\"", "# arrive\u2028early\n[[questions]]\nid = \"arrive-early\"")
    edit(course, QUIZ_1, 'section = "arrive"', 'section = "arival"')
    assert [p.split(": ")[0] for p in problems(course)] == ["course/01-welcome/quiz.toml:6"]


@pytest.mark.parametrize("line", ['kind = "single"  # a """ in a comment', "kind = 'single'  # a \'\'\' in a comment",
                                  'kind = "single" # one-line "\\"" and """ two"""'])
def test_triple_quotes_in_a_comment_or_string_do_not_open_a_multiline_string(course: Path, line: str):
    # A triple quote after the value once made every later problem report line 1.
    edit(course, QUIZ_1, 'id = "arrive-early"\nkind = "single"', f'id = "arrive-early"\n{line}')
    edit(course, QUIZ_1, 'section = "what-to-bring"', 'section = "what-to-brng"')
    assert [p.split(": ")[0] for p in problems(course)] == ["course/01-welcome/quiz.toml:22"]


def test_a_multiline_string_still_skips_the_lines_inside_it(course: Path):
    edit(course, QUIZ_1, 'explanation = "Arriving early leaves time for the forms."',
         'explanation = """Arriving early\nid = "not-a-key" # """\n')
    edit(course, QUIZ_1, 'section = "what-to-bring"', 'section = "what-to-brng"')
    assert [p.split(": ")[0] for p in problems(course)] == ["course/01-welcome/quiz.toml:24"]


def test_deeply_nested_toml_is_a_problem_not_a_crash(course: Path):
    edit(course, QUIZ_1, 'tags = ["scenario"]', "tags = " + "[" * 5000 + "]" * 5000)
    assert problems(course) == ["course/01-welcome/quiz.toml:1: TOML syntax error: a value is nested too deeply; simplify it"]


# ---------------------------------------------------------------- many problems at once


def test_every_problem_in_every_file_is_reported_sorted(course: Path):
    edit(course, COURSE, "pass_mark = 80", "passmark = 80")
    edit(course, LESSON_1, "forms [@clinic-handbook]", "forms [@handbook]")
    edit(course, QUIZ_1, 'section = "arrive"', 'section = "arival"')
    edit(course, QUIZ_1, "objective = 2", "objective = 3")
    edit(course, QUIZ_2, 'value = true', 'value = false')
    edit(course, LESSON_2, "minutes = 4", "minutes = -4")
    found = check_course(course)[1]
    assert found == sorted(found)
    assert [f"{p.path}:{p.line}" for p in found] == [
        "course/01-welcome/lesson.md:29",
        "course/01-welcome/quiz.toml:5",
        "course/01-welcome/quiz.toml:21",
        "course/02-going-home/lesson.md:4",
        "course/02-going-home/quiz.toml:1",
        "course/course.toml:5",
    ]


def test_a_front_matter_mistake_still_reports_quiz_problems(course: Path):
    edit(course, LESSON_1, "minutes = 5\naudiences", 'minutes = "five"\naudiences')
    edit(course, QUIZ_1, 'section = "arrive"', 'section = "arival"')
    edit(course, QUIZ_1, "objective = 2", "objective = 3")
    assert [p.split(": ")[0] for p in problems(course)] == [
        "course/01-welcome/lesson.md:4", "course/01-welcome/quiz.toml:5", "course/01-welcome/quiz.toml:21"]


def test_a_front_matter_syntax_error_still_reports_quiz_problems(course: Path):
    edit(course, LESSON_1, "minutes = 5\naudiences", "minutes = \naudiences")
    edit(course, QUIZ_1, 'section = "arrive"', 'section = "arival"')
    assert [p.split(": ")[0] for p in problems(course)] == ["course/01-welcome/lesson.md:4", "course/01-welcome/quiz.toml:5"]


def test_a_missing_lesson_still_reports_quiz_problems(course: Path):
    (course / LESSON_2).unlink()
    edit(course, QUIZ_2, 'kind = "single"', 'kind = "singel"')
    assert [p.split(": ")[0] for p in problems(course)] == ["course/02-going-home/lesson.md:1", "course/02-going-home/quiz.toml:20"]


def test_a_broken_course_toml_still_reports_problems_in_every_module(course: Path):
    edit(course, COURSE, "pass_mark = 80", "pass_mark = = 80")
    edit(course, QUIZ_1, 'section = "arrive"', 'section = "arival"')
    edit(course, LESSON_2, "minutes = 4", "minutes = 0")
    assert [p.split(": ")[0] for p in problems(course)] == [
        "course/01-welcome/quiz.toml:5", "course/02-going-home/lesson.md:4", "course/course.toml:5"]


@pytest.mark.parametrize("modules", ["", 'modules = "01-welcome"\n', "modules = [1, 2]\n"], ids=["missing", "text", "numbers"])
def test_a_broken_modules_list_checks_every_folder_without_false_alarms(course: Path, modules: str):
    edit(course, COURSE, 'modules = ["01-welcome", "02-going-home"]\n', modules)
    edit(course, QUIZ_2, 'section = "rest"', 'section = "resting"')
    found = problems(course)
    assert found[0].startswith("course/02-going-home/quiz.toml:21: question 'rest' points at section 'resting'")
    assert found[1:] and all(p.startswith("course/course.toml:") and "'modules'" in p and "not listed" not in p for p in found[1:])


def test_a_duplicated_module_id_is_found_even_when_the_lesson_has_other_problems(course: Path):
    edit(course, LESSON_2, 'id = "going-home"', '# the second lesson\nid = "welcome"')
    edit(course, LESSON_2, "minutes = 4", "minutes = 0")
    assert [p.split(": ")[0] for p in problems(course)] == ["course/02-going-home/lesson.md:3", "course/02-going-home/lesson.md:5"]
    assert "duplicate module id 'welcome'" in problems(course)[0]


# ---------------------------------------------------------------- never a traceback

# Values an author might put in the wrong place: every TOML type, duplicates, empty things.
ODD_VALUES = ['[]', '["x"]', '[["x"]]', '{a = 1}', '[{a = 1}, {a = 1}]', '[{id = ["x"]}]', '1', '-1', '0', 'true',
              '""', '"x"', '2026-01-01', '1.5', '[1, 1]', '["a", "a"]', '"welcome"', '"arrive"', '"""\nx\n"""']
FILES = sorted(str(path.relative_to(VALID)) for path in VALID.rglob("*.*"))


def _mutate(data: bytes, mutation: tuple) -> bytes:
    kind, where, value = mutation
    lines = data.split(b"\n")
    if kind == "byte":
        index = where % (len(data) or 1)
        return data[:index] + bytes([value % 256]) + data[index + 1:]
    if kind == "drop-line":
        del lines[where % len(lines)]
    elif kind == "copy-line":
        lines.insert(value % (len(lines) + 1), lines[where % len(lines)])
    elif kind == "set-value":
        assignments = [index for index, line in enumerate(lines) if b" = " in line] or [0]
        index = assignments[where % len(assignments)]
        lines[index] = lines[index].split(b" = ")[0] + b" = " + ODD_VALUES[value % len(ODD_VALUES)].encode()
    elif kind == "insert":
        index = where % (len(data) + 1)
        return data[:index] + b'[]{}"=#\n.,+\'\\ 0a\xff'[value % 17:][:1] + data[index:]
    return b"\n".join(lines)


MUTATION = st.tuples(st.sampled_from(["byte", "drop-line", "copy-line", "set-value", "insert"]), st.integers(0, 10_000), st.integers(0, 10_000))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FILES), MUTATION), min_size=1, max_size=4))
def test_random_mutations_give_problems_never_a_traceback(mutations: list[tuple[str, tuple]]):
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "course"
        shutil.copytree(VALID, folder)
        for file, mutation in mutations:
            path = folder / file
            path.write_bytes(_mutate(path.read_bytes(), mutation))
        loaded, found = check_course(folder)  # must not raise
    assert (loaded is None) == bool(found)
    for problem in found:
        assert isinstance(problem, Problem) and problem.line >= 1 and problem.message
        assert "Traceback" not in problem.message


# ---------------------------------------------------------------- cutting a lesson into sections

def _cut_as_before(body: str, first_line: int) -> tuple[list, list, list]:
    """The line-by-line cut the loader used before it searched fence-free bodies whole: the reference."""
    from course.content.loader import _HEADING, CITATION, slugify

    sections: list[dict] = []
    citations: list[tuple[int, str]] = []
    problems: list[int] = []
    lines = body.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if ("```" in line or "~~~" in line) and line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = _HEADING.match(line) if not in_fence and line.startswith("##") else None
        if heading:
            if sections:
                sections[-1]["end"] = index
            title = heading.group(1).strip()
            sections.append({"id": heading.group(2) or slugify(title), "title": title,
                             "line": first_line + index, "start": index + 1, "cited": set()})
            continue
        if "[@" in line:
            cited = CITATION.findall(line)
            citations.extend((first_line + index, source_id) for source_id in cited)
            if sections:
                sections[-1]["cited"].update(cited)
        if not sections and line.strip():
            problems.append(first_line + index)
    if sections:
        sections[-1]["end"] = len(lines)
    else:
        problems.append(first_line)
    return sections, citations, sorted(problems)


_BODY_LINES = st.sampled_from([
    "## Arrive", "## Arrive {#arrive}", "##   Qué esperar  ", "##", "## ", "### Smaller", "##Tight", " ## Indented",
    "## Cited [@a]", "Text [@a] and [@b.c-d].", "[@a][@b]", "[@ no]", "Plain prose.", "", "   ", "\t", "\r",
    "```", "  ```python", "~~~", "text ``` inside", "## 中文", "## 中文 {#zh}", "[@a", "@a]",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_BODY_LINES, max_size=14), st.integers(min_value=1, max_value=40))
def test_sections_are_cut_as_the_line_by_line_reading_cuts_them(lines, first_line):
    from course.content.loader import _cut_at_headings, _cut_by_lines, _Report

    body = "\n".join(lines)
    expected = _cut_as_before(body, first_line)
    cutters = [_cut_by_lines] if "```" in body or "~~~" in body else [_cut_by_lines, _cut_at_headings]
    for cut in cutters:
        found: list[Problem] = []
        sections, citations = cut(body, body.split("\n"), first_line, _Report(Path("lesson.md"), found))
        if sections:
            sections[-1]["end"] = len(body.split("\n"))
        else:
            found.append(Problem("", first_line, ""))
        assert (sections, citations, sorted(problem.line for problem in found)) == expected, cut.__name__


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["+++", " +++ ", "+++\r", "++", 'id = "a"', "", "## Part", "text"]), max_size=8))
def test_front_matter_is_cut_as_splitting_into_lines_cuts_it(lines):
    from course.content.loader import _Report, _split_front_matter

    text = "\n".join(lines)
    expected = None
    if lines and lines[0].strip() == "+++":
        closing = next((index for index in range(1, len(lines)) if lines[index].strip() == "+++"), None)
        if closing is not None:
            expected = "\n".join(lines[1:closing]), "\n".join(lines[closing + 1:]), closing + 2
    found: list[Problem] = []
    assert _split_front_matter(text, _Report(Path("lesson.md"), found)) == expected
    assert len(found) == (expected is None)
