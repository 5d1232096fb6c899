"""Pieces every export shares: formats, dates, the notice and crisis lines, lesson headings,
and choosing the lessons and the learner an export is about."""

from __future__ import annotations

import base64
import datetime as dt
import os
from pathlib import Path

from course.content.markup import cite, plain_markdown
from course.content.model import Course, Module
from course.errors import UserError
from course.i18n import _, format_date
from course.outputs.document import Block, Heading, Items, Para
from course.outputs.plaintext import ABOUT_HEADING, course_credits, crisis_lines
from course.progress.model import Learner, Progress

FORMATS = ("txt", "md", "html")
SUFFIX_FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


class ExportError(UserError):
    """A problem the person can fix (no such learner, lesson, …); the message says how."""


_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def readable_code(data: bytes) -> str:
    """Bytes (a multiple of 5) as groups of four letters and digits, for reading aloud and retyping:
    Crockford's base 32, which has no I, L, O or U to mistake."""
    letters = base64.b32encode(data).decode("ascii").translate(_CROCKFORD)
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def long_date(day: dt.date) -> str:
    """21 November 2026, 21 de noviembre de 2026: the month in words, so it is unambiguous
    when printed, in the language in use."""
    return format_date(day)


def lesson_text(course: Course, text: str) -> str:
    """Author Markdown as plain text, citations shown by their short labels (as `read` does)."""
    return plain_markdown(cite(text, course)).strip()


def notice_blocks(course: Course) -> list[Block]:
    """The crisis lines, who made the course and when it was reviewed, and the 'education, not
    medical advice' notice, on every export."""
    return [Heading(_("If you need help now")), Items(tuple(crisis_lines(course))), *credits_blocks(course),
            Para(course.disclaimer, notice=True)]


def credits_blocks(course: Course) -> list[Block]:
    return [Heading(_(ABOUT_HEADING)), Items(tuple(course_credits(course)))]


def lesson_heading(course: Course, module: Module) -> str:
    return _("Lesson {position}: {title}").format(position=course.position(module), title=module.title)


def find_modules(course: Course, keys: list[str]) -> list[Module]:
    """Modules by number, id or folder, in the order given; an unknown one is a plain error."""
    found: list[Module] = []
    for key in keys:
        module = course.module(key)
        if module is None:
            choices = ", ".join(f"{n} ({m.id})" for n, m in enumerate(course.modules, start=1))
            raise ExportError(_("No lesson called '{key}'. Choose from: {choices}").format(key=key, choices=choices))
        if module not in found:
            found.append(module)
    return found


def choose_learner(progress: Progress, name: str | None = None) -> Learner:
    """The learner called NAME (or with that id, or a unique part of a name); without a name,
    the active or only learner. The rules are `Progress.find_learner`'s, shared with the app."""
    try:
        return progress.learners[progress.find_learner(name)]
    except LookupError as error:
        raise ExportError(str(error)) from None


def pick_format(requested: str | None, output: str | os.PathLike | None, allowed: tuple[str, ...], default: str) -> str:
    """--format wins; otherwise the output file's extension (.html, .md, .txt); otherwise the default."""
    if requested:
        return requested
    if output:
        guessed = SUFFIX_FORMATS.get(Path(output).suffix.lower())
        if guessed in allowed:
            return guessed
    return default
