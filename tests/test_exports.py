"""`export questions`, `export plan` and `export handout`, end to end on real files."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from pathlib import Path

import pytest
from test_exports_support import (
    LESSONS,
    complete,
    fixture_course,
    patient_with_questions,
    progress_with,
    real_course,
    run_cli,
    save,
)

from course.files import WriteError, write_file
from course.learning.shown import in_print_order
from course.outputs.common import ExportError, choose_learner, long_date
from course.outputs.handout import handout_export
from course.outputs.questions import questions_export
from course.outputs.render import esc
from course.progress.model import Learner, Progress

TODAY = long_date(dt.date.today())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def patient_file(tmp_path: Path) -> Path:
    return save(tmp_path / "progress.toml", progress_with(patient_with_questions()))


def squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- the patient's question list


def test_questions_as_text_on_stdout(capsys, patient_file: Path):
    code, out, err = run_cli(capsys, "export", "questions", progress=patient_file)
    assert code == 0 and err == ""
    assert "- [ ] Is it safe with my <script>alert('x')</script> blood pressure pills?" in out
    assert "- [ ] What will it cost?" in out
    assert "- [x] How many sessions will I need? (asked)" in out
    assert out.index("What will it cost?") < out.index("Already asked") < out.index("How many sessions")
    assert f"Prepared for Robin on {TODAY}" in out
    assert "This course is education, not medical advice." in out
    assert "988 Suicide & Crisis Lifeline (US): Call or text 988." in out
    assert "What to bring" in out and "- [ ] A list of your medicines" in out and "- [ ] Your questions" in out
    assert "\x1b" not in out


def test_questions_as_markdown(capsys, patient_file: Path):
    code, out, _ = run_cli(capsys, "export", "questions", "--format", "md", progress=patient_file)
    assert code == 0
    assert out.startswith("# My questions for the consultation\n")
    assert "- [ ] Is it safe with my \\<script\\>alert('x')\\</script\\> blood pressure pills?" in out
    assert "- [x] How many sessions will I need? (asked)" in out
    assert "> This course is education, not medical advice." in out


def test_questions_as_html_print_cleanly_and_escape_everything(capsys, patient_file: Path, tmp_path: Path):
    target = tmp_path / "my-questions.html"
    code, out, _ = run_cli(capsys, "export", "questions", "--output", str(target), progress=patient_file)
    assert code == 0 and "readable only by you" in out
    assert mode(target) == 0o600
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    for external in ("http:", "https:", "src=", "href=", "@import", "url(", "<link"):
        assert external not in page
    print_css = page[page.index("@media print"):]
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)pt", page)]
    assert sizes and min(sizes) >= 14 and "font-size: 14pt" in print_css
    assert page.count('<span class="box">✓</span>') == 1  # the one asked question is ticked
    assert "How many sessions will I need? (asked)" in page
    assert TODAY in page and "education, not medical advice" in page and "Call or text 988" in page


def test_html_is_not_poured_into_a_terminal(capsys, patient_file: Path, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run_cli(capsys, "export", "questions", "--format", "html", progress=patient_file)
    assert code == 1 and out == ""
    assert "--output FILE.html" in err


def test_html_can_be_piped(capsys, patient_file: Path):
    code, out, _ = run_cli(capsys, "export", "questions", "--format", "html", progress=patient_file)
    assert code == 0 and out.startswith("<!DOCTYPE html>")


def test_the_format_follows_the_file_extension(capsys, patient_file: Path, tmp_path: Path):
    for name, start in (("q.md", "# My questions"), ("q.txt", "My questions for the consultation\n====")):
        assert run_cli(capsys, "export", "questions", "-o", str(tmp_path / name), progress=patient_file)[0] == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_an_existing_file_is_never_overwritten_without_force(capsys, patient_file: Path, tmp_path: Path):
    target = tmp_path / "questions.txt"
    target.write_text("my own notes", encoding="utf-8")
    code, out, err = run_cli(capsys, "export", "questions", "-o", str(target), progress=patient_file)
    assert code == 1 and "already exists" in err and "Nothing was written" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert run_cli(capsys, "export", "questions", "-o", str(target), "--force", progress=patient_file)[0] == 0
    assert "What will it cost?" in target.read_text(encoding="utf-8") and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_force_never_replaces_a_device_or_pipe_with_a_file(capsys, patient_file: Path, tmp_path: Path):
    """As root, `-o /dev/null --force` used to swap /dev/null for a regular file."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, _, err = run_cli(capsys, "export", "questions", "-o", str(pipe), "--force", progress=patient_file)
    assert code == 1 and "not an ordinary file" in err and "Traceback" not in err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_a_missing_folder_is_explained(capsys, patient_file: Path, tmp_path: Path):
    code, _, err = run_cli(capsys, "export", "questions", "-o", str(tmp_path / "nope" / "q.txt"), progress=patient_file)
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_an_empty_list_says_how_to_fill_it(capsys, tmp_path: Path):
    progress = save(tmp_path / "p.toml", progress_with(Learner(name="Kim")))
    code, out, _ = run_cli(capsys, "export", "questions", progress=progress)
    assert code == 0 and "Your list is empty" in out


