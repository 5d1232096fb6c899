"""`export record` and `verify`: a volunteer's completion record and its verification code."""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exports_support import (
    LESSONS,
    complete,
    fixture_course,
    progress_with,
    read_lesson,
    real_course,
    run_cli,
    save,
    take_quiz,
)

from course.i18n import format_date
from course.learning.completion import completion
from course.outputs import record as records
from course.outputs.common import long_date
from course.progress.model import Learner

CODE = re.compile(r"\bKC3(-[0-9A-HJKMNP-TV-Z]{4}){4}\b")


def volunteer(name: str = "Alex Example") -> Learner:
    return complete(fixture_course(), Learner(name=name, role="volunteer"))


@pytest.fixture
def volunteer_file(tmp_path: Path) -> Path:
    return save(tmp_path / "progress.toml", progress_with(volunteer()))


def made_record(fmt: str, name: str = "Alex <Example> & co") -> str:
    return records.record_export(fixture_course(), volunteer(name), fmt, dt.date(2026, 12, 1))


# ---------------------------------------------------------------- making a record


def test_a_record_holds_everything_the_coordinator_needs(capsys, volunteer_file: Path, tmp_path: Path):
    target = tmp_path / "record.md"
    code, out, _ = run_cli(capsys, "export", "record", "-o", str(target), progress=volunteer_file)
    assert code == 0 and "readable only by you" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    today = long_date(dt.date.today())
    assert "- Learner: Alex Example" in text
    assert "Before Your First Visit, version 1.0.0" in text
    assert f"- Completed on: {today}" in text and f"- Record made on: {today}" in text
    assert f"| 1. Welcome to the clinic | {today} | 100% | 2 |" in text
    assert f"| 2. Going home | {today} | 100% | 2 |" in text
    assert len(CODE.findall(text)) == 1
    assert "does not prove who made it" in text and "education, not medical advice" in text
    code, out, _ = run_cli(capsys, "verify", str(target))
    assert code == 0 and out.startswith("Unchanged since it was made") and "Alex Example" in out


@pytest.mark.parametrize(("name", "kind", "looks_like"), [("record.txt", "plain text", "Lessons and quizzes\n---"),
                                                          ("record.md", "Markdown", "| 1. Welcome to the clinic |"),
                                                          ("record.html", "HTML", "<!DOCTYPE html>")])
def test_the_record_is_made_as_the_output_files_ending_says_and_the_message_says_which(
        capsys, volunteer_file: Path, tmp_path: Path, name: str, kind: str, looks_like: str):
    target = tmp_path / name
    code, out, _ = run_cli(capsys, "export", "record", "-o", str(target), progress=volunteer_file)
    assert code == 0 and f"({kind}, readable only by you)" in out
    text = target.read_text(encoding="utf-8")
    assert looks_like in text
    assert run_cli(capsys, "verify", str(target))[0] == 0


def test_a_pdf_is_refused_with_what_to_do_instead_and_nothing_is_written(capsys, volunteer_file: Path, tmp_path: Path):
    target = tmp_path / "record.pdf"
    code, out, err = run_cli(capsys, "export", "record", "-o", str(target), progress=volunteer_file)
    assert code != 0 and "PDF is not made here" in err and "--output" in err and ".html" in err
    assert not target.exists() and "Traceback" not in err


def test_an_ending_naming_a_kind_an_export_is_not_made_as_is_refused():
    from course.outputs.common import ExportError, pick_format

    with pytest.raises(ExportError, match=r"Markdown \(\.md\), HTML \(\.html\), not as \.txt"):
        pick_format(None, "x.txt", ("md", "html"), "md")
    assert pick_format(None, "x.TXT", ("md", "html", "txt"), "md") == "txt"
    assert pick_format(None, "notes", ("md", "html"), "md") == "md"  # no ending: the default, named when written
    assert pick_format("md", "x.txt", ("md", "html"), "html") == "md"  # --format wins


def test_the_record_formats_the_parser_offers_are_those_a_record_is_made_as():
    from course.cli.parser import build_parser

    assert build_parser().parse_args(["export", "record"]).formats == records.RECORD_FORMATS


