"""What every command needs: the course it works on and the progress file it reads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.errors import UserError


def lessons_dir(args: argparse.Namespace) -> Path:
    from course.paths import default_lessons_dir

    return Path(args.lessons) if getattr(args, "lessons", None) else default_lessons_dir()


def load(args: argparse.Namespace):
    """Load the course or raise UserError listing its problems."""
    from course.content.loader import check_course

    folder = lessons_dir(args)
    course, problems = check_course(folder)
    if course is None:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise UserError(f"The course in {folder} has {len(problems)} problem(s):\n{listing}\n"
                        f"Fix them, then check again with: ketamine-course validate {folder}")
    return course


def progress_store(args: argparse.Namespace):
    from course.paths import progress_path
    from course.progress.store import ProgressStore

    store = ProgressStore.open(progress_path(args.progress))
    for notice in store.notices:
        print(f"ketamine-course: {notice}", file=sys.stderr)
    return store
