"""The `ketamine-course` command line: start the course, check content, read it as text, and more.

Every user mistake (a bad path, broken content, an unreadable progress file) ends in a plain
message on stderr and a non-zero exit, never a traceback. Heavy modules (textual, pydantic
models) are imported inside the command that needs them, so `--help` and `read` start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A problem the user can fix; printed as a message, never as a traceback."""


def _global_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # SUPPRESS on subcommands so an option given before the subcommand is not reset after it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--lessons", metavar="DIR", default=default, help="use the course in DIR instead of the built-in one")
    parser.add_argument("--progress", metavar="PATH", default=default, help="keep progress in PATH (default: your user data folder, or $KETAMINE_COURSE_PROGRESS)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ketamine-course",
        description="A calm, private course about ketamine therapy for depression. "
        "Education, not medical advice. In crisis in the US: call or text 988.",
        epilog="Run without a command to start the course in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _global_options(parser, top=True)
    parser.add_argument("--theme", help="colour theme for the app, e.g. high-contrast")
    parser.set_defaults(handler=cmd_run)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler, help_text: str, description: str | None = None) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=description or help_text)
        _global_options(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    run = command("run", cmd_run, "start the course in the terminal (the default)")
    run.add_argument("--theme", default=argparse.SUPPRESS, help="colour theme, e.g. high-contrast")

    validate = command("validate", cmd_validate, "check a course folder and list every problem",
                       "Check a course folder. Prints each problem as file:line: message and exits 1, "
                       "or prints a summary and exits 0 when the course is clean.")
    validate.add_argument("dir", nargs="?", help="the course folder (default: the built-in course, or --lessons)")

    read = command("read", cmd_read, "print a lesson, or the list of lessons, as plain text",
                   "Print a lesson as plain text for screen readers, printing and pipes. "
                   "No colour codes are used when the output is not a terminal or NO_COLOR is set.")
    read.add_argument("lesson", nargs="?", help="lesson number, id or folder (omit for the list of lessons)")
    read.add_argument("--quiz", action="store_true", help="include the lesson's practice questions")
    read.add_argument("--answers", action="store_true", help="with --quiz, show the answers and feedback")
    read.add_argument("--facilitator", action="store_true", help="include the facilitator notes and prompts")

    command("where", cmd_where, "show where the course content and the progress file are")

    serve = command("serve", cmd_serve, "serve the course in a web browser (for a projector or a group)",
                    "Serve the course in a web browser, for a projector or a group session. Each browser "
                    "tab gets its own session; all of them save to the same progress file. Only this "
                    "computer can connect unless you choose another --host. Stop with Ctrl+C.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0 lets "
                            "anyone on the network connect)")
    serve.add_argument("--port", type=_whole_number(1, 65535, "a port number"), default=8000,
                       help="port to listen on (default: 8000)")
    serve.add_argument("--font-size", type=_whole_number(8, 96, "a text size in pixels"), default=16, metavar="PIXELS",
                       help="text size in the browser (default: 16; try 24 for a projector)")
    serve.add_argument("--theme", default=argparse.SUPPRESS, help="colour theme, e.g. high-contrast")
    return parser


def _whole_number(low: int, high: int, what: str):
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"'{text}' is not {what} ({low} to {high})")
        return int(text)
    return parse


def lessons_dir(args: argparse.Namespace) -> Path:
    from course.paths import default_lessons_dir

    return Path(args.lessons) if getattr(args, "lessons", None) else default_lessons_dir()


def load(args: argparse.Namespace):
    """Load the course or raise UserError listing its problems."""
    from course.content import check_course

    folder = lessons_dir(args)
    course, problems = check_course(folder)
    if course is None:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise UserError(f"The course in {folder} has {len(problems)} problem(s):\n{listing}\n"
                        f"Fix them, then check again with: ketamine-course validate {folder}")
    return course


def cmd_run(args: argparse.Namespace) -> int:
    course = load(args)
    try:
        from course.tui.app import run_app
    except ImportError:
        print(f"{course.title}\n\nThe interactive course is not available in this build. "
              "Read the lessons with: ketamine-course read", file=sys.stderr)
        return EXIT_PROBLEMS
    return run_app(course, args)


def cmd_validate(args: argparse.Namespace) -> int:
    from course.content import check_course

    folder = Path(args.dir) if args.dir else lessons_dir(args)
    course, problems = check_course(folder)
    if problems:
        for problem in problems:
            print(problem)
        print(f"\n{len(problems)} problem(s) in {folder}.", file=sys.stderr)
        return EXIT_PROBLEMS
    questions = sum(len(m.questions) for m in course.modules)
    sections = sum(len(m.sections) for m in course.modules)
    print(f"{folder}: clean. {len(course.modules)} modules, {sections} sections, {questions} quiz questions.")
    return EXIT_OK


def cmd_read(args: argparse.Namespace) -> int:
    from course import plaintext

    course = load(args)
    emphasis = plaintext.wants_emphasis(sys.stdout)
    if not args.lesson:
        sys.stdout.write(plaintext.course_outline(course, emphasis))
        return EXIT_OK
    module = course.module(args.lesson)
    if module is None:
        choices = ", ".join(f"{n} ({m.id})" for n, m in enumerate(course.modules, start=1))
        raise UserError(f"No lesson called '{args.lesson}'. Choose one of: {choices}")
    role = "facilitator" if args.facilitator else None
    sys.stdout.write(plaintext.render_lesson(course, module, role=role, quiz=args.quiz or args.answers,
                                             answers=args.answers, emphasis=emphasis))
    return EXIT_OK


def cmd_where(args: argparse.Namespace) -> int:
    from course.paths import progress_path

    print(f"Course content: {lessons_dir(args).resolve()}")
    print(f"Progress file:  {progress_path(args.progress)}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    course = load(args)  # check first: a broken course would only show "Session ended" in the browser
    try:
        from course.tui.serve import serve
    except ImportError as error:
        raise UserError(f"Serving in a browser needs textual-serve ({error}). "
                        "Install it with: pip install textual-serve") from None
    return serve(args, course.title)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserError as error:
        print(f"ketamine-course: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `ketamine-course read 1 | head`
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
