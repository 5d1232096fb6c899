"""Where cold start goes: a pyinstrument profile of `ketamine-course` up to its first screen.

    python benchmarks/profile_start.py                      # the course map
    python benchmarks/profile_start.py --welcome            # the first-run welcome
    python benchmarks/profile_start.py --lessons DIR        # another course, e.g. a synthetic one
    python benchmarks/profile_start.py --baseline           # the bare Textual app, for comparison
    python benchmarks/profile_start.py --html profile.html  # an interactive profile
    python benchmarks/profile_start.py --first-start        # nothing cached yet: the course is checked

The program runs in a pty exactly as in the benchmark (after one start without the profiler,
so the course's cache is there, as on anyone's second start); when its first screen is drawn
it gets SIGUSR1, stops the profiler and writes the report. Needs pyinstrument (a developer
tool, not a dependency): `pip install pyinstrument`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def child(report: Path, html: bool, argv: list[str]) -> None:
    """Run the course under the profiler; SIGUSR1 writes the report and exits."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)

    def finish(signal_number, frame) -> None:
        profiler.stop()
        text = profiler.output_html() if html else profiler.output_text(unicode=True, color=False)
        report.write_text(text, encoding="utf-8")
        os._exit(0)

    signal.signal(signal.SIGUSR1, finish)
    profiler.start()
    if argv == ["--baseline"]:
        from benchmarks.baseline_app import BaselineApp

        BaselineApp().run()
        return
    from course.cli import main

    main(argv)


def parent(args: argparse.Namespace) -> int:
    from benchmarks import startup_bench
    from benchmarks.coldstart import Program, start

    lessons = ("--lessons", str(Path(args.lessons).resolve())) if args.lessons else ()
    arguments = (*lessons, "--progress", "{workdir}/progress.toml")
    if args.baseline:
        from benchmarks.baseline_app import MARKERS as markers

        setup, arguments = None, ("--baseline",)
    elif args.welcome:
        markers, setup = ("Your name (optional", startup_bench.FOOTER_MARKER), None
    else:
        markers = (startup_bench.first_module_title(Path(args.lessons) if args.lessons else None), startup_bench.FOOTER_MARKER)
        setup = startup_bench.returning_learner
    with tempfile.TemporaryDirectory(prefix="ketamine-profile-") as folder:
        report = Path(args.html).resolve() if args.html else Path(folder) / "profile.txt"
        command = (sys.executable, str(Path(__file__).resolve()), "--child", str(report),
                   "--html-output" if args.html else "--text-output", *arguments)
        program = Program("profile", command, markers, setup=setup)
        cache = None if args.first_start else Path(folder) / "cache"
        if cache is not None:  # a start without the profiler first, as anyone's second start
            plain = (sys.executable, "-m", "benchmarks.baseline_app") if args.baseline else (
                str(startup_bench.console_script()), *arguments)
            start(Program("warm-up", plain, markers, setup=setup), Path(folder) / "warm-up", cache_home=cache)
        result = start(program, Path(folder) / "run", stop_signal=signal.SIGUSR1, cache_home=cache)
        print(f"first screen after {result.seconds * 1000:.0f} ms (profiled, so slower than usual)", file=sys.stderr)
        print(f"profile written to {report}" if args.html else report.read_text(encoding="utf-8"))
    return 0


def main() -> int:
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), sys.argv[3] == "--html-output", sys.argv[4:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--welcome", action="store_true", help="profile the first-run welcome screen")
    parser.add_argument("--lessons", metavar="DIR", help="profile with another course folder")
    parser.add_argument("--baseline", action="store_true", help="profile the bare Textual app instead")
    parser.add_argument("--html", metavar="FILE", help="write an interactive HTML profile to FILE")
    parser.add_argument("--first-start", action="store_true",
                        help="profile a first start: nothing cached (the course is checked)")
    return parent(parser.parse_args())


if __name__ == "__main__":
    raise SystemExit(main())
