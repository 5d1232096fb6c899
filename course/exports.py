"""Printable things people take away: a patient's question list, a facilitator's session plan,
handouts and their answer key. Completion records are in `course.records`, the group report in
`course.report`; they share what is here.

Each export is built once as a small `Document` of plain-text blocks and then rendered as
text (through `course.plaintext`, like `ketamine-course read`), Markdown or a self-contained
HTML page that prints cleanly. Everything is a pure function returning text, so the app's
screens and the command line produce the same files. No network, no external resources, and
every piece of text is escaped for the format it goes into.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import secrets
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from course import plaintext
from course.model import Course, Module, Question
from course.progress import Learner, Progress
from course.plaintext import KIND_HINTS
from course.quiz import in_print_order

FORMATS = ("txt", "md", "html")
SUFFIX_FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
PRIVATE_MODE = 0o600  # files that say something about a person's health or learning
PUBLIC_MODE = 0o644  # plans and handouts (the umask still applies)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class ExportError(Exception):
    """A problem the person can fix (no such learner, file exists, …); the message says how."""


# ------------------------------------------------------------------ the document model
# Every text in a block is plain text: renderers escape it for their format.


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 2 or 3; the document title is level 1


@dataclass(frozen=True)
class Para:
    text: str  # blank lines separate paragraphs
    notice: bool = False  # set apart (a box in HTML, a quote in Markdown)


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    numbered: bool = False
    ticks: tuple[bool, ...] | None = None  # a checklist: True = ticked


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Quiz:
    questions: tuple[Question, ...]  # options already in the order to print
    answers: bool = False


@dataclass(frozen=True)
class Hidden:
    """Machine-readable data kept in the file but not shown (an HTML/Markdown comment)."""

    text: str


Block = Heading | Para | Items | Table | Quiz | Hidden


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> "Document":
        self.blocks.extend(blocks)
        return self


def render(document: Document, fmt: str) -> str:
    renderers = {"txt": render_txt, "md": render_md, "html": render_html}
    return renderers[fmt](document)


# ------------------------------------------------------------------ plain text


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """No control characters from a progress file may reach a terminal (escape codes)."""
    return _CONTROL.sub("", text)


def render_txt(document: Document) -> str:
    out = plaintext.Writer()
    out.heading(printable(document.title))
    for block in document.blocks:
        match block:
            case Heading(text, level):
                out.heading(printable(text), "-" if level <= 2 else "~")
            case Para(text):
                out.para(printable(text))
            case Items(items, numbered, ticks):
                out.items([_tick_txt(ticks, i) + printable(item) for i, item in enumerate(items)], numbered)
            case Table(headers, rows):
                out.lines += aligned_table(headers, rows) + [""]
            case Quiz(questions, answers):
                for number, question in enumerate(questions, start=1):
                    out.lines += plaintext.render_question(question, number, answers).rstrip("\n").split("\n") + [""]
    return out.text()


def _tick_txt(ticks: tuple[bool, ...] | None, index: int) -> str:
    return "" if ticks is None else ("[x] " if ticks[index] else "[ ] ")


def aligned_table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], width: int = plaintext.WIDTH) -> list[str]:
    """A plain table with columns padded to line up in a terminal or a monospaced printout.

    When a row would be wider than `width`, the last column (the long text, such as a question)
    wraps onto lines of its own, under the column's start.
    """
    cells = [[printable(str(c)).replace("\n", " ") for c in row] for row in (headers, *rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    indent = sum(widths[:-1]) + 2 * (len(widths) - 1)
    last = max(20, width - indent)

    def lines(row: list[str]) -> list[str]:
        lead = "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths)) + ("  " if len(row) > 1 else "")
        wrapped = textwrap.wrap(row[-1], last) or [""]
        return [(lead + wrapped[0]).rstrip(), *(" " * indent + more for more in wrapped[1:])]

    rule = ["-" * w for w in widths[:-1]] + ["-" * min(widths[-1], last)]
    return [*lines(cells[0]), *lines(rule), *(line for row in cells[1:] for line in lines(row))]


# ------------------------------------------------------------------ Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+-]|\d+[.)])(?=\s|$)", re.MULTILINE)


def md_escape(text: str, *, block: bool = True) -> str:
    """Plain text that reads the same in a Markdown viewer: no emphasis, links or raw HTML.

    `block` also escapes what would start a heading or a list at the start of a line.
    """
    text = _MD_SPECIAL.sub(r"\\\1", printable(text))
    if not block:
        return text
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def render_md(document: Document) -> str:
    lines = [f"# {md_escape(document.title)}", ""]
    for block in document.blocks:
        match block:
            case Heading(text, level):
                lines += ["#" * level + " " + md_escape(text), ""]
            case Para(text, notice):
                for paragraph in _paragraphs(text):
                    body = md_escape(paragraph)
                    lines += ["> " + row if notice else row for row in body.split("\n")] + [""]
            case Items(items, numbered, ticks):
                for index, item in enumerate(items):
                    marker = f"{index + 1}." if numbered else "-"
                    tick = "" if ticks is None else ("[x] " if ticks[index] else "[ ] ")
                    lines.append(f"{marker} {tick}{md_escape(item)}")
                lines.append("")
            case Table(headers, rows):
                lines += [_md_row(headers), "|" + " --- |" * len(headers), *(_md_row(r) for r in rows), ""]
            case Quiz(questions, answers):
                for number, question in enumerate(questions, start=1):
                    lines += _md_question(question, number, answers)
            case Hidden(text):
                lines += [f"<!-- {text} -->", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(md_escape(str(c), block=False).replace("\n", " ") for c in cells) + " |"


def _md_question(question: Question, number: int, answers: bool) -> list[str]:
    lines = [f"**Q{number}.** {md_escape(question.prompt)} ({KIND_HINTS[question.kind]})", ""]
    if answers:
        lines += [f"**Answer: {correct_letters(question)}**", ""]
    for letter, option in zip(LETTERS, question.options):
        if answers:
            verdict = "correct" if option.correct else "not correct"
            lines.append(f"- {letter}. {md_escape(option.text)}: {verdict}. {md_escape(option.feedback)}")
        else:
            lines.append(f"- [ ] {letter}. {md_escape(option.text)}")
    lines.append("")
    if answers:
        lines += [f"Explanation: {md_escape(question.explanation)}", ""]
    return lines


def correct_letters(question: Question) -> str:
    return ", ".join(LETTERS[i] for i, option in enumerate(question.options) if option.correct)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


# ------------------------------------------------------------------ HTML

PAGE_CSS = """\
body { font-family: Georgia, "Times New Roman", serif; font-size: 16pt; line-height: 1.45;
       color: #000; background: #fff; max-width: 40em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .4em; }
h2 { font-size: 1.25em; margin: 1.1em 0 .3em; border-bottom: 1px solid #000; }
h3 { font-size: 1.05em; margin: .9em 0 .2em; }
p, li { margin: .3em 0; }
ul, ol { padding-left: 1.4em; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { padding-left: 1.4em; text-indent: -1.4em; }
.box { display: inline-block; width: .75em; height: .75em; border: 2px solid #000; margin-right: .45em;
       line-height: .75em; text-align: center; text-indent: 0; vertical-align: -.05em; }
.notice { border: 2px solid #000; padding: .4em .7em; }
.question { margin: .8em 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: .2em .45em; text-align: left; vertical-align: top; }
@media print {
  body { font-size: 14pt; line-height: 1.35; max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, tr, .question, .notice { break-inside: avoid; page-break-inside: avoid; }
}
@page { margin: 1.5cm; }
"""

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def render_html(document: Document) -> str:
    """One self-contained page: inline CSS, no scripts, no fonts or images fetched from anywhere."""
    body: list[str] = []
    for block in document.blocks:
        match block:
            case Heading(text, level):
                body.append(f"<h{level}>{esc(text)}</h{level}>")
            case Para(text, notice):
                css = ' class="notice"' if notice else ""
                body += [f"<p{css}>{esc(p)}</p>" for p in _paragraphs(text)]
            case Items(items, numbered, ticks):
                body.append(_html_items(items, numbered, ticks))
            case Table(headers, rows):
                head = "".join(f"<th>{esc(h)}</th>" for h in headers)
                cells = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>\n" for row in rows)
                body.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{cells}</tbody>\n</table>")
            case Quiz(questions, answers):
                body += [_html_question(q, n, answers) for n, q in enumerate(questions, start=1)]
            case Hidden(text):
                body.append(f"<!-- {text} -->")
    return PAGE.format(title=esc(document.title), css=PAGE_CSS, body="\n".join(body))


def _html_items(items: tuple[str, ...], numbered: bool, ticks: tuple[bool, ...] | None) -> str:
    if ticks is not None:
        rows = [f'<li><span class="box">{"✓" if ticked else ""}</span>{esc(item)}</li>' for item, ticked in zip(items, ticks)]
        return '<ul class="checklist">\n' + "\n".join(rows) + "\n</ul>"
    tag = "ol" if numbered else "ul"
    return f"<{tag}>\n" + "\n".join(f"<li>{esc(item)}</li>" for item in items) + f"\n</{tag}>"


def _html_question(question: Question, number: int, answers: bool) -> str:
    out = [f'<div class="question">',
           f"<p><strong>Q{number}.</strong> {esc(question.prompt)} <em>({KIND_HINTS[question.kind]})</em></p>"]
    if answers:
        out.append(f"<p><strong>Answer: {correct_letters(question)}</strong></p>\n<ul>")
        for letter, option in zip(LETTERS, question.options):
            verdict = "<strong>correct</strong>" if option.correct else "not correct"
            out.append(f"<li>{letter}. {esc(option.text)}: {verdict}. {esc(option.feedback)}</li>")
        out.append(f"</ul>\n<p>Explanation: {esc(question.explanation)}</p>")
    else:
        out.append('<ul class="checklist">')
        out += [f'<li><span class="box"></span>{letter}. {esc(o.text)}</li>' for letter, o in zip(LETTERS, question.options)]
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


# ------------------------------------------------------------------ pieces every export shares


def long_date(day: dt.date) -> str:
    """21 November 2026: the same in every locale, and unambiguous when printed."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def lesson_text(course: Course, text: str) -> str:
    """Author Markdown as plain text, citations shown by their short labels (as `read` does)."""
    return plaintext.plain_markdown(plaintext.cite(text, course)).strip()


def notice_blocks(course: Course) -> list[Block]:
    """The 'education, not medical advice' notice and the crisis lines, on every export."""
    crisis = tuple(f"{line.name}: {line.how}" for line in course.crisis)
    return [Heading("If you need help now"), Items(crisis), Para(course.disclaimer, notice=True)]


def position(course: Course, module: Module) -> int:
    return course.modules.index(module) + 1


def lesson_heading(course: Course, module: Module) -> str:
    return f"Lesson {position(course, module)}: {module.title}"


def find_modules(course: Course, keys: list[str]) -> list[Module]:
    """Modules by number, id or folder, in the order given; an unknown one is a plain error."""
    found: list[Module] = []
    for key in keys:
        module = course.module(key)
        if module is None:
            choices = ", ".join(f"{n} ({m.id})" for n, m in enumerate(course.modules, start=1))
            raise ExportError(f"No lesson called '{key}'. Choose from: {choices}")
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


def _exists(path: Path) -> str:
    return f"{path} already exists. Nothing was written. Choose another name, or add --force to replace it."


def write_file(path: str | os.PathLike, text: str, *, private: bool, force: bool = False) -> Path:
    """Write an export. Never replaces an existing file unless `force`; private files are 0600."""
    path = Path(path).expanduser()
    mode = PRIVATE_MODE if private else PUBLIC_MODE
    if path.is_dir():
        raise ExportError(f"{path} is a folder. Give a file name, for example {path / 'export.html'}")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist. Nothing was written.")
    if path.exists() and not force:
        raise ExportError(_exists(path))
    if path.exists() and not path.is_file():  # --force would replace a device or pipe (/dev/null) with a file
        raise ExportError(f"{path} is not an ordinary file, so it is not replaced. Nothing was written.")
    data = text.encode("utf-8")
    # With --force the new file replaces the old one in a single step; without it, O_EXCL makes
    # sure a file that appeared meanwhile is still never overwritten.
    target = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp") if force else path
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        if private:
            os.chmod(target, PRIVATE_MODE)
        if force:
            os.replace(target, path)
    except FileExistsError:
        raise ExportError(_exists(path)) from None
    except OSError as error:
        if force:
            target.unlink(missing_ok=True)
        raise ExportError(f"Could not write {path}: {error.strerror or error}.") from None
    return path


# ------------------------------------------------------------------ the patient's question list


def what_to_bring(course: Course) -> list[str]:
    """The checklist from every module that has one (the consultation module), without repeats."""
    return list(dict.fromkeys(lesson_text(course, item) for m in course.modules for item in m.what_to_bring))


def questions_document(course: Course, learner: Learner, today: dt.date) -> Document:
    """The learner's own questions to take to a consultation: still to ask first, then asked."""
    to_ask = [q.text for q in learner.questions if not q.asked]
    asked = [q.text for q in learner.questions if q.asked]
    who = f" for {learner.name}" if learner.name.strip() else ""
    doc = Document("My questions for the consultation")
    doc.add(Para(f"{course.title}. Prepared{who} on {long_date(today)}."))
    doc.add(Heading("Questions to ask"))
    if to_ask:
        doc.add(Items(tuple(to_ask), ticks=(False,) * len(to_ask)))
    elif asked:
        doc.add(Para("You have asked every question on your list. Well done."))
    else:
        doc.add(Para("Your list is empty. In the course, add your own questions, or the suggested "
                     "ones at the end of each lesson, then export the list again."))
    if asked:
        doc.add(Heading("Already asked"), Items(tuple(f"{text} (asked)" for text in asked), ticks=(True,) * len(asked)))
    bring = what_to_bring(course)
    if bring:
        doc.add(Heading("What to bring"), Items(tuple(bring), ticks=(False,) * len(bring)))
    return doc.add(*notice_blocks(course))


def questions_export(course: Course, learner: Learner, fmt: str = "txt", today: dt.date | None = None) -> str:
    return render(questions_document(course, learner, today or dt.date.today()), fmt)


# ------------------------------------------------------------------ the facilitator's session plan


@dataclass(frozen=True)
class Slot:
    """One lesson in a session: when it starts (minutes from the start) and its activities."""

    module: Module
    start: int
    minutes: int
    activities: tuple[tuple[int, int, str], ...]  # (start, minutes, activity)


def schedule(modules: list[Module]) -> list[Slot]:
    """Lay the lessons end to end. Agenda items fill a lesson's time; what is left is open discussion."""
    slots: list[Slot] = []
    clock = 0
    for module in modules:
        notes = module.facilitator
        items = [(a.minutes, a.activity) for a in notes.agenda] if notes else []
        length = notes.minutes if notes else module.minutes
        planned = sum(minutes for minutes, _ in items)
        if not items:
            items = [(length, "Read the lesson together and discuss")]
        elif planned < length:
            items.append((length - planned, "Open discussion and questions"))
        length = max(length, planned)
        activities, at = [], clock
        for minutes, activity in items:
            activities.append((at, minutes, activity))
            at += minutes
        slots.append(Slot(module, clock, length, tuple(activities)))
        clock += length
    return slots


def clock(minutes: int, start: dt.time | None = None) -> str:
    """Minutes from the start as a clock: 1:05 elapsed, or 19:35 when the start time is known."""
    if start is None:
        return f"{minutes // 60}:{minutes % 60:02d}"
    moment = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def default_plan_modules(course: Course) -> list[Module]:
    return [m for m in course.modules if m.facilitator] or list(course.modules)


def plan_document(course: Course, modules: list[Module], start: dt.time | None = None) -> Document:
    slots = schedule(modules)
    total = sum(slot.minutes for slot in slots)

    def span(begin: int, length: int) -> str:
        return f"{clock(begin, start)}–{clock(begin + length, start)}"

    timing = f"starting at {start:%H:%M}" if start else "times counted from the start of the session"
    doc = Document(f"Session plan: {course.title}")
    doc.add(Para(f"For the facilitator: these notes are not shown to learners. Course version {course.version}; "
                 f"{len(slots)} lesson(s), {duration(total)} in all ({timing})."))
    doc.add(Heading("At a glance"), Table(
        ("Time", "Minutes", "Lesson"),
        tuple((span(s.start, s.minutes), str(s.minutes), lesson_heading(course, s.module)) for s in slots)
        + (("Total", str(total), duration(total)),),
    ))
    for slot in slots:
        module, notes = slot.module, slot.module.facilitator
        doc.add(Heading(f"{span(slot.start, slot.minutes)}  {lesson_heading(course, module)} ({slot.minutes} min)"))
        doc.add(Heading("Objectives", 3), Items(tuple(lesson_text(course, o) for o in module.objectives), numbered=True))
        doc.add(Heading("Agenda", 3), Table(
            ("Time", "Minutes", "Activity"),
            tuple((span(at, minutes), str(minutes), activity) for at, minutes, activity in slot.activities),
        ))
        if notes:
            doc.add(Heading("Notes for you", 3), Para(lesson_text(course, notes.notes)))
            doc.add(Heading("Discussion prompts", 3), Items(tuple(lesson_text(course, p) for p in notes.prompts), numbered=True))
        else:
            doc.add(Para("This lesson has no facilitator notes; its reading time is used."))
        doc.add(Heading("Key points to share", 3), Items(tuple(lesson_text(course, k) for k in module.key_points)))
    doc.add(Para(f"Total session time: {duration(total)}."))
    return doc.add(*notice_blocks(course))


def plan_export(course: Course, modules: list[Module] | None = None, fmt: str = "md", start: dt.time | None = None) -> str:
    return render(plan_document(course, modules or default_plan_modules(course), start), fmt)


# ------------------------------------------------------------------ handouts and the answer key


def handout_document(course: Course, modules: list[Module], answer_key: bool = False) -> Document:
    name = modules[0].title if len(modules) == 1 else course.title
    doc = Document(f"Answer key: {name}" if answer_key else f"Handout: {name}")
    if answer_key:
        doc.add(Para("For the facilitator. Keep this apart from the handouts: it has the right answers, "
                     "the feedback for every option and an explanation for each question."))
    for module in modules:
        doc.add(Heading(lesson_heading(course, module)))
        if not answer_key:
            doc.add(Heading("Key points", 3), Items(tuple(lesson_text(course, k) for k in module.key_points)))
        questions = tuple(in_print_order(module.id, q) for q in module.questions)
        if questions:
            doc.add(Heading("Answers" if answer_key else "Practice questions", 3), Quiz(questions, answers=answer_key))
    return doc.add(*notice_blocks(course))


def handout_export(course: Course, modules: list[Module], fmt: str = "md", answer_key: bool = False) -> str:
    return render(handout_document(course, modules, answer_key), fmt)
