"""The domain core (everything in course/ outside the UIs, course/tui/ and course/web/) never
imports textual, and the layers import only downwards (import-linter's contracts in pyproject.toml).

Modules are found by walking the package, so a new core module is covered as soon as it
exists. Two checks: importing every core module in a fresh interpreter loads no textual
module, and no file outside course/tui/ has an `import textual` statement at all (not even
inside a function, where the import check would not see it).
"""

from __future__ import annotations

import ast
import json
import os
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import course

REPO = Path(__file__).resolve().parents[1]
PACKAGE = Path(course.__file__).parent
UI_PACKAGES = ("course.tui", "course.web")
NOT_IMPORTABLE = {"course.__main__"}  # runs the command line when imported
UI_LIBRARIES = ("textual",)  # also matches textual_serve and friends


def is_ui_library(name: str) -> bool:
    return name.split(".")[0].startswith(UI_LIBRARIES)


def core_modules() -> list[str]:
    names = ["course"] + [info.name for info in pkgutil.walk_packages([str(PACKAGE)], prefix="course.")]
    return sorted(name for name in names
                  if name not in NOT_IMPORTABLE and not is_ui_module(name))


def is_ui_module(name: str) -> bool:
    return any(name == ui or name.startswith(ui + ".") for ui in UI_PACKAGES)


def core_files() -> list[Path]:
    ui_folders = [PACKAGE / ui.split(".")[1] for ui in UI_PACKAGES]
    return sorted(path for path in PACKAGE.rglob("*.py") if not any(folder in path.parents for folder in ui_folders))


def test_the_walk_finds_the_core():
    modules = core_modules()
    assert {"course.content.loader", "course.content.model", "course.cli", "course.learning.quiz", "course.progress.model", "course.outputs.plaintext"} <= set(modules)
    assert not any(is_ui_module(name) for name in modules)
    assert len(core_files()) >= len(modules) - 1  # every module but the package itself has a file of its own


def test_importing_the_core_loads_no_textual():
    # Import the modules one by one and name the first one after which textual is loaded.
    script = textwrap.dedent("""
        import importlib, json, sys
        culprit = None
        for name in json.loads(sys.argv[1]):
            importlib.import_module(name)
            loaded = sorted(m for m in sys.modules if m.split(".")[0].startswith("textual"))
            if loaded and culprit is None:
                culprit = (name, loaded[:5])
        print(json.dumps(culprit))
    """)
    done = subprocess.run([sys.executable, "-c", script, json.dumps(core_modules())], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    culprit = json.loads(done.stdout)
    assert culprit is None, f"importing {culprit[0]} loads {', '.join(culprit[1])}: keep textual inside course/tui/"


def ui_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) for every import of a UI library in this Python source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if is_ui_library(name)]
    return sorted(found)


def test_no_core_file_imports_textual():
    offenders = [f"{path.relative_to(REPO)}:{line}: imports {name}"
                 for path in core_files() for line, name in ui_imports(path.read_text(encoding="utf-8"))]
    assert offenders == [], "the domain core must not import textual:\n" + "\n".join(offenders)


def test_the_static_check_sees_imports_anywhere_in_a_file():
    sample = "import os\nfrom textual.app import App\n\ndef later():\n    import textual_serve, rich\n"
    assert ui_imports(sample) == [(2, "textual.app"), (5, "textual_serve")]


def test_the_layers_import_only_downwards():
    """import-linter's contracts (pyproject.toml): cli > tui | web > outputs > learning > progress > content."""
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


# The commands a person may run first, or from a screen reader, start without the app's UI
# library or the validation library (docs/performance.md): `read` prints from the checked
# course kept in the cache, and never loads the progress model.
LIGHT_COMMANDS = [["--help"], ["--version"], ["read"], ["read", "1"], ["read", "1", "--quiz", "--answers"],
                  ["read", "all", "--facilitator"], ["read", "help"]]
HEAVY_LIBRARIES = ("textual", "pydantic")


def test_help_and_read_load_neither_textual_nor_pydantic(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "NO_COLOR": "1"}
    env.pop("KETAMINE_COURSE_KEYS", None)
    script = textwrap.dedent("""
        import contextlib, io, json, sys
        from course import cli
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            cli.main(json.loads(sys.argv[1]))
        print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))))
    """)

    def loaded(args: list[str]) -> list[str]:
        done = subprocess.run([sys.executable, "-c", script, json.dumps(args), json.dumps(HEAVY_LIBRARIES)],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    loaded(["read"])  # the first time, the course is checked (with pydantic) and kept in the cache
    assert {" ".join(args): loaded(args) for args in LIGHT_COMMANDS} == {" ".join(args): [] for args in LIGHT_COMMANDS}


# ------------------------------------------------------------------ docs/architecture.md and the contracts

ARCHITECTURE = REPO / "docs" / "architecture.md"


def test_every_path_docs_architecture_names_exists():
    """The page is where a newcomer starts: a file moved or renamed must take the page along."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = []
    for name in set(re.findall(r"`([\w./-]+)`", text)) | set(re.findall(r"(?<![\w/])(course/[\w./-]*\w)", text)):
        if "NAME" in name or name in ("course/lessons", "course/docs"):  # a pattern; the wheel's names for lessons/, docs/
            continue
        if "/" in name and name.split("/")[0] in ("course", "docs", "tests", "benchmarks", "lessons"):
            found = (REPO / name).exists()
        elif name.endswith((".py", ".tcss")):  # a file named after its folder in the same row
            found = any(PACKAGE.rglob(name))
        else:
            continue
        if not found:
            missing.append(name)
    assert not missing, f"docs/architecture.md names what is not in the tree: {sorted(missing)}"


def contracts() -> dict[str, dict]:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {contract["name"]: contract for contract in config["tool"]["importlinter"]["contracts"]}


def test_every_shared_basic_module_is_in_the_contracts_and_on_the_page():
    """A module added at the top of course/ is a shared basic: it must be held to what they
    may import, to the no-textual rule, and be on the architecture page's picture."""
    basics = {f"course.{path.stem}" for path in PACKAGE.glob("*.py") if path.stem not in ("__init__", "__main__")}
    rules = contracts()
    shared = set(rules["The shared basics import no layer above them"]["source_modules"])
    core = set(rules["The core never imports textual, textual-serve or the UI"]["source_modules"])
    assert basics - shared == set(), "not held to importing no layer above them"
    assert basics - core == set(), "not held to importing no textual"
    picture = ARCHITECTURE.read_text(encoding="utf-8").split("```")[1]
    assert [name for name in sorted(basics) if f"course/{name.split('.')[1]}.py" not in picture] == []
