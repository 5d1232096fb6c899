"""Commands about the course itself: run the app, validate a folder, read as text, where, serve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.cli.common import lessons_dir, load
from course.cli.parser import whole_number
from course.errors import EXIT_OK, EXIT_PROBLEMS, UserError
from course.i18n import _, ngettext


def add_commands(command) -> None:
    run = command("run", cmd_run, _("start the course in the terminal (the default)"))
    run.add_argument("--theme", default=argparse.SUPPRESS, metavar=_("THEME"), help=_("colour theme, e.g. high-contrast"))
    run.add_argument("--choose-learner", action="store_true",
                     help=_("start at 'Who is learning?', never in the last learner's course (a shared computer)"))
    run.add_argument("--guest", action="store_true",
                     help=_("keep progress in memory only, never in a file; offered as a download on leaving"))

    validate = command("validate", cmd_validate, _("check a course folder and list every problem"),
                       _("Check a course folder. Prints each problem as file:line: message and exits 1, "
                       "or prints a summary and exits 0 when the course is clean."))
    validate.add_argument("dir", nargs="?", help=_("the course folder (default: the built-in course, or --lessons)"))

    read = command("read", cmd_read, _("print a lesson, or the list of lessons, as plain text"),
                   _("Print a lesson as plain text for screen readers, printing and pipes. "
                   "No colour codes are used when the output is not a terminal or NO_COLOR is set."))
    read.add_argument("lesson", nargs="?", help=_("lesson number, id or folder (omit for the list of lessons; "
                      "'help' for the app's help page; 'all' for every lesson in order)"))
    read.add_argument("--quiz", action="store_true", help=_("include the lesson's practice questions"))
    read.add_argument("--answers", action="store_true", help=_("with --quiz, show the answers and feedback"))
    read.add_argument("--facilitator", action="store_true", help=_("include the facilitator notes and prompts"))

    command("where", cmd_where, _("show where the course content and the progress file are"))

    guide = command("help", cmd_help, _("print a guide: how to write lessons, what progress files hold, and more"),
                    _("Print one of the guides that come with the course, as Markdown text. Without a topic, "
                    "list them. Example: ketamine-course help authoring"))
    guide.add_argument("topic", nargs="?", help=_("the guide to print (omit for the list)"))

    serve = command("serve", cmd_serve, _("serve the course in a web browser (for a projector or a group)"),
                    _("Serve the course in a web browser, for a projector or a group session. Each browser "
                    "tab gets its own session, which starts at 'Who is learning?'; all of them save to the "
                    "same progress file. Only this computer can connect unless you choose another --host; "
                    "then every tab is a guest whose progress stays in that tab (offered as a download) "
                    "and the progress file is not used. Stop with Ctrl+C."))
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0 lets "
                            "anyone on the network connect)"))
    serve.add_argument("--port", type=whole_number(1, 65535, _("a port number")), metavar=_("PORT"), default=8000,
                       help=_("port to listen on (default: 8000)"))
    serve.add_argument("--font-size", type=whole_number(8, 96, _("a text size in pixels")), default=16, metavar=_("PIXELS"),
                       help=_("text size in the browser (default: 16; try 24 for a projector)"))
    serve.add_argument("--max-sessions", type=whole_number(1, 100, _("a number of sessions")), default=10, metavar="N",
                       help=_("how many browser tabs may use it at once (default: 10; each is an app process of "
                            "about 60 MB); more see a 'full' page"))
    serve.add_argument("--theme", default=argparse.SUPPRESS, metavar=_("THEME"), help=_("colour theme, e.g. high-contrast"))


def cmd_run(args: argparse.Namespace) -> int:
    recheck: list = []  # the rest of the course's freshness check, run by the app after its first screen
    course = load(args, recheck)
    try:
        from course.tui.app import run_app
    except ImportError:
        print(_("{title}\n\nThe interactive course is not available in this build. Read the lessons with: ketamine-course read").format(title=course.title), file=sys.stderr)
        return EXIT_PROBLEMS
    from course.cli.room_commands import room_server

    # The group quiz can open a room; never a guest's (a visitor of `serve --host` would be
    # opening a port on the computer serving the course).
    return run_app(course, args, room_server=None if getattr(args, "guest", False) else room_server,
                   recheck_course=recheck[0] if recheck else None)


def cmd_validate(args: argparse.Namespace) -> int:
    from course.content.loader import check_course, editions_in_progress, review_warnings

    folder = Path(args.dir) if args.dir else lessons_dir(args)
    course, problems = check_course(folder, every_edition=True)  # each translation against the source
    if problems:
        for problem in problems:
            print(problem)
        print("\n" + ngettext("{n} problem in {folder}.", "{n} problems in {folder}.", len(problems)).format(n=len(problems), folder=folder), file=sys.stderr)
        return EXIT_PROBLEMS
    assert course is not None, "check_course gives the course when it finds no problem"
    for warning in review_warnings(folder, course):  # the course is fine to use: exit 0
        print(warning)
    questions = sum(len(m.questions) for m in course.modules)
    sections = sum(len(m.sections) for m in course.modules)
    print(_("{folder}: clean. {modules} modules, {sections} sections, {questions} quiz questions.").format(
        folder=folder, modules=len(course.modules), sections=sections, questions=questions))
    print(_("Editions: {languages}.").format(languages=", ".join(course.languages)))
    for language, modules in editions_in_progress(folder, course).items():
        print(ngettext("{language}: {translated} of {modules} module translated so far (offered to learners once "
                       "'translations' in course.toml lists it).",
                       "{language}: {translated} of {modules} modules translated so far (offered to learners once "
                       "'translations' in course.toml lists it).", len(course.modules)).format(
            language=language, translated=modules, modules=len(course.modules)))
    if course.next_review is not None:
        print(_("Next review due: {date}.").format(date=course.next_review.isoformat()))
    if course.credits is not None and course.credits.placeholders:
        print(_("Credits still to fill in by the clinic offering the course ([…] in course.toml): {fields}.").format(
            fields=", ".join(course.credits.placeholders)))
    return EXIT_OK


def cmd_read(args: argparse.Namespace) -> int:
    from course.outputs import plaintext

    course = load(args)
    emphasis = plaintext.wants_emphasis(sys.stdout)
    if not args.lesson:
        sys.stdout.write(plaintext.course_outline(course, emphasis))
        return EXIT_OK
    if args.lesson == "help":  # the app's help page (F1): keys (the learner's own, if changed), crisis line, notice
        from course.keymap import load_user_keys
        from course.outputs.helptext import help_text
        from course.paths import keys_path

        remap, problems = load_user_keys(keys_path())
        for problem in problems:
            print(f"ketamine-course: {problem}", file=sys.stderr)
        sys.stdout.write(help_text(course, emphasis, remap))
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
        raise UserError(_("No lesson called '{lesson}'. Choose one of: {choices}").format(lesson=args.lesson, choices=choices))
    sys.stdout.write(lesson_text(module))
    return EXIT_OK


def cmd_where(args: argparse.Namespace) -> int:
    from course.paths import keys_path, progress_path

    print(_("Course content: {path}").format(path=lessons_dir(args).resolve()))
    print(_("Progress file:  {path}").format(path=progress_path(args.progress)))
    keys = keys_path()
    if keys.is_file():
        print(_("Keys file:      {path}").format(path=keys))
    else:
        print(_("Keys file:      {path} (not there: the usual keys are used; see ketamine-course help "
                "accessibility)").format(path=keys))
    return EXIT_OK


def guides(language: str | None = None) -> dict[str, Path]:
    """The guides that come with the course (docs/TOPIC.md), by topic: in `language` where it has an
    edition of one (docs/LANG/TOPIC.md: "es-MX" looks in docs/es-MX, then docs/es), else in English."""
    from course.paths import docs_dir

    folder = docs_dir()
    found = {path.stem: path for path in sorted(folder.glob("*.md"))}
    if language:
        tags = dict.fromkeys([language, language.split("-")[0]])
        for topic in found:
            found[topic] = next((translated for tag in tags if (translated := folder / tag / f"{topic}.md").is_file()),
                                found[topic])
    return found


def _in_english(path: Path) -> bool:
    from course.paths import docs_dir

    return path.parent == docs_dir()


def _first_heading(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def cmd_help(args: argparse.Namespace) -> int:
    from course.i18n import SOURCE_LANGUAGE, current_language, language_name

    language = getattr(args, "language", None) or current_language()
    english = language.split("-")[0] == SOURCE_LANGUAGE
    found = guides(None if english else language)
    if not args.topic:
        width = max(map(len, found), default=0)
        print(_("Guides (ketamine-course help TOPIC):"))
        for topic, path in found.items():
            title = _first_heading(path)
            if not english and _in_english(path):
                title = _("{title} (in English)").format(title=title)
            print(f"  {topic.ljust(width)}  {title}")
        return EXIT_OK
    if args.topic not in found:
        raise UserError(_("No guide called '{topic}'. Guides: {guides}").format(topic=args.topic, guides=", ".join(found)))
    if not english and _in_english(found[args.topic]):  # on stderr: the guide itself may be piped or saved
        print(_("This guide is not translated into {language} yet; here it is in English.").format(
            language=language_name(language, in_sentence=True)), file=sys.stderr)
    sys.stdout.write(found[args.topic].read_text(encoding="utf-8"))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    course = load(args)  # check first: a broken course would only show "Session ended" in the browser
    try:
        from course.web.serve import serve
    except ImportError as error:
        raise UserError(_("Serving in a browser needs textual-serve ({error}). Install it with: pip install textual-serve").format(error=error)) from None
    return serve(args, course.title)
