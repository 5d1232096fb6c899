"""The `ketamine-course` command line, run as a learner or author would.

Most tests run `python -m course` in a subprocess from an unrelated folder, with HOME and
XDG_DATA_HOME pointing into tmp_path so nothing touches the real home folder. A few call
`course.cli.main` directly where a fake terminal is needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import __version__, cli
from course.outputs import plaintext

REPO = Path(__file__).resolve().parents[1]
VALID = REPO / "tests" / "fixtures" / "valid"
ANSI = re.compile(r"\x1b\[")


def private_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The current environment, minus anything that could change the output, plus a fake home."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("NO_COLOR", "KETAMINE_COURSE_PROGRESS", "KETAMINE_COURSE_KEYS", "FORCE_COLOR",
                          "PYTHONWARNINGS")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               PYTHONPATH=str(REPO), **extra)
    return env


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI from a folder that is neither the repository nor the course."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "course", *args], cwd=elsewhere, env=private_env(tmp_path, **env),
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The valid fixture with two mistakes in two files."""
    folder = tmp_path / "broken"
    shutil.copytree(VALID, folder)
    quiz = folder / "01-welcome" / "quiz.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('section = "arrive"', 'section = "arival"'), encoding="utf-8")
    course = folder / "course.toml"
    course.write_text(course.read_text(encoding="utf-8").replace("pass_mark = 80", "passmark = 80"), encoding="utf-8")
    return folder


# ---------------------------------------------------------------- validate


def test_validate_a_clean_course(tmp_path: Path):
    done = run(tmp_path, "validate", str(VALID))
    assert done.returncode == 0
    assert done.stdout == f"{VALID}: clean. 2 modules, 4 sections, 4 quiz questions.\nEditions: en.\n"


def test_validate_checks_every_edition_and_names_one_in_progress(tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(Path(__file__).parent / "fixtures" / "sample-zh", course)
    assert run(tmp_path, "validate", str(course)).stdout.endswith("Editions: en, zh-Hans.\n")
    toml = course / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('["zh-Hans"]', "[]"), encoding="utf-8")
    (course / "02-going-home" / "lesson.zh-Hans.md").unlink()
    done = run(tmp_path, "validate", str(course))
    assert done.returncode == 0 and done.stdout.splitlines()[1:] == [
        "Editions: en.",
        "zh-Hans: 1 of 2 modules translated so far (offered to learners once 'translations' in course.toml lists it)."]
    quiz = course / "01-first-visit" / "quiz.zh-Hans.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("objective = 2", "objective = 1"), encoding="utf-8")
    done = run(tmp_path, "validate", str(course))
    assert done.returncode == 1 and "quiz.zh-Hans.toml:21: question 'bring-list': 'objective' is 1 here but 2 in " in done.stdout


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path, broken: Path):
    done = run(tmp_path, "validate", str(broken))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{broken}/01-welcome/quiz.toml:5: question 'arrive-early' points at section 'arival', which the lesson does not have; use one of: arrive, what-to-bring",
        f"{broken}/course.toml:5: unknown field 'passmark': remove it or fix its spelling (see: ketamine-course help authoring)",
    ]
    assert done.stderr.strip() == f"2 problems in {broken}."


