"""Run the benchmarks and print a Markdown table of figures against the speed budget.

    python benchmarks/run.py                 # the full run (about ten minutes on 2 quiet cores)
    python benchmarks/run.py --quick         # fewer runs, to try a change
    python benchmarks/run.py --runs 20 --only start,content

Every figure is a median (or p95) over repeated, interleaved runs, and every comparison is
a ratio measured side by side in the same run: see docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` and `course` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.stats import Row, markdown_table  # noqa: E402

PARTS = ("start", "keys", "palette", "memory", "serve", "content", "progress")
# What the collector does in a short idle pause: young generations only, a few ms (course/tui/collector.py;
# the full collection waits for a longer pause, so it never lands in a key pressed after `--think`).
COLLECTION_SECONDS = 0.1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs and 10 samples instead of 10 and 20")
    parser.add_argument("--runs", type=int, help="cold starts and validations per subject (default 10)")
    parser.add_argument("--samples", type=int, help="keypresses per action and progress saves (default 20)")
    parser.add_argument("--sizes", default="10,100,1000,5000",
                        help="synthetic course sizes in lessons for cold starts (default 10,100,1000,5000)")
    parser.add_argument("--validate-sizes", default="10,100,1000",
                        help="synthetic course sizes in lessons to validate (default 10,100,1000)")
    parser.add_argument("--palette-sizes", default="10,1000",
                        help="synthetic course sizes in lessons for the command palette (default 10,1000: the "
                             "budget's size and the growth from the smallest)")
    parser.add_argument("--palette-rounds", type=int,
                        help="command-palette rounds (open it, type a search) per course size (default 6)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts to run: {', '.join(PARTS)}")
    parser.add_argument("--learners", type=int, default=200,
                        help="learners in the group's progress, each with a full history (default 200)")
    parser.add_argument("--cycles", type=int, help="read-and-quiz cycles for the memory measure (default 100)")
    parser.add_argument("--tabs", type=int, default=5, help="browser tabs opened on the served course (default 5)")
    parser.add_argument("--output", metavar="FILE", help="also write the report to FILE")
    parser.add_argument("--think", type=float, metavar="SECONDS",
                        help="untimed pause between keys, as a person's (default: the app's idle pause before it "
                             f"collects garbage, plus {COLLECTION_SECONDS} s for the collection, so none runs into a key)")
    parser.add_argument("--self-check", action="store_true",
                        help="after each timed key, check that the screen no longer changes (slower)")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="skip the untimed first start of each program (only for trying the harness)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 10)
    args.samples = args.samples or (10 if args.quick else 20)
    if args.think is None:
        from course.tui.collector import IDLE_SECONDS

        args.think = IDLE_SECONDS + COLLECTION_SECONDS
    args.cycles = args.cycles or (30 if args.quick else 100)
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    args.validate_sizes = sorted(int(size) for size in args.validate_sizes.split(","))
    args.palette_sizes = sorted(int(size) for size in args.palette_sizes.split(","))
    args.palette_rounds = args.palette_rounds or (3 if args.quick else 6)
    args.only = [part.strip() for part in args.only.split(",")]
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    return args


def machine() -> list[str]:
    """What the figures were measured on: they mean little without it."""
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or cpu
    versions = ", ".join(f"{name} {_version(name)}" for name in ("textual", "rich", "pydantic"))
    return [
        f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, {versions}",
    ]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def run(args: argparse.Namespace, workdir: Path, report=print) -> list[Row]:
    """Run the chosen parts; `report` gets a line of progress now and then."""
    from benchmarks import (
        content_bench,
        keys_bench,
        memory_bench,
        palette_bench,
        progress_bench,
        serve_bench,
        startup_bench,
    )

    rows: list[Row] = []
    sizes = sorted({*(args.sizes if "start" in args.only else ()),
                    *(args.validate_sizes if "content" in args.only else ()),
                    *(args.palette_sizes if "palette" in args.only else ())})
    courses = {}
    if sizes:
        report(f"generating synthetic courses of {', '.join(map(str, sizes))} lessons …")
        courses = content_bench.make_courses(sizes, workdir / "courses")
    if "start" in args.only:
        subjects = startup_bench.programs({size: courses[size] for size in args.sizes}, args.learners)
        report(f"cold starts: {len(subjects)} programs × {args.runs} runs, interleaved …")
        rows += startup_bench.rows(startup_bench.run_all(subjects, args.runs, warm_up=args.warm_up))
    if "keys" in args.only:
        report(f"keypress latency: {args.samples} samples per action …")
        keys_bench.THINK_SECONDS = args.think
        rows += keys_bench.measure(args.samples, workdir / "keys", verify=args.self_check, large_learners=args.learners)
    if "memory" in args.only:
        report(f"memory over {args.cycles} read-and-quiz cycles …")
        rows += memory_bench.measure(args.cycles)
    if "serve" in args.only:
        report(f"the served course: {args.tabs} browser tabs …")
        rows += serve_bench.measure(args.tabs)
    if "palette" in args.only:
        report(f"command palette: {args.palette_rounds} rounds on courses of "
               f"{', '.join(map(str, args.palette_sizes))} lessons …")
        rows += palette_bench.measure({size: courses[size] for size in args.palette_sizes}, args.palette_rounds)
    if "content" in args.only:
        report(f"load + validate: {args.runs} runs per course, interleaved …")
        rows += content_bench.measure({size: courses[size] for size in args.validate_sizes}, args.runs)
    if "progress" in args.only:
        report(f"progress store: {args.samples} saves and loads of a {args.learners}-learner file …")
        rows += progress_bench.measure(workdir / "progress", args.samples, learners=args.learners)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    before = load_average()
    began = time.perf_counter()
    last = [began]

    def report(line: str) -> None:  # each part's start, and how long the one before it took
        now = time.perf_counter()
        print(f"[{now - began:5.0f} s, +{now - last[0]:.0f} s] {line}", file=sys.stderr, flush=True)
        last[0] = now

    with tempfile.TemporaryDirectory(prefix="ketamine-bench-") as folder:
        rows = run(args, Path(folder), report=report)
    minutes = (time.perf_counter() - began) / 60
    report("done")
    lines = ["## Benchmark results", "", *machine(),
             f"- load average before / after: {before} / {load_average()}",
             f"- the run took {minutes:.1f} minutes",
             f"- settings: {args.runs} runs per cold start and validation, {args.samples} samples per keypress "
             f"and save, synthetic courses of {', '.join(map(str, args.sizes))} lessons started and of "
             f"{', '.join(map(str, args.validate_sizes))} validated, {args.palette_rounds} command-palette rounds on "
             f"{', '.join(map(str, args.palette_sizes))} lessons, think time {args.think:.1f} s",
             "", markdown_table(rows), ""]
    text = "\n".join(lines)
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
