"""The argument parser: global options, and each group of commands added by its own module."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from course import __version__
from course.i18n import N_, _, ngettext

# argparse's own words (its "usage:", "options" and "-h" line, its error messages) come from the
# standard library's gettext domain, which nothing translates. While our parser is built and
# used they come from this app's catalogue instead (argparse_in_language). Marked here so that
# pybabel extracts them; the msgids are argparse's own, %-fields and all (Python 3.11).
ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("one of the arguments %s is required"),
    N_("can't open '%(filename)s': %(error)s"),
)
ARGPARSE_PLURALS = (ngettext("expected %s argument", "expected %s arguments", 2),)  # marked, as above


@contextlib.contextmanager
def argparse_in_language() -> Iterator[None]:
    """argparse speaks the language in use: it looks up its module's `_` and `ngettext` each
    time it words something, so they point at this app's catalogue until the block ends."""
    # getattr and setattr: argparse's module-level _ and ngettext are private, not in its type stubs.
    saved = getattr(argparse, "_"), getattr(argparse, "ngettext")  # noqa: B009
    setattr(argparse, "_", _)  # noqa: B010
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


def global_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # SUPPRESS on subcommands so an option given before the subcommand is not reset after it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--lessons", metavar="DIR", default=default, help=_("use the course in DIR instead of the built-in one"))
    parser.add_argument("--progress", metavar=_("PATH"), default=default, help=_("keep progress in PATH (default: your user data folder, or $KETAMINE_COURSE_PROGRESS)"))
    parser.add_argument("--lang", metavar=_("LANG"), default=default, help=_("the language: an edition of the course such as es (default: your choice in the app, then the computer's language, then the course's)"))


def subcommand(subparsers, name: str, handler, help_text: str, description: str | None = None) -> argparse.ArgumentParser:
    """A command (or a command's action) with its handler and the global options."""
    sub = subparsers.add_parser(name, help=help_text, description=description or help_text)
    global_options(sub, top=False)
    sub.set_defaults(handler=handler)
    return sub


def build_parser(words: dict | None = None) -> argparse.ArgumentParser:
    """The parser; `words` are the course's own (title, about, short_notice: course.toml), so
    another clinic's course describes itself in its own words and its own crisis line."""
    from course.cli import course_commands, export_commands, progress_commands, record_commands, room_commands

    words = words or {}
    description = " ".join(words[key] for key in ("about", "short_notice") if words.get(key))
    parser = argparse.ArgumentParser(
        prog="ketamine-course",
        description=description or words.get("title") or _("A self-paced course in the terminal."),
        epilog=_("Run without a command to start the course in the terminal."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("show the version number and exit"))
    global_options(parser, top=True)
    parser.add_argument("--theme", metavar=_("THEME"), help=_("colour theme for the app, e.g. high-contrast"))
    parser.set_defaults(handler=course_commands.cmd_run)
    commands = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"))

    def command(name: str, handler, help_text: str, description: str | None = None) -> argparse.ArgumentParser:
        return subcommand(commands, name, handler, help_text, description)

    for group in (course_commands, export_commands, record_commands, progress_commands, room_commands):
        group.add_commands(command)
    return parser


def whole_number(low: int, high: int, what: str):
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(_("'{text}' is not {what} ({low} to {high})").format(text=text, what=what, low=low, high=high))
        return int(text)
    return parse


def clock_time(text: str):
    import datetime as dt

    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a time like 18:30").format(text=text)) from None
