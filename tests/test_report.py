"""`ketamine-course report`: participants' progress files merged into one group report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
from pathlib import Path

import pytest
from test_exports_support import complete, fixture_course, progress_with, read_lesson, run_cli, save, take_quiz

from course.learning.quiz import note_miss
from course.outputs import report
from course.progress.model import SCHEMA_VERSION, Learner
from course.progress.store import dumps


@pytest.fixture
def group(tmp_path: Path) -> list[Path]:
    """Two participants' files (the first shared by two people), a corrupt file and a missing one."""
    course = fixture_course()
    alex = complete(course, Learner(name="Alex", role="volunteer"))  # missed everything once, then passed
    sam = Learner(name="Sam", role="volunteer")
    read_lesson(course, sam, "welcome")
    take_quiz(course, sam, "welcome", [False, True])  # missed "How early should you arrive?"
    kim = Learner(name="Kim", role="patient")
    take_quiz(course, kim, "welcome", [False, False])
    take_quiz(course, kim, "going-home", [True, True])
    first = save(tmp_path / "evening-group.toml", progress_with(alex, sam))
    second = save(tmp_path / "kim.toml", progress_with(kim))
    corrupt = tmp_path / "broken.toml"
    corrupt.write_text("schema_version = 1\n[learners.abc\nname = 'x'\n", encoding="utf-8")
    return [first, second, corrupt, tmp_path / "never-sent.toml"]


def table_rows(out: str, title: str) -> list[str]:
    block = out.split(title + "\n", 1)[1].lstrip("\n").split("\n\n", 1)[0]
    return block.splitlines()


def test_the_terminal_table(capsys, group: list[Path]):
    code, out, err = run_cli(capsys, "report", *map(str, group))
    assert code == 0
    assert "from 2 progress files. 2 files were skipped. 3 learners." in " ".join(out.split())
    flowing = " ".join(out.split())  # long paths are wrapped
    assert f"{group[2]}: it is not valid TOML (" in flowing
    assert f"{group[3]}: there is no such file" in flowing
    assert "2 of 4 files skipped" in err
    learners = table_rows(out, "Learners\n--------")
    assert learners[0].split() == ["Name", "Role", "Complete", "Read", "Q1", "Q2", "File"]
    assert set(learners[1]) <= {"-", " "}
    rows = {line.split()[0]: line for line in learners[2:]}
    assert rows["Alex"].split()[1:] == ["volunteer", "yes,", dt.date.today().isoformat(), "2/2", "100%", "100%", "evening-group.toml"]
    assert rows["Sam"].split()[1:] == ["volunteer", "no,", "3", "to", "do", "1/2", "50%", "-", "evening-group.toml"]
    assert rows["Kim"].split()[1:] == ["patient", "no,", "2", "to", "do", "0/2", "0%", "100%", "kim.toml"]
    columns = {line.index("evening-group.toml" if "Kim" not in line else "kim.toml") for line in learners[2:]}
    assert len(columns) == 1  # the columns line up
    assert "Lesson 2, “Going home”: read it to the end." in out  # what Sam still has to do


def test_questions_missed_most_often_show_their_prompts(capsys, group: list[Path]):
    _, out, _ = run_cli(capsys, "report", *map(str, group))
    missed = table_rows(out, "Questions missed most often\n---------------------------")
    assert missed[0].split() == ["Missed", "by", "Times", "missed", "Lesson", "Question"]
    first = missed[2]
    assert first.endswith("How early should you arrive?") and first.split()[:6] == ["3", "of", "3", "3", "of", "4"]
    assert any(line.endswith("What should you bring?") and line.split()[:3] == ["2", "of", "3"] for line in missed)
    assert "welcome/arrive-early" not in out


def test_csv_and_markdown_with_output(capsys, group: list[Path], tmp_path: Path):
    prefix = tmp_path / "out" / "evening"
    prefix.parent.mkdir()
    code, out, _ = run_cli(capsys, "report", *map(str, group), "--output", str(prefix))
    assert code == 0
    files = {name: prefix.parent / f"evening{name}" for name in (".md", "-learners.csv", "-missed.csv")}
    for path in files.values():
        assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert f"Wrote {path}" in out
    learners = list(csv.DictReader(io.StringIO(files["-learners.csv"].read_text(encoding="utf-8"))))
    by_name = {row["name"]: row for row in learners}
    assert set(by_name) == {"Alex", "Sam", "Kim"}
    assert by_name["Alex"]["complete"] == "yes" and by_name["Alex"]["welcome best_score"] == "100"
    assert by_name["Alex"]["welcome attempts"] == "2" and by_name["Alex"]["going-home passed"] == "yes"
    assert by_name["Sam"]["complete"] == "no" and by_name["Sam"]["welcome best_score"] == "50"
    assert by_name["Sam"]["going-home best_score"] == "" and by_name["Sam"]["going-home read"] == "no"
    assert "read it to the end" in by_name["Sam"]["still_to_do"]
    assert (by_name["Kim"]["assessed"], by_name["Kim"]["welcome passed"]) == ("no", "self-check")
    assert by_name["Alex"]["assessed"] == "yes"
    missed = list(csv.DictReader(io.StringIO(files["-missed.csv"].read_text(encoding="utf-8"))))
    top = missed[0]
    assert (top["question"], top["learners_missed"], top["times_missed"], top["times_asked"]) == (
        "How early should you arrive?", "3", "3", "4")
    markdown = files[".md"].read_text(encoding="utf-8")
    assert markdown.startswith("# Group report: Before Your First Visit")
    assert "| Name | Role | Complete | Read | Q1 | Q2 | File |" in markdown
    assert "| How early should you arrive? |" in markdown.replace("| 1 | How early", "| How early")
    assert "broken.toml: it is not valid TOML (" in markdown

    code, _, err = run_cli(capsys, "report", *map(str, group), "--output", str(prefix))
    assert code == 1 and "already exist" in err and "--force" in err
    assert run_cli(capsys, "report", *map(str, group), "--output", str(prefix), "--force")[0] == 0