def test_validate_prints_paths_relative_to_where_it_runs(tmp_path: Path, broken: Path):
    done = subprocess.run([sys.executable, "-m", "course", "validate", "broken"], cwd=tmp_path, env=private_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.splitlines()[1].startswith("broken/course.toml:5: unknown field 'passmark'")


@pytest.mark.parametrize("where", ["before", "after", "positional"])
def test_the_course_folder_can_be_given_before_or_after_the_command(tmp_path: Path, broken: Path, where: str):
    args = {"before": ["--lessons", str(broken), "validate"],
            "after": ["validate", "--lessons", str(broken)],
            "positional": ["validate", str(broken)]}[where]
    done = run(tmp_path, *args)
    assert done.returncode == 1 and len(done.stdout.splitlines()) == 2


def test_validate_a_folder_that_does_not_exist(tmp_path: Path):
    done = run(tmp_path, "validate", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert done.stdout == f"{tmp_path / 'nowhere'}: no such folder: give the path of a course folder (the one holding course.toml)\n"


def test_validate_a_file_instead_of_a_folder(tmp_path: Path):
    done = run(tmp_path, "validate", str(VALID / "course.toml"))
    assert done.returncode == 1
    assert done.stdout == f"{VALID / 'course.toml'}: not a folder: give the path of a course folder (the one holding course.toml)\n"


def test_validate_the_built_in_course(tmp_path: Path):
    done = run(tmp_path, "validate")
    assert done.returncode == 0, done.stdout
    assert ": clean." in done.stdout


# ---------------------------------------------------------------- read


def test_read_lists_the_lessons(tmp_path: Path):
    done = run(tmp_path, "--lessons", str(VALID), "read")
    assert done.returncode == 0
    assert done.stdout.startswith("Before Your First Visit\n=======================\n")
    assert "This course is education, not medical advice." in done.stdout
    assert "988 Suicide & Crisis Lifeline (US): Call or text 988." in done.stdout
    assert "1. Welcome to the clinic (5 min; welcome; for patient, volunteer, facilitator)\n" in done.stdout
    assert "2. Going home (4 min; going-home; for patient, volunteer)\n" in done.stdout
    assert done.stdout.endswith("About this course\n-----------------\n\n- Last reviewed: 1 November 2026\n")


def test_validate_warns_when_the_next_review_date_has_passed(tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(VALID, course)
    toml = course / "course.toml"
    toml.write_text(toml.read_text().replace("reviewed = 2026-11-01\n", "reviewed = 2026-11-01\nnext_review = 2026-11-02\n"))
    done = run(tmp_path, "validate", str(course))
    assert done.returncode == 0, done.stdout  # a warning, not a problem
    line = toml.read_text().splitlines().index("next_review = 2026-11-02") + 1
    assert f"course.toml:{line}: warning: the course was due for review on 2026-11-02" in done.stdout
    assert ": clean." in done.stdout and "Next review due: 2026-11-02." in done.stdout
    toml.write_text(toml.read_text().replace("next_review = 2026-11-02", f"next_review = {dt.date.today() + dt.timedelta(days=1)}"))
    done = run(tmp_path, "validate", str(course))
    assert done.returncode == 0 and "warning" not in done.stdout
    toml.write_text(toml.read_text().replace("next_review = ", "next_review = 2026-10-01\n# ").replace("# 20", "#20"))
    done = run(tmp_path, "validate", str(course))
    assert done.returncode == 1 and f"course.toml:{line}: next_review (2026-10-01) must come after reviewed" in done.stdout


def test_validate_names_the_credits_a_clinic_still_fills_in(tmp_path: Path):
    done = run(tmp_path, "validate")
    assert "Credits still to fill in by the clinic offering the course ([…] in course.toml): clinical_review." \
        in done.stdout


@pytest.mark.parametrize("lesson", ["1", "welcome", "01-welcome"])
def test_read_prints_one_lesson_as_plain_text(tmp_path: Path, lesson: str):
    done = run(tmp_path, "read", lesson, "--lessons", str(VALID))
    assert done.returncode == 0
    text = done.stdout
    assert text.startswith("Lesson 1: Welcome to the clinic\n")
    assert "Section 2 of 2: What to bring" in text
    assert "Bring a list of all your medicines [Clinic handbook]." in text  # emphasis and citation made plain
    assert "[@" not in text and "**" not in text
    assert "Practice questions" not in text and "Facilitator notes" not in text


def test_read_with_quiz_answers_and_facilitator_notes(tmp_path: Path):
    done = run(tmp_path, "--lessons", str(VALID), "read", "1", "--answers", "--facilitator")
    assert done.returncode == 0
    assert "Practice questions with answers" in done.stdout
    assert "15 minutes early [correct]" in done.stdout
    assert "Facilitator notes (suggested 15 minutes)" in done.stdout
    assert "5 min: Welcome and introductions" in done.stdout


def test_read_never_writes_escape_codes_to_a_pipe(tmp_path: Path):
    for args in (["read"], ["read", "1", "--answers", "--facilitator"]):
        done = run(tmp_path, "--lessons", str(VALID), *args)
        assert done.returncode == 0 and not ANSI.search(done.stdout)


def test_read_an_unknown_lesson(tmp_path: Path):
    done = run(tmp_path, "--lessons", str(VALID), "read", "99")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "ketamine-course: No lesson called '99'. Choose one of: 1 (welcome), 2 (going-home)\n"


def test_read_a_broken_course_says_what_to_fix(tmp_path: Path, broken: Path):
    done = run(tmp_path, "--lessons", str(broken), "read", "1")
    assert done.returncode == 1 and done.stdout == ""
    assert f"The course in {broken} has 2 problems:" in done.stderr
    assert "course.toml:5: unknown field 'passmark'" in done.stderr
    assert f"ketamine-course validate {broken}" in done.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wants_emphasis_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert plaintext.wants_emphasis(FakeTerminal())
    assert not plaintext.wants_emphasis(io.StringIO())
    assert not plaintext.wants_emphasis(object())  # no isatty at all
    monkeypatch.setenv("NO_COLOR", "1")
    assert not plaintext.wants_emphasis(FakeTerminal())
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: only a non-empty value counts
    assert plaintext.wants_emphasis(FakeTerminal())


@pytest.mark.parametrize(("no_color", "bold"), [(None, True), ("1", False)])
def test_read_on_a_terminal_is_bold_unless_no_color(monkeypatch: pytest.MonkeyPatch, no_color: str | None, bold: bool):
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["--lessons", str(VALID), "read", "1"]) == 0
    output = terminal.getvalue()
    assert bool(ANSI.search(output)) is bold
    assert ("\x1b[1mLesson 1: Welcome to the clinic\x1b[0m" in output) is bold


# ---------------------------------------------------------------- where


def test_where_uses_the_user_data_folder_by_default(tmp_path: Path):
    done = run(tmp_path, "where", "--lessons", str(VALID))
    assert done.returncode == 0
    keys = tmp_path / "home" / "config" / "ketamine-course" / "keys.toml"
    assert done.stdout.splitlines() == [
        f"Course content: {VALID}",
        f"Progress file:  {tmp_path / 'home' / 'data' / 'ketamine-course' / 'progress.toml'}",
        f"Keys file:      {keys} (not there: the usual keys are used; see ketamine-course help accessibility)",
    ]


def test_where_shows_the_learners_keys_file(tmp_path: Path):
    keys = tmp_path / "home" / "config" / "ketamine-course" / "keys.toml"
    keys.parent.mkdir(parents=True)
    keys.write_text('help = "f1"\n', encoding="utf-8")
    assert run(tmp_path, "where").stdout.splitlines()[2] == f"Keys file:      {keys}"
    chosen = tmp_path / "my-keys.toml"
    chosen.write_text('help = "f1"\n', encoding="utf-8")
    assert run(tmp_path, "where", KETAMINE_COURSE_KEYS=str(chosen)).stdout.splitlines()[2] == f"Keys file:      {chosen}"


def test_where_honours_the_environment_variable(tmp_path: Path):
    done = run(tmp_path, "where", KETAMINE_COURSE_PROGRESS=str(tmp_path / "from-env.toml"))
    assert done.stdout.splitlines()[1] == f"Progress file:  {tmp_path / 'from-env.toml'}"


@pytest.mark.parametrize("where", ["before", "after"])
def test_where_progress_option_wins_over_the_environment(tmp_path: Path, where: str):
    option = ["--progress", str(tmp_path / "chosen.toml")]
    args = [*option, "where"] if where == "before" else ["where", *option]
    done = run(tmp_path, *args, KETAMINE_COURSE_PROGRESS=str(tmp_path / "from-env.toml"))
    assert done.stdout.splitlines()[1] == f"Progress file:  {tmp_path / 'chosen.toml'}"


def test_where_shows_the_built_in_course_by_default(tmp_path: Path):
    done = run(tmp_path, "where")
    content = Path(done.stdout.splitlines()[0].removeprefix("Course content: "))
    assert (content / "course.toml").is_file()


def test_where_expands_a_tilde_in_the_progress_path(tmp_path: Path):
    done = run(tmp_path, "where", "--progress", "~/mine.toml")
    assert done.stdout.splitlines()[1] == f"Progress file:  {tmp_path / 'home' / 'mine.toml'}"


def test_where_never_creates_the_progress_file(tmp_path: Path):
    run(tmp_path, "where")
    assert not (tmp_path / "home" / "data").exists()


# ---------------------------------------------------------------- version and help


def test_version(tmp_path: Path):
    done = run(tmp_path, "--version")
    assert done.returncode == 0
    assert done.stdout == f"ketamine-course {__version__}\n"


def commands() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand, read from the parser so that new commands are covered too."""
    parser = cli.build_parser()
    return next(action.choices for action in parser._actions if isinstance(action, argparse._SubParsersAction))


def test_top_level_help_names_every_command(tmp_path: Path):
    done = run(tmp_path, "--help")
    assert done.returncode == 0
    assert "Education, not medical advice" in " ".join(done.stdout.split()) and "988" in done.stdout
    for name in commands():
        assert re.search(rf"^\s+{name}\s+\S", done.stdout, flags=re.M), f"'{name}' is not described in --help"


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_has_useful_help(name: str, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exited:
        cli.main([name, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: ketamine-course {name}")
    description = commands()[name].description
    assert description and len(description) > 20
    assert " ".join(description.split()[:4]) in " ".join(text.split())
    assert "--lessons DIR" in text and "--progress PATH" in text


def test_help_for_the_basic_commands_in_a_subprocess(tmp_path: Path):
    for name, words in {"validate": "file:line", "read": "plain text", "where": "progress file"}.items():
        done = run(tmp_path, name, "--help")
        assert done.returncode == 0 and words in " ".join(done.stdout.split())


def test_an_unknown_command_is_a_usage_error(tmp_path: Path):
    done = run(tmp_path, "fly")
    assert done.returncode == 2
    assert "invalid choice: 'fly'" in done.stderr


def test_help_and_usage_errors_speak_the_language_in_use(tmp_path: Path):
    """argparse's own words (usage, options, -h, its errors) and the placeholders follow --lang."""
    done = run(tmp_path, "--lang", "es", "export", "handout", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("uso: ketamine-course export handout") and "\nopciones:\n" in done.stdout
    assert "mostrar esta ayuda y salir" in done.stdout and "LECCIÓN [LECCIÓN ...]" in done.stdout
    assert "--output ARCHIVO" in done.stdout and "--progress RUTA" in done.stdout
    for english in ("usage:", "options:", "show this help", "positional arguments", "LESSON", "FILE", "PATH"):
        assert english not in done.stdout, english
    wrong = run(tmp_path, "--lang", "es", "fly")
    assert wrong.returncode == 2 and "opción no válida: 'fly'" in wrong.stderr and "invalid" not in wrong.stderr


def test_argparse_is_given_back_its_own_words(capsys: pytest.CaptureFixture[str]):
    import gettext

    from course.i18n import use_language

    try:
        with pytest.raises(SystemExit):
            cli.main(["--lang", "es", "--help"])
    finally:
        use_language("en")
    assert capsys.readouterr().out.startswith("uso: ")
    # argparse's private _ and ngettext are not in its type stubs
    assert getattr(argparse, "_") is gettext.gettext and getattr(argparse, "ngettext") is gettext.ngettext  # noqa: B009


def test_help_lists_the_guides_and_prints_one(tmp_path: Path):
    """Messages send authors and learners to `ketamine-course help TOPIC`: it must work installed, too."""
    listing = run(tmp_path, "help")
    assert listing.returncode == 0 and "authoring" in listing.stdout and "Writing and editing lessons" in listing.stdout
    guide = run(tmp_path, "help", "authoring")
    assert guide.returncode == 0 and guide.stdout.startswith("# Writing and editing lessons")
    unknown = run(tmp_path, "help", "nope")
    assert unknown.returncode == 1 and "No guide called 'nope'" in unknown.stderr and "authoring" in unknown.stderr


def test_messages_point_to_guides_a_user_has():
    """An installed copy has no docs/ folder: a message names a guide as `ketamine-course help
    TOPIC` (the guides are shipped in the package), with a topic that exists."""
    from course.cli.course_commands import guides

    catalogue = (REPO / "course" / "locale" / "es" / "LC_MESSAGES" / "ketamine_course.po").read_text(encoding="utf-8")
    messages = [message for message in re.findall(r'^msgid ((?:".*"\n)+)', catalogue, flags=re.M)]
    words = ["".join(re.findall(r'"(.*)"', message)) for message in messages]
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "course").rglob("*.py"))
    assert [w for w in words if "docs/" in w] == [], "a message points to a file only a checkout has"
    topics = set(re.findall(r"ketamine-course help ([a-z][a-z-]*)", "\n".join(words) + sources))
    assert topics and topics <= set(guides()), f"no such guide: {sorted(topics - set(guides()))}"
