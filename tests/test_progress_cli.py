"""`ketamine-course progress export / import`, end to end: plain messages, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_progress_support import sample_progress

from course.cli import main
from course.progress.model import add_my_question, open_section
from course.progress.store import ProgressStore

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


def test_import_of_a_repaired_broken_file(home, tmp_path, capsys):
    home.write_bytes(home.read_bytes().replace(b'role = "volunteer"', b'role = "wizard"', 1))
    assert main(["progress", "export", "--learner", "x", str(tmp_path / "x.toml")]) == 1  # store empty now
    broken = next(home.parent.glob("progress.toml.broken-*"))
    assert "was renamed to" in capsys.readouterr().err
    broken.write_bytes(broken.read_bytes().replace(b'"wizard"', b'"volunteer"'))
    assert main(["progress", "import", str(broken)]) == 0
    assert {lr.name for lr in ProgressStore.open(home).data.learners.values()} == {"Sam", "Alex"}


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
