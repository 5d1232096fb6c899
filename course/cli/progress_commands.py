"""`progress export / import / forget / reset / copies`: move a learner's progress, hand it in,
or remove it. The work is course.progress.store's; here only the wording and the asking."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from course.cli.common import confirm, progress_store
from course.cli.parser import subcommand
from course.errors import EXIT_OK, EXIT_USAGE, UserError
from course.i18n import _, ngettext

if TYPE_CHECKING:
    from course.progress.model import Learner  # the model (pydantic) is imported by the commands that use it

YES_HELP = _("do it without asking first")


def add_commands(command) -> None:
    progress = command("progress", cmd_progress, _("move, hand in, reset or delete a learner's progress"),
                       _("Copy one learner's progress into a file of its own (export), merge such a file into the "
                         "progress in use (import), reset a learner's progress or delete a learner (forget), and "
                         "list or remove the copies kept beside it (copies). The progress in use is the one "
                         "'ketamine-course where' shows; choose another with --progress PATH. Exported files are "
                         "readable only by you: they show what someone is learning about ketamine treatment. "
                         "Nothing is sent anywhere."))
    actions = progress.add_subparsers(title=_("actions"), metavar=_("ACTION"))
    progress.set_defaults(progress_parser=progress)

    def action(name: str, handler, help_text: str, description: str) -> argparse.ArgumentParser:
        return subcommand(actions, name, handler, help_text, description)

    learner_help = _("whose progress (a name or id; default: the active learner, or the only one)")
    export = action("export", cmd_progress_export, _("write one learner's progress to FILE"), _(
        "Write one learner's progress to FILE, a progress file of its own. By default it is for handing in to a "
        "facilitator ('ketamine-course report'): lessons, quiz history and practice, without the learner's own "
        "questions and notes, which are private. With --full everything is kept, to carry on on another computer "
        "with 'progress import'. Example: ketamine-course progress export --learner Sam sam.toml"))
    export.add_argument("file", metavar=_("FILE"), help=_("the file to write (readable only by you)"))
    export.add_argument("--learner", metavar=_("NAME"), help=learner_help)
    export.add_argument("--full", action="store_true", help=_("keep everything, own questions and notes too (to "
                                                              "move to another computer)"))
    export.add_argument("--force", action="store_true", help=_("replace FILE if it already exists"))
    imported = action("import", cmd_progress_import, _("merge a progress file into the one in use"), _(
        "Merge FILE (made by 'progress export', a rescue copy, or any progress file, such as one set aside as "
        "'.broken-…' and repaired) into the progress in use. Nothing newer on either side is lost: lessons keep "
        "the furthest point reached, quiz histories are joined, and the latest change to each question or note "
        "wins. Anything the file would delete or rename here is listed first, and you are asked; times later "
        "than now are taken as now. Example: ketamine-course progress import sam.toml"))
    imported.add_argument("file", metavar=_("FILE"), help=_("the progress file to merge in"))
    imported.add_argument("--yes", action="store_true", help=YES_HELP)
    forget = action("forget", cmd_progress_forget, _("delete a learner and all of their progress"), _(
        "Delete one learner from this computer: their progress file, their place in the list of learners, and the "
        "copies kept beside it that hold their progress. It cannot be undone. Example: ketamine-course progress "
        "forget Sam"))
    forget.add_argument("learner", metavar=_("LEARNER"), help=_("a name or id"))
    forget.add_argument("--yes", action="store_true", help=YES_HELP)
    reset = action("reset", cmd_progress_reset, _("start a lesson, a quiz or everything again"), _(
        "Reset one lesson's reading (--lesson), one quiz's history with its practice questions (--quiz), or all "
        "of a learner's progress (--all: lessons, quizzes, practice, own questions and notes; the name and role "
        "stay). It cannot be undone. Example: ketamine-course progress reset --quiz 2"))
    what = reset.add_mutually_exclusive_group(required=True)
    what.add_argument("--lesson", metavar=_("LESSON"), help=_("a lesson's number or id"))
    what.add_argument("--quiz", metavar=_("LESSON"), help=_("the lesson (number or id) whose quiz history to reset"))
    what.add_argument("--all", action="store_true", help=_("everything the learner did"))
    reset.add_argument("--learner", metavar=_("NAME"), help=learner_help)
    reset.add_argument("--yes", action="store_true", help=YES_HELP)
    copies = action("copies", cmd_progress_copies, _("list, or remove, the copies kept beside the progress"), _(
        "List the copies the course keeps beside the progress: files set aside because they could not be read "
        "('.broken-…'), rescue copies of what could not be saved ('.rescue-…') and originals of an older format "
        "('.schema-N.bak'). With --remove, delete them all."))
    copies.add_argument("--remove", action="store_true", help=_("delete every copy listed"))
    copies.add_argument("--yes", action="store_true", help=YES_HELP)


def cmd_progress(args: argparse.Namespace) -> int:
    args.progress_parser.print_help(sys.stderr)
    return EXIT_USAGE


def _store_error(action):
    """Run `action`, turning a store's ProgressError into a message for the person."""
    from course.progress.store import ProgressError

    try:
        return action()
    except (ProgressError, LookupError) as error:
        raise UserError(str(error)) from None


def _chosen_learner(store, key: str | None) -> tuple[str, str]:
    """The id of the learner `key` names (a name or id; None: the active one, or the only one),
    and the name to call them by."""
    learner = _store_error(partial(store.find, key))
    learner_id = next(i for i, each in store.data.learners.items() if each is learner)
    return learner_id, learner.name or learner_id