def test_store_notices_are_shown(capsys, tmp_path: Path):
    broken = tmp_path / "p.toml"
    broken.write_text("not = = toml", encoding="utf-8")
    code, _, err = run_cli(capsys, "export", "questions", progress=broken)
    assert code == 1
    assert "could not be read" in err and "Nothing was changed" in err  # a command that reads renames nothing
    assert broken.read_text(encoding="utf-8") == "not = = toml"


# ---------------------------------------------------------------- choosing the learner


def test_the_active_learner_is_the_default_and_names_are_matched_loosely():
    progress = progress_with(Learner(name="Robin Lee"), Learner(name="Sam"), Learner(name="Samira"), active=1)
    assert choose_learner(progress).name == "Sam"
    assert choose_learner(progress, "robin").name == "Robin Lee"
    assert choose_learner(progress, "SAM").name == "Sam"  # an exact name wins over 'Samira'
    robin_id = next(i for i, lr in progress.learners.items() if lr.name == "Robin Lee")
    assert choose_learner(progress, robin_id).name == "Robin Lee"


def test_no_match_or_several_list_the_names():
    progress = progress_with(Learner(name="Sam Jones"), Learner(name="Sam Lee"))
    with pytest.raises(ExportError, match=r"No learner called 'Kim'.*Sam Jones \(\w+\), Sam Lee \(\w+\)"):
        choose_learner(progress, "Kim")
    with pytest.raises(ExportError, match=r"Several learners match 'sam': Sam Jones .*Sam Lee"):
        choose_learner(progress, "sam")
    progress.active_learner = None
    with pytest.raises(ExportError, match="Several people use this progress file.*--learner"):
        choose_learner(progress)
    with pytest.raises(ExportError, match="no learner in this progress file yet"):
        choose_learner(Progress())


def test_learner_option_on_the_command_line(capsys, tmp_path: Path):
    progress = save(tmp_path / "p.toml", progress_with(patient_with_questions(), Learner(name="Kim")))
    code, out, _ = run_cli(capsys, "export", "questions", "--learner", "kim", progress=progress)
    assert code == 0 and "Prepared for Kim" in out and "Your list is empty" in out
    code, _, err = run_cli(capsys, "export", "questions", "--learner", "nobody", progress=progress)
    assert code == 1 and "Robin" in err and "Kim" in err


# ---------------------------------------------------------------- writing files


def test_write_file_modes(tmp_path: Path):
    private = write_file(tmp_path / "a.txt", "x", private=True)
    public = write_file(tmp_path / "b.txt", "y", private=False)
    assert mode(private) == 0o600
    assert mode(public) & 0o077 != 0o077 and mode(public) & 0o600 == 0o600
    with pytest.raises(WriteError, match="is a folder"):
        write_file(tmp_path, "z", private=True)


# ---------------------------------------------------------------- the session plan


def test_plan_totals_the_minutes_with_a_running_clock(capsys, tmp_path: Path):
    code, out, _ = run_cli(capsys, "export", "plan", "--modules", "welcome", "2")
    assert code == 0
    assert "| 0:00–0:15 | 15 | Lesson 1: Welcome to the clinic |" in out
    assert "| 0:15–0:19 | 4 | Lesson 2: Going home |" in out
    assert "| Total | 19 | 19 min |" in out and "Total session time: 19 min." in out
    assert "| 0:00–0:05 | 5 | Welcome and introductions |" in out
    assert "| 0:05–0:15 | 10 | Read and discuss |" in out
    assert "| 0:15–0:19 | 4 | Read the lesson together and discuss |" in out  # no facilitator notes
    assert "Start by asking how people feel about the first visit." in out
    assert "1. What worries you about the first visit?" in out
    assert "1. Know when to arrive" in out and "- Arrive 15 minutes early." in out
    assert "education, not medical advice" in out


