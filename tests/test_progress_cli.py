"""`ketamine-course progress export / import`, end to end: plain messages, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_progress_support import every_file, sample_progress

from course.cli import main
from course.progress.model import add_my_question, now, open_section
from course.progress.store import ProgressStore, dumps

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A progress file with Sam and Alex, chosen through the environment variable."""
    path = tmp_path / "home" / "progress.toml"
    store = ProgressStore.open(path)
    store.data = sample_progress("Sam", "Alex")
    assert store.save()
    monkeypatch.setenv("KETAMINE_COURSE_PROGRESS", str(path))
    return path


def test_export_then_import_on_another_machine(home, tmp_path, capsys):
    exported = tmp_path / "usb" / "alex.toml"
    exported.parent.mkdir()
    assert main(["progress", "export", "--learner", "alex", str(exported)]) == 0
    assert "Exported the progress of Alex" in capsys.readouterr().out
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    single = ProgressStore.open(exported).data
    assert list(single.learners) == ["id1"] and single.active.name == "Alex"

    other = tmp_path / "other" / "progress.toml"
    assert main(["--progress", str(other), "progress", "import", str(exported)]) == 0
    assert "added Alex" in capsys.readouterr().out
    assert ProgressStore.open(other).data.learners["id1"] == single.learners["id1"]
    assert main(["progress", "import", "--progress", str(other), str(exported)]) == 0  # option after the command
    assert "brought up to date Alex" in capsys.readouterr().out


def test_import_keeps_what_is_newer_on_either_side(home, tmp_path):
    exported = tmp_path / "sam.toml"
    assert main(["progress", "export", "--learner", "Sam", str(exported)]) == 0
    # at home Sam reads on; on the other machine Sam adds a question
    at_home = ProgressStore.open(home)
    open_section(at_home.data.active, "consultation", 4)
    assert at_home.save()
    away = ProgressStore.open(exported)
    add_my_question(away.data.active, "Asked on the laptop")
    away.data.active.updated += dt.timedelta(days=1)
    assert away.save()
    assert main(["progress", "import", str(exported)]) == 0
    sam = ProgressStore.open(home).data.learners["id0"]
    assert sam.lessons["consultation"].last_section == 4
    assert "Asked on the laptop" in [q.text for q in sam.questions]


def test_unknown_learner_lists_the_names(home, tmp_path, capsys):
    assert main(["progress", "export", "--learner", "Kim", str(tmp_path / "kim.toml")]) == 1
    error = capsys.readouterr().err
    assert "No learner called 'Kim'" in error and "Sam (id0), Alex (id1)" in error
    assert not (tmp_path / "kim.toml").exists()


def test_several_learners_need_a_name_when_none_is_active(home, tmp_path, capsys):
    store = ProgressStore.open(home)
    store.data.active_learner = None
    assert store.save()
    assert main(["progress", "export", str(tmp_path / "x.toml")]) == 1
    assert "Choose one with --learner NAME" in capsys.readouterr().err


