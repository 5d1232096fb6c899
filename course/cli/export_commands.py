"""Commands that make files people keep: export (questions, record, plan, handout) and report.

The text is built by course.outputs (pure functions the app shares); here we only choose the
learner, the format and where the result goes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.cli.common import load, progress_store
from course.cli.parser import clock_time, subcommand
from course.errors import EXIT_OK, EXIT_USAGE, UserError
from course.i18n import N_, _, ngettext

PRIVATE_NOTE = N_("Files about a person (questions, records, reports) are created readable only by you.")


def add_commands(command) -> None:
    export = command("export", cmd_export, _("make something to print or keep: your questions, a record, a plan, a handout"),
                     _("Make a file a person can print: a patient's question list, a volunteer's completion "
                     "record, a facilitator's session plan or handout. Without --output the result is printed "
                     "here. --output never replaces an existing file unless you add --force. ") + _(PRIVATE_NOTE))
    kinds = export.add_subparsers(title=_("what to export"), metavar=_("WHAT"))
    export.set_defaults(export_parser=export)

    def kind(name: str, handler, help_text: str, description: str, formats: tuple[str, ...], default: str):
        sub = subcommand(kinds, name, handler, help_text, description)
        sub.add_argument("--format", choices=formats, help=_("{formats} (default: from the --output file's extension, else {default})").format(
            formats=" / ".join(formats), default=default))
        sub.add_argument("--output", "-o", metavar=_("FILE"), help=_("write to FILE instead of printing here"))
        sub.add_argument("--force", action="store_true", help=_("replace FILE if it already exists"))
        sub.set_defaults(default_format=default, formats=formats)
        return sub

    learner_help = _("whose progress to use (a name or id; default: the progress file's active learner)")
    questions = kind("questions", cmd_export_questions, _("your own question list, to print or take on a phone"),
                     _("Your own questions for the consultation (the ones already asked are ticked), what to "
                     "bring, the crisis lines and the date. HTML prints in large type; open it in a browser. "
                     "Example: ketamine-course export questions --output my-questions.html"), ("txt", "md", "html"), "txt")
    questions.add_argument("--learner", metavar=_("NAME"), help=learner_help)
    record = kind("record", cmd_export_record, _("a volunteer's completion record with a verification code"),
                  _("A completion record: name, course and version, completion date, each lesson's best quiz "
                  "score and attempts, and a verification code. Check it later with: ketamine-course verify "
                  "FILE. The code shows whether the file was edited; it does not prove who made it. A learner "
                  "who has not completed the course is told what is still to do (exit 1)."), ("md", "html", "txt"), "md")  # RECORD_FORMATS, without importing it
    record.add_argument("--learner", metavar=_("NAME"), help=learner_help)
    plan = kind("plan", cmd_export_plan, _("a facilitator's session plan with timings, notes and prompts"),
                _("A session plan: the agenda with a running clock and total time, each lesson's objectives, "
                "facilitator notes, discussion prompts and key points. Example: ketamine-course export plan "
                "--modules 1 2 --start 18:30 --output plan.html"), ("md", "html", "txt"), "md")
    plan.add_argument("--modules", nargs="+", metavar="ID", help=_("lessons to plan, by number or id, in session "
                      "order (default: every lesson with facilitator notes)"))
    plan.add_argument("--start", type=clock_time, metavar="HH:MM", help=_("session start time, to show clock times"))
    handout = kind("handout", cmd_export_handout, _("key points and practice questions, without answers"),
                   _("A handout for learners: each lesson's key points and practice questions, without answers. "
                   "Make the answer key as a separate file with --answer-key. Example: ketamine-course export "
                   "handout 1 2 --output handout.html"), ("md", "html", "txt"), "md")
    handout.add_argument("lesson", nargs="+", metavar=_("LESSON"), help=_("lesson number, id or folder"))
    handout.add_argument("--answer-key", action="store_true", help=_("make the answer key instead: right options, "
                         "feedback and explanations"))

    site = subcommand(kinds, "site", cmd_export_site, _("the whole course as an accessible web site, for any browser"),
                      _("The whole course as a small web site in FOLDER: an index and one page per lesson, with "
                        "the key points, the sources and questions to check yourself (each answer opens to show "
                        "whether it is right; no JavaScript). Made for screen readers and printing; it loads "
                        "nothing from the internet, so it works from a USB stick with no server. Nothing about "
                        "any learner is in it. Example: ketamine-course export site course-site, then open "
                        "course-site/index.html"))
    site.add_argument("folder", metavar=_("FOLDER"), help=_("where to write the pages (made if it does not exist)"))
    site.add_argument("--force", action="store_true", help=_("replace the pages if the folder already has them"))

    report = command("report", cmd_report, _("merge participants' progress files into one group report"),
                     _("Merge the progress files participants exported into one report: who completed what, "
                     "best scores per quiz, and the questions missed most often. Printed here as a table; "
                     "with --output also written as Markdown and CSV. A file that cannot be read is named "
                     "with the reason and the others are still reported (exit 0 if at least one was read). ")
                     + _(PRIVATE_NOTE))
    report.add_argument("files", nargs="+", metavar=_("FILE"), help=_("progress files (each may hold several learners)"))
    report.add_argument("--output", "-o", metavar=_("PREFIX_OR_DIR"), help=_("also write PREFIX.md, "
                        "PREFIX-learners.csv and PREFIX-missed.csv (in a folder: group-report.*)"))
    report.add_argument("--force", action="store_true", help=_("replace those files if they already exist"))


def _learner(args: argparse.Namespace):
    from course.outputs.common import ExportError

    try:  # only that learner's file is read
        return progress_store(args).find(args.learner)
    except LookupError as error:
        raise ExportError(str(error)) from None


def _format(args: argparse.Namespace) -> str:
    from course.outputs.common import pick_format

    return pick_format(args.format, args.output, args.formats, args.default_format)


def _deliver(args: argparse.Namespace, text: str, fmt: str, private: bool) -> int:
    from course.files import write_file
    from course.outputs.common import format_name

    if args.output:
        path = write_file(args.output, text, private=private, force=args.force)
        print((_("Wrote {path} ({kind}, readable only by you).") if private else _("Wrote {path} ({kind}).")).format(
            path=path, kind=format_name(fmt)))
    elif fmt == "html" and sys.stdout.isatty():
        raise UserError(_("HTML is meant to be opened in a web browser and printed. "
                        "Save it with --output FILE.html, then open that file."))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    args.export_parser.print_help(sys.stderr)
    return EXIT_USAGE


def cmd_export_questions(args: argparse.Namespace) -> int:
    from course.outputs.questions import questions_export

    course, learner, fmt = load(args), _learner(args), _format(args)
    return _deliver(args, questions_export(course, learner, fmt), fmt, private=True)


def cmd_export_record(args: argparse.Namespace) -> int:
    from course.outputs.record import record_export

    course, learner, fmt = load(args), _learner(args), _format(args)
    return _deliver(args, record_export(course, learner, fmt), fmt, private=True)


def cmd_export_plan(args: argparse.Namespace) -> int:
    from course.outputs.common import find_modules
    from course.outputs.plan import plan_export

    course, fmt = load(args), _format(args)
    modules = find_modules(course, args.modules) if args.modules else None
    return _deliver(args, plan_export(course, modules, fmt, args.start), fmt, private=False)


def cmd_export_handout(args: argparse.Namespace) -> int:
    from course.outputs.common import find_modules
    from course.outputs.handout import handout_export

    course, fmt = load(args), _format(args)
    text = handout_export(course, find_modules(course, args.lesson), fmt, answer_key=args.answer_key)
    return _deliver(args, text, fmt, private=False)


def cmd_export_site(args: argparse.Namespace) -> int:
    from course.outputs.site import INDEX, write_site

    written = write_site(load(args), args.folder, force=args.force)
    print(ngettext("Wrote {n} page to {folder}. Open {index} in a web browser.",
                   "Wrote {n} pages to {folder}. Open {index} in a web browser.", len(written)).format(
        n=len(written), folder=written[0].parent, index=written[0].parent / INDEX))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from course.outputs import report

    course = load(args)
    group = report.build_report(course, [Path(name) for name in args.files])
    sys.stdout.write(report.report_text(group))
    if group.skipped:
        print(ngettext("ketamine-course: {skipped} of {n} file skipped; see 'Files not read' above.",
                       "ketamine-course: {skipped} of {n} files skipped; see 'Files not read' above.",
                       len(args.files)).format(skipped=len(group.skipped), n=len(args.files)), file=sys.stderr)
    if not group.files_read:
        raise UserError(_("No progress file could be read, so there is nothing to report."))
    if args.output:
        for path in report.write_report(group, args.output, force=args.force):
            print(_("Wrote {path} (readable only by you).").format(path=path))
    return EXIT_OK
