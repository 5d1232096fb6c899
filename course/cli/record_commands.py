"""Records a coordinator can trust: the issuer key, certifying a volunteer's progress, verifying.

A coordinator makes an issuer key once (`issuer init`), publishes its public half (`issuer
export`), and certifies the progress files volunteers hand in (`certify`). Anyone checks a
record with `verify`, and with `verify --issuer KEY` that the coordinator's key signed it.
The work is done by course.outputs.issuer and course.outputs.record; here we only read the
arguments and say what happened. See docs/exports.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from course.cli.common import load
from course.cli.parser import subcommand
from course.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from course.i18n import _


def calendar_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a date like 2027-06-30").format(text=text)) from None


def add_commands(command) -> None:
    key_help = _("the issuer key file (default: the issuer folder in your user data folder)")
    issuer = command("issuer", cmd_issuer, _("a coordinator's issuer key, to certify volunteers' records"),
                     _("A coordinator's issuer key: make it once with 'issuer init', publish its public key "
                       "with 'issuer export', then certify the progress files volunteers hand in with "
                       "'certify'. The private key stays in your user data folder, readable only by you. "
                       "See: ketamine-course help exports"))
    actions = issuer.add_subparsers(title=_("actions"), metavar=_("ACTION"))
    issuer.set_defaults(issuer_parser=issuer)
    init = subcommand(actions, "init", cmd_issuer_init, _("make your issuer key (once)"),
                      _("Make a new issuer key, with the name every record you certify will show as its "
                        "issuer. An existing key is never replaced unless you add --force. Example: "
                        "ketamine-course issuer init --name \"Riverside Peer Support\""))
    init.add_argument("--name", required=True, metavar=_("NAME"), help=_("your name or your organisation's, as records will show it"))
    init.add_argument("--force", action="store_true", help=_("replace an existing key (records it signed will "
                                                              "no longer match the key you publish)"))
    show = subcommand(actions, "show", cmd_issuer_show, _("show your issuer key's name, fingerprint and file"))
    export = subcommand(actions, "export", cmd_issuer_export, _("write the public key to publish"),
                        _("Write your public key: publish it (a web page, an email to your group) so that "
                          "anyone can check the records you certify with: ketamine-course verify RECORD "
                          "--issuer THAT_FILE. It holds nothing secret."))
    export.add_argument("--output", "-o", metavar=_("FILE"), help=_("write to FILE instead of printing here"))
    export.add_argument("--force", action="store_true", help=_("replace FILE if it already exists"))
    for sub in (init, show, export):
        sub.add_argument("--key", metavar=_("FILE"), help=key_help)

    certify = command("certify", cmd_certify, _("certify a volunteer's progress file as a signed completion record"),
                      _("Check a progress file a volunteer handed in ('progress export') and, if it shows the "
                        "course completed, write a completion record signed with your issuer key. Completion is "
                        "checked from the quiz attempts recorded in the file, graded again against this version "
                        "of the course, not from the scores the file states. Nothing is written when it does not "
                        "show completion (exit 1). Example: ketamine-course certify sam-progress.toml "
                        "--valid-until 2028-06-30 -o sam-record.html"))
    certify.add_argument("file", metavar=_("PROGRESS_FILE"), help=_("the progress file the volunteer handed in"))
    certify.add_argument("--learner", metavar=_("NAME"), help=_("whose record, when the file holds several learners"))
    certify.add_argument("--valid-until", type=calendar_date, metavar=_("DATE"),
                         help=_("the last day the record counts, e.g. 2028-06-30 (default: no end date)"))
    certify.add_argument("--output", "-o", metavar=_("RECORD"), required=True, help=_("the record to write (.md, .html or .txt)"))
    certify.add_argument("--format", choices=("md", "html", "txt"), help=_("md / html / txt (default: from RECORD's extension, else md)"))
    certify.add_argument("--force", action="store_true", help=_("replace RECORD if it already exists"))
    certify.add_argument("--key", metavar=_("FILE"), help=key_help)

    verify = command("verify", cmd_verify, _("check a completion record: unchanged, signed, by whom, still valid"),
                     _("Check a completion record. Exits 0 when the file is exactly as it was made and, for a "
                       "certified record, its signature holds (and is by the key you give with --issuer, and it "
                       "has not expired); 1 otherwise. A plain record from 'export record' only shows it was not "
                       "edited: anyone with this tool could make one."))
    verify.add_argument("file", metavar=_("FILE"), help=_("the record (.md or .html)"))
    verify.add_argument("--issuer", metavar=_("KEY"), help=_("the public key file the coordinator published "
                                                          "('issuer export'), or its fingerprint"))


def _key_path(args: argparse.Namespace):
    from course.paths import issuer_key_path

    return issuer_key_path(args.key)


def cmd_issuer(args: argparse.Namespace) -> int:
    args.issuer_parser.print_help(sys.stderr)
    return EXIT_USAGE


def cmd_issuer_init(args: argparse.Namespace) -> int:
    from course.outputs.issuer import create_key

    key = create_key(_key_path(args), args.name, force=args.force)
    print(_("Made the issuer key of {name}, fingerprint {fingerprint}, in {path} (readable only by you; keep a "
            "backup somewhere safe). Next, publish your public key: ketamine-course issuer export -o "
            "issuer-public-key.toml").format(name=key.name, fingerprint=key.public.fingerprint, path=key.path))
    return EXIT_OK


def cmd_issuer_show(args: argparse.Namespace) -> int:
    from course.outputs.issuer import load_key

    key = load_key(_key_path(args))
    print(_("Issuer: {name}\nFingerprint: {fingerprint}\nMade on: {created}\nKey file: {path}").format(
        name=key.name, fingerprint=key.public.fingerprint, created=key.created.isoformat(), path=key.path))
    return EXIT_OK


def cmd_issuer_export(args: argparse.Namespace) -> int:
    from course.files import write_file
    from course.outputs.issuer import load_key, public_key_text

    key = load_key(_key_path(args))
    text = public_key_text(key.public)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    path = write_file(args.output, text, private=False, force=args.force)
    print(_("Wrote {path}: the public key of {name}, fingerprint {fingerprint}. Publish it, and give the "
            "fingerprint where people can see it is yours (a notice board, your website).").format(
            path=path, name=key.name, fingerprint=key.public.fingerprint))
    return EXIT_OK


def cmd_certify(args: argparse.Namespace) -> int:
    from course.files import write_file
    from course.outputs.common import ExportError, choose_learner, pick_format
    from course.outputs.issuer import load_key
    from course.outputs.plaintext import course_credits
    from course.outputs.record import RECORD_FORMATS, certified_fields, render_record
    from course.outputs.report import read_progress_file

    course, key = load(args), load_key(_key_path(args))
    fmt = pick_format(args.format, args.output, RECORD_FORMATS, "md")
    try:
        progress, note = read_progress_file(Path(args.file))
    except ValueError as reason:
        raise ExportError(_("{path} cannot be certified: {reason}.").format(path=args.file, reason=reason)) from None
    if note:
        print(f"ketamine-course: {note}", file=sys.stderr)
    if args.learner is None and len(progress.learners) > 1:
        raise ExportError(_("{path} holds several learners: {names}. Choose whose record to certify with "
                            "--learner NAME.").format(path=args.file, names=progress.learner_names()))
    if not progress.learners:
        raise ExportError(_("{path} holds no learners, so there is nothing to certify.").format(path=args.file))
    learner = choose_learner(progress, args.learner or next(iter(progress.learners)))
    fields = certified_fields(course, learner, key.public, args.valid_until)
    about = tuple(course_credits(course, fields.issued_on))  # who made and reviewed the course, sealed with the text
    path = write_file(args.output, render_record(fields, fmt, sign=key.sign, about=about), private=True,
                      force=args.force)
    until = _("Valid until {date}.").format(date=fields.valid_until.isoformat()) if fields.valid_until \
        else _("No end date.")
    print(_("Wrote {path} (readable only by you): {learner} completed {course} version {version} on {date}, "
            "certified by {issuer}. {until} Give it to {learner}; anyone can check it with: ketamine-course "
            "verify {path} --issuer YOUR_PUBLIC_KEY").format(
            path=path, learner=fields.learner, course=fields.course_title, version=fields.course_version,
            date=fields.completed_on.isoformat(), issuer=fields.issuer.name, until=until))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from course.outputs.issuer import load_published
    from course.outputs.record import verify_file

    issuer = load_published(args.issuer) if args.issuer else None  # a bad one: a UserError, exit 1
    result = verify_file(args.file, issuer)
    print(result.message)
    return EXIT_OK if result.ok else EXIT_PROBLEMS