def cmd_progress_export(args: argparse.Namespace) -> int:
    destination = Path(args.file).expanduser()
    store = progress_store(args)
    learner = _store_error(partial(store.export_learner, destination, args.learner, full=args.full,
                                   force=args.force))
    name = learner.name or _("a learner without a name")
    if args.full:
        print(_("Exported all of the progress of {name} to {destination} (readable only by you). Carry on "
                "elsewhere with: ketamine-course progress import {destination}").format(name=name,
                                                                                        destination=destination))
    else:
        print(_("Exported the progress of {name} to {destination} (readable only by you), for handing in: their "
                "own questions and notes are left out, as they are private. To move everything to another "
                "computer, export again with --full.").format(name=name, destination=destination))
    return EXIT_OK


def cmd_progress_import(args: argparse.Namespace) -> int:
    store = progress_store(args, writing=True)
    plan = _store_error(partial(store.plan_import, Path(args.file).expanduser()))
    if plan.clamped:
        print(ngettext("{n} time in {file} was later than now (a computer whose clock is wrong, or an edited file); "
                       "it is taken as now.",
                       "{n} times in {file} were later than now (a computer whose clock is wrong, or an edited file); "
                       "they are taken as now.", plan.clamped).format(n=plan.clamped, file=args.file))
    if plan.losses:
        listing = "\n".join(f"  - {loss}" for loss in plan.losses)
        print(_("Importing {file} would change what is here:\n{listing}").format(file=args.file, listing=listing))
        confirm(_("Import it and make these changes?"), args.yes, _("Nothing was imported."))
    summary = _store_error(partial(store.apply_import, plan))
    print(_("Imported {file} into {path}: {summary}.").format(file=args.file, path=store.path, summary=summary))
    return EXIT_OK


def _removed_copies(removed: list[Path]) -> None:
    if removed:
        print(ngettext("Also removed {n} copy that held it: {files}", "Also removed {n} copies that held it: {files}",
                       len(removed)).format(n=len(removed), files=", ".join(map(str, removed))))


def cmd_progress_forget(args: argparse.Namespace) -> int:
    store = progress_store(args, writing=True)
    learner_id, name = _chosen_learner(store, args.learner)
    confirm(_("Delete {name} and all of their progress from this computer? This cannot be undone.").format(name=name),
            args.yes, _("Nothing was deleted."))
    removed = _store_error(partial(store.forget, learner_id))
    print(_("Deleted {name} and all of their progress from {path}.").format(name=name, path=store.path))
    _removed_copies(removed)
    return EXIT_OK


def cmd_progress_reset(args: argparse.Namespace) -> int:
    from course.progress.model import reset_all, reset_lesson, reset_quiz

    store = progress_store(args, writing=True)
    learner_id, name = _chosen_learner(store, args.learner)
    if args.all:
        question = _("Reset all of the progress of {name}? This cannot be undone.").format(name=name)
        done = _("All of the progress of {name} was reset.").format(name=name)
        change: Callable[[Learner], object] = reset_all
    elif args.lesson:
        module_id = _lesson_id(args, args.lesson)
        question = _("Reset what {name} read in {lesson}? This cannot be undone.").format(name=name, lesson=module_id)
        done = _("What {name} read in {lesson} was reset.").format(name=name, lesson=module_id)
        change = partial(_reset_one, reset_lesson, module_id)
    else:
        module_id = _lesson_id(args, args.quiz)
        question = _("Reset the quiz history of {name} for {lesson}? This cannot be undone.").format(
            name=name, lesson=module_id)
        done = _("The quiz history of {name} for {lesson} was reset.").format(name=name, lesson=module_id)
        change = partial(_reset_one, reset_quiz, module_id)
    confirm(question, args.yes, _("Nothing was reset."))
    removed = _store_error(partial(store.reset, learner_id, change))
    print(done)
    _removed_copies(removed)
    return EXIT_OK


def _reset_one(reset, module_id: str, learner) -> bool:
    return reset(learner, module_id)


def _lesson_id(args: argparse.Namespace, key: str) -> str:
    """A lesson's id from its number or id (the course is read for the numbers)."""
    from course.cli.common import load
    from course.outputs.common import find_modules

    try:
        return find_modules(load(args), [key])[0].id
    except UserError:
        if key.isdigit():
            raise
        return key  # an id of a lesson this course no longer has is still reset


def cmd_progress_copies(args: argparse.Namespace) -> int:
    store = progress_store(args)
    copies = store.copies()
    if not copies:
        print(_("There are no copies beside {path}.").format(path=store.path))
        return EXIT_OK
    names = store.learners_by_name()
    kinds = {"broken": _("set aside, could not be read"), "rescue": _("rescue copy"), "old format": _("older format")}
    for copy in copies:
        whose = ", ".join(names.get(i) or i for i in sorted(copy.learners)) or _("unknown")
        print(_("{path}  ({kind}; holds: {whose})").format(path=copy.path, kind=kinds[copy.kind], whose=whose))
    if args.remove:
        confirm(ngettext("Delete this copy? This cannot be undone.", "Delete these {n} copies? This cannot be undone.",
                         len(copies)).format(n=len(copies)), args.yes, _("Nothing was deleted."))
        from course.files import remove

        for copy in copies:
            remove(copy.path)
        print(ngettext("Deleted {n} copy.", "Deleted {n} copies.", len(copies)).format(n=len(copies)))
    return EXIT_OK
