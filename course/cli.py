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


def _subcommand(subparsers, name: str, handler, help_text: str, description: str | None = None) -> argparse.ArgumentParser:
    """A command (or a command's action) with its handler and the global options."""
    sub = subparsers.add_parser(name, help=help_text, description=description or help_text)
    _global_options(sub, top=False)
    sub.set_defaults(handler=handler)
    return sub


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
        return _subcommand(commands, name, handler, help_text, description)

    run = command("run", cmd_run, "start the course in the terminal (the default)")
    run.add_argument("--theme", default=argparse.SUPPRESS, help="colour theme, e.g. high-contrast")

    validate = command("validate", cmd_validate, "check a course folder and list every problem",
                       "Check a course folder. Prints each problem as file:line: message and exits 1, "
                       "or prints a summary and exits 0 when the course is clean.")
    validate.add_argument("dir", nargs="?", help="the course folder (default: the built-in course, or --lessons)")

    read = command("read", cmd_read, "print a lesson, or the list of lessons, as plain text",
                   "Print a lesson as plain text for screen readers, printing and pipes. "
                   "No colour codes are used when the output is not a terminal or NO_COLOR is set.")
    read.add_argument("lesson", nargs="?", help="lesson number, id or folder (omit for the list of lessons; "
                      "'help' for the app's help page; 'all' for every lesson in order)")
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
    _add_export_commands(command)
    _add_progress_commands(command)
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
    if args.lesson == "help":  # the app's help page (F1): keys, crisis line, notice
        from course.helptext import help_text

        sys.stdout.write(help_text(course, emphasis))
        return EXIT_OK
    role = "facilitator" if args.facilitator else None

    def lesson_text(module) -> str:
        return plaintext.render_lesson(course, module, role=role, quiz=args.quiz or args.answers,
                                       answers=args.answers, emphasis=emphasis)

    if args.lesson == "all":  # every lesson in order: to print, or to read straight through
        sys.stdout.write("\n\n".join(lesson_text(module) for module in course.modules))
        return EXIT_OK
    module = course.module(args.lesson)
    if module is None:
        choices = ", ".join(f"{n} ({m.id})" for n, m in enumerate(course.modules, start=1))
        raise UserError(f"No lesson called '{args.lesson}'. Choose one of: {choices}")
    sys.stdout.write(lesson_text(module))
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


# ---------------------------------------------------------------- export, verify, report
# The text is built by course.exports / records / report (pure functions the app shares);
# here we only choose the learner, the format and where the result goes.

PRIVATE_NOTE = "Files about a person (questions, records, reports) are created readable only by you."


