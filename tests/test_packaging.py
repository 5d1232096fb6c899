"""The wheel carries the course content, the stylesheets and the docs, not just the Python code;
the sdist can run its own tests; the version, the licence and the build are declared once.

The builds use this interpreter's setuptools (the test extra brings one new enough), so they
need no network; they work on a copy of the project in tmp_path, so they never leave build/ or
*.egg-info folders in the shared work tree.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

def tracked(*folders: str) -> set[str]:
    """Files git tracks under these folders (what a clean checkout has)."""
    done = subprocess.run(["git", "ls-files", "-z", "--", *folders], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"not a git checkout: {done.stderr.strip()}")
    return {name for name in done.stdout.split("\0") if name}


def expected_files() -> set[str]:
    """What the wheel must hold: every module, lesson, quiz, stylesheet and doc of the checkout."""
    wanted = {name for name in tracked("course") if name.endswith((".py", ".tcss"))}
    wanted |= {"course/lessons/" + name.removeprefix("lessons/") for name in tracked("lessons")}
    wanted |= {"course/docs/" + name.removeprefix("docs/") for name in tracked("docs") if name.endswith(".md")}
    return wanted


def checkout_file(name: str) -> Path:
    for package, folder in (("course/lessons/", "lessons/"), ("course/docs/", "docs/")):
        if name.startswith(package):
            return REPO / (folder + name.removeprefix(package))
    return REPO / name


def copy_of_the_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache"))
    return source


def can_build_offline() -> bool:
    """--no-build-isolation uses this interpreter's setuptools, which needs its own
    bdist_wheel (setuptools 70.1 and later) or the `wheel` package."""
    def has(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # the parent package is missing
            return False
    return has("setuptools") and (has("setuptools.command.bdist_wheel") or has("wheel"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    if not can_build_offline():
        pytest.skip("building a wheel offline needs setuptools>=70.1 or the 'wheel' package: pip install wheel")
    source = copy_of_the_project(tmp_path_factory)
    stale = source / "build" / "lib" / "course" / "moved_away.py"  # left by an earlier build
    stale.parent.mkdir(parents=True)
    stale.write_text("raise SystemExit('a module deleted since the last build')\n")
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "--wheel-dir", str(out), str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    [built] = out.glob("ketamine_course-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_holds_every_module_lesson_quiz_stylesheet_and_doc(wheel: zipfile.ZipFile):
    wanted = expected_files()
    assert len([name for name in wanted if name.endswith("lesson.md")]) >= 1
    assert [name for name in wanted if name.endswith(".tcss")], "course/tui has no stylesheets?"
    assert "course/docs/authoring.md" in wanted and "course/content/loader.py" in wanted
    missing = wanted - set(wheel.namelist())
    assert not missing, f"missing from the wheel: {sorted(missing)}"


def test_the_wheel_holds_the_python_packages_and_the_command(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    for module in ("course/__init__.py", "course/cli/__init__.py", "course/content/loader.py", "course/tui/app.py"):
        assert module in names
    [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    assert "ketamine-course = course.cli:main" in wheel.read(entry_points).decode()


def test_the_packaged_course_is_the_same_as_the_checkout(wheel: zipfile.ZipFile):
    for name in sorted(expected_files()):
        assert wheel.read(name) == checkout_file(name).read_bytes(), name


def test_the_wheel_holds_compiled_catalogues_that_speak_spanish(wheel: zipfile.ZipFile):
    """setup.py compiles each .po to .mo in the build (offline, with Babel): the wheel ships the .mo."""
    import gettext
    import io

    names = set(wheel.namelist())
    sources = {name for name in tracked("course") if name.endswith(".po")}
    assert sources, "no translations in course/locale?"
    for source in sources:
        assert source[:-3] + ".mo" in names and source not in names, source
    spanish = gettext.GNUTranslations(io.BytesIO(wheel.read("course/locale/es/LC_MESSAGES/ketamine_course.mo")))
    assert spanish.gettext("Course map") == "Mapa del curso"
    assert spanish.ngettext("{n} learner.", "{n} learners.", 2) == "{n} participantes."


def test_a_stale_build_folder_is_never_shipped(wheel: zipfile.ZipFile):
    assert "course/moved_away.py" not in wheel.namelist()


def test_one_version_and_an_spdx_licence(wheel: zipfile.ZipFile):
    import course

    [metadata] = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    text = wheel.read(metadata).decode()
    assert re.search(r"^Version: (.+)$", text, re.M).group(1) == course.__version__
    assert re.search(r"^License-Expression: MIT$", text, re.M)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in wheel.namelist())


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> tarfile.TarFile:
    if not can_build_offline() or importlib.util.find_spec("build") is None:
        pytest.skip("building an sdist offline needs the 'build' package (the test extra has it)")
    source = copy_of_the_project(tmp_path_factory)
    for left in ("build/lib/course/moved_away.py", "tests/axe/node_modules/axe-core/axe.js"):  # an old build, npm ci
        (source / left).parent.mkdir(parents=True, exist_ok=True)
        (source / left).write_text("// not part of the project\n")
    out = tmp_path_factory.mktemp("sdist")
    done = subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [built] = out.glob("ketamine_course-*.tar.gz")
    return tarfile.open(built)


def test_the_sdist_can_run_its_own_tests(sdist: tarfile.TarFile):
    root = sdist.getnames()[0].split("/")[0]
    names = {name.removeprefix(root + "/") for name in sdist.getnames()}
    wanted = tracked("tests", "lessons", "benchmarks", "course") | {"LICENSE", "pyproject.toml", "setup.py", "README.md"}
    missing = {name for name in wanted if "__pycache__" not in name} - names
    assert not missing, f"missing from the sdist: {sorted(missing)[:20]}"
    assert any(name.startswith("tests/__snapshots__/") for name in names)


def test_the_sdist_ships_only_what_git_tracks(sdist: tarfile.TarFile):
    """Not a stale build/, not the browser tests' node_modules (npm ci puts them in tests/axe)."""
    root = sdist.getnames()[0].split("/")[0]
    files = {member.name.removeprefix(root + "/") for member in sdist.getmembers() if member.isfile()}
    made_by_the_build = {"PKG-INFO", "setup.cfg"}
    extra = {name for name in files - tracked() - made_by_the_build
             if not name.startswith("ketamine_course.egg-info/")}
    assert not extra, f"in the sdist but not in git: {sorted(extra)[:20]}"