def test_plan_default_modules_and_start_time(capsys):
    code, out, _ = run_cli(capsys, "export", "plan", "--start", "18:30", "--format", "txt")
    assert code == 0
    assert "18:30–18:45" in out and "Going home" not in out  # only lessons with facilitator notes
    with pytest.raises(SystemExit) as usage:
        run_cli(capsys, "export", "plan", "--start", "6pm")
    assert usage.value.code == 2 and "is not a time like 18:30" in capsys.readouterr().err


def test_plan_for_the_real_course(capsys, tmp_path: Path):
    course = real_course()
    minutes = sum(m.facilitator.minutes for m in course.modules if m.facilitator)
    target = tmp_path / "plan.html"
    code, _, _ = run_cli(capsys, "export", "plan", "-o", str(target), lessons=LESSONS)
    assert code == 0
    page = target.read_text(encoding="utf-8")
    hours, rest = divmod(minutes, 60)
    assert f"<td>Total</td><td>{minutes}</td>" in page and f"{hours} h {rest} min" in page
    for module in course.modules:
        assert esc(module.facilitator.prompts[0]) in page
    assert "<script" not in page


def test_an_unknown_module_lists_the_choices(capsys):
    code, _, err = run_cli(capsys, "export", "plan", "--modules", "9")
    assert code == 1 and "No lesson called '9'" in err and "1 (welcome), 2 (going-home)" in err


# ---------------------------------------------------------------- handouts and the answer key


def all_feedback(course) -> list[str]:
    return [text for m in course.modules for q in m.questions
            for text in [q.explanation, *(o.feedback for o in q.options)]]


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_a_handout_has_no_answers_and_the_key_has_them(capsys, tmp_path: Path, fmt: str):
    course = fixture_course()
    handout, key = tmp_path / f"handout.{fmt}", tmp_path / f"key.{fmt}"
    assert run_cli(capsys, "export", "handout", "1", "2", "-o", str(handout))[0] == 0
    assert run_cli(capsys, "export", "handout", "1", "2", "--answer-key", "-o", str(key))[0] == 0
    handout_text, key_text = handout.read_text(encoding="utf-8"), key.read_text(encoding="utf-8")
    for module in course.modules:
        for point in module.key_points:
            assert point in handout_text
        for question in module.questions:
            assert esc(question.prompt) in handout_text and esc(question.prompt) in key_text
            for option in question.options:
                assert esc(option.text) in handout_text
    for text in all_feedback(course):
        assert esc(text) not in handout_text
        assert esc(text) in key_text
    assert "correct" not in handout_text.lower() and "answer" not in handout_text.lower()
    assert "Answer key" in key_text


def test_handout_and_key_agree_on_letters():
    course = fixture_course()
    key = handout_export(course, course.modules, "md", answer_key=True)
    handout = handout_export(course, course.modules, "md")
    question = course.module("welcome").question("bring-list")
    letters = {o.text: letter for letter, o in zip("ABC", in_print_order("welcome", question).options)}
    assert f"- [ ] {letters['Nothing at all']}. Nothing at all" in handout
    right = ", ".join(sorted(letters[o.text] for o in question.options if o.correct))
    assert f"**Answer: {right}**" in key
    assert f"- {letters['Nothing at all']}. Nothing at all: not correct. No: the list of medicines is needed." in key


def test_printed_options_do_not_give_the_answer_away():
    """In the real banks the right option is usually written first; handouts must not show that."""
    course = real_course()
    firsts = [in_print_order(m.id, q).options[0].correct
              for m in course.modules for q in m.questions if q.kind != "true_false"]
    assert 0.2 < sum(firsts) / len(firsts) < 0.8
    again = [in_print_order(m.id, q) for m in course.modules for q in m.questions]
    assert again == [in_print_order(m.id, q) for m in course.modules for q in m.questions]