def _add_export_commands(command) -> None:
    export = command("export", cmd_export, "make something to print or keep: your questions, a record, a plan, a handout",
                     "Make a file a person can print: a patient's question list, a volunteer's completion "
                     "record, a facilitator's session plan or handout. Without --output the result is printed "
                     "here. --output never replaces an existing file unless you add --force. " + PRIVATE_NOTE)
    kinds = export.add_subparsers(title="what to export", metavar="WHAT")
    export.set_defaults(export_parser=export)

    def kind(name: str, handler, help_text: str, description: str, formats: tuple[str, ...], default: str):
        sub = _subcommand(kinds, name, handler, help_text, description)
        sub.add_argument("--format", choices=formats, help=f"{' / '.join(formats)} (default: from the --output "
                         f"file's extension, else {default})")
        sub.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of printing here")
        sub.add_argument("--force", action="store_true", help="replace FILE if it already exists")
        sub.set_defaults(default_format=default, formats=formats)
        return sub

    learner_help = "whose progress to use (a name or id; default: the progress file's active learner)"
    questions = kind("questions", cmd_export_questions, "your own question list, to print or take on a phone",
                     "Your own questions for the consultation (the ones already asked are ticked), what to "
                     "bring, the crisis lines and the date. HTML prints in large type; open it in a browser. "
                     "Example: ketamine-course export questions --output my-questions.html", ("txt", "md", "html"), "txt")
    questions.add_argument("--learner", metavar="NAME", help=learner_help)
    record = kind("record", cmd_export_record, "a volunteer's completion record with a verification code",
                  "A completion record: name, course and version, completion date, each lesson's best quiz "
                  "score and attempts, and a verification code. Check it later with: ketamine-course verify "
                  "FILE. The code shows whether the file was edited; it does not prove who made it. A learner "
                  "who has not completed the course is told what is still to do (exit 1).", ("md", "html"), "md")
    record.add_argument("--learner", metavar="NAME", help=learner_help)
    plan = kind("plan", cmd_export_plan, "a facilitator's session plan with timings, notes and prompts",
                "A session plan: the agenda with a running clock and total time, each lesson's objectives, "
                "facilitator notes, discussion prompts and key points. Example: ketamine-course export plan "
                "--modules 1 2 --start 18:30 --output plan.html", ("md", "html", "txt"), "md")
    plan.add_argument("--modules", nargs="+", metavar="ID", help="lessons to plan, by number or id, in session "
                      "order (default: every lesson with facilitator notes)")
    plan.add_argument("--start", type=_clock_time, metavar="HH:MM", help="session start time, to show clock times")
    handout = kind("handout", cmd_export_handout, "key points and practice questions, without answers",
                   "A handout for learners: each lesson's key points and practice questions, without answers. "
                   "Make the answer key as a separate file with --answer-key. Example: ketamine-course export "
                   "handout 1 2 --output handout.html", ("md", "html", "txt"), "md")
    handout.add_argument("lesson", nargs="+", metavar="LESSON", help="lesson number, id or folder")
    handout.add_argument("--answer-key", action="store_true", help="make the answer key instead: right options, "
                         "feedback and explanations")

    verify = command("verify", cmd_verify, "check whether a completion record was changed since it was made",
                     "Check a completion record made by 'export record'. Exits 0 when the file is exactly as "
                     "it was made, 1 when it was changed or cannot be read. This detects edits; it does not "
                     "prove who made the record, since anyone with this tool could make one.")
    verify.add_argument("file", metavar="FILE", help="the record (.md or .html)")

    report = command("report", cmd_report, "merge participants' progress files into one group report",
                     "Merge the progress files participants exported into one report: who completed what, "
                     "best scores per quiz, and the questions missed most often. Printed here as a table; "
                     "with --output also written as Markdown and CSV. A file that cannot be read is named "
                     "with the reason and the others are still reported (exit 0 if at least one was read). "
                     + PRIVATE_NOTE)
    report.add_argument("files", nargs="+", metavar="FILE", help="progress files (each may hold several learners)")
    report.add_argument("--output", "-o", metavar="PREFIX_OR_DIR", help="also write PREFIX.md, "
                        "PREFIX-learners.csv and PREFIX-missed.csv (in a folder: group-report.*)")
    report.add_argument("--force", action="store_true", help="replace those files if they already exist")


# ---------------------------------------------------------------- progress export / import
# The work is course.progress_store's (export_learner, import_file); here only the wording.


def _add_progress_commands(command) -> None:
    progress = command("progress", cmd_progress, "move a learner's progress to another computer, or hand it in",
                       "Copy one learner's progress into a file of its own (export), or merge such a file into "
                       "the progress file in use (import). The progress file in use is the one 'ketamine-course "
                       "where' shows; choose another with --progress PATH. Exported files are readable only by "
                       "you: they show what someone is learning about ketamine treatment. Nothing is sent anywhere.")
    actions = progress.add_subparsers(title="actions", metavar="ACTION")
    progress.set_defaults(progress_parser=progress)

    def action(name: str, handler, help_text: str, description: str) -> argparse.ArgumentParser:
        return _subcommand(actions, name, handler, help_text, description)

    export = action("export", cmd_progress_export, "write one learner's progress to FILE",
                    "Write one learner's progress (lessons, quiz history, review queue, own questions and "
                    "notes) to FILE, a standalone progress file: to carry on on another computer with "
                    "'progress import', or to hand to a facilitator for 'ketamine-course report'. "
                    "Example: ketamine-course progress export --learner Sam sam.toml")
    export.add_argument("file", metavar="FILE", help="the file to write (readable only by you)")
    export.add_argument("--learner", metavar="NAME", help="whose progress (a name or id; default: the "
                        "active learner, or the only one)")
    export.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    imported = action("import", cmd_progress_import, "merge a progress file into the one in use",
                      "Merge FILE (made by 'progress export', or any progress file, such as one set aside as "
                      "'.broken-…' and repaired) into the progress file in use. Nothing newer on either side is "
                      "lost: lessons keep the furthest point reached, quiz histories are joined, and the latest "
                      "change to each question or note wins. Learners are matched by their id. "
                      "Example: ketamine-course progress import sam.toml")
    imported.add_argument("file", metavar="FILE", help="the progress file to merge in")


def _progress_store(args: argparse.Namespace):
    from course.paths import progress_path
    from course.progress_store import ProgressStore

    store = ProgressStore.open(progress_path(args.progress))
    for notice in store.notices:
        print(f"ketamine-course: {notice}", file=sys.stderr)
    return store


