"""Render a `Document` as plain text (like `ketamine-course read`), Markdown, or one
self-contained HTML page that prints cleanly: no scripts, no fonts or images fetched from
anywhere, every piece of text escaped for the format it goes into."""

from __future__ import annotations

import html
import re
import textwrap

from course.content.model import Question
from course.i18n import _, current_language
from course.outputs import plaintext
from course.outputs.document import (
    Document,
    Heading,
    Hidden,
    Items,
    Para,
    Quiz,
    Table,
    correct_letters,
    lettered,
    paragraphs,
)
from course.outputs.plaintext import KIND_HINTS, question_label
from course.terminal import printable


def render(document: Document, fmt: str) -> str:
    """Every export passes here: its text came from lessons and other people's progress files,
    so control characters are dropped from the finished file (a file is often `cat` to a terminal)."""
    renderers = {"txt": render_txt, "md": render_md, "html": render_html}
    return printable(renderers[fmt](document))


# ------------------------------------------------------------------ plain text


def render_txt(document: Document) -> str:
    out = plaintext.Writer()
    out.heading(document.title)
    for block in document.blocks:
        match block:
            case Heading(text, level):
                out.heading(text, "-" if level <= 2 else "~")
            case Para(text):
                out.para(text)
            case Items(items, numbered, ticks):
                out.items([_tick_txt(ticks, i) + item for i, item in enumerate(items)], numbered)
            case Table(headers, rows):
                out.lines += aligned_table(headers, rows) + [""]
            case Quiz(questions, answers):
                for number, question in enumerate(questions, start=1):
                    out.lines += plaintext.render_question(question, number, answers).rstrip("\n").split("\n") + [""]
            case Hidden(text):  # plain text cannot hide it: the same comment as in Markdown, unwrapped
                out.lines += f"<!-- {text} -->".split("\n") + [""]
    return out.text()


def _tick_txt(ticks: tuple[bool, ...] | None, index: int) -> str:
    return "" if ticks is None else ("[x] " if ticks[index] else "[ ] ")


def aligned_table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], width: int = plaintext.WIDTH) -> list[str]:
    """A plain table with columns padded to line up in a terminal or a monospaced printout.

    When a row would be wider than `width`, the last column (the long text, such as a question)
    wraps onto lines of its own, under the column's start. When even that leaves the last column
    too narrow to read (under `MIN_LAST` characters), each row becomes a short block instead:
    its first cell, then "Header: value" for the others (`stacked_table`).
    """
    cells = [[printable(str(c)).replace("\n", " ") for c in row] for row in (headers, *rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    indent = sum(widths[:-1]) + 2 * (len(widths) - 1)
    if width - indent < min(widths[-1], MIN_LAST):
        return stacked_table(cells[0], cells[1:], width)
    last = max(MIN_LAST, width - indent)

    def lines(row: list[str]) -> list[str]:
        lead = "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths)) + ("  " if len(row) > 1 else "")
        wrapped = textwrap.wrap(row[-1], last) or [""]
        return [(lead + wrapped[0]).rstrip(), *(" " * indent + more for more in wrapped[1:])]

    rule = ["-" * w for w in widths[:-1]] + ["-" * min(widths[-1], last)]
    return [*lines(cells[0]), *lines(rule), *(line for row in cells[1:] for line in lines(row))]


MIN_LAST = 20  # the narrowest a table's last (wrapping) column may be
STACK_INDENT = "    "


def stacked_table(headers: list[str], rows: list[list[str]], width: int) -> list[str]:
    """A table too wide for `width`, as one block per row: the first cell on its own line, then
    each other cell as "Header: value", as many to a line as fit (a pair is never split unless it
    alone is too long). Reads the same aloud, and fits 80 columns however many columns there are."""
    out: list[str] = []
    room = max(MIN_LAST, width - len(STACK_INDENT))
    for number, row in enumerate(rows):
        out += ([""] if number else []) + (textwrap.wrap(row[0], width) or [""])
        line = ""
        for header, cell in zip(headers[1:], row[1:]):
            if not cell:
                continue
            pair = f"{header}: {cell}"
            if line and len(line) + 3 + len(pair) <= room:
                line += " · " + pair
                continue
            if line:
                out.append(STACK_INDENT + line)
            pieces = textwrap.wrap(pair, room, break_on_hyphens=False) or [""]
            out += [STACK_INDENT + piece for piece in pieces[:-1]]
            line = pieces[-1]
        if line:
            out.append(STACK_INDENT + line)
    return out


# ------------------------------------------------------------------ Markdown


# ------------------------------------------------------------------ Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+-]|\d+[.)])(?=\s|$)", re.MULTILINE)


def md_escape(text: str, *, block: bool = True) -> str:
    """Plain text that reads the same in a Markdown viewer: no emphasis, links or raw HTML.

    `block` also escapes what would start a heading or a list at the start of a line.
    """
    text = _MD_SPECIAL.sub(r"\\\1", text)
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
                for paragraph in paragraphs(text):
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
    lines = [f"**{question_label(number)}** {md_escape(question.prompt)} ({_(KIND_HINTS[question.kind])})", ""]
    if answers:
        lines += ["**" + _("Answer: {letters}").format(letters=correct_letters(question)) + "**", ""]
    for letter, option in lettered(question):
        if answers:
            verdict = _("correct") if option.correct else _("not correct")
            lines.append(f"- {letter}. {md_escape(option.text)}: {verdict}. {md_escape(option.feedback)}")
        else:
            lines.append(f"- [ ] {letter}. {md_escape(option.text)}")
    lines.append("")
    if answers:
        lines += [_("Explanation: {text}").format(text=md_escape(question.explanation)), ""]
    return lines


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
<html lang="{lang}">
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
                body += [f"<p{css}>{esc(p)}</p>" for p in paragraphs(text)]
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
    return PAGE.format(lang=current_language(), title=esc(document.title), css=PAGE_CSS, body="\n".join(body))


def _html_items(items: tuple[str, ...], numbered: bool, ticks: tuple[bool, ...] | None) -> str:
    if ticks is not None:
        rows = [f'<li><span class="box">{"✓" if ticked else ""}</span>{esc(item)}</li>' for item, ticked in zip(items, ticks)]
        return '<ul class="checklist">\n' + "\n".join(rows) + "\n</ul>"
    tag = "ol" if numbered else "ul"
    return f"<{tag}>\n" + "\n".join(f"<li>{esc(item)}</li>" for item in items) + f"\n</{tag}>"


def _html_question(question: Question, number: int, answers: bool) -> str:
    hint = _(KIND_HINTS[question.kind])
    out = ['<div class="question">',
           f"<p><strong>{esc(question_label(number))}</strong> {esc(question.prompt)} <em>({esc(hint)})</em></p>"]
    if answers:
        answer = _("Answer: {letters}").format(letters=correct_letters(question))
        out.append(f"<p><strong>{esc(answer)}</strong></p>\n<ul>")
        for letter, option in lettered(question):
            verdict = "<strong>" + esc(_("correct")) + "</strong>" if option.correct else esc(_("not correct"))
            out.append(f"<li>{letter}. {esc(option.text)}: {verdict}. {esc(option.feedback)}</li>")
        explanation = _("Explanation: {text}").format(text=question.explanation)
        out.append(f"</ul>\n<p>{esc(explanation)}</p>")
    else:
        out.append('<ul class="checklist">')
        out += [f'<li><span class="box"></span>{letter}. {esc(o.text)}</li>' for letter, o in lettered(question)]
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)
