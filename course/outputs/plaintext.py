"""The course as plain, well-structured text: for screen readers, pipes and printing.

Used by `ketamine-course read`. Escape codes appear only when `emphasis=True`, which the
CLI sets only for a real terminal without NO_COLOR.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from typing import IO

from course.content.markup import cite, plain_markdown
from course.content.model import ROLE_LABELS, ROLE_NAMES, Course, Credits, Module, Question
from course.i18n import N_, _, format_date, ngettext
from course.learning.shown import in_print_order
from course.outputs.document import lettered
from course.terminal import BOLD, PLAIN, printable

WIDTH = 78


def wants_emphasis(stream: IO[str]) -> bool:
    """Bold headings only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def fill(text: str, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """Wrap to WIDTH without splitting words at hyphens ("off-label" stays whole for readers)."""
    return textwrap.fill(text, WIDTH, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                         break_on_hyphens=False)


_BULLET = re.compile(r"^([-*+]|\d+[.)])\s+")


def _paragraphs(text: str) -> list[str]:
    """Join hard-wrapped lines into paragraphs; each list item is its own paragraph."""
    blocks: list[str] = []
    joining = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            blocks.append("")
            joining = False
        elif joining and not _BULLET.match(stripped):
            blocks[-1] += " " + stripped
        else:
            blocks.append(stripped)
            joining = True
    return blocks


def _wrap(text: str, indent: str = "") -> str:
    out: list[str] = []
    for paragraph in _paragraphs(text):
        bullet = _BULLET.match(paragraph)
        lead = indent + (bullet.group(0) if bullet else "")
        rest = paragraph[bullet.end():] if bullet else paragraph
        out.append(fill(rest, initial_indent=lead, subsequent_indent=" " * len(lead)) if paragraph else "")
    return "\n".join(out)


class Writer:
    """Plain text built line by line; `text()` is the finished page, with no control character
    but the bold it puts on headings itself (when `emphasis`)."""

    def __init__(self, emphasis: bool = False) -> None:
        self.emphasis = emphasis
        self.lines: list[str] = []
        self._headings: set[int] = set()  # indexes into lines

    def heading(self, text: str, underline: str = "=") -> None:
        text = printable(text)  # before measuring the underline
        self._headings.add(len(self.lines))
        self.lines += [text, underline * len(text), ""]

    def para(self, text: str, indent: str = "") -> None:
        self.lines += [_wrap(text, indent), ""]

    def items(self, items: list[str], numbered: bool = False) -> None:
        for index, item in enumerate(items, start=1):
            marker = f"{index}. " if numbered else "- "
            self.lines.append(fill(item, initial_indent=marker, subsequent_indent=" " * len(marker)))
        self.lines.append("")

    def text(self) -> str:
        lines = [printable(line) for line in self.lines]
        if self.emphasis:
            lines = [f"{BOLD}{line}{PLAIN}" if index in self._headings else line for index, line in enumerate(lines)]
        return "\n".join(lines).rstrip() + "\n"


def course_outline(course: Course, emphasis: bool = False) -> str:
    out = Writer(emphasis)
    out.heading(course.title)
    out.para(course.disclaimer)
    out.lines += [crisis_text(course), ""]
    total = sum(m.minutes for m in course.modules)
    out.para(ngettext("{lessons} lesson, about {total} minutes in all. Read one with: ketamine-course read NUMBER",
                      "{lessons} lessons, about {total} minutes in all. Read one with: ketamine-course read NUMBER",
                      len(course.modules)).format(lessons=len(course.modules), total=total))
    for position, module in enumerate(course.modules, start=1):
        who = ", ".join(_(ROLE_NAMES.get(role, role)) for role in module.audiences)
        out.lines.append(_("{position}. {title} ({minutes} min; {id}; for {who})").format(position=position, title=module.title, minutes=module.minutes, id=module.id, who=who))
    out.lines.append("")
    out.heading(_(ABOUT_HEADING), "-")
    out.items(course_credits(course))
    return out.text()


CRISIS_LEAD = N_("If you are in crisis:")
ABOUT_HEADING = N_("About this course")


def credits_lines(credits: Credits | None, reviewed: dt.date, next_review: dt.date | None,
                  today: dt.date | None = None) -> list[str]:
    """Who wrote and clinically reviewed the course, its funding and conflicts of interest, and
    its review dates, one line each (IPDAS asks patient materials to say them). Shown in the
    help and on every export; a placeholder shows in its [brackets], so no one takes it for a name."""
    lines = []
    if credits is not None:
        lines += [_("Written by: {names}").format(names="; ".join(credits.written_by)),
                  _("Clinical review: {names}").format(names="; ".join(credits.clinical_review)),
                  _("Funding: {funding}").format(funding=credits.funding),
                  _("Conflicts of interest: {conflicts}").format(conflicts=credits.conflicts_of_interest)]
    lines.append(_("Last reviewed: {date}").format(date=format_date(reviewed)))
    if next_review is not None:
        due = (_("Next review due: {date} (overdue: some of this may be out of date)")
               if next_review < (today or dt.date.today()) else _("Next review due: {date}"))
        lines.append(due.format(date=format_date(next_review)))
    return lines


def course_credits(course: Course, today: dt.date | None = None) -> list[str]:
    return credits_lines(course.credits, course.reviewed, course.next_review, today)


def crisis_lines(course: Course) -> list[str]:
    """One line per way to reach help: "name: how"."""
    return [f"{line.name}: {line.how}" for line in course.crisis]


def crisis_text(course: Course, width: int = WIDTH) -> str:
    """The crisis lines under a lead line, one `- ` item each, wrapped lines indented under the
    text: run together in one paragraph, an entry that wraps reads like the start of the next."""
    items = [textwrap.fill(line, width, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False)
             for line in crisis_lines(course)]
    return "\n".join([_(CRISIS_LEAD), *items])


def render_lesson(course: Course, module: Module, *, role: str | None = None, quiz: bool = False, answers: bool = False, emphasis: bool = False) -> str:
    out = Writer(emphasis)
    position = course.position(module)
    out.heading(_("Lesson {position}: {title}").format(position=position, title=module.title))
    out.para(_("About {minutes} minutes. For: {audiences}. Last reviewed {date}.").format(
        minutes=module.minutes, audiences=", ".join(_(ROLE_LABELS[a]) for a in module.audiences), date=format_date(module.reviewed)))
    out.heading(_("What you will learn"), "-")
    out.items(module.objectives)
    for number, section in enumerate(module.sections, start=1):
        out.heading(_("Section {number} of {sections}: {title}").format(number=number, sections=len(module.sections), title=section.title), "-")
        out.para(cite(plain_markdown(section.body), course))
    out.heading(_("Key points"), "-")
    out.items(module.key_points)
    if module.ask_your_provider:
        out.heading(_("Questions you could ask your provider"), "-")
        out.items(module.ask_your_provider)
    if module.what_to_bring:
        out.heading(_("What to bring"), "-")
        out.items([plain_markdown(cite(item, course)).strip() for item in module.what_to_bring])
    if role == "facilitator" and module.facilitator:
        _facilitator(out, module)
    if quiz:
        _quiz(out, module, answers)
    out.heading(_("Sources"), "-")
    sources = course.source_map
    out.items([f"{sources[s].short}: {sources[s].citation}" for s in module.sources if s in sources])
    out.para(course.disclaimer)
    return out.text()


def _facilitator(out: Writer, module: Module) -> None:
    notes = module.facilitator
    if notes is None:
        return
    out.heading(_("Facilitator notes (suggested {minutes} minutes)").format(minutes=notes.minutes), "-")
    out.para(notes.notes)
    if notes.agenda:
        out.items([_("{minutes} min: {activity}").format(minutes=item.minutes, activity=item.activity)
                   for item in notes.agenda])
    out.lines.append(_("Discussion prompts:"))
    out.items(notes.prompts, numbered=True)


def _quiz(out: Writer, module: Module, answers: bool) -> None:
    out.heading(_("Practice questions with answers") if answers else _("Practice questions"), "-")
    for number, question in enumerate(module.questions, start=1):
        printed = in_print_order(module.id, question)
        out.lines += render_question(printed, number, answers).rstrip("\n").split("\n") + [""]


KIND_HINTS = {"single": N_("Choose one."), "multiple": N_("Choose all that apply."), "true_false": N_("True or false.")}


def question_label(number: int) -> str:
    """"Q1." in English, "P1." in Spanish: a question's number as printed."""
    return _("Q{number}.").format(number=number)


def render_question(question: Question, number: int, answers: bool = False) -> str:
    hint = _(KIND_HINTS[question.kind])
    lines = [fill(f"{question_label(number)} {question.prompt} ({hint})", subsequent_indent="    ")]
    for letter, option in lettered(question):
        verdict = _("correct") if option.correct else _("not correct")
        mark = f" [{verdict}]" if answers else ""
        lines.append(fill(f"{letter}. {option.text}{mark}", initial_indent="    ", subsequent_indent="       "))
        if answers:
            lines.append(fill(option.feedback, initial_indent="       ", subsequent_indent="       "))
    if answers:
        lines.append(fill(_("Explanation: {text}").format(text=question.explanation),
                          initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines) + "\n"