def cmd_progress(args: argparse.Namespace) -> int:
    args.progress_parser.print_help(sys.stderr)
    return EXIT_USAGE


def cmd_progress_export(args: argparse.Namespace) -> int:
    from course.progress_store import ProgressError

    destination = Path(args.file).expanduser()
    if destination.exists() and not args.force:
        raise UserError(f"{destination} already exists. Choose another name, or add --force to replace it.")
    store = _progress_store(args)
    try:
        learner = store.export_learner(destination, args.learner)
    except ProgressError as error:
        raise UserError(str(error)) from None
    print(f"Exported the progress of {learner.name or 'a learner without a name'} to {destination} "
          f"(readable only by you). Bring it in elsewhere with: ketamine-course progress import {destination}")
    return EXIT_OK


def cmd_progress_import(args: argparse.Namespace) -> int:
    from course.progress_store import ProgressError

    store = _progress_store(args)
    try:
        summary = store.import_file(Path(args.file).expanduser())
    except ProgressError as error:
        raise UserError(str(error)) from None
    print(f"Imported {args.file} into {store.path}: {summary}.")
    return EXIT_OK


def _clock_time(text: str):
    import datetime as dt

    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time like 18:30") from None


def _plain_errors(handler):
    """An ExportError (no such learner, file exists, not complete) is a user mistake, not a crash."""
    def run(args: argparse.Namespace) -> int:
        from course.exports import ExportError

        try:
            return handler(args)
        except ExportError as error:
            raise UserError(str(error)) from None
    return run


def _learner(args: argparse.Namespace):
    from course.exports import choose_learner

    return choose_learner(_progress_store(args).data, args.learner)


def _format(args: argparse.Namespace) -> str:
    from course.exports import pick_format

    return pick_format(args.format, args.output, args.formats, args.default_format)


def _deliver(args: argparse.Namespace, text: str, fmt: str, private: bool) -> int:
    from course.exports import write_file

    if args.output:
        path = write_file(args.output, text, private=private, force=args.force)
        print(f"Wrote {path}" + (" (readable only by you)." if private else "."))
    elif fmt == "html" and sys.stdout.isatty():
        raise UserError("HTML is meant to be opened in a web browser and printed. "
                        "Save it with --output FILE.html, then open that file.")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    args.export_parser.print_help(sys.stderr)
    return EXIT_USAGE


@_plain_errors
def cmd_export_questions(args: argparse.Namespace) -> int:
    from course.exports import questions_export

    course, learner, fmt = load(args), _learner(args), _format(args)
    return _deliver(args, questions_export(course, learner, fmt), fmt, private=True)


@_plain_errors
def cmd_export_record(args: argparse.Namespace) -> int:
    from course.records import record_export

    course, learner, fmt = load(args), _learner(args), _format(args)
    return _deliver(args, record_export(course, learner, fmt), fmt, private=True)


@_plain_errors
def cmd_export_plan(args: argparse.Namespace) -> int:
    from course.exports import find_modules, plan_export

    course, fmt = load(args), _format(args)
    modules = find_modules(course, args.modules) if args.modules else None
    return _deliver(args, plan_export(course, modules, fmt, args.start), fmt, private=False)


@_plain_errors
def cmd_export_handout(args: argparse.Namespace) -> int:
    from course.exports import find_modules, handout_export

    course, fmt = load(args), _format(args)
    text = handout_export(course, find_modules(course, args.lesson), fmt, answer_key=args.answer_key)
    return _deliver(args, text, fmt, private=False)


def cmd_verify(args: argparse.Namespace) -> int:
    from course.records import verify_file

    result = verify_file(args.file)
    print(result.message)
    return EXIT_OK if result.unchanged else EXIT_PROBLEMS


@_plain_errors
def cmd_report(args: argparse.Namespace) -> int:
    from course import report

    course = load(args)
    group = report.build_report(course, [Path(name) for name in args.files])
    sys.stdout.write(report.report_text(group))
    if group.skipped:
        print(f"ketamine-course: {len(group.skipped)} of {len(args.files)} file(s) skipped; "
              "see 'Files not read' above.", file=sys.stderr)
    if not group.files_read:
        raise UserError("No progress file could be read, so there is nothing to report.")
    if args.output:
        for path in report.write_report(group, args.output, force=args.force):
            print(f"Wrote {path} (readable only by you).")
    return EXIT_OK


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
    except OSError as error:  # e.g. output to a full disk
        if error.filename is None:
            print(f"ketamine-course: could not write the output: {error.strerror}", file=sys.stderr)
            return EXIT_PROBLEMS
        raise


if __name__ == "__main__":
    raise SystemExit(main())