def test_an_incomplete_learner_gets_what_is_missing_not_a_record(capsys, tmp_path: Path):
    learner = Learner(name="Sam", role="volunteer")
    take_quiz(fixture_course(), learner, "welcome", [True, False])
    progress = save(tmp_path / "p.toml", progress_with(learner))
    target = tmp_path / "record.md"
    code, out, err = run_cli(capsys, "export", "record", "-o", str(target), progress=progress)
    assert code == 1 and out == "" and not target.exists()
    assert "Sam has not completed the course yet" in err
    assert "pass the quiz with at least 80% (best so far: 50% after 1 attempt)" in err
    assert "Lesson 2, “Going home”: read it to the end." in err
    assert "Traceback" not in err


def test_a_learner_who_self_checks_gets_no_record_even_when_complete(capsys, tmp_path: Path):
    course = fixture_course()
    patient = Learner(name="Kim", role="patient")
    for module in course.modules:
        read_lesson(course, patient, module.id)
    progress = save(tmp_path / "p.toml", progress_with(patient))
    target = tmp_path / "record.md"
    code, out, err = run_cli(capsys, "export", "record", "-o", str(target), progress=progress)
    assert code == 1 and out == "" and not target.exists()
    assert "Kim takes the quizzes as self-checks" in err and "Traceback" not in err
    with pytest.raises(records.NotAssessed):
        records.record_fields(course, complete(course, Learner(role="facilitator", assessed=False)))


def test_a_record_names_the_path_completed(capsys, tmp_path: Path):
    """An assessed facilitator completes the lessons for facilitators, not the volunteers' path."""
    course = fixture_course()
    facilitator = complete(course, Learner(name="Lee", role="facilitator"))
    fields = records.record_fields(course, facilitator)
    assert fields.format == 3 and fields.role == "facilitator"
    assert [module.id for module in fields.modules] == [m.id for m in course.modules_for("facilitator")]
    text = records.render_record(fields)
    assert "- Passed: every one of the lessons for facilitators read to the end" in text
    assert "volunteers" not in text
    check = records.verify_text(text)
    assert check.unchanged and check.fields == fields and check.code.startswith("KC3-")
    assert "lessons for volunteers read" in made_record("md")


def test_html_record_verifies_and_escapes(tmp_path: Path):
    page = made_record("html")
    assert "Alex &lt;Example&gt; &amp; co" in page and "<Example>" not in page
    assert "<script" not in page
    assert records.verify_text(page).unchanged
    assert records.verify_text(made_record("md")).unchanged


def test_the_code_depends_on_every_field():
    fields = records.record_fields(fixture_course(), volunteer("Alex"), dt.date(2026, 12, 1))
    code = records.verification_code(fields)
    assert CODE.fullmatch(code)
    assert records.verification_code(fields.model_copy()) == code
    for change in ({"learner": "Alexa"}, {"issued_on": dt.date(2026, 12, 2)}, {"course_version": "1.0.1"},
                   {"modules": fields.modules[:1]}, {"pass_mark": 70}, {"role": "facilitator"}):
        assert records.verification_code(fields.model_copy(update=change)) != code


def test_the_real_course_record(capsys, tmp_path: Path):
    learner = complete(real_course(), Learner(name="Jo", role="volunteer"))
    progress = save(tmp_path / "p.toml", progress_with(learner))
    target = tmp_path / "record.html"
    assert run_cli(capsys, "export", "record", "-o", str(target), lessons=LESSONS, progress=progress)[0] == 0
    page = target.read_text(encoding="utf-8")
    for module in real_course().modules_for("volunteer"):
        assert module.title in page
    assert run_cli(capsys, "verify", str(target))[0] == 0


# ---------------------------------------------------------------- verify finds any edit


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_changing_any_one_character_is_detected(fmt: str, data):
    original = RECORDS[fmt]
    index = data.draw(st.integers(0, len(original) - 1), label="position")
    replacement = data.draw(st.characters(blacklist_categories=("Cs",)).filter(lambda c: c != original[index]),
                            label="new character")
    edited = original[:index] + replacement + original[index + 1:]
    assert not records.verify_text(edited).unchanged


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_inserting_or_deleting_text_is_detected(fmt: str, data):
    original = RECORDS[fmt]
    index = data.draw(st.integers(0, len(original) - 1), label="position")
    if data.draw(st.booleans(), label="delete"):
        edited = original[:index] + original[index + 1:]
        if edited.rstrip("\n") == original.rstrip("\n"):  # only the final newline: not an edit
            return
    else:
        edited = original[:index] + data.draw(st.text(min_size=1, max_size=5), label="inserted") + original[index:]
    assert not records.verify_text(edited).unchanged


RECORDS = {fmt: made_record(fmt) for fmt in ("md", "html", "txt")}


