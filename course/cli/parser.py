"""The argument parser: global options, and each group of commands added by its own module."""

from __future__ import annotations

import argparse

from course import __version__
from course.i18n import _


def global_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # SUPPRESS on subcommands so an option given before the subcommand is not reset after it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--lessons", metavar="DIR", default=default, help=_("use the course in DIR instead of the built-in one"))
    parser.add_argument("--progress", metavar="PATH", default=default, help=_("keep progress in PATH (default: your user data folder, or $KETAMINE_COURSE_PROGRESS)"))
    parser.add_argument("--lang", metavar="LANG", default=default, help=_("the language: an edition of the course such as es (default: your choice in the app, then the computer's language, then the course's)"))


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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    global_options(parser, top=True)
    parser.add_argument("--theme", help=_("colour theme for the app, e.g. high-contrast"))
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
