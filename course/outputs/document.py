"""The document model every printable export is built from: a title and plain-text blocks.

Each export (question list, plan, handout, record, report) is built once as a `Document` and
rendered by `course.outputs.render` as text, Markdown or HTML, so the app and the command
line produce the same files. Every text in a block is plain text: renderers escape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from course.content.model import Option, Question


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

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self


def option_letter(index: int) -> str:
    """A, B, … Z, then AA, AB, …: a bank may give a question any number of options."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def lettered(question: Question) -> list[tuple[str, Option]]:
    return [(option_letter(i), option) for i, option in enumerate(question.options)]


def correct_letters(question: Question) -> str:
    return ", ".join(letter for letter, option in lettered(question) if option.correct)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