def test_output_to_a_folder(capsys, group: list[Path], tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    assert run_cli(capsys, "report", str(group[0]), "-o", str(folder))[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == ["group-report-learners.csv", "group-report-missed.csv", "group-report.md"]


def test_nothing_readable_is_an_error(capsys, group: list[Path], tmp_path: Path):
    code, out, err = run_cli(capsys, "report", str(group[2]), str(group[3]), "-o", str(tmp_path / "r"))
    assert code == 1 and "nothing to report" in err
    assert "broken.toml" in out and not list(tmp_path.glob("r*"))


def test_files_that_are_not_progress_files_are_named_with_a_reason(tmp_path: Path):
    other = tmp_path / "pyproject.toml"
    other.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    newer = tmp_path / "newer.toml"
    newer.write_text(dumps(progress_with(Learner(name="A"))).replace(f"schema_version = {SCHEMA_VERSION}", "schema_version = 99\nfuture_field = 1"),
                     encoding="utf-8")
    binary = tmp_path / "photo.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    sheet = tmp_path / "learners.csv"  # the report's own CSV, say, given back to it
    sheet.write_text("name,learner_id,role\nAlex,abc,volunteer\n", encoding="utf-8")
    built = report.build_report(fixture_course(), [other, newer, binary, folder, sheet])
    reasons = dict(built.skipped)
    assert reasons[str(sheet)].startswith("it is a CSV file but not a room quiz's summary"), "not 'not valid TOML'"
    assert reasons[str(other)].startswith("it is not a ketamine-course progress file (at project:")
    assert reasons[str(binary)].startswith("it is not text")
    assert reasons[str(folder)] == "it is a folder, not a file"
    assert str(newer) not in reasons  # a newer file is read as far as this version understands it
    assert built.files_read == 1 and [p.name for p in built.participants] == ["A"]
    assert built.notes == [f"{newer} was saved by a newer version of ketamine-course (format 99); "
                           "only what this version understands is reported."]


def test_an_unreadable_file_says_so(tmp_path: Path):
    secret = save(tmp_path / "secret.toml", progress_with(Learner(name="A")))
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user who can read any file")
        built = report.build_report(fixture_course(), [secret])
    finally:
        secret.chmod(0o600)
    assert built.skipped == [(str(secret), "you do not have permission to read it")]


def test_the_same_learner_in_two_files_counts_once(tmp_path: Path):
    course = fixture_course()
    progress = progress_with(Learner(name="Sam", role="volunteer"))
    old = save(tmp_path / "monday.toml", progress)
    sam = progress.active
    read_lesson(course, sam, "welcome")
    take_quiz(course, sam, "welcome", [True, True])
    sam.updated += dt.timedelta(days=4)  # saved on Friday
    new = save(tmp_path / "friday.toml", progress)
    built = report.build_report(course, [new, old])
    assert len(built.participants) == 1 and built.participants[0].file == str(new)
    assert built.notes == [f"Sam is in both {old} and {new}; the newer copy, from {new}, is used."]


def test_the_review_queue_counts_as_missed(tmp_path: Path):
    """Attempts are trimmed after a while; a question still waiting in the review queue is still missed."""
    learner = Learner(name="Ade", role="volunteer")
    note_miss(learner, "going-home/rest")
    note_miss(learner, "gone-module/old-question")
    built = report.build_report(fixture_course(), [save(tmp_path / "p.toml", progress_with(learner))])
    prompts = {m.prompt: m for m in built.missed}
    assert prompts["What should you do for the rest of the day?"].still_practising == 1
    assert "(not in this version of the course: gone-module/old-question)" in prompts


def test_spreadsheet_formulas_in_names_are_defused(tmp_path: Path):
    learner = Learner(name="=HYPERLINK(\"http://x\",\"click\")", role="volunteer")
    built = report.build_report(fixture_course(), [save(tmp_path / "p.toml", progress_with(learner))])
    row = next(csv.DictReader(io.StringIO(report.learners_csv(built))))
    assert row["name"].startswith("'=")


def test_escape_codes_in_names_never_reach_the_terminal(tmp_path: Path):
    learner = Learner(name="Eve\x1b[2J\x1b[31m", role="volunteer")
    built = report.build_report(fixture_course(), [save(tmp_path / "p.toml", progress_with(learner))])
    text = report.report_text(built)
    assert "\x1b" not in text and "Eve[2J[31m" in text


def test_long_questions_wrap_inside_their_column():
    from course.outputs.render import aligned_table

    prompt = "Dana feels clear-headed two hours after her dose and wants to drive herself home. " * 2
    lines = aligned_table(("Missed by", "Question"), (("2 of 3", prompt), ("1 of 3", "Short?")), width=60)
    assert all(len(line) <= 60 for line in lines)
    column = lines[0].index("Question")
    assert lines[2].startswith("2 of 3") and lines[2][column:].startswith("Dana feels")
    assert all(line[:column].strip() == "" for line in lines[3:-1])  # continuation lines stay in the column
    assert " ".join(line[column:] for line in lines[2:-1]).split() == prompt.split()


def test_each_participant_is_judged_by_their_own_roles_path(capsys, tmp_path: Path):
    course = fixture_course()
    kim = Learner(name="Kim", role="patient")
    for module in course.modules:
        read_lesson(course, kim, module.id)
    take_quiz(course, kim, "welcome", [False, False])  # a self-check: a low score holds nobody back
    jo = Learner(name="Jo", role="facilitator", assessed=False)
    read_lesson(course, jo, "welcome")  # the only lesson for facilitators
    lee = Learner(name="Lee", role="facilitator")
    read_lesson(course, lee, "welcome")
    path = save(tmp_path / "group.toml", progress_with(kim, jo, lee))
    _, out, _ = run_cli(capsys, "report", str(path))
    rows = {line.split()[0]: line.split()[1:] for line in table_rows(out, "Learners\n--------")[2:]}
    assert rows["Kim"][:4] == ["patient", "yes,", dt.date.today().isoformat(), "2/2"]
    assert rows["Jo"][:6] == ["facilitator", "(self-check)", "yes,", dt.date.today().isoformat(), "1/1", "-"]
    assert rows["Jo"][6] == "n/a"  # lesson 2 is not on a facilitator's path
    assert rows["Lee"][:5] == ["facilitator", "(assessed)", "no,", "1", "to"]
    assert "Lesson 1, “Welcome to the clinic”: take the quiz and score at least 80%." in out


def test_roles_and_unnamed_learners_are_in_the_reports_language(tmp_path: Path):
    """The report, `read`'s list of lessons and the learners list name roles in the language in
    use (they showed the ids "patient", "volunteer" in Spanish)."""
    from course.i18n import use_language
    from course.learning.overview import learner_label
    from course.outputs.plaintext import course_outline

    course = fixture_course()
    kim = Learner(name="Kim", role="patient")
    read_lesson(course, kim, "welcome")
    path = save(tmp_path / "kim.toml", progress_with(kim, Learner(name="", role="volunteer")))
    use_language("es")
    try:
        text = report.report_text(report.build_report(course, [path]))
        outline = course_outline(course)
        label = learner_label(Learner(name="", role="patient"), 2)
    finally:
        use_language("en")
    rows = table_rows(text, "Participantes\n-------------")
    assert any(row.split()[:2] == ["Kim", "paciente"] for row in rows), rows
    assert any("(sin nombre," in row and "voluntario" in row for row in rows), rows
    assert "patient" not in outline and "paciente" in outline
    assert label == "Participante 2 (paciente)"


def test_the_file_column_shows_enough_of_the_path_to_tell_two_files_of_one_name_apart(capsys, tmp_path: Path):
    monday, tuesday = tmp_path / "monday", tmp_path / "tuesday"
    monday.mkdir(), tuesday.mkdir()
    first = save(monday / "progress.toml", progress_with(Learner(name="Alex", role="volunteer")))
    second = save(tuesday / "progress.toml", progress_with(Learner(name="Sam", role="volunteer")))
    third = save(tmp_path / "kim.toml", progress_with(Learner(name="Kim", role="patient")))
    code, out, _err = run_cli(capsys, "report", str(first), str(second), str(third))
    assert code == 0
    rows = {line.split()[0]: line.split()[-1] for line in table_rows(out, "Learners\n--------")[2:]}
    assert rows == {"Alex": "monday/progress.toml", "Sam": "tuesday/progress.toml", "Kim": "kim.toml"}
    assert report.short_names(["a/b/x.toml", "c/b/x.toml", "x.toml"]) == {
        "a/b/x.toml": "a/b/x.toml", "c/b/x.toml": "c/b/x.toml", "x.toml": "x.toml"}
