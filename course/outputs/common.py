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
from course.i18n import N_, _, format_date
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


FORMAT_NAMES = {"txt": N_("plain text"), "md": N_("Markdown"), "html": N_("HTML")}


def format_name(fmt: str) -> str:
    """"plain text", "Markdown", "HTML": what a file holds, in words."""
    return _(FORMAT_NAMES[fmt]) if fmt in FORMAT_NAMES else fmt


def pick_format(requested: str | None, output: str | os.PathLike | None, allowed: tuple[str, ...], default: str) -> str:
    """--format wins; otherwise the output file's extension (.html, .md, .txt); otherwise the default.
    An extension naming a kind of file this export is not made as (a .pdf, or a .txt where only
    Markdown and HTML are offered) is a plain error, never a file whose name misleads."""
    if requested:
        return requested
    if output:
        suffix = Path(output).suffix.lower()
        guessed = SUFFIX_FORMATS.get(suffix)
        if guessed in allowed:
            return guessed
        offered = ", ".join(f"{format_name(fmt)} (.{fmt})" for fmt in allowed)
        if suffix == ".pdf" and "html" in allowed:
            raise ExportError(_("PDF is not made here. Write HTML instead (--output {name}.html), open it in a web "
                                "browser and print it, or save it as PDF from there.").format(name=Path(output).stem))
        if guessed is not None or suffix == ".pdf":
            raise ExportError(_("{file}: this can be made as {offered}, not as {suffix}. Choose a file name with "
                                "one of those endings, or the kind with --format.").format(
                file=output, offered=offered, suffix=suffix))
    return default
