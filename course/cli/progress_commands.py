"""`progress export` and `progress import`: move a learner's progress to another computer, or
hand it in. The work is course.progress.store's (export_learner, import_file); here only the wording."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.cli.common import progress_store
from course.cli.parser import subcommand
from course.errors import EXIT_OK, EXIT_USAGE, UserError
from course.i18n import _


def add_commands(command) -> None:
    progress = command("progress", cmd_progress, _("move a learner's progress to another computer, or hand it in"),
                       _("Copy one learner's progress into a file of its own (export), or merge such a file into "
                       "the progress file in use (import). The progress file in use is the one 'ketamine-course "
                       "where' shows; choose another with --progress PATH. Exported files are readable only by "
                       "you: they show what someone is learning about ketamine treatment. Nothing is sent anywhere."))
    actions = progress.add_subparsers(title="actions", metavar="ACTION")
    progress.set_defaults(progress_parser=progress)

    def action(name: str, handler, help_text: str, description: str) -> argparse.ArgumentParser:
        return subcommand(actions, name, handler, help_text, description)

    export = action("export", cmd_progress_export, "write one learner's progress to FILE",
                    "Write one learner's progress (lessons, quiz history, review queue, own questions and "
                    "notes) to FILE, a standalone progress file: to carry on on another computer with "
                    "'progress import', or to hand to a facilitator for 'ketamine-course report'. "
                    "Example: ketamine-course progress export --learner Sam sam.toml")
    export.add_argument("file", metavar="FILE", help=_("the file to write (readable only by you)"))
    export.add_argument("--learner", metavar="NAME", help=_("whose progress (a name or id; default: the "
                        "active learner, or the only one)"))
    export.add_argument("--force", action="store_true", help=_("replace FILE if it already exists"))
    imported = action("import", cmd_progress_import, "merge a progress file into the one in use",
                      "Merge FILE (made by 'progress export', or any progress file, such as one set aside as "
                      "'.broken-…' and repaired) into the progress file in use. Nothing newer on either side is "
                      "lost: lessons keep the furthest point reached, quiz histories are joined, and the latest "
                      "change to each question or note wins. Learners are matched by their id. "
                      "Example: ketamine-course progress import sam.toml")
    imported.add_argument("file", metavar="FILE", help=_("the progress file to merge in"))


def cmd_progress(args: argparse.Namespace) -> int:
    args.progress_parser.print_help(sys.stderr)
    return EXIT_USAGE


def cmd_progress_export(args: argparse.Namespace) -> int:
    from course.progress.store import ProgressError

    destination = Path(args.file).expanduser()
    if destination.exists() and not args.force:
        raise UserError(_("{destination} already exists. Choose another name, or add --force to replace it.").format(destination=destination))
    store = progress_store(args)
    try:
        learner = store.export_learner(destination, args.learner)
    except ProgressError as error:
        raise UserError(str(error)) from None
    print(_("Exported the progress of {name} to {destination} (readable only by you). Bring it in elsewhere with: "
            "ketamine-course progress import {destination}").format(name=learner.name or _("a learner without a name"), destination=destination))
    return EXIT_OK


def cmd_progress_import(args: argparse.Namespace) -> int:
    from course.progress.store import ProgressError

    store = progress_store(args)
    try:
        summary = store.import_file(Path(args.file).expanduser())
    except ProgressError as error:
        raise UserError(str(error)) from None
    print(_("Imported {file} into {path}: {summary}.").format(file=args.file, path=store.path, summary=summary))
    return EXIT_OK
