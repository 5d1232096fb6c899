"""What every command needs: the course it works on and the progress file it reads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.errors import UserError
from course.i18n import _, ngettext


def lessons_dir(args: argparse.Namespace) -> Path:
    from course.paths import default_lessons_dir

    return Path(args.lessons) if getattr(args, "lessons", None) else default_lessons_dir()


def start_language(argv: list[str]) -> tuple[str, dict, str | None]:
    """The language for this run, the course's words in it (for --help), and a notice when
    --lang asked for one the course does not have: --lang, then the environment, then the
    course's default (the app also weighs the learner's saved choice: course.tui.app).
    Reads only course.toml, so --help stays fast."""
    import os

    from course.content.loader import course_words
    from course.i18n import choose_language, use_language

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    early.add_argument("--lessons")
    known, _unknown = early.parse_known_args(argv)
    folder = lessons_dir(known)
    words = course_words(folder)
    offered = words.get("languages") or ["en"]
    language, notice = choose_language(offered, words.get("default_language") or offered[0],
                                       asked=known.lang, environ=os.environ)
    use_language(language)
    if language != offered[0]:
        words = course_words(folder, language) or words
    return language, words, notice


def load(args: argparse.Namespace, recheck: list | None = None):
    """Load the course, in the language chosen for this run, or raise UserError listing its
    problems. A course that validated cleanly and has not changed since comes from its cache
    (course.content.cache). With `recheck` (the app's start), the cache is trusted on a quick
    look and the rest of the check is appended to `recheck`, for the app to run after its first
    screen (`open_course_quickly`)."""
    from course.content.cache import open_course, open_course_quickly

    folder = lessons_dir(args)
    if recheck is None:
        course, problems = open_course(folder, getattr(args, "language", None))
    else:
        course, problems, later = open_course_quickly(folder, getattr(args, "language", None))
        if later is not None:
            recheck.append(later)
    if course is None:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise UserError(ngettext("The course in {folder} has {n} problem:\n{listing}\nFix it, then check again with: ketamine-course validate {folder}",
                                 "The course in {folder} has {n} problems:\n{listing}\nFix them, then check again with: ketamine-course validate {folder}",
                                 len(problems)).format(folder=folder, n=len(problems), listing=listing))
    return course


def progress_store(args: argparse.Namespace, *, writing: bool = False):
    """The progress in use. A command that only reads never renames a file it cannot read
    (the app or a writing command sets it aside); it says why it cannot go on instead."""
    from course.paths import progress_path
    from course.progress.store import ProgressStore

    store = ProgressStore.open(progress_path(args.progress), lazy=True, repair=writing)
    if store.unusable and not writing:
        raise UserError(store.unusable)
    for notice in store.notices:
        print(f"ketamine-course: {notice}", file=sys.stderr)
    return store


def confirm(question: str, yes: bool, nothing_done: str) -> None:
    """Go on only if the person agrees: --yes, or 'y' typed at the question (in a terminal).
    Otherwise raise UserError saying that nothing was done (and, without a terminal, about --yes)."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise UserError(_("{nothing} To go ahead without being asked, add --yes.").format(nothing=nothing_done))
    try:
        answer = input(_("{question} [y/N] ").format(question=question))
    except EOFError:
        answer = ""
    if answer.strip().casefold() not in (_("y"), _("yes"), "y", "yes"):
        raise UserError(nothing_done)