def test_export_does_not_replace_a_file_without_force(home, tmp_path, capsys):
    target = tmp_path / "exists.toml"
    target.write_text("precious")
    assert main(["progress", "export", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err and target.read_text() == "precious"
    assert main(["progress", "export", "--force", str(target)]) == 0


def test_export_with_force_never_replaces_a_device_or_pipe(home, tmp_path, capsys):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert main(["progress", "export", "--force", str(pipe)]) == 1
    assert "not an ordinary file" in capsys.readouterr().err and stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_import_still_reads_a_pipe(home, tmp_path, capsys):
    """Only the progress file in use must be an ordinary file: `import <(ssh laptop cat sam.toml)` works."""
    import threading

    exported = tmp_path / "sam.toml"
    assert main(["progress", "export", "--learner", "Sam", str(exported)]) == 0
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes(exported.read_bytes()), daemon=True)
    writer.start()
    other = tmp_path / "other" / "progress.toml"
    assert main(["--progress", str(other), "progress", "import", str(pipe)]) == 0
    assert "added Sam" in capsys.readouterr().out


def test_export_to_the_progress_file_itself_is_refused(home, capsys):
    assert main(["progress", "export", "--force", str(home)]) == 1
    assert "is the progress file itself" in capsys.readouterr().err


@pytest.mark.parametrize("content, words", [
    (None, "There is no file at"),
    (b"this is [not toml", "is not a progress file this course can read"),
    (bytes(range(256)), "is not a progress file this course can read"),
    (b"schema_version = 9\n", "newer version of ketamine-course"),
    (b"schema_version = 1\n", "holds no learners"),
])
def test_import_of_a_bad_file_is_explained_and_changes_nothing(home, tmp_path, capsys, content, words):
    source = tmp_path / "incoming.toml"
    if content is not None:
        source.write_bytes(content)
    before = home.read_bytes()
    assert main(["progress", "import", str(source)]) == 1
    error = capsys.readouterr().err
    assert words in error and "Traceback" not in error
    assert home.read_bytes() == before
    if content is not None:
        assert source.read_bytes() == content  # never set aside or changed: it is not the progress file


@pytest.mark.parametrize("values, words", [
    ('role = "wizard"', "'wizard' is not one of 'patient', 'volunteer' or 'facilitator'"),
    ('created = "yesterday"', "'yesterday' should be a date and time"),
    ("shoe_size = 44", "“shoe_size” is not something a progress file holds"),
    ("[learners.x.lessons]\nrisks = { seconds = -5 }", "at learners.x.lessons.risks.seconds: -5 is below"),
    ("[learners.x.quizzes.risks]\nbest_score = 400", "400 is above the largest value allowed"),
    ("lessons = 5", "5 should be a table"),
])
def test_a_value_the_model_refuses_is_explained_in_plain_words(home, tmp_path, capsys, values, words):
    """Issue 14, fault 11: pydantic's own text (its error count, type names, input_value=, a web
    address) reached learners."""
    source = tmp_path / "incoming.toml"
    source.write_text(f'schema_version = 4\n[learners.x]\nname = "Sam"\n{values}\n\n# end of ketamine-course progress\n')
    assert main(["progress", "import", str(source)]) == 1
    error = capsys.readouterr().err
    assert words in error, error
    for pydantic_words in ("validation error", "input_value", "type=", "pydantic", "For further information"):
        assert pydantic_words not in error


def test_a_broken_learner_file_is_set_aside_then_repaired_and_imported(home, tmp_path, capsys):
    own = home.parent / "progress-learners" / "id0.toml"
    lessons = ProgressStore.open(home).data.learners["id0"].lessons
    own.write_bytes(own.read_bytes().replace(b'role = "volunteer"', b'role = "wizard"', 1))
    store = ProgressStore.open(home)  # as the app opens it: the broken file is kept under a new name
    broken = next(own.parent.glob("id0.toml.broken-*"))
    assert str(broken) in store.notices[0] and "'wizard' is not one of" in store.notices[0]
    broken.write_bytes(broken.read_bytes().replace(b'"wizard"', b'"volunteer"'))
    assert main(["progress", "import", str(broken)]) == 0
    assert ProgressStore.open(home).data.learners["id0"].lessons == lessons


def test_progress_without_an_action_shows_its_help(capsys):
    assert main(["progress"]) == 2
    assert "export" in capsys.readouterr().err


@pytest.mark.parametrize("words, expected", [
    (["progress", "--help"], "Copy one learner's progress into a file of its own"),
    (["progress", "export", "--help"], "Example: ketamine-course progress export --learner Sam sam.toml"),
    (["progress", "import", "--help"], "Example: ketamine-course progress import sam.toml"),
])
def test_help_is_documented(words, expected, capsys):
    with pytest.raises(SystemExit) as leaving:
        main(words)
    assert leaving.value.code == 0
    assert expected in " ".join(capsys.readouterr().out.split())


def test_the_real_command_end_to_end(home, tmp_path):
    env = {**os.environ, "KETAMINE_COURSE_PROGRESS": str(home), "PYTHONPATH": str(ROOT)}
    exported = tmp_path / "sam.toml"

    def run(*words):
        return subprocess.run([sys.executable, "-m", "course", *words], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=60)

    done = run("progress", "export", "--learner", "Sam", str(exported))
    assert done.returncode == 0, done.stderr
    done = run("--progress", str(tmp_path / "new.toml"), "progress", "import", str(exported))
    assert done.returncode == 0 and "added Sam" in done.stdout, done.stderr
    done = run("progress", "import", str(tmp_path / "missing.toml"))
    assert done.returncode == 1 and "There is no file at" in done.stderr and "Traceback" not in done.stderr


# ------------------------------------------------------------------ issue 14: import, loops, endless input, wording


def _crafted_from_the_future(home, path):
    """The attack in issue 14: a file whose future times delete Alex, delete Sam's question and
    rename Sam (the active learner), while the summary said only 'added Cat'."""
    future = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    crafted = sample_progress("Mallory", "Cat")
    mallory = crafted.learners["id0"]  # Sam's id
    mallory.updated = future
    mallory.questions = []
    mallory.removed.questions["q1"] = future
    crafted.learners["id9"] = crafted.learners.pop("id1")
    crafted.removed_learners["id1"] = future  # Alex
    path.write_text(dumps(crafted), encoding="utf-8")


def test_import_never_deletes_or_renames_without_showing_and_asking(home, tmp_path, capsys):
    crafted = tmp_path / "crafted.toml"
    _crafted_from_the_future(home, crafted)
    before = every_file(home)
    assert main(["progress", "import", str(crafted)]) == 1  # no terminal to ask in: refused
    out, err = capsys.readouterr()
    assert "delete Alex and all of their progress" in out and "rename Sam to Mallory" in out
    assert "delete a question of Sam: “Can I drive home?”" in out
    assert "were later than now" in out and "Nothing was imported" in err and "--yes" in err
    assert every_file(home) == before
    assert main(["progress", "import", "--yes", str(crafted)]) == 0  # agreed to: done, times taken as now
    after = ProgressStore.open(home).data
    assert "id1" not in after.learners and after.learners["id0"].name == "Mallory"
    assert all(learner.updated <= now() for learner in after.learners.values())


def test_an_import_that_changes_nothing_here_asks_nothing(home, tmp_path, capsys):
    exported = tmp_path / "sam.toml"
    assert main(["progress", "export", "--full", "--learner", "Sam", str(exported)]) == 0
    assert main(["progress", "import", str(exported)]) == 0
    assert "would change" not in capsys.readouterr().out


@pytest.mark.parametrize("words", [["progress", "import"], ["report"], ["verify"]])
def test_endless_input_is_refused_plainly(home, words, capsys):
    began = time.monotonic()
    code = main([*words, "/dev/zero"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err and "too large" in out + err
    assert time.monotonic() - began < 20


def test_symbolic_link_loops_are_explained(home, tmp_path, capsys):
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    assert main(["progress", "import", str(loop)]) == 1
    assert "leads back to itself" in capsys.readouterr().err
    assert main(["progress", "export", "--force", str(loop)]) == 1
    assert "leads back to itself" in capsys.readouterr().err and loop.is_symlink()
    assert main(["--progress", str(loop), "progress", "export", str(tmp_path / "x.toml")]) == 1
    assert "leads back to itself" in capsys.readouterr().err
    store = ProgressStore.open(loop, lazy=True)  # as the app opens it: read-only, and says why
    assert store.read_only and "leads back to itself" in store.notices[0]


def test_a_command_that_only_reads_never_renames_a_broken_file_nor_says_it_started_afresh(home, capsys):
    home.write_text("this is [not toml")
    assert main(["export", "questions"]) == 1
    err = capsys.readouterr().err
    assert "could not be read" in err and "Nothing was changed" in err
    assert "has been started" not in err and "kept while the course is open" not in err
    assert home.read_text() == "this is [not toml" and not list(home.parent.glob("*.broken-*"))


# ------------------------------------------------------------------ the learner's data is the learner's


def test_export_for_handing_in_leaves_out_own_questions_and_notes(home, tmp_path, capsys):
    handed = tmp_path / "sam.toml"
    assert main(["progress", "export", "--learner", "Sam", str(handed)]) == 0
    assert "own questions and notes are left out" in capsys.readouterr().out
    sam = ProgressStore.open(handed).data.learners["id0"]
    assert sam.questions == [] and sam.notes == {} and sam.lessons and sam.quizzes
    assert "Can I drive home" not in handed.read_text() and "blood pressure" not in handed.read_text()
    full = tmp_path / "sam-full.toml"
    assert main(["progress", "export", "--full", "--learner", "Sam", str(full)]) == 0
    assert ProgressStore.open(full).data.learners["id0"] == ProgressStore.open(home).data.learners["id0"]


def test_forget_deletes_a_learner_their_file_and_the_copies_that_hold_them(home, tmp_path, capsys):
    folder = home.parent / "progress-learners"
    (folder / "id1.toml.broken-20260101-000000").write_text("Alex's broken copy")
    rescue = home.with_name("progress.toml.rescue-20260101-000000")
    rescue.write_text(dumps(sample_progress("Sam", "Alex")))
    assert main(["progress", "forget", "Alex"]) == 1  # asks first; no terminal here
    assert "Nothing was deleted" in capsys.readouterr().err and (folder / "id1.toml").exists()
    assert main(["progress", "forget", "--yes", "Alex"]) == 0
    out = capsys.readouterr().out
    assert "Deleted Alex" in out and str(rescue) in out
    assert not (folder / "id1.toml").exists() and not list(folder.glob("id1.toml*"))
    assert not rescue.exists()
    text = home.read_text() + "".join(each.read_text() for each in folder.glob("*.toml"))
    assert "Alex" not in text  # gone from every file; only the id stays, as a tombstone
    assert list(ProgressStore.open(home).data.learners) == ["id0"]


def test_reset_a_lesson_a_quiz_or_everything(home, capsys):
    assert main(["progress", "reset", "--yes", "--lesson", "risks"]) == 0
    sam = ProgressStore.open(home).data.learners["id0"]
    assert "risks" not in sam.lessons and "risks" in sam.quizzes
    assert main(["progress", "reset", "--yes", "--quiz", "risks"]) == 0
    sam = ProgressStore.open(home).data.learners["id0"]
    assert "risks" not in sam.quizzes and "risks/a" not in sam.review
    assert main(["progress", "reset", "--yes", "--all", "--learner", "Alex"]) == 0
    alex = ProgressStore.open(home).data.learners["id1"]
    assert alex.name == "Alex" and not (alex.lessons or alex.quizzes or alex.questions or alex.notes)
    assert "Can I drive home" not in (home.parent / "progress-learners" / "id1.toml").read_text()


def test_copies_are_listed_and_removed_with_one_command(home, capsys):
    broken = home.with_name("progress.toml.broken-20260101-000000")
    broken.write_text("not toml [")
    old = home.with_name("progress.toml.schema-1.bak")
    old.write_text(dumps(sample_progress("Sam")))
    assert main(["progress", "copies"]) == 0
    out = capsys.readouterr().out
    assert str(broken) in out and str(old) in out and "holds: Sam" in out
    assert main(["progress", "copies", "--remove", "--yes"]) == 0
    assert not broken.exists() and not old.exists()
    assert main(["progress", "copies"]) == 0 and "There are no copies" in capsys.readouterr().out



def test_rescue_copies_in_the_home_folder_or_numbered_are_listed_and_removed_with_the_learner(home, tmp_path,
                                                                                               monkeypatch, capsys):
    """A rescue copy goes to the home folder when the progress's own disk is full; forgetting the
    learner left it there, and 'progress copies' did not list it, nor a second rescue copy
    beside the file (progress.toml-2.rescue-…)."""
    import errno

    import course.progress.store as store_module

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(elsewhere))
    real = store_module.create_numbered

    def full_beside(folder, name, data, **options):
        if folder == home.parent:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(folder, name, data, **options)

    store = ProgressStore.open(home)
    store.data.active_learner = "id1"  # Alex: a rescue holds the active learner
    monkeypatch.setattr(store_module, "create_numbered", full_beside)
    in_home = store.rescue()
    monkeypatch.setattr(store_module, "create_numbered", real)
    beside = [store.rescue(), home.with_name("progress.toml-2.rescue-20260101-000000")]
    beside[1].write_bytes(beside[0].read_bytes())
    other = elsewhere / "progress.toml.rescue-20260101-000000"  # another progress file's: not ours
    other.write_text("# A rescue copy: progress that could not be saved to /somewhere/else/progress.toml.\n")
    assert in_home.parent == elsewhere and beside[0].parent == home.parent
    assert main(["progress", "copies"]) == 0
    out = capsys.readouterr().out
    assert all(str(path) in out for path in [in_home, *beside]) and str(other) not in out
    assert main(["progress", "forget", "Alex", "--yes"]) == 0
    assert not any(path.exists() for path in [in_home, *beside]) and other.exists()
