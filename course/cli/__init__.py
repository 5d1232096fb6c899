"""The `ketamine-course` command line: start the course, check content, read it as text, and more.

Every user mistake (a bad path, broken content, an unreadable progress file) ends in a plain
message on stderr and a non-zero exit, never a traceback. Heavy modules (textual, pydantic
models) are imported inside the command that needs them, so `--help` and `read` start fast.

The commands are grouped by what they work on: `course_commands` (run, validate, read, where,
serve), `export_commands` (export, report), `record_commands` (issuer, certify, verify),
`progress_commands` (progress export and import) and `room_commands`; `parser` puts them together.
"""

from __future__ import annotations

import sys

from course.cli.common import start_language
from course.cli.parser import argparse_in_language, build_parser
from course.errors import EXIT_OK, EXIT_PROBLEMS, UserError
from course.i18n import _
from course.terminal import ShownStream


def main(argv: list[str] | None = None) -> int:
    # Everything a command prints passes one guard: a lesson, a file name or an argument may hold
    # escape codes, which are shown as \x1b instead of acting on the terminal (course/terminal.py).
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = ShownStream(sys.stdout), ShownStream(sys.stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _run(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language, words, notice = start_language(argv)  # before the parser: --help speaks it too
    with argparse_in_language():  # argparse's own words too: usage, options, its errors
        parser = build_parser(words)
        args = parser.parse_args(argv)
    args.language = language
    if notice:
        print(f"ketamine-course: {notice}", file=sys.stderr)
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
            print(_("ketamine-course: could not write the output: {strerror}").format(strerror=error.strerror), file=sys.stderr)
            return EXIT_PROBLEMS
        raise
