"""Cold start and peak memory of the installed `ketamine-course`, side by side with a bare
Textual app (Header, Markdown, Footer) started the same way.

Each program is started in its own pty, once per round, rounds interleaved; ratios are the
median of round-by-round ratios.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks import baseline_app
from benchmarks.coldstart import Program, Start, start
from benchmarks.stats import Row, interleaved, median, ms, paired_ratio
from benchmarks.synthetic import group_progress, make_returning_learner_progress, write_progress

START_BUDGET = 1.25  # × the baseline
SIZE_BUDGETS = {1000: 1.2, 5000: 1.5}  # a synthetic course of that many lessons: at most × the real course
MEMORY_BUDGET = 1.3  # × the baseline
GROUP_BUDGET = 1.1  # the course map with a group's progress: at most × the same learner's alone
FOOTER_MARKER = "Crisis line"  # a footer key every course screen shows
BASELINE, CORE, COURSE_MAP, WELCOME = "baseline", "baseline + core", "course map", "welcome"
FIRST_START = "course map, first start (the course checked, nothing cached)"


def console_script() -> Path:
    """The installed command, next to the running interpreter (the venv's bin/)."""
    script = Path(sys.executable).parent / "ketamine-course"
    if not script.exists():
        raise SystemExit(f"{script} is not installed: run `{sys.executable} -m pip install -e .` first")
    return script


def first_module_title(lessons: Path | None) -> str:
    """Text that only the finished course map draws: the start of its first module's title
    (read from the files: checking a 5,000-lesson course here would take seconds)."""
    import tomllib

    from course.paths import default_lessons_dir

    folder = lessons or default_lessons_dir()
    first = tomllib.loads((folder / "course.toml").read_text(encoding="utf-8"))["modules"][0]
    front = (folder / first / "lesson.md").read_text(encoding="utf-8").split("+++")[1]
    return tomllib.loads(front)["title"][:20]


def returning_learner(workdir: Path) -> None:
    write_progress(make_returning_learner_progress(), workdir / "progress.toml")


class Group:
    """Setup: the progress of `learners` learners with full histories (the same active learner
    whatever the group's size), as the store keeps it on disk: an index and a file each."""

    def __init__(self, learners: int, of: int) -> None:
        self.learners, self.of = learners, of

    def __call__(self, workdir: Path) -> None:
        group_progress(workdir / "progress.toml", self.of, keep=self.learners)


def group_name(learners: int) -> str:
    return f"course map, {learners} learner{'s' if learners != 1 else ''} (full histories)"


def programs(synthetic: dict[int, Path], learners: int = 0) -> list[Program]:
    script = str(console_script())
    progress = ("--progress", "{workdir}/progress.toml")
    baseline = (sys.executable, str(Path(baseline_app.__file__).resolve()))
    found = [
        Program(BASELINE, baseline, baseline_app.MARKERS),
        Program(CORE, (*baseline, "--with-core", "{workdir}/progress.toml"), baseline_app.MARKERS, setup=returning_learner),
        Program(COURSE_MAP, (script, *progress), (first_module_title(None), FOOTER_MARKER), setup=returning_learner),
        Program(FIRST_START, (script, *progress), (first_module_title(None), FOOTER_MARKER), setup=returning_learner,
                cached=False),
        Program(WELCOME, (script, *progress), ("Your name (optional", FOOTER_MARKER)),
    ]
    if learners > 1:  # start-up with a group's progress against the same learner alone
        for count in (1, learners):
            found.append(Program(group_name(count), (script, *progress), (first_module_title(None), FOOTER_MARKER),
                                 setup=Group(count, learners)))
    for size, folder in sorted(synthetic.items()):
        found.append(Program(f"{size} lessons", (script, "--lessons", str(folder), *progress),
                             (first_module_title(folder), FOOTER_MARKER), setup=returning_learner))
    return found


def run_all(subjects: Sequence[Program], rounds: int, warm_up: bool = True) -> dict[Program, list[Start]]:
    """Start every program once per round, interleaved; each start gets a fresh temp folder
    (home, progress file), and keeps one cache folder from start to start as a person's
    computer does, unless the program is a first start."""
    root = Path(tempfile.mkdtemp(prefix="ketamine-bench-start-"))
    counter = iter(range(10**9))

    def one(program: Program) -> Start:
        workdir = root / f"{next(counter):05d}"
        try:
            return start(program, workdir, cache_home=root / "cache" if program.cached else None)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    try:
        if warm_up:  # byte-code caches, the page cache and the course's cache, as for anyone's second start
            for program in subjects:
                one(program)
        return interleaved(rounds, list(subjects), one)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def rows(results: dict[Program, list[Start]]) -> list[Row]:
    named = {program.name: starts for program, starts in results.items()}
    seconds = {name: [s.seconds for s in starts] for name, starts in named.items()}
    base = seconds[BASELINE]
    table = [Row("start-up", f"cold start, {BASELINE} (Header + Markdown + Footer)",
                 f"median {ms(median(base))} ({len(base)} runs)")]
    for name in (COURSE_MAP, WELCOME):
        ratio = paired_ratio(seconds[name], base)
        table.append(Row("start-up", f"cold start, {name}", f"median {ms(median(seconds[name]))}, ×{ratio:.2f} baseline",
                         f"≤ {START_BUDGET}× baseline", ratio <= START_BUDGET))
    if FIRST_START in seconds:
        ratio = paired_ratio(seconds[FIRST_START], base)
        table.append(Row("start-up", f"cold start, {FIRST_START}",
                         f"median {ms(median(seconds[FIRST_START]))}, ×{ratio:.2f} baseline"))
    core, app = paired_ratio(seconds[CORE], base), paired_ratio(seconds[COURSE_MAP], seconds[CORE])
    table.append(Row("start-up", "where the course map's extra time goes",
                     f"core (course and progress file) ×{core:.2f} baseline; course screens ×{app:.2f} on top"))
    groups = sorted(int(name.split()[2]) for name in seconds if name.endswith("(full histories)"))
    if len(groups) == 2:
        one, many = (group_name(count) for count in groups)
        ratio = paired_ratio(seconds[many], seconds[one])
        table.append(Row("start-up", f"cold start, {many}",
                         f"median {ms(median(seconds[many]))}, ×{ratio:.2f} the same learner alone "
                         f"(median {ms(median(seconds[one]))})", f"≤ {GROUP_BUDGET}× one learner", ratio <= GROUP_BUDGET))
    sizes = sorted(int(name.split()[0]) for name in seconds if name.endswith(" lessons"))
    for size in sizes:
        name = f"{size} lessons"
        ratio = paired_ratio(seconds[name], seconds[COURSE_MAP])
        budget, ok = ("", None)
        if size in SIZE_BUDGETS:
            budget, ok = f"≤ {SIZE_BUDGETS[size]}× real course", ratio <= SIZE_BUDGETS[size]
        table.append(Row("start-up", f"cold start, synthetic {name}",
                         f"median {ms(median(seconds[name]))}, ×{ratio:.2f} real course", budget, ok))
    if len(sizes) > 1:
        steps = [f"{a}→{b}: ×{median(seconds[f'{b} lessons']) / median(seconds[f'{a} lessons']):.2f}"
                 for a, b in zip(sizes, sizes[1:])]
        table.append(Row("start-up", "cold start: growth with lessons", ", ".join(steps)))
    memory = {name: [s.peak_rss_kib for s in starts] for name, starts in named.items()}
    ratio = paired_ratio(memory[COURSE_MAP], memory[BASELINE])
    table.append(Row("memory", f"peak RSS at first screen, {BASELINE}", f"median {median(memory[BASELINE]) / 1024:.1f} MiB"))
    table.append(Row("memory", f"peak RSS at first screen, {CORE}",
                     f"median {median(memory[CORE]) / 1024:.1f} MiB, ×{paired_ratio(memory[CORE], memory[BASELINE]):.2f} baseline"))
    table.append(Row("memory", f"peak RSS at first screen, {COURSE_MAP}",
                     f"median {median(memory[COURSE_MAP]) / 1024:.1f} MiB, ×{ratio:.2f} baseline",
                     f"≤ {MEMORY_BUDGET}× baseline", ratio <= MEMORY_BUDGET))
    for size in sizes[-1:]:
        name = f"{size} lessons"
        table.append(Row("memory", f"peak RSS at first screen, synthetic {name}",
                         f"median {median(memory[name]) / 1024:.1f} MiB, ×{paired_ratio(memory[name], memory[BASELINE]):.2f} baseline"))
    return table