def test_editing_both_the_text_and_the_data_is_still_detected():
    original = RECORDS["md"]
    forged = original.replace("| 100% | 2 |", "| 100% | 1 |").replace('"attempts":2', '"attempts":1')
    assert forged != original
    result = records.verify_text(forged)
    assert not result.unchanged and "edited after it was made" in result.message


def test_a_re_saved_file_still_verifies(tmp_path: Path):
    """Windows line ends, a byte-order mark or a missing final newline are not edits."""
    original = RECORDS["md"]
    assert records.verify_text("\ufeff" + original.replace("\n", "\r\n")).unchanged
    assert records.verify_text(original.rstrip("\n")).unchanged


def test_verify_on_the_command_line(capsys, tmp_path: Path):
    good = tmp_path / "record.md"
    good.write_text(RECORDS["md"], encoding="utf-8")
    assert run_cli(capsys, "verify", str(good))[0] == 0
    changed = tmp_path / "changed.md"
    changed.write_text(RECORDS["md"].replace("Alex", "Alan", 1), encoding="utf-8")
    code, out, _ = run_cli(capsys, "verify", str(changed))
    assert code == 1 and out.startswith("Changed")
    notes = tmp_path / "notes.md"
    notes.write_text("# Just notes\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "verify", str(notes))
    assert code == 1 and "not a ketamine-course completion record" in out
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" * 10)
    assert run_cli(capsys, "verify", str(binary))[0] == 1
    code, out, _ = run_cli(capsys, "verify", str(tmp_path / "missing.md"))
    assert code == 1 and "no such file" in out
    assert run_cli(capsys, "verify", str(tmp_path))[0] == 1


def test_damaged_record_data_is_reported_not_raised():
    original = RECORDS["md"]
    data = re.search(r"\n(\{.*\})\n", original).group(1)
    for broken in ("{", json.dumps({"learner": 1}), data.replace('"format":3', '"format":"3"'),
                   data.replace(',"role":"volunteer"', "")):
        assert broken != data
        result = records.verify_text(original.replace(data, broken))
        assert not result.unchanged
    newer = original.replace("record data, format 3.", "record data, format 9.")
    assert "cannot check" in records.verify_text(newer).message


# ---------------------------------------------------------------- records stay valid in later versions

GOLDEN_RECORD = """\
# Completion record

Before Your First Visit, version 1.0.0

- Learner: Alex Example
- Completed on: 20 November 2026
- Passed: every lesson for volunteers read to the end, and every quiz passed with at least 80%
- Record made on: 21 November 2026

## Lessons and quizzes

| Lesson | Read to the end | Best quiz score | Quiz attempts |
| --- | --- | --- | --- |
| 1. Welcome to the clinic | 19 November 2026 | 100% | 2 |
| 2. Going home | 20 November 2026 | 88% | 1 |

## Verification code

KC1-QDDC-GFS8-EFBK-YPBN

To check that this file has not been changed since it was made, run: ketamine-course verify FILE. \
The code shows whether the record was edited; it does not prove who made it, because anyone with the \
course tool could make a record.

> This course is education, not medical advice.

<!-- ketamine-course record data, format 1. Do not edit: ketamine-course verify checks this file against it.
{"completed_on":"2026-11-20","course_id":"clinic-basics","course_title":"Before Your First Visit",\
"course_version":"1.0.0","format":1,"issued_on":"2026-11-21","kind":"ketamine-course completion record",\
"learner":"Alex Example","modules":[{"attempts":2,"best_score":100,"id":"welcome","position":1,\
"read_on":"2026-11-19","title":"Welcome to the clinic"},{"attempts":1,"best_score":88,"id":"going-home",\
"position":2,"read_on":"2026-11-20","title":"Going home"}],"notice":"This course is education, not medical \
advice.","pass_mark":80}
sha256 of the rest of this file: cef4ebb037c1bf1c65e1d6747f9d168f9d6919f3221ce2b61621e101befe51b6
 -->
"""


def test_a_record_made_by_version_1_0_verifies_forever():
    """Records handed to coordinators must keep verifying after any later change to the exports.

    If this fails, the record format changed: keep verifying format 1 and bump FORMAT instead.
    """
    result = records.verify_text(GOLDEN_RECORD)
    assert result.unchanged and result.code == "KC1-QDDC-GFS8-EFBK-YPBN"
    assert result.fields.learner == "Alex Example" and result.fields.modules[1].best_score == 88
    assert not records.verify_text(GOLDEN_RECORD.replace("88%", "98%")).unchanged


def test_a_new_page_style_does_not_invalidate_old_records(monkeypatch):
    page = made_record("html")
    monkeypatch.setattr("course.outputs.render.PAGE_CSS", "body { font-size: 20pt; }\n")
    assert made_record("html") != page  # the look changed …
    assert records.verify_text(page).unchanged  # … and the old record still verifies


def test_a_spanish_record_verifies_like_an_english_one(capsys, tmp_path: Path):
    """Made with --lang es on a course with a Spanish edition: Spanish words and dates, the same
    language-neutral data block, so `verify` (in any language) says it is unchanged."""
    from course.content.loader import load_course
    from course.i18n import use_language

    sample = Path(__file__).parent / "fixtures" / "sample-es"
    learner = complete(load_course(sample), Learner(name="Ana Ejemplo", role="volunteer"))
    progress = save(tmp_path / "progress.toml", progress_with(learner))
    target = tmp_path / "constancia.md"
    try:
        code, out, _ = run_cli(capsys, "--lang", "es", "export", "record", "-o", str(target), lessons=sample, progress=progress)
        assert code == 0 and "solo usted puede leerlo" in out
        text = target.read_text(encoding="utf-8")
        assert "# Constancia de finalización" in text and "- Participante: Ana Ejemplo" in text
        assert "Antes de su primera visita, versión 1.0.0" in text and "| 1. Su primera visita |" in text
        assert re.search(r"- Completado el: \d{1,2} de \w+ de \d{4}", text)
        assert "educación, no consejo médico" in text
        assert len(CODE.findall(text)) == 1
        code, out, _ = run_cli(capsys, "--lang", "es", "verify", str(target), lessons=sample)
        assert code == 0 and out.startswith("Sin cambios desde que se creó") and "Ana Ejemplo" in out
        code, out, _ = run_cli(capsys, "--lang", "en", "verify", str(target), lessons=sample)
        assert code == 0 and out.startswith("Unchanged since it was made")
    finally:
        use_language("en")


# ---------------------------------------------------------------- what the messages and the record say
# Each of these fails if the record or its check stops saying one of the things a coordinator
# reads (docs/testing.md: they hold in place what the mutation run found unchecked).


def test_a_record_is_dated_and_judges_the_course_review_on_the_day_it_was_made():
    course = replace(fixture_course(), next_review=dt.date(2098, 1, 1))
    learner = complete(course, Learner(name="Alex", role="volunteer"))
    text = records.record_export(course, learner, "md", dt.date(2099, 1, 1))
    assert f"- Record made on: {long_date(dt.date(2099, 1, 1))}" in text
    assert f"- Last reviewed: {format_date(course.reviewed)}" in text  # the course's credits, under the code
    assert f"- Next review due: {format_date(dt.date(2098, 1, 1))} (overdue:" in text  # overdue on that day


def test_verifying_a_plain_record_names_the_learner_course_version_day_and_code():
    check = records.verify_text(made_record("md", name="Alex Example"))
    assert check.ok and (f"Completion record for Alex Example, Before Your First Visit version 1.0.0, completed on "
                         f"{long_date(check.fields.completed_on)}. Verification code {check.code}."
                         ) in check.message.splitlines()


def test_no_record_for_a_learner_not_done_says_who_and_lists_what_is_left():
    course = fixture_course()
    with pytest.raises(records.NotComplete) as refused:
        records.record_fields(course, Learner(name="  ", role="volunteer"))
    left = refused.value.missing
    assert left == completion(course, Learner(role="volunteer")).missing and len(left) > 1
    assert str(refused.value) == ("This learner has not completed the course yet, so there is no completion record "
                                  "to make. Still to do:\n" + "\n".join(f"  - {line}" for line in left))
    certifying = records.NotComplete("", ["Lesson 1: read it."], certifying=True, version="1.2.0")
    assert str(certifying) == ("This learner's progress file does not show the course completed, so there is "
                               "nothing to certify. Quizzes count only through the attempts recorded in the file, "
                               "graded again against version 1.2.0 of the course. Still to do:\n  - Lesson 1: read it.")


def test_no_record_for_a_self_check_says_who_and_why():
    assert str(records.NotAssessed(" ")) == (
        "This learner takes the quizzes as self-checks, without a pass mark, so there is no completion record to "
        "make. Completion records are for volunteers (and facilitators who chose to be assessed). “My progress” "
        "shows what has been read.")