def test_handout_for_a_missing_lesson(capsys):
    code, _, err = run_cli(capsys, "export", "handout", "welcome", "nope")
    assert code == 1 and "No lesson called 'nope'" in err


def test_export_without_a_kind_shows_help(capsys):
    code, out, err = run_cli(capsys, "export")
    assert code == 2 and "questions" in err and "handout" in err


def test_a_volunteer_learner_also_gets_a_question_list():
    course = fixture_course()
    learner = complete(course, patient_with_questions())
    text = questions_export(course, learner, "txt", dt.date(2026, 3, 1))
    assert "Prepared for Robin on 1 March 2026." in text


def test_every_option_gets_a_letter_past_j_and_z():
    """A bank may give a question any number of options: printers once dropped those past J."""
    from course.content.model import Option, Question
    from course.outputs.document import correct_letters, option_letter
    from course.outputs.plaintext import render_question

    assert [option_letter(i) for i in (0, 9, 10, 25, 26, 27, 51, 52)] == ["A", "J", "K", "Z", "AA", "AB", "AZ", "BA"]
    options = [Option(text=f"choice {n}", correct=n == 27, feedback=f"why {n}") for n in range(28)]
    question = Question(id="many", kind="single", prompt="Which?", section="s", objective=1,
                        explanation="Because.", options=options)
    printed = render_question(question, 1, answers=True)
    assert "K. choice 10" in printed and "AB. choice 27 [correct]" in printed
    assert correct_letters(question) == "AB"


def test_plain_markdown_keeps_underscores_and_stars_inside_words_and_links():
    """Markdown to text through the Markdown parser: regular expressions once ate `_` and `*`."""
    from course.content.markup import plain_markdown

    text = "Ask about snake_case_notes, STAR*D and [the label](https://example.org/a_b_c) **now**."
    assert plain_markdown(text) == "Ask about snake_case_notes, STAR*D and the label (https://example.org/a_b_c) now."
    assert plain_markdown("Intro\nline two.\n\n- one *item*\n- two\n\n1. first\n2. second") == (
        "Intro\nline two.\n\n- one item\n- two\n\n1. first\n2. second")


# ---------------------------------------------------------------- what the course says about itself (IPDAS)


def test_every_export_says_who_wrote_and_reviewed_the_course_and_when(tmp_path: Path):
    import dataclasses

    from test_exports_support import complete, progress_with, real_course, save

    from course.outputs.helptext import help_markdown, help_text
    from course.outputs.plaintext import course_outline
    from course.outputs.plan import plan_export
    from course.outputs.record import record_export, verify_text
    from course.outputs.report import build_report, report_files, report_text
    from course.outputs.site import index_main

    course = real_course()
    credits = course.credits
    learner = Learner(name="Kim", role="patient")
    report = build_report(course, [save(tmp_path / "kim.toml", progress_with(learner))])
    made = {
        "questions": questions_export(course, learner, "md"),
        "plan": plan_export(course, None, "txt"),
        "handout": handout_export(course, course.modules[:1], "html"),
        "answer key": handout_export(course, course.modules[:1], "txt", answer_key=True),
        "report": report_text(report),
        "report file": report_files(report)["md"],
        "help": help_text(course), "help screen": help_markdown(course),
        "read": course_outline(course), "web edition": index_main(course),
        "record": record_export(course, complete(course, Learner(name="Jo", role="volunteer")), "html"),
    }
    expected = ["About this course", "Written by: The ketamine-course project", "Clinical review: ",
                "To be filled in by the clinic", f"Funding: {credits.funding}",
                f"Conflicts of interest: {credits.conflicts_of_interest}", "Last reviewed: 21 November 2026",
                "Next review due: 21 November 2027"]
    for name, text in made.items():
        flat = squash(text.replace("&#x27;", "'").replace("\\[", "["))
        missing = [line for line in expected if squash(line) not in flat]
        assert not missing, f"{name} does not show {missing}"
    record = made["record"]
    assert verify_text(record).unchanged  # the credits are sealed with the rest of the text …
    assert not verify_text(record.replace(credits.funding, "Paid for by a clinic.")).unchanged  # … so edits show
    overdue = dataclasses.replace(course, next_review=dt.date(2026, 11, 30))
    assert "Next review due: 30 November 2026 (overdue: some of this may be out of date)" in squash(
        handout_export(overdue, course.modules[:1], "txt"))
